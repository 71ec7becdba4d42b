/* atomic_file.h: output files that appear whole or not at all. Writes go to
 * a temporary file in the target's directory, which is synced and renamed
 * over the target only on commit. A target that exists and is not a
 * regular file (/dev/stdout, /dev/null, a FIFO) cannot be replaced that way
 * and is written directly. */
#ifndef WATERFIT_ATOMIC_FILE_H
#define WATERFIT_ATOMIC_FILE_H

#include <stdio.h>

#include "error.h"

/* An output file being written. */
typedef struct {
    FILE *stream;     /* write here between open and commit or abort */
    const char *path; /* the target, as the user gave it; not owned */
    char *target;     /* the path renamed over: path with symbolic links
                         resolved, so a link keeps pointing at the model; owned */
    char *temporary;  /* the temporary file's path, NULL when writing the
                         target directly; owned */
} AtomicFile;

/* Creates the temporary file for path, with the mode a new file would get
 * (0666 less the umask). A symbolic link is resolved, so the file it points
 * to is replaced and the link stays. Returns STATUS_CANT_CREATE, with
 * *error naming path, when the file cannot be created, when path is a
 * directory, and when path is a dangling symbolic link. Returns STATUS_OS
 * when out of memory. On failure the target is not touched and there is
 * nothing to abort. */
Status atomic_file_open(AtomicFile *file, const char *path, Error *error);

/* Writes length bytes of data to the file. On failure it returns STATUS_IO
 * with the reason, which atomic_file_commit could no longer give, and
 * aborts the file, so the caller must not commit it. Writing to
 * file->stream directly also works, but then commit reports a lost write
 * without its reason. */
Status atomic_file_write(AtomicFile *file, const char *data, size_t length, Error *error);

/* Flushes, syncs and closes the temporary file and renames it over the
 * target. Returns STATUS_IO on a write failure and STATUS_CANT_CREATE when
 * the rename fails; on failure the temporary file is removed and the
 * target keeps its previous content. Either way the file is finished. */
Status atomic_file_commit(AtomicFile *file, Error *error);

/* Closes and removes the temporary file; the target is not touched. */
void atomic_file_abort(AtomicFile *file);

#endif
