/* main.c: waterfit's entry point. Sets up messages, dispatches to the
 * subcommand, checks stdout and returns the subcommand's exit status. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "diag.h"
#include "error.h"
#include "i18n.h"

static void print_help(void)
{
    printf(_("Usage: waterfit COMMAND [OPTION]... [ARGUMENT]...\n"
             "Learn a straight line y = weight * x + bias from a CSV file with Adam, and\n"
             "predict with it.\n"
             "\n"
             "Commands:\n"
             "  train FILE|-        fit the line and write the model as JSON\n"
             "  predict -m MODEL    print predictions for values or stdin lines\n"
             "  plot -m MODEL FILE  draw the data and the fitted line as SVG\n"
             "  help [COMMAND]      print this help or a command's help\n"
             "\n"
             "Options:\n"
             "  -h, --help          print this help and exit\n"
             "      --version       print the version and exit\n"
             "\n"
             "Example:\n"
             "  waterfit train data/water.csv -o model.json\n"
             "  waterfit predict -m model.json 28\n"));
}

/* Prints the help of the command named, or the general help. */
static int help(const char *command)
{
    if (command == NULL) {
        print_help();
    } else if (strcmp(command, "train") == 0) {
        cmd_train_help();
    } else if (strcmp(command, "predict") == 0) {
        cmd_predict_help();
    } else if (strcmp(command, "plot") == 0) {
        cmd_plot_help();
    } else {
        diag_usage(NULL, _("unknown command '%s'"), command);
        return STATUS_USAGE;
    }
    return 0;
}

static int dispatch(int argc, char **argv)
{
    const char *command = argv[1];

    if (command == NULL) {
        diag_usage(NULL, _("missing command"));
        return STATUS_USAGE;
    }
    if (strcmp(command, "train") == 0) {
        return cmd_train(argc - 1, argv + 1);
    }
    if (strcmp(command, "predict") == 0) {
        return cmd_predict(argc - 1, argv + 1);
    }
    if (strcmp(command, "plot") == 0) {
        return cmd_plot(argc - 1, argv + 1);
    }
    if (strcmp(command, "help") == 0 || strcmp(command, "--help") == 0
        || strcmp(command, "-h") == 0) {
        return help(strcmp(command, "help") == 0 ? argv[2] : NULL);
    }
    if (strcmp(command, "--version") == 0) {
        printf("waterfit %s\n", WATERFIT_VERSION);
        return 0;
    }
    diag_usage(NULL, _("unknown command '%s'"), command);
    return STATUS_USAGE;
}

int main(int argc, char **argv)
{
    /* Messages follow the user's language; numbers never do, so LC_NUMERIC
     * and the rest stay "C". */
    setlocale(LC_MESSAGES, "");
    setlocale(LC_CTYPE, "");
    bindtextdomain("waterfit", LOCALEDIR);
    textdomain("waterfit");

    int status = dispatch(argc, argv);

    /* After a failure the error is already reported, so only a success
     * still needs the final check of stdout. */
    if (status == STATUS_OK) {
        status = diag_close_stdout();
    }
    return status;
}
