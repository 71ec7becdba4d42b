/* Unit tests for plot_sample.c: every point below the capacity, an even
 * subsample with the smallest power-of-two stride above it, bounds over all
 * points, and the last point. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "plot_sample.h"

/* Adds the points (i, -i) for i from 0 to count - 1. */
static void add_points(PlotSample *sample, long long count)
{
    for (long long i = 0; i < count; i++) {
        plot_sample_add(sample, (double)i, (double)-i);
    }
}

static void sample_should_keep_all_below_capacity(void **state)
{
    PlotSample sample;

    (void)state;
    assert_true(plot_sample_init(&sample, 8));
    add_points(&sample, 8);
    assert_int_equal(sample.count, 8);
    assert_int_equal(sample.added, 8);
    assert_int_equal(sample.stride, 1);
    for (size_t i = 0; i < sample.count; i++) {
        assert_true(sample.points[i].x == (double)i);
        assert_true(sample.points[i].y == -(double)i);
    }
    assert_false(plot_sample_last_is_dropped(&sample));
    plot_sample_free(&sample);
}

static void full_sample_should_double_stride(void **state)
{
    PlotSample sample;

    (void)state;
    assert_true(plot_sample_init(&sample, 4));
    add_points(&sample, 10);
    /* 10 points in at most 4: stride 2 would keep 5, stride 4 keeps 3. */
    assert_int_equal(sample.stride, 4);
    assert_int_equal(sample.count, 3);
    assert_true(sample.points[0].x == 0);
    assert_true(sample.points[1].x == 4);
    assert_true(sample.points[2].x == 8);
    assert_true(sample.last.x == 9);
    assert_true(plot_sample_last_is_dropped(&sample));
    plot_sample_free(&sample);
}

/* For many counts and capacities, odd ones included: the kept points are
 * exactly the multiples of the stride, in order, and the stride is the
 * smallest power of two that keeps at most capacity points. */
static void sample_should_keep_stride_multiples(void **state)
{
    static const size_t capacities[] = {1, 2, 3, 4, 7, 8, 16, 100};

    (void)state;
    for (size_t c = 0; c < sizeof capacities / sizeof capacities[0]; c++) {
        for (long long count = 1; count <= 500; count++) {
            PlotSample sample;
            long long stride;

            assert_true(plot_sample_init(&sample, capacities[c]));
            add_points(&sample, count);
            stride = sample.stride;

            assert_int_equal(sample.count, (size_t)((count + stride - 1) / stride));
            assert_true(sample.count <= capacities[c]);
            if (stride > 1) {
                long long half = stride / 2;
                assert_true((count + half - 1) / half > (long long)capacities[c]);
            }
            for (size_t i = 0; i < sample.count; i++) {
                assert_true(sample.points[i].x == (double)((long long)i * stride));
            }
            plot_sample_free(&sample);
        }
    }
}

static void bounds_should_cover_dropped_points(void **state)
{
    PlotSample sample;

    (void)state;
    assert_true(plot_sample_init(&sample, 2));
    plot_sample_add(&sample, 1, 10);
    plot_sample_add(&sample, -7, 3);
    plot_sample_add(&sample, 2, 11);
    plot_sample_add(&sample, 50, -4);
    plot_sample_add(&sample, 3, 12);
    assert_int_equal(sample.stride, 4);
    assert_int_equal(sample.count, 2);
    assert_true(sample.minimum.x == -7);
    assert_true(sample.maximum.x == 50);
    assert_true(sample.minimum.y == -4);
    assert_true(sample.maximum.y == 12);
    assert_true(sample.last.x == 3);
    assert_false(plot_sample_last_is_dropped(&sample));
    plot_sample_free(&sample);
}

static void empty_sample_should_have_no_last(void **state)
{
    PlotSample sample;

    (void)state;
    assert_true(plot_sample_init(&sample, 4));
    assert_int_equal(sample.added, 0);
    assert_false(plot_sample_last_is_dropped(&sample));
    plot_sample_free(&sample);
    assert_null(sample.points);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sample_should_keep_all_below_capacity),
        cmocka_unit_test(full_sample_should_double_stride),
        cmocka_unit_test(sample_should_keep_stride_multiples),
        cmocka_unit_test(bounds_should_cover_dropped_points),
        cmocka_unit_test(empty_sample_should_have_no_last),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
