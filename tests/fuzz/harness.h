/* harness.h: what the libFuzzer harnesses share: a temporary file that
 * each input is written to (the readers take a path), and checks on the
 * error record that every failure must fill. A broken check aborts, which
 * libFuzzer reports as a crash with the input that caused it. */
#ifndef WATERFIT_FUZZ_HARNESS_H
#define WATERFIT_FUZZ_HARNESS_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define FUZZ_PATH_SIZE 256

/* Creates an empty temporary file in $TMPDIR, /dev/shm or /tmp, writes
 * its name to path and removes it again at exit. Aborts when it cannot. */
void fuzz_temporary_file(char path[FUZZ_PATH_SIZE], const char *name);

/* Replaces the contents of the file at path with data. Aborts on failure. */
void fuzz_write_file(const char *path, const uint8_t *data, size_t size);

/* Returns the number of physical lines in data, where "\r\n", '\r' and
 * '\n' each end one line, counting a last line without a line end. */
long fuzz_count_lines(const uint8_t *data, size_t size);

/* Aborts unless status is a known exit status and error describes it: the
 * same status, a NUL-terminated message that is not empty and contains
 * only printable valid UTF-8, and a line from 0 to max_line. A fault at the
 * end of the input may be on the line after the last line end, so pass
 * the line count plus one. */
void fuzz_check_error(Status status, const Error *error, long max_line);

#endif
