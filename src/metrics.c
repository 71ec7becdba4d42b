/* metrics.c: streaming error measures of predictions against labelled y. */
#include "metrics.h"

#include <math.h>

void metrics_init(Metrics *metrics)
{
    *metrics = (Metrics){0};
}

/* Each mean moves by (value - mean) / n, the running-mean form of the sum
 * divided by n; y's sum of squares takes Welford's update (Welford 1962). */
void metrics_add(Metrics *metrics, double prediction, double y)
{
    double error = prediction - y;
    double dy = y - metrics->mean_y;

    metrics->count++;
    double n = (double)metrics->count;

    metrics->mean_squared_error += (error * error - metrics->mean_squared_error) / n;
    metrics->mean_absolute_error += (fabs(error) - metrics->mean_absolute_error) / n;

    metrics->mean_y += dy / n;
    metrics->syy += dy * (y - metrics->mean_y);
}

bool metrics_are_finite(const Metrics *metrics)
{
    return isfinite(metrics->mean_squared_error) && isfinite(metrics->mean_absolute_error)
        && isfinite(metrics->mean_y) && isfinite(metrics->syy);
}

void metrics_summarize(const Metrics *metrics, MetricsSummary *summary)
{
    double n = (double)metrics->count;

    summary->rows = metrics->count;
    summary->mse = metrics->mean_squared_error;
    summary->rmse = sqrt(metrics->mean_squared_error);
    summary->mae = metrics->mean_absolute_error;

    /* SSE / SST = n mse / Syy. */
    if (metrics->syy > 0.0) {
        summary->r2 = 1.0 - n * metrics->mean_squared_error / metrics->syy;
    } else {
        summary->r2 = metrics->mean_squared_error == 0.0 ? 1.0 : 0.0;
    }
}
