/* csv_input.c: reads the x and y columns of a CSV file with libcsv. libcsv
 * reports no positions, so the reader feeds it one physical line at a time
 * and counts lines itself. It also owns the byte-order mark, the delimiter
 * and header detection, and the choice of columns. */
#include "csv_input.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <csv.h>

#include "i18n.h"
#include "number.h"

/* Bytes read at a time. Tests may build with a smaller block to move the
 * block boundaries; the first block must hold a whole byte-order mark. */
#ifndef CSV_INPUT_BLOCK_SIZE
#define CSV_INPUT_BLOCK_SIZE 65536
#endif

_Static_assert(CSV_INPUT_BLOCK_SIZE >= 4, "a block must hold a byte-order mark");

/* Values of libcsv's public pstate field (libcsv.c 3.0.3). */
#define PARSER_ROW_NOT_BEGUN 0
#define PARSER_FIELD_NOT_BEGUN 1
#define PARSER_FIELD_BEGUN 2

/* Room for one name or value quoted into a message, cut with "..." past it. */
#define QUOTED_SIZE 64

/* Room for the list of header names in an unknown-column message. */
#define COLUMN_LIST_SIZE 400

#define COLUMN_X 0
#define COLUMN_Y 1

/* Growable byte string, always NUL-terminated once allocated. */
typedef struct {
    char *data;
    size_t length;
    size_t capacity;
} ByteBuffer;

/* One field of the first record. */
typedef struct {
    size_t offset; /* start of the field in FirstRecord.text */
    size_t length;
    long line;     /* physical line where the field starts */
} FieldSpan;

/* The first record, kept whole until it has fixed the columns: it is the
 * header, or the first data row. */
typedef struct {
    ByteBuffer text; /* the fields, each followed by a NUL */
    FieldSpan *fields;
    long count;
    long capacity;
} FirstRecord;

/* The x or y column, and its field in the record being read. */
typedef struct {
    long index;       /* 1-based field number */
    const char *name; /* header text, or "x" or "y" */
    ByteBuffer value; /* copy of the field, because libcsv reuses its buffer */
    long line;        /* physical line where the field starts */
} ChosenColumn;

/* Counts of the candidate delimiters on the first non-blank line, gathered
 * as blocks arrive. */
typedef struct {
    long commas;
    long semicolons;
    long tabs;
    bool in_quotes;
    bool line_has_text;
    bool complete; /* the first non-blank line has ended */
} DelimiterCount;

/* Finds line ends in a block. The positions of the next '\r' and '\n' are
 * kept, so each memchr scans a stretch of the block only once. */
typedef struct {
    const char *data;
    size_t size;
    size_t next_cr; /* index of the next '\r', or size when there is none */
    size_t next_lf;
} LineFinder;

struct CsvReader {
    const CsvOptions *options;
    CsvColumnsHandler on_columns;
    CsvRowHandler on_row;
    CsvProgressHandler on_progress; /* NULL: no progress reports */
    long long rows;                 /* rows given to on_row */
    void *context;
    Error *error;
    Status status; /* first failure: once it is set, callbacks do nothing */

    struct csv_parser parser;
    char delimiter; /* 0 until detected */
    DelimiterCount delimiter_count;
    ByteBuffer pending; /* input held back until the delimiter is known */

    long line;        /* physical line of the bytes being parsed */
    bool line_ended;  /* the last piece parsed ended its line */
    bool pending_cr;  /* ... with a '\r' at the end of a block */
    long record_line; /* line where the current record starts */
    long field_line;  /* line where the current field starts */
    long field_count; /* fields of the current record so far */
    bool record_has_text;
    long extra_column; /* first non-empty field past the first record's count, or 0 */

    bool columns_fixed;
    bool has_header;
    bool first_row_ambiguous; /* one chosen field of the first record looked like a
                                 name and the other like a number */
    long first_line; /* line of the first record */
    FirstRecord first;
    ChosenColumn columns[2];

    /* Byte offsets from the start of the input, byte-order mark included. */
    long long offset;        /* of the next byte handed to reader_feed_lines */
    long long line_offset;   /* where the current physical line starts */
    long long record_offset; /* where the line of the current record starts */
    bool started;            /* csv_input_feed has seen the first bytes */
    bool chunk_mode;         /* reads one chunk: its line 1 is not the file's */
};

/* ------------------------------------------------------------------------ */
/* Buffers                                                                   */

/* Makes room for extra more bytes and a NUL. */
static bool byte_buffer_reserve(ByteBuffer *buffer, size_t extra)
{
    size_t needed = buffer->length + extra + 1;
    size_t capacity = buffer->capacity > 0 ? buffer->capacity : 64;
    char *data;

    if (needed <= buffer->capacity) {
        return true;
    }
    while (capacity < needed) {
        capacity *= 2;
    }

    data = realloc(buffer->data, capacity);
    if (data == NULL) {
        return false;
    }
    buffer->data = data;
    buffer->capacity = capacity;
    return true;
}

static bool byte_buffer_append(ByteBuffer *buffer, const void *bytes, size_t length)
{
    if (!byte_buffer_reserve(buffer, length)) {
        return false;
    }
    memcpy(buffer->data + buffer->length, bytes, length);
    buffer->length += length;
    buffer->data[buffer->length] = '\0';
    return true;
}

static bool byte_buffer_set(ByteBuffer *buffer, const void *bytes, size_t length)
{
    buffer->length = 0;
    return byte_buffer_append(buffer, bytes, length);
}

static void byte_buffer_free(ByteBuffer *buffer)
{
    free(buffer->data);
    buffer->data = NULL;
    buffer->length = 0;
    buffer->capacity = 0;
}

