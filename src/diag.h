/* diag.h: everything waterfit writes to stderr (errors, warnings, the
 * training report, progress), the verbosity that filters it, and the final
 * check of stdout. The only module that writes to stderr. */
#ifndef WATERFIT_DIAG_H
#define WATERFIT_DIAG_H

#include "error.h"

#define PROGRAM_NAME "waterfit"

/* How much goes to stderr. Errors are always shown. */
typedef enum {
    VERBOSITY_QUIET = -1, /* -q: errors only */
    VERBOSITY_NORMAL = 0, /* warnings and the final report */
    VERBOSITY_VERBOSE = 1, /* -v: progress every few epochs */
    VERBOSITY_DEBUG = 2    /* -vv: every epoch */
} Verbosity;

void diag_set_verbosity(Verbosity verbosity);
Verbosity diag_verbosity(void);

/* Names the subcommand that is running, for the pointer to its --help. */
void diag_set_command(const char *command);

/* Prints "waterfit: FILE:LINE: message", leaving out the parts the record
 * does not have, and for a usage error the line that points to the running
 * command's --help. */
void diag_error(const Error *error);

/* Prints "waterfit: message" and the line that points to command's --help
 * (command NULL: the top-level help). */
void diag_usage(const char *command, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

/* Prints "waterfit: warning: message" unless quiet. */
void diag_warning(const char *format, ...) __attribute__((format(printf, 1, 2)));

/* Prints "waterfit: message" when the verbosity is at least level. */
void diag_info(Verbosity level, const char *format, ...) __attribute__((format(printf, 2, 3)));

/* One report on a long read of a CSV input. */
typedef struct {
    long long bytes; /* read so far */
    long long size;  /* of the whole input in bytes, or -1 when unknown (a pipe) */
    long long rows;  /* data rows read so far */
    double seconds;  /* since the read began */
} DiagReadProgress;

/* Buffer size that every progress line fits in, with its NUL. */
#define DIAG_PROGRESS_TEXT_SIZE 256

/* Writes the progress line without the program name, for example
 * "read=54.3MB/112MB done=48% rows=4.8M MB/s=96.1 rows/s=8.5M" (MB is
 * 10^6 bytes, k and M are 10^3 and 10^6). The size and the percentage are
 * left out when the size is unknown, and the rates are 0 before any time
 * has passed. Numbers never follow the locale. */
void diag_format_read_progress(const DiagReadProgress *progress,
                               char text[DIAG_PROGRESS_TEXT_SIZE]);

/* Draws the progress line over the previous one ("\r", the line, then
 * "\033[K" to erase the rest of the old one). The caller checks that
 * stderr is a terminal. Any other message, or diag_read_progress_clear,
 * erases the line first. */
void diag_read_progress(const DiagReadProgress *progress);

/* Erases the progress line, if one is shown, leaving the cursor at the
 * start of the empty line. */
void diag_read_progress_clear(void);

/* Flushes and closes stdout, so that a full disk or a closed pipe is
 * reported instead of lost. Returns STATUS_IO after printing the error. */
Status diag_close_stdout(void);

#endif
