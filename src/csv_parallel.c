/* csv_parallel.c: reads a CSV input chunk by chunk into per-chunk moments.
 * One reader (csv_input.c, "the header's reader") reads the chunks with the
 * header, and any chunk that has a quote or starts inside a record. Every
 * other chunk is read on its own by csv_chunk_read. Worker threads read a
 * regular file's chunks with pread, ahead of the calling thread, which
 * merges the results strictly in chunk order. */
#include "csv_parallel.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csv_chunk.h"
#include "i18n.h"

/* Bytes read at a time while looking for a chunk's first line start, and
 * per read(2) from a pipe. */
#define SCAN_SIZE 4096
#define STREAM_READ_SIZE 65536

/* Room in a chunk buffer beyond CSV_CHUNK_SIZE: the line that crosses the
 * chunk's end, and a pipe's last read. */
#define CHUNK_SLACK (2 * STREAM_READ_SIZE)

/* Chunk results that workers may hold ahead of the merge. It bounds the
 * memory (about 1 KiB per result) and the work wasted after an error. */
#define RESULT_SLOTS 64

/* A chunk's bytes and where they are in the input. */
typedef struct {
    char *data;
    size_t length;
    size_t capacity;
    long long offset; /* input offset of data[0] */
    bool last;        /* the chunk ends the input */
} Chunk;

/* The input, read by chunk index (regular files) or in order (pipes). */
typedef struct {
    const char *path;
    FILE *stream;
    int fd;
    bool seekable;        /* a regular file, read with pread */
    long long size;       /* of a regular file, when reading began */
    long long chunk_count;
    Chunk pending;        /* pipes: bytes read past the current chunk */
    bool end_seen;        /* pipes: read(2) returned 0 */
} Input;

/* The header's reader and the moments gathered so far. */
typedef struct {
    CsvReader *reader;
    CsvColumnsHandler on_columns; /* the caller's, with its context */
    CsvProgressHandler on_progress; /* the caller's, or NULL */
    void *context;
    CsvProgress progress;
    Moments *total;      /* chunks merged so far */
    Moments serial;      /* rows of the header's reader in serial_chunk */
    long long serial_chunk;
    CsvLayout layout;
    bool have_layout;
} Gather;

/* One chunk result as the workers hand it over. */
typedef struct {
    CsvChunkResult result;
    long long index;
    size_t length;
    bool last;
    bool ready;
} Slot;

/* State shared by the workers and the merging thread, under lock. */
typedef struct {
    Input *input;
    const CsvLayout *layout;
    pthread_mutex_t lock;
    pthread_cond_t changed; /* a slot became ready or free, or stop was set */
    long long next_chunk;   /* next chunk index for a worker to take */
    long long merged;       /* chunks consumed by the merging thread */
    bool stop;
    Slot slots[RESULT_SLOTS];
} Pool;

/* ------------------------------------------------------------------------ */
/* Thread count                                                              */

bool csv_parallel_parse_threads(const char *text, int *threads)
{
    long value = 0;

    if (text[0] == '\0') {
        return false;
    }
    for (const char *p = text; *p != '\0'; p++) {
        if (*p < '0' || *p > '9' || value > CSV_PARALLEL_MAX_THREADS) {
            return false;
        }
        value = value * 10 + (*p - '0');
    }
    if (value < 1 || value > CSV_PARALLEL_MAX_THREADS) {
        return false;
    }
    *threads = (int)value;
    return true;
}

int csv_parallel_default_threads(void)
{
    long online = sysconf(_SC_NPROCESSORS_ONLN);

    if (online < 1) {
        return 1;
    }
    return online > CSV_PARALLEL_MAX_THREADS ? CSV_PARALLEL_MAX_THREADS : (int)online;
}

/* ------------------------------------------------------------------------ */
/* Reading chunks                                                            */

/* Makes room for needed bytes. The first buffer fits any chunk whose
 * lines are shorter than CHUNK_SLACK, so it is rarely moved, and a move
 * leaves the old buffer's pages resident in glibc's thread arenas. Growing
 * at least twofold keeps a pipe's buffer from being copied once per read
 * while a long line arrives. */
