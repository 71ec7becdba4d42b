/* csv_parallel.h: reads the moments of a CSV input's x and y columns chunk
 * by chunk (see csv_chunk.h), with worker threads when the input is a
 * regular file. The moments, and so the model, are bit-for-bit the same
 * for any thread count and for a file or the same bytes on stdin. */
#ifndef WATERFIT_CSV_PARALLEL_H
#define WATERFIT_CSV_PARALLEL_H

#include <stdbool.h>

#include "csv_input.h"
#include "error.h"
#include "moments.h"

/* Maximum number of threads that WATERFIT_THREADS may request. */
#define CSV_PARALLEL_MAX_THREADS 256

/* The environment variable that sets the number of reading threads. */
#define CSV_PARALLEL_THREADS_VARIABLE "WATERFIT_THREADS"


/* Sets *threads from text, a whole number from 1 to
 * CSV_PARALLEL_MAX_THREADS. Returns false when text is anything else. */
bool csv_parallel_parse_threads(const char *text, int *threads);

/* Returns the number of online processors, at least 1 and at most
 * CSV_PARALLEL_MAX_THREADS. */
int csv_parallel_default_threads(void);

/* Reads options->path ("-" for stdin) as csv_input_read does, calling
 * on_columns once and on_progress (unless NULL) after each chunk, both with
 * context, and sets *moments to the moments of all rows: one set
 * per chunk, merged in input order with moments_merge. A regular file is
 * read with pread by up to threads worker threads; stdin and pipes are
 * read by the calling thread. Errors are those of csv_input_read, with the
 * physical line of the first bad row in the input. on_progress runs in the
 * calling thread after each chunk (CSV_CHUNK_SIZE bytes or so) that it has
 * merged, and must return quickly, because the workers may wait for the
 * merge. */
Status csv_parallel_read(const CsvOptions *options, int threads, CsvColumnsHandler on_columns,
                         CsvProgressHandler on_progress, void *context, Moments *moments,
                         Error *error);

#endif
