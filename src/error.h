/* error.h: the status and error record that silent modules return to the
 * commands, which alone decide what the user sees. */
#ifndef WATERFIT_ERROR_H
#define WATERFIT_ERROR_H

#include <stddef.h>

/* Outcome of an operation. The values are the sysexits.h exit codes, so a
 * command can exit with the status of whatever failed. */
typedef enum {
    STATUS_OK = 0,
    STATUS_USAGE = 64,       /* bad subcommand, option or option value */
    STATUS_DATA = 65,        /* bad CSV row or value, bad model, diverged */
    STATUS_NO_INPUT = 66,    /* input file cannot be opened */
    STATUS_SOFTWARE = 70,    /* internal invariant broken */
    STATUS_OS = 71,          /* out of memory or other OS failure */
    STATUS_CANT_CREATE = 73, /* output file cannot be created or renamed */
    STATUS_IO = 74           /* read or write error */
} Status;

#define ERROR_MESSAGE_SIZE 1024

/* Error record: what went wrong and where. */
typedef struct {
    Status status;
    const char *file; /* input or output path as the user gave it, "-" for
                         stdin; NULL when no file is involved; not owned */
    long line;        /* 1-based physical line, 0 when unknown */
    char message[ERROR_MESSAGE_SIZE]; /* already translated, no trailing period */
} Error;

/* Fills *error and returns status, so callers can write
 * `return error_set(error, STATUS_DATA, path, line, _("..."), ...);`.
 * The format is printf's; the message is truncated to fit. */
Status error_set(Error *error, Status status, const char *file, long line,
                 const char *format, ...)
    __attribute__((format(printf, 5, 6)));

/* Writes text into buffer (size bytes, always NUL-terminated) so that it is
 * safe to print: valid UTF-8 is copied, while control characters and bytes
 * that are not valid UTF-8 (a Big5 header, say) become \xNN escapes. Text
 * longer than the buffer is cut and ends with "...". Returns buffer. */
char *error_quote(const char *text, size_t length, char *buffer, size_t size);

#endif