static bool first_record_add(FirstRecord *first, const char *text, size_t length, long line)
{
    FieldSpan *span;

    if (first->count == first->capacity) {
        long capacity = first->capacity > 0 ? first->capacity * 2 : 16;
        FieldSpan *fields = realloc(first->fields, (size_t)capacity * sizeof *fields);

        if (fields == NULL) {
            return false;
        }
        first->fields = fields;
        first->capacity = capacity;
    }

    span = &first->fields[first->count];
    span->offset = first->text.length;
    span->length = length;
    span->line = line;
    if (!byte_buffer_append(&first->text, text, length)) {
        return false;
    }
    /* Keep the NUL that byte_buffer_append wrote: it ends this name. */
    first->text.length++;
    first->count++;
    return true;
}

static const char *first_record_text(const FirstRecord *first, long index)
{
    return first->text.data + first->fields[index - 1].offset;
}

/* ------------------------------------------------------------------------ */
/* Failures                                                                  */

/* Records the first failure; later ones are consequences and are dropped. */
static void reader_fail(CsvReader *reader, Status status, long line, const char *format, ...)
    __attribute__((format(printf, 4, 5)));

static void reader_fail(CsvReader *reader, Status status, long line, const char *format, ...)
{
    char message[ERROR_MESSAGE_SIZE];
    va_list arguments;

    if (reader->status != STATUS_OK) {
        return;
    }
    va_start(arguments, format);
    vsnprintf(message, sizeof message, format, arguments);
    va_end(arguments);
    reader->status = error_set(reader->error, status, reader->options->path, line, "%s", message);
}

static void reader_fail_memory(CsvReader *reader)
{
    reader_fail(reader, STATUS_OS, 0, _("out of memory"));
}

static void reader_fail_utf16(CsvReader *reader)
{
    reader_fail(reader, STATUS_DATA, 1,
                _("file is UTF-16 (or contains NUL bytes); save it as CSV UTF-8"));
}

/* A NUL byte follows the bytes parsed so far, so it is on the line after
 * them when they ended a line, and in the field after the last one parsed. */
static void reader_fail_nul(CsvReader *reader)
{
    long line = reader->line_ended ? reader->line + 1 : reader->line;

    if (line == 1 && !reader->chunk_mode) {
        reader_fail_utf16(reader);
        return;
    }
    reader_fail(reader, STATUS_DATA, line,
                _("column %ld: unexpected NUL byte; save the file as CSV UTF-8"),
                reader->field_count + 1);
}

/* Explains libcsv's strict-mode error from the state it stopped in. */
static void reader_fail_parse(CsvReader *reader)
{
    long column = reader->field_count + 1;

    if (csv_error(&reader->parser) != CSV_EPARSE) {
        reader_fail_memory(reader);
    } else if (reader->parser.pstate == PARSER_FIELD_BEGUN) {
        reader_fail(reader, STATUS_DATA, reader->line,
                    _("column %ld: quote inside an unquoted field; quote the whole field "
                      "and double each quote in it"),
                    column);
    } else if (reader->field_line < reader->line) {
        reader_fail(reader, STATUS_DATA, reader->line,
                    _("column %ld: text after the closing quote of a field that opened "
                      "at line %ld; is a closing quote missing there?"),
                    column, reader->field_line);
    } else {
        reader_fail(reader, STATUS_DATA, reader->line,
                    _("column %ld: text after a closing quote; double each quote inside "
                      "a quoted field"),
                    column);
    }
}

/* ------------------------------------------------------------------------ */
/* Numbers                                                                   */

/* Parses a field, reading its first ',' as the decimal point when the
 * options ask for decimal commas. The text changes only during the call.
 * With decimal commas a '.' can only be a thousands separator ("1.580",
 * "1.234,5"), so a field that contains one is rejected rather than read
 * as a fraction. */
static NumberStatus read_number(const CsvOptions *options, char *text, size_t length,
                                double *value)
{
    char *comma = options->decimal_comma ? memchr(text, ',', length) : NULL;
    NumberStatus status;

    if (options->decimal_comma && memchr(text, '.', length) != NULL) {
        return NUMBER_INVALID;
    }
    if (comma != NULL) {
        *comma = '.';
    }
    status = number_parse(text, length, value);
    if (comma != NULL) {
        *comma = ',';
    }
    return status;
}

/* Returns a fix-it hint for a value that suggests a ';'-separated file with
 * decimal commas, or NULL. */
static const char *value_hint(const CsvReader *reader, const char *text, size_t length,
                              NumberStatus status)
{
    bool has_semicolon = reader->delimiter == ',' && memchr(text, ';', length) != NULL;
    bool has_decimal_comma = reader->delimiter != ',' && status == NUMBER_DECIMAL_COMMA;

    if (reader->options->decimal_comma || (!has_semicolon && !has_decimal_comma)) {
        return NULL;
    }
    if (reader->delimiter == ',' || reader->delimiter == ';') {
        return _("the file looks ';'-separated with decimal commas: try -d ';' --decimal-comma");
    }
    return _("the values have decimal commas: try --decimal-comma");
}

/* Writes why the value is not a number, or nothing for NUMBER_INVALID,
 * whose message is already complete. */
static void value_reason(const CsvReader *reader, const ByteBuffer *value, NumberStatus status,
                         char *reason, size_t size)
{
    bool has_point = memchr(value->data, '.', value->length) != NULL;

    if (reader->options->decimal_comma && has_point) {
        snprintf(reason, size, _(" (%s)"),
                 _("with --decimal-comma a '.' is a thousands separator, which is not "
                   "supported"));
    } else if (status == NUMBER_INVALID) {
        reason[0] = '\0';
    } else {
        snprintf(reason, size, _(" (%s)"), _(number_status_text(status)));
    }
}

