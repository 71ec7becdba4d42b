/* svg_plot.c: lays out the fit panel and the loss panel, then writes them as
 * SVG elements. Text widths are estimates (svg_plot_text_width) because no
 * font is at hand, so text too wide for its place is set smaller. */
#include "svg_plot.h"

#include <assert.h>
#include <math.h>
#include <string.h>

#include "i18n.h"
#include "number.h"
#include "plot_ticks.h"

/* Fonts with Chinese, Japanese and Korean glyphs come first, so that column
 * names in those scripts render as text instead of boxes. The generic
 * family is the last resort. */
#define FONT_FAMILY                                                                    \
    "'Noto Sans CJK TC', 'Noto Sans TC', 'Source Han Sans TC', 'Microsoft JhengHei', " \
    "'PingFang TC', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif"

#define TEXT_COLOUR "#222222"
#define AXIS_COLOUR "#444444"
#define GRID_COLOUR "#e6e6e6"

/* Font sizes in pixels. */
#define TITLE_SIZE 17.0
#define LABEL_SIZE 14.0
#define TICK_SIZE 12.0
#define LEGEND_SIZE 12.0
#define MIN_TEXT_SIZE 9.0

/* Layout in pixels, measured from the top of a panel. */
#define TITLE_BASELINE 26.0
#define LEGEND_BASELINE 48.0
#define PLOT_TOP 64.0
#define MARGIN_BOTTOM 58.0
#define MIN_MARGIN_RIGHT 24.0
#define Y_LABEL_BASELINE 22.0 /* x of the rotated y-axis label's baseline */
#define TICK_LENGTH 5.0
#define TICK_LABEL_GAP 8.0
#define X_TICK_BASELINE 18.0 /* below the plot area */
#define X_LABEL_BASELINE 44.0
#define PAGE_MARGIN 20.0     /* between wide text and the page edge */
#define POINT_RADIUS 3.5
#define LINE_WIDTH 2.5
#define LOSS_WIDTH 1.8

/* Ticks wanted on each axis; the result has a few more or fewer. */
#define X_TICK_TARGET 6
#define Y_TICK_TARGET 6
#define LOG_TICK_TARGET 5

/* Column names are cut to this many bytes in titles and labels. */
#define NAME_SIZE 121

/* Maximum size of the text that svg_plot_escape keeps, with its NUL. */
#define TEXT_SIZE 512

/* Significant digits of the weight and bias in the title. */
#define COEFFICIENT_DIGITS 4

/* R² is shown rounded to this many decimals. */
#define R2_SCALE 10000.0

/* The plot area of a panel, in document pixels, and its axes. */
typedef struct {
    double top;    /* top of the panel */
    double left;   /* edges of the plot area */
    double right;
    double upper;
    double lower;
    PlotTicks x_ticks;
    PlotTicks y_ticks;
} Panel;

/* A piece of text to place. */
typedef struct {
    const char *class_name;
    double x;
    double y;
    double size;         /* font size; 0 inherits the document's */
    const char *anchor;  /* text-anchor: start, middle or end */
    bool vertical;       /* rotated to read upwards, for the y axis */
    double fit_width;    /* set smaller, or squeezed, to fit this width; 0: no limit */
} TextPlace;

/* ------------------------------------------------------------------------ */
/* Text                                                                      */

/* Returns the length of the UTF-8 sequence at text and its code point. A
 * broken sequence ends at the first byte that does not continue it. */
static size_t utf8_decode(const unsigned char *text, unsigned long *code_point)
{
    size_t length = 4;

    if (text[0] < 0xC0) {
        length = 1;
    } else if (text[0] < 0xE0) {
        length = 2;
    } else if (text[0] < 0xF0) {
        length = 3;
    }
    *code_point = length == 1 ? text[0] : text[0] & (0x7F >> length);
    for (size_t i = 1; i < length; i++) {
        if ((text[i] & 0xC0) != 0x80) {
            return i;
        }
        *code_point = (*code_point << 6) | (text[i] & 0x3F);
    }
    return length;
}