static bool chunk_reserve(Chunk *chunk, size_t needed)
{
    char *data;

    if (needed <= chunk->capacity) {
        return true;
    }
    if (needed < CSV_CHUNK_SIZE + CHUNK_SLACK) {
        needed = CSV_CHUNK_SIZE + CHUNK_SLACK;
    }
    if (needed < chunk->capacity * 2) {
        needed = chunk->capacity * 2;
    }
    data = realloc(chunk->data, needed);
    if (data == NULL) {
        return false;
    }
    chunk->data = data;
    chunk->capacity = needed;
    return true;
}

static Status fail_read(const Input *input, Error *error, int number)
{
    return error_set(error, STATUS_IO, input->path, 0, _("read failed: %s"), strerror(number));
}

/* Reads exactly length bytes at offset, or fails: a regular file that got
 * shorter since it was measured is a read error too. */
static Status read_at(const Input *input, char *data, size_t length, long long offset,
                      Error *error)
{
    while (length > 0) {
        ssize_t count = pread(input->fd, data, length, (off_t)offset);

        if (count < 0 && errno == EINTR) {
            continue;
        }
        if (count <= 0) {
            return count < 0 ? fail_read(input, error, errno)
                             : error_set(error, STATUS_IO, input->path, 0,
                                         _("read failed: the file shrank while it was read"));
        }
        data += count;
        length -= (size_t)count;
        offset += count;
    }
    return STATUS_OK;
}

/* Finds the first line start at or after offset in a regular file,
 * reading a few bytes at a time from just before it. */
static Status find_line_start(const Input *input, long long offset, long long *start,
                              Error *error)
{
    char window[SCAN_SIZE];
    long long position = offset - 1;

    if (offset <= 0 || offset >= input->size) {
        *start = offset <= 0 ? 0 : input->size;
        return STATUS_OK;
    }
    for (;;) {
        long long left = input->size - position;
        size_t length = left < SCAN_SIZE ? (size_t)left : SCAN_SIZE;
        size_t found;
        Status status = read_at(input, window, length, position, error);

        if (status != STATUS_OK) {
            return status;
        }
        /* window[0] is the byte before the wanted start, so search from 1. */
        if (csv_chunk_line_start(window, length, 1, position + (long long)length == input->size,
                                 &found)) {
            *start = position + (long long)found;
            return STATUS_OK;
        }
        /* Keep a last '\r' in view: a '\n' after it belongs to its line end. */
        position += (long long)length - (window[length - 1] == '\r' ? 1 : 0);
    }
}

/* Reads chunk index of a regular file into *chunk. */
static Status read_file_chunk(const Input *input, long long index, Chunk *chunk, Error *error)
{
    long long nominal = index * (long long)CSV_CHUNK_SIZE;
    long long start;
    long long end;
    Status status = find_line_start(input, nominal, &start, error);

    if (status == STATUS_OK) {
        status = find_line_start(input, nominal + (long long)CSV_CHUNK_SIZE, &end, error);
    }
    if (status != STATUS_OK) {
        return status;
    }
    if (!chunk_reserve(chunk, (size_t)(end - start) + 1)) {
        return error_set(error, STATUS_OS, input->path, 0, _("out of memory"));
    }
    chunk->offset = start;
    chunk->length = (size_t)(end - start);
    chunk->last = end == input->size;
    return read_at(input, chunk->data, chunk->length, start, error);
}

/* Appends up to STREAM_READ_SIZE bytes from a pipe to input->pending. */
static Status read_stream_more(Input *input, Error *error)
{
    Chunk *pending = &input->pending;
    ssize_t count;

    if (!chunk_reserve(pending, pending->length + STREAM_READ_SIZE)) {
        return error_set(error, STATUS_OS, input->path, 0, _("out of memory"));
    }
    do {
        count = read(input->fd, pending->data + pending->length, STREAM_READ_SIZE);
    } while (count < 0 && errno == EINTR);

    if (count < 0) {
        return fail_read(input, error, errno);
    }
    pending->length += (size_t)count;
    input->end_seen = count == 0;
    return STATUS_OK;
}

/* Reads the next chunk of a pipe. input->pending then contains the bytes
 * from the chunk's start on, and *length receives the chunk's length. */
