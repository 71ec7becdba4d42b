/* test_atomic_file.c: unit tests for atomic_file.c on its own: new and
 * replaced files, symbolic links, targets written directly (FIFO,
 * /dev/full), and each failure, after which no temporary file remains and
 * the previous content is unchanged. */
#define _XOPEN_SOURCE 700 /* symlink, readlink */
#include "atomic_file.h"

#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>

#include "support.h"

/* Much larger than glibc's stdio buffer, which is one file system block
 * (st_blksize, usually 4 KiB), so that fwrite itself writes to the file. */
#define LARGE_SIZE (64 * 1024)

/* A file size limit that the writes below exceed. */
#define SIZE_LIMIT 100

static const char new_text[] = "epoch,loss\n1,0.5\n2,0.25\n";
static const char old_text[] = "previous content\n";

/* ------------------------------------------------------------------------ */
/* Helpers */

static void write_text(const char *path, const char *text)
{
    support_write_file(path, text, strlen(text));
}

static void assert_file_text(const char *path, const char *expected)
{
    size_t length;
    char *text = support_read_file(path, &length);

    assert_string_equal(expected, text);
    free(text);
}

/* Writes text to path through an AtomicFile and commits it. */
static Status save_text(const char *path, const char *text, Error *error)
{
    AtomicFile file;
    Status status = atomic_file_open(&file, path, error);

    if (status == STATUS_OK) {
        status = atomic_file_write(&file, text, strlen(text), error);
    }
    if (status == STATUS_OK) {
        status = atomic_file_commit(&file, error);
    }
    return status;
}

/* Lowers the file size limit so that writes beyond SIZE_LIMIT bytes fail
 * with EFBIG instead of killing the process with SIGXFSZ. */
static void limit_file_size(void)
{
    struct rlimit limit = { SIZE_LIMIT, SIZE_LIMIT };

    signal(SIGXFSZ, SIG_IGN);
    setrlimit(RLIMIT_FSIZE, &limit);
}

/* Writes a short text, which stays in the stdio buffer until commit. */
static Status save_short_with_size_limit(const char *path, Error *error)
{
    char text[2 * SIZE_LIMIT];

    memset(text, 'x', sizeof text - 1);
    text[sizeof text - 1] = '\0';
    limit_file_size();
    return save_text(path, text, error);
}

/* Writes a text larger than the stdio buffer, so that the write fails. */
static Status save_large_with_size_limit(const char *path, Error *error)
{
    char *text = malloc(LARGE_SIZE);
    Status status;

    if (text == NULL) {
        return STATUS_OS;
    }
    memset(text, 'x', LARGE_SIZE - 1);
    text[LARGE_SIZE - 1] = '\0';
    limit_file_size();
    status = save_text(path, text, error);
    free(text);
    return status;
}

/* ------------------------------------------------------------------------ */
/* Successful writes */

static void atomic_file_should_create_new_file(void **state)
{
    char path[SUPPORT_PATH_SIZE];
    struct stat info;
    mode_t previous = umask(027);
    Error error;
    Status status;

    support_join(path, *state, "new.csv");
    status = save_text(path, new_text, &error);
    umask(previous);

    assert_int_equal(STATUS_OK, status);
    assert_file_text(path, new_text);
    assert_int_equal(0, stat(path, &info));
    assert_int_equal(0640, info.st_mode & 0777);
    assert_int_equal(1, support_count_entries(*state));
}

static void atomic_file_should_replace_existing_file(void **state)
{
    char path[SUPPORT_PATH_SIZE];
    Error error;

    support_join(path, *state, "existing.csv");
    write_text(path, old_text);
    assert_int_equal(STATUS_OK, save_text(path, new_text, &error));
    assert_file_text(path, new_text);
    assert_int_equal(1, support_count_entries(*state));
}

static void atomic_file_should_commit_stream_writes(void **state)
{
    char path[SUPPORT_PATH_SIZE];
    AtomicFile file;
    Error error;

    support_join(path, *state, "stream.csv");
    assert_int_equal(STATUS_OK, atomic_file_open(&file, path, &error));
    fputs("epoch,loss\n", file.stream);
    fprintf(file.stream, "%d,%s\n", 1, "0.5");
    assert_int_equal(STATUS_OK, atomic_file_commit(&file, &error));
    assert_file_text(path, "epoch,loss\n1,0.5\n");
    assert_int_equal(1, support_count_entries(*state));
}

