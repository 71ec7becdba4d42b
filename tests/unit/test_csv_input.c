/* test_csv_input.c: tests of csv_input.c on small CSV texts written to
 * temporary files: rows delivered, physical line numbers in errors, line
 * ends, encodings, delimiter and header detection, column choice and value
 * errors. Run from the repository root, which contains tests/data/bad. */
#include "csv_input.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BAD_DATA "tests/data/bad/"

/* Rows kept for checking one by one; the rest are only counted and summed. */
#define KEPT_ROWS 64

#define NAME_SIZE 256
#define PATH_SIZE 512

/* What the handlers received. */
typedef struct {
    long columns_calls;
    long rows_at_columns_call;
    char x_name[NAME_SIZE];
    char y_name[NAME_SIZE];
    long x_index;
    long y_index;
    bool has_header;
    char delimiter;
    long row_count;
    double x[KEPT_ROWS];
    double y[KEPT_ROWS];
    long line[KEPT_ROWS];
    double x_sum;
    double y_sum;
    long last_line;
    long stop_after_rows; /* the row handler fails after this many rows; 0: never */
    bool fail_columns;    /* the columns handler fails */
} Collected;

/* One call of csv_input_read and its outcome. */
typedef struct {
    char path[PATH_SIZE];
    CsvOptions options;
    Collected rows;
    Error error;
    Status status;
} Reading;

#define assert_contains(text, part)                                     \
    do {                                                                \
        if (strstr((text), (part)) == NULL) {                           \
            fail_msg("expected \"%s\" in \"%s\"", (part), (text));      \
        }                                                               \
    } while (0)

#define assert_double_exact(actual, expected)                           \
    do {                                                                \
        double actual_value = (actual);                                 \
        double expected_value = (expected);                             \
        if (actual_value != expected_value) {                           \
            fail_msg("expected %.17g, got %.17g", expected_value,       \
                     actual_value);                                     \
        }                                                               \
    } while (0)

/* Checks a failed read: status, line and the file named in the record. */
#define assert_failed_at(reading, expected_status, expected_line)              \
    do {                                                                       \
        assert_int_equal((reading)->status, (expected_status));                \
        assert_int_equal((reading)->error.status, (expected_status));          \
        assert_int_equal((reading)->error.line, (expected_line));              \
        assert_non_null((reading)->error.file);                                \
        assert_string_equal((reading)->error.file, (reading)->options.path);   \
    } while (0)

#define assert_row(reading, i, expected_x, expected_y, expected_line)   \
    do {                                                                \
        assert_double_exact((reading)->rows.x[i], (expected_x));        \
        assert_double_exact((reading)->rows.y[i], (expected_y));        \
        assert_int_equal((reading)->rows.line[i], (expected_line));     \
    } while (0)

/* Reads a string literal, which may contain NUL bytes. */
#define READ_LITERAL(reading, literal) read_bytes((reading), (literal), sizeof(literal) - 1)

static Status collect_columns(void *context, const CsvColumns *columns, Error *error)
{
    Collected *rows = context;

    rows->columns_calls++;
    rows->rows_at_columns_call = rows->row_count;
    snprintf(rows->x_name, sizeof rows->x_name, "%s", columns->x_name);
    snprintf(rows->y_name, sizeof rows->y_name, "%s",
             columns->y_name != NULL ? columns->y_name : "(none)");
    rows->x_index = columns->x_index;
    rows->y_index = columns->y_index;
    rows->has_header = columns->has_header;
    rows->delimiter = columns->delimiter;
    if (rows->fail_columns) {
        return error_set(error, STATUS_CANT_CREATE, NULL, 0, "columns rejected by the test");
    }
    return STATUS_OK;
}

static Status collect_row(void *context, double x, double y, long line, Error *error)
{
    Collected *rows = context;

    if (rows->stop_after_rows > 0 && rows->row_count == rows->stop_after_rows) {
        return error_set(error, STATUS_CANT_CREATE, NULL, 0, "row rejected by the test");
    }
    if (rows->row_count < KEPT_ROWS) {
        rows->x[rows->row_count] = x;
        rows->y[rows->row_count] = y;
        rows->line[rows->row_count] = line;
    }
    rows->row_count++;
    rows->x_sum += x;
    rows->y_sum += y;
    rows->last_line = line;
    return STATUS_OK;
}

static void reading_init(Reading *reading)
{
    memset(reading, 0, sizeof *reading);
    reading->options.header = CSV_HEADER_DETECT;
}

static void reading_run(Reading *reading)
{
    reading->status = csv_input_read(&reading->options, collect_columns, collect_row,
                                     &reading->rows, &reading->error);
}

/* Creates an empty temporary file in $TMPDIR or /tmp and returns its descriptor. */
static int temporary_file(Reading *reading)
{
    const char *directory = getenv("TMPDIR");
    int fd;

    if (directory == NULL || directory[0] == '\0') {
        directory = "/tmp";
    }
    snprintf(reading->path, sizeof reading->path, "%s/test_csv_input.XXXXXX", directory);
    fd = mkstemp(reading->path);
    assert_true(fd >= 0);
    reading->options.path = reading->path;
    return fd;
}

static void read_bytes(Reading *reading, const char *text, size_t length)
{
    int fd = temporary_file(reading);

    assert_int_equal(write(fd, text, length), (ssize_t)length);
    assert_int_equal(close(fd), 0);
    reading_run(reading);
    unlink(reading->path);
}

static void read_text(Reading *reading, const char *text)
{
    read_bytes(reading, text, strlen(text));
}

static void read_path(Reading *reading, const char *path)
{
    reading->options.path = path;
    reading_run(reading);
}

/* Reads from standard input ("-") connected to fd, which is closed. */
static void read_stdin(Reading *reading, int fd)
{
    int saved = dup(STDIN_FILENO);

    assert_true(saved >= 0);
    assert_int_equal(dup2(fd, STDIN_FILENO), STDIN_FILENO);
    assert_int_equal(close(fd), 0);
    read_path(reading, "-");
    clearerr(stdin);
    assert_int_equal(dup2(saved, STDIN_FILENO), STDIN_FILENO);
    assert_int_equal(close(saved), 0);
}

/* The eight rows of tests/data/bad/00-baseline.csv, from first_line on. */
static void assert_baseline_rows(const Reading *reading, long first_line)
{
    static const double temperature[] = {22, 24, 25, 27, 28, 30, 31, 33};
    static const double water[] = {580, 655, 700, 778, 815, 905, 930, 1010};

    assert_int_equal(reading->status, STATUS_OK);
    assert_int_equal(reading->rows.columns_calls, 1);
    assert_int_equal(reading->rows.rows_at_columns_call, 0);
    assert_int_equal(reading->rows.row_count, 8);
    for (int i = 0; i < 8; i++) {
        assert_row(reading, i, temperature[i], water[i], first_line + i);
    }
}

static void assert_columns(const Reading *reading, const char *x_name, long x_index,
                           const char *y_name, long y_index)
{
    assert_string_equal(reading->rows.x_name, x_name);
    assert_int_equal(reading->rows.x_index, x_index);
    assert_string_equal(reading->rows.y_name, y_name);
    assert_int_equal(reading->rows.y_index, y_index);
}

/* ------------------------------------------------------------------------ */
/* Example files of tests/data/bad                                           */

static void baseline_file_should_give_eight_rows_under_header(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    read_path(&reading, BAD_DATA "00-baseline.csv");
    assert_baseline_rows(&reading, 2);
    assert_columns(&reading, "temperature", 1, "water", 2);
}

