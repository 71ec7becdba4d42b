/* Unit tests for read_progress.c: the delay before the first progress
 * line and the interval between redraws. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "read_progress.h"

static void line_should_wait_for_delay(void **state)
{
    ReadProgress meter;

    (void)state;
    read_progress_start(&meter, 500);
    assert_false(read_progress_due(&meter, 0.0));
    assert_false(read_progress_due(&meter, 0.499));
    assert_true(read_progress_due(&meter, 0.5));
}

static void zero_delay_should_draw_at_once(void **state)
{
    ReadProgress meter;

    (void)state;
    read_progress_start(&meter, 0);
    assert_true(read_progress_due(&meter, 0.0));
}

static void redraw_should_wait_for_interval(void **state)
{
    ReadProgress meter;

    (void)state;
    read_progress_start(&meter, 500);
    assert_true(read_progress_due(&meter, 0.6));
    assert_false(read_progress_due(&meter, 0.6));
    assert_false(read_progress_due(&meter, 0.79));
    assert_true(read_progress_due(&meter, 0.81));
    assert_false(read_progress_due(&meter, 0.9));
    assert_true(read_progress_due(&meter, 5.0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(line_should_wait_for_delay),
        cmocka_unit_test(zero_delay_should_draw_at_once),
        cmocka_unit_test(redraw_should_wait_for_interval),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
