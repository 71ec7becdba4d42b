/* report.c: the formula and the R² note that train and show print. */
#include "report.h"

#include <langinfo.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "error.h"
#include "i18n.h"
#include "number.h"

/* Room for one quoted column name: a quarter of a report each leaves room
 * for two names, the numbers and the words. */
#define NAME_SIZE (REPORT_TEXT_SIZE / 4)

/* Room for "the mean of " and a quoted name. */
#define BASELINE_SIZE (NAME_SIZE + 32)

/* The symbols that differ between a UTF-8 terminal and plain ASCII. */
typedef struct {
    const char *approximately;
    const char *times;
    const char *minus;
    const char *r_squared;
} Symbols;

static Symbols symbols_for(bool utf8)
{
    static const Symbols unicode = {"≈", "×", "−", "R²"};
    static const Symbols ascii = {"~", "*", "-", "R^2"};

    return utf8 ? unicode : ascii;
}

static void quote_name(const char *name, char quoted[NAME_SIZE])
{
    error_quote(name, strlen(name), quoted, NAME_SIZE);
}

bool report_locale_is_utf8(void)
{
    return strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
}

char *report_formula(const Model *model, bool utf8, char text[REPORT_TEXT_SIZE])
{
    Symbols symbols = symbols_for(utf8);
    char target[NAME_SIZE];
    char feature[NAME_SIZE];
    char weight[NUMBER_TEXT_SIZE];
    char bias[NUMBER_TEXT_SIZE];
    int length;

    quote_name(model->target, target);
    quote_name(model->feature, feature);
    number_format(fabs(model->weight), REPORT_DIGITS, weight);
    number_format(fabs(model->bias), REPORT_DIGITS, bias);

    /* The weight's sign goes in front, written with the same minus as the
     * bias's, so "−2 × x − 3" does not mix two kinds of dash. */
    length = snprintf(text, REPORT_TEXT_SIZE, "%s %s %s%s %s %s", target,
                      symbols.approximately, model->weight < 0.0 ? symbols.minus : "", weight,
                      symbols.times, feature);

    bool no_intercept = model->has_training && !model->training.intercept;
    if (no_intercept && model->bias == 0.0) {
        return text;
    }
    snprintf(text + length, REPORT_TEXT_SIZE - (size_t)length, " %s %s",
             model->bias < 0.0 ? symbols.minus : "+", bias);
    return text;
}

/* Writes what R² compares the line with: the mean of y with an intercept;
 * without one, train computes R² about 0, so the line is compared with 0.
 * *about is the words that follow "the variation in y". */
static void describe_baseline(const TrainingReport *training, const char *target,
                              const char **about, char baseline[BASELINE_SIZE])
{
    if (training->intercept) {
        *about = "";
        snprintf(baseline, BASELINE_SIZE, _("the mean of %s"), target);
    } else {
        *about = _(" about 0");
        snprintf(baseline, BASELINE_SIZE, "%s", _("a constant 0"));
    }
}

/* A training object without "mse" and "r2" loads both as 0, which no fit
 * gives: an MSE of 0 makes R² 1. */
static bool has_fit_statistics(const Model *model)
{
    return model->has_training && (model->training.mse != 0.0 || model->training.r2 != 0.0);
}

bool report_r2_note(const Model *model, bool utf8, char text[REPORT_TEXT_SIZE])
{
    const TrainingReport *training = &model->training;
    Symbols symbols = symbols_for(utf8);
    char feature[NAME_SIZE];
    char target[NAME_SIZE];
    char percent[NUMBER_TEXT_SIZE];
    char r2[NUMBER_TEXT_SIZE];
    char baseline[BASELINE_SIZE];
    const char *about;

    if (!has_fit_statistics(model) || !(training->r2 < REPORT_WEAK_R2)) {
        return false;
    }
    quote_name(model->feature, feature);
    quote_name(model->target, target);
    number_format(training->r2 * 100.0, 2, percent);
    number_format(training->r2, 2, r2);
    describe_baseline(training, target, &about, baseline);

    if (training->r2 < 0.0) {
        snprintf(text, REPORT_TEXT_SIZE,
                 _("%s explains none of the variation in %s%s (%s = %s): the line predicts "
                   "worse than %s."), feature, target, about, symbols.r_squared, r2, baseline);
    } else if (training->r2 < REPORT_POOR_R2) {
        snprintf(text, REPORT_TEXT_SIZE,
                 _("%s explains only %s %% of the variation in %s%s (%s = %s): the line "
                   "predicts little better than %s."), feature, percent, target, about,
                 symbols.r_squared, r2, baseline);
    } else {
        snprintf(text, REPORT_TEXT_SIZE,
                 _("%s explains %s %% of the variation in %s%s (%s = %s), less than half: "
                   "single predictions can be far off."), feature, percent, target, about,
                 symbols.r_squared, r2);
    }
    return true;
}