static void baseline_without_header_should_start_at_line_one(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    read_path(&reading, BAD_DATA "00b-baseline-noheader.csv");
    assert_baseline_rows(&reading, 1);
    assert_columns(&reading, "x", 1, "y", 2);
}

static void byte_order_mark_file_should_read_as_baseline(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    read_path(&reading, BAD_DATA "01-bom-header.csv");
    assert_baseline_rows(&reading, 2);
    assert_columns(&reading, "temperature", 1, "water", 2);
}

static void crlf_file_should_read_as_baseline(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    read_path(&reading, BAD_DATA "03-crlf.csv");
    assert_baseline_rows(&reading, 2);
    assert_columns(&reading, "temperature", 1, "water", 2);
}

static void file_without_final_newline_should_give_all_rows(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    read_path(&reading, BAD_DATA "10-no-final-newline.csv");
    assert_baseline_rows(&reading, 2);
}

static void semicolon_file_should_fail_with_decimal_comma_hint(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    read_path(&reading, BAD_DATA "06-semicolon-decimal-comma.csv");
    assert_failed_at(&reading, STATUS_DATA, 2);
    assert_contains(reading.error.message, "column 1 ('temperature'): '22,5'");
    assert_contains(reading.error.message,
                    "; the file looks ';'-separated with decimal commas: "
                    "try -d ';' --decimal-comma");
    assert_int_equal(reading.rows.row_count, 0);
}

static void semicolon_file_should_read_with_decimal_comma(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    reading.options.decimal_comma = true;
    read_path(&reading, BAD_DATA "06-semicolon-decimal-comma.csv");
    assert_int_equal(reading.status, STATUS_OK);
    assert_columns(&reading, "temperature", 1, "water", 2);
    assert_int_equal(reading.rows.row_count, 8);
    assert_row(&reading, 0, 22.5, 590, 2);
    assert_row(&reading, 1, 24, 655, 3);
    assert_row(&reading, 2, 25.5, 712, 4);
    assert_row(&reading, 7, 33, 1010, 9);
}

static void missing_value_file_should_fail_at_physical_line(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    read_path(&reading, BAD_DATA "08-missing-value-line-number.csv");
    assert_failed_at(&reading, STATUS_DATA, 6);
    assert_string_equal(reading.error.message,
                        "column 2 ('water'): empty value; expected a decimal number");
    assert_int_equal(reading.rows.row_count, 3);
    assert_row(&reading, 0, 22, 580, 2);
    assert_row(&reading, 1, 24, 655, 3);
    assert_row(&reading, 2, 25, 700, 5);
}

static void unterminated_quote_file_should_fail_where_quote_opened(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    read_path(&reading, BAD_DATA "11-unterminated-quote.csv");
    assert_failed_at(&reading, STATUS_DATA, 3);
    assert_string_equal(reading.error.message,
                        "column 2: unterminated quoted field (the quote opened here)");
    assert_int_equal(reading.rows.row_count, 1);
}

static void nan_file_should_fail_at_first_nan(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    read_path(&reading, BAD_DATA "14-nan-inf-strings.csv");
    assert_failed_at(&reading, STATUS_DATA, 3);
    assert_contains(reading.error.message, "column 2 ('water'): 'nan' is not a decimal number");
    assert_int_equal(reading.rows.row_count, 1);
}

static void hex_file_should_fail_at_hex_value(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    read_path(&reading, BAD_DATA "16-hex-float.csv");
    assert_failed_at(&reading, STATUS_DATA, 6);
    assert_contains(reading.error.message,
                    "column 1 ('temperature'): '0x1C' is not a decimal number");
    assert_contains(reading.error.message, "hexadecimal");
    assert_int_equal(reading.rows.row_count, 4);
}

static void header_only_file_should_give_columns_and_no_rows(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    read_path(&reading, BAD_DATA "21-header-only.csv");
    assert_int_equal(reading.status, STATUS_OK);
    assert_int_equal(reading.rows.columns_calls, 1);
    assert_columns(&reading, "temperature", 1, "water", 2);
    assert_int_equal(reading.rows.row_count, 0);
}

static void fitting_fault_files_should_read_cleanly(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    read_path(&reading, BAD_DATA "23-constant-x.csv");
    assert_int_equal(reading.status, STATUS_OK);
    assert_int_equal(reading.rows.row_count, 4);
    assert_row(&reading, 3, 25, 705, 5);

    reading_init(&reading);
    read_path(&reading, BAD_DATA "25-timestamp-offset-x.csv");
    assert_int_equal(reading.status, STATUS_OK);
    assert_int_equal(reading.rows.row_count, 8);
    assert_row(&reading, 0, 1700000000, 580, 2);
    assert_row(&reading, 7, 1700000007, 1010, 9);

    reading_init(&reading);
    read_path(&reading, BAD_DATA "27-overflow-in-training.csv");
    assert_int_equal(reading.status, STATUS_OK);
    assert_int_equal(reading.rows.row_count, 4);
    assert_row(&reading, 0, 1e200, 1, 2);
    assert_row(&reading, 3, 4e200, 4, 5);
}

/* ------------------------------------------------------------------------ */
/* Header and columns                                                        */

static void header_should_be_absent_when_chosen_fields_are_numbers(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    read_text(&reading, "1,label,2\n3,other,4\n");
    assert_int_equal(reading.status, STATUS_OK);
    assert_columns(&reading, "x", 1, "y", 3);
    assert_int_equal(reading.rows.row_count, 2);
    assert_row(&reading, 0, 1, 2, 1);
    assert_row(&reading, 1, 3, 4, 2);
}

static void unchosen_columns_should_never_be_parsed(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    reading.options.x_column = "t";
    reading.options.y_column = "w";
    read_text(&reading, "date,t,note,w,more\n"
                        "2024-01-01,22,sunny,580,0x1C\n"
                        "2024-01-02,24,,655,nan\n");
    assert_int_equal(reading.status, STATUS_OK);
    assert_columns(&reading, "t", 2, "w", 4);
    assert_int_equal(reading.rows.row_count, 2);
    assert_row(&reading, 0, 22, 580, 2);
    assert_row(&reading, 1, 24, 655, 3);
}

static void forced_header_should_take_numbers_as_names(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    reading.options.header = CSV_HEADER_PRESENT;
    read_text(&reading, "1,2\n3,4\n");
    assert_int_equal(reading.status, STATUS_OK);
    assert_columns(&reading, "1", 1, "2", 2);
    assert_int_equal(reading.rows.row_count, 1);
    assert_row(&reading, 0, 3, 4, 2);
}

static void forced_no_header_should_read_names_as_data(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    reading.options.header = CSV_HEADER_ABSENT;
    read_text(&reading, "a,b\n1,2\n");
    assert_failed_at(&reading, STATUS_DATA, 1);
    assert_string_equal(reading.error.message, "column 1 ('x'): 'a' is not a decimal number");
    assert_int_equal(reading.rows.columns_calls, 1);
    assert_int_equal(reading.rows.row_count, 0);
}

static void empty_first_value_should_be_data_not_header(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    read_text(&reading, "22,\n24,655\n");
    assert_failed_at(&reading, STATUS_DATA, 1);
    assert_string_equal(reading.error.message,
                        "column 2 ('y'): empty value; expected a decimal number");
}