static Status read_stream_chunk(Input *input, size_t *length, Error *error)
{
    Chunk *pending = &input->pending;
    long long index = pending->offset / (long long)CSV_CHUNK_SIZE;
    size_t from = (size_t)((index + 1) * (long long)CSV_CHUNK_SIZE - pending->offset);

    for (;;) {
        if (pending->length >= from || input->end_seen) {
            if (csv_chunk_line_start(pending->data, pending->length, from, input->end_seen,
                                     length)) {
                pending->last = input->end_seen && *length == pending->length;
                return STATUS_OK;
            }
            /* Nothing to find before the last byte: search on from there. */
            from = pending->length;
        }
        Status status = read_stream_more(input, error);

        if (status != STATUS_OK) {
            return status;
        }
    }
}

/* Drops the chunk just read from the front of a pipe's pending bytes. */
static void stream_consume(Input *input, size_t length)
{
    Chunk *pending = &input->pending;

    memmove(pending->data, pending->data + length, pending->length - length);
    pending->length -= length;
    pending->offset += (long long)length;
}

/* ------------------------------------------------------------------------ */
/* Gathering moments                                                         */

/* Merges the header's reader's current chunk into the total. */
static void gather_flush(Gather *gather)
{
    moments_merge(gather->total, &gather->serial);
    moments_init(&gather->serial);
}

static Status gather_on_columns(void *context, const CsvColumns *columns, Error *error)
{
    Gather *gather = context;

    return gather->on_columns(gather->context, columns, error);
}

/* Row handler of the header's reader: each row goes to the chunk where its
 * record's first line starts, as csv_chunk_read would count it. */
static Status gather_on_row(void *context, double x, double y, long line, Error *error)
{
    Gather *gather = context;
    long long chunk = csv_input_record_offset(gather->reader) / (long long)CSV_CHUNK_SIZE;

    (void)line;
    (void)error;
    if (chunk != gather->serial_chunk) {
        gather_flush(gather);
        gather->serial_chunk = chunk;
    }
    moments_add(&gather->serial, x, y);
    return STATUS_OK;
}

/* Returns true when the next chunk may be read on its own: the header's
 * reader has fixed the columns and stopped between records. */
static bool gather_can_split(Gather *gather)
{
    if (!csv_input_between_records(gather->reader)) {
        return false;
    }
    if (!gather->have_layout) {
        csv_input_layout(gather->reader, &gather->layout);
        gather->have_layout = true;
    }
    return true;
}

/* Merges a chunk read on its own, or takes its error, whose line then
 * counts from the start of the input. */
static Status gather_merge(Gather *gather, const CsvChunkResult *result, size_t length,
                           Error *error)
{
    long lines_before = csv_input_lines(gather->reader);

    if (result->status != STATUS_OK) {
        *error = result->error;
        if (error->line > 0) {
            error->line += lines_before;
        }
        return result->status;
    }
    gather_flush(gather);
    moments_merge(gather->total, &result->moments);
    csv_input_skip(gather->reader, result->lines, (long long)length);
    return STATUS_OK;
}

/* Reads a chunk in the calling thread: on its own when it may be split off
 * and has no quote, else with the header's reader. */
static Status gather_chunk(Gather *gather, const char *data, size_t length, bool last,
                           Error *error)
{
    if (gather_can_split(gather)) {
        CsvChunkResult result;

        csv_chunk_read(&gather->layout, data, length, last, &result);
        if (!result.has_quote) {
            return gather_merge(gather, &result, length, error);
        }
    }
    return csv_input_feed(gather->reader, data, length);
}

/* Counts length more bytes as read and passes the progress to the caller. */
static void gather_report(Gather *gather, size_t length)
{
    if (gather->on_progress == NULL) {
        return;
    }
    gather->progress.bytes += (long long)length;
    gather->progress.rows = gather->total->count + gather->serial.count;
    gather->on_progress(gather->context, &gather->progress);
}

/* Ends the input: the header's reader may still hold a last record. */
static Status gather_finish(Gather *gather)
{
    Status status = csv_input_finish(gather->reader);

    if (status == STATUS_OK) {
        gather_flush(gather);
    }
    return status;
}

/* ------------------------------------------------------------------------ */
/* Reading in order                                                          */

