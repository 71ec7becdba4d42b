/* moments.c: streaming and mergeable moments of (x, y) pairs. */
#include "moments.h"

#include <math.h>

void moments_init(Moments *moments)
{
    *moments = (Moments){0};
}

/* Welford's update (Welford 1962, extended to co-moments): the new pair's
 * deviation from the old mean times its deviation from the new mean adds
 * exactly its share of each centred sum, without forming large squares. */
void moments_add(Moments *moments, double x, double y)
{
    double dx = x - moments->mean_x;
    double dy = y - moments->mean_y;

    if (moments->count == 0) {
        moments->min_x = moments->max_x = x;
        moments->min_y = moments->max_y = y;
    } else {
        moments->min_x = fmin(moments->min_x, x);
        moments->max_x = fmax(moments->max_x, x);
        moments->min_y = fmin(moments->min_y, y);
        moments->max_y = fmax(moments->max_y, y);
    }

    moments->count++;
    moments->mean_x += dx / (double)moments->count;
    moments->mean_y += dy / (double)moments->count;

    moments->sxx += dx * (x - moments->mean_x);
    moments->sxy += dx * (y - moments->mean_y);
    moments->syy += dy * (y - moments->mean_y);
}

/* Chan, Golub and LeVeque (1979), "Updating formulae and a pairwise
 * algorithm for computing sample variances": for sets A and B with
 * d = mean_B - mean_A, S_AB = S_A + S_B + d_x d_y n_A n_B / n. */
void moments_merge(Moments *moments, const Moments *other)
{
    if (other->count == 0) {
        return;
    }
    if (moments->count == 0) {
        *moments = *other;
        return;
    }

    double n_a = (double)moments->count;
    double n_b = (double)other->count;
    double n = n_a + n_b;
    double dx = other->mean_x - moments->mean_x;
    double dy = other->mean_y - moments->mean_y;

    moments->sxx += other->sxx + dx * dx * (n_a * n_b / n);
    moments->sxy += other->sxy + dx * dy * (n_a * n_b / n);
    moments->syy += other->syy + dy * dy * (n_a * n_b / n);

    moments->min_x = fmin(moments->min_x, other->min_x);
    moments->max_x = fmax(moments->max_x, other->max_x);
    moments->min_y = fmin(moments->min_y, other->min_y);
    moments->max_y = fmax(moments->max_y, other->max_y);

    moments->mean_x += dx * (n_b / n);
    moments->mean_y += dy * (n_b / n);
    moments->count += other->count;
}

bool moments_are_finite(const Moments *moments)
{
    return isfinite(moments->mean_x) && isfinite(moments->mean_y)
        && isfinite(moments->sxx) && isfinite(moments->sxy) && isfinite(moments->syy);
}