static void columns_should_be_chosen_by_name(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    reading.options.x_column = "c";
    reading.options.y_column = "a";
    read_text(&reading, "a,b,c\n1,2,3\n");
    assert_int_equal(reading.status, STATUS_OK);
    assert_columns(&reading, "c", 3, "a", 1);
    assert_int_equal(reading.rows.row_count, 1);
    assert_row(&reading, 0, 3, 1, 2);
}

static void columns_should_be_chosen_by_number(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    reading.options.x_column = "3";
    reading.options.y_column = "2";
    read_text(&reading, "a,b,c\n1,2,3\n");
    assert_int_equal(reading.status, STATUS_OK);
    assert_columns(&reading, "c", 3, "b", 2);
    assert_row(&reading, 0, 3, 2, 2);
}

static void columns_should_default_to_first_and_last(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    read_text(&reading, "a,b,c,d\n1,2,3,4\n");
    assert_int_equal(reading.status, STATUS_OK);
    assert_columns(&reading, "a", 1, "d", 4);
    assert_row(&reading, 0, 1, 4, 2);
}

static void header_name_should_win_over_column_number(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    reading.options.header = CSV_HEADER_PRESENT;
    reading.options.x_column = "20";
    reading.options.y_column = "10";
    read_text(&reading, "10,20\n1,2\n");
    assert_int_equal(reading.status, STATUS_OK);
    assert_columns(&reading, "20", 2, "10", 1);
    assert_row(&reading, 0, 2, 1, 2);

    /* A name among the choices makes the first row a header. */
    reading_init(&reading);
    reading.options.x_column = "3";
    reading.options.y_column = "w";
    read_text(&reading, "3,t,w\n10,20,30\n");
    assert_int_equal(reading.status, STATUS_OK);
    assert_columns(&reading, "3", 1, "w", 3);
    assert_row(&reading, 0, 10, 30, 2);
}

static void unknown_column_name_should_list_columns(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    reading.options.y_column = "foo";
    read_text(&reading, "a,b,c\n1,2,3\n");
    assert_failed_at(&reading, STATUS_USAGE, 0);
    assert_string_equal(reading.error.message,
                        "no column named 'foo'; the columns are: 'a', 'b', 'c'");
    assert_int_equal(reading.rows.columns_calls, 0);
    assert_int_equal(reading.rows.row_count, 0);
}
static void long_column_list_should_be_cut(void **state)
{
    char text[4096];
    size_t length = 0;
    Reading reading;

    (void)state;
    for (int i = 0; i < 100; i++) {
        length += (size_t)snprintf(text + length, sizeof text - length, "%scolumn_name_%03d",
                                   i > 0 ? "," : "", i);
    }
    snprintf(text + length, sizeof text - length, "\n");
    reading_init(&reading);
    reading.options.x_column = "missing";
    read_text(&reading, text);
    assert_failed_at(&reading, STATUS_USAGE, 0);
    assert_contains(reading.error.message,
                    "no column named 'missing'; the columns are: 'column_name_000', ");
    assert_contains(reading.error.message, ", ...");
    assert_true(strlen(reading.error.message) < 500);
}

static void name_without_header_should_be_rejected(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    reading.options.header = CSV_HEADER_ABSENT;
    reading.options.x_column = "a";
    read_text(&reading, "1,2\n");
    assert_failed_at(&reading, STATUS_USAGE, 0);
    assert_string_equal(reading.error.message,
                        "no column named 'a': the file has no header, so choose columns by "
                        "number (1 to 2)");
}

static void column_number_out_of_range_should_be_rejected(void **state)
{
    static const char *const numbers[] = {"4", "0", "99999999999999999999999"};
    Reading reading;
    char expected[ERROR_MESSAGE_SIZE];

    (void)state;
    for (int i = 0; i < 3; i++) {
        reading_init(&reading);
        reading.options.x_column = numbers[i];
        read_text(&reading, "a,b,c\n1,2,3\n");
        assert_failed_at(&reading, STATUS_USAGE, 0);
        snprintf(expected, sizeof expected,
                 "no column %s: the file has 3 columns, numbered from 1", numbers[i]);
        assert_string_equal(reading.error.message, expected);
    }
}

static void header_names_should_choose_columns(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    reading.options.x_header_name = "temperature";
    reading.options.y_header_name = "water";
    read_text(&reading, "water,note,temperature\n500,a,20\n");
    assert_int_equal(reading.status, STATUS_OK);
    assert_columns(&reading, "temperature", 3, "water", 1);
    assert_int_equal(reading.rows.row_count, 1);
    assert_row(&reading, 0, 20, 500, 2);
}

/* Fields 1 and 3 are numbers, so only the name in field 2 shows that the
 * first row is a header. */
static void header_name_should_reveal_header_between_numbers(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    reading.options.x_header_name = "b";
    read_text(&reading, "1,b,3\n4,5,6\n");
    assert_int_equal(reading.status, STATUS_OK);
    assert_columns(&reading, "b", 2, "3", 3);
    assert_int_equal(reading.rows.row_count, 1);
    assert_row(&reading, 0, 5, 6, 2);
}

static void missing_header_name_should_be_bad_data(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    reading.options.x_header_name = "a";
    reading.options.y_header_name = "water";
    read_text(&reading, "a,b\n1,2\n");
    assert_failed_at(&reading, STATUS_DATA, 0);
    assert_string_equal(reading.error.message,
                        "no column named 'water'; the columns are: 'a', 'b'; choose one with -y");
    assert_int_equal(reading.rows.columns_calls, 0);
}

static void column_options_should_override_header_names(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    reading.options.x_column = "2";
    reading.options.y_column = "c";
    reading.options.x_header_name = "missing";
    reading.options.y_header_name = "a";
    read_text(&reading, "a,b,c\n1,2,3\n");
    assert_int_equal(reading.status, STATUS_OK);
    assert_columns(&reading, "b", 2, "c", 3);
}

static void header_names_should_be_ignored_without_header(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    reading.options.x_header_name = "temperature";
    reading.options.y_header_name = "water";
    read_text(&reading, "1,2,3\n4,5,6\n");
    assert_int_equal(reading.status, STATUS_OK);
    assert_columns(&reading, "x", 1, "y", 3);
    assert_int_equal(reading.rows.row_count, 2);
    assert_row(&reading, 0, 1, 3, 1);
}

static void same_column_twice_should_be_rejected(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    reading.options.x_column = "2";
    reading.options.y_column = "b";
    read_text(&reading, "a,b,c\n1,2,3\n");
    assert_failed_at(&reading, STATUS_USAGE, 0);
    assert_string_equal(reading.error.message,
                        "x and y are both column 2 ('b'); choose two different columns");

    /* y defaults to the last column. */
    reading_init(&reading);
    reading.options.x_column = "2";
    read_text(&reading, "a,b\n1,2\n");
    assert_failed_at(&reading, STATUS_USAGE, 0);
    assert_contains(reading.error.message, "x and y are both column 2 ('b')");
}

static void single_column_should_be_rejected(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    read_text(&reading, "\ntemperature\n22\n");
    assert_failed_at(&reading, STATUS_DATA, 2);
    assert_string_equal(reading.error.message,
                        "only one column found; x and y need two columns");

    reading_init(&reading);
    reading.options.delimiter = ',';
    read_text(&reading, "t;w\n1;2\n");
    assert_failed_at(&reading, STATUS_DATA, 1);
    assert_string_equal(reading.error.message,
                        "only one column found; x and y need two columns; try -d ';'");
}

