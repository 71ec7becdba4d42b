/* csv_chunk.h: fixed-size chunks of a CSV input, cut at line starts, and the
 * moments of the x and y columns of one chunk. Chunks let several threads
 * read one file while the result stays the same for any thread count. */
#ifndef WATERFIT_CSV_CHUNK_H
#define WATERFIT_CSV_CHUNK_H

#include <stdbool.h>
#include <stddef.h>

#include "csv_input.h"
#include "error.h"
#include "moments.h"

/* Nominal chunk size in bytes. Chunk k contains the lines that start at
 * input offsets k * CSV_CHUNK_SIZE to (k + 1) * CSV_CHUNK_SIZE - 1, so its
 * bounds depend only on the bytes. NOTE: it must never depend on the thread count
 * or the machine, because the moments are merged chunk by chunk and the
 * rounding of that merge shows in the model's last digits. */
#define CSV_CHUNK_SIZE ((size_t)1 << 19)

/* Returns true and sets *start to the first line start at or after from in
 * data[0..size), where data[0] is a line start and "\r\n", "\r" and "\n"
 * each end a line. Returns false while more bytes are needed: no line end
 * at or after from - 1, or a '\r' as the last byte. With at_end, data is
 * the whole rest of the input, and its end counts as a line start. */
bool csv_chunk_line_start(const char *data, size_t size, size_t from, bool at_end,
                          size_t *start);

/* What reading one chunk gave. */
typedef struct {
    Moments moments; /* of the chunk's rows, in order */
    long lines;      /* line ends in the chunk */
    bool has_quote;  /* the chunk was not read: it contains a '"' */
    Status status;
    Error error;     /* on failure; error.line counts from the chunk's first line */
} CsvChunkResult;

/* Reads a chunk that starts at a line start outside any quoted field: the
 * rows' moments, or the first error with the same message as
 * csv_input_read gives. A chunk that contains a double quote is not read,
 * because a quoted field may hide line ends. The caller then reads it with
 * the header's reader, as result->has_quote requires. last says the chunk
 * ends the input. Safe to call from several threads at once. */
void csv_chunk_read(const CsvLayout *layout, const char *data, size_t size, bool last,
                    CsvChunkResult *result);

#endif
