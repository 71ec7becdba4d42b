/* cmd_predict.c: the predict subcommand. Loads a model and writes one
 * prediction per value, from the command line or streamed from stdin, or
 * copies a CSV file with a prediction column appended. */
#include "commands.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd_options.h"
#include "csv_append.h"
#include "csv_input.h"
#include "diag.h"
#include "i18n.h"
#include "model.h"
#include "number.h"

#define COMMAND "predict"

/* Significant digits of a prediction by default: enough for any value a
 * line fitted to measured data can claim, few enough that 819.9999999997
 * prints as 820. */
#define DEFAULT_PRECISION 10

/* stdin is read in blocks of this size; a line may be longer. */
#define READ_BLOCK_SIZE 65536

/* Predictions are gathered into blocks of this size before they go to
 * stdout, because one fwrite per prediction took a fifth of the time of
 * streaming predictions. */
#define OUTPUT_BLOCK_SIZE 65536

typedef struct {
    char data[OUTPUT_BLOCK_SIZE];
    size_t length;
} OutputBuffer;

typedef struct {
    const char *model_path;
    long long precision;
    CsvOptions csv;         /* csv.path is the --input file, or NULL */
    const char *csv_option; /* the first CSV option given, for a usage error without --input */
    bool help;
    int value_count; /* operands: the values to predict, in order */
    char **values;
} PredictOptions;

enum {
    OPTION_INPUT = 256,
    OPTION_HEADER,
    OPTION_NO_HEADER,
    OPTION_DECIMAL_COMMA
};

