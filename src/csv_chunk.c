/* csv_chunk.c: chunk bounds at line starts, and the moments of one chunk.
 * A short loop that splits lines and fields itself reads chunks without
 * quotes or NUL bytes. When it meets a line it does not accept, the chunk
 * is read again from its start with libcsv (csv_input_read_chunk), which
 * gives the same rows and the exact error messages. */
#include "csv_chunk.h"

#include <string.h>

#include "number.h"

/* A field's bytes, untrimmed. */
typedef struct {
    const char *begin;
    const char *end;
} FieldText;

bool csv_chunk_line_start(const char *data, size_t size, size_t from, bool at_end,
                          size_t *start)
{
    size_t position = from > 0 ? from - 1 : 0;

    if (from == 0) {
        *start = 0;
        return true;
    }
    while (position < size && data[position] != '\n' && data[position] != '\r') {
        position++;
    }

    if (position + 1 < size) {
        bool crlf = data[position] == '\r' && data[position + 1] == '\n';

        *start = position + (crlf ? 2 : 1);
        return true;
    }
    if (position + 1 == size && data[position] == '\n') {
        *start = size;
        return true;
    }
    /* No line end, or a '\r' whose partner may follow. */
    *start = size;
    return at_end;
}

/* Finds the x and y fields of a line without quotes. Returns false when the
 * line has fewer fields than the columns need, or more than the first
 * record: whether such a row is valid is for the libcsv path to decide. */
static bool chunk_split_fields(const CsvLayout *layout, const char *line, const char *end,
                               FieldText *x, FieldText *y)
{
    long needed = layout->x_index > layout->y_index ? layout->x_index : layout->y_index;
    long index = 1;
    const char *field = line;

    for (const char *p = line;; p++) {
        if (p < end && *p != layout->delimiter) {
            continue;
        }
        if (index == layout->x_index) {
            *x = (FieldText){field, p};
        }
        if (index == layout->y_index) {
            *y = (FieldText){field, p};
        }
        if (p == end) {
            return index >= needed && index <= layout->field_count;
        }
        index++;
        field = p + 1;
    }
}

/* Adds the row on one line. number_parse skips the blanks around a value
 * that libcsv would trim, so a value it accepts here is the value libcsv's
 * path would give. Returns false for anything else: a short row, a line of
 * blanks or a bad value, which the libcsv path then reads or reports. */
static bool chunk_add_line(const CsvLayout *layout, const char *line, const char *end,
                           Moments *moments)
{
    FieldText x = {NULL, NULL};
    FieldText y = {NULL, NULL};
    double x_value;
    double y_value;

    if (line == end) {
        return true; /* libcsv skips empty lines too */
    }
    if (!chunk_split_fields(layout, line, end, &x, &y)
        || number_parse(x.begin, (size_t)(x.end - x.begin), &x_value) != NUMBER_OK
        || number_parse(y.begin, (size_t)(y.end - y.begin), &y_value) != NUMBER_OK) {
        return false;
    }
    moments_add(moments, x_value, y_value);
    return true;
}

/* Returns the position of the first byte equal to byte in [from, end), or
 * end when there is none. */
static const char *chunk_find(const char *from, const char *end, char byte)
{
    const char *found = memchr(from, byte, (size_t)(end - from));

    return found != NULL ? found : end;
}

/* Reads the chunk line by line, where "\r\n", '\r' and '\n' end a line.
 * The next '\r' and '\n' are searched for only once they are passed, so a
 * chunk of lone '\r' line ends is not scanned again for '\n' per line.
 * Returns false as soon as a line needs the libcsv path. */
static bool chunk_read_fast(const CsvLayout *layout, const char *data, size_t size,
                            CsvChunkResult *result)
{
    const char *end = data + size;
    const char *line = data;
    const char *next_lf = chunk_find(data, end, '\n');
    const char *next_cr = chunk_find(data, end, '\r');

    while (line < end) {
        const char *line_end;

        if (next_lf < line) {
            next_lf = chunk_find(line, end, '\n');
        }
        if (next_cr < line) {
            next_cr = chunk_find(line, end, '\r');
        }
        line_end = next_cr < next_lf ? next_cr : next_lf;
        if (!chunk_add_line(layout, line, line_end, &result->moments)) {
            return false;
        }
        if (line_end == end) {
            break;
        }
        result->lines++;
        line = line_end + (line_end == next_cr && line_end + 1 == next_lf ? 2 : 1);
    }
    return true;
}

static Status chunk_on_row(void *context, double x, double y, long line, Error *error)
{
    (void)line;
    (void)error;
    moments_add(context, x, y);
    return STATUS_OK;
}

void csv_chunk_read(const CsvLayout *layout, const char *data, size_t size, bool last,
                    CsvChunkResult *result)
{
    bool simple = !layout->options->decimal_comma && memchr(data, '\0', size) == NULL;

    moments_init(&result->moments);
    result->lines = 0;
    result->status = STATUS_OK;
    result->has_quote = memchr(data, '"', size) != NULL;
    if (result->has_quote || (simple && chunk_read_fast(layout, data, size, result))) {
        return;
    }

    /* Start the chunk again: the rows before the line that stopped the
     * short loop are read again in the same order. */
    moments_init(&result->moments);
    result->status = csv_input_read_chunk(layout, data, size, last, chunk_on_row,
                                          &result->moments, &result->error, &result->lines);
}