static void big5_header_should_allow_choice_by_number(void **state)
{
    /* "溫度,水" (temperature, water) in Big5, which is not UTF-8. */
    static const char text[] = "\xB7\xC5\xAB\xD7,\xA4\xF4\n22,580\n24,655\n26,\n";
    Reading reading;

    (void)state;
    reading_init(&reading);
    reading.options.x_column = "1";
    reading.options.y_column = "2";
    read_text(&reading, text);
    assert_failed_at(&reading, STATUS_DATA, 4);
    assert_string_equal(reading.error.message,
                        "column 2 ('\\xA4\\xF4'): empty value; expected a decimal number");
    assert_memory_equal(reading.rows.x_name, "\xB7\xC5\xAB\xD7", 5);
    assert_memory_equal(reading.rows.y_name, "\xA4\xF4", 3);
    assert_int_equal(reading.rows.row_count, 2);
    assert_row(&reading, 1, 24, 655, 3);

    reading_init(&reading);
    reading.options.y_column = "water";
    read_text(&reading, text);
    assert_failed_at(&reading, STATUS_USAGE, 0);
    assert_contains(reading.error.message, "no column named 'water'; the columns are: '\\xB7");
    assert_contains(reading.error.message, "\\xD7', '\\xA4\\xF4'");
}

static void columns_handler_should_run_once_before_rows(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    read_text(&reading, "1,2\n3,4\n5,6\n");
    assert_int_equal(reading.status, STATUS_OK);
    assert_int_equal(reading.rows.columns_calls, 1);
    assert_int_equal(reading.rows.rows_at_columns_call, 0);
    assert_int_equal(reading.rows.row_count, 3);
}

/* ------------------------------------------------------------------------ */
/* Quotes and line ends                                                      */

static void quoted_fields_should_keep_delimiters_and_newlines(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    reading.options.x_column = "t";
    reading.options.y_column = "w";
    read_text(&reading, "name,t,w\n"
                        "\"Smith, J\nsecond line\",22,580\n"
                        "\"say \"\"hi\"\"\",\"24\",655\n"
                        "bad,x,700\n");
    assert_failed_at(&reading, STATUS_DATA, 5);
    assert_string_equal(reading.error.message, "column 2 ('t'): 'x' is not a decimal number");
    assert_int_equal(reading.rows.row_count, 2);
    assert_row(&reading, 0, 22, 580, 2);
    assert_row(&reading, 1, 24, 655, 4);
}

static void field_after_multiline_field_should_name_its_own_line(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    reading.options.x_column = "t";
    reading.options.y_column = "w";
    read_text(&reading, "t,note,w\n1,\"a\r\nb\",2\n3,\"c\nd\ne\",x\n");
    assert_failed_at(&reading, STATUS_DATA, 6);
    assert_string_equal(reading.error.message, "column 3 ('w'): 'x' is not a decimal number");
    assert_int_equal(reading.rows.row_count, 1);
    assert_row(&reading, 0, 1, 2, 2);
}

static void lone_cr_should_end_a_line(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    read_text(&reading, "a,b\r1,2\r\r3,x\r");
    assert_failed_at(&reading, STATUS_DATA, 4);
    assert_int_equal(reading.rows.row_count, 1);
    assert_row(&reading, 0, 1, 2, 2);
}

static void mixed_line_ends_should_each_count_once(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    read_text(&reading, "a,b\r\n1,2\n3,4\r5,6\r\n\n7,x\n");
    assert_failed_at(&reading, STATUS_DATA, 6);
    assert_string_equal(reading.error.message, "column 2 ('b'): 'x' is not a decimal number");
    assert_int_equal(reading.rows.row_count, 3);
    assert_row(&reading, 0, 1, 2, 2);
    assert_row(&reading, 1, 3, 4, 3);
    assert_row(&reading, 2, 5, 6, 4);
}

static void last_line_without_newline_should_be_checked(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    read_text(&reading, "a,b\n1,2\n3,4");
    assert_int_equal(reading.status, STATUS_OK);
    assert_int_equal(reading.rows.row_count, 2);
    assert_row(&reading, 1, 3, 4, 3);

    reading_init(&reading);
    read_text(&reading, "a,b\n1,2\n3,x");
    assert_failed_at(&reading, STATUS_DATA, 3);
    assert_int_equal(reading.rows.row_count, 1);
}

static void blank_lines_should_be_skipped_and_counted(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    read_text(&reading, "\n\na,b\n\n1,2\n  \n\n3,4\n");
    assert_int_equal(reading.status, STATUS_OK);
    assert_columns(&reading, "a", 1, "b", 2);
    assert_int_equal(reading.rows.row_count, 2);
    assert_row(&reading, 0, 1, 2, 5);
    assert_row(&reading, 1, 3, 4, 8);
}

static void missing_value_after_blank_crlf_line_should_name_its_line(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    read_text(&reading, "a,b\r\n1,2\r\n\r\n3,\r\n");
    assert_failed_at(&reading, STATUS_DATA, 4);
    assert_string_equal(reading.error.message,
                        "column 2 ('b'): empty value; expected a decimal number");
}

static void all_empty_rows_should_be_skipped(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    read_text(&reading, "a,b\n1,2\n,\n ,  \n\"\",\n,,,\n3,4\n");
    assert_int_equal(reading.status, STATUS_OK);
    assert_int_equal(reading.rows.row_count, 2);
    assert_row(&reading, 0, 1, 2, 2);
    assert_row(&reading, 1, 3, 4, 7);
}

static void trailing_blank_lines_should_be_ignored(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    read_text(&reading, "a,b\n1,2\n\n\r\n   \n\r");
    assert_int_equal(reading.status, STATUS_OK);
    assert_int_equal(reading.rows.row_count, 1);
    assert_row(&reading, 0, 1, 2, 2);
}

static void empty_input_should_give_no_columns_and_no_rows(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    read_text(&reading, "");
    assert_int_equal(reading.status, STATUS_OK);
    assert_int_equal(reading.rows.columns_calls, 0);
    assert_int_equal(reading.rows.row_count, 0);

    reading_init(&reading);
    read_text(&reading, "\n\r\n,\n");
    assert_int_equal(reading.status, STATUS_OK);
    assert_int_equal(reading.rows.columns_calls, 0);
    assert_int_equal(reading.rows.row_count, 0);
}

static void short_row_should_be_rejected(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    read_text(&reading, "a,b,c\n1,2,3\n4,5\n");
    assert_failed_at(&reading, STATUS_DATA, 3);
    assert_string_equal(reading.error.message,
                        "row has 2 fields, expected at least 3 for column 3 ('c')");
    assert_int_equal(reading.rows.row_count, 1);

    reading_init(&reading);
    read_text(&reading, "a,b\n1,2\n\n3\n");
    assert_failed_at(&reading, STATUS_DATA, 4);
    assert_string_equal(reading.error.message,
                        "row has 1 field, expected at least 2 for column 2 ('b')");
}

static void empty_extra_fields_should_be_ignored(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    read_text(&reading, "a,b\n1,2,\n5,6,,\n");
    assert_int_equal(reading.status, STATUS_OK);
    assert_int_equal(reading.rows.row_count, 2);
    assert_row(&reading, 0, 1, 2, 2);
    assert_row(&reading, 1, 5, 6, 3);
}

/* "22,1,580" is 22 and 1,580 with a thousands separator: reading y from
 * field 2 would give 1. */
