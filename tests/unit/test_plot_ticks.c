/* Unit tests for plot_ticks.c: 1-2-5 steps, axis ends that cover the
 * values, tick values that are the nearest doubles to their decimals,
 * decade ticks, positions on the axis, and rejected ranges. */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "plot_ticks.h"

#define RANDOM_RANGES 100000

/* One linear axis and the ticks expected on it. */
typedef struct {
    double minimum;
    double maximum;
    int target;
    double expected[12];
    int expected_count;
} LinearCase;

static uint64_t random_state = 0x9E3779B97F4A7C15u;

/* xorshift64*: a fixed sequence, so every run tests the same ranges. */
static double random_unit(void)
{
    random_state ^= random_state >> 12;
    random_state ^= random_state << 25;
    random_state ^= random_state >> 27;
    return (double)((random_state * 0x2545F4914F6CDD1Du) >> 11) / 9007199254740992.0;
}

static void assert_double_exact(double actual, double expected)
{
    if (actual != expected) {
        fail_msg("expected %.17g, got %.17g", expected, actual);
    }
}

static void linear_ticks_should_match_table(void **state)
{
    static const LinearCase cases[] = {
        /* The 52-day data: temperatures 5.4 to 20.2 °C. */
        {5.4, 20.2, 6, {5, 10, 15, 20, 25}, 5},
        {500, 3380, 6, {500, 1000, 1500, 2000, 2500, 3000, 3500}, 7},
        {0, 1, 5, {0, 0.2, 0.4, 0.6, 0.8, 1}, 6},
        {-3.7, 12.1, 6, {-5, 0, 5, 10, 15}, 5},
        {0.0012, 0.0097, 6, {0, 0.002, 0.004, 0.006, 0.008, 0.01}, 6},
        {0.3, 0.7, 4, {0.3, 0.4, 0.5, 0.6, 0.7}, 5},
        {20, 30, 6, {20, 22, 24, 26, 28, 30}, 6},
        {1e9, 5e9, 4, {1e9, 2e9, 3e9, 4e9, 5e9}, 5},
    };
    PlotTicks ticks;

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const LinearCase *test = &cases[i];

        assert_true(plot_ticks_linear(test->minimum, test->maximum, test->target, &ticks));
        assert_false(ticks.logarithmic);
        assert_int_equal(plot_ticks_count(&ticks), test->expected_count);
        for (int k = 0; k < test->expected_count; k++) {
            assert_double_exact(plot_ticks_value(&ticks, k), test->expected[k]);
        }
    }
}

static void linear_ticks_should_cover_random_ranges(void **state)
{
    PlotTicks ticks;

    (void)state;
    for (int i = 0; i < RANDOM_RANGES; i++) {
        double scale = pow(10.0, floor(random_unit() * 20.0) - 10.0);
        double minimum = (random_unit() - 0.5) * scale;
        double maximum = minimum + random_unit() * scale;
        int target = 1 + (int)(random_unit() * 10.0);

        assert_true(plot_ticks_linear(minimum, maximum, target, &ticks));
        int count = plot_ticks_count(&ticks);
        assert_in_range(count, 2, target + 3);
        assert_true(ticks.mantissa == 1 || ticks.mantissa == 2 || ticks.mantissa == 5);

        /* The slack lets a value sit a billionth of a step outside. */
        double step = plot_ticks_value(&ticks, 1) - plot_ticks_value(&ticks, 0);
        assert_true(plot_ticks_value(&ticks, 0) <= minimum + step * 1e-8);
        assert_true(plot_ticks_value(&ticks, count - 1) >= maximum - step * 1e-8);
    }
}

static void empty_range_should_be_widened(void **state)
{
    PlotTicks ticks;

    (void)state;
    assert_true(plot_ticks_linear(1500, 1500, 6, &ticks));
    assert_true(plot_ticks_value(&ticks, 0) < 1500);
    assert_true(plot_ticks_value(&ticks, plot_ticks_count(&ticks) - 1) > 1500);

    assert_true(plot_ticks_linear(0, 0, 4, &ticks));
    assert_double_exact(plot_ticks_value(&ticks, 0), -1);
    assert_double_exact(plot_ticks_value(&ticks, plot_ticks_count(&ticks) - 1), 1);
}

