/* csv_append.c: copies a CSV text with a computed field appended to each
 * record. The CSV reader does the parsing. This module feeds it one
 * physical line at a time and keeps the raw bytes of the record under way,
 * so that when the reader delivers the header or a row, the record can be
 * written as it came with the new field inserted before its line end. */
#include "csv_append.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "number.h"

/* Bytes that may start the input as a UTF-8 byte-order mark, which the
 * reader must receive whole in its first piece. */
#define BYTE_ORDER_MARK_SIZE 3

/* Growable byte string. */
typedef struct {
    char *data;
    size_t length;
    size_t capacity;
} Text;

struct CsvAppender {
    const CsvAppendOptions *options;
    CsvReader *reader;
    Error *error;
    Status status; /* first failure; later calls return it */

    Text record;   /* raw bytes since the last record or skipped line was written */
    Text field;    /* the field to append to the record under way */
    bool record_done; /* the reader delivered the header or a row from record */
    char delimiter;

    char head[BYTE_ORDER_MARK_SIZE]; /* first bytes, held until there are enough */
    size_t head_length;
    bool started; /* head has gone to the reader */
};

static bool text_append(Text *text, const char *bytes, size_t length)
{
    if (text->length + length > text->capacity) {
        size_t capacity = text->capacity > 0 ? text->capacity : 256;
        char *data;

        while (capacity < text->length + length) {
            capacity *= 2;
        }
        data = realloc(text->data, capacity);
        if (data == NULL) {
            return false;
        }
        text->data = data;
        text->capacity = capacity;
    }
    memcpy(text->data + text->length, bytes, length);
    text->length += length;
    return true;
}

/* Sets field to name, quoted as CSV requires when it contains the
 * delimiter, a double quote or a line end. Quotes inside are doubled. */
static bool quote_name(Text *field, const char *name, char delimiter)
{
    bool quoted = strchr(name, delimiter) != NULL || strpbrk(name, "\"\r\n") != NULL;
    bool ok = true;

    field->length = 0;
    if (!quoted) {
        return text_append(field, name, strlen(name));
    }
    ok = text_append(field, "\"", 1);
    for (const char *c = name; *c != '\0' && ok; c++) {
        ok = text_append(field, c, 1) && (*c != '"' || text_append(field, "\"", 1));
    }
    return ok && text_append(field, "\"", 1);
}

static Status on_columns(void *context, const CsvColumns *columns, Error *error)
{
    CsvAppender *appender = context;

    appender->delimiter = columns->delimiter;
    if (!columns->has_header) {
        return STATUS_OK;
    }
    if (!quote_name(&appender->field, appender->options->name, columns->delimiter)) {
        return error_set(error, STATUS_OS, NULL, 0, _("out of memory"));
    }
    appender->record_done = true;
    return STATUS_OK;
}

static Status on_row(void *context, double x, double y, long line, Error *error)
{
    CsvAppender *appender = context;
    const CsvAppendOptions *options = appender->options;
    char text[NUMBER_TEXT_SIZE];
    double value;
    Status status = options->value(options->context, x, line, &value, error);

    (void)y;
    if (status != STATUS_OK) {
        return status;
    }
    appender->field.length = 0;
    if (!text_append(&appender->field, text, number_format(value, options->precision, text))) {
        return error_set(error, STATUS_OS, NULL, 0, _("out of memory"));
    }
    appender->record_done = true;
    return STATUS_OK;
}

/* Returns the length of the line end at the end of text: 2 for "\r\n",
 * 1 for '\r' or '\n', 0 for none. */
static size_t line_end_length(const Text *text)
{
    size_t length = text->length;

    if (length >= 2 && text->data[length - 2] == '\r' && text->data[length - 1] == '\n') {
        return 2;
    }
    if (length >= 1 && (text->data[length - 1] == '\r' || text->data[length - 1] == '\n')) {
        return 1;
    }
    return 0;
}

static Status write_bytes(CsvAppender *appender, const char *bytes, size_t length)
{
    if (length > 0 && fwrite(bytes, 1, length, appender->options->output) != length) {
        return error_set(appender->error, STATUS_IO, NULL, 0,
                         _("write error on standard output: %s"), strerror(errno));
    }
    return STATUS_OK;
}

/* Writes the record kept so far, with the new field before its line end
 * when the reader delivered it, and starts the next one. */
