/* cmd_options.h: option values shared by the subcommands: checked numbers,
 * counts and the delimiter. On a bad value each prints a usage error naming
 * the option and the value, and returns false. */
#ifndef WATERFIT_CMD_OPTIONS_H
#define WATERFIT_CMD_OPTIONS_H

#include <getopt.h>
#include <stdbool.h>

#include "csv_input.h"

/* getopt_long values of the CSV options without a short form. A command
 * numbers its own long-only options from CMD_OPTION_NEXT. */
enum {
    CMD_OPTION_HEADER = 256,
    CMD_OPTION_NO_HEADER,
    CMD_OPTION_DECIMAL_COMMA,
    CMD_OPTION_NEXT
};

/* The long_options entries of -x, -y, -d, --header, --no-header and
 * --decimal-comma, which train, evaluate and plot share. */
#define CMD_OPTION_CSV_ENTRIES                                      \
    {"x", required_argument, NULL, 'x'},                            \
    {"y", required_argument, NULL, 'y'},                            \
    {"delimiter", required_argument, NULL, 'd'},                    \
    {"header", no_argument, NULL, CMD_OPTION_HEADER},               \
    {"no-header", no_argument, NULL, CMD_OPTION_NO_HEADER},         \
    {"decimal-comma", no_argument, NULL, CMD_OPTION_DECIMAL_COMMA}

/* Outcome of cmd_option_csv. */
typedef enum {
    CMD_OPTION_NOT_CSV, /* another option: the command applies it */
    CMD_OPTION_APPLIED,
    CMD_OPTION_INVALID  /* a usage error has been printed */
} CmdOptionResult;

/* Applies one of the CSV options above, as returned by getopt_long with
 * its value, to *csv. */
CmdOptionResult cmd_option_csv(const char *command, int option, const char *value,
                               CsvOptions *csv);

/* A finite decimal number (never the locale's format). */
bool cmd_option_number(const char *command, const char *option, const char *text,
                       double *value);

/* A whole number from minimum to maximum, in decimal digits. */
bool cmd_option_integer(const char *command, const char *option, const char *text,
                        long long minimum, long long maximum, long long *value);

/* One character, or "tab" or "\t" for a tab; never a quote or a line end. */
bool cmd_option_delimiter(const char *command, const char *text, char *delimiter);

/* Prints the usage error for a result of getopt_long with the options
 * table it read: '?' for an unknown option or a value given to a flag
 * ("--json=3"), ':' for an option without its value. The option is named
 * as written ("-z", "--width"), without any "=value". */
void cmd_option_getopt_error(const char *command, int result, char *const *argv,
                             const struct option *options);

/* Returns true when both paths exist and are the same file, whatever the
 * spelling: "./a.csv", "../dir/a.csv", a hard or symbolic link. A first
 * path "-" is compared through standard input, which may be redirected from
 * the second ("waterfit train - <a.csv -o a.csv"). */
bool cmd_option_same_file(const char *first, const char *second);

/* Reads the delay before a read's progress line from the environment
 * variable WATERFIT_PROGRESS_DELAY_MS into *delay_ms, or sets the default
 * when it is not set. */
bool cmd_option_progress_delay(const char *command, long long *delay_ms);

#endif
