/* atomic_file.c: output files written to a temporary file in the target's
 * directory, then flushed, synced and renamed over the target. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "atomic_file.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"

/* Builds "DIR/.NAME.XXXXXX" for path "DIR/NAME", so the temporary file is
 * on the same file system as the target and rename(2) can replace it
 * atomically, and is hidden from a plain ls meanwhile. */
static char *temporary_template(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t directory_length = slash != NULL ? (size_t)(slash - path) + 1 : 0;
    const char *name = path + directory_length;
    size_t size = strlen(path) + sizeof "/..XXXXXX";
    char *template = malloc(size);

    if (template != NULL) {
        snprintf(template, size, "%.*s.%s.XXXXXX", (int)directory_length, path, name);
    }
    return template;
}

/* mkstemp creates files with mode 0600; a model is an ordinary file. umask
 * can only be read by setting it, so it is set back at once. */
static int apply_default_mode(int descriptor)
{
    mode_t mask = umask(0);

    umask(mask);
    return fchmod(descriptor, 0666 & ~mask);
}

static Status cannot_create(AtomicFile *file, int saved_errno, Error *error)
{
    atomic_file_abort(file);
    return error_set(error, STATUS_CANT_CREATE, file->path, 0, _("cannot create: %s"),
                     strerror(saved_errno));
}

static Status open_temporary(AtomicFile *file, Error *error)
{
    file->temporary = temporary_template(file->target);
    if (file->temporary == NULL) {
        atomic_file_abort(file);
        return error_set(error, STATUS_OS, NULL, 0, _("out of memory"));
    }

    int descriptor = mkstemp(file->temporary);
    if (descriptor < 0) {
        return cannot_create(file, errno, error);
    }
    file->stream = fdopen(descriptor, "w");
    if (file->stream == NULL) {
        int saved = errno;

        close(descriptor);
        return cannot_create(file, saved, error);
    }
    if (apply_default_mode(descriptor) != 0) {
        return cannot_create(file, errno, error);
    }
    return STATUS_OK;
}

/* Sets file->target to path with symbolic links resolved, so that rename(2)
 * replaces the file a link points to and the link stays. */
static Status resolve_target(AtomicFile *file, Error *error)
{
    struct stat info;

    if (lstat(file->path, &info) != 0 || !S_ISLNK(info.st_mode)) {
        file->target = strdup(file->path);
        return file->target != NULL ? STATUS_OK : cannot_create(file, errno, error);
    }

    file->target = realpath(file->path, NULL);
    if (file->target == NULL && errno == ENOENT) {
        /* Creating the missing file would need each link resolved by hand,
         * and renaming over the link would replace it. GNU cp (coreutils
         * 9.1) also rejects this case: "not writing through dangling
         * symlink". */
        atomic_file_abort(file);
        return error_set(error, STATUS_CANT_CREATE, file->path, 0,
                         _("cannot create: dangling symbolic link"));
    }
    return file->target != NULL ? STATUS_OK : cannot_create(file, errno, error);
}

Status atomic_file_open(AtomicFile *file, const char *path, Error *error)
{
    struct stat info;
    Status status;

    *file = (AtomicFile){NULL, path, NULL, NULL};
    status = resolve_target(file, error);
    if (status != STATUS_OK) {
        return status;
    }

    /* A directory gets here too, and fopen rejects it with EISDIR. */
    if (stat(file->target, &info) == 0 && !S_ISREG(info.st_mode)) {
        file->stream = fopen(file->target, "w");
        return file->stream != NULL ? STATUS_OK : cannot_create(file, errno, error);
    }
    return open_temporary(file, error);
}

static Status write_error(AtomicFile *file, int saved_errno, Error *error)
{
    atomic_file_abort(file);
    if (saved_errno == 0) {
        return error_set(error, STATUS_IO, file->path, 0, _("write error"));
    }
    return error_set(error, STATUS_IO, file->path, 0, _("write error: %s"),
                     strerror(saved_errno));
}

Status atomic_file_write(AtomicFile *file, const char *data, size_t length, Error *error)
{
    errno = 0;
    if (fwrite(data, 1, length, file->stream) != length) {
        return write_error(file, errno, error);
    }
    return STATUS_OK;
}

Status atomic_file_commit(AtomicFile *file, Error *error)
{
    /* Each step can reveal a lost write: an earlier buffered write
     * (ferror, whose errno may be gone), the last buffer (fflush), the disk
     * (fsync, for regular files only) or close. */
    errno = 0;
    if (ferror(file->stream) || fflush(file->stream) != 0) {
        return write_error(file, errno, error);
    }
    if (file->temporary != NULL && fsync(fileno(file->stream)) != 0) {
        return write_error(file, errno, error);
    }

    int close_result = fclose(file->stream);
    file->stream = NULL;
    if (close_result != 0) {
        return write_error(file, errno, error);
    }

    if (file->temporary != NULL && rename(file->temporary, file->target) != 0) {
        return cannot_create(file, errno, error);
    }
    free(file->temporary);
    file->temporary = NULL;
    free(file->target);
    file->target = NULL;
    return STATUS_OK;
}

void atomic_file_abort(AtomicFile *file)
{
    if (file->stream != NULL) {
        fclose(file->stream);
        file->stream = NULL;
    }
    if (file->temporary != NULL) {
        unlink(file->temporary);
        free(file->temporary);
        file->temporary = NULL;
    }
    free(file->target);
    file->target = NULL;
}
