/* read_progress.h: when the progress line of a long CSV read is drawn. It
 * appears only on a terminal, only once the read has taken a while, and
 * is redrawn a few times per second. diag draws the line itself. */
#ifndef WATERFIT_READ_PROGRESS_H
#define WATERFIT_READ_PROGRESS_H

#include <stdbool.h>
#include <time.h>

#include "csv_parallel.h"

/* The environment variable that sets the delay before the first line, in
 * milliseconds. The tests set it to 0 to see the line on a small file. */
#define READ_PROGRESS_DELAY_VARIABLE "WATERFIT_PROGRESS_DELAY_MS"

/* Default delay, so that a read of a small file never shows the line. */
#define READ_PROGRESS_DEFAULT_DELAY_MS 500

/* Maximum delay that the environment variable may set: one hour. */
#define READ_PROGRESS_MAX_DELAY_MS 3600000

/* Seconds between two redraws, at least. */
#define READ_PROGRESS_INTERVAL 0.2

/* The timing of one read. */
typedef struct {
    struct timespec start; /* CLOCK_MONOTONIC, when the read began */
    double next_draw;      /* seconds after start when a line is due */
} ReadProgress;

/* Returns true when a progress line may be shown: stderr is a terminal and
 * the verbosity is not quiet. */
bool read_progress_wanted(void);

/* Starts timing a read whose first line is due after delay_ms. */
void read_progress_start(ReadProgress *meter, long long delay_ms);

/* Returns true, and sets the time of the next redraw, when a line is due
 * at seconds after the start. */
bool read_progress_due(ReadProgress *meter, double seconds);

/* Draws the progress line when it is due. */
void read_progress_update(ReadProgress *meter, const CsvProgress *progress);

/* Erases the progress line, if one is shown. */
void read_progress_finish(void);

#endif
