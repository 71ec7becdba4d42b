/* support.c: helpers shared by the unit tests (see support.h). */
#define _XOPEN_SOURCE 700 /* mkdtemp */
#include "support.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>

int support_scratch_setup(void **state)
{
    char *directory = malloc(SUPPORT_PATH_SIZE);

    if (directory == NULL) {
        return -1;
    }
    strcpy(directory, "/tmp/waterfit-test.XXXXXX");
    if (mkdtemp(directory) == NULL) {
        free(directory);
        return -1;
    }
    *state = directory;
    return 0;
}

/* Removes path: a file, or a directory after what it contains. */
static void remove_tree(const char *path)
{
    DIR *listing = opendir(path);
    struct dirent *entry;
    char child[SUPPORT_PATH_SIZE];

    if (listing == NULL) {
        unlink(path);
        return;
    }
    while ((entry = readdir(listing)) != NULL) {
        if (strcmp(entry->d_name, ".") != 0 && strcmp(entry->d_name, "..") != 0) {
            int length = snprintf(child, sizeof child, "%s/%s", path, entry->d_name);

            if (length < (int)sizeof child && unlink(child) != 0) {
                remove_tree(child);
            }
        }
    }
    closedir(listing);
    rmdir(path);
}

int support_scratch_teardown(void **state)
{
    remove_tree(*state);
    free(*state);
    return 0;
}

void support_join(char *path, const char *directory, const char *name)
{
    int length = snprintf(path, SUPPORT_PATH_SIZE, "%s/%s", directory, name);

    assert_true(length > 0 && length < SUPPORT_PATH_SIZE);
}

void support_write_file(const char *path, const char *bytes, size_t length)
{
    FILE *file = fopen(path, "wb");

    assert_non_null(file);
    assert_int_equal(length, fwrite(bytes, 1, length, file));
    assert_int_equal(0, fclose(file));
}

char *support_read_file(const char *path, size_t *length)
{
    FILE *file = fopen(path, "rb");
    char *bytes = malloc(SUPPORT_TEXT_SIZE);

    assert_non_null(file);
    assert_non_null(bytes);
    *length = fread(bytes, 1, SUPPORT_TEXT_SIZE - 1, file);
    bytes[*length] = '\0';
    assert_int_equal(0, fclose(file));
    return bytes;
}

int support_count_entries(const char *directory)
{
    DIR *listing = opendir(directory);
    struct dirent *entry;
    int count = 0;

    assert_non_null(listing);
    while ((entry = readdir(listing)) != NULL) {
        if (strcmp(entry->d_name, ".") != 0 && strcmp(entry->d_name, "..") != 0) {
            count++;
        }
    }
    closedir(listing);
    return count;
}

ChildResult support_run_in_child(ChildAction action, const char *argument)
{
    ChildResult result = { STATUS_SOFTWARE, "child reported nothing" };
    int channel[2];
    int wait_status;
    pid_t child;

    assert_int_equal(0, pipe(channel));
    fflush(stdout);
    child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        Error error = { STATUS_OK, NULL, 0, "" };
        ChildResult report;

        close(channel[0]);
        report.status = action(argument, &error);
        memcpy(report.message, error.message, sizeof report.message);
        _exit(write(channel[1], &report, sizeof report) == sizeof report ? 0 : 1);
    }

    close(channel[1]);
    assert_int_equal(sizeof result, read(channel[0], &result, sizeof result));
    close(channel[0]);
    assert_int_equal(child, waitpid(child, &wait_status, 0));
    assert_true(WIFEXITED(wait_status));
    assert_int_equal(0, WEXITSTATUS(wait_status));
    return result;
}

/* Copies in to the file at out_path. Runs in the child, so it reports
 * failure by its return value instead of a cmocka assert. */
static int copy_stream(FILE *in, const char *out_path)
{
    char buffer[SUPPORT_TEXT_SIZE];
    FILE *out = fopen(out_path, "wb");
    size_t length;

    if (in == NULL || out == NULL) {
        return 1;
    }
    while ((length = fread(buffer, 1, sizeof buffer, in)) > 0) {
        fwrite(buffer, 1, length, out);
    }
    return fclose(out) == 0 ? 0 : 1;
}

pid_t support_start_fifo_reader(const char *path)
{
    pid_t child = fork();

    assert_true(child >= 0);
    if (child == 0) {
        char out_path[SUPPORT_PATH_SIZE];
        int length = snprintf(out_path, sizeof out_path, "%s.out", path);

        _exit(length < (int)sizeof out_path ? copy_stream(fopen(path, "rb"), out_path) : 1);
    }
    return child;
}