static void atomic_file_should_keep_target_hidden_until_commit(void **state)
{
    char path[SUPPORT_PATH_SIZE];
    AtomicFile file;
    Error error;

    support_join(path, *state, "pending.csv");
    write_text(path, old_text);
    assert_int_equal(STATUS_OK, atomic_file_open(&file, path, &error));
    assert_int_equal(STATUS_OK, atomic_file_write(&file, new_text, strlen(new_text), &error));
    assert_int_equal(0, fflush(file.stream));
    assert_file_text(path, old_text);
    assert_int_equal(2, support_count_entries(*state));

    assert_int_equal(STATUS_OK, atomic_file_commit(&file, &error));
    assert_file_text(path, new_text);
    assert_int_equal(1, support_count_entries(*state));
}

static void atomic_file_should_replace_file_behind_symbolic_link(void **state)
{
    char link_path[SUPPORT_PATH_SIZE];
    char real_path[SUPPORT_PATH_SIZE];
    struct stat info;
    Error error;

    support_join(link_path, *state, "link.csv");
    support_join(real_path, *state, "real.csv");
    write_text(real_path, old_text);
    assert_int_equal(0, symlink("real.csv", link_path));
    assert_int_equal(STATUS_OK, save_text(link_path, new_text, &error));

    assert_int_equal(0, lstat(link_path, &info));
    assert_true(S_ISLNK(info.st_mode));
    assert_file_text(real_path, new_text);
    assert_int_equal(2, support_count_entries(*state));
}

static void atomic_file_should_write_into_fifo(void **state)
{
    char path[SUPPORT_PATH_SIZE];
    char out_path[SUPPORT_PATH_SIZE];
    struct stat info;
    int wait_status;
    pid_t reader;
    Error error;

    support_join(path, *state, "pipe");
    support_join(out_path, *state, "pipe.out");
    assert_int_equal(0, mkfifo(path, 0600));
    reader = support_start_fifo_reader(path);
    assert_int_equal(STATUS_OK, save_text(path, new_text, &error));
    assert_int_equal(reader, waitpid(reader, &wait_status, 0));
    assert_true(WIFEXITED(wait_status));
    assert_int_equal(0, WEXITSTATUS(wait_status));

    assert_int_equal(0, lstat(path, &info));
    assert_true(S_ISFIFO(info.st_mode));
    assert_file_text(out_path, new_text);
    assert_int_equal(2, support_count_entries(*state));
}

/* ------------------------------------------------------------------------ */
/* Failures */

static void atomic_file_should_reject_missing_directory(void **state)
{
    char path[SUPPORT_PATH_SIZE];
    Error error;

    support_join(path, *state, "missing/new.csv");
    assert_int_equal(STATUS_CANT_CREATE, save_text(path, new_text, &error));
    assert_string_equal(path, error.file);
    assert_int_equal(0, error.line);
    assert_string_equal("cannot create: No such file or directory", error.message);
    assert_int_equal(0, support_count_entries(*state));
}

static void atomic_file_should_reject_directory_target(void **state)
{
    char path[SUPPORT_PATH_SIZE];
    Error error;

    support_join(path, *state, "subdirectory");
    assert_int_equal(0, mkdir(path, 0700));
    assert_int_equal(STATUS_CANT_CREATE, save_text(path, new_text, &error));
    assert_string_equal(path, error.file);
    assert_string_equal("cannot create: Is a directory", error.message);
    assert_int_equal(0, support_count_entries(path));
    assert_int_equal(1, support_count_entries(*state));
}

static void atomic_file_should_reject_dangling_symbolic_link(void **state)
{
    char path[SUPPORT_PATH_SIZE];
    char target[SUPPORT_PATH_SIZE];
    struct stat info;
    Error error;

    support_join(path, *state, "dangling.csv");
    assert_int_equal(0, symlink("missing.csv", path));
    assert_int_equal(STATUS_CANT_CREATE, save_text(path, new_text, &error));
    assert_string_equal(path, error.file);
    assert_string_equal("cannot create: dangling symbolic link", error.message);

    assert_int_equal(0, lstat(path, &info));
    assert_true(S_ISLNK(info.st_mode));
    assert_int_equal((ssize_t)strlen("missing.csv"), readlink(path, target, sizeof target));
    assert_int_equal(1, support_count_entries(*state));
}

