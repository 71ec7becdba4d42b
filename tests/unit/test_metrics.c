/* Unit tests for metrics.c: hand-computed measures, the constant-y
 * convention for R², precision with a large offset and many rows, and
 * overflow detection. */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "metrics.h"

#define MANY_ROWS 1000000

static void assert_relative(const char *measure, double actual, double expected, double relative)
{
    double difference = fabs(actual - expected);

    if (difference > relative * fabs(expected)) {
        fail_msg("%s: expected %.17g, got %.17g (relative difference %.3g, allowed %.3g)",
                 measure, expected, actual, difference / fabs(expected), relative);
    }
}

static MetricsSummary summarize(const double *predictions, const double *y, int count)
{
    Metrics metrics;
    MetricsSummary summary;

    metrics_init(&metrics);
    for (int i = 0; i < count; i++) {
        metrics_add(&metrics, predictions[i], y[i]);
    }
    assert_true(metrics_are_finite(&metrics));
    metrics_summarize(&metrics, &summary);
    return summary;
}

/* Errors -10, 10, 0, -10: SSE 300, so MSE 75 and MAE 7.5. y has mean 732.5
 * and SST 88875, so R² = 1 - 300/88875 = 3543/3555. */
static void hand_computed_rows_should_give_exact_measures(void **state)
{
    static const double predictions[] = {500, 700, 900, 820};
    static const double y[] = {510, 690, 900, 830};

    (void)state;
    MetricsSummary summary = summarize(predictions, y, 4);

    assert_int_equal(summary.rows, 4);
    assert_relative("mse", summary.mse, 75.0, 1e-15);
    assert_relative("rmse", summary.rmse, sqrt(75.0), 1e-15);
    assert_relative("mae", summary.mae, 7.5, 1e-15);
    assert_relative("r2", summary.r2, 3543.0 / 3555.0, 1e-15);
}

static void predictions_worse_than_mean_should_give_negative_r2(void **state)
{
    static const double predictions[] = {3, 1};
    static const double y[] = {1, 3};

    (void)state;
    MetricsSummary summary = summarize(predictions, y, 2);

    /* SSE = 8 and SST = 2 about the mean 2, so R² = 1 - 4 = -3. */
    assert_relative("r2", summary.r2, -3.0, 1e-15);
}

static void constant_y_with_exact_predictions_should_give_r2_one(void **state)
{
    static const double predictions[] = {7, 7, 7};
    static const double y[] = {7, 7, 7};

    (void)state;
    MetricsSummary summary = summarize(predictions, y, 3);

    assert_true(summary.mse == 0.0);
    assert_true(summary.r2 == 1.0);
}

static void constant_y_with_any_error_should_give_r2_zero(void **state)
{
    static const double predictions[] = {7, 7, 7.5};
    static const double y[] = {7, 7, 7};

    (void)state;
    MetricsSummary summary = summarize(predictions, y, 3);

    assert_relative("mse", summary.mse, 0.25 / 3.0, 1e-15);
    assert_true(summary.r2 == 0.0);
}

static void single_row_should_be_summarized(void **state)
{
    static const double predictions[] = {4};
    static const double y[] = {1};

    (void)state;
    MetricsSummary summary = summarize(predictions, y, 1);

    assert_int_equal(summary.rows, 1);
    assert_true(summary.mse == 9.0);
    assert_true(summary.mae == 3.0);
    assert_true(summary.r2 == 0.0);
}

/* y = 1e9 + k for k = 0..7 has SST = 42 exactly, which naive sums of
 * squares (1e18 each) would lose. Every prediction is off by 0.5, which
 * is exact in binary, so SSE = 2 and R² = 1 - 2/42. */
static void large_offset_in_y_should_keep_r2(void **state)
{
    double predictions[8];
    double y[8];

    (void)state;
    for (int k = 0; k < 8; k++) {
        y[k] = 1e9 + k;
        predictions[k] = y[k] + (k % 2 == 0 ? 0.5 : -0.5);
    }
    MetricsSummary summary = summarize(predictions, y, 8);

    assert_true(summary.mse == 0.25);
    assert_true(summary.mae == 0.5);
    assert_relative("r2", summary.r2, 1.0 - 2.0 / 42.0, 1e-15);
}

/* A million rows with errors 1 and 3 in turn: MSE 5 and MAE 2. The running
 * means stay within a few rounding errors of them. */
static void many_rows_should_keep_the_means(void **state)
{
    Metrics metrics;
    MetricsSummary summary;

    (void)state;
    metrics_init(&metrics);
    for (int i = 0; i < MANY_ROWS; i++) {
        double y = 1e6 + (double)(i % 1000);
        metrics_add(&metrics, y + (i % 2 == 0 ? 1.0 : -3.0), y);
    }
    metrics_summarize(&metrics, &summary);

    assert_int_equal(summary.rows, MANY_ROWS);
    assert_relative("mse", summary.mse, 5.0, 1e-12);
    assert_relative("mae", summary.mae, 2.0, 1e-12);
    /* y cycles through 0..999 above 1e6: its variance is (1000^2 - 1) / 12. */
    double variance = (1000.0 * 1000.0 - 1.0) / 12.0;
    assert_relative("r2", summary.r2, 1.0 - 5.0 / variance, 1e-12);
}

static void overflowing_square_should_be_reported(void **state)
{
    Metrics metrics;

    (void)state;
    metrics_init(&metrics);
    metrics_add(&metrics, DBL_MAX / 2.0, -DBL_MAX / 2.0);
    assert_false(metrics_are_finite(&metrics));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hand_computed_rows_should_give_exact_measures),
        cmocka_unit_test(predictions_worse_than_mean_should_give_negative_r2),
        cmocka_unit_test(constant_y_with_exact_predictions_should_give_r2_one),
        cmocka_unit_test(constant_y_with_any_error_should_give_r2_zero),
        cmocka_unit_test(single_row_should_be_summarized),
        cmocka_unit_test(large_offset_in_y_should_keep_r2),
        cmocka_unit_test(many_rows_should_keep_the_means),
        cmocka_unit_test(overflowing_square_should_be_reported),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
