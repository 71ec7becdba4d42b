/* cmd_plot.c: the plot subcommand. Options, then the model, one pass over
 * the CSV (and the loss log) into bounded samples, then the SVG document to
 * stdout or, atomically, to the -o file. */
#include "commands.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomic_file.h"
#include "cmd_options.h"
#include "csv_input.h"
#include "diag.h"
#include "fit.h"
#include "i18n.h"
#include "model.h"
#include "moments.h"
#include "plot_sample.h"
#include "read_progress.h"
#include "svg_plot.h"

#define COMMAND "plot"

/* Maximum numbers of data points and loss-curve epochs kept in memory and
 * drawn. Longer inputs are thinned evenly (see plot_sample.h). The help
 * text repeats these numbers. */
#define MAX_POINTS 100000
#define MAX_EPOCHS 10000

typedef struct {
    CsvOptions csv;
    const char *model_path;
    const char *log_path; /* NULL: no loss panel */
    const char *output;   /* NULL or "-": stdout */
    bool help;
    long long progress_delay_ms; /* before the read's progress line */
} PlotOptions;

/* Everything one run reads and owns. */
typedef struct {
    const PlotOptions *options;
    Model model;
    PlotSample data;
    Moments moments;   /* of all rows, for R² when the model has no report */
    char *x_name;      /* the data's column names; owned */
    char *y_name;
    PlotSample losses; /* (epoch, loss) with loss > 0 */
    long long skipped; /* loss log rows with loss <= 0 */
    ReadProgress read_progress;
} Plot;

enum { OPTION_LOG = CMD_OPTION_NEXT };