/* East Asian wide characters (Unicode's EastAsianWidth.txt, W and F),
 * simplified to the main blocks. */
static bool is_wide(unsigned long code_point)
{
    return (code_point >= 0x1100 && code_point <= 0x115F)
        || (code_point >= 0x2E80 && code_point <= 0xA4CF)
        || (code_point >= 0xAC00 && code_point <= 0xD7A3)
        || (code_point >= 0xF900 && code_point <= 0xFAFF)
        || (code_point >= 0xFE30 && code_point <= 0xFE4F)
        || (code_point >= 0xFF00 && code_point <= 0xFF60)
        || (code_point >= 0xFFE0 && code_point <= 0xFFE6)
        || (code_point >= 0x1F300 && code_point <= 0x1FAFF)
        || (code_point >= 0x20000 && code_point <= 0x3FFFD);
}

double svg_plot_text_width(const char *text, double size)
{
    const unsigned char *bytes = (const unsigned char *)text;
    double ems = 0.0;

    while (*bytes != '\0') {
        unsigned long code_point;

        bytes += utf8_decode(bytes, &code_point);
        ems += is_wide(code_point) ? 1.0 : 0.6;
    }
    return ems * size;
}

/* Returns the entity for a character that XML text or attributes cannot
 * contain as it is, or NULL. */
static const char *entity(char character)
{
    switch (character) {
    case '&': return "&amp;";
    case '<': return "&lt;";
    case '>': return "&gt;";
    case '"': return "&quot;";
    case '\'': return "&apos;";
    default: return NULL;
    }
}

/* Returns whether text starts with U+FFFE or U+FFFF in UTF-8. */
static bool is_noncharacter(const char *text)
{
    return text[0] == '\xEF' && text[1] == '\xBF' && (text[2] == '\xBE' || text[2] == '\xBF');
}

char *svg_plot_escape(const char *text, char *buffer, size_t size)
{
    static const char ellipsis[] = "...";
    char clean[TEXT_SIZE];
    size_t out = 0;

    assert(size >= 8);
    error_quote(text, strlen(text), clean, sizeof clean);
    for (const char *in = clean; *in != '\0';) {
        const char *piece = entity(*in);
        size_t used = 1;

        if (is_noncharacter(in)) {
            piece = "\xEF\xBF\xBD";
            used = 3;
        }
        size_t length = piece != NULL ? strlen(piece) : 1;
        if (out + length + sizeof ellipsis > size) {
            memcpy(buffer + out, ellipsis, sizeof ellipsis);
            return buffer;
        }
        memcpy(buffer + out, piece != NULL ? piece : in, length);
        out += length;
        in += used;
    }
    buffer[out] = '\0';
    return buffer;
}

/* ------------------------------------------------------------------------ */
/* Numbers                                                                   */

/* Writes a pixel coordinate rounded to 0.01 px, which is finer than any
 * screen and keeps the file small. */
static const char *pixel(double value, char text[NUMBER_TEXT_SIZE])
{
    number_format(round(value * 100.0) / 100.0, 15, text);
    return text;
}

/* Writes a weight or bias with 4 significant digits, or with all of its
 * integer digits when it has more (13970, not 1.397e+04). */
static void format_coefficient(double value, char text[NUMBER_TEXT_SIZE])
{
    int digits = COEFFICIENT_DIGITS;

    if (fabs(value) >= 1.0) {
        int integer_digits = (int)floor(log10(fabs(value))) + 1;

        digits = integer_digits > digits ? integer_digits : digits;
        digits = digits > 17 ? 17 : digits;
    }
    number_format(value, digits, text);
}

static void format_r2(double r2, char text[NUMBER_TEXT_SIZE])
{
    number_format(round(r2 * R2_SCALE) / R2_SCALE, 15, text);
}

/* Writes a tick label as plain text: the value, or for a logarithmic axis
 * "10^k" with k as text (the document shows k raised). */
