/* Unit tests for svg_plot.c: escaping of text, the width estimate, and
 * documents written to memory. The documents are checked for one circle per
 * kept point, the line across the x axis, the subsample note, the loss
 * panel, the same bytes on every run, and no output for values that cannot
 * be plotted. */
#include <float.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "plot_sample.h"
#include "svg_plot.h"

/* A document written to memory, and what svg_plot_write returned. */
typedef struct {
    char *text;
    size_t size;
    Status status;
    Error error;
} Document;

#define assert_contains(text, part)                                     \
    do {                                                                \
        if (strstr((text), (part)) == NULL) {                           \
            fail_msg("expected \"%s\" in \"%.2000s\"", (part), (text)); \
        }                                                               \
    } while (0)

#define assert_lacks(text, part)                                        \
    do {                                                                \
        if (strstr((text), (part)) != NULL) {                           \
            fail_msg("unexpected \"%s\" in \"%.2000s\"", (part), (text)); \
        }                                                               \
    } while (0)

static size_t count_of(const char *text, const char *part)
{
    size_t count = 0;

    for (const char *at = strstr(text, part); at != NULL; at = strstr(at + 1, part)) {
        count++;
    }
    return count;
}

/* Returns the value of attribute name in the first element that starts
 * with element, as a double. */
static double attribute(const char *text, const char *element, const char *name)
{
    char pattern[64];
    const char *start = strstr(text, element);

    assert_non_null(start);
    snprintf(pattern, sizeof pattern, " %s=\"", name);
    const char *value = strstr(start, pattern);
    assert_non_null(value);
    return strtod(value + strlen(pattern), NULL);
}

static SvgFit tutorial_fit(const PlotSample *data)
{
    SvgFit fit = {
        .x_name = "temperature",
        .y_name = "water",
        .feature = "temperature",
        .target = "water",
        .weight = 40,
        .bias = -300,
        .intercept = true,
        .r2 = 1,
        .data = data,
    };
    return fit;
}

static void write_document(Document *document, const SvgFit *fit, const SvgLoss *loss)
{
    FILE *stream = open_memstream(&document->text, &document->size);

    assert_non_null(stream);
    document->status = svg_plot_write(stream, fit, loss, &document->error);
    assert_int_equal(fclose(stream), 0);
}

static void escape_should_replace_markup_characters(void **state)
{
    char buffer[SVG_PLOT_ESCAPED_SIZE];

    (void)state;
    assert_string_equal(svg_plot_escape("a & b <c> \"d\" 'e'", buffer, sizeof buffer),
                        "a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;");
    assert_string_equal(svg_plot_escape("", buffer, sizeof buffer), "");
}

static void escape_should_keep_utf8_text(void **state)
{
    char buffer[SVG_PLOT_ESCAPED_SIZE];

    (void)state;
    assert_string_equal(svg_plot_escape("溫度 (°C) ≈ 水量", buffer, sizeof buffer),
                        "溫度 (°C) ≈ 水量");
}

static void escape_should_quote_bytes_xml_forbids(void **state)
{
    char buffer[SVG_PLOT_ESCAPED_SIZE];

    (void)state;
    assert_string_equal(svg_plot_escape("a\x01" "b\xff" "c\td", buffer, sizeof buffer),
                        "a\\x01b\\xFFc\\x09d");
    /* U+FFFE and U+FFFF become U+FFFD. */
    assert_string_equal(svg_plot_escape("x\xEF\xBF\xBEy\xEF\xBF\xBF", buffer, sizeof buffer),
                        "x\xEF\xBF\xBDy\xEF\xBF\xBD");
}

static void escape_should_cut_long_text(void **state)
{
    char text[600];
    char buffer[SVG_PLOT_ESCAPED_SIZE];
    char small[16];

    (void)state;
    memset(text, 'a', sizeof text - 1);
    text[sizeof text - 1] = '\0';
    svg_plot_escape(text, buffer, sizeof buffer);
    assert_true(strlen(buffer) <= 511);
    assert_string_equal(buffer + strlen(buffer) - 4, "a...");

    /* A cut never splits an entity. */
    assert_string_equal(svg_plot_escape("&&&&&", small, sizeof small), "&amp;&amp;...");
}

