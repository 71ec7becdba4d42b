/* plot_ticks.c: choosing tick steps and mapping values onto an axis. */
#include "plot_ticks.h"

#include <math.h>

/* A quotient this close above or below a whole number counts as that
 * number, so that a value on a tick (0.6 with step 0.2, whose quotient is
 * 2.9999999999999996) does not push the axis out by a whole step. */
#define SLACK 1e-9

/* Tick multiples stay below 2^50, so that a multiple times the mantissa (at
 * most 5) is an integer below 2^53 and exact in a double. */
#define MAX_MULTIPLE 1125899906842624.0

/* Returns 10^exponent. Up to 10^22 the power is exact in a double, and the
 * unit tests check that pow returns such powers exactly. Beyond 10^22 the
 * result may be an ulp off. */
static double power_of_ten(int exponent)
{
    return pow(10.0, exponent);
}

/* Returns multiple * mantissa * 10^exponent. For exponents from -22 to 22
 * this is one product or quotient of exact values, so it is the double
 * nearest to the decimal value. */
static double decimal_value(long long multiple, int mantissa, int exponent)
{
    double digits = (double)(multiple * mantissa);

    if (exponent >= 0) {
        return digits * power_of_ten(exponent);
    }
    return digits / power_of_ten(-exponent);
}

/* Rounds raw up to 1, 2 or 5 times a power of ten. */
static void choose_step(double raw, int *mantissa, int *exponent)
{
    *exponent = (int)floor(log10(raw));

    double fraction = raw / power_of_ten(*exponent);
    if (fraction <= 1.0 + SLACK) {
        *mantissa = 1;
    } else if (fraction <= 2.0 + SLACK) {
        *mantissa = 2;
    } else if (fraction <= 5.0 + SLACK) {
        *mantissa = 5;
    } else {
        *mantissa = 1;
        (*exponent)++;
    }
}

/* Widens an empty range by a tenth of its value on each side, or by 1
 * around zero, so that a single value still gets an axis. */
static void widen_empty_range(double *minimum, double *maximum)
{
    if (*minimum != *maximum) {
        return;
    }

    double half = *minimum != 0.0 ? fabs(*minimum) * 0.1 : 1.0;
    *minimum -= half;
    *maximum += half;
}

bool plot_ticks_linear(double minimum, double maximum, int target, PlotTicks *ticks)
{
    if (!isfinite(minimum) || !isfinite(maximum) || minimum > maximum || target < 1) {
        return false;
    }
    widen_empty_range(&minimum, &maximum);

    double range = maximum - minimum;
    if (!isfinite(range) || !isnormal(range / target)) {
        return false;
    }
    *ticks = (PlotTicks){.logarithmic = false, .decades = 1};
    choose_step(range / target, &ticks->mantissa, &ticks->exponent);

    /* The ticks are the multiples of the step from just below minimum to
     * just above maximum. */
    double step = decimal_value(1, ticks->mantissa, ticks->exponent);
    double first = floor(minimum / step + SLACK);
    double last = ceil(maximum / step - SLACK);
    if (!isnormal(step) || fabs(first) >= MAX_MULTIPLE || fabs(last) >= MAX_MULTIPLE) {
        return false;
    }
    ticks->first = (long long)first;
    ticks->last = (long long)last;
    return isfinite(plot_ticks_value(ticks, 0))
        && isfinite(plot_ticks_value(ticks, plot_ticks_count(ticks) - 1));
}

bool plot_ticks_log(double minimum, double maximum, int target, PlotTicks *ticks)
{
    if (!(minimum > 0.0) || !isfinite(maximum) || minimum > maximum || target < 1) {
        return false;
    }

    /* Whole decades around the values, at least one apart. */
    double low = floor(log10(minimum) + SLACK);
    double high = ceil(log10(maximum) - SLACK);
    if (high <= low) {
        high = low + 1.0;
    }

    /* Every decades-th decade gets a tick: target steps or fewer cover the
     * values, plus one step when the ends are not on a tick. */
    int decades = (int)ceil((high - low) / target);
    *ticks = (PlotTicks){
        .logarithmic = true,
        .first = (long long)floor(low / decades),
        .last = (long long)ceil(high / decades),
        .mantissa = 1,
        .exponent = 0,
        .decades = decades,
    };
    return true;
}

int plot_ticks_count(const PlotTicks *ticks)
{
    return (int)(ticks->last - ticks->first + 1);
}

double plot_ticks_value(const PlotTicks *ticks, int index)
{
    long long multiple = ticks->first + index;

    if (ticks->logarithmic) {
        return power_of_ten((int)(multiple * ticks->decades));
    }
    return decimal_value(multiple, ticks->mantissa, ticks->exponent);
}

double plot_ticks_position(const PlotTicks *ticks, double value)
{
    if (ticks->logarithmic) {
        double low = (double)(ticks->first * ticks->decades);
        double high = (double)(ticks->last * ticks->decades);

        return (log10(value) - low) / (high - low);
    }

    double low = plot_ticks_value(ticks, 0);
    double high = plot_ticks_value(ticks, plot_ticks_count(ticks) - 1);
    return (value - low) / (high - low);
}
