/* metrics.h: how well predictions match labelled data: mean squared error,
 * its root, mean absolute error and R², gathered in one streaming pass. */
#ifndef WATERFIT_METRICS_H
#define WATERFIT_METRICS_H

#include <stdbool.h>

/* Running means of the errors and Welford's moments of y over the pairs
 * seen so far. Running means, not raw sums, keep their precision over many
 * rows, and y's spread is summed about its running mean, so a large offset
 * in y costs no digits. */
typedef struct {
    long long count;
    double mean_squared_error;  /* mean of (prediction - y)^2 */
    double mean_absolute_error; /* mean of |prediction - y| */
    double mean_y;
    double syy;                 /* sum of (y - mean_y)^2 */
} Metrics;

/* The measures for people and scripts, in y's units (mse in its square). */
typedef struct {
    long long rows;
    double mse;
    double rmse; /* square root of mse */
    double mae;
    double r2;   /* 1 - SSE/SST, SST about the mean of y; see metrics_summarize */
} MetricsSummary;

/* Sets every field to zero: the metrics of no pairs. */
void metrics_init(Metrics *metrics);

/* Adds one prediction and the y it should have matched. */
void metrics_add(Metrics *metrics, double prediction, double y);

/* Returns true when every field is finite. Errors or deviations near
 * DBL_MAX can make a square overflow, and such metrics mean nothing. */
bool metrics_are_finite(const Metrics *metrics);

/* Fills *summary from at least one pair. R² = 1 - SSE/SST with SST the sum
 * of squares of y about its mean: 1 for exact predictions, 0 for
 * predictions as good as the mean of y, negative for worse ones. When y is
 * constant, SST is 0 and R² is 1 if every prediction is exact and 0
 * otherwise, as train reports it. */
void metrics_summarize(const Metrics *metrics, MetricsSummary *summary);

#endif
