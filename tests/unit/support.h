/* support.h: helpers that several unit tests share: a scratch directory
 * per test, whole-file reads and writes, and running a function in a
 * forked child. Each helper fails the running cmocka test on any error,
 * except the setup, which returns -1 for cmocka to report. */
#ifndef WATERFIT_TEST_SUPPORT_H
#define WATERFIT_TEST_SUPPORT_H

#include <stddef.h>
#include <sys/types.h>

#include "error.h"

/* Room for a path in the scratch directory. */
#define SUPPORT_PATH_SIZE 256

/* Size of the buffer that support_read_file returns. */
#define SUPPORT_TEXT_SIZE 4096

/* What a function run in a child process returns to the parent. */
typedef struct {
    Status status;
    char message[ERROR_MESSAGE_SIZE];
} ChildResult;

typedef Status (*ChildAction)(const char *argument, Error *error);

/* cmocka setup: creates an empty directory under /tmp and stores its path
 * (malloc'd) in *state. */
int support_scratch_setup(void **state);

/* cmocka teardown: removes the scratch directory with its files and the
 * files of its subdirectories, and frees *state. */
int support_scratch_teardown(void **state);

/* Writes "directory/name" into path, which has SUPPORT_PATH_SIZE bytes. */
void support_join(char *path, const char *directory, const char *name);

/* Creates or truncates path and writes length bytes to it. */
void support_write_file(const char *path, const char *bytes, size_t length);

/* Returns the file's first SUPPORT_TEXT_SIZE - 1 bytes, malloc'd and
 * NUL-terminated, and their number in *length. */
char *support_read_file(const char *path, size_t *length);

/* Counts the entries of directory other than . and .., so that a test
 * detects a temporary file left behind. */
int support_count_entries(const char *directory);

/* Runs action(argument) in a child process, so that it can change stdout
 * or its resource limits without touching the test, and returns the status
 * and message it reported. */
ChildResult support_run_in_child(ChildAction action, const char *argument);

/* Starts a child process that copies the FIFO at path into "path.out" and
 * exits with 0 when it could. Returns the child's process id. */
pid_t support_start_fifo_reader(const char *path);

#endif
