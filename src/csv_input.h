/* csv_input.h: reads x and y from a CSV file or stdin with libcsv. It owns
 * the delimiter and header detection, the byte-order mark, the column choice
 * and the physical line numbers that every message about the file names. */
#ifndef WATERFIT_CSV_INPUT_H
#define WATERFIT_CSV_INPUT_H

#include <stdbool.h>

#include "error.h"

typedef enum {
    CSV_HEADER_DETECT, /* header when the chosen fields of row 1 are not numbers */
    CSV_HEADER_PRESENT,
    CSV_HEADER_ABSENT
} CsvHeaderMode;

/* What to read and how. */
typedef struct {
    const char *path;      /* file name, or "-" for stdin */
    const char *x_column;  /* header name or 1-based number; NULL: first column */
    const char *y_column;  /* header name or 1-based number; NULL: last column */
    char delimiter;        /* ',', ';', '\t', ...; 0: detect among , ; tab */
    CsvHeaderMode header;
    bool decimal_comma;    /* read "22,5" as 22.5 (needs another delimiter) */
    /* Column names to use when x_column or y_column is NULL and the header
     * has them; otherwise the default column is used. A first record that
     * contains either name is a header, unless the header mode is forced.
     * NULL: no preference. */
    const char *x_preferred;
    const char *y_preferred;
} CsvOptions;

/* Names of the chosen columns: header text, or "x" and "y" when the file has
 * no header. Owned by the reader; valid until csv_input_read returns. */
typedef struct {
    const char *x_name;
    const char *y_name;
    long x_index; /* 1-based field number */
    long y_index;
} CsvColumns;

/* Called once, after the header (or the first row, when there is none) has
 * fixed the columns and before the first row is delivered. Not called for an
 * input without any record (empty, or only blank lines). */
typedef Status (*CsvColumnsHandler)(void *context, const CsvColumns *columns, Error *error);

/* Called for each data row in file order with the parsed pair and the
 * row's physical line. A status other than STATUS_OK stops the read, which
 * then returns that status with the handler's *error. */
typedef Status (*CsvRowHandler)(void *context, double x, double y, long line, Error *error);

/* Reads the whole input in one pass, with memory bounded by the longest
 * field and the first line, not by the input size. Blank lines and
 * rows whose fields are all empty are skipped. Stops at the first bad row,
 * bad value or read error with *error set (file, physical line, column
 * number and the offending text quoted) and returns its status: STATUS_DATA
 * for bad content, STATUS_NO_INPUT when the file cannot be opened,
 * STATUS_IO for read errors. STATUS_USAGE is for a column that does not
 * exist and for conflicting options.
 * A file with a header and no rows is not an error here: the caller counts
 * rows and decides how many it needs. */
Status csv_input_read(const CsvOptions *options, CsvColumnsHandler on_columns,
                      CsvRowHandler on_row, void *context, Error *error);

#endif
