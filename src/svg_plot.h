/* svg_plot.h: the plot of a model as a standalone SVG 1.1 document. It shows
 * the data points, the fitted line, axes with tick labels and the formula as
 * a title, and optionally a second panel with the training loss by epoch on
 * a logarithmic axis. Numbers are written without the locale, so the same
 * input gives the same bytes. */
#ifndef WATERFIT_SVG_PLOT_H
#define WATERFIT_SVG_PLOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "error.h"
#include "plot_sample.h"

/* Fill colour of the data points, stroke colour of the fitted line and of
 * the loss curve, as #rrggbb. Tests look for these colours in rendered
 * pictures. */
#define SVG_PLOT_POINT_COLOUR "#0072b2"
#define SVG_PLOT_LINE_COLOUR "#d55e00"
#define SVG_PLOT_LOSS_COLOUR "#009e73"

/* Width of the document in pixels. */
#define SVG_PLOT_WIDTH 800

/* Height of the panel with the data, and of the loss panel below it. */
#define SVG_PLOT_FIT_HEIGHT 480
#define SVG_PLOT_LOSS_HEIGHT 320

/* Buffer size for svg_plot_escape: the longest text kept (511 bytes) with
 * every byte written as a 6-byte entity, and the NUL. */
#define SVG_PLOT_ESCAPED_SIZE (6 * 511 + 1)

/* The fitted line and the data it is drawn over. */
typedef struct {
    const char *x_name;  /* axis labels: the data's column names */
    const char *y_name;
    const char *feature; /* names in the formula: the model's */
    const char *target;
    double weight;
    double bias;
    bool intercept;      /* false: the formula has no bias term */
    double r2;           /* shown rounded to 4 decimals */
    const PlotSample *data; /* at least one point */
} SvgFit;

/* The training loss by epoch. */
typedef struct {
    const PlotSample *losses; /* (epoch, loss) with loss > 0; may be empty */
    long long skipped;        /* rows with loss <= 0, which a log axis cannot show */
} SvgLoss;

/* Writes the document to stream: the fit panel, and the loss panel below it
 * when loss is not NULL. The axes are laid out before anything is written,
 * so on failure nothing is: STATUS_DATA when a range of values or the line
 * at the ends of the x axis is too large to plot. Write errors are left in
 * the stream for the caller to check (ferror, fflush, fclose). */
Status svg_plot_write(FILE *stream, const SvgFit *fit, const SvgLoss *loss, Error *error);

/* Writes text into buffer (size bytes, at least 8) as XML character data
 * that is also safe inside a quoted attribute: & < > " ' become entities,
 * control characters and bytes that are not UTF-8 become \xNN escapes (as
 * in error messages), and U+FFFE and U+FFFF, which XML forbids, become
 * U+FFFD. Text longer than 511 bytes is cut and ends with "...", as is
 * output that would not fit in size. Returns buffer. */
char *svg_plot_escape(const char *text, char *buffer, size_t size);

/* Returns an estimate of the width in pixels of UTF-8 text at font size
 * pixels: 1 em for wide (CJK) characters and 0.6 em for others. The 0.6 is
 * a guess meant to err on the wide side for Latin text in sans-serif fonts. */
double svg_plot_text_width(const char *text, double size);

#endif
