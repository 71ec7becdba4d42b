/* cmd_options.c: parsing and checking option values. */
#include "cmd_options.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "error.h"
#include "i18n.h"
#include "number.h"
#include "read_progress.h"

bool cmd_option_number(const char *command, const char *option, const char *text,
                       double *value)
{
    char quoted[128];
    NumberStatus status = number_parse(text, strlen(text), value);

    if (status != NUMBER_OK) {
        diag_usage(command, _("invalid value '%s' for %s: %s"),
                   error_quote(text, strlen(text), quoted, sizeof quoted), option,
                   _(number_status_text(status)));
        return false;
    }
    return true;
}

bool cmd_option_integer(const char *command, const char *option, const char *text,
                        long long minimum, long long maximum, long long *value)
{
    char quoted[128];
    char *end = NULL;
    long long parsed;

    /* strtoll alone would accept blanks, a sign and hexadecimal prefixes. */
    bool digits_only = text[0] != '\0' && strspn(text, "0123456789") == strlen(text);
    errno = 0;
    parsed = digits_only ? strtoll(text, &end, 10) : 0;

    if (!digits_only || errno != 0 || parsed < minimum || parsed > maximum) {
        diag_usage(command, _("invalid value '%s' for %s: expected a whole number from %lld "
                              "to %lld"),
                   error_quote(text, strlen(text), quoted, sizeof quoted), option, minimum,
                   maximum);
        return false;
    }
    *value = parsed;
    return true;
}

bool cmd_option_delimiter(const char *command, const char *text, char *delimiter)
{
    char quoted[128];

    if (strcmp(text, "tab") == 0 || strcmp(text, "\\t") == 0) {
        *delimiter = '\t';
        return true;
    }
    if (strlen(text) != 1 || strchr("\"\r\n", text[0]) != NULL) {
        diag_usage(command, _("invalid delimiter '%s': expected one character other than a "
                              "quote or a line end, or 'tab'"),
                   error_quote(text, strlen(text), quoted, sizeof quoted));
        return false;
    }
    *delimiter = text[0];
    return true;
}

/* Returns whether name (length bytes, without "--") is a long option, or an
 * abbreviation getopt_long accepts for one, that takes no value. */
static bool is_flag(const struct option *options, const char *name, size_t length)
{
    for (const struct option *option = options; option->name != NULL; option++) {
        if (strncmp(option->name, name, length) == 0 && option->has_arg == no_argument) {
            return true;
        }
    }
    return false;
}

void cmd_option_getopt_error(const char *command, int result, char *const *argv,
                             const struct option *options)
{
    const char *written = argv[optind - 1];
    char quoted[128];

    /* For a long option optopt contains its value, not a letter, so the option
     * is named as written, without any "=value". */
    if (strncmp(written, "--", 2) != 0) {
        char short_option[] = {'-', (char)optopt, '\0'};

        error_quote(short_option, strlen(short_option), quoted, sizeof quoted);
        diag_usage(command, result == ':' ? _("option '%s' requires a value")
                                          : _("unknown option '%s'"), quoted);
        return;
    }

    const char *equals = strchr(written, '=');
    size_t length = equals != NULL ? (size_t)(equals - written) : strlen(written);
    error_quote(written, length, quoted, sizeof quoted);

    if (result == ':') {
        diag_usage(command, _("option '%s' requires a value"), quoted);
    } else if (equals != NULL && is_flag(options, written + 2, length - 2)) {
        diag_usage(command, _("option '%s' takes no value"), quoted);
    } else {
        diag_usage(command, _("unknown option '%s'"), quoted);
    }
}

bool cmd_option_same_file(const char *first, const char *second)
{
    struct stat first_status;
    struct stat second_status;
    int first_result = strcmp(first, "-") == 0 ? fstat(STDIN_FILENO, &first_status)
                                                : stat(first, &first_status);

    if (first_result != 0 || stat(second, &second_status) != 0) {
        return false;
    }
    return first_status.st_dev == second_status.st_dev
        && first_status.st_ino == second_status.st_ino;
}

bool cmd_option_progress_delay(const char *command, long long *delay_ms)
{
    const char *text = getenv(READ_PROGRESS_DELAY_VARIABLE);

    *delay_ms = READ_PROGRESS_DEFAULT_DELAY_MS;
    return text == NULL
        || cmd_option_integer(command, READ_PROGRESS_DELAY_VARIABLE, text, 0,
                              READ_PROGRESS_MAX_DELAY_MS, delay_ms);
}

CmdOptionResult cmd_option_csv(const char *command, int option, const char *value,
                               CsvOptions *csv)
{
    switch (option) {
    case 'x':
        csv->x_column = value;
        break;
    case 'y':
        csv->y_column = value;
        break;
    case 'd':
        return cmd_option_delimiter(command, value, &csv->delimiter) ? CMD_OPTION_APPLIED
                                                                     : CMD_OPTION_INVALID;
    case CMD_OPTION_HEADER:
        csv->header = CSV_HEADER_PRESENT;
        break;
    case CMD_OPTION_NO_HEADER:
        csv->header = CSV_HEADER_ABSENT;
        break;
    case CMD_OPTION_DECIMAL_COMMA:
        csv->decimal_comma = true;
        break;
    default:
        return CMD_OPTION_NOT_CSV;
    }
    return CMD_OPTION_APPLIED;
}