static Status write_record(CsvAppender *appender)
{
    Text *record = &appender->record;
    size_t end = appender->record_done ? line_end_length(record) : record->length;
    Status status = write_bytes(appender, record->data, record->length - end);

    if (status == STATUS_OK && appender->record_done) {
        status = write_bytes(appender, &appender->delimiter, 1);
    }
    if (status == STATUS_OK && appender->record_done) {
        status = write_bytes(appender, appender->field.data, appender->field.length);
    }
    if (status == STATUS_OK) {
        status = write_bytes(appender, record->data + record->length - end, end);
    }
    record->length = 0;
    appender->record_done = false;
    return status;
}

/* Returns the length of the first physical line in data, line end
 * included, where "\r\n", '\r' and '\n' each end a line; or size when
 * the line goes on past data. */
static size_t physical_line_length(const char *data, size_t size)
{
    for (size_t i = 0; i < size; i++) {
        if (data[i] == '\n') {
            return i + 1;
        }
        if (data[i] == '\r') {
            return i + 1 < size && data[i + 1] == '\n' ? i + 2 : i + 1;
        }
    }
    return size;
}

/* Feeds one physical line, or its start, to the reader. After a line end
 * the record is written when the reader delivered it, or when the reader
 * skipped the line (a blank line). A '\n' that completes a "\r\n" split
 * between two calls comes here alone, and is written through. */
static Status feed_line(CsvAppender *appender, const char *line, size_t length, bool ended)
{
    Status status;

    if (!text_append(&appender->record, line, length)) {
        return error_set(appender->error, STATUS_OS, NULL, 0, _("out of memory"));
    }
    status = csv_input_feed(appender->reader, line, length);
    if (status != STATUS_OK || !ended) {
        return status;
    }
    if (appender->record_done || csv_input_between_records(appender->reader)) {
        return write_record(appender);
    }
    return STATUS_OK;
}

static Status feed_lines(CsvAppender *appender, const char *data, size_t size)
{
    Status status = STATUS_OK;

    while (size > 0 && status == STATUS_OK) {
        size_t length = physical_line_length(data, size);
        char last = data[length - 1];

        status = feed_line(appender, data, length, last == '\n' || last == '\r');
        data += length;
        size -= length;
    }
    return status;
}

/* Holds the first bytes until they can show a whole byte-order mark, then
 * feeds them. Returns the number of bytes of data taken into head. */
static size_t take_head(CsvAppender *appender, const char *data, size_t size, bool at_end)
{
    size_t taken = BYTE_ORDER_MARK_SIZE - appender->head_length;

    taken = taken < size ? taken : size;
    if (taken > 0) {
        memcpy(appender->head + appender->head_length, data, taken);
    }
    appender->head_length += taken;
    if (appender->head_length == BYTE_ORDER_MARK_SIZE || at_end) {
        appender->started = true;
        appender->status = feed_lines(appender, appender->head, appender->head_length);
    }
    return taken;
}

Status csv_append_init(CsvAppender **appender, const CsvAppendOptions *options, Error *error)
{
    *appender = calloc(1, sizeof **appender);
    if (*appender == NULL) {
        return error_set(error, STATUS_OS, NULL, 0, _("out of memory"));
    }
    (*appender)->options = options;
    (*appender)->error = error;
    (*appender)->status =
        csv_input_init(&(*appender)->reader, options->csv, on_columns, on_row, *appender, error);
    return (*appender)->status;
}

Status csv_append_feed(CsvAppender *appender, const char *data, size_t size)
{
    if (appender->status == STATUS_OK && !appender->started) {
        size_t taken = take_head(appender, data, size, false);

        data += taken;
        size -= taken;
    }
    if (appender->status == STATUS_OK && appender->started) {
        appender->status = feed_lines(appender, data, size);
    }
    return appender->status;
}

Status csv_append_finish(CsvAppender *appender)
{
    if (appender->status == STATUS_OK && !appender->started) {
        take_head(appender, NULL, 0, true);
    }
    if (appender->status == STATUS_OK) {
        appender->status = csv_input_finish(appender->reader);
    }
    if (appender->status == STATUS_OK && (appender->record_done || appender->record.length > 0)) {
        appender->status = write_record(appender);
    }
    return appender->status;
}

void csv_append_free(CsvAppender *appender)
{
    if (appender != NULL) {
        csv_input_free(appender->reader);
        free(appender->record.data);
        free(appender->field.data);
        free(appender);
    }
}