static void thousands_separator_split_should_be_rejected(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    read_text(&reading, "a,b\n1,2\n\n22,1,580\n5,6\n");
    assert_failed_at(&reading, STATUS_DATA, 4);
    assert_string_equal(reading.error.message,
                        "column 3: row has 3 fields, but the header (line 1) has 2; a ',' "
                        "inside a number (1,580 or 22,5) splits it in two: remove the "
                        "separator or quote the value");
    assert_int_equal(reading.rows.row_count, 1);

    reading_init(&reading);
    read_text(&reading, "t;note;w\n1;x;2\n3;y;4;;,;z\n");
    assert_failed_at(&reading, STATUS_DATA, 3);
    assert_string_equal(reading.error.message,
                        "column 5: row has 6 fields, but the header (line 1) has 3");

    reading_init(&reading);
    read_text(&reading, "1,2\n3,4,5\n");
    assert_failed_at(&reading, STATUS_DATA, 2);
    assert_contains(reading.error.message,
                    "column 3: row has 3 fields, but the first row (line 1) has 2; ");
}

/* A header names both columns, so "28°C,580" is a data row with a bad
 * value, not a header to drop. */
static void units_in_first_row_should_be_data_not_header(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    read_text(&reading, "28°C,580\n24,655\n");
    assert_failed_at(&reading, STATUS_DATA, 1);
    assert_string_equal(reading.error.message,
                        "column 1 ('x'): '28°C' is not a decimal number (unexpected text "
                        "after the number); if the first row is a header, use --header");
    assert_int_equal(reading.rows.row_count, 0);

    reading_init(&reading);
    read_text(&reading, "temperature,2024\n24,655\n");
    assert_failed_at(&reading, STATUS_DATA, 1);
    assert_string_equal(reading.error.message,
                        "column 1 ('x'): 'temperature' is not a decimal number; if the first "
                        "row is a header, use --header");

    /* A bad value in a later row gets no such hint. */
    reading_init(&reading);
    read_text(&reading, "22,580\n28°C,655\n");
    assert_failed_at(&reading, STATUS_DATA, 2);
    assert_string_equal(reading.error.message,
                        "column 1 ('x'): '28°C' is not a decimal number (unexpected text "
                        "after the number)");
}

static void unterminated_quote_should_name_opening_line(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    read_text(&reading, "a,b\n1,2\n3,\"4\n5,6\n\n7,8\n");
    assert_failed_at(&reading, STATUS_DATA, 3);
    assert_string_equal(reading.error.message,
                        "column 2: unterminated quoted field (the quote opened here)");
    assert_int_equal(reading.rows.row_count, 1);

    reading_init(&reading);
    read_text(&reading, "\"a,b\n1,2\n");
    assert_failed_at(&reading, STATUS_DATA, 1);
    assert_contains(reading.error.message, "column 1: unterminated quoted field");
}

static void stray_quotes_should_be_rejected_at_their_line(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    read_text(&reading, "a,b\n1,2\n3,4\"5\n");
    assert_failed_at(&reading, STATUS_DATA, 3);
    assert_contains(reading.error.message, "column 2: quote inside an unquoted field");

    reading_init(&reading);
    read_text(&reading, "a,b\n\"1\"x,2\n");
    assert_failed_at(&reading, STATUS_DATA, 2);
    assert_contains(reading.error.message, "column 1: text after a closing quote");

    reading_init(&reading);
    read_text(&reading, "a,b\n1,\"2\n3,\"4\"\n");
    assert_failed_at(&reading, STATUS_DATA, 3);
    assert_contains(reading.error.message,
                    "column 2: text after the closing quote of a field that opened at line 2");
}

/* ------------------------------------------------------------------------ */
/* Encodings                                                                 */

static void byte_order_mark_should_not_hide_a_number(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    read_text(&reading, "\xEF\xBB\xBF" "1,2\n3,4\n");
    assert_int_equal(reading.status, STATUS_OK);
    assert_columns(&reading, "x", 1, "y", 2);
    assert_int_equal(reading.rows.row_count, 2);
    assert_row(&reading, 0, 1, 2, 1);
}

static void utf16_should_be_rejected_at_line_one(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    READ_LITERAL(&reading, "\xFF\xFE" "a\0,\0b\0\n\0" "1\0,\0" "2\0\n\0");
    assert_failed_at(&reading, STATUS_DATA, 1);
    assert_string_equal(reading.error.message,
                        "file is UTF-16 (or contains NUL bytes); save it as CSV UTF-8");

    reading_init(&reading);
    READ_LITERAL(&reading, "\xFE\xFF\0a\0,\0b\0\n\0" "1\0,\0" "2\0\n");
    assert_failed_at(&reading, STATUS_DATA, 1);
    assert_contains(reading.error.message, "file is UTF-16");

    /* Without a byte-order mark: little-endian, then big-endian. */
    reading_init(&reading);
    READ_LITERAL(&reading, "a\0,\0b\0\n\0" "1\0,\0" "2\0\n\0");
    assert_failed_at(&reading, STATUS_DATA, 1);
    assert_contains(reading.error.message, "file is UTF-16");

    reading_init(&reading);
    READ_LITERAL(&reading, "\0a\0,\0b\0\n\0" "1\0,\0" "2\0\n");
    assert_failed_at(&reading, STATUS_DATA, 1);
    assert_contains(reading.error.message, "file is UTF-16");
    assert_int_equal(reading.rows.row_count, 0);
}

static void nul_byte_should_be_rejected_at_its_line(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    READ_LITERAL(&reading, "a,b\n1,2\n3\0,4\n5,6\n");
    assert_failed_at(&reading, STATUS_DATA, 3);
    assert_string_equal(reading.error.message,
                        "column 1: unexpected NUL byte; save the file as CSV UTF-8");
    assert_int_equal(reading.rows.row_count, 1);

    reading_init(&reading);
    READ_LITERAL(&reading, "a,b\r\n1,2\r\n3,\"4\0\"\r\n");
    assert_failed_at(&reading, STATUS_DATA, 3);
    assert_contains(reading.error.message, "column 2: unexpected NUL byte");

    reading_init(&reading);
    READ_LITERAL(&reading, "a,b\r\n1,2\r\n\0");
    assert_failed_at(&reading, STATUS_DATA, 3);
    assert_contains(reading.error.message, "column 1: unexpected NUL byte");
}

/* ------------------------------------------------------------------------ */
/* Values                                                                    */

static void empty_value_should_be_rejected(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    read_text(&reading, "a,b\n1,\n");
    assert_failed_at(&reading, STATUS_DATA, 2);
    assert_string_equal(reading.error.message,
                        "column 2 ('b'): empty value; expected a decimal number");
}

/* A text with one bad value at line 2 in column 1 or 2. */
typedef struct {
    const char *text;
    long column;
    const char *quoted_value;
} BadValueCase;