static void atomic_file_should_report_failed_flush(void **state)
{
    char path[SUPPORT_PATH_SIZE];
    ChildResult result;

    support_join(path, *state, "limited.csv");
    write_text(path, old_text);
    result = support_run_in_child(save_short_with_size_limit, path);
    assert_int_equal(STATUS_IO, result.status);
    assert_string_equal("write error: File too large", result.message);
    assert_file_text(path, old_text);
    assert_int_equal(1, support_count_entries(*state));
}

static void atomic_file_should_report_failed_write(void **state)
{
    char path[SUPPORT_PATH_SIZE];
    ChildResult result;

    support_join(path, *state, "limited.csv");
    write_text(path, old_text);
    result = support_run_in_child(save_large_with_size_limit, path);
    assert_int_equal(STATUS_IO, result.status);
    assert_string_equal("write error: File too large", result.message);
    assert_file_text(path, old_text);
    assert_int_equal(1, support_count_entries(*state));
}

static void atomic_file_should_report_full_device(void **state)
{
    struct stat info;
    Error error;

    (void)state;
    assert_int_equal(STATUS_IO, save_text("/dev/full", new_text, &error));
    assert_string_equal("/dev/full", error.file);
    assert_string_equal("write error: No space left on device", error.message);
    assert_int_equal(0, stat("/dev/full", &info));
    assert_true(S_ISCHR(info.st_mode));
}

/* A directory that appears at the target between open and commit makes
 * rename(2) fail, which is the only failure left after the data is safe. */
static void atomic_file_should_report_failed_rename(void **state)
{
    char path[SUPPORT_PATH_SIZE];
    char inside[SUPPORT_PATH_SIZE];
    AtomicFile file;
    Error error;

    support_join(path, *state, "late.csv");
    support_join(inside, path, "entry");
    assert_int_equal(STATUS_OK, atomic_file_open(&file, path, &error));
    assert_int_equal(STATUS_OK, atomic_file_write(&file, new_text, strlen(new_text), &error));
    assert_int_equal(0, mkdir(path, 0700));
    write_text(inside, old_text);

    assert_int_equal(STATUS_CANT_CREATE, atomic_file_commit(&file, &error));
    assert_string_equal(path, error.file);
    assert_string_equal("cannot create: Is a directory", error.message);
    assert_file_text(inside, old_text);
    assert_int_equal(1, support_count_entries(*state));
}

static void atomic_file_abort_should_keep_previous_content(void **state)
{
    char path[SUPPORT_PATH_SIZE];
    AtomicFile file;
    Error error;

    support_join(path, *state, "aborted.csv");
    write_text(path, old_text);
    assert_int_equal(STATUS_OK, atomic_file_open(&file, path, &error));
    assert_int_equal(STATUS_OK, atomic_file_write(&file, new_text, strlen(new_text), &error));
    atomic_file_abort(&file);
    assert_null(file.stream);
    assert_null(file.temporary);
    assert_file_text(path, old_text);
    assert_int_equal(1, support_count_entries(*state));

    /* A second abort finds nothing left to do. */
    atomic_file_abort(&file);
    assert_int_equal(1, support_count_entries(*state));
}

/* ------------------------------------------------------------------------ */

#define SCRATCH_TEST(test) \
    cmocka_unit_test_setup_teardown(test, support_scratch_setup, support_scratch_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        SCRATCH_TEST(atomic_file_should_create_new_file),
        SCRATCH_TEST(atomic_file_should_replace_existing_file),
        SCRATCH_TEST(atomic_file_should_commit_stream_writes),
        SCRATCH_TEST(atomic_file_should_keep_target_hidden_until_commit),
        SCRATCH_TEST(atomic_file_should_replace_file_behind_symbolic_link),
        SCRATCH_TEST(atomic_file_should_write_into_fifo),
        SCRATCH_TEST(atomic_file_should_reject_missing_directory),
        SCRATCH_TEST(atomic_file_should_reject_directory_target),
        SCRATCH_TEST(atomic_file_should_reject_dangling_symbolic_link),
        SCRATCH_TEST(atomic_file_should_report_failed_flush),
        SCRATCH_TEST(atomic_file_should_report_failed_write),
        cmocka_unit_test(atomic_file_should_report_full_device),
        SCRATCH_TEST(atomic_file_should_report_failed_rename),
        SCRATCH_TEST(atomic_file_abort_should_keep_previous_content),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
