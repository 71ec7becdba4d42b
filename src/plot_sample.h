/* plot_sample.h: the points a plot draws, kept in bounded memory. Up to a
 * fixed capacity every point is kept. Beyond it an even subsample is kept:
 * the points whose 0-based index is a multiple of a stride, which doubles
 * each time the buffer fills. The result depends only on the order of the
 * points, so the same input always gives the same picture. */
#ifndef WATERFIT_PLOT_SAMPLE_H
#define WATERFIT_PLOT_SAMPLE_H

#include <stdbool.h>
#include <stddef.h>

/* One point in the data's units. */
typedef struct {
    double x;
    double y;
} PlotPoint;

/* The points kept, and what is known about all points added. */
typedef struct {
    PlotPoint *points;  /* kept points in the order added; owned */
    size_t count;       /* kept points */
    size_t capacity;    /* maximum kept points */
    long long added;    /* all points added */
    long long stride;   /* a power of two: the kept points are those whose
                           index is a multiple of it */
    PlotPoint minimum;  /* smallest x and smallest y of all points added */
    PlotPoint maximum;  /* largest x and largest y */
    PlotPoint last;     /* the point added last, which may not be kept */
} PlotSample;

/* Sets up an empty sample for at most capacity points (at least 1).
 * Returns false when out of memory. */
bool plot_sample_init(PlotSample *sample, size_t capacity);

/* Frees the points and leaves the sample empty. */
void plot_sample_free(PlotSample *sample);

/* Adds a point: updates the count, bounds and last point, and keeps it when
 * its index is a multiple of the stride. When the buffer is full, every
 * second kept point is dropped first and the stride doubles, so the stride
 * ends as the smallest power of two that keeps at most capacity points. */
void plot_sample_add(PlotSample *sample, double x, double y);

/* Returns true when the last point added is not among the kept points. */
bool plot_sample_last_is_dropped(const PlotSample *sample);

#endif