static void bad_values_should_name_column_and_text(void **state)
{
    static const BadValueCase cases[] = {
        {"t,w\n1,nan\n", 2, "'nan'"},
        {"t,w\ninf,1\n", 1, "'inf'"},
        {"t,w\n1,-Infinity\n", 2, "'-Infinity'"},
        {"t,w\n0x1C,1\n", 1, "'0x1C'"},
        {"t,w\n28\xC2\xB0" "C,800\n", 1, "'28\xC2\xB0" "C'"},
        {"t,w\n22,\"1,234\"\n", 2, "'1,234'"},
        {"t,w\n22,1 234\n", 2, "'1 234'"},
        {"t,w\n1e400,1\n", 1, "'1e400'"},
        {"t,w\n1,abc\n", 2, "'abc'"},
    };
    char column[32];

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        Reading reading;

        reading_init(&reading);
        read_text(&reading, cases[i].text);
        assert_failed_at(&reading, STATUS_DATA, 2);
        snprintf(column, sizeof column, "column %ld ('%s'): ", cases[i].column,
                 cases[i].column == 1 ? "t" : "w");
        assert_contains(reading.error.message, column);
        assert_contains(reading.error.message, cases[i].quoted_value);
        assert_int_equal(reading.rows.row_count, 0);
    }
}

static void out_of_range_value_should_say_so(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    read_text(&reading, "t,w\n1,2\n1e400,1\n");
    assert_failed_at(&reading, STATUS_DATA, 3);
    assert_string_equal(reading.error.message,
                        "column 1 ('t'): '1e400' is out of range for a double");
}

static void long_value_should_be_quoted_and_cut(void **state)
{
    char text[2048];
    Reading reading;

    (void)state;
    snprintf(text, sizeof text, "t,w\n1,%01000d\x01" "x\n", 7);
    reading_init(&reading);
    read_text(&reading, text);
    assert_failed_at(&reading, STATUS_DATA, 2);
    assert_contains(reading.error.message, "column 2 ('w'): '000");
    assert_contains(reading.error.message, "...'");
    assert_true(strlen(reading.error.message) < 200);
}

static void semicolon_rows_without_header_should_get_hint(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    read_text(&reading, "22,5;590\n24;655\n");
    assert_failed_at(&reading, STATUS_DATA, 1);
    assert_contains(reading.error.message, "column 2 ('y'): '5;590'");
    assert_contains(reading.error.message,
                    "; the file looks ';'-separated with decimal commas: "
                    "try -d ';' --decimal-comma");

    reading_init(&reading);
    read_text(&reading, "t,w\n24;655\n");
    assert_failed_at(&reading, STATUS_DATA, 2);
    assert_contains(reading.error.message, "row has 1 field, expected at least 2");
    assert_contains(reading.error.message, "; the file looks ';'-separated");

    reading_init(&reading);
    reading.options.decimal_comma = true;
    read_text(&reading, "22,5;590\n24;655\n");
    assert_int_equal(reading.status, STATUS_OK);
    assert_columns(&reading, "x", 1, "y", 2);
    assert_int_equal(reading.rows.row_count, 2);
    assert_row(&reading, 0, 22.5, 590, 1);
    assert_row(&reading, 1, 24, 655, 2);
}

static void decimal_comma_should_reject_thousands_separator(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    reading.options.decimal_comma = true;
    read_text(&reading, "t;w\n22;1.234,5\n");
    assert_failed_at(&reading, STATUS_DATA, 2);
    assert_string_equal(reading.error.message,
                        "column 2 ('w'): '1.234,5' is not a decimal number (with "
                        "--decimal-comma a '.' is a thousands separator, which is not "
                        "supported)");

    /* Without a decimal part, "1.580" would otherwise read as 1.58. */
    reading_init(&reading);
    reading.options.decimal_comma = true;
    read_text(&reading, "t;w\n22;580\n24;1.580\n");
    assert_failed_at(&reading, STATUS_DATA, 3);
    assert_string_equal(reading.error.message,
                        "column 2 ('w'): '1.580' is not a decimal number (with "
                        "--decimal-comma a '.' is a thousands separator, which is not "
                        "supported)");
    assert_int_equal(reading.rows.row_count, 1);
}

static void decimal_comma_should_forbid_comma_delimiter(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    reading.options.decimal_comma = true;
    reading.options.delimiter = ',';
    read_text(&reading, "t;w\n1,5;2\n");
    assert_int_equal(reading.status, STATUS_USAGE);
    assert_int_equal(reading.error.status, STATUS_USAGE);
    assert_contains(reading.error.message, "decimal commas need a delimiter other than ','");
    assert_int_equal(reading.rows.columns_calls, 0);
}

static void tab_delimiter_should_keep_spaces_inside_names(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    reading.options.x_column = "air temp";
    read_text(&reading, "air temp\twater ml\n 22 \t580\n24\t 655 \n\"25\"\t  700\n");
    assert_int_equal(reading.status, STATUS_OK);
    assert_columns(&reading, "air temp", 1, "water ml", 2);
    assert_int_equal(reading.rows.row_count, 3);
    assert_row(&reading, 0, 22, 580, 2);
    assert_row(&reading, 1, 24, 655, 3);
    assert_row(&reading, 2, 25, 700, 4);

    reading_init(&reading);
    read_text(&reading, "a\tb\n1\t  \n");
    assert_failed_at(&reading, STATUS_DATA, 2);
    assert_string_equal(reading.error.message,
                        "column 2 ('b'): empty value; expected a decimal number");
}

/* ------------------------------------------------------------------------ */
/* Delimiter detection                                                       */

static void delimiter_should_be_most_frequent_outside_quotes(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    read_text(&reading, "\"a,b,c\";d\n1;2\n");
    assert_int_equal(reading.status, STATUS_OK);
    assert_columns(&reading, "a,b,c", 1, "d", 2);
    assert_row(&reading, 0, 1, 2, 2);

    reading_init(&reading);
    read_text(&reading, "a\tb,c\td\n1\t2,5\t3\n");
    assert_int_equal(reading.status, STATUS_OK);
    assert_columns(&reading, "a", 1, "d", 3);
    assert_row(&reading, 0, 1, 3, 2);
}

static void delimiter_tie_should_prefer_comma_then_semicolon(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    read_text(&reading, "a,b\tc\n1,2\t3\n");
    assert_failed_at(&reading, STATUS_DATA, 2);
    assert_contains(reading.error.message, "column 2 ('b\\x09c')");

    reading_init(&reading);
    read_text(&reading, "a;b\tc\n1;2\t3\n");
    assert_failed_at(&reading, STATUS_DATA, 2);
    assert_contains(reading.error.message, "column 2 ('b\\x09c')");
}

static void delimiter_should_come_from_first_nonblank_line(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    read_text(&reading, "\n \t \r\na;b\n1;2\n");
    assert_int_equal(reading.status, STATUS_OK);
    assert_columns(&reading, "a", 1, "b", 2);
    assert_row(&reading, 0, 1, 2, 4);
}

static void decimal_comma_should_detect_tab_over_commas(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    reading.options.decimal_comma = true;
    read_text(&reading, "a,1\tb,2\n1,5\t2,5\n");
    assert_int_equal(reading.status, STATUS_OK);
    assert_columns(&reading, "a,1", 1, "b,2", 2);
    assert_row(&reading, 0, 1.5, 2.5, 2);
}

static void long_first_line_should_still_choose_delimiter(void **state)
{
    size_t name_length = 200000;
    char *text = malloc(name_length + 32);
    Reading reading;

    (void)state;
    assert_non_null(text);
    memset(text, 'n', name_length);
    strcpy(text + name_length, ";w\n1;2\n");
    reading_init(&reading);
    read_text(&reading, text);
    free(text);
    assert_int_equal(reading.status, STATUS_OK);
    assert_string_equal(reading.rows.y_name, "w");
    assert_int_equal(reading.rows.row_count, 1);
    assert_row(&reading, 0, 1, 2, 2);
}

