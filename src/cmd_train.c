/* cmd_train.c: the train subcommand. Options, then one pass over the CSV
 * into moments, then the epoch loop, then the report and the model file. */
#include "commands.h"

#include <float.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic_file.h"
#include "cmd_options.h"
#include "csv_input.h"
#include "csv_parallel.h"
#include "diag.h"
#include "fit.h"
#include "i18n.h"
#include "model.h"
#include "moments.h"
#include "number.h"
#include "read_progress.h"
#include "report.h"

#define COMMAND "train"

/* -v shows a progress line every this many epochs (-vv shows every one). */
#define PROGRESS_INTERVAL 1000

typedef struct {
    CsvOptions csv;
    FitOptions fit;
    const char *output; /* NULL: stdout */
    const char *log;    /* NULL: no log */
    int threads;        /* threads that read a regular file */
    long long progress_delay_ms; /* before the read's progress line */
    bool help;
} TrainOptions;

/* Everything one run produces and owns. */
typedef struct {
    Moments moments;
    Model model;
    FitResult result;
    AtomicFile log;
    bool log_open;
    ReadProgress read_progress;
} Training;

enum {
    OPTION_TOLERANCE = CMD_OPTION_NEXT,
    OPTION_OPTIMIZER,
    OPTION_BETA1,
    OPTION_BETA2,
    OPTION_EPS,
    OPTION_INIT_WEIGHT,
    OPTION_INIT_BIAS,
    OPTION_RAW,
    OPTION_NO_BIAS,
    OPTION_LOG
};

