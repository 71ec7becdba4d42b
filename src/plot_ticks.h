/* plot_ticks.h: tick values for a plot axis: "nice" linear steps of 1, 2 or
 * 5 times a power of ten, or whole decades on a logarithmic axis. The first
 * and last ticks are the axis ends. */
#ifndef WATERFIT_PLOT_TICKS_H
#define WATERFIT_PLOT_TICKS_H

#include <stdbool.h>

/* The ticks of one axis, as integer multiples of a step. Linear ticks are
 * k * mantissa * 10^exponent, logarithmic ones 10^(k * decades), for k from
 * first to last. */
typedef struct {
    bool logarithmic;
    long long first;
    long long last;
    int mantissa; /* linear: 1, 2 or 5 */
    int exponent; /* linear: power of ten of the step */
    int decades;  /* logarithmic: decades between ticks, at least 1 */
} PlotTicks;

/* Chooses linear ticks that cover [minimum, maximum] with at most
 * target + 3 ticks (target >= 1). An empty range (minimum == maximum) is
 * widened around its value first. Returns false when the values are not
 * finite, minimum > maximum, or the range or a tick is too large for a
 * double. */
bool plot_ticks_linear(double minimum, double maximum, int target, PlotTicks *ticks);

/* Chooses decade ticks that cover [minimum, maximum] with at most
 * target + 2 ticks (target >= 1). An axis spans at least one decade.
 * Returns false unless 0 < minimum <= maximum and both are finite. */
bool plot_ticks_log(double minimum, double maximum, int target, PlotTicks *ticks);

/* Returns the number of ticks. */
int plot_ticks_count(const PlotTicks *ticks);

/* Returns the value of tick index (0 to count - 1). A linear tick is the
 * double nearest to the decimal k * mantissa * 10^exponent (for exponents
 * from -22 to 22), not a sum of steps, so 0.30000000000000004 never shows
 * up in a label. */
double plot_ticks_value(const PlotTicks *ticks, int index);

/* Returns where value lies on the axis: 0 at the first tick, 1 at the last,
 * linear in log10(value) for a logarithmic axis (value > 0). */
double plot_ticks_position(const PlotTicks *ticks, double value);

#endif