/* Reads a pipe chunk after chunk in the calling thread. */
static Status read_stream(Input *input, Gather *gather, Error *error)
{
    for (;;) {
        size_t length;
        bool last;
        Status status = read_stream_chunk(input, &length, error);

        if (status != STATUS_OK) {
            return status;
        }
        last = input->pending.last;
        status = gather_chunk(gather, input->pending.data, length, last, error);
        stream_consume(input, length);
        gather_report(gather, length);
        if (status != STATUS_OK || last) {
            return status;
        }
    }
}

/* Reads a regular file's chunks in the calling thread from *next on, up to
 * the end or, with until_split, up to the first chunk that may be read on
 * its own. *next receives the index of the first chunk not read. */
static Status read_file_in_order(Input *input, Gather *gather, bool until_split,
                                 long long *next, Error *error)
{
    Chunk chunk = {0};
    Status status = STATUS_OK;
    bool last = false;

    while (status == STATUS_OK && !last && *next < input->chunk_count
           && !(until_split && gather_can_split(gather))) {
        status = read_file_chunk(input, *next, &chunk, error);
        if (status == STATUS_OK) {
            status = gather_chunk(gather, chunk.data, chunk.length, chunk.last, error);
            gather_report(gather, chunk.length);
        }
        last = chunk.last;
        ++*next;
    }
    if (last) {
        *next = input->chunk_count;
    }
    free(chunk.data);
    return status;
}

/* ------------------------------------------------------------------------ */
/* Worker threads                                                            */

/* Reads chunk index into its slot, outside the lock: until the slot is
 * marked ready, only this worker touches it. */
static void pool_read_chunk(Pool *pool, long long index, Chunk *chunk)
{
    Slot *slot = &pool->slots[index % RESULT_SLOTS];
    CsvChunkResult *result = &slot->result;
    Status status = read_file_chunk(pool->input, index, chunk, &result->error);

    slot->index = index;
    slot->length = chunk->length;
    slot->last = chunk->last;
    if (status == STATUS_OK) {
        csv_chunk_read(pool->layout, chunk->data, chunk->length, chunk->last, result);
        return;
    }
    moments_init(&result->moments);
    result->lines = 0;
    result->has_quote = false;
    result->status = status;
    slot->last = true;
}

/* Runs one worker, which takes the next chunk while its slot is free,
 * until the input ends or the merging thread sets stop. */
static void *pool_work(void *argument)
{
    Pool *pool = argument;
    Chunk chunk = {0};

    pthread_mutex_lock(&pool->lock);
    while (!pool->stop && pool->next_chunk < pool->input->chunk_count) {
        long long index = pool->next_chunk;

        if (index >= pool->merged + RESULT_SLOTS) {
            pthread_cond_wait(&pool->changed, &pool->lock);
            continue;
        }
        pool->next_chunk++;
        pthread_mutex_unlock(&pool->lock);
        pool_read_chunk(pool, index, &chunk);
        pthread_mutex_lock(&pool->lock);
        pool->slots[index % RESULT_SLOTS].ready = true;
        pthread_cond_broadcast(&pool->changed);
    }
    pthread_mutex_unlock(&pool->lock);
    free(chunk.data);
    return NULL;
}

static Slot *pool_wait(Pool *pool, long long index)
{
    Slot *slot = &pool->slots[index % RESULT_SLOTS];

    pthread_mutex_lock(&pool->lock);
    while (!slot->ready) {
        pthread_cond_wait(&pool->changed, &pool->lock);
    }
    pthread_mutex_unlock(&pool->lock);
    return slot;
}

static void pool_release(Pool *pool, Slot *slot)
{
    pthread_mutex_lock(&pool->lock);
    slot->ready = false;
    pool->merged++;
    pthread_cond_broadcast(&pool->changed);
    pthread_mutex_unlock(&pool->lock);
}

/* Merges the workers' results in chunk order. A chunk that may not be split
 * off after all (it has a quote, or the chunk before left the header's
 * reader inside a quoted field) is read again here, by that reader. */
static Status pool_merge(Pool *pool, Gather *gather, Error *error)
{
    Chunk own = {0};
    Status status = STATUS_OK;
    bool last = false;

    for (long long index = pool->merged; status == STATUS_OK && !last; index++) {
        Slot *slot = pool_wait(pool, index);

        if (gather_can_split(gather) && !slot->result.has_quote) {
            status = gather_merge(gather, &slot->result, slot->length, error);
            last = slot->last;
        } else {
            status = read_file_chunk(pool->input, index, &own, error);
            status = status == STATUS_OK ? csv_input_feed(gather->reader, own.data, own.length)
                                         : status;
            last = own.last;
        }
        gather_report(gather, slot->length);
        pool_release(pool, slot);
    }
    free(own.data);
    return status;
}