static void linear_ticks_should_reject_bad_ranges(void **state)
{
    PlotTicks ticks;

    (void)state;
    assert_false(plot_ticks_linear((double)NAN, 1, 5, &ticks));
    assert_false(plot_ticks_linear(0, (double)INFINITY, 5, &ticks));
    assert_false(plot_ticks_linear(2, 1, 5, &ticks));
    assert_false(plot_ticks_linear(0, 1, 0, &ticks));
    /* The range overflows. */
    assert_false(plot_ticks_linear(-DBL_MAX, DBL_MAX, 5, &ticks));
    /* Tick labels would need more digits than a double has. */
    assert_false(plot_ticks_linear(1e20, 1e20 + 1e5, 5, &ticks));
}

static void log_ticks_should_be_whole_decades(void **state)
{
    PlotTicks ticks;

    (void)state;
    assert_true(plot_ticks_log(1, 1000, 5, &ticks));
    assert_true(ticks.logarithmic);
    assert_int_equal(plot_ticks_count(&ticks), 4);
    assert_double_exact(plot_ticks_value(&ticks, 0), 1);
    assert_double_exact(plot_ticks_value(&ticks, 3), 1000);

    /* A training loss from 2.1e4 down to 3.9e-12: 17 decades, so every
     * 4th decade gets a tick. */
    assert_true(plot_ticks_log(3.9e-12, 2.1e4, 5, &ticks));
    assert_int_equal(ticks.decades, 4);
    assert_int_equal(plot_ticks_count(&ticks), 6);
    assert_double_exact(plot_ticks_value(&ticks, 0), 1e-12);
    assert_double_exact(plot_ticks_value(&ticks, 5), 1e8);
}

static void log_ticks_should_span_a_decade(void **state)
{
    PlotTicks ticks;

    (void)state;
    assert_true(plot_ticks_log(148, 148, 5, &ticks));
    assert_int_equal(plot_ticks_count(&ticks), 2);
    assert_double_exact(plot_ticks_value(&ticks, 0), 100);
    assert_double_exact(plot_ticks_value(&ticks, 1), 1000);

    assert_true(plot_ticks_log(100, 100, 5, &ticks));
    assert_int_equal(plot_ticks_count(&ticks), 2);
    assert_double_exact(plot_ticks_value(&ticks, 0), 100);
}

static void log_ticks_should_reject_nonpositive(void **state)
{
    PlotTicks ticks;

    (void)state;
    assert_false(plot_ticks_log(0, 1, 5, &ticks));
    assert_false(plot_ticks_log(-1, 1, 5, &ticks));
    assert_false(plot_ticks_log(1, (double)INFINITY, 5, &ticks));
    assert_false(plot_ticks_log(10, 1, 5, &ticks));
}

static void positions_should_run_from_zero_to_one(void **state)
{
    PlotTicks ticks;

    (void)state;
    assert_true(plot_ticks_linear(5.4, 20.2, 6, &ticks));
    assert_double_exact(plot_ticks_position(&ticks, 5), 0);
    assert_double_exact(plot_ticks_position(&ticks, 25), 1);
    assert_double_exact(plot_ticks_position(&ticks, 15), 0.5);

    assert_true(plot_ticks_log(1, 1000, 5, &ticks));
    assert_double_exact(plot_ticks_position(&ticks, 1), 0);
    assert_double_exact(plot_ticks_position(&ticks, 1000), 1);
    assert_true(fabs(plot_ticks_position(&ticks, 10) - 1.0 / 3.0) < 1e-15);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(linear_ticks_should_match_table),
        cmocka_unit_test(linear_ticks_should_cover_random_ranges),
        cmocka_unit_test(empty_range_should_be_widened),
        cmocka_unit_test(linear_ticks_should_reject_bad_ranges),
        cmocka_unit_test(log_ticks_should_be_whole_decades),
        cmocka_unit_test(log_ticks_should_span_a_decade),
        cmocka_unit_test(log_ticks_should_reject_nonpositive),
        cmocka_unit_test(positions_should_run_from_zero_to_one),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
