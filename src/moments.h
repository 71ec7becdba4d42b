/* moments.h: the statistics of (x, y) pairs that the mean squared error of a
 * straight line depends on, gathered in one streaming, mergeable pass. */
#ifndef WATERFIT_MOMENTS_H
#define WATERFIT_MOMENTS_H

#include <stdbool.h>

/* Count, means and centred co-moments of the pairs seen so far. The sums are
 * over deviations from the running means, never raw sums of squares, so
 * they keep their precision when x has a large mean and a small spread. */
typedef struct {
    long long count;
    double mean_x;
    double mean_y;
    double sxx; /* sum of (x - mean_x)^2 */
    double sxy; /* sum of (x - mean_x)(y - mean_y) */
    double syy; /* sum of (y - mean_y)^2 */
    double min_x; /* extremes, meaningful once count > 0: they tell values */
    double max_x; /* that differ from a column whose deviations underflowed */
    double min_y;
    double max_y;
} Moments;

/* Sets every field to zero: the moments of no pairs. */
void moments_init(Moments *moments);

/* Adds one pair with Welford's update. */
void moments_add(Moments *moments, double x, double y);

/* Merges other into moments, as if other's pairs had been added after
 * moments' own (Chan, Golub and LeVeque's pairwise formula). */
void moments_merge(Moments *moments, const Moments *other);

/* Returns true when every field is finite. Values near DBL_MAX can make the
 * co-moments overflow, and such moments must not be fitted. */
bool moments_are_finite(const Moments *moments);

#endif