static void tick_label(const PlotTicks *ticks, int index, char text[NUMBER_TEXT_SIZE])
{
    if (!ticks->logarithmic) {
        number_format(plot_ticks_value(ticks, index), 15, text);
        return;
    }
    snprintf(text, NUMBER_TEXT_SIZE, "10%lld", (ticks->first + index) * ticks->decades);
}

/* ------------------------------------------------------------------------ */
/* Layout                                                                    */

/* Returns the document x of an x-axis value. */
static double tick_x(const Panel *panel, double value)
{
    double width = panel->right - panel->left;

    return panel->left + plot_ticks_position(&panel->x_ticks, value) * width;
}

/* Returns the document y of a y-axis value; y grows downwards. */
static double tick_y(const Panel *panel, double value)
{
    double height = panel->lower - panel->upper;

    return panel->lower - plot_ticks_position(&panel->y_ticks, value) * height;
}

/* Places the plot area of a panel of the given height. The left margin
 * leaves room for the widest y tick label and the rotated axis label, and
 * the right margin for half of the last x tick label. */
static void panel_place(Panel *panel, double top, double height)
{
    char label[NUMBER_TEXT_SIZE];
    double widest = 0.0;

    for (int i = 0; i < plot_ticks_count(&panel->y_ticks); i++) {
        tick_label(&panel->y_ticks, i, label);
        double width = svg_plot_text_width(label, TICK_SIZE);
        widest = width > widest ? width : widest;
    }
    tick_label(&panel->x_ticks, plot_ticks_count(&panel->x_ticks) - 1, label);
    double half_last = svg_plot_text_width(label, TICK_SIZE) / 2.0 + 4.0;

    panel->top = top;
    panel->left = Y_LABEL_BASELINE + 18.0 + widest + TICK_LABEL_GAP;
    panel->right = SVG_PLOT_WIDTH - (half_last > MIN_MARGIN_RIGHT ? half_last : MIN_MARGIN_RIGHT);
    panel->upper = top + PLOT_TOP;
    panel->lower = top + height - MARGIN_BOTTOM;
}

/* Returns the fitted line's y at x, computed as model_predict does. */
static double line_at(const SvgFit *fit, double x)
{
    return fit->weight * x + fit->bias;
}

/* Returns STATUS_DATA for values (named in what: "x values") whose axis
 * cannot be labelled. */
static Status range_error(const char *what, double minimum, double maximum, Error *error)
{
    char low[NUMBER_TEXT_SIZE];
    char high[NUMBER_TEXT_SIZE];

    number_format(minimum, 6, low);
    number_format(maximum, 6, high);
    return error_set(error, STATUS_DATA, NULL, 0,
                     _("cannot plot %s from %s to %s: the axis would need values beyond the "
                       "range or precision of a double"),
                     what, low, high);
}

/* Lays out the fit panel. The y axis covers the data and the line at both
 * ends of the x axis, so the whole line is visible. */
static Status layout_fit(const SvgFit *fit, Panel *panel, Error *error)
{
    const PlotSample *data = fit->data;

    if (!plot_ticks_linear(data->minimum.x, data->maximum.x, X_TICK_TARGET, &panel->x_ticks)) {
        return range_error(_("x values"), data->minimum.x, data->maximum.x, error);
    }

    double x_first = plot_ticks_value(&panel->x_ticks, 0);
    double x_last = plot_ticks_value(&panel->x_ticks, plot_ticks_count(&panel->x_ticks) - 1);
    double y_first = line_at(fit, x_first);
    double y_last = line_at(fit, x_last);
    if (!isfinite(y_first) || !isfinite(y_last)) {
        char low[NUMBER_TEXT_SIZE];
        char high[NUMBER_TEXT_SIZE];

        number_format(x_first, 6, low);
        number_format(x_last, 6, high);
        return error_set(error, STATUS_DATA, NULL, 0,
                         _("cannot plot the fitted line from x = %s to %s: its y values are "
                           "beyond the range of a double"),
                         low, high);
    }

    double y_minimum = fmin(data->minimum.y, fmin(y_first, y_last));
    double y_maximum = fmax(data->maximum.y, fmax(y_first, y_last));

    if (!plot_ticks_linear(y_minimum, y_maximum, Y_TICK_TARGET, &panel->y_ticks)) {
        return range_error(_("y values"), y_minimum, y_maximum, error);
    }
    panel_place(panel, 0.0, SVG_PLOT_FIT_HEIGHT);
    return STATUS_OK;
}

