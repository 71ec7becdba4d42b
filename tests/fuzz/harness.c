/* harness.c: the temporary file and the error checks of the harnesses. */
#include "harness.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Up to two temporary files per harness. */
#define FUZZ_MAX_FILES 2

static char created[FUZZ_MAX_FILES][FUZZ_PATH_SIZE];
static int created_count;

static void remove_temporary_files(void)
{
    for (int i = 0; i < created_count; i++) {
        unlink(created[i]);
    }
}

/* Returns $TMPDIR, or /dev/shm where it exists, or /tmp. Rewriting a file
 * in memory is fast: on an ext4 /tmp, truncating and rewriting a file for
 * every input flushes it to disk and ran 40 times slower. */
static const char *temporary_directory(void)
{
    const char *directory = getenv("TMPDIR");

    if (directory != NULL && directory[0] != '\0') {
        return directory;
    }
    return access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
}

void fuzz_temporary_file(char path[FUZZ_PATH_SIZE], const char *name)
{
    const char *directory = temporary_directory();
    int fd;

    snprintf(path, FUZZ_PATH_SIZE, "%s/%s.XXXXXX", directory, name);
    fd = mkstemp(path);
    if (fd < 0 || close(fd) != 0 || created_count == FUZZ_MAX_FILES) {
        abort();
    }
    if (created_count == 0) {
        atexit(remove_temporary_files);
    }
    memcpy(created[created_count++], path, FUZZ_PATH_SIZE);
}

void fuzz_write_file(const char *path, const uint8_t *data, size_t size)
{
    FILE *file = fopen(path, "wb");

    if (file == NULL || (size > 0 && fwrite(data, 1, size, file) != size)) {
        abort();
    }
    if (fclose(file) != 0) {
        abort();
    }
}

long fuzz_count_lines(const uint8_t *data, size_t size)
{
    long lines = 0;
    size_t i = 0;

    while (i < size) {
        lines++;
        while (i < size && data[i] != '\r' && data[i] != '\n') {
            i++;
        }
        if (i < size && data[i] == '\r' && i + 1 < size && data[i + 1] == '\n') {
            i++;
        }
        i++;
    }
    return lines;
}

/* Returns the length of the valid UTF-8 sequence at text, or 0. Overlong
 * forms, surrogates and code points above U+10FFFF are invalid. */
static size_t utf8_length(const unsigned char *text, size_t length)
{
    unsigned char lead = text[0];
    size_t needed = 0;

    if (lead < 0x80) {
        needed = 1;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
        needed = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        needed = 3;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        needed = 4;
    }
    if (needed == 0 || needed > length) {
        return 0;
    }
    for (size_t i = 1; i < needed; i++) {
        if ((text[i] & 0xC0) != 0x80) {
            return 0;
        }
    }
    if ((lead == 0xE0 && text[1] < 0xA0) || (lead == 0xED && text[1] > 0x9F)
        || (lead == 0xF0 && text[1] < 0x90) || (lead == 0xF4 && text[1] > 0x8F)) {
        return 0;
    }
    return needed;
}

static bool is_printable_utf8(const char *text, size_t length)
{
    const unsigned char *bytes = (const unsigned char *)text;

    for (size_t i = 0; i < length;) {
        size_t sequence = utf8_length(bytes + i, length - i);

        if (sequence == 0 || bytes[i] < 0x20 || bytes[i] == 0x7F) {
            return false;
        }
        i += sequence;
    }
    return true;
}

void fuzz_check_error(Status status, const Error *error, long max_line)
{
    bool known = status == STATUS_USAGE || status == STATUS_DATA || status == STATUS_NO_INPUT
              || status == STATUS_OS || status == STATUS_IO;
    size_t length = strnlen(error->message, sizeof error->message);

    if (!known || error->status != status || error->line < 0 || error->line > max_line) {
        abort();
    }
    if (length == 0 || length == sizeof error->message
        || !is_printable_utf8(error->message, length)) {
        abort();
    }
}