static void pool_stop(Pool *pool, pthread_t *workers, int started)
{
    pthread_mutex_lock(&pool->lock);
    pool->stop = true;
    pthread_cond_broadcast(&pool->changed);
    pthread_mutex_unlock(&pool->lock);
    for (int i = 0; i < started; i++) {
        pthread_join(workers[i], NULL);
    }
}

/* Reads the chunks from first on with up to threads workers. When no
 * thread can be started, the calling thread reads them alone. */
static Status pool_run(Input *input, Gather *gather, int threads, long long first, Error *error)
{
    long long remaining = input->chunk_count - first;
    int wanted = remaining < threads ? (int)remaining : threads;
    Pool *pool = calloc(1, sizeof *pool);
    pthread_t *workers = malloc((size_t)wanted * sizeof *workers);
    int started = 0;
    Status status;

    if (pool == NULL || workers == NULL) {
        free(pool);
        free(workers);
        return error_set(error, STATUS_OS, input->path, 0, _("out of memory"));
    }
    pool->input = input;
    pool->layout = &gather->layout;
    pool->next_chunk = first;
    pool->merged = first;
    pthread_mutex_init(&pool->lock, NULL);
    pthread_cond_init(&pool->changed, NULL);
    while (started < wanted && pthread_create(&workers[started], NULL, pool_work, pool) == 0) {
        started++;
    }

    status = started > 0 ? pool_merge(pool, gather, error)
                         : read_file_in_order(input, gather, false, &first, error);
    pool_stop(pool, workers, started);
    pthread_cond_destroy(&pool->changed);
    pthread_mutex_destroy(&pool->lock);
    free(workers);
    free(pool);
    return status;
}

/* ------------------------------------------------------------------------ */
/* Entry point                                                               */

static Status input_open(Input *input, const char *path, Error *error)
{
    struct stat info;
    Status status = csv_input_open_file(path, &input->stream, error);

    input->path = path;
    if (status != STATUS_OK) {
        return status;
    }
    input->fd = fileno(input->stream);
    if (input->stream != stdin && fstat(input->fd, &info) == 0 && S_ISREG(info.st_mode)) {
        long long chunk_size = (long long)CSV_CHUNK_SIZE;

        input->seekable = true;
        input->size = (long long)info.st_size;
        input->chunk_count = input->size > 0 ? (input->size + chunk_size - 1) / chunk_size : 1;
    }
    return STATUS_OK;
}

static void input_close(Input *input)
{
    if (input->stream != NULL && input->stream != stdin) {
        fclose(input->stream);
    }
    free(input->pending.data);
}

static Status read_input(Input *input, Gather *gather, int threads, Error *error)
{
    long long next = 0;
    Status status;

    if (!input->seekable) {
        return read_stream(input, gather, error);
    }
    status = read_file_in_order(input, gather, threads > 1, &next, error);
    if (status == STATUS_OK && next < input->chunk_count) {
        status = pool_run(input, gather, threads, next, error);
    }
    return status;
}

Status csv_parallel_read(const CsvOptions *options, int threads, CsvColumnsHandler on_columns,
                         CsvProgressHandler on_progress, void *context, Moments *moments,
                         Error *error)
{
    Input input = {0};
    Gather gather = {0};
    Status status;

    moments_init(moments);
    moments_init(&gather.serial);
    gather.total = moments;
    gather.on_columns = on_columns;
    gather.on_progress = on_progress;
    gather.context = context;
    status = csv_input_init(&gather.reader, options, gather_on_columns, gather_on_row, &gather,
                            error);
    if (status == STATUS_OK) {
        status = input_open(&input, options->path, error);
    }
    if (status == STATUS_OK) {
        gather.progress.size = input.seekable ? input.size : -1;
        status = read_input(&input, &gather, threads, error);
    }
    if (status == STATUS_OK) {
        status = gather_finish(&gather);
    }
    input_close(&input);
    csv_input_free(gather.reader);
    return status;
}
