/* csv_append.h: copies a CSV text to an output with one field appended to
 * every record, computed from the record's x column. Every byte of the
 * input is kept: the new field goes just before each record's line end. */
#ifndef WATERFIT_CSV_APPEND_H
#define WATERFIT_CSV_APPEND_H

#include <stddef.h>
#include <stdio.h>

#include "csv_input.h"
#include "error.h"

/* Computes the new field's value from a row's x value at the given
 * physical line. A status other than STATUS_OK stops the copy, which
 * returns that status with the handler's *error. */
typedef Status (*CsvAppendValue)(void *context, double x, long line, double *value,
                                 Error *error);

/* What to append and where the output goes. */
typedef struct {
    const CsvOptions *csv; /* read with x_only set; path names the input in messages */
    const char *name;      /* header of the new column, quoted when CSV needs it */
    int precision;         /* significant digits of each value, as number_format takes */
    CsvAppendValue value;
    void *context;         /* passed to value */
    FILE *output;          /* normally stdout, which write errors name */
} CsvAppendOptions;

typedef struct CsvAppender CsvAppender;

/* Creates an appender. options and *error must outlive it: *error receives
 * the failures of later calls too. On failure *appender may still need
 * csv_append_free. */
Status csv_append_init(CsvAppender **appender, const CsvAppendOptions *options, Error *error);

/* Takes the next size bytes of the input and writes every record that
 * they complete, and every line that the reader skips (blank lines), to
 * the output. Records that are not complete yet stay in memory. Stops at
 * the first bad record or write error, with the reader's message for a bad
 * record (file:line, column and value) and STATUS_IO for a write error;
 * later calls return the same status. Nothing is flushed. */
Status csv_append_feed(CsvAppender *appender, const char *data, size_t size);

/* Ends the input: writes a last record that has no line end, with the new
 * field at its end, and whatever the reader skipped. Rejects an open
 * quoted field. */
Status csv_append_finish(CsvAppender *appender);

void csv_append_free(CsvAppender *appender);

#endif
