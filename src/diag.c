/* diag.c: messages on stderr and the final check of stdout. */
#include "diag.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"

static Verbosity current_verbosity = VERBOSITY_NORMAL;
static const char *current_command = NULL;

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
    fprintf(stderr, "%s: ", PROGRAM_NAME);
    va_start(arguments, format);
    vfprintf(stderr, format, arguments);
    va_end(arguments);
    fputc('\n', stderr);
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