static void reader_fail_value(CsvReader *reader, const ChosenColumn *column, NumberStatus status)
{
    const ByteBuffer *value = &column->value;
    const char *hint = value_hint(reader, value->data, value->length, status);

    if (hint == NULL && reader->first_row_ambiguous) {
        hint = _("if the first row is a header, use --header");
    }
    char name[QUOTED_SIZE];
    char text[QUOTED_SIZE];
    char reason[QUOTED_SIZE * 2];

    error_quote(column->name, strlen(column->name), name, sizeof name);
    if (status == NUMBER_EMPTY) {
        reader_fail(reader, STATUS_DATA, column->line,
                    _("column %ld ('%s'): empty value; expected a decimal number"), column->index,
                    name);
        return;
    }

    error_quote(value->data, value->length, text, sizeof text);
    if (status == NUMBER_OUT_OF_RANGE) {
        reader_fail(reader, STATUS_DATA, column->line,
                    _("column %ld ('%s'): '%s' is out of range for a double"), column->index,
                    name, text);
        return;
    }
    value_reason(reader, value, status, reason, sizeof reason);
    reader_fail(reader, STATUS_DATA, column->line,
                _("column %ld ('%s'): '%s' is not a decimal number%s%s%s"), column->index, name,
                text, reason, hint != NULL ? _("; ") : "", hint != NULL ? hint : "");
}

/* ------------------------------------------------------------------------ */
/* Rows                                                                      */

/* Returns COLUMN_Y, or COLUMN_X when the options ask for x alone, so that
 * loops over the chosen columns stop there. */
static int reader_last_column(const CsvReader *reader)
{
    return reader->options->x_only ? COLUMN_X : COLUMN_Y;
}

/* A hint for a short row whose fields contain ';', or NULL. */
static const char *short_row_hint(const CsvReader *reader)
{
    for (int i = COLUMN_X; i <= reader_last_column(reader); i++) {
        const ChosenColumn *column = &reader->columns[i];

        if (column->index <= reader->field_count) {
            const char *hint =
                value_hint(reader, column->value.data, column->value.length, NUMBER_OK);

            if (hint != NULL) {
                return hint;
            }
        }
    }
    return NULL;
}

static void reader_fail_short_row(CsvReader *reader, long needed)
{
    const ChosenColumn *missing = &reader->columns[COLUMN_X];
    const char *hint = short_row_hint(reader);
    long count = reader->field_count;
    char name[QUOTED_SIZE];

    if (missing->index != needed) {
        missing = &reader->columns[COLUMN_Y];
    }
    error_quote(missing->name, strlen(missing->name), name, sizeof name);
    reader_fail(reader, STATUS_DATA, reader->record_line,
                ngettext("row has %ld field, expected at least %ld for column %ld ('%s')%s%s",
                         "row has %ld fields, expected at least %ld for column %ld ('%s')%s%s",
                         (unsigned long)count),
                count, needed, missing->index, name, hint != NULL ? _("; ") : "",
                hint != NULL ? hint : "");
}

/* A row with more fields than the first record has its columns shifted,
 * most often by a ',' inside a number ("22,1,580" for 1,580), so x or y
 * would be read from the wrong field. Empty extra fields (a trailing
 * delimiter) shift nothing and are accepted. */
static void reader_fail_long_row(CsvReader *reader)
{
    const char *hint = reader->delimiter == ','
        ? _("; a ',' inside a number (1,580 or 22,5) splits it in two: remove the "
            "separator or quote the value")
        : "";

    if (reader->has_header) {
        reader_fail(reader, STATUS_DATA, reader->record_line,
                    _("column %ld: row has %ld fields, but the header (line %ld) has %ld%s"),
                    reader->extra_column, reader->field_count, reader->first_line,
                    reader->first.count, hint);
        return;
    }
    reader_fail(reader, STATUS_DATA, reader->record_line,
                _("column %ld: row has %ld fields, but the first row (line %ld) has %ld%s"),
                reader->extra_column, reader->field_count, reader->first_line,
                reader->first.count, hint);
}

/* Parses x and y of the record that just ended and hands them over. */
static void reader_deliver_row(CsvReader *reader)
{
    long x_index = reader->columns[COLUMN_X].index;
    long y_index = reader->columns[COLUMN_Y].index;
    long needed = x_index > y_index ? x_index : y_index;
    double values[2] = {(double)NAN, (double)NAN};
    Status status;

    if (reader->field_count < needed) {
        reader_fail_short_row(reader, needed);
        return;
    }
    if (reader->extra_column != 0) {
        reader_fail_long_row(reader);
        return;
    }

    for (int i = COLUMN_X; i <= reader_last_column(reader); i++) {
        ChosenColumn *column = &reader->columns[i];
        NumberStatus parsed =
            read_number(reader->options, column->value.data, column->value.length, &values[i]);

        if (parsed != NUMBER_OK) {
            reader_fail_value(reader, column, parsed);
            return;
        }
    }

    reader->rows++;
    status = reader->on_row(reader->context, values[COLUMN_X], values[COLUMN_Y],
                            reader->record_line, reader->error);
    if (status != STATUS_OK) {
        reader->status = status;
    }
}

/* ------------------------------------------------------------------------ */
/* Header and columns                                                        */

/* A column given as 1 or more digits only is a number, anything else a
 * name. */
static bool is_column_number(const char *spec)
{
    if (spec[0] == '\0') {
        return false;
    }
    for (const char *p = spec; *p != '\0'; p++) {
        if (*p < '0' || *p > '9') {
            return false;
        }
    }
    return true;
}

static bool is_column_name(const char *spec)
{
    return spec != NULL && !is_column_number(spec);
}

/* Returns the value of a column number, saturated at LONG_MAX (out of
 * range for any file), or 0 when spec is not a number. */
static long column_number_value(const char *spec)
{
    long number = 0;

    if (!is_column_number(spec)) {
        return 0;
    }
    for (const char *p = spec; *p != '\0'; p++) {
        long digit = *p - '0';

        if (number > (LONG_MAX - digit) / 10) {
            return LONG_MAX;
        }
        number = number * 10 + digit;
    }
    return number;
}

