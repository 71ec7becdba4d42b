/* csv_input.h: reads x and y from a CSV file or stdin with libcsv. It owns
 * the delimiter and header detection, the byte-order mark, the column choice
 * and the physical line numbers that every message about the file names. */
#ifndef WATERFIT_CSV_INPUT_H
#define WATERFIT_CSV_INPUT_H

#include <stdbool.h>
#include <stdio.h>

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
    const char *x_header_name; /* with x_column NULL and a header, x is the column
                                  of this name, and a header without it is an
                                  error; NULL, or no header: the default column */
    const char *y_header_name; /* the same for y */
    char delimiter;        /* ',', ';', '\t', ...; 0: detect among , ; tab */
    CsvHeaderMode header;
    bool decimal_comma;    /* read "22,5" as 22.5 (needs another delimiter) */
    bool x_only;           /* no y column: y_column and y_header_name are ignored, a
                              file of one column is accepted and rows get y = NAN */
} CsvOptions;

/* Names of the chosen columns: header text, or "x" and "y" when the file has
 * no header. Owned by the reader; valid until csv_input_read returns. */
typedef struct {
    const char *x_name;
    const char *y_name; /* NULL with x_only */
    long x_index;       /* 1-based field number */
    long y_index;       /* 0 with x_only */
    bool has_header;    /* the first record is the header, not a data row */
    char delimiter;     /* the one given or detected */
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

/* How far a read has come. */
typedef struct {
    long long bytes; /* input bytes whose rows are counted in rows */
    long long size;  /* of a regular file in bytes; -1 for stdin and pipes */
    long long rows;  /* data rows read so far */
} CsvProgress;

/* Called as a read advances; it must return quickly. */
typedef void (*CsvProgressHandler)(void *context, const CsvProgress *progress);

/* Reads as csv_input_read does, and calls on_progress (when not NULL) after
 * each block of input with the bytes and rows read so far. */
Status csv_input_read_with_progress(const CsvOptions *options, CsvColumnsHandler on_columns,
                                    CsvRowHandler on_row, CsvProgressHandler on_progress,
                                    void *context, Error *error);

/* Opens a CSV file for reading in binary mode, or returns stdin for "-".
 * A directory or a file that cannot be opened gives STATUS_NO_INPUT with
 * *error naming the path. */
Status csv_input_open_file(const char *path, FILE **input, Error *error);

/* The incremental reader behind csv_input_read, for callers that supply the
 * bytes themselves, such as the chunked reader in csv_parallel.c. */
typedef struct CsvReader CsvReader;

/* Creates a reader with the same handlers and checks as csv_input_read.
 * On failure *reader may still need csv_input_free. */
Status csv_input_init(CsvReader **reader, const CsvOptions *options,
                      CsvColumnsHandler on_columns, CsvRowHandler on_row, void *context,
                      Error *error);

/* Parses the next size bytes of the input. The first call must hold a
 * whole byte-order mark, if the input starts with one. Returns the first
 * failure so far, which later calls keep returning. */
Status csv_input_feed(CsvReader *reader, const char *data, size_t size);

/* Ends the input: delivers a last record without a line end and rejects an
 * open quoted field. Returns the reader's status. */
Status csv_input_finish(CsvReader *reader);

void csv_input_free(CsvReader *reader);

/* Byte offset, from the start of the input, of the physical line where the
 * record being delivered starts. Meant for use inside a row handler. */
long long csv_input_record_offset(const CsvReader *reader);

/* Line ends read so far ("\r\n" counts once). */
long csv_input_lines(const CsvReader *reader);

/* Returns true when the columns are known and the bytes fed so far end with
 * a line end outside any record, so that the next byte starts a record. */
bool csv_input_between_records(const CsvReader *reader);

/* Accounts for lines and bytes that another reader parsed after this one
 * stopped between records: later line numbers and offsets continue from
 * there. Call only when csv_input_between_records is true. */
void csv_input_skip(CsvReader *reader, long lines, long long bytes);

/* What a chunk of the input needs from the reader that read its header. */
typedef struct {
    const CsvOptions *options;
    char delimiter;
    long x_index; /* 1-based field numbers */
    long y_index;
    const char *x_name; /* owned by the header's reader */
    const char *y_name;
    long field_count;   /* fields of the first record (the header, if any) */
    long first_line;    /* physical line of the first record */
    bool has_header;
} CsvLayout;

/* Fills *layout once csv_input_between_records has returned true. */
void csv_input_layout(const CsvReader *reader, CsvLayout *layout);

/* Reads one chunk of the input that starts at a line start outside any
 * quoted field, with the columns and delimiter of layout, and calls on_row
 * for each row in order. Line numbers in rows and in *error count from 1 at
 * the chunk's first line, and a NUL byte there is not taken for UTF-16.
 * With last, the chunk ends the input, so a last line without a line end
 * is read too. *lines receives the line ends in the chunk. Returns the status
 * of the first failure, as csv_input_read does. Safe to call from several
 * threads at once, while the header's reader is not fed. */
Status csv_input_read_chunk(const CsvLayout *layout, const char *data, size_t size, bool last,
                            CsvRowHandler on_row, void *context, Error *error, long *lines);

#endif