/* Lays out the loss panel below the fit panel. With no positive loss the
 * axes still show, over one decade. */
static Status layout_loss(const SvgLoss *loss, Panel *panel, Error *error)
{
    const PlotSample *losses = loss->losses;
    bool empty = losses->added == 0;
    double epoch_min = empty ? 0.0 : losses->minimum.x;
    double epoch_max = empty ? 1.0 : losses->maximum.x;
    double loss_min = empty ? 1.0 : losses->minimum.y;
    double loss_max = empty ? 1.0 : losses->maximum.y;

    if (!plot_ticks_linear(epoch_min, epoch_max, X_TICK_TARGET, &panel->x_ticks)) {
        return range_error(_("epochs"), epoch_min, epoch_max, error);
    }
    if (!plot_ticks_log(loss_min, loss_max, LOG_TICK_TARGET, &panel->y_ticks)) {
        return range_error(_("losses"), loss_min, loss_max, error);
    }
    panel_place(panel, SVG_PLOT_FIT_HEIGHT, SVG_PLOT_LOSS_HEIGHT);
    return STATUS_OK;
}

/* ------------------------------------------------------------------------ */
/* Writing                                                                   */

/* Writes a text element. Text wider than place->fit_width is set smaller,
 * down to MIN_TEXT_SIZE, and beyond that squeezed with textLength. */
static void write_text(FILE *stream, const TextPlace *place, const char *text)
{
    char escaped[SVG_PLOT_ESCAPED_SIZE];
    char number[NUMBER_TEXT_SIZE];
    double size = place->size;
    double width = svg_plot_text_width(text, size > 0.0 ? size : TICK_SIZE);

    if (place->fit_width > 0.0 && width > place->fit_width) {
        size = fmax(MIN_TEXT_SIZE, floor(size * place->fit_width / width * 10.0) / 10.0);
        width = svg_plot_text_width(text, size);
    }

    fprintf(stream, "<text class=\"%s\"", place->class_name);
    if (place->vertical) {
        fprintf(stream, " transform=\"translate(%s", pixel(place->x, number));
        fprintf(stream, " %s) rotate(-90)\"", pixel(place->y, number));
    } else {
        fprintf(stream, " x=\"%s\"", pixel(place->x, number));
        fprintf(stream, " y=\"%s\"", pixel(place->y, number));
    }
    if (size > 0.0) {
        fprintf(stream, " font-size=\"%s\"", pixel(size, number));
    }
    if (place->fit_width > 0.0 && width > place->fit_width) {
        fprintf(stream, " textLength=\"%s\" lengthAdjust=\"spacingAndGlyphs\"",
                pixel(place->fit_width, number));
    }
    fprintf(stream, " text-anchor=\"%s\" xml:space=\"preserve\">%s</text>\n", place->anchor,
            svg_plot_escape(text, escaped, sizeof escaped));
}

static void write_line(FILE *stream, double x1, double y1, double x2, double y2)
{
    char number[NUMBER_TEXT_SIZE];

    fprintf(stream, "<line x1=\"%s\"", pixel(x1, number));
    fprintf(stream, " y1=\"%s\"", pixel(y1, number));
    fprintf(stream, " x2=\"%s\"", pixel(x2, number));
    fprintf(stream, " y2=\"%s\"/>\n", pixel(y2, number));
}

