/* plot_sample.c: the bounded, evenly thinned buffer of plot points. */
#include "plot_sample.h"

#include <stdlib.h>

bool plot_sample_init(PlotSample *sample, size_t capacity)
{
    *sample = (PlotSample){.capacity = capacity, .stride = 1};
    sample->points = malloc(capacity * sizeof *sample->points);
    return sample->points != NULL;
}

void plot_sample_free(PlotSample *sample)
{
    free(sample->points);
    *sample = (PlotSample){.stride = 1};
}

/* Keeps the points at even positions, whose indexes are the multiples of
 * twice the stride. */
static void halve(PlotSample *sample)
{
    size_t kept = 0;

    for (size_t i = 0; i < sample->count; i += 2) {
        sample->points[kept++] = sample->points[i];
    }
    sample->count = kept;
    sample->stride *= 2;
}

static void update_bounds(PlotSample *sample, PlotPoint point)
{
    if (sample->added == 0) {
        sample->minimum = point;
        sample->maximum = point;
        return;
    }
    sample->minimum.x = point.x < sample->minimum.x ? point.x : sample->minimum.x;
    sample->minimum.y = point.y < sample->minimum.y ? point.y : sample->minimum.y;
    sample->maximum.x = point.x > sample->maximum.x ? point.x : sample->maximum.x;
    sample->maximum.y = point.y > sample->maximum.y ? point.y : sample->maximum.y;
}

void plot_sample_add(PlotSample *sample, double x, double y)
{
    PlotPoint point = {x, y};
    long long index = sample->added;

    update_bounds(sample, point);
    sample->last = point;
    sample->added++;

    if (index % sample->stride != 0) {
        return;
    }
    if (sample->count == sample->capacity) {
        halve(sample);
        if (index % sample->stride != 0) {
            return;
        }
    }
    sample->points[sample->count++] = point;
}

bool plot_sample_last_is_dropped(const PlotSample *sample)
{
    return sample->added > 0 && (sample->added - 1) % sample->stride != 0;
}
