/* test_csv_chunk.c: tests of csv_chunk.c: line starts at every kind of line
 * end, and chunk moments from the short loop and from libcsv. */
#include "csv_chunk.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "csv_parallel.h"

/* Checks csv_chunk_line_start on text from from, not at the end of input. */
static void assert_line_start(const char *text, size_t from, size_t expected)
{
    size_t start = 0;

    assert_true(csv_chunk_line_start(text, strlen(text), from, false, &start));
    assert_int_equal(start, expected);
}

static void assert_line_start_unknown(const char *text, size_t from)
{
    size_t start = 0;

    assert_false(csv_chunk_line_start(text, strlen(text), from, false, &start));
}

static void line_start_should_follow_each_line_end(void **state)
{
    (void)state;
    assert_line_start("ab\ncd\n", 0, 0);
    assert_line_start("ab\ncd\n", 1, 3);
    assert_line_start("ab\ncd\n", 3, 3);
    assert_line_start("ab\ncd\nef", 4, 6);
    assert_line_start("ab\r\ncd\r\n", 1, 4);
    assert_line_start("ab\rcd\r", 2, 3);
    assert_line_start("ab\r\ncd", 3, 4);
    assert_line_start("ab\r\ncd", 4, 4);
    assert_line_start("a\r\r\nb", 2, 2);
    assert_line_start("a\r\r\nb", 3, 4);
}

static void line_start_should_wait_for_more_bytes(void **state)
{
    (void)state;
    assert_line_start_unknown("abcdef", 2);
    assert_line_start_unknown("ab\r", 2);
    assert_line_start_unknown("ab\ncd", 4);
}

static void line_start_should_be_the_end_at_end_of_input(void **state)
{
    size_t start = 0;

    (void)state;
    assert_true(csv_chunk_line_start("abcdef", 6, 2, true, &start));
    assert_int_equal(start, 6);
    assert_true(csv_chunk_line_start("ab\r", 3, 2, true, &start));
    assert_int_equal(start, 3);
    assert_true(csv_chunk_line_start("ab\n", 3, 3, false, &start));
    assert_int_equal(start, 3);
}

static CsvOptions test_options = {.path = "test.csv", .header = CSV_HEADER_PRESENT};

static CsvLayout comma_layout(void)
{
    CsvLayout layout = {
        .options = &test_options,
        .delimiter = ',',
        .x_index = 1,
        .y_index = 2,
        .x_name = "x",
        .y_name = "y",
        .field_count = 3,
        .first_line = 1,
        .has_header = true,
    };
    return layout;
}

/* Reads text as one chunk that ends the input. */
static CsvChunkResult read_text(const CsvLayout *layout, const char *text)
{
    CsvChunkResult result;

    csv_chunk_read(layout, text, strlen(text), true, &result);
    return result;
}

static void assert_moments_identical(const Moments *actual, const Moments *expected)
{
    assert_int_equal(actual->count, expected->count);
    assert_memory_equal(actual, expected, sizeof *actual);
}

static void chunk_should_add_rows_in_order(void **state)
{
    CsvLayout layout = comma_layout();
    CsvChunkResult result = read_text(&layout, "20,500\n25,700\r\n30,900\r28,820");
    Moments expected;

    (void)state;
    moments_init(&expected);
    moments_add(&expected, 20, 500);
    moments_add(&expected, 25, 700);
    moments_add(&expected, 30, 900);
    moments_add(&expected, 28, 820);
    assert_int_equal(result.status, STATUS_OK);
    assert_false(result.has_quote);
    assert_int_equal(result.lines, 3);
    assert_moments_identical(&result.moments, &expected);
}

/* Blank lines, padded and all-empty rows make the short loop hand the
 * chunk to libcsv; the rows must come out the same. */
static void unusual_lines_should_give_the_same_moments(void **state)
{
    CsvLayout layout = comma_layout();
    CsvChunkResult plain = read_text(&layout, "20,500\n25,700\n30,900\n");
    CsvChunkResult unusual = read_text(&layout, "\n 20 ,500\n   \n,\n25,700,extra\n\n30,\t900\n");

    (void)state;
    assert_int_equal(unusual.status, STATUS_OK);
    assert_int_equal(unusual.lines, 7);
    assert_moments_identical(&unusual.moments, &plain.moments);
}