/* Writes a y tick label; a logarithmic one as 10 with a raised exponent. */
static void write_y_tick_label(FILE *stream, const Panel *panel, int index)
{
    char label[NUMBER_TEXT_SIZE];
    char number[NUMBER_TEXT_SIZE];
    double y = tick_y(panel, plot_ticks_value(&panel->y_ticks, index));

    fprintf(stream, "<text class=\"y-tick\" x=\"%s\"",
            pixel(panel->left - TICK_LENGTH - 3.0, number));
    fprintf(stream, " y=\"%s\" dy=\"0.35em\" text-anchor=\"end\">", pixel(y, number));
    if (panel->y_ticks.logarithmic) {
        long long exponent = (panel->y_ticks.first + index) * panel->y_ticks.decades;

        /* U+2212 MINUS SIGN, as in typeset exponents. */
        fprintf(stream, "10<tspan dy=\"-0.5em\" font-size=\"9\">%s%lld</tspan>",
                exponent < 0 ? "\xE2\x88\x92" : "", exponent < 0 ? -exponent : exponent);
    } else {
        tick_label(&panel->y_ticks, index, label);
        fputs(label, stream);
    }
    fputs("</text>\n", stream);
}

/* Writes the grid, frame and tick marks of a panel. */
static void write_frame(FILE *stream, const Panel *panel)
{
    char number[4][NUMBER_TEXT_SIZE];
    int x_count = plot_ticks_count(&panel->x_ticks);
    int y_count = plot_ticks_count(&panel->y_ticks);

    fprintf(stream, "<g class=\"grid\" stroke=\"%s\">\n", GRID_COLOUR);
    for (int i = 0; i < x_count; i++) {
        double x = tick_x(panel, plot_ticks_value(&panel->x_ticks, i));
        write_line(stream, x, panel->upper, x, panel->lower);
    }
    for (int i = 0; i < y_count; i++) {
        double y = tick_y(panel, plot_ticks_value(&panel->y_ticks, i));
        write_line(stream, panel->left, y, panel->right, y);
    }
    fprintf(stream, "</g>\n<g class=\"ticks\" stroke=\"%s\">\n", AXIS_COLOUR);
    for (int i = 0; i < x_count; i++) {
        double x = tick_x(panel, plot_ticks_value(&panel->x_ticks, i));
        write_line(stream, x, panel->lower, x, panel->lower + TICK_LENGTH);
    }
    for (int i = 0; i < y_count; i++) {
        double y = tick_y(panel, plot_ticks_value(&panel->y_ticks, i));
        write_line(stream, panel->left - TICK_LENGTH, y, panel->left, y);
    }
    fprintf(stream, "</g>\n<rect class=\"frame\" x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" "
                    "fill=\"none\" stroke=\"%s\"/>\n",
            pixel(panel->left, number[0]), pixel(panel->upper, number[1]),
            pixel(panel->right - panel->left, number[2]),
            pixel(panel->lower - panel->upper, number[3]), AXIS_COLOUR);
}

/* Writes the tick labels and the axis labels of a panel. */
static void write_axis_labels(FILE *stream, const Panel *panel, const char *x_name,
                              const char *y_name)
{
    char label[NUMBER_TEXT_SIZE];
    double width = panel->right - panel->left;
    double height = panel->lower - panel->upper;

    fprintf(stream, "<g font-size=\"%s\">\n", pixel(TICK_SIZE, label));
    for (int i = 0; i < plot_ticks_count(&panel->x_ticks); i++) {
        double value = plot_ticks_value(&panel->x_ticks, i);
        TextPlace place = {"x-tick", tick_x(panel, value), panel->lower + X_TICK_BASELINE, 0.0,
                           "middle", false, 0.0};

        tick_label(&panel->x_ticks, i, label);
        write_text(stream, &place, label);
    }
    for (int i = 0; i < plot_ticks_count(&panel->y_ticks); i++) {
        write_y_tick_label(stream, panel, i);
    }
    fputs("</g>\n", stream);

    TextPlace x_place = {"x-label", panel->left + width / 2.0, panel->lower + X_LABEL_BASELINE,
                         LABEL_SIZE, "middle", false, width};
    TextPlace y_place = {"y-label", Y_LABEL_BASELINE, panel->upper + height / 2.0, LABEL_SIZE,
                         "middle", true, height};
    write_text(stream, &x_place, x_name);
    write_text(stream, &y_place, y_name);
}