/* Returns whether field index of the first record reads as a name, not a
 * number. Empty fields and values that earn a decimal-comma hint count as
 * data, so that their row is reported rather than taken as a header. */
static bool first_field_is_name(const CsvReader *reader, long index)
{
    const FieldSpan *span;
    char *text;
    double ignored;
    NumberStatus status;

    if (index < 1 || index > reader->first.count) {
        return false;
    }
    span = &reader->first.fields[index - 1];
    text = reader->first.text.data + span->offset;
    status = read_number(reader->options, text, span->length, &ignored);
    return status != NUMBER_OK && status != NUMBER_EMPTY
           && value_hint(reader, text, span->length, status) == NULL;
}

static long reader_find_name(const CsvReader *reader, const char *name);

/* Returns true when a field of the first record that is not a number
 * equals the x_header_name or y_header_name of a column no option chose. */
static bool reader_has_header_name(const CsvReader *reader)
{
    const CsvOptions *options = reader->options;
    const char *x_name = options->x_column == NULL ? options->x_header_name : NULL;
    const char *y_name = options->y_column == NULL ? options->y_header_name : NULL;

    return (x_name != NULL && first_field_is_name(reader, reader_find_name(reader, x_name)))
        || (y_name != NULL && first_field_is_name(reader, reader_find_name(reader, y_name)));
}

static bool reader_detect_header(CsvReader *reader)
{
    const CsvOptions *options = reader->options;
    long x_index = 1;
    long y_index = reader->first.count;

    if (options->header != CSV_HEADER_DETECT) {
        return options->header == CSV_HEADER_PRESENT;
    }
    /* Columns chosen by name exist only in a header. */
    if (is_column_name(options->x_column) || is_column_name(options->y_column)) {
        return true;
    }
    if (reader_has_header_name(reader)) {
        return true;
    }

    if (options->x_column != NULL) {
        x_index = column_number_value(options->x_column);
    }
    if (options->y_column != NULL) {
        y_index = column_number_value(options->y_column);
    }

    /* A header names both chosen columns. A name next to a number, as in
     * "28°C,580", is more likely a data row with a bad value: taking it as
     * a header would drop that row without a word. */
    bool x_is_name = first_field_is_name(reader, x_index);
    bool y_is_name = options->x_only ? x_is_name : first_field_is_name(reader, y_index);

    reader->first_row_ambiguous = x_is_name != y_is_name;
    return x_is_name && y_is_name;
}

/* Returns the 1-based index of the first header field equal to name, or 0. */
static long reader_find_name(const CsvReader *reader, const char *name)
{
    size_t length = strlen(name);

    for (long i = 0; i < reader->first.count; i++) {
        const FieldSpan *span = &reader->first.fields[i];

        if (span->length == length
            && memcmp(reader->first.text.data + span->offset, name, length) == 0) {
            return i + 1;
        }
    }
    return 0;
}

/* Writes the header names as "'a', 'b', 'c'", cut with "..." when they do
 * not fit in size bytes. */
static void reader_list_names(const CsvReader *reader, char *list, size_t size)
{
    static const char cut[] = ", ...";
    size_t used = 0;

    list[0] = '\0';
    for (long i = 0; i < reader->first.count; i++) {
        const FieldSpan *span = &reader->first.fields[i];
        const char *separator = i > 0 ? ", " : "";
        char name[QUOTED_SIZE];
        int written;

        error_quote(reader->first.text.data + span->offset, span->length, name, sizeof name);
        written = snprintf(list + used, size - used, "%s'%s'", separator, name);
        if (written < 0 || used + (size_t)written + sizeof cut > size) {
            snprintf(list + used, size - used, "%s...", separator);
            return;
        }
        used += (size_t)written;
    }
}

static void reader_fail_unknown_column(CsvReader *reader, const char *spec)
{
    char name[QUOTED_SIZE];
    char list[COLUMN_LIST_SIZE];

    error_quote(spec, strlen(spec), name, sizeof name);
    if (!reader->has_header) {
        reader_fail(reader, STATUS_USAGE, 0,
                    _("no column named '%s': the file has no header, so choose columns by "
                      "number (1 to %ld)"),
                    name, reader->first.count);
        return;
    }
    reader_list_names(reader, list, sizeof list);
    reader_fail(reader, STATUS_USAGE, 0, _("no column named '%s'; the columns are: %s"), name,
                list);
}

/* Finds the column that spec names or numbers. A header name wins over a
 * number with the same digits. */
static bool reader_resolve_column(CsvReader *reader, const char *spec, long fallback,
                                  long *index)
{
    char number[QUOTED_SIZE];
    long value;

    if (spec == NULL) {
        *index = fallback;
        return true;
    }
    *index = reader->has_header ? reader_find_name(reader, spec) : 0;
    if (*index > 0) {
        return true;
    }
    if (!is_column_number(spec)) {
        reader_fail_unknown_column(reader, spec);
        return false;
    }

    value = column_number_value(spec);
    if (value >= 1 && value <= reader->first.count) {
        *index = value;
        return true;
    }
    error_quote(spec, strlen(spec), number, sizeof number);
    reader_fail(reader, STATUS_USAGE, 0,
                _("no column %s: the file has %ld columns, numbered from 1"), number,
                reader->first.count);
    return false;
}

/* Finds the header field equal to name, an x_header_name or y_header_name.
 * A header without it is bad data, because the file does not match what the
 * caller expects. The message suggests option to choose another column. */
static bool reader_resolve_header_name(CsvReader *reader, const char *name, const char *option,
                                       long *index)
{
    char quoted[QUOTED_SIZE];
    char list[COLUMN_LIST_SIZE];

    *index = reader_find_name(reader, name);
    if (*index > 0) {
        return true;
    }
    error_quote(name, strlen(name), quoted, sizeof quoted);
    reader_list_names(reader, list, sizeof list);
    reader_fail(reader, STATUS_DATA, 0,
                _("no column named '%s'; the columns are: %s; choose one with %s"), quoted, list,
                option);
    return false;
}

