/* cmd_evaluate.c: the evaluate subcommand. Loads a model, streams a
 * labelled CSV file through it in one pass and prints how far the
 * predictions are from the y column: MSE, RMSE, MAE and R². */
#include "commands.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cmd_options.h"
#include "csv_input.h"
#include "diag.h"
#include "i18n.h"
#include "metrics.h"
#include "model.h"
#include "number.h"
#include "read_progress.h"
#include "report.h"

#define COMMAND "evaluate"

typedef struct {
    CsvOptions csv;
    const char *model_path;
    bool json;
    bool help;
    long long progress_delay_ms; /* before the read's progress line */
} EvaluateOptions;

/* Everything one run reads and gathers. */
typedef struct {
    const char *path; /* the CSV input, for messages */
    Model model;
    Metrics metrics;
    ReadProgress read_progress;
} Evaluation;

enum {
    OPTION_JSON = CMD_OPTION_NEXT
};

static const struct option long_options[] = {
    {"model", required_argument, NULL, 'm'},
    CMD_OPTION_CSV_ENTRIES,
    {"json", no_argument, NULL, OPTION_JSON},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

void cmd_evaluate_help(void)
{
    printf(_("Usage: waterfit evaluate -m MODEL [OPTION]... FILE|-\n"
             "Predict the y column of a labelled CSV file with a model, in one pass, and\n"
             "print the number of rows, the mean squared error (MSE), its square root\n"
             "(RMSE), the mean absolute error (MAE) and R^2 = 1 - SSE/SST, where SSE is\n"
             "the sum of squared errors and SST the sum of squares of y about its mean.\n"
             "R^2 is 1 for exact predictions, 0 for predictions as good as the mean of y\n"
             "and negative for worse ones. When y is constant, SST is 0 and R^2 is 1 if\n"
             "every prediction is exact and 0 otherwise. train computes R^2 of a --no-bias\n"
             "fit about 0 instead of the mean, so for such a model the two differ.\n"
             "\n"));
    printf(_("Input:\n"
             "  -m, --model FILE       the model written by waterfit train (- for stdin)\n"
             "  -x, --x COLUMN         input column, header name or 1-based number\n"
             "                         (default: with a header, the column named like the\n"
             "                         model's input, which must exist; without a header,\n"
             "                         the first column)\n"
             "  -y, --y COLUMN         target column (default: with a header, the column\n"
             "                         named like the model's target, which must exist;\n"
             "                         without a header, the last column)\n"
             "  -d, --delimiter C      field separator, one character or 'tab'\n"
             "                         (default: detected among , ; and tab)\n"
             "      --header           the first row is a header (default: detected)\n"
             "      --no-header        the first row is data\n"
             "      --decimal-comma    read 22,5 as 22.5 (the delimiter must not be ',')\n"
             "\n"));
    printf(_("Output:\n"
             "      --json             print one JSON object with the exact numbers instead\n"
             "                         of a table with 10 significant digits\n"
             "  -h, --help             print this help and exit\n"
             "\n"));
    printf(_("Exit status: 0 success, 64 usage error, 65 bad data or bad model, 66 model\n"
             "or input not found, 74 read or write error.\n"
             "\n"
             "Example:\n"
             "  waterfit evaluate -m models/water.json data/water.csv\n"
             "  waterfit evaluate -m model.json --json test.csv | jq .rmse\n"));
}

/* Applies one option from getopt_long; returns false after a usage error. */
static bool apply_option(int option, const char *value, EvaluateOptions *options)
{
    CmdOptionResult csv = cmd_option_csv(COMMAND, option, value, &options->csv);

    if (csv != CMD_OPTION_NOT_CSV) {
        return csv == CMD_OPTION_APPLIED;
    }

    switch (option) {
    case 'm': options->model_path = value; return true;
    case OPTION_JSON: options->json = true; return true;
    case 'h': options->help = true; return true;
    default: diag_usage(COMMAND, _("invalid option")); return false;
    }
}

/* Checks the operands and the options that need each other. */
static Status check_operands(int argc, char **argv, EvaluateOptions *options)
{
    if (options->model_path == NULL) {
        diag_usage(COMMAND, _("missing -m MODEL"));
    } else if (optind == argc) {
        diag_usage(COMMAND, _("missing input file (use - for stdin)"));
    } else if (optind + 1 < argc) {
        diag_usage(COMMAND, _("expected one input file, found %d"), argc - optind);
    } else if (strcmp(options->model_path, "-") == 0 && strcmp(argv[optind], "-") == 0) {
        diag_usage(COMMAND, _("the model and the input cannot both come from stdin"));
    } else {
        options->csv.path = argv[optind];
        return STATUS_OK;
    }
    return STATUS_USAGE;
}

/* Returns STATUS_OK with the options filled, or STATUS_USAGE after the
 * message has been printed. */
static Status parse_options(int argc, char **argv, EvaluateOptions *options)
{
    int option;

    *options = (EvaluateOptions){0};
    options->csv.header = CSV_HEADER_DETECT;

    opterr = 0;
    while ((option = getopt_long(argc, argv, ":m:x:y:d:h", long_options, NULL)) != -1) {
        if (option == '?' || option == ':') {
            cmd_option_getopt_error(COMMAND, option, argv, long_options);
            return STATUS_USAGE;
        }
        if (!apply_option(option, optarg, options)) {
            return STATUS_USAGE;
        }
    }
    if (options->help) {
        return STATUS_OK;
    }
    if (!cmd_option_progress_delay(COMMAND, &options->progress_delay_ms)) {
        return STATUS_USAGE;
    }
    return check_operands(argc, argv, options);
}

static Status on_columns(void *context, const CsvColumns *columns, Error *error)
{
    (void)context;
    (void)columns;
    (void)error;
    return STATUS_OK;
}

/* Predicts one row and adds its error. A prediction or error beyond the
 * range of a double would turn every measure into inf or NaN, so it stops
 * the read at its line. */
static Status on_row(void *context, double x, double y, long line, Error *error)
{
    Evaluation *evaluation = context;
    double prediction = model_predict(&evaluation->model, x);
    char value[NUMBER_TEXT_SIZE];

    if (!isfinite(prediction) || !isfinite(prediction - y)) {
        number_format(x, REPORT_DIGITS, value);
        return error_set(error, STATUS_DATA, evaluation->path, line,
                         !isfinite(prediction)
                             ? _("the prediction for x = %s is out of range for a double")
                             : _("the error of the prediction for x = %s is out of range "
                                 "for a double"), value);
    }
    metrics_add(&evaluation->metrics, prediction, y);
    return STATUS_OK;
}

static void on_read_progress(void *context, const CsvProgress *progress)
{
    Evaluation *evaluation = context;

    read_progress_update(&evaluation->read_progress, progress);
}

/* Reads every row, showing progress on a terminal, then checks that there
 * was one and that no square overflowed. */
static Status read_data(const EvaluateOptions *options, Evaluation *evaluation, Error *error)
{
    CsvProgressHandler on_progress = NULL;

    if (read_progress_wanted()) {
        read_progress_start(&evaluation->read_progress, options->progress_delay_ms);
        on_progress = on_read_progress;
    }
    Status status = csv_input_read_with_progress(&options->csv, on_columns, on_row, on_progress,
                                                 evaluation, error);
    read_progress_finish();

    if (status != STATUS_OK) {
        return status;
    }
    if (evaluation->metrics.count < 1) {
        return error_set(error, STATUS_DATA, evaluation->path, 0,
                         _("found 0 data rows, but evaluating a model needs at least 1"));
    }
    if (!metrics_are_finite(&evaluation->metrics)) {
        return error_set(error, STATUS_DATA, evaluation->path, 0,
                         _("the errors or the values of y are too large: their squares "
                           "exceed the range of a double (about 1e308)"));
    }
    return STATUS_OK;
}

/* Prints one aligned "key  value" line of the table for people. */
static void print_row(const char *key, double value)
{
    char text[NUMBER_TEXT_SIZE];

    number_format(value, REPORT_DIGITS, text);
    printf("%-6s %s\n", key, text);
}

static void print_table(const MetricsSummary *summary)
{
    printf("%-6s %lld\n", "rows", summary->rows);
    print_row("mse", summary->mse);
    print_row("rmse", summary->rmse);
    print_row("mae", summary->mae);
    print_row("r2", summary->r2);
}

/* Prints {"rows":52,"mse":...} with numbers that read back to the same
 * doubles. */
static void print_json(const MetricsSummary *summary)
{
    char mse[NUMBER_TEXT_SIZE];
    char rmse[NUMBER_TEXT_SIZE];
    char mae[NUMBER_TEXT_SIZE];
    char r2[NUMBER_TEXT_SIZE];

    number_format_exact(summary->mse, mse);
    number_format_exact(summary->rmse, rmse);
    number_format_exact(summary->mae, mae);
    number_format_exact(summary->r2, r2);
    printf("{\"rows\":%lld,\"mse\":%s,\"rmse\":%s,\"mae\":%s,\"r2\":%s}\n", summary->rows, mse,
           rmse, mae, r2);
}

int cmd_evaluate(int argc, char **argv)
{
    EvaluateOptions options;
    Evaluation evaluation;
    MetricsSummary summary;
    Error error;
    Status status;

    status = parse_options(argc, argv, &options);
    if (status != STATUS_OK || options.help) {
        if (options.help) {
            cmd_evaluate_help();
        }
        return status;
    }

    evaluation.path = options.csv.path;
    model_init(&evaluation.model);
    metrics_init(&evaluation.metrics);

    status = model_load(&evaluation.model, options.model_path, &error);
    if (status == STATUS_OK) {
        options.csv.x_header_name = evaluation.model.feature;
        options.csv.y_header_name = evaluation.model.target;
        status = read_data(&options, &evaluation, &error);
    }

    if (status == STATUS_OK) {
        metrics_summarize(&evaluation.metrics, &summary);
        if (options.json) {
            print_json(&summary);
        } else {
            print_table(&summary);
        }
    } else {
        diag_error(&error);
    }
    model_free(&evaluation.model);
    return status;
}
