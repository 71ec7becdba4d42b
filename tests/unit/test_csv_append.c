/* test_csv_append.c: tests of csv_append.c: the output is the input byte
 * for byte with the new field before each record's line end, however the
 * input is cut into pieces, and the copy stops at the first failure. The
 * appended value is 2 * x + 1. */
#include "csv_append.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One copy: its options, output and outcome. */
typedef struct {
    CsvOptions csv;
    CsvAppendOptions append;
    long fail_at_line; /* the value handler fails at this line; 0: never */
    char *output;
    size_t output_size;
    Error error;
    Status status;
} Copy;

static Status twice_plus_one(void *context, double x, long line, double *value, Error *error)
{
    const Copy *copy = context;

    if (line == copy->fail_at_line) {
        return error_set(error, STATUS_DATA, "in.csv", line, "rejected by the test");
    }
    *value = 2 * x + 1;
    return STATUS_OK;
}

static void copy_init(Copy *copy, const char *name)
{
    memset(copy, 0, sizeof *copy);
    copy->csv.path = "in.csv";
    copy->csv.header = CSV_HEADER_DETECT;
    copy->csv.x_only = true;
    copy->csv.x_header_name = "t";
    copy->append = (CsvAppendOptions){.csv = &copy->csv, .name = name, .precision = 10,
                                      .value = twice_plus_one, .context = copy};
}

/* Copies input, handed over in pieces of piece_size bytes, into
 * copy->output. */
static void copy_run(Copy *copy, const char *input, size_t piece_size)
{
    FILE *output = open_memstream(&copy->output, &copy->output_size);
    CsvAppender *appender = NULL;
    size_t length = strlen(input);

    assert_non_null(output);
    copy->append.output = output;
    copy->status = csv_append_init(&appender, &copy->append, &copy->error);
    for (size_t i = 0; i < length && copy->status == STATUS_OK; i += piece_size) {
        size_t size = length - i < piece_size ? length - i : piece_size;

        copy->status = csv_append_feed(appender, input + i, size);
    }
    if (copy->status == STATUS_OK) {
        copy->status = csv_append_finish(appender);
    }
    csv_append_free(appender);
    assert_int_equal(fclose(output), 0);
}

static void copy_free(Copy *copy)
{
    free(copy->output);
}

/* Copies input whole, then in pieces of one and of two bytes, and checks
 * each output. */
static void assert_copied(const char *name, const char *input, const char *expected)
{
    static const size_t piece_sizes[] = {65536, 1, 2};

    for (size_t i = 0; i < sizeof piece_sizes / sizeof piece_sizes[0]; i++) {
        Copy copy;

        copy_init(&copy, name);
        copy_run(&copy, input, piece_sizes[i]);
        assert_int_equal(copy.status, STATUS_OK);
        assert_string_equal(copy.output, expected);
        copy_free(&copy);
    }
}

static void appender_should_insert_field_before_line_ends(void **state)
{
    (void)state;
    assert_copied("p", "t,y\n1,a\r\n2,b\r3,c\n", "t,y,p\n1,a,3\r\n2,b,5\r3,c,7\n");
}

static void appender_should_append_to_last_record_without_line_end(void **state)
{
    (void)state;
    assert_copied("p", "t\r\n1\r\n2", "t,p\r\n1,3\r\n2,5");
    assert_copied("p", "t", "t,p");
}

static void appender_should_keep_quoted_fields_byte_for_byte(void **state)
{
    (void)state;
    assert_copied("p", "\"n\";t\n\"a;\"\"b\"\"\r\nc\";\"1\"\n",
                  "\"n\";t;p\n\"a;\"\"b\"\"\r\nc\";\"1\";3\n");
}

static void appender_should_pass_blank_lines_through(void **state)
{
    (void)state;
    assert_copied("p", "\r\n\nt\n\n1\n \t\n\r2\r\r\n", "\r\n\nt,p\n\n1,3\n \t\n\r2,5\r\r\n");
}

static void appender_should_keep_byte_order_mark(void **state)
{
    (void)state;
    assert_copied("p", "\xEF\xBB\xBFt\n1\n", "\xEF\xBB\xBFt,p\n1,3\n");
}

static void appender_should_copy_rows_without_header(void **state)
{
    (void)state;
    assert_copied("p", "1\t9\n2\t8\n", "1\t9\t3\n2\t8\t5\n");
}

static void appender_should_quote_header_name_when_needed(void **state)
{
    (void)state;
    assert_copied("a,b", "t\n1\n", "t,\"a,b\"\n1,3\n");
    assert_copied("a,b", "t;u\n1;0\n", "t;u;a,b\n1;0;3\n");
    assert_copied("say \"hi\"", "t\n1\n", "t,\"say \"\"hi\"\"\"\n1,3\n");
    assert_copied("two\nlines", "t\n1\n", "t,\"two\nlines\"\n1,3\n");
}

static void appender_should_stop_at_bad_value(void **state)
{
    Copy copy;

    (void)state;
    copy_init(&copy, "p");
    copy_run(&copy, "t\n1\n\nx\n2\n", 1);
    assert_int_equal(copy.status, STATUS_DATA);
    assert_int_equal(copy.error.line, 4);
    assert_string_equal(copy.error.message, "column 1 ('t'): 'x' is not a decimal number");
    assert_string_equal(copy.output, "t,p\n1,3\n\n");
    copy_free(&copy);
}

static void appender_should_stop_at_value_handler_error(void **state)
{
    Copy copy;

    (void)state;
    copy_init(&copy, "p");
    copy.fail_at_line = 3;
    copy_run(&copy, "t\n1\n2\n3\n", 65536);
    assert_int_equal(copy.status, STATUS_DATA);
    assert_string_equal(copy.error.message, "rejected by the test");
    assert_string_equal(copy.output, "t,p\n1,3\n");
    copy_free(&copy);
}

static void appender_should_reject_open_quote_at_end(void **state)
{
    Copy copy;

    (void)state;
    copy_init(&copy, "p");
    copy_run(&copy, "t\n1\n\"2\n", 65536);
    assert_int_equal(copy.status, STATUS_DATA);
    assert_int_equal(copy.error.line, 3);
    assert_string_equal(copy.output, "t,p\n1,3\n");
    copy_free(&copy);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(appender_should_insert_field_before_line_ends),
        cmocka_unit_test(appender_should_append_to_last_record_without_line_end),
        cmocka_unit_test(appender_should_keep_quoted_fields_byte_for_byte),
        cmocka_unit_test(appender_should_pass_blank_lines_through),
        cmocka_unit_test(appender_should_keep_byte_order_mark),
        cmocka_unit_test(appender_should_copy_rows_without_header),
        cmocka_unit_test(appender_should_quote_header_name_when_needed),
        cmocka_unit_test(appender_should_stop_at_bad_value),
        cmocka_unit_test(appender_should_stop_at_value_handler_error),
        cmocka_unit_test(appender_should_reject_open_quote_at_end),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
