/* Unit tests for report.c: the formula in ASCII and UTF-8 with every sign
 * and intercept case, escaped and cut names, and the R² note at each
 * threshold. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "report.h"

/* Model names are not const, so the tests keep theirs in arrays. */
static char temperature[] = "temperature";
static char water[] = "water";
static char control_name[] = "temp\n\x1b[31m";

/* A model of water (ml) against temperature (°C), with a training report
 * that has an intercept and the given R². */
static Model trained_model(double weight, double bias, double r2)
{
    Model model = {
        .feature = temperature,
        .target = water,
        .weight = weight,
        .bias = bias,
        .has_training = true,
    };

    model.training.intercept = true;
    model.training.mse = 1.0;
    model.training.r2 = r2;
    return model;
}

static void formula_should_use_ascii_symbols(void **state)
{
    Model model = trained_model(40, -300, 1);
    char text[REPORT_TEXT_SIZE];

    (void)state;
    assert_string_equal(report_formula(&model, false, text),
                        "water ~ 40 * temperature - 300");
}

static void formula_should_use_utf8_symbols(void **state)
{
    Model model = trained_model(40, -300, 1);
    char text[REPORT_TEXT_SIZE];

    (void)state;
    assert_string_equal(report_formula(&model, true, text),
                        "water ≈ 40 × temperature − 300");
}

static void formula_should_write_both_signs_alike(void **state)
{
    Model model = trained_model(-2.5, 3, 1);
    char text[REPORT_TEXT_SIZE];

    (void)state;
    assert_string_equal(report_formula(&model, true, text), "water ≈ −2.5 × temperature + 3");
    assert_string_equal(report_formula(&model, false, text),
                        "water ~ -2.5 * temperature + 3");
}

static void formula_should_round_to_ten_digits(void **state)
{
    Model model = trained_model(40.00000000000017, -300.0000000000043, 1);
    char text[REPORT_TEXT_SIZE];

    (void)state;
    assert_string_equal(report_formula(&model, false, text),
                        "water ~ 40 * temperature - 300");
}

static void formula_without_intercept_should_leave_out_bias(void **state)
{
    Model model = trained_model(2.5, 0, 1);
    char text[REPORT_TEXT_SIZE];

    (void)state;
    model.training.intercept = false;
    assert_string_equal(report_formula(&model, false, text), "water ~ 2.5 * temperature");
}

/* A hand-edited file may set a bias although training had no intercept,
 * and predictions use it, so the formula must show it. */
static void formula_should_show_bias_that_predictions_use(void **state)
{
    Model model = trained_model(2.5, 1, 1);
    char text[REPORT_TEXT_SIZE];

    (void)state;
    model.training.intercept = false;
    assert_string_equal(report_formula(&model, false, text), "water ~ 2.5 * temperature + 1");
}

/* A model file without a training object does not record the intercept,
 * so the bias is shown even when it is 0. */
static void formula_without_training_should_show_bias(void **state)
{
    Model model = trained_model(40, 0, 1);
    char text[REPORT_TEXT_SIZE];

    (void)state;
    model.has_training = false;
    model.training.intercept = false;
    assert_string_equal(report_formula(&model, false, text),
                        "water ~ 40 * temperature + 0");
}

static void formula_should_escape_control_characters_in_names(void **state)
{
    Model model = trained_model(1, 2, 1);
    char text[REPORT_TEXT_SIZE];

    (void)state;
    model.feature = control_name;
    assert_string_equal(report_formula(&model, false, text),
                        "water ~ 1 * temp\\x0A\\x1B[31m + 2");
}

static void formula_should_cut_long_names_to_fit(void **state)
{
    char name[4000];
    char text[REPORT_TEXT_SIZE];
    Model model = trained_model(1, 2, 1);

    (void)state;
    memset(name, 'a', sizeof name - 1);
    name[sizeof name - 1] = '\0';
    model.feature = name;
    model.target = name;
    report_formula(&model, false, text);
    assert_true(strlen(text) < REPORT_TEXT_SIZE);
    assert_non_null(strstr(text, "... ~ 1 * aaa"));
    assert_non_null(strstr(text, "... + 2"));
}