/* Finds the x or y column: by the option, else by the header name asked
 * for when the file has a header, else the default fallback. */
static bool reader_resolve_chosen(CsvReader *reader, const char *spec, const char *header_name,
                                  const char *option, long fallback, long *index)
{
    if (spec == NULL && header_name != NULL && reader->has_header) {
        return reader_resolve_header_name(reader, header_name, option, index);
    }
    return reader_resolve_column(reader, spec, fallback, index);
}

/* Names the chosen columns and checks that they differ. */
static bool reader_choose_columns(CsvReader *reader)
{
    const CsvOptions *options = reader->options;
    ChosenColumn *x = &reader->columns[COLUMN_X];
    ChosenColumn *y = &reader->columns[COLUMN_Y];
    char name[QUOTED_SIZE];

    if (!reader_resolve_chosen(reader, options->x_column, options->x_header_name, "-x", 1,
                               &x->index)) {
        return false;
    }
    x->name = reader->has_header ? first_record_text(&reader->first, x->index) : "x";
    if (options->x_only) {
        return true;
    }
    if (!reader_resolve_chosen(reader, options->y_column, options->y_header_name, "-y",
                               reader->first.count, &y->index)) {
        return false;
    }
    y->name = reader->has_header ? first_record_text(&reader->first, y->index) : "y";

    if (x->index == y->index) {
        error_quote(x->name, strlen(x->name), name, sizeof name);
        reader_fail(reader, STATUS_USAGE, 0,
                    _("x and y are both column %ld ('%s'); choose two different columns"),
                    x->index, name);
        return false;
    }
    return true;
}

/* A single field per record usually means that the delimiter is wrong. */
static void reader_fail_single_column(CsvReader *reader)
{
    const char *field = first_record_text(&reader->first, 1);
    const char *hint = "";

    if (reader->delimiter != ';' && strchr(field, ';') != NULL) {
        hint = _("; try -d ';'");
    } else if (reader->delimiter != ',' && strchr(field, ',') != NULL) {
        hint = _("; try -d ','");
    }
    reader_fail(reader, STATUS_DATA, reader->first_line,
                _("only one column found; x and y need two columns%s"), hint);
}

static bool reader_report_columns(CsvReader *reader)
{
    CsvColumns columns = {
        .x_name = reader->columns[COLUMN_X].name,
        .y_name = reader->columns[COLUMN_Y].name,
        .x_index = reader->columns[COLUMN_X].index,
        .y_index = reader->columns[COLUMN_Y].index,
        .has_header = reader->has_header,
        .delimiter = reader->delimiter,
    };
    Status status = reader->on_columns(reader->context, &columns, reader->error);

    if (status != STATUS_OK) {
        reader->status = status;
        return false;
    }
    return true;
}

/* Delivers the first record as a data row, when it is not a header. */
static void reader_deliver_first_record(CsvReader *reader)
{
    for (int i = COLUMN_X; i <= reader_last_column(reader); i++) {
        ChosenColumn *column = &reader->columns[i];
        const FieldSpan *span = &reader->first.fields[column->index - 1];

        if (!byte_buffer_set(&column->value, reader->first.text.data + span->offset,
                             span->length)) {
            reader_fail_memory(reader);
            return;
        }
        column->line = span->line;
    }
    reader_deliver_row(reader);
    reader->first_row_ambiguous = false;
}

/* Decides from the first record whether there is a header and which
 * columns x and y are, then hands the columns over. */
static void reader_fix_columns(CsvReader *reader)
{
    reader->columns_fixed = true;
    reader->first_line = reader->record_line;
    if (reader->first.count < 2 && !reader->options->x_only) {
        reader_fail_single_column(reader);
        return;
    }

    reader->has_header = reader_detect_header(reader);
    if (!reader_choose_columns(reader) || !reader_report_columns(reader)) {
        return;
    }
    if (!reader->has_header) {
        reader_deliver_first_record(reader);
    }
}

/* ------------------------------------------------------------------------ */
/* libcsv callbacks                                                          */

static void reader_on_field(void *field, size_t length, void *data)
{
    CsvReader *reader = data;
    long line = reader->field_line;

    /* The next field starts after the delimiter on this line. After a line
     * end, reader_feed_piece sets the line again. */
    reader->field_line = reader->line;
    if (reader->status != STATUS_OK) {
        return;
    }
    reader->field_count++;
    reader->record_has_text = reader->record_has_text || length > 0;

    if (!reader->columns_fixed) {
        if (!first_record_add(&reader->first, field, length, line)) {
            reader_fail_memory(reader);
        }
        return;
    }
    if (reader->field_count > reader->first.count && length > 0 && reader->extra_column == 0) {
        reader->extra_column = reader->field_count;
    }
    for (int i = COLUMN_X; i <= COLUMN_Y; i++) {
        ChosenColumn *column = &reader->columns[i];

        if (reader->field_count == column->index) {
            if (!byte_buffer_set(&column->value, field, length)) {
                reader_fail_memory(reader);
            }
            column->line = line;
        }
    }
}

static void reader_on_record(int terminator, void *data)
{
    CsvReader *reader = data;

    (void)terminator;
    /* Records whose fields are all empty (",,") are skipped like blank
     * lines, which libcsv skips itself. */
    if (reader->status == STATUS_OK && reader->record_has_text) {
        if (reader->columns_fixed) {
            reader_deliver_row(reader);
        } else {
            reader_fix_columns(reader);
        }
    }

    reader->field_count = 0;
    reader->record_has_text = false;
    reader->extra_column = 0;
    if (!reader->columns_fixed) {
        reader->first.count = 0;
        reader->first.text.length = 0;
    }
}

/* ------------------------------------------------------------------------ */
/* Feeding libcsv line by line                                               */

