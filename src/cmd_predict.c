/* cmd_predict.c: the predict subcommand. Loads a model and writes one
 * prediction per value, from the command line or streamed from stdin. */
#include "commands.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd_options.h"
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
    bool help;
    int value_count; /* operands: the values to predict, in order */
    char **values;
} PredictOptions;

static const struct option long_options[] = {
    {"model", required_argument, NULL, 'm'},
    {"precision", required_argument, NULL, 'p'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static const char short_options[] = ":m:p:h";

void cmd_predict_help(void)
{
    printf(_("Usage: waterfit predict -m MODEL [VALUE]...\n"
             "Print weight * VALUE + bias for each VALUE, one per line. With no VALUE,\n"
             "read values from stdin, one per line, and answer each line as it arrives.\n"
             "Negative values work as they are: waterfit predict -m model.json -5\n"
             "\n"));
    printf(_("Options:\n"
             "  -m, --model FILE       the model written by waterfit train (- for stdin)\n"
             "  -p, --precision N      significant digits, 1 to 17 (default: 10);\n"
             "                         17 prints the exact double\n"
             "  -h, --help             print this help and exit\n"
             "\n"));
    printf(_("Exit status: 0 success, 64 usage error, 65 bad value or bad model,\n"
             "66 model not found, 74 read or write error.\n"
             "\n"
             "Example:\n"
             "  waterfit predict -m models/water.json 28\n"
             "  seq 20 35 | waterfit predict -m models/water.json\n"));
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

static Status parse_options(int argc, char **argv, PredictOptions *options)
{
    int option;

    options->model_path = NULL;
    options->precision = DEFAULT_PRECISION;
    options->help = false;
    argc = separate_values(argc, argv, options->values, &options->value_count);

    opterr = 0;
    while ((option = getopt_long(argc, argv, short_options, long_options, NULL)) != -1) {
        switch (option) {
        case 'm':
            options->model_path = optarg;
            break;
        case 'p':
            if (!cmd_option_integer(COMMAND, "--precision", optarg, 1, 17, &options->precision)) {
                return STATUS_USAGE;
            }
            break;
        case 'h':
            options->help = true;
            return STATUS_OK;
        default:
            cmd_option_getopt_error(COMMAND, option, argv, long_options);
            return STATUS_USAGE;
        }
    }

    if (options->model_path == NULL) {
        diag_usage(COMMAND, _("missing -m MODEL"));
        return STATUS_USAGE;
    }
    if (strcmp(options->model_path, "-") == 0 && options->value_count == 0) {
        diag_usage(COMMAND, _("with -m -, the values must be given as arguments, because the "
                              "model already comes from stdin"));
        return STATUS_USAGE;
    }
    return STATUS_OK;
}

/* Writes the buffered predictions to stdout and flushes it, so that they
 * are out before the program waits for more input or ends. */
static Status output_flush(OutputBuffer *output, Error *error)
{
    size_t length = output->length;

    output->length = 0;
    if (fwrite(output->data, 1, length, stdout) != length || fflush(stdout) != 0) {
        return error_set(error, STATUS_IO, NULL, 0, _("write error on standard output: %s"),
                         strerror(errno));
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

/* Reads more of stdin into the stream. Returns STATUS_OK with *count 0 at
 * the end of the input. */
static Status read_more(LineStream *stream, ssize_t *count, Error *error)
{
    do {
        *count = read(STDIN_FILENO, stream->block + stream->filled,
                      sizeof stream->block - stream->filled);
    } while (*count < 0 && errno == EINTR);

    if (*count < 0) {
        return error_set(error, STATUS_IO, "-", 0, _("read error: %s"), strerror(errno));
    }
    stream->filled += (size_t)*count;
    return STATUS_OK;
}

/* Reads stdin in blocks and answers every complete line of a block before
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
    if (status == STATUS_OK && options->value_count == 0) {
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