static void text_width_should_count_wide_characters(void **state)
{
    (void)state;
    assert_true(svg_plot_text_width("abc", 10) == 18);
    assert_true(svg_plot_text_width("溫度", 10) == 20);
    assert_true(svg_plot_text_width("°C", 10) == 12);
    assert_true(svg_plot_text_width("", 10) == 0);
}

static void document_should_draw_each_point(void **state)
{
    PlotSample data;
    Document document;

    (void)state;
    assert_true(plot_sample_init(&data, 100));
    plot_sample_add(&data, 20, 500);
    plot_sample_add(&data, 25, 700);
    plot_sample_add(&data, 30, 900);
    SvgFit fit = tutorial_fit(&data);
    write_document(&document, &fit, NULL);

    assert_int_equal(document.status, STATUS_OK);
    assert_contains(document.text, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg ");
    assert_contains(document.text, "version=\"1.1\"");
    assert_contains(document.text, "'Noto Sans CJK TC'");
    assert_contains(document.text,
                    "<title>water ≈ 40 × temperature − 300  (R² = 1)</title>");
    /* Three points and the legend's dot. */
    assert_int_equal(count_of(document.text, "<circle "), 4);
    assert_contains(document.text, "data: 3 rows");
    assert_lacks(document.text, "<!--");
    assert_lacks(document.text, "loss-panel");
    assert_contains(document.text, "</svg>\n");
    free(document.text);
    plot_sample_free(&data);
}

/* The line runs from the left edge of the frame to the right edge, at the
 * heights of 500 and 900 on the y axis, which are its first and last ticks
 * for this data. */
static void line_should_span_the_x_axis(void **state)
{
    PlotSample data;
    Document document;

    (void)state;
    assert_true(plot_sample_init(&data, 100));
    plot_sample_add(&data, 20, 500);
    plot_sample_add(&data, 30, 900);
    SvgFit fit = tutorial_fit(&data);
    write_document(&document, &fit, NULL);

    double left = attribute(document.text, "<rect class=\"frame\"", "x");
    double top = attribute(document.text, "<rect class=\"frame\"", "y");
    double width = attribute(document.text, "<rect class=\"frame\"", "width");
    double height = attribute(document.text, "<rect class=\"frame\"", "height");
    assert_true(attribute(document.text, "<line class=\"fit\"", "x1") == left);
    assert_true(attribute(document.text, "<line class=\"fit\"", "x2") == left + width);
    assert_true(attribute(document.text, "<line class=\"fit\"", "y1") == top + height);
    assert_true(attribute(document.text, "<line class=\"fit\"", "y2") == top);
    free(document.text);
    plot_sample_free(&data);
}

static void thinned_data_should_be_noted(void **state)
{
    PlotSample data;
    Document document;

    (void)state;
    assert_true(plot_sample_init(&data, 4));
    for (int i = 0; i < 10; i++) {
        plot_sample_add(&data, i, 3.0 * i);
    }
    SvgFit fit = tutorial_fit(&data);
    write_document(&document, &fit, NULL);

    assert_int_equal(document.status, STATUS_OK);
    assert_int_equal(count_of(document.text, "<circle "), 3 + 1);
    assert_contains(document.text, "data: 10 rows, 1 in 4 drawn");
    assert_contains(document.text,
                    "<!-- data: 10 rows; a plot keeps at most 4 points, so only the 3 rows "
                    "whose 0-based index is a multiple of 4 are drawn -->");
    free(document.text);
    plot_sample_free(&data);
}

static void loss_panel_should_note_skipped_epochs(void **state)
{
    PlotSample data;
    PlotSample losses;
    Document document;

    (void)state;
    assert_true(plot_sample_init(&data, 100));
    assert_true(plot_sample_init(&losses, 100));
    plot_sample_add(&data, 20, 500);
    plot_sample_add(&data, 30, 900);
    plot_sample_add(&losses, 0, 58000);
    plot_sample_add(&losses, 1, 3.5);
    plot_sample_add(&losses, 2, 1e-20);
    SvgFit fit = tutorial_fit(&data);
    SvgLoss loss = {.losses = &losses, .skipped = 2};
    write_document(&document, &fit, &loss);

    assert_int_equal(document.status, STATUS_OK);
    assert_contains(document.text, "height=\"800\"");
    assert_contains(document.text, "<g class=\"loss-panel\">");
    assert_contains(document.text, "; 2 epochs with loss ≤ 0 not shown");
    assert_int_equal(count_of(document.text, "<polyline class=\"loss\""), 1);
    /* Decades from 10^-20 to 10^5, every 5th labelled. */
    assert_contains(document.text, "10<tspan dy=\"-0.5em\" font-size=\"9\">−20</tspan>");
    assert_contains(document.text, "10<tspan dy=\"-0.5em\" font-size=\"9\">5</tspan>");
    free(document.text);
    plot_sample_free(&data);
    plot_sample_free(&losses);
}

static void same_input_should_give_same_bytes(void **state)
{
    PlotSample data;
    Document first;
    Document second;

    (void)state;
    assert_true(plot_sample_init(&data, 100));
    for (int i = 0; i < 50; i++) {
        plot_sample_add(&data, i * 0.37, 1000.0 + (i * 7919 % 101));
    }
    SvgFit fit = tutorial_fit(&data);
    write_document(&first, &fit, NULL);
    write_document(&second, &fit, NULL);

    assert_int_equal(first.size, second.size);
    assert_memory_equal(first.text, second.text, first.size);
    free(first.text);
    free(second.text);
    plot_sample_free(&data);
}

static void huge_range_should_write_nothing(void **state)
{
    PlotSample data;
    Document document;

    (void)state;
    assert_true(plot_sample_init(&data, 100));
    plot_sample_add(&data, -DBL_MAX, 1);
    plot_sample_add(&data, DBL_MAX, 2);
    SvgFit fit = tutorial_fit(&data);
    write_document(&document, &fit, NULL);

    assert_int_equal(document.status, STATUS_DATA);
    assert_int_equal(document.size, 0);
    assert_string_equal(document.error.message,
                        "cannot plot x values from -1.79769e+308 to 1.79769e+308: the axis would "
                        "need values beyond the range or precision of a double");
    free(document.text);
    plot_sample_free(&data);
}

static void line_beyond_doubles_should_write_nothing(void **state)
{
    PlotSample data;
    Document document;

    (void)state;
    assert_true(plot_sample_init(&data, 100));
    plot_sample_add(&data, 1e300, 1);
    plot_sample_add(&data, 2e300, 2);
    SvgFit fit = tutorial_fit(&data);
    fit.weight = 1e10;
    write_document(&document, &fit, NULL);

    assert_int_equal(document.status, STATUS_DATA);
    assert_int_equal(document.size, 0);
    assert_string_equal(document.error.message,
                        "cannot plot the fitted line from x = 1e+300 to 2e+300: its y values are "
                        "beyond the range of a double");
    free(document.text);
    plot_sample_free(&data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(escape_should_replace_markup_characters),
        cmocka_unit_test(escape_should_keep_utf8_text),
        cmocka_unit_test(escape_should_quote_bytes_xml_forbids),
        cmocka_unit_test(escape_should_cut_long_text),
        cmocka_unit_test(text_width_should_count_wide_characters),
        cmocka_unit_test(document_should_draw_each_point),
        cmocka_unit_test(line_should_span_the_x_axis),
        cmocka_unit_test(thinned_data_should_be_noted),
        cmocka_unit_test(loss_panel_should_note_skipped_epochs),
        cmocka_unit_test(same_input_should_give_same_bytes),
        cmocka_unit_test(huge_range_should_write_nothing),
        cmocka_unit_test(line_beyond_doubles_should_write_nothing),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