static const struct option long_options[] = {
    {"model", required_argument, NULL, 'm'},
    CMD_OPTION_CSV_ENTRIES,
    {"log", required_argument, NULL, OPTION_LOG},
    {"output", required_argument, NULL, 'o'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

void cmd_plot_help(void)
{
    printf(_("Usage: waterfit plot -m MODEL [OPTION]... FILE|-\n"
             "Draw the data of a CSV file and the model's line as an SVG 1.1 picture: the\n"
             "points, the line across the x axis, axes with tick labels, and the formula\n"
             "with R^2 as the title.\n"
             "\n"));
    printf(_("Input:\n"
             "  -m, --model FILE       the model written by waterfit train (- for stdin);\n"
             "                         required\n"
             "  -x, --x COLUMN         x column, header name or 1-based number\n"
             "                         (default: with a header, the column named like the\n"
             "                         model's input, which must exist; without a header,\n"
             "                         the first column)\n"
             "  -y, --y COLUMN         y column (default: with a header, the column\n"
             "                         named like the model's target, which must exist;\n"
             "                         without a header, the last column)\n"
             "  -d, --delimiter C      field separator, one character or 'tab'\n"
             "                         (default: detected among , ; and tab)\n"
             "      --header           the first row is a header (default: detected)\n"
             "      --no-header        the first row is data\n"
             "      --decimal-comma    read 22,5 as 22.5 (the delimiter must not be ',')\n"
             "      --log FILE         add a panel with the loss by epoch, on a log scale,\n"
             "                         from the CSV that waterfit train --log writes; epochs\n"
             "                         with a loss of 0 or less are left out (default: none)\n"
             "\n"));
    printf(_("Output:\n"
             "  -o, --output FILE      write the SVG to FILE, replacing it only when the\n"
             "                         picture is complete (default: stdout, also for -)\n"
             "  -h, --help             print this help and exit\n"
             "\n"));
    printf(_("Memory stays bounded: at most 100000 data points are kept and drawn. A\n"
             "longer file is thinned evenly to the rows whose 0-based index is a multiple\n"
             "of k, the smallest power of two that keeps at most 100000 of them; the\n"
             "legend and a comment in the SVG say so. The loss curve keeps at most 10000\n"
             "epochs the same way, plus the last one.\n"
             "\n"));
    printf(_("Exit status: 0 success, 64 usage error, 65 bad data or bad model,\n"
             "66 input not found, 73 output cannot be created, 74 read or write error.\n"
             "\n"
             "Example:\n"
             "  waterfit train data/water.csv --log loss.csv -o model.json\n"
             "  waterfit plot -m model.json --log loss.csv data/water.csv -o fit.svg\n"));
}

/* Applies one option from getopt_long; returns false after a usage error. */
static bool apply_option(int option, const char *value, PlotOptions *options)
{
    CmdOptionResult csv = cmd_option_csv(COMMAND, option, value, &options->csv);

    if (csv != CMD_OPTION_NOT_CSV) {
        return csv == CMD_OPTION_APPLIED;
    }

    switch (option) {
    case 'm': options->model_path = value; return true;
    case OPTION_LOG: options->log_path = value; return true;
    case 'o': options->output = value; return true;
    case 'h': options->help = true; return true;
    default: diag_usage(COMMAND, _("invalid option")); return false;
    }
}

/* Returns STATUS_OK with the options filled, or STATUS_USAGE after the
 * message has been printed. */
static Status parse_options(int argc, char **argv, PlotOptions *options)
{
    int option;

    *options = (PlotOptions){0};
    options->csv.header = CSV_HEADER_DETECT;

    opterr = 0;
    while ((option = getopt_long(argc, argv, ":m:x:y:d:o:h", long_options, NULL)) != -1) {
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

    if (options->model_path == NULL) {
        diag_usage(COMMAND, _("missing -m MODEL"));
        return STATUS_USAGE;
    }
    if (optind == argc) {
        diag_usage(COMMAND, _("missing input file (use - for stdin)"));
        return STATUS_USAGE;
    }
    if (optind + 1 < argc) {
        diag_usage(COMMAND, _("expected one input file, found %d"), argc - optind);
        return STATUS_USAGE;
    }
    options->csv.path = argv[optind];
    return cmd_option_progress_delay(COMMAND, &options->progress_delay_ms) ? STATUS_OK
                                                                          : STATUS_USAGE;
}

/* Returns whether path is "-", which means stdin for an input and stdout
 * for the output. */
static bool is_dash(const char *path)
{
    return path != NULL && strcmp(path, "-") == 0;
}

/* Rejects two inputs on stdin, and an output that would replace an input,
 * before anything is read or written. */
static bool check_paths(const PlotOptions *options)
{
    const char *inputs[] = {options->csv.path, options->model_path, options->log_path};
    int stdin_count = is_dash(inputs[0]) + is_dash(inputs[1]) + is_dash(inputs[2]);

    if (stdin_count > 1) {
        diag_usage(COMMAND, _("only one of the data, -m and --log can be read from stdin (-)"));
        return false;
    }
    if (options->output == NULL || is_dash(options->output)) {
        return true;
    }
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        bool is_file = inputs[i] != NULL && !is_dash(inputs[i]);

        if (is_file && cmd_option_same_file(inputs[i], options->output)) {
            diag_usage(COMMAND, _("-o '%s' is an input file; choose another output file"),
                       options->output);
            return false;
        }
    }
    return true;
}

/* Warns when the model's column name was not found and a default column
 * is plotted instead, which is easy to miss in the picture. */
static void warn_other_column(const char *given, const char *model_name, const char *name,
                              long index, const char *path)
{
    char quoted[3][128];

    if (given != NULL || strcmp(model_name, name) == 0) {
        return;
    }
    diag_warning(_("'%s' has no column '%s' from the model; plotting column %ld ('%s') "
                   "instead"),
                 error_quote(path, strlen(path), quoted[0], sizeof quoted[0]),
                 error_quote(model_name, strlen(model_name), quoted[1], sizeof quoted[1]),
                 index, error_quote(name, strlen(name), quoted[2], sizeof quoted[2]));
}

static Status on_columns(void *context, const CsvColumns *columns, Error *error)
{
    Plot *plot = context;
    const CsvOptions *csv = &plot->options->csv;

    plot->x_name = strdup(columns->x_name);
    plot->y_name = strdup(columns->y_name);
    if (plot->x_name == NULL || plot->y_name == NULL) {
        return error_set(error, STATUS_OS, NULL, 0, _("out of memory"));
    }
    warn_other_column(csv->x_column, plot->model.feature, columns->x_name, columns->x_index,
                      csv->path);
    warn_other_column(csv->y_column, plot->model.target, columns->y_name, columns->y_index,
                      csv->path);
    return STATUS_OK;
}

static Status on_row(void *context, double x, double y, long line, Error *error)
{
    Plot *plot = context;

    (void)line;
    (void)error;
    plot_sample_add(&plot->data, x, y);
    moments_add(&plot->moments, x, y);
    return STATUS_OK;
}

static Status on_log_columns(void *context, const CsvColumns *columns, Error *error)
{
    (void)context;
    (void)columns;
    (void)error;
    return STATUS_OK;
}

/* Keeps the positive losses; a log axis has no place for the others. */
static Status on_log_row(void *context, double epoch, double loss, long line, Error *error)
{
    Plot *plot = context;

    (void)line;
    (void)error;
    if (loss > 0.0) {
        plot_sample_add(&plot->losses, epoch, loss);
    } else {
        plot->skipped++;
    }
    return STATUS_OK;
}

static void on_read_progress(void *context, const CsvProgress *progress)
{
    Plot *plot = context;

    read_progress_update(&plot->read_progress, progress);
}

/* Reads the data rows, choosing the model's columns when the header has
 * them, and shows progress on a terminal. */
static Status read_data(const PlotOptions *options, Plot *plot, Error *error)
{
    CsvOptions csv = options->csv;
    CsvProgressHandler on_progress = NULL;
    Status status;

    csv.x_header_name = plot->model.feature;
    csv.y_header_name = plot->model.target;
    if (read_progress_wanted()) {
        read_progress_start(&plot->read_progress, options->progress_delay_ms);
        on_progress = on_read_progress;
    }
    status = csv_input_read_with_progress(&csv, on_columns, on_row, on_progress, plot, error);
    read_progress_finish();
    if (status != STATUS_OK) {
        return status;
    }
    if (plot->data.added == 0) {
        return error_set(error, STATUS_DATA, csv.path, 0, _("no data rows to plot"));
    }
    return STATUS_OK;
}

/* Reads the epoch and loss columns of a log that waterfit train --log
 * wrote: a header, then epoch,loss,weight,bias rows. */
static Status read_log(const char *path, Plot *plot, Error *error)
{
    CsvOptions csv = {
        .path = path,
        .x_column = "epoch",
        .y_column = "loss",
        .delimiter = ',',
        .header = CSV_HEADER_PRESENT,
    };

    return csv_input_read(&csv, on_log_columns, on_log_row, plot, error);
}

/* Returns R² = 1 - SSE / SST of the model's line on the data, with SST about
 * the mean, or about 0 for a line without intercept, as training computes
 * it. */
static double data_r2(const Plot *plot)
{
    const Moments *moments = &plot->moments;
    double n = (double)moments->count;
    double sse = n * fit_loss(moments, plot->model.weight, plot->model.bias);
    double total = moments->syy;

    if (!plot->model.training.intercept) {
        total += n * moments->mean_y * moments->mean_y;
    }
    if (total > 0.0) {
        return 1.0 - sse / total;
    }
    return sse == 0.0 ? 1.0 : 0.0;
}

/* Writes the document to stdout, or to the -o file, which appears only
 * when it is complete. */
static Status write_plot(const PlotOptions *options, const Plot *plot, Error *error)
{
    /* NOTE: the model file cannot tell an absent "r2" inside "training"
     * from an R² of 0, so such a file shows R² = 0. */
    SvgFit fit = {
        .x_name = plot->x_name,
        .y_name = plot->y_name,
        .feature = plot->model.feature,
        .target = plot->model.target,
        .weight = plot->model.weight,
        .bias = plot->model.bias,
        .intercept = plot->model.training.intercept,
        .r2 = plot->model.has_training ? plot->model.training.r2 : data_r2(plot),
        .data = &plot->data,
    };
    SvgLoss loss = {.losses = &plot->losses, .skipped = plot->skipped};
    SvgLoss *loss_panel = options->log_path != NULL ? &loss : NULL;

    if (options->output == NULL || is_dash(options->output)) {
        Status status = svg_plot_write(stdout, &fit, loss_panel, error);

        if (status == STATUS_OK && (fflush(stdout) != 0 || ferror(stdout))) {
            return error_set(error, STATUS_IO, NULL, 0, _("write error on standard output: %s"),
                             strerror(errno));
        }
        return status;
    }

    AtomicFile file;
    Status status = atomic_file_open(&file, options->output, error);
    if (status != STATUS_OK) {
        return status;
    }
    status = svg_plot_write(file.stream, &fit, loss_panel, error);
    if (status != STATUS_OK) {
        atomic_file_abort(&file);
        return status;
    }
    return atomic_file_commit(&file, error);
}

static Status run(const PlotOptions *options, Plot *plot, Error *error)
{
    Status status = model_load(&plot->model, options->model_path, error);

    if (status == STATUS_OK) {
        status = read_data(options, plot, error);
    }
    if (status == STATUS_OK && options->log_path != NULL) {
        status = read_log(options->log_path, plot, error);
    }
    if (status == STATUS_OK) {
        status = write_plot(options, plot, error);
    }
    return status;
}

static void plot_free(Plot *plot)
{
    model_free(&plot->model);
    plot_sample_free(&plot->data);
    plot_sample_free(&plot->losses);
    free(plot->x_name);
    free(plot->y_name);
}

int cmd_plot(int argc, char **argv)
{
    PlotOptions options;
    Plot plot = {0};
    Error error;
    Status status;

    status = parse_options(argc, argv, &options);
    if (status != STATUS_OK || options.help) {
        if (options.help) {
            cmd_plot_help();
        }
        return status;
    }
    if (!check_paths(&options)) {
        return STATUS_USAGE;
    }

    plot.options = &options;
    model_init(&plot.model);
    moments_init(&plot.moments);
    if (!plot_sample_init(&plot.data, MAX_POINTS) || !plot_sample_init(&plot.losses, MAX_EPOCHS)) {
        status = error_set(&error, STATUS_OS, NULL, 0, _("out of memory"));
    } else {
        status = run(&options, &plot, &error);
    }

    if (status != STATUS_OK) {
        diag_error(&error);
    }
    plot_free(&plot);
    return status;
}