static void reader_parse(CsvReader *reader, const char *data, size_t length)
{
    size_t used = csv_parse(&reader->parser, data, length, reader_on_field, reader_on_record,
                            reader);

    if (used < length) {
        reader_fail_parse(reader);
    }
}

/* Parses one physical line, or the part of it in the current block, which
 * starts offset bytes into the input. */
static void reader_feed_piece(CsvReader *reader, const char *piece, size_t length,
                              long long offset)
{
    char last = piece[length - 1];

    if (reader->line_ended) {
        reader->line++;
        reader->line_ended = false;
        reader->line_offset = offset;
    }
    /* libcsv keeps its state between calls, so a record or field that is
     * not under way yet starts on this line. */
    if (reader->parser.pstate == PARSER_ROW_NOT_BEGUN) {
        reader->record_line = reader->line;
        reader->record_offset = reader->line_offset;
    }
    if (reader->parser.pstate <= PARSER_FIELD_NOT_BEGUN) {
        reader->field_line = reader->line;
    }

    reader_parse(reader, piece, length);
    reader->line_ended = last == '\n' || last == '\r';
    reader->pending_cr = last == '\r';
}

static size_t find_byte(const char *data, size_t from, size_t size, char byte)
{
    const char *found = memchr(data + from, byte, size - from);

    return found != NULL ? (size_t)(found - data) : size;
}

static void line_finder_init(LineFinder *finder, const char *data, size_t size)
{
    finder->data = data;
    finder->size = size;
    finder->next_cr = find_byte(data, 0, size, '\r');
    finder->next_lf = find_byte(data, 0, size, '\n');
}

/* Returns the index just past the first line end at or after start, where
 * "\r\n", '\r' and '\n' each end a line, or the block size when the line
 * goes on in the next block. */
static size_t line_finder_next(LineFinder *finder, size_t start)
{
    size_t end;

    if (finder->next_cr < start) {
        finder->next_cr = find_byte(finder->data, start, finder->size, '\r');
    }
    if (finder->next_lf < start) {
        finder->next_lf = find_byte(finder->data, start, finder->size, '\n');
    }

    end = finder->next_cr < finder->next_lf ? finder->next_cr : finder->next_lf;
    if (end == finder->size) {
        return end;
    }
    if (end == finder->next_cr && end + 1 < finder->size && finder->data[end + 1] == '\n') {
        return end + 2;
    }
    return end + 1;
}

static void reader_feed_lines(CsvReader *reader, const char *data, size_t size)
{
    LineFinder finder;
    size_t start = 0;

    if (size == 0) {
        return;
    }
    reader->offset += (long long)size;
    /* The '\n' of a "\r\n" split between two blocks ends no further line. */
    if (reader->pending_cr && data[0] == '\n') {
        reader_parse(reader, data, 1);
        start = 1;
    }
    reader->pending_cr = false;

    line_finder_init(&finder, data, size);
    while (start < size && reader->status == STATUS_OK) {
        size_t end = line_finder_next(&finder, start);

        reader_feed_piece(reader, data + start, end - start,
                          reader->offset - (long long)(size - start));
        start = end;
    }
}

/* Feeds a block up to its first NUL byte, which is an error: libcsv would
 * take it as text, and it marks UTF-16 or binary files. */
static void reader_feed_block(CsvReader *reader, const char *data, size_t size)
{
    const char *nul = size > 0 ? memchr(data, '\0', size) : NULL;

    reader_feed_lines(reader, data, nul != NULL ? (size_t)(nul - data) : size);
    if (nul != NULL) {
        reader_fail_nul(reader);
    }
}

/* ------------------------------------------------------------------------ */
/* Encoding and delimiter                                                    */

/* Returns how many bytes of the first block to skip: a UTF-8 byte-order
 * mark, or all of them for UTF-16, which is an error. */
static size_t reader_skip_byte_order_mark(CsvReader *reader, const char *block, size_t size)
{
    const unsigned char *bytes = (const unsigned char *)block;

    if (size >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE)
                      || (bytes[0] == 0xFE && bytes[1] == 0xFF))) {
        reader_fail_utf16(reader);
        return size;
    }
    if (size >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF) {
        return 3;
    }
    return 0;
}

static void delimiter_count_byte(DelimiterCount *count, char c)
{
    if (c == ',') {
        count->commas++;
    } else if (c == ';') {
        count->semicolons++;
    } else if (c == '\t') {
        count->tabs++;
        return;
    } else if (c == ' ') {
        return;
    }
    count->line_has_text = true;
}

/* Counts delimiters outside double quotes until the first line that has
 * more than spaces and tabs has ended. */
static void delimiter_count_scan(DelimiterCount *count, const char *data, size_t size)
{
    for (size_t i = 0; i < size && !count->complete; i++) {
        char c = data[i];

        if (c == '"') {
            count->in_quotes = !count->in_quotes;
            count->line_has_text = true;
        } else if (count->in_quotes) {
            continue;
        } else if (c == '\n' || c == '\r') {
            /* A blank line may hold tabs, which count for nothing. */
            count->complete = count->line_has_text;
            count->tabs = count->complete ? count->tabs : 0;
        } else {
            delimiter_count_byte(count, c);
        }
    }
}

/* Picks the most frequent candidate, and on a tie ',' before ';' before
 * tab. With decimal commas ',' is no candidate. */
static char delimiter_choose(const DelimiterCount *count, bool decimal_comma)
{
    if (!decimal_comma && count->commas > 0 && count->commas >= count->semicolons
        && count->commas >= count->tabs) {
        return ',';
    }
    if (count->semicolons > 0 && count->semicolons >= count->tabs) {
        return ';';
    }
    if (count->tabs > 0) {
        return '\t';
    }
    return decimal_comma ? ';' : ',';
}

/* With a tab delimiter only spaces may be trimmed around unquoted fields:
 * libcsv trims tabs too by default. */