static const struct option long_options[] = {
    {"model", required_argument, NULL, 'm'},
    {"precision", required_argument, NULL, 'p'},
    {"input", required_argument, NULL, OPTION_INPUT},
    {"x", required_argument, NULL, 'x'},
    {"delimiter", required_argument, NULL, 'd'},
    {"header", no_argument, NULL, OPTION_HEADER},
    {"no-header", no_argument, NULL, OPTION_NO_HEADER},
    {"decimal-comma", no_argument, NULL, OPTION_DECIMAL_COMMA},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

/* No short option may be a digit, '.', 'i' or 'n', which start negative
 * values ("-5", "-.5", "-inf", "-nan"); see is_negative_number. */
static const char short_options[] = ":m:p:x:d:h";

void cmd_predict_help(void)
{
    printf(_("Usage: waterfit predict -m MODEL [-p N] [VALUE]...\n"
             "   or: waterfit predict -m MODEL [OPTION]... --input FILE|-\n"
             "Print weight * VALUE + bias for each VALUE, one per line. With no VALUE,\n"
             "read values from stdin, one per line, and answer each line as it arrives.\n"
             "Negative values work as they are: waterfit predict -m model.json -5\n"
             "With --input, copy a CSV file to stdout byte for byte with one column\n"
             "added at the end of each record: the prediction for the record's input\n"
             "column, under the header TARGET_predicted (TARGET is the model's target).\n"
             "Blank lines are copied as they are. Each record is written as it is read.\n"
             "\n"));
    printf(_("Options:\n"
             "  -m, --model FILE       the model written by waterfit train (- for stdin)\n"
             "  -p, --precision N      significant digits, 1 to 17 (default: 10);\n"
             "                         17 prints the exact double\n"
             "      --input FILE       read a CSV file (- for stdin) instead of values\n"
             "                         (default: none)\n"
             "  -h, --help             print this help and exit\n"
             "\n"));
    printf(_("CSV options, with --input only:\n"
             "  -x, --x COLUMN         input column, header name or 1-based number\n"
             "                         (default: with a header, the column named like the\n"
             "                         model's input, which must exist; without a header,\n"
             "                         the first column)\n"
             "  -d, --delimiter C      field separator, one character or 'tab'\n"
             "                         (default: detected among , ; and tab)\n"
             "      --header           the first row is a header (default: detected)\n"
             "      --no-header        the first row is data\n"
             "      --decimal-comma    read 22,5 as 22.5 (the delimiter must not be ',')\n"
             "\n"));
    printf(_("Exit status: 0 success, 64 usage error, 65 bad value or bad model,\n"
             "66 model or input not found, 74 read or write error.\n"
             "\n"
             "Example:\n"
             "  waterfit predict -m models/water.json 28\n"
             "  seq 20 35 | waterfit predict -m models/water.json\n"
             "  waterfit predict -m models/water.json --input data/water.csv\n"));
}

/* Returns true when argument is an option whose value is the next
 * argument: "-m", "--model", or an abbreviation such as "--mod". */
static bool option_takes_next(const char *argument)
{
    if (argument[0] == '-' && argument[1] != '-' && argument[1] != ':' && argument[1] != '\0'
        && argument[2] == '\0') {
        const char *found = strchr(short_options + 1, argument[1]);
        return found != NULL && found[1] == ':';
    }

    size_t length = strlen(argument);
    if (length <= 2 || strncmp(argument, "--", 2) != 0 || strchr(argument, '=') != NULL) {
        return false;
    }
    for (const struct option *option = long_options; option->name != NULL; option++) {
        if (option->has_arg == required_argument
            && strncmp(option->name, argument + 2, length - 2) == 0) {
            return true;
        }
    }
    return false;
}

/* Returns true when argument starts with '-' and reads as a number or as
 * an attempt at one ("-5", "-1e400", "-inf", "-0x1C", "-28°C"), so that a
 * bad value is reported as a bad value, not as an unknown option. No
 * option of predict is a digit, '.', 'i' or 'n'. */
static bool is_negative_number(const char *argument)
{
    double ignored;
    NumberStatus status = number_parse(argument, strlen(argument), &ignored);

    return argument[0] == '-' && status != NUMBER_INVALID && status != NUMBER_EMPTY;
}

/* Moves the values out of argv, in order, before getopt runs, because
 * getopt would read "-5" as an option. A value is an argument after "--",
 * one that does not start with '-', "-" itself, or a negative number; an
 * option's own value stays with it. Returns the new argc of argv. */
static int separate_values(int argc, char **argv, char **values, int *value_count)
{
    int kept = 1;

    *value_count = 0;
    for (int i = 1; i < argc; i++) {
        char *argument = argv[i];

        if (strcmp(argument, "--") == 0) {
            while (++i < argc) {
                values[(*value_count)++] = argv[i];
            }
            break;
        }
        if (argument[0] != '-' || argument[1] == '\0' || is_negative_number(argument)) {
            values[(*value_count)++] = argument;
            continue;
        }
        argv[kept++] = argument;
        if (option_takes_next(argument) && i + 1 < argc) {
            argv[kept++] = argv[++i];
        }
    }
    return kept;
}

/* Applies one of the options that shape how --input is read, and notes
 * the first one given. */
static bool apply_csv_option(int option, const char *value, PredictOptions *options)
{
    const char *name = NULL;

    switch (option) {
    case 'x': options->csv.x_column = value; name = "-x"; break;
    case 'd': name = "-d"; break;
    case OPTION_HEADER: options->csv.header = CSV_HEADER_PRESENT; name = "--header"; break;
    case OPTION_NO_HEADER: options->csv.header = CSV_HEADER_ABSENT; name = "--no-header"; break;
    case OPTION_DECIMAL_COMMA: options->csv.decimal_comma = true; name = "--decimal-comma"; break;
    default: break;
    }
    if (options->csv_option == NULL) {
        options->csv_option = name;
    }
    return option != 'd' || cmd_option_delimiter(COMMAND, value, &options->csv.delimiter);
}

/* Applies one option from getopt_long; returns false after a usage error. */
static bool apply_option(int option, char **argv, PredictOptions *options)
{
    switch (option) {
    case 'm': options->model_path = optarg; return true;
    case 'p':
        return cmd_option_integer(COMMAND, "--precision", optarg, 1, 17, &options->precision);
    case OPTION_INPUT: options->csv.path = optarg; return true;
    case 'x':
    case 'd':
    case OPTION_HEADER:
    case OPTION_NO_HEADER:
    case OPTION_DECIMAL_COMMA: return apply_csv_option(option, optarg, options);
    case 'h': options->help = true; return true;
    default: cmd_option_getopt_error(COMMAND, option, argv, long_options); return false;
    }
}

/* Checks the options that need or exclude each other. */
static Status check_options(const PredictOptions *options)
{
    bool model_on_stdin = strcmp(options->model_path, "-") == 0;
    const char *input = options->csv.path;

    if (input != NULL && options->value_count > 0) {
        diag_usage(COMMAND, _("--input and VALUE arguments cannot be used together"));
    } else if (input == NULL && options->csv_option != NULL) {
        diag_usage(COMMAND, _("%s applies only with --input"), options->csv_option);
    } else if (model_on_stdin && input != NULL && strcmp(input, "-") == 0) {
        diag_usage(COMMAND, _("the model and the input cannot both come from stdin"));
    } else if (model_on_stdin && input == NULL && options->value_count == 0) {
        diag_usage(COMMAND, _("with -m -, the values must be given as arguments, because the "
                              "model already comes from stdin"));
    } else {
        return STATUS_OK;
    }
    return STATUS_USAGE;
}

static Status parse_options(int argc, char **argv, PredictOptions *options)
{
    int option;
    char **values = options->values;

    *options = (PredictOptions){.precision = DEFAULT_PRECISION, .values = values};
    options->csv.header = CSV_HEADER_DETECT;
    options->csv.x_only = true;
    argc = separate_values(argc, argv, options->values, &options->value_count);

    opterr = 0;
    while ((option = getopt_long(argc, argv, short_options, long_options, NULL)) != -1) {
        if (!apply_option(option, argv, options)) {
            return STATUS_USAGE;
        }
        if (options->help) {
            return STATUS_OK;
        }
    }

    if (options->model_path == NULL) {
        diag_usage(COMMAND, _("missing -m MODEL"));
        return STATUS_USAGE;
    }
    return check_options(options);
}

static Status write_error(Error *error)
{
    return error_set(error, STATUS_IO, NULL, 0, _("write error on standard output: %s"),
                     strerror(errno));
}

/* Writes the buffered predictions to stdout and flushes it, so that they
 * are out before the program waits for more input or ends. */
static Status output_flush(OutputBuffer *output, Error *error)
{
    size_t length = output->length;

    output->length = 0;
    if (fwrite(output->data, 1, length, stdout) != length || fflush(stdout) != 0) {
        return write_error(error);
    }
    return STATUS_OK;
}

/* Writes the prediction for the value in text[0..length) on its own line.
 * source and line locate the value in error messages ("-" and the line for
 * stdin; NULL and 0 for an argument). */
static Status predict_one(const Model *model, int precision, const char *text, size_t length,
                          const char *source, long line, OutputBuffer *output, Error *error)
{
    char quoted[128];
    double x;
    NumberStatus parsed = number_parse(text, length, &x);

    /* A stdin line with a field separator is most likely a CSV file piped
     * in where --input was meant. */
    bool looks_like_csv = line > 0 && parsed != NUMBER_DECIMAL_COMMA
                       && (memchr(text, ',', length) != NULL || memchr(text, ';', length) != NULL
                           || memchr(text, '\t', length) != NULL);
    if (parsed != NUMBER_OK && looks_like_csv) {
        return error_set(error, STATUS_DATA, source, line,
                         _("invalid value '%s': %s; to add predictions to a CSV file, use "
                           "--input"),
                         error_quote(text, length, quoted, sizeof quoted),
                         _(number_status_text(parsed)));
    }
    if (parsed != NUMBER_OK) {
        return error_set(error, STATUS_DATA, source, line, _("invalid value '%s': %s"),
                         error_quote(text, length, quoted, sizeof quoted),
                         _(number_status_text(parsed)));
    }

    double y = model_predict(model, x);
    if (!isfinite(y)) {
        return error_set(error, STATUS_DATA, source, line,
                         _("the prediction for '%s' is out of range for a double"),
                         error_quote(text, length, quoted, sizeof quoted));
    }

    /* Room for the longest prediction and its newline. */
    if (sizeof output->data - output->length < NUMBER_TEXT_SIZE + 1) {
        Status status = output_flush(output, error);

        if (status != STATUS_OK) {
            return status;
        }
    }
    output->length += number_format(y, precision, output->data + output->length);
    output->data[output->length++] = '\n';
    return STATUS_OK;
}

/* stdin as it is read: the bytes after the last complete line, and the
 * state that crosses reads. */
typedef struct {
    char block[READ_BLOCK_SIZE];
    size_t filled;
    long line;      /* lines predicted or skipped so far */
    bool at_start;  /* nothing read yet but a possible byte-order mark */
    bool skip_lf;   /* the data ended in '\r', so a '\n' next ends no further line */
} LineStream;

/* Predicts one line of stdin; blank lines are skipped. */
static Status predict_line(const Model *model, int precision, const char *text, size_t length,
                           long line, OutputBuffer *output, Error *error)
{
    for (size_t i = 0; i < length; i++) {
        if (text[i] != ' ' && text[i] != '\t') {
            return predict_one(model, precision, text, length, "-", line, output, error);
        }
    }
    return STATUS_OK;
}

/* Returns the index of the first '\r' or '\n' in data, or size. */
static size_t find_line_end(const char *data, size_t size)
{
    for (size_t i = 0; i < size; i++) {
        if (data[i] == '\r' || data[i] == '\n') {
            return i;
        }
    }
    return size;
}

/* Drops a UTF-8 byte-order mark from the start of the input, which some
 * Windows editors write. Returns false while the bytes so far could still
 * be one. */
static bool skip_byte_order_mark(LineStream *stream, bool at_end)
{
    static const char mark[] = "\xEF\xBB\xBF";
    size_t compared = stream->filled < 3 ? stream->filled : 3;
    bool prefix = memcmp(stream->block, mark, compared) == 0;

    if (prefix && compared < 3 && !at_end) {
        return false;
    }
    if (prefix && compared == 3) {
        stream->filled -= 3;
        memmove(stream->block, stream->block + 3, stream->filled);
    }
    stream->at_start = false;
    return true;
}

/* Predicts every complete line in the stream's block and keeps the rest.
 * "\r\n", '\r' and '\n' each end one line, as in the CSV reader. */
static Status predict_lines(const Model *model, int precision, LineStream *stream,
                            OutputBuffer *output, Error *error)
{
    char *start = stream->block;
    size_t rest = stream->filled;

    if (stream->skip_lf && rest > 0) {
        stream->skip_lf = false;
        start += *start == '\n';
        rest = stream->filled - (size_t)(start - stream->block);
    }
    for (size_t end = find_line_end(start, rest); end < rest; end = find_line_end(start, rest)) {
        Status status = predict_line(model, precision, start, end, ++stream->line, output,
                                     error);
        size_t ending = 1;

        if (status != STATUS_OK) {
            return status;
        }
        if (start[end] == '\r' && end + 1 == rest) {
            stream->skip_lf = true;
        } else if (start[end] == '\r' && start[end + 1] == '\n') {
            ending = 2;
        }
        start += end + ending;
        rest -= end + ending;
    }
    memmove(stream->block, start, rest);
    stream->filled = rest;
    return STATUS_OK;
}

/* Reads up to size bytes of file descriptor input, named path in
 * messages, into block. Returns STATUS_OK with *count 0 at the end of the
 * input. */
static Status read_block(int input, const char *path, char *block, size_t size,
                         ssize_t *count, Error *error)
{
    do {
        *count = read(input, block, size);
    } while (*count < 0 && errno == EINTR);

    if (*count < 0) {
        return error_set(error, STATUS_IO, path, 0, _("read error: %s"), strerror(errno));
    }
    return STATUS_OK;
}

/* Reads more of stdin into the stream. Returns STATUS_OK with *count 0 at
 * the end of the input. */
static Status read_more(LineStream *stream, ssize_t *count, Error *error)
{
    Status status = read_block(STDIN_FILENO, "-", stream->block + stream->filled,
                               sizeof stream->block - stream->filled, count, error);

    if (status == STATUS_OK) {
        stream->filled += (size_t)*count;
    }
    return status;
}

/* Reads stdin in blocks and predicts every complete line of a block before
 * the next read. Output is flushed before each read, which is where the
 * program may wait, so every answer is out before more input is needed:
 * interactive use and pipes see each line at once, while large inputs are
 * still written in large blocks. */
static Status predict_stream(const Model *model, int precision, OutputBuffer *output,
                             Error *error)
{
    static LineStream stream;
    ssize_t count;

    stream = (LineStream){.at_start = true};
    for (;;) {
        Status status = output_flush(output, error);

        if (status == STATUS_OK) {
            status = read_more(&stream, &count, error);
        }
        if (status != STATUS_OK) {
            return status;
        }
        if (stream.at_start && !skip_byte_order_mark(&stream, count == 0)) {
            continue;
        }

        status = predict_lines(model, precision, &stream, output, error);
        if (status != STATUS_OK || count == 0) {
            /* At the end, a last line without a line end is still a line. */
            return status != STATUS_OK ? status
                                       : predict_line(model, precision, stream.block,
                                                      stream.filled, stream.line + 1, output,
                                                      error);
        }
        if (stream.filled == sizeof stream.block) {
            return error_set(error, STATUS_DATA, "-", stream.line + 1,
                             _("line longer than %d bytes; expected one number per line"),
                             READ_BLOCK_SIZE - 1);
        }
    }
}

/* The model and where its input comes from, for the --input handler. */
typedef struct {
    const Model *model;
    const char *path;
} InputPrediction;

static Status predict_input_value(void *context, double x, long line, double *value,
                                  Error *error)
{
    const InputPrediction *prediction = context;
    char text[NUMBER_TEXT_SIZE];

    *value = model_predict(prediction->model, x);
    if (!isfinite(*value)) {
        number_format_exact(x, text);
        return error_set(error, STATUS_DATA, prediction->path, line,
                         _("the prediction for x = %s is out of range for a double"), text);
    }
    return STATUS_OK;
}

/* Copies the input to the appender a block at a time. stdout is flushed
 * before each read, where the program may wait, so that every record read
 * so far is out before more input is needed. */
static Status append_stream(CsvAppender *appender, FILE *input, const char *path,
                            Error *error)
{
    static char block[READ_BLOCK_SIZE];

    for (;;) {
        ssize_t count = 0;
        Status status = fflush(stdout) == 0 ? STATUS_OK : write_error(error);

        if (status == STATUS_OK) {
            status = read_block(fileno(input), path, block, sizeof block, &count, error);
        }
        if (status == STATUS_OK) {
            status = count > 0 ? csv_append_feed(appender, block, (size_t)count)
                               : csv_append_finish(appender);
        }
        if (status != STATUS_OK || count == 0) {
            return status;
        }
    }
}

/* Copies the --input CSV to stdout with a column of predictions appended,
 * named after the model's target. */
static Status predict_input(const Model *model, const PredictOptions *options, Error *error)
{
    InputPrediction prediction = {.model = model, .path = options->csv.path};
    CsvOptions csv = options->csv;
    size_t name_size = strlen(model->target) + sizeof "_predicted";
    char *name = malloc(name_size);
    CsvAppendOptions append = {.csv = &csv, .name = name,
                               .precision = (int)options->precision,
                               .value = predict_input_value, .context = &prediction,
                               .output = stdout};
    CsvAppender *appender = NULL;
    FILE *input = NULL;
    Status status = name != NULL ? STATUS_OK : error_set(error, STATUS_OS, NULL, 0,
                                                         _("out of memory"));

    if (status == STATUS_OK) {
        csv.x_header_name = model->feature;
        snprintf(name, name_size, "%s_predicted", model->target);
        status = csv_input_open_file(options->csv.path, &input, error);
    }
    if (status == STATUS_OK) {
        status = csv_append_init(&appender, &append, error);
    }
    if (status == STATUS_OK) {
        status = append_stream(appender, input, options->csv.path, error);
    }

    csv_append_free(appender);
    if (input != NULL && input != stdin) {
        fclose(input);
    }
    free(name);
    return status;
}

/* Predicts the values given as arguments, or else stdin's lines. The
 * predictions before a failure are still written. */
static Status predict_all(const Model *model, const PredictOptions *options, Error *error)
{
    OutputBuffer *output = malloc(sizeof *output);
    int precision = (int)options->precision;
    Status status = STATUS_OK;
    Error flush_error;

    if (output == NULL) {
        return error_set(error, STATUS_OS, NULL, 0, _("out of memory"));
    }
    output->length = 0;
    for (int i = 0; status == STATUS_OK && i < options->value_count; i++) {
        status = predict_one(model, precision, options->values[i], strlen(options->values[i]),
                             NULL, 0, output, error);
    }
    if (status == STATUS_OK && options->csv.path != NULL) {
        status = predict_input(model, options, error);
    } else if (status == STATUS_OK && options->value_count == 0) {
        status = predict_stream(model, precision, output, error);
    }

    Status flush_status = output_flush(output, &flush_error);
    if (status == STATUS_OK && flush_status != STATUS_OK) {
        *error = flush_error;
        status = flush_status;
    }
    free(output);
    return status;
}

int cmd_predict(int argc, char **argv)
{
    PredictOptions options;
    Model model;
    Error error;
    Status status = STATUS_OK;

    options.values = malloc((size_t)argc * sizeof *options.values);
    if (options.values == NULL) {
        error_set(&error, STATUS_OS, NULL, 0, _("out of memory"));
        diag_error(&error);
        return STATUS_OS;
    }
    status = parse_options(argc, argv, &options);
    if (status != STATUS_OK || options.help) {
        if (options.help) {
            cmd_predict_help();
        }
        free(options.values);
        return status;
    }

    model_init(&model);
    status = model_load(&model, options.model_path, &error);
    if (status == STATUS_OK) {
        status = predict_all(&model, &options, &error);
    }

    if (status != STATUS_OK) {
        diag_error(&error);
    }
    model_free(&model);
    free(options.values);
    return status;
}
