/* read_progress.c: timing of the progress line of a long CSV read. */
#include "read_progress.h"

#include <unistd.h>

#include "diag.h"

/* Returns the seconds from start to now, on the monotonic clock. */
static double seconds_since(const struct timespec *start)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

bool read_progress_wanted(void)
{
    return diag_verbosity() >= VERBOSITY_NORMAL && isatty(STDERR_FILENO);
}

void read_progress_start(ReadProgress *meter, long long delay_ms)
{
    clock_gettime(CLOCK_MONOTONIC, &meter->start);
    meter->next_draw = (double)delay_ms / 1000.0;
}

bool read_progress_due(ReadProgress *meter, double seconds)
{
    if (seconds < meter->next_draw) {
        return false;
    }
    meter->next_draw = seconds + READ_PROGRESS_INTERVAL;
    return true;
}

void read_progress_update(ReadProgress *meter, const CsvProgress *progress)
{
    double seconds = seconds_since(&meter->start);

    if (read_progress_due(meter, seconds)) {
        DiagReadProgress line = {
            .bytes = progress->bytes,
            .size = progress->size,
            .rows = progress->rows,
            .seconds = seconds,
        };

        diag_read_progress(&line);
    }
}

void read_progress_finish(void)
{
    diag_read_progress_clear();
}