static const struct option long_options[] = {
    {"output", required_argument, NULL, 'o'},
    CMD_OPTION_CSV_ENTRIES,
    {"learning-rate", required_argument, NULL, 'r'},
    {"epochs", required_argument, NULL, 'e'},
    {"tolerance", required_argument, NULL, OPTION_TOLERANCE},
    {"optimizer", required_argument, NULL, OPTION_OPTIMIZER},
    {"beta1", required_argument, NULL, OPTION_BETA1},
    {"beta2", required_argument, NULL, OPTION_BETA2},
    {"eps", required_argument, NULL, OPTION_EPS},
    {"init-weight", required_argument, NULL, OPTION_INIT_WEIGHT},
    {"init-bias", required_argument, NULL, OPTION_INIT_BIAS},
    {"raw", no_argument, NULL, OPTION_RAW},
    {"no-bias", no_argument, NULL, OPTION_NO_BIAS},
    {"log", required_argument, NULL, OPTION_LOG},
    {"quiet", no_argument, NULL, 'q'},
    {"verbose", no_argument, NULL, 'v'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static void print_environment_help(void)
{
    printf(_("Environment:\n"
             "  WATERFIT_THREADS=N     threads that read a regular file, 1 to %d\n"
             "                         (default: the number of online processors)\n"
             "\n"),
           CSV_PARALLEL_MAX_THREADS);
}

void cmd_train_help(void)
{
    printf(_("Usage: waterfit train [OPTION]... FILE|-\n"
             "Fit y = weight * x + bias to two columns of a CSV file with Adam, and write\n"
             "the model as JSON to stdout or to the -o file.\n"
             "\n"));
    printf(_("Input:\n"
             "  -x, --x COLUMN         input column, header name or 1-based number\n"
             "                         (default: the first column)\n"
             "  -y, --y COLUMN         target column (default: the last column)\n"
             "  -d, --delimiter C      field separator, one character or 'tab'\n"
             "                         (default: detected among , ; and tab)\n"
             "      --header           the first row is a header (default: detected)\n"
             "      --no-header        the first row is data\n"
             "      --decimal-comma    read 22,5 as 22.5 (the delimiter must not be ',')\n"
             "\n"));
    printf(_("Training:\n"
             "  -r, --learning-rate R  step size (default: 0.01)\n"
             "  -e, --epochs N         maximum number of epochs (default: 50001)\n"
             "      --tolerance T      stop once the gradient in standardized units is at\n"
             "                         most T; 0 runs exactly --epochs (default: 1e-14)\n"
             "      --optimizer NAME   adam or sgd (default: adam)\n"
             "      --beta1 B          Adam's first-moment decay (default: 0.9)\n"
             "      --beta2 B          Adam's second-moment decay (default: 0.999)\n"
             "      --eps E            Adam's denominator term (default: 1e-08)\n"
             "      --init-weight W    starting weight (default: 0)\n"
             "      --init-bias B      starting bias (default: 0 with --raw, otherwise\n"
             "                         the bias that puts the line through the means)\n"
             "      --raw              train on raw x and y, as the PyTorch tutorial does,\n"
             "                         instead of standardized ones\n"
             "      --no-bias          fit y = weight * x (no intercept)\n"
             "\n"));
    printf(_("Output:\n"
             "  -o, --output FILE      write the model to FILE, replacing it only when\n"
             "                         training succeeds (default: stdout)\n"
             "      --log FILE         write epoch,loss,weight,bias for every epoch\n"
             "  -q, --quiet            print errors only\n"
             "  -v, --verbose          print progress every 1000 epochs; -vv every epoch\n"
             "  -h, --help             print this help and exit\n"
             "\n"));
    print_environment_help();
    printf(_("Exit status: 0 success, 64 usage error, 65 bad data or training diverged,\n"
             "66 input not found, 73 output cannot be created, 74 read or write error.\n"
             "\n"
             "Example:\n"
             "  waterfit train data/water.csv -o model.json\n"
             "  cut -d, -f1,2 log.csv | waterfit train - | waterfit predict -m - 28\n"));
}

static bool parse_optimizer(const char *text, Optimizer *optimizer)
{
    char quoted[64];

    if (strcmp(text, "adam") == 0) {
        *optimizer = OPTIMIZER_ADAM;
    } else if (strcmp(text, "sgd") == 0) {
        *optimizer = OPTIMIZER_SGD;
    } else {
        diag_usage(COMMAND, _("invalid optimizer '%s': expected adam or sgd"),
                   error_quote(text, strlen(text), quoted, sizeof quoted));
        return false;
    }
    return true;
}

/* Applies one option from getopt_long; returns false after a usage error. */
static bool apply_option(int option, const char *value, TrainOptions *options)
{
    FitOptions *fit = &options->fit;
    CmdOptionResult csv = cmd_option_csv(COMMAND, option, value, &options->csv);

    if (csv != CMD_OPTION_NOT_CSV) {
        return csv == CMD_OPTION_APPLIED;
    }

    switch (option) {
    case 'o': options->output = value; return true;
    case 'r': return cmd_option_number(COMMAND, "--learning-rate", value, &fit->learning_rate);
    case 'e':
        return cmd_option_integer(COMMAND, "--epochs", value, 0, 1000000000000LL,
                                  &fit->max_epochs);
    case OPTION_TOLERANCE: return cmd_option_number(COMMAND, "--tolerance", value, &fit->tolerance);
    case OPTION_OPTIMIZER: return parse_optimizer(value, &fit->optimizer);
    case OPTION_BETA1: return cmd_option_number(COMMAND, "--beta1", value, &fit->beta1);
    case OPTION_BETA2: return cmd_option_number(COMMAND, "--beta2", value, &fit->beta2);
    case OPTION_EPS: return cmd_option_number(COMMAND, "--eps", value, &fit->eps);
    case OPTION_INIT_WEIGHT:
        fit->init_weight_given = true;
        return cmd_option_number(COMMAND, "--init-weight", value, &fit->init_weight);
    case OPTION_INIT_BIAS:
        fit->init_bias_given = true;
        return cmd_option_number(COMMAND, "--init-bias", value, &fit->init_bias);
    case OPTION_RAW: fit->raw = true; return true;
    case OPTION_NO_BIAS: fit->intercept = false; return true;
    case OPTION_LOG: options->log = value; return true;
    case 'q': diag_set_verbosity(VERBOSITY_QUIET); return true;
    case 'v':
        diag_set_verbosity(diag_verbosity() >= VERBOSITY_VERBOSE ? VERBOSITY_DEBUG
                                                                 : VERBOSITY_VERBOSE);
        return true;
    case 'h': options->help = true; return true;
    default: diag_usage(COMMAND, _("invalid option")); return false;
    }
}

/* Checks the ranges that PyTorch's optimizers also enforce, and options that
 * contradict each other. */
static bool check_options(const TrainOptions *options)
{
    const FitOptions *fit = &options->fit;

    bool betas_valid = fit->beta1 >= 0.0 && fit->beta1 < 1.0 && fit->beta2 >= 0.0
                    && fit->beta2 < 1.0;

    if (!(fit->learning_rate > 0.0)) {
        diag_usage(COMMAND, _("--learning-rate must be greater than 0"));
    } else if (!betas_valid) {
        diag_usage(COMMAND, _("--beta1 and --beta2 must be at least 0 and less than 1"));
    } else if (!(fit->eps >= 0.0) || !(fit->tolerance >= 0.0)) {
        diag_usage(COMMAND, _("--eps and --tolerance must not be negative"));
    } else if (!fit->intercept && fit->init_bias != 0.0) {
        diag_usage(COMMAND, _("--no-bias fixes the bias at 0, so --init-bias cannot be used"));
    } else {
        return true;
    }
    return false;
}

/* Takes the thread count from WATERFIT_THREADS, or the processor count. */
static bool read_thread_count(TrainOptions *options)
{
    const char *text = getenv(CSV_PARALLEL_THREADS_VARIABLE);
    char quoted[64];

    if (text == NULL) {
        options->threads = csv_parallel_default_threads();
        return true;
    }
    if (csv_parallel_parse_threads(text, &options->threads)) {
        return true;
    }
    error_quote(text, strlen(text), quoted, sizeof quoted);
    diag_usage(COMMAND, _("invalid %s '%s': expected a whole number from 1 to %d"),
               CSV_PARALLEL_THREADS_VARIABLE, quoted, CSV_PARALLEL_MAX_THREADS);
    return false;
}

/* Returns STATUS_OK with the options filled, or STATUS_USAGE after the
 * message has been printed. */
static Status parse_options(int argc, char **argv, TrainOptions *options)
{
    int option;

    *options = (TrainOptions){0};
    options->csv.header = CSV_HEADER_DETECT;
    fit_options_init(&options->fit);

    opterr = 0;
    while ((option = getopt_long(argc, argv, ":x:y:o:d:r:e:qvh", long_options, NULL)) != -1) {
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

    if (optind == argc) {
        diag_usage(COMMAND, _("missing input file (use - for stdin)"));
        return STATUS_USAGE;
    }
    if (optind + 1 < argc) {
        diag_usage(COMMAND, _("expected one input file, found %d"), argc - optind);
        return STATUS_USAGE;
    }
    options->csv.path = argv[optind];
    bool valid = check_options(options) && read_thread_count(options)
              && cmd_option_progress_delay(COMMAND, &options->progress_delay_ms);
    return valid ? STATUS_OK : STATUS_USAGE;
}

/* Rejects an output that would overwrite the input or the other output,
 * before anything is read or written. Only a regular file can be
 * overwritten: /dev/stdout and the like are the same file as a terminal
 * standard input, and writing to them is fine. */
static bool check_paths(const TrainOptions *options)
{
    const char *input = options->csv.path;
    struct stat input_status;
    bool input_is_file = (strcmp(input, "-") == 0 ? fstat(STDIN_FILENO, &input_status)
                                                  : stat(input, &input_status)) == 0
        && S_ISREG(input_status.st_mode);

    if (options->output != NULL && input_is_file && cmd_option_same_file(input, options->output)) {
        diag_usage(COMMAND, _("-o '%s' is the input file; choose another output file"),
                   options->output);
    } else if (options->log != NULL && input_is_file && cmd_option_same_file(input, options->log)) {
        diag_usage(COMMAND, _("--log '%s' is the input file; choose another log file"),
                   options->log);
    } else if (options->log != NULL && options->output != NULL
               && (strcmp(options->log, options->output) == 0
                   || cmd_option_same_file(options->log, options->output))) {
        diag_usage(COMMAND, _("--log and -o name the same file '%s'"), options->log);
    } else {
        return true;
    }
    return false;
}

static Status on_columns(void *context, const CsvColumns *columns, Error *error)
{
    Training *training = context;

    return model_set_names(&training->model, columns->x_name, columns->y_name, error);
}

/* Rejects a column whose values differ but whose squared deviations from
 * the mean fall below DBL_MIN, as for 1e-300, 2e-300, 3e-300. The moments
 * lose their precision or become 0 there, so the fit would report a wrong
 * slope, or no spread where there is one. */
static Status check_column_spread(double min, double max, double squares, long long count,
                                  const char *path, const char *column, Error *error)
{
    char name[64];
    char limit[NUMBER_TEXT_SIZE];

    /* No rows or a single value leave min equal to max, with no spread to
     * lose, and moments that overflowed are fit_check's to report. */
    bool lost = min < max && isfinite(squares)
        && squares / (double)count < DBL_MIN;

    if (!lost) {
        return STATUS_OK;
    }
    error_quote(column, strlen(column), name, sizeof name);
    number_format(DBL_MIN, 3, limit);
    return error_set(error, STATUS_DATA, path, 0,
                     _("the values of column '%s' differ by too little for a double: their "
                       "squared deviations are below %s; multiply the column by a power of "
                       "ten"), name, limit);
}

/* Writes one log row and, with -v, a progress line. */
static Status on_epoch(void *context, const FitEpoch *epoch, Error *error)
{
    Training *training = context;
    char loss[NUMBER_TEXT_SIZE];
    char weight[NUMBER_TEXT_SIZE];
    char bias[NUMBER_TEXT_SIZE];

    (void)error;
    bool progress = diag_verbosity() >= VERBOSITY_DEBUG
                 || (diag_verbosity() >= VERBOSITY_VERBOSE
                     && epoch->epoch % PROGRESS_INTERVAL == 0);
    if (!training->log_open && !progress) {
        return STATUS_OK;
    }

    number_format_exact(epoch->loss, loss);
    number_format_exact(epoch->weight, weight);
    number_format_exact(epoch->bias, bias);
    if (training->log_open) {
        fprintf(training->log.stream, "%lld,%s,%s,%s\n", epoch->epoch, loss, weight, bias);
    }
    if (progress) {
        diag_info(VERBOSITY_VERBOSE, "epoch=%lld loss=%s weight=%s bias=%s", epoch->epoch, loss,
                  weight, bias);
    }
    return STATUS_OK;
}

static void on_read_progress(void *context, const CsvProgress *progress)
{
    Training *training = context;

    read_progress_update(&training->read_progress, progress);
}

static Status read_data(const TrainOptions *options, Training *training, Error *error)
{
    CsvProgressHandler on_progress = NULL;
    Status status;

    /* Without a terminal the reader gets no handler, so it costs nothing. */
    if (read_progress_wanted()) {
        read_progress_start(&training->read_progress, options->progress_delay_ms);
        on_progress = on_read_progress;
    }
    status = csv_parallel_read(&options->csv, options->threads, on_columns, on_progress, training,
                               &training->moments, error);
    read_progress_finish();
    if (status != STATUS_OK) {
        return status;
    }

    const Moments *moments = &training->moments;
    const char *path = options->csv.path;
    status = check_column_spread(moments->min_x, moments->max_x, moments->sxx, moments->count,
                                 path, training->model.feature, error);
    if (status == STATUS_OK) {
        status = check_column_spread(moments->min_y, moments->max_y, moments->syy,
                                     moments->count, path, training->model.target, error);
    }
    if (status != STATUS_OK) {
        return status;
    }
    return fit_check(moments, &options->fit, path, training->model.feature, error);
}

/* Runs the epoch loop, writing the log when one was requested. A diverged
 * run keeps its log, because the rows up to the divergence show what went
 * wrong; any other failure removes it. */
static Status run_training(const TrainOptions *options, Training *training, Error *error)
{
    Status status;

    if (options->log != NULL) {
        status = atomic_file_open(&training->log, options->log, error);
        if (status != STATUS_OK) {
            return status;
        }
        training->log_open = true;
        fputs("epoch,loss,weight,bias\n", training->log.stream);
    }

    status = fit_run(&training->moments, &options->fit, on_epoch, training, &training->result,
                     error);

    if (training->log_open && (status == STATUS_OK || status == STATUS_DATA)) {
        Error log_error;
        Status log_status = atomic_file_commit(&training->log, &log_error);

        training->log_open = false;
        if (status == STATUS_OK && log_status != STATUS_OK) {
            *error = log_error;
            status = log_status;
        }
    }
    return status;
}

static void fill_model(Training *training, const TrainOptions *options)
{
    const FitResult *result = &training->result;
    TrainingReport *report = &training->model.training;

    training->model.weight = result->weight;
    training->model.bias = result->bias;
    training->model.has_training = true;

    report->rows = training->moments.count;
    snprintf(report->optimizer, sizeof report->optimizer, "%s",
             options->fit.optimizer == OPTIMIZER_ADAM ? "adam" : "sgd");
    report->learning_rate = options->fit.learning_rate;
    report->epochs = result->epochs;
    report->converged = result->converged;
    report->standardized = !options->fit.raw;
    report->intercept = options->fit.intercept;
    report->mse = result->mse;
    report->r2 = result->r2;
    report->has_standard_errors = result->has_standard_errors;
    report->residual_standard_deviation = result->residual_standard_deviation;
    report->weight_standard_error = result->weight_standard_error;
    report->bias_standard_error = result->bias_standard_error;
}

/* Prints "residual_sd=... se_weight=... se_bias=...": the ordinary least
 * squares statistics of the line, which need more rows than parameters. */
static void report_standard_errors(const TrainingReport *report)
{
    char residual[NUMBER_TEXT_SIZE];
    char weight[NUMBER_TEXT_SIZE];
    char bias[NUMBER_TEXT_SIZE];

    if (!report->has_standard_errors) {
        return;
    }
    number_format(report->residual_standard_deviation, REPORT_DIGITS, residual);
    number_format(report->weight_standard_error, REPORT_DIGITS, weight);
    if (!report->intercept) {
        diag_info(VERBOSITY_NORMAL, "residual_sd=%s se_weight=%s", residual, weight);
        return;
    }
    number_format(report->bias_standard_error, REPORT_DIGITS, bias);
    diag_info(VERBOSITY_NORMAL, "residual_sd=%s se_weight=%s se_bias=%s", residual, weight,
              bias);
}

static void report(const Training *training, const TrainOptions *options)
{
    const FitResult *result = &training->result;
    char mse[NUMBER_TEXT_SIZE];
    char r2[NUMBER_TEXT_SIZE];
    char gradient[NUMBER_TEXT_SIZE];
    char tolerance[NUMBER_TEXT_SIZE];
    char formula[REPORT_TEXT_SIZE];

    diag_info(VERBOSITY_NORMAL, "%s",
              report_formula(&training->model, report_locale_is_utf8(), formula));
    number_format(result->mse, REPORT_DIGITS, mse);
    number_format(result->r2, REPORT_DIGITS, r2);
    diag_info(VERBOSITY_NORMAL, "rows=%lld epochs=%lld converged=%s mse=%s r2=%s",
              training->moments.count, result->epochs, result->converged ? "yes" : "no", mse,
              r2);
    report_standard_errors(&training->model.training);

    if (!result->converged && options->fit.tolerance > 0.0) {
        number_format(result->gradient_norm, 3, gradient);
        number_format(options->fit.tolerance, 3, tolerance);
        diag_warning(_("stopped at the epoch limit before converging: the gradient is %s, "
                       "above the tolerance %s; raise --epochs or --learning-rate"),
                     gradient, tolerance);
    }
}

int cmd_train(int argc, char **argv)
{
    TrainOptions options;
    Training training = {0};
    Error error;
    Status status;

    status = parse_options(argc, argv, &options);
    if (status != STATUS_OK || options.help) {
        if (options.help) {
            cmd_train_help();
        }
        return status;
    }
    if (!check_paths(&options)) {
        return STATUS_USAGE;
    }

    moments_init(&training.moments);
    model_init(&training.model);

    status = read_data(&options, &training, &error);
    if (status == STATUS_OK) {
        status = run_training(&options, &training, &error);
    }
    if (status == STATUS_OK) {
        fill_model(&training, &options);
        status = model_save(&training.model, options.output, &error);
    }

    if (status == STATUS_OK) {
        report(&training, &options);
    } else {
        diag_error(&error);
    }
    if (training.log_open) {
        atomic_file_abort(&training.log);
    }
    model_free(&training.model);
    return status;
}