static int is_space_character(unsigned char c)
{
    return c == ' ';
}

static void reader_set_delimiter(CsvReader *reader, char delimiter)
{
    reader->delimiter = delimiter;
    csv_set_delim(&reader->parser, (unsigned char)delimiter);
    if (delimiter == '\t') {
        csv_set_space_func(&reader->parser, is_space_character);
    }
}

/* Chooses the delimiter from the counts so far and parses the input that
 * was held back for them. */
static void reader_start_parsing(CsvReader *reader)
{
    reader_set_delimiter(reader,
                         delimiter_choose(&reader->delimiter_count,
                                          reader->options->decimal_comma));
    reader_feed_block(reader, reader->pending.data, reader->pending.length);
    byte_buffer_free(&reader->pending);
}

/* Takes the next bytes of input. Until the first line has shown the
 * delimiter, they wait in reader->pending; after that they are parsed.
 * NOTE: memory grows with the longest field (libcsv keeps a whole field) and
 * with the first line, so an unterminated quote makes it grow with the input. */
static void reader_accept(CsvReader *reader, const char *data, size_t size)
{
    if (reader->status != STATUS_OK) {
        return;
    }
    if (reader->delimiter != 0) {
        reader_feed_block(reader, data, size);
        return;
    }

    if (!byte_buffer_append(&reader->pending, data, size)) {
        reader_fail_memory(reader);
        return;
    }
    delimiter_count_scan(&reader->delimiter_count, data, size);
    if (reader->delimiter_count.complete) {
        reader_start_parsing(reader);
    }
}

/* ------------------------------------------------------------------------ */
/* Reading                                                                   */

static void reader_finish(CsvReader *reader)
{
    if (reader->delimiter == 0) {
        reader_start_parsing(reader);
    }
    if (reader->status != STATUS_OK) {
        return;
    }
    /* With CSV_STRICT_FINI, csv_fini (libcsv 3.0.3) fails only when a quoted
     * field is still open. It delivers a last record that has no line end. */
    if (csv_fini(&reader->parser, reader_on_field, reader_on_record, reader) != 0) {
        reader_fail(reader, STATUS_DATA, reader->field_line,
                    _("column %ld: unterminated quoted field (the quote opened here)"),
                    reader->field_count + 1);
    }
}

/* Takes the next bytes of input, skipping a byte-order mark at the start,
 * which the first call must hold whole. */
static void reader_take(CsvReader *reader, const char *data, size_t size)
{
    size_t start = 0;

    if (!reader->started) {
        reader->started = true;
        start = reader_skip_byte_order_mark(reader, data, size);
        reader->offset += (long long)start;
    }
    reader_accept(reader, data + start, size - start);
}

/* Reads the input in fixed-size blocks to the end or the first failure. */
/* The size of a regular file, or -1 for pipes and terminals. */
static long long input_size(FILE *input)
{
    struct stat status;

    if (fstat(fileno(input), &status) != 0 || !S_ISREG(status.st_mode)) {
        return -1;
    }
    return (long long)status.st_size;
}

static void reader_read(CsvReader *reader, FILE *input)
{
    char *block = malloc(CSV_INPUT_BLOCK_SIZE);
    CsvProgress progress = {0, input_size(input), 0};

    if (block == NULL) {
        reader_fail_memory(reader);
        return;
    }
    while (reader->status == STATUS_OK) {
        size_t size;

        errno = 0;
        size = fread(block, 1, CSV_INPUT_BLOCK_SIZE, input);
        if (size < CSV_INPUT_BLOCK_SIZE && ferror(input)) {
            reader_fail(reader, STATUS_IO, 0, _("read failed: %s"), strerror(errno));
            break;
        }
        reader_take(reader, block, size);
        if (reader->on_progress != NULL) {
            progress.bytes += (long long)size;
            progress.rows = reader->rows;
            reader->on_progress(reader->context, &progress);
        }
        if (size < CSV_INPUT_BLOCK_SIZE) {
            break;
        }
    }

    if (reader->status == STATUS_OK) {
        reader_finish(reader);
    }
    free(block);
}

static Status reader_init(CsvReader *reader, const CsvOptions *options, Error *error)
{
    memset(reader, 0, sizeof *reader);
    reader->options = options;
    reader->error = error;
    reader->status = STATUS_OK;
    reader->line = 1;
    reader->record_line = 1;
    reader->field_line = 1;

    if (csv_init(&reader->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
        return error_set(error, STATUS_OS, options->path, 0, _("out of memory"));
    }
    if (options->delimiter != 0) {
        reader_set_delimiter(reader, options->delimiter);
    }
    return STATUS_OK;
}

static void reader_free(CsvReader *reader)
{
    csv_free(&reader->parser);
    byte_buffer_free(&reader->pending);
    byte_buffer_free(&reader->first.text);
    free(reader->first.fields);
    byte_buffer_free(&reader->columns[COLUMN_X].value);
    byte_buffer_free(&reader->columns[COLUMN_Y].value);
}

static Status check_options(const CsvOptions *options, Error *error)
{
    char delimiter = options->delimiter;

    if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
        return error_set(error, STATUS_USAGE, NULL, 0,
                         _("the delimiter cannot be a double quote or a line end"));
    }
    if (options->decimal_comma && delimiter == ',') {
        return error_set(error, STATUS_USAGE, NULL, 0,
                         _("decimal commas need a delimiter other than ','; try -d ';'"));
    }
    return STATUS_OK;
}

Status csv_input_open_file(const char *path, FILE **input, Error *error)
{
    struct stat info;

    if (strcmp(path, "-") == 0) {
        *input = stdin;
        return STATUS_OK;
    }
    *input = fopen(path, "rb");
    if (*input == NULL) {
        return error_set(error, STATUS_NO_INPUT, path, 0, _("cannot open: %s"), strerror(errno));
    }

    /* glibc's fopen accepts a directory, whose first read then fails. */
    if (fstat(fileno(*input), &info) == 0 && S_ISDIR(info.st_mode)) {
        fclose(*input);
        *input = NULL;
        return error_set(error, STATUS_NO_INPUT, path, 0, _("cannot open: %s"),
                         strerror(EISDIR));
    }
    return STATUS_OK;
}