static void quote_or_line_end_delimiter_should_be_rejected(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    reading.options.delimiter = '"';
    read_text(&reading, "a,b\n");
    assert_int_equal(reading.status, STATUS_USAGE);
    assert_contains(reading.error.message, "delimiter");
}

/* ------------------------------------------------------------------------ */
/* Input sources and handlers                                                */

static void missing_file_should_be_no_input(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    read_path(&reading, "/nonexistent-directory/data.csv");
    assert_failed_at(&reading, STATUS_NO_INPUT, 0);
    assert_string_equal(reading.error.message, "cannot open: No such file or directory");

    reading_init(&reading);
    read_path(&reading, "/");
    assert_failed_at(&reading, STATUS_NO_INPUT, 0);
    assert_string_equal(reading.error.message, "cannot open: Is a directory");
}

static void stdin_file_should_be_read_as_dash(void **state)
{
    Reading reading;
    int fd;

    (void)state;
    reading_init(&reading);
    fd = temporary_file(&reading);
    assert_int_equal(write(fd, "a,b\n1,2\n3,x\n", 12), 12);
    assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
    unlink(reading.path);
    read_stdin(&reading, fd);
    assert_failed_at(&reading, STATUS_DATA, 3);
    assert_string_equal(reading.error.file, "-");
    assert_int_equal(reading.rows.row_count, 1);
}

static void stdin_pipe_should_be_read(void **state)
{
    static const char text[] = "a;b\r\n1;2\r\n3;4\r\n";
    Reading reading;
    int fds[2];

    (void)state;
    assert_int_equal(pipe(fds), 0);
    assert_int_equal(write(fds[1], text, sizeof text - 1), (ssize_t)(sizeof text - 1));
    assert_int_equal(close(fds[1]), 0);
    reading_init(&reading);
    read_stdin(&reading, fds[0]);
    assert_int_equal(reading.status, STATUS_OK);
    assert_int_equal(reading.rows.row_count, 2);
    assert_row(&reading, 1, 3, 4, 3);
}

static void row_handler_error_should_stop_the_read(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    reading.rows.stop_after_rows = 2;
    read_text(&reading, "a,b\n1,2\n3,4\n5,6\n7,x\n");
    assert_int_equal(reading.status, STATUS_CANT_CREATE);
    assert_int_equal(reading.error.status, STATUS_CANT_CREATE);
    assert_string_equal(reading.error.message, "row rejected by the test");
    assert_int_equal(reading.rows.row_count, 2);

    reading_init(&reading);
    reading.rows.fail_columns = true;
    read_text(&reading, "1,2\n3,4\n");
    assert_int_equal(reading.status, STATUS_CANT_CREATE);
    assert_string_equal(reading.error.message, "columns rejected by the test");
    assert_int_equal(reading.rows.row_count, 0);
}

static void many_rows_should_all_arrive_in_order(void **state)
{
    const long count = 200000;
    Reading reading;
    FILE *file;

    (void)state;
    reading_init(&reading);
    file = fdopen(temporary_file(&reading), "w");
    assert_non_null(file);
    fputs("temperature,water\n", file);
    for (long i = 1; i <= count; i++) {
        fprintf(file, "%ld,%ld.25\n", i, 3 * i);
    }
    assert_int_equal(fclose(file), 0);

    reading_run(&reading);
    unlink(reading.path);
    assert_int_equal(reading.status, STATUS_OK);
    assert_int_equal(reading.rows.row_count, count);
    assert_row(&reading, 0, 1, 3.25, 2);
    assert_row(&reading, KEPT_ROWS - 1, KEPT_ROWS, 3.0 * KEPT_ROWS + 0.25, KEPT_ROWS + 1);
    assert_int_equal(reading.rows.last_line, count + 1);
    /* Both sums are exact in a double: multiples of 0.25 below 2^50. */
    assert_double_exact(reading.rows.x_sum, 20000100000.0);
    assert_double_exact(reading.rows.y_sum, 3 * 20000100000.0 + 0.25 * 200000);
}

/* ------------------------------------------------------------------------ */
/* Block boundaries                                                          */

/* Writes a text whose k-th record ends with line_end starting at offset
 * 2^k - 1 + shift, for k = 4 (the header) to 17. csv_input.c reads blocks of
 * CSV_INPUT_BLOCK_SIZE bytes (64 KiB unless built otherwise). For any power of
 * two from 4 to 128 KiB, one of these line ends straddles or touches a block
 * boundary. With quoted, the line end sits inside a quoted third field that
 * goes on to a second line. The records after the header are (k, 2k), and a
 * record "oops,1" ends the text. */
static size_t build_boundary_text(char *text, const char *line_end, int shift, bool quoted)
{
    size_t length = (size_t)sprintf(text, "x,y,%s", quoted ? "\"" : "");

    for (int k = 4; k <= 17; k++) {
        size_t end = (size_t)((1L << k) - 1 + shift);

        if (k > 4) {
            length += (size_t)sprintf(text + length, "%d,%d,%s", k, 2 * k, quoted ? "\"" : "");
        }
        memset(text + length, 'p', end - length);
        length = end;
        length += (size_t)sprintf(text + length, "%s%s", line_end, quoted ? "q\"\n" : "");
    }
    length += (size_t)sprintf(text + length, "oops,1%s", line_end);
    return length;
}

static void check_boundary_text(const char *line_end, int shift, bool quoted)
{
    long lines_per_record = quoted ? 2 : 1;
    char *text = malloc(((size_t)1 << 17) + 64);
    Reading reading;

    assert_non_null(text);
    reading_init(&reading);
    reading.options.x_column = "x";
    reading.options.y_column = "y";
    read_bytes(&reading, text, build_boundary_text(text, line_end, shift, quoted));
    free(text);

    assert_failed_at(&reading, STATUS_DATA, 1 + 14 * lines_per_record);
    assert_string_equal(reading.error.message, "column 1 ('x'): 'oops' is not a decimal number");
    assert_int_equal(reading.rows.row_count, 13);
    for (int i = 0; i < 13; i++) {
        assert_row(&reading, i, 5 + i, 2 * (5 + i), 1 + (i + 1) * lines_per_record);
    }
}

static void crlf_across_block_boundary_should_end_one_line(void **state)
{
    (void)state;
    check_boundary_text("\r\n", 0, false);
    check_boundary_text("\r\n", -1, false);
    check_boundary_text("\r\n", 1, false);
    check_boundary_text("\r\n", 0, true);
}

static void cr_and_lf_at_block_boundary_should_end_one_line(void **state)
{
    (void)state;
    check_boundary_text("\r", 0, false);
    check_boundary_text("\r", 1, false);
    check_boundary_text("\n", 0, false);
    check_boundary_text("\n", 1, false);
    check_boundary_text("\r", 0, true);
}

static void columns_should_report_header_and_delimiter(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    READ_LITERAL(&reading, "a;b\n1;2\n");
    assert_int_equal(reading.status, STATUS_OK);
    assert_true(reading.rows.has_header);
    assert_int_equal(reading.rows.delimiter, ';');

    reading_init(&reading);
    READ_LITERAL(&reading, "1\t2\n");
    assert_int_equal(reading.status, STATUS_OK);
    assert_false(reading.rows.has_header);
    assert_int_equal(reading.rows.delimiter, '\t');
}

