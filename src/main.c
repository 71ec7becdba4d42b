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

/* The installed catalogs, or WATERFIT_LOCALEDIR for a binary that is not
 * installed (the tests point it at build/locale). */
static const char *message_catalog_directory(void)
{
    const char *directory = getenv("WATERFIT_LOCALEDIR");

    return directory != NULL && directory[0] != '\0' ? directory : LOCALEDIR;
}

static void print_help(void)
{
    printf(_("Usage: waterfit COMMAND [OPTION]... [ARGUMENT]...\n"
             "Learn a straight line y = weight * x + bias from a CSV file with Adam,\n"
             "predict with it, and measure how well it predicts.\n"
             "\n"
             "Commands:\n"
             "  train FILE|-        fit the line and write the model as JSON\n"
             "  predict -m MODEL    print predictions for values or stdin lines\n"
             "  evaluate -m MODEL FILE|-\n"
             "                      print MSE, RMSE, MAE and R^2 on labelled data\n"
             "  show MODEL|-        print the model's formula and training report\n"
             "  plot -m MODEL FILE  draw the data and the fitted line as SVG\n"
             "  help [COMMAND]      print this help or a command's help\n"
             "\n"
             "Options:\n"
             "  -h, --help          print this help and exit\n"
             "      --version       print the version and exit\n"
             "\n"
             "Example:\n"
             "  waterfit train data/water.csv -o model.json\n"
             "  waterfit predict -m model.json 28\n"
             "  waterfit evaluate -m model.json data/water.csv\n"));
}

/* A subcommand: its name, its entry point and its --help text. */
typedef struct {
    const char *name;
    int (*run)(int argc, char **argv);
    void (*help)(void);
} Command;

static const Command commands[] = {
    {"train", cmd_train, cmd_train_help},
    {"predict", cmd_predict, cmd_predict_help},
    {"evaluate", cmd_evaluate, cmd_evaluate_help},
    {"show", cmd_show, cmd_show_help},
    {"plot", cmd_plot, cmd_plot_help},
};

static const Command *find_command(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(commands[i].name, name) == 0) {
            return &commands[i];
        }
    }
    return NULL;
}

/* Prints the help of the command named, or the general help. */
static int help(const char *name)
{
    const Command *command;

    if (name == NULL || strcmp(name, "help") == 0) {
        print_help();
        return STATUS_OK;
    }
    command = find_command(name);
    if (command == NULL) {
        diag_usage(NULL, _("unknown command '%s'"), name);
        return STATUS_USAGE;
    }
    command->help();
    return STATUS_OK;
}

static int dispatch(int argc, char **argv)
{
    const char *name = argv[1];
    const Command *command;

    if (name == NULL) {
        diag_usage(NULL, _("missing command"));
        return STATUS_USAGE;
    }
    if (strcmp(name, "help") == 0) {
        return help(argv[2]);
    }
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
        return help(NULL);
    }
    if (strcmp(name, "--version") == 0) {
        printf("waterfit %s\n", WATERFIT_VERSION);
        return STATUS_OK;
    }

    command = find_command(name);
    if (command == NULL) {
        diag_usage(NULL, _("unknown command '%s'"), name);
        return STATUS_USAGE;
    }
    diag_set_command(command->name);
    return command->run(argc - 1, argv + 1);
}

int main(int argc, char **argv)
{
    /* Messages follow the user's language; numbers never do, so LC_NUMERIC
     * and the rest stay "C". */
    setlocale(LC_MESSAGES, "");
    setlocale(LC_CTYPE, "");
    bindtextdomain("waterfit", message_catalog_directory());
    textdomain("waterfit");

    int status = dispatch(argc, argv);

    /* After a failure the error is already reported, so only a success
     * still needs the final check of stdout. */
    if (status == STATUS_OK) {
        status = diag_close_stdout();
    }
    return status;
}
