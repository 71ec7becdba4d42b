/* Unit tests for diag.c's progress line of a long read: megabytes, SI
 * prefixes on counts, the percentage, rates, and a read of unknown size. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "diag.h"

/* Checks the line written for bytes of size read, rows and seconds. */
static void assert_line(long long bytes, long long size, long long rows, double seconds,
                        const char *expected)
{
    DiagReadProgress progress = {.bytes = bytes, .size = size, .rows = rows, .seconds = seconds};
    char text[DIAG_PROGRESS_TEXT_SIZE];

    diag_format_read_progress(&progress, text);
    assert_string_equal(text, expected);
}

static void progress_should_show_size_and_percentage(void **state)
{
    (void)state;
    assert_line(54300000, 112000000, 4800000, 0.5,
                "read=54.3MB/112MB done=48% rows=4.8M MB/s=109 rows/s=9.6M");
}

static void progress_of_unknown_size_should_leave_out_size(void **state)
{
    (void)state;
    assert_line(2000000, -1, 950000, 4,
                "read=2MB rows=950k MB/s=0.5 rows/s=238k");
}

static void progress_at_start_should_show_zero_rates(void **state)
{
    (void)state;
    assert_line(0, 1000, 0, 0,
                "read=0MB/0.001MB done=0% rows=0 MB/s=0 rows/s=0");
}

static void percentage_should_round_down(void **state)
{
    (void)state;
    assert_line(999, 1000, 12, 1,
                "read=0.000999MB/0.001MB done=99% rows=12 MB/s=0.000999 rows/s=12");
}

static void empty_file_should_be_all_done(void **state)
{
    (void)state;
    assert_line(0, 0, 0, 1,
                "read=0MB/0MB done=100% rows=0 MB/s=0 rows/s=0");
}

static void large_values_should_keep_integer_digits(void **state)
{
    (void)state;
    assert_line(20000000000LL, 20000000000LL, 999500, 16,
                "read=20000MB/20000MB done=100% rows=1M MB/s=1250 rows/s=62.5k");
}

static void rounding_up_should_move_to_next_prefix(void **state)
{
    (void)state;
    assert_line(999600, -1, 999999, 1,
                "read=1MB rows=1M MB/s=1 rows/s=1M");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(progress_should_show_size_and_percentage),
        cmocka_unit_test(progress_of_unknown_size_should_leave_out_size),
        cmocka_unit_test(progress_at_start_should_show_zero_rates),
        cmocka_unit_test(percentage_should_round_down),
        cmocka_unit_test(empty_file_should_be_all_done),
        cmocka_unit_test(large_values_should_keep_integer_digits),
        cmocka_unit_test(rounding_up_should_move_to_next_prefix),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