/* Writes a legend entry's mark at x, a dot or a short line, and returns
 * where its text starts. */
static double write_legend_mark(FILE *stream, double x, double baseline, bool dot,
                                const char *colour)
{
    char number[3][NUMBER_TEXT_SIZE];
    double middle = baseline - 4.0;

    if (dot) {
        fprintf(stream, "<circle cx=\"%s\" cy=\"%s\" r=\"%s\" fill=\"%s\"/>\n",
                pixel(x + 5.0, number[0]), pixel(middle, number[1]),
                pixel(POINT_RADIUS, number[2]), colour);
        return x + 14.0;
    }
    fprintf(stream, "<g stroke=\"%s\" stroke-width=\"%s\">\n", colour,
            pixel(LINE_WIDTH, number[0]));
    write_line(stream, x, middle, x + 22.0, middle);
    fputs("</g>\n", stream);
    return x + 28.0;
}

/* Writes "data: N rows", with the share drawn when the data was thinned. */
static void data_legend(const PlotSample *data, char *text, size_t size)
{
    if (data->stride == 1) {
        snprintf(text, size,
                 ngettext("data: %lld row", "data: %lld rows", (unsigned long)data->added),
                 data->added);
        return;
    }
    snprintf(text, size, _("data: %lld rows, 1 in %lld drawn"), data->added, data->stride);
}

/* Writes the formula "target ≈ w × feature + b  (R² = r)" into text. */
static void fit_title(const SvgFit *fit, char *text, size_t size)
{
    char target[NAME_SIZE];
    char feature[NAME_SIZE];
    char weight[NUMBER_TEXT_SIZE];
    char bias[NUMBER_TEXT_SIZE];
    char r2[NUMBER_TEXT_SIZE];

    error_quote(fit->target, strlen(fit->target), target, sizeof target);
    error_quote(fit->feature, strlen(fit->feature), feature, sizeof feature);
    format_coefficient(fit->weight, weight);
    format_coefficient(fabs(fit->bias), bias);
    format_r2(fit->r2, r2);

    if (!fit->intercept) {
        snprintf(text, size, "%s ≈ %s × %s  (R² = %s)", target, weight, feature, r2);
        return;
    }
    snprintf(text, size, "%s ≈ %s × %s %s %s  (R² = %s)", target, weight, feature,
             fit->bias < 0.0 ? "−" : "+", bias, r2);
}

static void write_fit_legend(FILE *stream, const SvgFit *fit, const Panel *panel)
{
    char text[128];
    double baseline = panel->top + LEGEND_BASELINE;
    double x = write_legend_mark(stream, panel->left, baseline, true, SVG_PLOT_POINT_COLOUR);
    TextPlace place = {"legend", x, baseline, LEGEND_SIZE, "start", false, 0.0};

    data_legend(fit->data, text, sizeof text);
    write_text(stream, &place, text);

    x += svg_plot_text_width(text, LEGEND_SIZE) + 24.0;
    place.x = write_legend_mark(stream, x, baseline, false, SVG_PLOT_LINE_COLOUR);
    write_text(stream, &place, _("fitted line"));
}

static void write_points(FILE *stream, const Panel *panel, const PlotSample *data)
{
    char x[NUMBER_TEXT_SIZE];
    char y[NUMBER_TEXT_SIZE];
    char radius[NUMBER_TEXT_SIZE];

    pixel(POINT_RADIUS, radius);
    fprintf(stream, "<g class=\"points\" fill=\"%s\">\n", SVG_PLOT_POINT_COLOUR);
    for (size_t i = 0; i < data->count; i++) {
        pixel(tick_x(panel, data->points[i].x), x);
        pixel(tick_y(panel, data->points[i].y), y);
        fprintf(stream, "<circle cx=\"%s\" cy=\"%s\" r=\"%s\"/>\n", x, y, radius);
    }
    fputs("</g>\n", stream);
}