/* A row longer than the first record is for the libcsv path to judge. */
static void long_row_should_give_the_same_moments(void **state)
{
    CsvLayout layout = comma_layout();
    CsvChunkResult plain;
    CsvChunkResult longer;

    (void)state;
    layout.field_count = 2;
    plain = read_text(&layout, "20,500\n25,700\n");
    longer = read_text(&layout, "20,500,\n25,700\n");
    assert_int_equal(longer.status, STATUS_OK);
    assert_int_equal(longer.lines, 2);
    assert_moments_identical(&longer.moments, &plain.moments);
}

static void quote_should_leave_chunk_unread(void **state)
{
    CsvLayout layout = comma_layout();
    CsvChunkResult result = read_text(&layout, "20,500\n\"25\",700\n");

    (void)state;
    assert_true(result.has_quote);
    assert_int_equal(result.status, STATUS_OK);
    assert_int_equal(result.moments.count, 0);
}

static void bad_value_should_report_line_in_chunk(void **state)
{
    CsvLayout layout = comma_layout();
    CsvChunkResult result = read_text(&layout, "20,500\r\n25,700\r\n30,nine\r\n");

    (void)state;
    assert_int_equal(result.status, STATUS_DATA);
    assert_int_equal(result.error.line, 3);
    assert_string_equal(result.error.message, "column 2 ('y'): 'nine' is not a decimal number");
}

static void nul_on_first_line_should_not_be_utf16(void **state)
{
    CsvLayout layout = comma_layout();
    CsvChunkResult result;

    (void)state;
    csv_chunk_read(&layout, "20,5\0\n", 6, true, &result);
    assert_int_equal(result.status, STATUS_DATA);
    assert_int_equal(result.error.line, 1);
    assert_string_equal(result.error.message,
                        "column 2: unexpected NUL byte; save the file as CSV UTF-8");
}

static void chosen_columns_should_be_read_in_any_order(void **state)
{
    CsvLayout layout = comma_layout();
    CsvChunkResult result;

    (void)state;
    layout.delimiter = ';';
    layout.x_index = 3;
    layout.y_index = 1;
    result = read_text(&layout, "500;a;20\n700;b;25\n");
    assert_int_equal(result.status, STATUS_OK);
    assert_int_equal(result.moments.count, 2);
    assert_true(result.moments.mean_x == 22.5);
    assert_true(result.moments.mean_y == 600);
}

static void thread_count_should_accept_only_small_whole_numbers(void **state)
{
    int threads = 0;

    (void)state;
    assert_true(csv_parallel_parse_threads("1", &threads));
    assert_int_equal(threads, 1);
    assert_true(csv_parallel_parse_threads("256", &threads));
    assert_int_equal(threads, 256);
    assert_false(csv_parallel_parse_threads("0", &threads));
    assert_false(csv_parallel_parse_threads("257", &threads));
    assert_false(csv_parallel_parse_threads("99999999999999999999", &threads));
    assert_false(csv_parallel_parse_threads("2x", &threads));
    assert_false(csv_parallel_parse_threads(" 2", &threads));
    assert_false(csv_parallel_parse_threads("", &threads));
    assert_int_equal(threads, 256);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(line_start_should_follow_each_line_end),
        cmocka_unit_test(line_start_should_wait_for_more_bytes),
        cmocka_unit_test(line_start_should_be_the_end_at_end_of_input),
        cmocka_unit_test(chunk_should_add_rows_in_order),
        cmocka_unit_test(unusual_lines_should_give_the_same_moments),
        cmocka_unit_test(long_row_should_give_the_same_moments),
        cmocka_unit_test(quote_should_leave_chunk_unread),
        cmocka_unit_test(bad_value_should_report_line_in_chunk),
        cmocka_unit_test(nul_on_first_line_should_not_be_utf16),
        cmocka_unit_test(chosen_columns_should_be_read_in_any_order),
        cmocka_unit_test(thread_count_should_accept_only_small_whole_numbers),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
