/* Unit tests for moments.c: Welford's update and Chan's merge against
 * two-pass sums in long double. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "moments.h"

#define PAIR_COUNT 1000

typedef struct {
    long double mean_x;
    long double mean_y;
    long double sxx;
    long double sxy;
    long double syy;
} TwoPass;

static uint64_t random_state = 0x9E3779B97F4A7C15u;

/* xorshift64*: a fixed sequence, so every run tests the same pairs. */
static double random_unit(void)
{
    random_state ^= random_state >> 12;
    random_state ^= random_state << 25;
    random_state ^= random_state >> 27;
    return (double)((random_state * 0x2545F4914F6CDD1Du) >> 11) / 9007199254740992.0;
}

static TwoPass two_pass(const double *x, const double *y, int count)
{
    TwoPass result = {0};

    for (int i = 0; i < count; i++) {
        result.mean_x += (long double)x[i];
        result.mean_y += (long double)y[i];
    }
    result.mean_x /= count;
    result.mean_y /= count;
    for (int i = 0; i < count; i++) {
        long double dx = (long double)x[i] - result.mean_x;
        long double dy = (long double)y[i] - result.mean_y;

        result.sxx += dx * dx;
        result.sxy += dx * dy;
        result.syy += dy * dy;
    }
    return result;
}

static void assert_close(double actual, long double expected, double relative)
{
    double difference = fabs(actual - (double)expected);
    double allowed = relative * fabs((double)expected) + 1e-300;

    if (difference > allowed) {
        fail_msg("expected %.17g, got %.17g (difference %.3g, allowed %.3g)", (double)expected,
                 actual, difference, allowed);
    }
}

static void assert_moments_equal(const Moments *moments, const TwoPass *expected,
                                 double relative)
{
    assert_close(moments->mean_x, expected->mean_x, relative);
    assert_close(moments->mean_y, expected->mean_y, relative);
    assert_close(moments->sxx, expected->sxx, relative);
    assert_close(moments->sxy, expected->sxy, relative);
    assert_close(moments->syy, expected->syy, relative);
}

static void moments_should_match_two_pass_sums(void **state)
{
    double x[PAIR_COUNT];
    double y[PAIR_COUNT];
    Moments moments;

    (void)state;
    moments_init(&moments);
    for (int i = 0; i < PAIR_COUNT; i++) {
        x[i] = 20.0 + 15.0 * random_unit();
        y[i] = 40.0 * x[i] - 300.0 + 50.0 * (random_unit() - 0.5);
        moments_add(&moments, x[i], y[i]);
    }

    TwoPass expected = two_pass(x, y, PAIR_COUNT);
    assert_int_equal(moments.count, PAIR_COUNT);
    assert_moments_equal(&moments, &expected, 1e-12);
}

/* x = 1e9 + k with k = 0..7 has Sxx = 42 exactly; naive sums of squares
 * (1e18 each) would lose it entirely in doubles. */
static void moments_should_keep_small_spread_at_large_mean(void **state)
{
    Moments moments;

    (void)state;
    moments_init(&moments);
    for (int k = 0; k < 8; k++) {
        moments_add(&moments, 1e9 + k, 2.0 * k);
    }

    assert_true(moments.mean_x == 1e9 + 3.5);
    assert_close(moments.sxx, 42.0L, 1e-15);
    assert_close(moments.sxy, 84.0L, 1e-15);
    assert_close(moments.syy, 168.0L, 1e-15);
}

static void merge_should_equal_adding_in_sequence(void **state)
{
    double x[PAIR_COUNT];
    double y[PAIR_COUNT];
    Moments first;
    Moments second;

    (void)state;
    moments_init(&first);
    moments_init(&second);
    for (int i = 0; i < PAIR_COUNT; i++) {
        x[i] = 1e6 + random_unit();
        y[i] = -3.0 * x[i] + random_unit();
        moments_add(i < 300 ? &first : &second, x[i], y[i]);
    }
    moments_merge(&first, &second);

    /* Each deviation from a mean of 3e6 carries a rounding error of about
     * 3e6 * 1.1e-16 against a spread of about 1, so the sums agree to about
     * 3e-10 relative, in one pass or merged. */
    TwoPass expected = two_pass(x, y, PAIR_COUNT);
    assert_int_equal(first.count, PAIR_COUNT);
    assert_moments_equal(&first, &expected, 2e-9);
}

static void merge_should_handle_empty_sets(void **state)
{
    Moments empty;
    Moments full;
    Moments copy;

    (void)state;
    moments_init(&empty);
    moments_init(&full);
    moments_add(&full, 1.0, 2.0);
    moments_add(&full, 3.0, 5.0);
    copy = full;

    moments_merge(&full, &empty);
    assert_memory_equal(&full, &copy, sizeof full);
    moments_merge(&empty, &full);
    assert_memory_equal(&empty, &copy, sizeof full);
}

static void finite_check_should_catch_overflow(void **state)
{
    Moments moments;

    (void)state;
    moments_init(&moments);
    moments_add(&moments, 1.0, 1.0);
    moments_add(&moments, 2.0, 2.0);
    assert_true(moments_are_finite(&moments));

    moments_add(&moments, 1e200, 1.0);
    moments_add(&moments, 3e200, 1.0);
    assert_false(moments_are_finite(&moments));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(moments_should_match_two_pass_sums),
        cmocka_unit_test(moments_should_keep_small_spread_at_large_mean),
        cmocka_unit_test(merge_should_equal_adding_in_sequence),
        cmocka_unit_test(merge_should_handle_empty_sets),
        cmocka_unit_test(finite_check_should_catch_overflow),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