/* Writes the fitted line from one end of the x axis to the other. */
static void write_fit_line(FILE *stream, const SvgFit *fit, const Panel *panel)
{
    char number[NUMBER_TEXT_SIZE];
    double x_first = plot_ticks_value(&panel->x_ticks, 0);
    double x_last = plot_ticks_value(&panel->x_ticks, plot_ticks_count(&panel->x_ticks) - 1);

    fprintf(stream, "<line class=\"fit\" stroke=\"%s\" stroke-width=\"%s\"",
            SVG_PLOT_LINE_COLOUR, pixel(LINE_WIDTH, number));
    fprintf(stream, " x1=\"%s\"", pixel(tick_x(panel, x_first), number));
    fprintf(stream, " y1=\"%s\"", pixel(tick_y(panel, line_at(fit, x_first)), number));
    fprintf(stream, " x2=\"%s\"", pixel(tick_x(panel, x_last), number));
    fprintf(stream, " y2=\"%s\"/>\n", pixel(tick_y(panel, line_at(fit, x_last)), number));
}

static void write_fit_panel(FILE *stream, const SvgFit *fit, const Panel *panel)
{
    char title[TEXT_SIZE];
    TextPlace title_place = {"title", SVG_PLOT_WIDTH / 2.0, panel->top + TITLE_BASELINE,
                             TITLE_SIZE, "middle", false, SVG_PLOT_WIDTH - 2.0 * PAGE_MARGIN};

    fputs("<g class=\"fit-panel\">\n", stream);
    fit_title(fit, title, sizeof title);
    write_text(stream, &title_place, title);
    write_fit_legend(stream, fit, panel);
    write_frame(stream, panel);
    write_axis_labels(stream, panel, fit->x_name, fit->y_name);
    write_points(stream, panel, fit->data);
    write_fit_line(stream, fit, panel);
    fputs("</g>\n", stream);
}

/* Writes what the loss curve shows, and what it leaves out, into text. */
static void loss_legend(const SvgLoss *loss, char *text, size_t size)
{
    const PlotSample *losses = loss->losses;
    size_t used = (size_t)snprintf(text, size, "%s", _("mean squared error before each step"));

    if (losses->added == 0) {
        used += (size_t)snprintf(text + used, size - used, _("; %s"),
                                 _("no positive loss to show"));
    }
    if (losses->stride > 1 && used < size) {
        used += (size_t)snprintf(text + used, size - used, _("; 1 in %lld epochs drawn"),
                                 losses->stride);
    }
    if (loss->skipped > 0 && used < size) {
        snprintf(text + used, size - used,
                 ngettext("; %lld epoch with loss ≤ 0 not shown",
                          "; %lld epochs with loss ≤ 0 not shown", (unsigned long)loss->skipped),
                 loss->skipped);
    }
}

static void write_vertex(FILE *stream, const Panel *panel, PlotPoint point, size_t index)
{
    char x[NUMBER_TEXT_SIZE];
    char y[NUMBER_TEXT_SIZE];

    pixel(tick_x(panel, point.x), x);
    pixel(tick_y(panel, point.y), y);

    /* Eight vertices a line keep the file readable. */
    if (index > 0) {
        fputc(index % 8 == 0 ? '\n' : ' ', stream);
    }
    fprintf(stream, "%s,%s", x, y);
}

/* Writes the loss curve. The last epoch is drawn even when thinning dropped
 * it, and a single epoch is drawn as a dot (a zero-length segment with round
 * caps). */
static void write_loss_curve(FILE *stream, const Panel *panel, const PlotSample *losses)
{
    char width[NUMBER_TEXT_SIZE];
    size_t index = 0;

    if (losses->count == 0) {
        return;
    }
    fprintf(stream, "<polyline class=\"loss\" fill=\"none\" stroke=\"%s\" stroke-width=\"%s\" "
                    "stroke-linejoin=\"round\" stroke-linecap=\"round\" points=\"",
            SVG_PLOT_LOSS_COLOUR, pixel(LOSS_WIDTH, width));
    for (; index < losses->count; index++) {
        write_vertex(stream, panel, losses->points[index], index);
    }
    if (plot_sample_last_is_dropped(losses) || losses->count == 1) {
        write_vertex(stream, panel, losses->last, index);
    }
    fputs("\"/>\n", stream);
}

