/* diag.c: messages on stderr and the final check of stdout. */
#include "diag.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "number.h"

/* Bytes in the progress line's megabyte (decimal, as disk sizes are). */
#define BYTES_PER_MEGABYTE 1e6

/* Buffer size for a count with its SI prefix, with the NUL. */
#define COUNT_TEXT_SIZE (NUMBER_TEXT_SIZE + 2)

/* Terminal controls: back to the line's start, and erase to its end. */
#define LINE_START "\r"
#define ERASE_LINE_END "\033[K"

static Verbosity current_verbosity = VERBOSITY_NORMAL;
static const char *current_command = NULL;

/* A progress line is on the terminal, and the cursor is at its end. */
static bool progress_shown = false;

void diag_set_verbosity(Verbosity verbosity)
{
    current_verbosity = verbosity;
}

Verbosity diag_verbosity(void)
{
    return current_verbosity;
}

void diag_set_command(const char *command)
{
    current_command = command;
}

static void print_try_help(const char *command)
{
    if (command != NULL) {
        fprintf(stderr, _("Try '%s %s --help' for more information.\n"), PROGRAM_NAME, command);
    } else {
        fprintf(stderr, _("Try '%s --help' for more information.\n"), PROGRAM_NAME);
    }
}

void diag_error(const Error *error)
{
    diag_read_progress_clear();
    /* Results printed before the error come first, as they were produced. */
    fflush(stdout);
    if (error->file != NULL && error->line > 0) {
        fprintf(stderr, "%s: %s:%ld: %s\n", PROGRAM_NAME, error->file, error->line,
                error->message);
    } else if (error->file != NULL) {
        fprintf(stderr, "%s: %s: %s\n", PROGRAM_NAME, error->file, error->message);
    } else {
        fprintf(stderr, "%s: %s\n", PROGRAM_NAME, error->message);
    }

    /* A column that does not exist is a usage error found while reading. */
    if (error->status == STATUS_USAGE) {
        print_try_help(current_command);
    }
}

void diag_usage(const char *command, const char *format, ...)
{
    va_list arguments;

    diag_read_progress_clear();
    fprintf(stderr, "%s: ", PROGRAM_NAME);
    va_start(arguments, format);
    vfprintf(stderr, format, arguments);
    va_end(arguments);
    fputc('\n', stderr);
    print_try_help(command);
}

void diag_warning(const char *format, ...)
{
    va_list arguments;

    if (current_verbosity < VERBOSITY_NORMAL) {
        return;
    }
    diag_read_progress_clear();
    fprintf(stderr, _("%s: warning: "), PROGRAM_NAME);
    va_start(arguments, format);
    vfprintf(stderr, format, arguments);
    va_end(arguments);
    fputc('\n', stderr);
}

void diag_info(Verbosity level, const char *format, ...)
{
    va_list arguments;

    if (current_verbosity < level) {
        return;
    }
    diag_read_progress_clear();
    fprintf(stderr, "%s: ", PROGRAM_NAME);
    va_start(arguments, format);
    vfprintf(stderr, format, arguments);
    va_end(arguments);
    fputc('\n', stderr);
}

/* Writes value with 3 significant digits, or with all of its integer
 * digits when it has more than 3: 0.0123, 96.1, 112, 1234. */
static void format_amount(double value, char text[NUMBER_TEXT_SIZE])
{
    int digits = 3;

    /* 999.5 would round up to "1e+03" with 3 digits. */
    for (double limit = 999.5; value >= limit && digits < DBL_DECIMAL_DIG; limit *= 10) {
        digits++;
    }
    number_format(value, digits, text);
}

/* Writes a count with 3 significant digits and an SI prefix: 12, 950k,
 * 4.8M. */
static void format_count(double value, char text[COUNT_TEXT_SIZE])
{
    static const char *const prefixes[] = {"", "k", "M", "G", "T", "P", "E"};
    size_t last = sizeof prefixes / sizeof prefixes[0] - 1;
    char digits[NUMBER_TEXT_SIZE];
    size_t step = 0;

    while (value >= 999.5 && step < last) {
        value /= 1000;
        step++;
    }
    number_format(value, 3, digits);
    snprintf(text, COUNT_TEXT_SIZE, "%s%s", digits, prefixes[step]);
}

void diag_format_read_progress(const DiagReadProgress *progress,
                               char text[DIAG_PROGRESS_TEXT_SIZE])
{
    double megabytes = (double)progress->bytes / BYTES_PER_MEGABYTE;
    double seconds = progress->seconds;
    char read[NUMBER_TEXT_SIZE];
    char rows[COUNT_TEXT_SIZE];
    char rate[NUMBER_TEXT_SIZE];
    char row_rate[COUNT_TEXT_SIZE];
    char size[NUMBER_TEXT_SIZE];
    char percent[NUMBER_TEXT_SIZE];

    format_amount(megabytes, read);
    format_count((double)progress->rows, rows);
    format_amount(seconds > 0 ? megabytes / seconds : 0, rate);
    format_count(seconds > 0 ? (double)progress->rows / seconds : 0, row_rate);
    if (progress->size < 0) {
        snprintf(text, DIAG_PROGRESS_TEXT_SIZE, "read=%sMB rows=%s MB/s=%s rows/s=%s", read,
                 rows, rate, row_rate);
        return;
    }

    /* Whole percents, rounded down, so that 100 % means all bytes read. */
    format_amount((double)progress->size / BYTES_PER_MEGABYTE, size);
    format_amount(progress->size > 0 ? floor(100.0 * (double)progress->bytes
                                             / (double)progress->size)
                                     : 100,
                  percent);
    snprintf(text, DIAG_PROGRESS_TEXT_SIZE, "read=%sMB/%sMB done=%s%% rows=%s MB/s=%s rows/s=%s",
             read, size, percent, rows, rate, row_rate);
}

void diag_read_progress(const DiagReadProgress *progress)
{
    char text[DIAG_PROGRESS_TEXT_SIZE];

    diag_format_read_progress(progress, text);
    fprintf(stderr, LINE_START "%s: %s" ERASE_LINE_END, PROGRAM_NAME, text);
    fflush(stderr);
    progress_shown = true;
}

void diag_read_progress_clear(void)
{
    if (!progress_shown) {
        return;
    }
    fputs(LINE_START ERASE_LINE_END, stderr);
    fflush(stderr);
    progress_shown = false;
}

Status diag_close_stdout(void)
{
    /* ferror catches a failure of an earlier, buffered write, whose errno
     * is gone; fclose flushes what is left and reports its own failure. */
    int earlier_failure = ferror(stdout);
    int close_failure = fclose(stdout) != 0 ? errno : 0;

    if (close_failure != 0) {
        fprintf(stderr, _("%s: write error on standard output: %s\n"), PROGRAM_NAME,
                strerror(close_failure));
        return STATUS_IO;
    }
    if (earlier_failure) {
        fprintf(stderr, _("%s: write error on standard output\n"), PROGRAM_NAME);
        return STATUS_IO;
    }
    return STATUS_OK;
}
