/* fuzz_csv_input.c: libFuzzer harness for csv_input_read and the number
 * parser behind it. The first OPTION_BYTES bytes of an input choose the
 * delimiter, header mode, decimal commas and columns, and the rest is the
 * file. Every delivered value must be finite, rows must come in line
 * order within the file, and every failure must fill its error record. */
#include "csv_input.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "harness.h"

#define OPTION_BYTES 3

/* '"' is an invalid delimiter, which must fail cleanly. */
static const char delimiters[] = {0, ',', ';', '\t', '|', ' ', '"', ':'};

/* Column choices: the default, numbers in and out of range, names from the
 * seed files, and names that are no column. */
static const char *const columns[] = {
    NULL, "1", "2", "3", "0", "99999999999999999999", "temperature", "water", "timestamp",
    "t", "", "x",
};

#define COLUMN_CHOICES (sizeof columns / sizeof columns[0])

/* What the handlers have seen of one read. */
typedef struct {
    bool columns_seen;
    long rows;
    long last_line;
    long max_line;
} Seen;

static char input_path[FUZZ_PATH_SIZE];

static Status on_columns(void *context, const CsvColumns *chosen, Error *error)
{
    Seen *seen = context;

    (void)error;
    if (seen->columns_seen || chosen->x_name == NULL || chosen->y_name == NULL
        || chosen->x_index < 1 || chosen->y_index < 1 || chosen->x_index == chosen->y_index) {
        abort();
    }
    seen->columns_seen = true;
    return STATUS_OK;
}

/* A record ends with its line end, so the next one starts on a later line. */
static Status on_row(void *context, double x, double y, long line, Error *error)
{
    Seen *seen = context;

    (void)error;
    if (!seen->columns_seen || !isfinite(x) || !isfinite(y) || line <= seen->last_line
        || line > seen->max_line) {
        abort();
    }
    seen->last_line = line;
    seen->rows++;
    return STATUS_OK;
}

static void choose_options(const uint8_t *data, CsvOptions *options)
{
    options->delimiter = delimiters[data[0] & 7];
    switch ((data[0] >> 3) & 3) {
    case 1: options->header = CSV_HEADER_PRESENT; break;
    case 2: options->header = CSV_HEADER_ABSENT; break;
    default: options->header = CSV_HEADER_DETECT; break;
    }
    options->decimal_comma = (data[0] & 0x20) != 0;
    options->x_column = columns[data[1] % COLUMN_CHOICES];
    options->y_column = columns[data[2] % COLUMN_CHOICES];
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_temporary_file(input_path, "fuzz_csv_input");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    CsvOptions options = {.path = input_path, .header = CSV_HEADER_DETECT};
    Seen seen = {false, 0, 0, 0};
    Error error;
    Status status;

    if (size >= OPTION_BYTES) {
        choose_options(data, &options);
        data += OPTION_BYTES;
        size -= OPTION_BYTES;
    }
    fuzz_write_file(input_path, data, size);
    seen.max_line = fuzz_count_lines(data, size);

    status = csv_input_read(&options, on_columns, on_row, &seen, &error);
    if (status != STATUS_OK) {
        fuzz_check_error(status, &error, seen.max_line + 1);
    }
    return 0;
}