static void x_only_should_deliver_nan_y(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    reading.options.x_only = true;
    reading.options.x_header_name = "temperature";
    READ_LITERAL(&reading, "note,temperature\nabc,28\nxyz,20\n");
    assert_int_equal(reading.status, STATUS_OK);
    assert_true(reading.rows.has_header);
    assert_int_equal(reading.rows.x_index, 2);
    assert_int_equal(reading.rows.y_index, 0);
    assert_string_equal(reading.rows.x_name, "temperature");
    assert_string_equal(reading.rows.y_name, "(none)");
    assert_int_equal(reading.rows.row_count, 2);
    assert_double_exact(reading.rows.x[0], 28);
    assert_true(isnan(reading.rows.y[0]));
    assert_int_equal(reading.rows.line[1], 3);
}

static void x_only_should_accept_one_column_without_header(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    reading.options.x_only = true;
    reading.options.x_header_name = "temperature";
    READ_LITERAL(&reading, "28\n\n20");
    assert_int_equal(reading.status, STATUS_OK);
    assert_false(reading.rows.has_header);
    assert_string_equal(reading.rows.x_name, "x");
    assert_int_equal(reading.rows.row_count, 2);
    assert_double_exact(reading.rows.x[1], 20);
    assert_int_equal(reading.rows.line[1], 3);
}

static void x_only_should_reject_header_without_name(void **state)
{
    Reading reading;

    (void)state;
    reading_init(&reading);
    reading.options.x_only = true;
    reading.options.x_header_name = "temperature";
    READ_LITERAL(&reading, "celsius\n28\n");
    assert_int_equal(reading.status, STATUS_DATA);
    assert_string_equal(reading.error.message,
                        "no column named 'temperature'; the columns are: 'celsius'; "
                        "choose one with -x");
    assert_int_equal(reading.rows.row_count, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(baseline_file_should_give_eight_rows_under_header),
        cmocka_unit_test(baseline_without_header_should_start_at_line_one),
        cmocka_unit_test(byte_order_mark_file_should_read_as_baseline),
        cmocka_unit_test(crlf_file_should_read_as_baseline),
        cmocka_unit_test(file_without_final_newline_should_give_all_rows),
        cmocka_unit_test(semicolon_file_should_fail_with_decimal_comma_hint),
        cmocka_unit_test(semicolon_file_should_read_with_decimal_comma),
        cmocka_unit_test(missing_value_file_should_fail_at_physical_line),
        cmocka_unit_test(unterminated_quote_file_should_fail_where_quote_opened),
        cmocka_unit_test(nan_file_should_fail_at_first_nan),
        cmocka_unit_test(hex_file_should_fail_at_hex_value),
        cmocka_unit_test(header_only_file_should_give_columns_and_no_rows),
        cmocka_unit_test(fitting_fault_files_should_read_cleanly),
        cmocka_unit_test(header_should_be_absent_when_chosen_fields_are_numbers),
        cmocka_unit_test(unchosen_columns_should_never_be_parsed),
        cmocka_unit_test(forced_header_should_take_numbers_as_names),
        cmocka_unit_test(forced_no_header_should_read_names_as_data),
        cmocka_unit_test(empty_first_value_should_be_data_not_header),
        cmocka_unit_test(columns_should_be_chosen_by_name),
        cmocka_unit_test(columns_should_be_chosen_by_number),
        cmocka_unit_test(columns_should_default_to_first_and_last),
        cmocka_unit_test(header_name_should_win_over_column_number),
        cmocka_unit_test(unknown_column_name_should_list_columns),
        cmocka_unit_test(long_column_list_should_be_cut),
        cmocka_unit_test(name_without_header_should_be_rejected),
        cmocka_unit_test(column_number_out_of_range_should_be_rejected),
        cmocka_unit_test(header_names_should_choose_columns),
        cmocka_unit_test(header_name_should_reveal_header_between_numbers),
        cmocka_unit_test(missing_header_name_should_be_bad_data),
        cmocka_unit_test(column_options_should_override_header_names),
        cmocka_unit_test(header_names_should_be_ignored_without_header),
        cmocka_unit_test(same_column_twice_should_be_rejected),
        cmocka_unit_test(single_column_should_be_rejected),
        cmocka_unit_test(big5_header_should_allow_choice_by_number),
        cmocka_unit_test(columns_handler_should_run_once_before_rows),
        cmocka_unit_test(quoted_fields_should_keep_delimiters_and_newlines),
        cmocka_unit_test(field_after_multiline_field_should_name_its_own_line),
        cmocka_unit_test(lone_cr_should_end_a_line),
        cmocka_unit_test(mixed_line_ends_should_each_count_once),
        cmocka_unit_test(last_line_without_newline_should_be_checked),
        cmocka_unit_test(blank_lines_should_be_skipped_and_counted),
        cmocka_unit_test(missing_value_after_blank_crlf_line_should_name_its_line),
        cmocka_unit_test(all_empty_rows_should_be_skipped),
        cmocka_unit_test(trailing_blank_lines_should_be_ignored),
        cmocka_unit_test(empty_input_should_give_no_columns_and_no_rows),
        cmocka_unit_test(short_row_should_be_rejected),
        cmocka_unit_test(empty_extra_fields_should_be_ignored),
        cmocka_unit_test(thousands_separator_split_should_be_rejected),
        cmocka_unit_test(units_in_first_row_should_be_data_not_header),
        cmocka_unit_test(unterminated_quote_should_name_opening_line),
        cmocka_unit_test(stray_quotes_should_be_rejected_at_their_line),
        cmocka_unit_test(byte_order_mark_should_not_hide_a_number),
        cmocka_unit_test(utf16_should_be_rejected_at_line_one),
        cmocka_unit_test(nul_byte_should_be_rejected_at_its_line),
        cmocka_unit_test(empty_value_should_be_rejected),
        cmocka_unit_test(bad_values_should_name_column_and_text),
        cmocka_unit_test(out_of_range_value_should_say_so),
        cmocka_unit_test(long_value_should_be_quoted_and_cut),
        cmocka_unit_test(semicolon_rows_without_header_should_get_hint),
        cmocka_unit_test(decimal_comma_should_reject_thousands_separator),
        cmocka_unit_test(decimal_comma_should_forbid_comma_delimiter),
        cmocka_unit_test(tab_delimiter_should_keep_spaces_inside_names),
        cmocka_unit_test(delimiter_should_be_most_frequent_outside_quotes),
        cmocka_unit_test(delimiter_tie_should_prefer_comma_then_semicolon),
        cmocka_unit_test(delimiter_should_come_from_first_nonblank_line),
        cmocka_unit_test(decimal_comma_should_detect_tab_over_commas),
        cmocka_unit_test(long_first_line_should_still_choose_delimiter),
        cmocka_unit_test(quote_or_line_end_delimiter_should_be_rejected),
        cmocka_unit_test(missing_file_should_be_no_input),
        cmocka_unit_test(stdin_file_should_be_read_as_dash),
        cmocka_unit_test(stdin_pipe_should_be_read),
        cmocka_unit_test(row_handler_error_should_stop_the_read),
        cmocka_unit_test(many_rows_should_all_arrive_in_order),
        cmocka_unit_test(crlf_across_block_boundary_should_end_one_line),
        cmocka_unit_test(cr_and_lf_at_block_boundary_should_end_one_line),
        cmocka_unit_test(columns_should_report_header_and_delimiter),
        cmocka_unit_test(x_only_should_deliver_nan_y),
        cmocka_unit_test(x_only_should_accept_one_column_without_header),
        cmocka_unit_test(x_only_should_reject_header_without_name),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