Status csv_input_read(const CsvOptions *options, CsvColumnsHandler on_columns,
                      CsvRowHandler on_row, void *context, Error *error)
{
    return csv_input_read_with_progress(options, on_columns, on_row, NULL, context, error);
}

Status csv_input_read_with_progress(const CsvOptions *options, CsvColumnsHandler on_columns,
                                    CsvRowHandler on_row, CsvProgressHandler on_progress,
                                    void *context, Error *error)
{
    CsvReader reader;
    FILE *input = NULL;
    Status status = check_options(options, error);

    if (status == STATUS_OK) {
        status = csv_input_open_file(options->path, &input, error);
    }
    if (status != STATUS_OK) {
        return status;
    }

    status = reader_init(&reader, options, error);
    if (status == STATUS_OK) {
        reader.on_columns = on_columns;
        reader.on_row = on_row;
        reader.on_progress = on_progress;
        reader.context = context;
        reader_read(&reader, input);
        status = reader.status;
    }

    reader_free(&reader);
    if (input != stdin) {
        fclose(input);
    }
    return status;
}

/* ------------------------------------------------------------------------ */
/* Incremental reading and chunks                                            */

Status csv_input_init(CsvReader **reader, const CsvOptions *options,
                      CsvColumnsHandler on_columns, CsvRowHandler on_row, void *context,
                      Error *error)
{
    Status status = check_options(options, error);

    *reader = NULL;
    if (status != STATUS_OK) {
        return status;
    }
    *reader = malloc(sizeof **reader);
    if (*reader == NULL) {
        return error_set(error, STATUS_OS, options->path, 0, _("out of memory"));
    }
    status = reader_init(*reader, options, error);
    (*reader)->on_columns = on_columns;
    (*reader)->on_row = on_row;
    (*reader)->context = context;
    return status;
}

/* Takes the bytes a block at a time, so that the input held back until the
 * delimiter is known stays within a block and the first line. */
Status csv_input_feed(CsvReader *reader, const char *data, size_t size)
{
    while (size > 0 && reader->status == STATUS_OK) {
        size_t piece = size < CSV_INPUT_BLOCK_SIZE ? size : CSV_INPUT_BLOCK_SIZE;

        reader_take(reader, data, piece);
        data += piece;
        size -= piece;
    }
    return reader->status;
}

Status csv_input_finish(CsvReader *reader)
{
    if (reader->status == STATUS_OK) {
        reader_finish(reader);
    }
    return reader->status;
}

void csv_input_free(CsvReader *reader)
{
    if (reader != NULL) {
        reader_free(reader);
        free(reader);
    }
}

long long csv_input_record_offset(const CsvReader *reader)
{
    return reader->record_offset;
}

long csv_input_lines(const CsvReader *reader)
{
    return reader->line_ended ? reader->line : reader->line - 1;
}

/* libcsv is between records after a line end outside quotes, and a '\r'
 * at the very end may still pair with a '\n' in the next bytes unless the
 * caller knows otherwise (csv_input_skip clears it). */
bool csv_input_between_records(const CsvReader *reader)
{
    return reader->status == STATUS_OK && reader->columns_fixed && reader->delimiter != 0
        && reader->parser.pstate == PARSER_ROW_NOT_BEGUN && csv_input_lines(reader) > 0
        && reader->line_ended;
}

void csv_input_skip(CsvReader *reader, long lines, long long bytes)
{
    reader->line += lines;
    reader->offset += bytes;
    reader->pending_cr = false;
}

void csv_input_layout(const CsvReader *reader, CsvLayout *layout)
{
    layout->options = reader->options;
    layout->delimiter = reader->delimiter;
    layout->x_index = reader->columns[COLUMN_X].index;
    layout->y_index = reader->columns[COLUMN_Y].index;
    layout->x_name = reader->columns[COLUMN_X].name;
    layout->y_name = reader->columns[COLUMN_Y].name;
    layout->field_count = reader->first.count;
    layout->first_line = reader->first_line;
    layout->has_header = reader->has_header;
}

/* Sets up a reader whose columns and delimiter are already known. */
static Status reader_init_chunk(CsvReader *reader, const CsvLayout *layout, Error *error)
{
    Status status = reader_init(reader, layout->options, error);

    if (status != STATUS_OK) {
        return status;
    }
    reader_set_delimiter(reader, layout->delimiter);
    reader->started = true;
    reader->chunk_mode = true;
    reader->columns_fixed = true;
    reader->has_header = layout->has_header;
    reader->first_line = layout->first_line;
    /* Only the count: checks of a row's length against the first record
     * need it, while its text stays with the header's reader. */
    reader->first.count = layout->field_count;
    reader->columns[COLUMN_X].index = layout->x_index;
    reader->columns[COLUMN_Y].index = layout->y_index;
    reader->columns[COLUMN_X].name = layout->x_name;
    reader->columns[COLUMN_Y].name = layout->y_name;
    return STATUS_OK;
}

Status csv_input_read_chunk(const CsvLayout *layout, const char *data, size_t size, bool last,
                            CsvRowHandler on_row, void *context, Error *error, long *lines)
{
    CsvReader reader;
    Status status = reader_init_chunk(&reader, layout, error);

    if (status == STATUS_OK) {
        reader.on_row = on_row;
        reader.context = context;
        reader.error = error;
        reader_feed_block(&reader, data, size);
        if (last && reader.status == STATUS_OK) {
            reader_finish(&reader);
        }
        *lines = csv_input_lines(&reader);
        status = reader.status;
    }
    reader_free(&reader);
    return status;
}