static void note_below_poor_threshold_should_mention_the_mean(void **state)
{
    Model model = trained_model(10.98, 1397.4, 0.0076251184115594395);
    char text[REPORT_TEXT_SIZE];

    (void)state;
    assert_true(report_r2_note(&model, true, text));
    assert_string_equal(text, "temperature explains only 0.76 % of the variation in water "
                              "(R² = 0.0076): the line predicts little better than the mean "
                              "of water.");
    assert_true(report_r2_note(&model, false, text));
    assert_string_equal(text, "temperature explains only 0.76 % of the variation in water "
                              "(R^2 = 0.0076): the line predicts little better than the mean "
                              "of water.");
}

static void note_below_weak_threshold_should_warn_of_wide_errors(void **state)
{
    Model model = trained_model(1, 0, 0.3217);
    char text[REPORT_TEXT_SIZE];

    (void)state;
    assert_true(report_r2_note(&model, false, text));
    assert_string_equal(text, "temperature explains 32 % of the variation in water "
                              "(R^2 = 0.32), less than half: single predictions can be far "
                              "off.");
}

static void note_at_poor_threshold_should_be_the_weak_one(void **state)
{
    Model model = trained_model(1, 0, REPORT_POOR_R2);
    char text[REPORT_TEXT_SIZE];

    (void)state;
    assert_true(report_r2_note(&model, false, text));
    assert_non_null(strstr(text, "explains 10 % of"));
}

static void note_for_negative_r2_should_say_worse_than_mean(void **state)
{
    Model model = trained_model(1, 0, -0.157);
    char text[REPORT_TEXT_SIZE];

    (void)state;
    assert_true(report_r2_note(&model, false, text));
    assert_string_equal(text, "temperature explains none of the variation in water "
                              "(R^2 = -0.16): the line predicts worse than the mean of "
                              "water.");
}

static void note_without_intercept_should_compare_with_zero(void **state)
{
    Model model = trained_model(1, 0, 0.05);
    char text[REPORT_TEXT_SIZE];

    (void)state;
    model.training.intercept = false;
    assert_true(report_r2_note(&model, false, text));
    assert_string_equal(text, "temperature explains only 5 % of the variation in water about 0 "
                              "(R^2 = 0.05): the line predicts little better than a constant "
                              "0.");
}

static void note_should_be_absent_from_weak_threshold_up(void **state)
{
    Model model = trained_model(1, 0, REPORT_WEAK_R2);
    char text[REPORT_TEXT_SIZE] = "unchanged";

    (void)state;
    assert_false(report_r2_note(&model, false, text));
    model.training.r2 = 0.99;
    assert_false(report_r2_note(&model, false, text));
    assert_string_equal(text, "unchanged");
}

static void note_should_be_absent_without_fit_statistics(void **state)
{
    Model model = trained_model(1, 0, 0);
    char text[REPORT_TEXT_SIZE] = "unchanged";

    (void)state;
    model.training.mse = 0.0;
    assert_false(report_r2_note(&model, false, text));
    model.training.mse = 1.0;
    model.has_training = false;
    assert_false(report_r2_note(&model, false, text));
    assert_string_equal(text, "unchanged");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(formula_should_use_ascii_symbols),
        cmocka_unit_test(formula_should_use_utf8_symbols),
        cmocka_unit_test(formula_should_write_both_signs_alike),
        cmocka_unit_test(formula_should_round_to_ten_digits),
        cmocka_unit_test(formula_without_intercept_should_leave_out_bias),
        cmocka_unit_test(formula_should_show_bias_that_predictions_use),
        cmocka_unit_test(formula_without_training_should_show_bias),
        cmocka_unit_test(formula_should_escape_control_characters_in_names),
        cmocka_unit_test(formula_should_cut_long_names_to_fit),
        cmocka_unit_test(note_below_poor_threshold_should_mention_the_mean),
        cmocka_unit_test(note_below_weak_threshold_should_warn_of_wide_errors),
        cmocka_unit_test(note_at_poor_threshold_should_be_the_weak_one),
        cmocka_unit_test(note_for_negative_r2_should_say_worse_than_mean),
        cmocka_unit_test(note_without_intercept_should_compare_with_zero),
        cmocka_unit_test(note_should_be_absent_from_weak_threshold_up),
        cmocka_unit_test(note_should_be_absent_without_fit_statistics),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