static void write_loss_panel(FILE *stream, const SvgLoss *loss, const Panel *panel)
{
    char legend[256];
    double baseline = panel->top + LEGEND_BASELINE;
    TextPlace title = {"title", SVG_PLOT_WIDTH / 2.0, panel->top + TITLE_BASELINE, LABEL_SIZE + 1.0,
                       "middle", false, SVG_PLOT_WIDTH - 2.0 * PAGE_MARGIN};
    TextPlace place = {"legend", 0.0, baseline, LEGEND_SIZE, "start", false, 0.0};

    fputs("<g class=\"loss-panel\">\n", stream);
    write_text(stream, &title, _("Training loss by epoch"));
    place.x = write_legend_mark(stream, panel->left, baseline, false, SVG_PLOT_LOSS_COLOUR);
    place.fit_width = panel->right - place.x;
    loss_legend(loss, legend, sizeof legend);
    write_text(stream, &place, legend);
    write_frame(stream, panel);
    write_axis_labels(stream, panel, _("epoch"), _("loss (log scale)"));
    write_loss_curve(stream, panel, loss->losses);
    fputs("</g>\n", stream);
}

/* Writes a comment that explains how a sample was thinned, if it was. */
static void write_sample_note(FILE *stream, const char *what, const PlotSample *sample)
{
    if (sample->stride == 1) {
        return;
    }
    fprintf(stream,
            "<!-- %s: %lld rows; a plot keeps at most %zu points, so only the %zu rows whose "
            "0-based index is a multiple of %lld are drawn -->\n",
            what, sample->added, sample->capacity, sample->count, sample->stride);
}

static void write_header(FILE *stream, const SvgFit *fit, double height)
{
    char title[TEXT_SIZE];
    char escaped[SVG_PLOT_ESCAPED_SIZE];
    char number[NUMBER_TEXT_SIZE];

    pixel(height, number);
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", stream);
    fprintf(stream,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" "
            "height=\"%s\" viewBox=\"0 0 %d %s\" font-family=\"%s\" font-size=\"%s\" "
            "fill=\"%s\">\n",
            SVG_PLOT_WIDTH, number, SVG_PLOT_WIDTH, number, FONT_FAMILY, "12", TEXT_COLOUR);
    fit_title(fit, title, sizeof title);
    fprintf(stream, "<title>%s</title>\n", svg_plot_escape(title, escaped, sizeof escaped));
    fprintf(stream, "<rect class=\"background\" width=\"%d\" height=\"%s\" fill=\"#ffffff\"/>\n",
            SVG_PLOT_WIDTH, number);
}

Status svg_plot_write(FILE *stream, const SvgFit *fit, const SvgLoss *loss, Error *error)
{
    Panel fit_panel;
    Panel loss_panel;
    Status status;

    assert(fit->data->added > 0);
    status = layout_fit(fit, &fit_panel, error);
    if (status == STATUS_OK && loss != NULL) {
        status = layout_loss(loss, &loss_panel, error);
    }
    if (status != STATUS_OK) {
        return status;
    }

    /* One plot area width for both panels, so the panels line up. */
    if (loss != NULL) {
        fit_panel.left = loss_panel.left = fmax(fit_panel.left, loss_panel.left);
        fit_panel.right = loss_panel.right = fmin(fit_panel.right, loss_panel.right);
    }

    double height = SVG_PLOT_FIT_HEIGHT + (loss != NULL ? SVG_PLOT_LOSS_HEIGHT : 0.0);
    write_header(stream, fit, height);
    write_sample_note(stream, "data", fit->data);
    write_fit_panel(stream, fit, &fit_panel);
    if (loss != NULL) {
        write_sample_note(stream, "loss log", loss->losses);
        write_loss_panel(stream, loss, &loss_panel);
    }
    fputs("</svg>\n", stream);
    return STATUS_OK;
}
