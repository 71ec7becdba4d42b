/* commands.h: the subcommands. Each takes its own argv (argv[0] is the
 * subcommand's name), talks to the user through diag, and returns the
 * process exit status. */
#ifndef WATERFIT_COMMANDS_H
#define WATERFIT_COMMANDS_H

int cmd_train(int argc, char **argv);
int cmd_predict(int argc, char **argv);
int cmd_evaluate(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_plot(int argc, char **argv);

/* Print the subcommand's --help text to stdout. */
void cmd_train_help(void);
void cmd_predict_help(void);
void cmd_evaluate_help(void);
void cmd_show_help(void);
void cmd_plot_help(void);

#endif
