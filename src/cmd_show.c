/* cmd_show.c: the show subcommand. Prints a model's formula in the data's
 * column names and the report of its training, for people. */
#include "commands.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd_options.h"
#include "diag.h"
#include "i18n.h"
#include "model.h"
#include "number.h"
#include "report.h"

#define COMMAND "show"

/* Width of the key column of the report: the longest key and two spaces.
 * The keys stay in English, so a byte is a column. */
#define KEY_WIDTH 29

static const struct option long_options[] = {
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

void cmd_show_help(void)
{
    printf(_("Usage: waterfit show MODEL|-\n"
             "Print a model's formula in the data's column names, then the report of its\n"
             "training: rows, optimizer, learning rate, epochs, whether it converged, MSE,\n"
             "R^2, the residual standard deviation and the standard errors of weight and\n"
             "bias, with 10 significant digits. Below R^2 0.5 a note says what R^2 means\n"
             "for the data; below 0.1 it says that the line predicts little better than\n"
             "the mean of y (than 0 for a model trained with --no-bias, whose R^2 train\n"
             "computes about 0). A model without a training report shows the formula.\n"
             "\n"));
    printf(_("Options:\n"
             "  -h, --help             print this help and exit\n"
             "\n"));
    printf(_("Exit status: 0 success, 64 usage error, 65 bad model, 66 model not found,\n"
             "74 read or write error.\n"
             "\n"
             "Example:\n"
             "  waterfit show models/water.json\n"
             "  waterfit train data.csv | waterfit show -\n"));
}

/* Returns STATUS_OK with *path set (NULL after --help), or STATUS_USAGE
 * after the message has been printed. */
static Status parse_options(int argc, char **argv, const char **path)
{
    int option;

    *path = NULL;
    opterr = 0;
    while ((option = getopt_long(argc, argv, ":h", long_options, NULL)) != -1) {
        if (option == 'h') {
            return STATUS_OK;
        }
        cmd_option_getopt_error(COMMAND, option, argv, long_options);
        return STATUS_USAGE;
    }

    if (optind == argc) {
        diag_usage(COMMAND, _("missing model file (use - for stdin)"));
        return STATUS_USAGE;
    }
    if (optind + 1 < argc) {
        diag_usage(COMMAND, _("expected one model file, found %d"), argc - optind);
        return STATUS_USAGE;
    }
    *path = argv[optind];
    return STATUS_OK;
}

static void print_text(const char *key, const char *value)
{
    printf("%-*s%s\n", KEY_WIDTH, key, value);
}

static void print_number(const char *key, double value)
{
    char text[NUMBER_TEXT_SIZE];

    number_format(value, REPORT_DIGITS, text);
    print_text(key, text);
}

static void print_count(const char *key, long long value)
{
    printf("%-*s%lld\n", KEY_WIDTH, key, value);
}

static const char *yes_no(bool value)
{
    return value ? _("yes") : _("no");
}

/* Prints the statistics of ordinary least squares, or why they are absent:
 * they need more rows than fitted parameters. */
static void print_standard_errors(const TrainingReport *training)
{
    if (!training->has_standard_errors) {
        printf(_("no standard errors: they need more rows than fitted parameters\n"));
        return;
    }
    print_number("residual standard deviation", training->residual_standard_deviation);
    print_number("weight standard error", training->weight_standard_error);
    if (training->intercept) {
        print_number("bias standard error", training->bias_standard_error);
    }
}

static void print_training(const TrainingReport *training)
{
    print_count("rows", training->rows);
    print_text("optimizer", training->optimizer[0] != '\0' ? training->optimizer : "-");
    print_number("learning rate", training->learning_rate);
    print_count("epochs", training->epochs);
    print_text("converged", yes_no(training->converged));
    print_text("standardized", yes_no(training->standardized));
    print_text("intercept", yes_no(training->intercept));
    print_number("mse", training->mse);
    print_number("r2", training->r2);
    print_standard_errors(training);
}

/* Prints the formula, a blank line, the training report and any note on
 * R² after another blank line. */
static void print_model(const Model *model)
{
    bool utf8 = report_locale_is_utf8();
    char text[REPORT_TEXT_SIZE];

    printf("%s\n\n", report_formula(model, utf8, text));
    if (!model->has_training) {
        printf(_("no training report: the model file has no 'training' object\n"));
        return;
    }
    print_training(&model->training);
    if (report_r2_note(model, utf8, text)) {
        printf("\n%s\n", text);
    }
}

int cmd_show(int argc, char **argv)
{
    const char *path;
    Model model;
    Error error;
    Status status = parse_options(argc, argv, &path);

    if (status != STATUS_OK || path == NULL) {
        if (status == STATUS_OK) {
            cmd_show_help();
        }
        return status;
    }

    model_init(&model);
    status = model_load(&model, path, &error);
    if (status == STATUS_OK) {
        print_model(&model);
    } else {
        diag_error(&error);
    }
    model_free(&model);
    return status;
}
