/* test_model.c: the model file: exact round trips, the exact text written,
 * every kind of rejected file with its status, line and message, and the
 * atomic write with its failures. */
#define _XOPEN_SOURCE 700 /* symlink, mkfifo */
#include <float.h>
#include <locale.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>

#include "model.h"
#include "support.h"

#define ROUND_TRIPS 100000
/* Under valgrind (tests/run with WATERFIT_VALGRIND=1) each round trip is
 * about 40 times slower, and more of the same code paths find no more
 * memory errors. */
#define VALGRIND_ROUND_TRIPS 5000
#define SAVE_ROUND_TRIPS 200
#define TEXT_SIZE 4096

/* The fixed model of the design document: temperature in °C to water in ml. */
static const char known_text[] =
    "{\n"
    "  \"format\": \"waterfit-model\",\n"
    "  \"version\": 1,\n"
    "  \"features\": [\"temperature\"],\n"
    "  \"target\": \"water\",\n"
    "  \"weights\": [40],\n"
    "  \"bias\": -300,\n"
    "  \"training\": {\n"
    "    \"rows\": 3,\n"
    "    \"optimizer\": \"adam\",\n"
    "    \"learning_rate\": 0.01,\n"
    "    \"epochs\": 412,\n"
    "    \"converged\": true,\n"
    "    \"standardized\": true,\n"
    "    \"intercept\": true,\n"
    "    \"mse\": 0,\n"
    "    \"r2\": 1,\n"
    "    \"residual_standard_deviation\": 0.5,\n"
    "    \"standard_errors\": {\n"
    "      \"weights\": [0.25],\n"
    "      \"bias\": 6.5\n"
    "    }\n"
    "  }\n"
    "}\n";

/* ------------------------------------------------------------------------ */
/* Helpers */

static void make_known_model(Model *model)
{
    Error error;

    model_init(model);
    assert_int_equal(STATUS_OK, model_set_names(model, "temperature", "water", &error));
    model->weight = 40;
    model->bias = -300;
    model->has_training = true;
    model->training.rows = 3;
    strcpy(model->training.optimizer, "adam");
    model->training.learning_rate = 0.01;
    model->training.epochs = 412;
    model->training.converged = true;
    model->training.standardized = true;
    model->training.intercept = true;
    model->training.mse = 0;
    model->training.r2 = 1;
    model->training.has_standard_errors = true;
    model->training.residual_standard_deviation = 0.5;
    model->training.weight_standard_error = 0.25;
    model->training.bias_standard_error = 6.5;
}

static uint64_t double_bits(double value)
{
    uint64_t bits;

    memcpy(&bits, &value, sizeof bits);
    return bits;
}

/* Returns the next number of the splitmix64 sequence (Steele, Lea and
 * Flood, "Fast splittable pseudorandom number generators", 2014). */
static uint64_t next_random(uint64_t *state)
{
    uint64_t z = (*state += UINT64_C(0x9E3779B97F4A7C15));

    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* Returns a double with random bits, drawn again until it is finite, so
 * that subnormals, negative zero and both ends of the range all occur. */
static double random_finite(uint64_t *state)
{
    double value;

    do {
        uint64_t bits = next_random(state);

        memcpy(&value, &bits, sizeof value);
    } while (!isfinite(value));
    return value;
}

/* Writes text to directory/model.json and loads it into *model. */
static Status load_text(const char *directory, const char *text, size_t length, Model *model,
                        Error *error)
{
    /* Static, because error->file points at it after the return. */
    static char path[SUPPORT_PATH_SIZE];

    /* A new file each time: ext4 flushes a file that was truncated and
     * rewritten when it is closed, which made the round trips slow. */
    support_join(path, directory, "model.json");
    unlink(path);
    support_write_file(path, text, length);
    model_init(model);
    return model_load(model, path, error);
}

static void assert_model_empty(const Model *model)
{
    assert_null(model->feature);
    assert_null(model->target);
    assert_int_equal(0, double_bits(model->weight));
    assert_int_equal(0, double_bits(model->bias));
    assert_false(model->has_training);
}

static void assert_models_identical(const Model *expected, const Model *actual)
{
    const TrainingReport *want = &expected->training;
    const TrainingReport *got = &actual->training;

    assert_string_equal(expected->feature, actual->feature);
    assert_string_equal(expected->target, actual->target);
    assert_int_equal(double_bits(expected->weight), double_bits(actual->weight));
    assert_int_equal(double_bits(expected->bias), double_bits(actual->bias));
    assert_int_equal(expected->has_training, actual->has_training);
    assert_int_equal(want->rows, got->rows);
    assert_string_equal(want->optimizer, got->optimizer);
    assert_int_equal(double_bits(want->learning_rate), double_bits(got->learning_rate));
    assert_int_equal(want->epochs, got->epochs);
    assert_int_equal(want->converged, got->converged);
    assert_int_equal(want->standardized, got->standardized);
    assert_int_equal(want->intercept, got->intercept);
    assert_int_equal(double_bits(want->mse), double_bits(got->mse));
    assert_int_equal(double_bits(want->r2), double_bits(got->r2));
    assert_int_equal(want->has_standard_errors, got->has_standard_errors);
    assert_int_equal(double_bits(want->residual_standard_deviation),
                     double_bits(got->residual_standard_deviation));
    assert_int_equal(double_bits(want->weight_standard_error),
                     double_bits(got->weight_standard_error));
    if (want->intercept) {
        assert_int_equal(double_bits(want->bias_standard_error),
                         double_bits(got->bias_standard_error));
    }
}

/* ------------------------------------------------------------------------ */
/* Lifecycle and prediction */

static void model_init_should_leave_model_empty(void **state)
{
    Model model;

    (void)state;
    memset(&model, 0xFF, sizeof model);
    model_init(&model);
    assert_model_empty(&model);
}

static void model_set_names_should_copy_and_replace_names(void **state)
{
    char feature[] = "temperature";
    Model model;
    Error error;

    (void)state;
    model_init(&model);
    assert_int_equal(STATUS_OK, model_set_names(&model, feature, "water", &error));
    feature[0] = 'T';
    assert_string_equal("temperature", model.feature);
    assert_string_equal("water", model.target);

    assert_int_equal(STATUS_OK, model_set_names(&model, "x", "y", &error));
    assert_string_equal("x", model.feature);
    assert_string_equal("y", model.target);

    model_free(&model);
    assert_model_empty(&model);
}

static void model_predict_should_compute_weight_times_x_plus_bias(void **state)
{
    Model model;

    (void)state;
    model_init(&model);
    model.weight = 40;
    model.bias = -300;
    assert_int_equal(double_bits(820.0), double_bits(model_predict(&model, 28)));
    assert_int_equal(double_bits(-300.0), double_bits(model_predict(&model, 0)));
    model.weight = 0.5;
    model.bias = 0.25;
    assert_int_equal(double_bits(-0.75), double_bits(model_predict(&model, -2)));
}

/* ------------------------------------------------------------------------ */
/* Writing */

static void model_to_json_should_write_known_model_exactly(void **state)
{
    Model model;
    char *text;

    (void)state;
    make_known_model(&model);
    text = model_to_json(&model);
    assert_non_null(text);
    assert_string_equal(known_text, text);
    free(text);
    model_free(&model);
}

static void model_to_json_should_leave_out_training_when_absent(void **state)
{
    static const char expected[] =
        "{\n"
        "  \"format\": \"waterfit-model\",\n"
        "  \"version\": 1,\n"
        "  \"features\": [\"x\"],\n"
        "  \"target\": \"y\",\n"
        "  \"weights\": [0.1],\n"
        "  \"bias\": -1e-200\n"
        "}\n";
    Model model;
    Error error;
    char *text;

    (void)state;
    model_init(&model);
    assert_int_equal(STATUS_OK, model_set_names(&model, "x", "y", &error));
    model.weight = 0.1;
    model.bias = -1e-200;
    text = model_to_json(&model);
    assert_non_null(text);
    assert_string_equal(expected, text);
    free(text);
    model_free(&model);
}

static void model_to_json_should_leave_out_bias_error_without_intercept(void **state)
{
    static const char expected[] =
        "{\n"
        "  \"format\": \"waterfit-model\",\n"
        "  \"version\": 1,\n"
        "  \"features\": [\"temperature\"],\n"
        "  \"target\": \"water\",\n"
        "  \"weights\": [29.5],\n"
        "  \"bias\": 0,\n"
        "  \"training\": {\n"
        "    \"rows\": 3,\n"
        "    \"optimizer\": \"sgd\",\n"
        "    \"learning_rate\": 0.001,\n"
        "    \"epochs\": 50001,\n"
        "    \"converged\": false,\n"
        "    \"standardized\": false,\n"
        "    \"intercept\": false,\n"
        "    \"mse\": 2.5,\n"
        "    \"r2\": -0.125,\n"
        "    \"residual_standard_deviation\": 1.75,\n"
        "    \"standard_errors\": {\n"
        "      \"weights\": [0.03125]\n"
        "    }\n"
        "  }\n"
        "}\n";
    Model model;
    char *text;

    (void)state;
    make_known_model(&model);
    model.weight = 29.5;
    model.bias = 0;
    strcpy(model.training.optimizer, "sgd");
    model.training.learning_rate = 0.001;
    model.training.epochs = 50001;
    model.training.converged = false;
    model.training.standardized = false;
    model.training.intercept = false;
    model.training.mse = 2.5;
    model.training.r2 = -0.125;
    model.training.residual_standard_deviation = 1.75;
    model.training.weight_standard_error = 0.03125;
    model.training.bias_standard_error = (double)NAN;
    text = model_to_json(&model);
    assert_non_null(text);
    assert_string_equal(expected, text);
    free(text);
    model_free(&model);
}

/* A tab in a name is escaped as \t by cJSON, so the layout step, which
 * turns raw tabs into spaces, must leave it alone. */
static void model_to_json_should_keep_tabs_in_names_escaped(void **state)
{
    static const char expected[] =
        "{\n"
        "  \"format\": \"waterfit-model\",\n"
        "  \"version\": 1,\n"
        "  \"features\": [\"a:\\tb\\n\"],\n"
        "  \"target\": \"\\t{:\",\n"
        "  \"weights\": [2],\n"
        "  \"bias\": 1\n"
        "}\n";
    Model model;
    Error error;
    char *text;

    (void)state;
    model_init(&model);
    assert_int_equal(STATUS_OK, model_set_names(&model, "a:\tb\n", "\t{:", &error));
    model.weight = 2;
    model.bias = 1;
    text = model_to_json(&model);
    assert_non_null(text);
    assert_string_equal(expected, text);
    free(text);
    model_free(&model);
}

static void model_to_json_should_give_same_bytes_for_same_model(void **state)
{
    Model model;
    char *first;
    char *second;

    (void)state;
    make_known_model(&model);
    first = model_to_json(&model);
    second = model_to_json(&model);
    assert_non_null(first);
    assert_non_null(second);
    assert_string_equal(first, second);
    free(first);
    free(second);
    model_free(&model);
}

/* A German locale writes 0,01 with printf and reads it with strtod. The
 * file must not change, and must still load. Skipped where the locale is
 * not installed. */
static void model_to_json_should_ignore_numeric_locale(void **state)
{
    Model model;
    Model loaded;
    Error error;
    Status status;
    char *text;

    make_known_model(&model);
    if (setlocale(LC_ALL, "de_DE.UTF-8") == NULL) {
        model_free(&model);
        skip();
    }
    text = model_to_json(&model);
    status = text == NULL ? STATUS_OS : load_text(*state, text, strlen(text), &loaded, &error);

    /* Back to "C" before any assert, so that a failure here leaves the
     * other tests unaffected. */
    setlocale(LC_ALL, "C");
    assert_non_null(text);
    assert_string_equal(known_text, text);
    assert_int_equal(STATUS_OK, status);
    assert_models_identical(&model, &loaded);
    free(text);
    model_free(&loaded);
    model_free(&model);
}

/* ------------------------------------------------------------------------ */
/* Round trips */

static void make_random_model(Model *model, uint64_t *random)
{
    TrainingReport *report = &model->training;
    uint64_t choices = next_random(random);

    model->weight = random_finite(random);
    model->bias = random_finite(random);
    model->has_training = true;
    report->rows = (long long)(next_random(random) >> 11);
    strcpy(report->optimizer, choices & 1 ? "adam" : "sgd");
    report->learning_rate = random_finite(random);
    report->epochs = (long long)(next_random(random) >> 11);
    report->converged = choices & 2;
    report->standardized = choices & 4;
    report->intercept = choices & 8;
    report->mse = random_finite(random);
    report->r2 = random_finite(random);
    report->has_standard_errors = choices & 16;
    report->residual_standard_deviation = report->has_standard_errors ? random_finite(random) : 0;
    report->weight_standard_error = report->has_standard_errors ? random_finite(random) : 0;
    report->bias_standard_error = report->has_standard_errors ? random_finite(random) : 0;
}

static void model_load_should_read_back_identical_bits(void **state)
{
    const char *valgrind = getenv("WATERFIT_VALGRIND");
    int count = valgrind != NULL && strcmp(valgrind, "1") == 0 ? VALGRIND_ROUND_TRIPS
                                                               : ROUND_TRIPS;
    uint64_t random = 20240601;
    Model model;
    Model loaded;
    Error error;

    make_known_model(&model);
    for (int i = 0; i < count; i++) {
        char *text;

        make_random_model(&model, &random);
        text = model_to_json(&model);
        assert_non_null(text);
        assert_int_equal(STATUS_OK, load_text(*state, text, strlen(text), &loaded, &error));
        assert_models_identical(&model, &loaded);
        model_free(&loaded);
        free(text);
    }
    model_free(&model);
}

static void model_load_should_read_back_extreme_numbers(void **state)
{
    static const double values[] = {
        0.0, -0.0, DBL_MIN, -DBL_MIN, DBL_MAX, -DBL_MAX, DBL_TRUE_MIN, -DBL_TRUE_MIN,
        DBL_EPSILON, 1e-200, 0.1, 1.0 / 3.0, 9007199254740993.0, 5e-324, 1e308,
    };
    size_t count = sizeof values / sizeof values[0];
    Model model;
    Model loaded;
    Error error;

    make_known_model(&model);
    for (size_t i = 0; i < count; i++) {
        char *text;

        model.weight = values[i];
        model.bias = values[count - 1 - i];
        model.training.mse = values[i];
        text = model_to_json(&model);
        assert_non_null(text);
        assert_int_equal(STATUS_OK, load_text(*state, text, strlen(text), &loaded, &error));
        assert_models_identical(&model, &loaded);
        model_free(&loaded);
        free(text);
    }
    model_free(&model);
}

static void model_save_should_round_trip_through_file(void **state)
{
    uint64_t random = 7;
    char path[SUPPORT_PATH_SIZE];
    Model model;
    Model loaded;
    Error error;

    support_join(path, *state, "saved.json");
    make_known_model(&model);
    for (int i = 0; i < SAVE_ROUND_TRIPS; i++) {
        make_random_model(&model, &random);
        assert_int_equal(STATUS_OK, model_save(&model, path, &error));
        model_init(&loaded);
        assert_int_equal(STATUS_OK, model_load(&loaded, path, &error));
        assert_models_identical(&model, &loaded);
        model_free(&loaded);
    }
    assert_int_equal(1, support_count_entries(*state));
    model_free(&model);
}

static void model_save_should_round_trip_unusual_names(void **state)
{
    static const char feature[] = "temp\xC3\xA9rature \"in\" \\ \xC2\xB0" "C\t\n\x01";
    static const char target[] = "\xE6\xB0\xB4\xE9\x87\x8F (ml)";
    char path[SUPPORT_PATH_SIZE];
    Model model;
    Model loaded;
    Error error;

    support_join(path, *state, "names.json");
    make_known_model(&model);
    assert_int_equal(STATUS_OK, model_set_names(&model, feature, target, &error));
    assert_int_equal(STATUS_OK, model_save(&model, path, &error));
    model_init(&loaded);
    assert_int_equal(STATUS_OK, model_load(&loaded, path, &error));
    assert_models_identical(&model, &loaded);
    model_free(&loaded);
    model_free(&model);
}

static void model_save_should_write_same_bytes_twice(void **state)
{
    char first_path[SUPPORT_PATH_SIZE];
    char second_path[SUPPORT_PATH_SIZE];
    size_t first_length;
    size_t second_length;
    char *first;
    char *second;
    Model model;
    Error error;

    support_join(first_path, *state, "first.json");
    support_join(second_path, *state, "second.json");
    make_known_model(&model);
    assert_int_equal(STATUS_OK, model_save(&model, first_path, &error));
    assert_int_equal(STATUS_OK, model_save(&model, second_path, &error));

    first = support_read_file(first_path, &first_length);
    second = support_read_file(second_path, &second_length);
    assert_int_equal(first_length, second_length);
    assert_memory_equal(first, second, first_length);
    assert_string_equal(known_text, first);
    free(first);
    free(second);
    model_free(&model);
}

/* ------------------------------------------------------------------------ */
/* Loading valid files */

static void model_load_should_read_design_example(void **state)
{
    static const char text[] =
        "{\n"
        "  \"format\": \"waterfit-model\",\n"
        "  \"version\": 1,\n"
        "  \"features\": [\"temperature\"],\n"
        "  \"target\": \"water\",\n"
        "  \"weights\": [40],\n"
        "  \"bias\": -300,\n"
        "  \"training\": { \"rows\": 3, \"optimizer\": \"adam\", \"epochs\": 412, "
        "\"converged\": true,\n"
        "                \"mse\": 0, \"r2\": 1 }\n"
        "}\n";
    Model model;
    Error error;

    assert_int_equal(STATUS_OK, load_text(*state, text, strlen(text), &model, &error));
    assert_string_equal("temperature", model.feature);
    assert_string_equal("water", model.target);
    assert_int_equal(double_bits(40.0), double_bits(model.weight));
    assert_int_equal(double_bits(-300.0), double_bits(model.bias));
    assert_true(model.has_training);
    assert_int_equal(3, model.training.rows);
    assert_string_equal("adam", model.training.optimizer);
    assert_int_equal(412, model.training.epochs);
    assert_true(model.training.converged);
    assert_false(model.training.standardized);
    assert_true(model.training.intercept);
    assert_false(model.training.has_standard_errors);
    assert_int_equal(double_bits(1.0), double_bits(model.training.r2));
    model_free(&model);
}

/* Regression: a bias standard error in a model without intercept was read,
 * then dropped on saving, so the model did not survive a round trip. */
static void model_load_should_ignore_bias_error_without_intercept(void **state)
{
    static const char text[] =
        "{\"format\": \"waterfit-model\", \"version\": 1, \"features\": [\"x\"],\n"
        " \"target\": \"y\", \"weights\": [2], \"bias\": 0,\n"
        " \"training\": {\"intercept\": false, \"residual_standard_deviation\": 1,\n"
        " \"standard_errors\": {\"weights\": [0.5], \"bias\": 3}}}\n";
    Model model;
    Error error;

    assert_int_equal(STATUS_OK, load_text(*state, text, strlen(text), &model, &error));
    assert_false(model.training.intercept);
    assert_true(model.training.has_standard_errors);
    assert_int_equal(double_bits(0.5), double_bits(model.training.weight_standard_error));
    assert_int_equal(double_bits(0.0), double_bits(model.training.bias_standard_error));
    model_free(&model);
}

static void model_load_should_ignore_unknown_keys(void **state)
{
    static const char text[] =
        "{\"comment\": {\"nested\": [[[1, \"two\", null]]], \"bias\": \"not this one\"},\n"
        " \"format\": \"waterfit-model\", \"version\": 1, \"Bias\": \"other case\",\n"
        " \"features\": [\"temperature\"], \"target\": \"water\", \"weights\": [40],\n"
        " \"bias\": -300, \"created\": \"2024-06-01\",\n"
        " \"training\": {\"rows\": 3, \"seed\": [1, 2], \"standard_errors\": "
        "{\"weights\": [0.5], \"bias\": 2, \"note\": true}, "
        "\"residual_standard_deviation\": 1}}\n";
    Model model;
    Error error;

    assert_int_equal(STATUS_OK, load_text(*state, text, strlen(text), &model, &error));
    assert_int_equal(double_bits(40.0), double_bits(model.weight));
    assert_int_equal(double_bits(-300.0), double_bits(model.bias));
    assert_int_equal(3, model.training.rows);
    assert_true(model.training.has_standard_errors);
    assert_int_equal(double_bits(0.5), double_bits(model.training.weight_standard_error));
    assert_int_equal(double_bits(2.0), double_bits(model.training.bias_standard_error));
    model_free(&model);
}

static void model_load_should_accept_byte_order_mark_and_crlf(void **state)
{
    static const char text[] =
        "\xEF\xBB\xBF{\r\n\"format\": \"waterfit-model\",\r\n\"version\": 1,\r\n"
        "\"features\": [\"t\"], \"target\": \"w\",\r\n\"weights\": [2], \"bias\": 1}\r\n";
    Model model;
    Error error;

    assert_int_equal(STATUS_OK, load_text(*state, text, strlen(text), &model, &error));
    assert_string_equal("t", model.feature);
    assert_int_equal(double_bits(5.0), double_bits(model_predict(&model, 2)));
    model_free(&model);
}

static void model_load_should_accept_nesting_up_to_limit(void **state)
{
    /* The top-level object and 15 arrays make 16 levels. */
    static const char text[] =
        "{\"deep\": [[[[[[[[[[[[[[[1]]]]]]]]]]]]]]],\n"
        " \"format\": \"waterfit-model\", \"version\": 1, \"features\": [\"x\"],\n"
        " \"target\": \"y\", \"weights\": [1], \"bias\": 0}";
    Model model;
    Error error;

    assert_int_equal(STATUS_OK, load_text(*state, text, strlen(text), &model, &error));
    model_free(&model);
}

static void model_load_should_read_stdin_for_dash(void **state)
{
    char path[SUPPORT_PATH_SIZE];
    Model model;
    Error error;

    support_join(path, *state, "stdin.json");
    support_write_file(path, known_text, strlen(known_text));
    assert_non_null(freopen(path, "r", stdin));
    model_init(&model);
    assert_int_equal(STATUS_OK, model_load(&model, "-", &error));
    assert_int_equal(double_bits(40.0), double_bits(model.weight));
    assert_true(model.training.has_standard_errors);
    model_free(&model);
}

/* ------------------------------------------------------------------------ */
/* Rejected files */

/* One file that model_load must reject. */
typedef struct {
    const char *name;  /* what the file gets wrong */
    const char *text;
    size_t length;     /* bytes of text, or 0 for strlen(text) */
    long line;
    const char *message;
} Rejection;

/* Loads the case's text and checks that it is rejected with STATUS_DATA,
 * the line and the exact message, leaving the model empty. */
static void check_rejection(const char *directory, const Rejection *rejection)
{
    size_t length = rejection->length != 0 ? rejection->length : strlen(rejection->text);
    Error error = { STATUS_OK, NULL, 0, "" };
    Model model;
    Status status = load_text(directory, rejection->text, length, &model, &error);

    if (status != STATUS_DATA || error.line != rejection->line
        || strcmp(error.message, rejection->message) != 0) {
        fail_msg("%s: expected status %d, line %ld, message \"%s\"; "
                 "got status %d, line %ld, message \"%s\"", rejection->name, STATUS_DATA,
                 rejection->line, rejection->message, status, error.line, error.message);
    }
    assert_non_null(error.file);
    assert_non_null(strstr(error.file, "model.json"));
    assert_model_empty(&model);
}

static void model_load_should_reject_bad_syntax(void **state)
{
    static const char nul_text[] = "{\n\"format\": \"waterfit\0-model\"}";
    static const Rejection rejections[] = {
        { "empty file", "", 0, 1, "the file is empty or contains only blanks" },
        { "blanks only", " \n\t\r\n  ", 0, 1, "the file is empty or contains only blanks" },
        { "truncated mid-number", "{\n  \"format\": \"waterfit-model\",\n  \"bias\": -3", 0, 3,
          "unexpected end of file; the file may be truncated" },
        { "truncated in a string", "{\n  \"format\": \"water", 0, 2,
          "unexpected end of file; the file may be truncated" },
        { "truncated after a comma", "{\"version\": 1,\n\n", 0, 1,
          "unexpected end of file; the file may be truncated" },
        { "truncated in an array", "{\"weights\": [40", 0, 1,
          "unexpected end of file; the file may be truncated" },
        { "second object", "{\"bias\": 1}\n{\"bias\": 2}\n", 0, 2,
          "trailing data after the JSON value" },
        { "trailing garbage", "{\"bias\": 1}\n\n  garbage", 0, 3,
          "trailing data after the JSON value" },
        { "trailing garbage after CRLF", "{}\r\n\r\nx", 0, 3,
          "trailing data after the JSON value" },
        { "trailing garbage after CR", "{}\r\rx", 0, 3, "trailing data after the JSON value" },
        { "trailing comma as data", "{} ,", 0, 1, "trailing data after the JSON value" },
        { "NUL byte", nul_text, sizeof nul_text - 1, 2, "the file contains a NUL byte" },
        { "missing colon", "{\n  \"format\" \"waterfit-model\"\n}", 0, 2,
          "invalid JSON near '\"waterfit-model\"'" },
        { "single quotes", "{\n'format': 1}", 0, 2, "invalid JSON near ''format': 1}'" },
        { "trailing comma in object", "{\"bias\": 1,}", 0, 1, "invalid JSON near '}'" },
        { "unquoted key", "{\"bias\": 1, bias: 2}", 0, 1, "invalid JSON near 'bias: 2}'" },
        { "two commas", "{\"bias\": 1,\n, \"x\": 2}", 0, 2, "invalid JSON near ', \"x\": 2}'" },
        { "two commas in array", "{\"weights\": [1,,2]}", 0, 1, "invalid JSON near ',2]}'" },
        { "missing value", "{\"bias\": }", 0, 1, "invalid JSON near '}'" },
        { "plus sign", "{\"bias\": +1}", 0, 1, "invalid JSON near '+1}'" },
        { "leading zero", "{\n\"bias\": 01}", 0, 2, "invalid number '01'" },
        { "point without digits", "{\"bias\": 1.}", 0, 1, "invalid number '1.'" },
        { "minus without digits", "{\"bias\": -.5}", 0, 1, "invalid number '-.5'" },
        { "hexadecimal", "{\"bias\": 0x1C}", 0, 1, "invalid JSON near 'x1C}'" },
        { "NaN", "{\"bias\": NaN}", 0, 1, "invalid JSON near 'NaN}'" },
        { "control character in string", "{\n\"target\": \"wa\tter\"}", 0, 2,
          "a control character in a string is not escaped" },
        { "escaped NUL", "{\"target\": \"wa\\u0000ter\"}", 0, 1,
          "a string contains \\u0000" },
        { "control character outside string", "{\f\"bias\": 1}", 0, 1,
          "a control character is outside a string" },
        { "top-level array", "[1]", 0, 1, "the model must be a JSON object, found an array" },
        { "top-level number", "\n42\n", 0, 2, "the model must be a JSON object, found 42" },
        { "top-level string", "\"model\"", 0, 1,
          "the model must be a JSON object, found the string 'model'" },
    };

    for (size_t i = 0; i < sizeof rejections / sizeof rejections[0]; i++) {
        check_rejection(*state, &rejections[i]);
    }
}

static void model_load_should_reject_deep_nesting(void **state)
{
    enum { DEPTH = 100000 };
    static const char member[] = "{\"a\":";
    Rejection rejection = { "deep arrays", NULL, DEPTH, 1,
                            "the JSON value is nested too deeply (over 16 levels)" };
    char *text = malloc(DEPTH * (sizeof member - 1) + 2);

    assert_non_null(text);
    memset(text, '[', DEPTH);
    rejection.text = text;
    check_rejection(*state, &rejection);

    /* Objects this time, with the 17th level on line 2. */
    for (size_t i = 0; i < DEPTH; i++) {
        memcpy(text + i * (sizeof member - 1), member, sizeof member - 1);
    }
    text[16 * (sizeof member - 1)] = '\n';
    rejection.name = "deep objects";
    rejection.length = DEPTH * (sizeof member - 1);
    rejection.line = 2;
    check_rejection(*state, &rejection);
    free(text);
}

/* Writes a model file with one member per line: format on line 2, version
 * 3, features 4, target 5, weights 6, bias 7, training 8. The member key
 * gets value instead of its own, or is left out when value is NULL. extra,
 * when not NULL, is one more member on the line before the closing brace. */
static void model_text(char *text, const char *key, const char *value, const char *extra)
{
    static const char *const members[][2] = {
        { "format", "\"waterfit-model\"" },
        { "version", "1" },
        { "features", "[\"temperature\"]" },
        { "target", "\"water\"" },
        { "weights", "[40]" },
        { "bias", "-300" },
        { "training", "{\"rows\": 3, \"optimizer\": \"adam\", \"epochs\": 412, "
                      "\"converged\": true, \"mse\": 0, \"r2\": 1}" },
    };
    const char *separator = "";
    size_t used = (size_t)snprintf(text, TEXT_SIZE, "{\n");

    for (size_t i = 0; i < sizeof members / sizeof members[0]; i++) {
        const char *member_value = members[i][1];

        if (key != NULL && strcmp(key, members[i][0]) == 0) {
            member_value = value;
        }
        if (member_value == NULL) {
            continue;
        }
        used += (size_t)snprintf(text + used, TEXT_SIZE - used, "%s  \"%s\": %s", separator,
                                 members[i][0], member_value);
        separator = ",\n";
    }
    if (extra != NULL) {
        used += (size_t)snprintf(text + used, TEXT_SIZE - used, ",\n  %s", extra);
    }
    snprintf(text + used, TEXT_SIZE - used, "\n}\n");
}

/* A change to the valid file of model_text and the rejection it causes. */
typedef struct {
    const char *key;
    const char *value;
    const char *extra;
    long line;
    const char *message;
} FieldRejection;

static void check_field_rejections(const char *directory, const FieldRejection *cases,
                                   size_t count)
{
    char text[TEXT_SIZE];
    char name[TEXT_SIZE];

    for (size_t i = 0; i < count; i++) {
        Rejection rejection = { name, text, 0, cases[i].line, cases[i].message };

        model_text(text, cases[i].key, cases[i].value, cases[i].extra);
        snprintf(name, sizeof name, "%s = %s, extra %s", cases[i].key ? cases[i].key : "-",
                 cases[i].value ? cases[i].value : "(missing)",
                 cases[i].extra ? cases[i].extra : "-");
        check_rejection(directory, &rejection);
    }
}

static void model_text_should_build_valid_model(void **state)
{
    char text[TEXT_SIZE];
    Model model;
    Error error;

    model_text(text, NULL, NULL, "\"unknown\": null");
    assert_int_equal(STATUS_OK, load_text(*state, text, strlen(text), &model, &error));
    assert_int_equal(double_bits(820.0), double_bits(model_predict(&model, 28)));
    model_free(&model);
}

static void model_load_should_reject_bad_format_and_version(void **state)
{
    static const FieldRejection cases[] = {
        { "format", NULL, NULL, 0, "not a waterfit model: 'format' is missing" },
        { "format", "\"other-model\"", NULL, 2,
          "not a waterfit model: 'format' is the string 'other-model'" },
        { "format", "\"Waterfit-Model\"", NULL, 2,
          "not a waterfit model: 'format' is the string 'Waterfit-Model'" },
        { "format", "1", NULL, 2, "not a waterfit model: 'format' is 1" },
        { "format", "null", NULL, 2, "not a waterfit model: 'format' is null" },
        { "version", NULL, NULL, 0, "missing required field 'version'" },
        { "version", "2", NULL, 3,
          "model version 2 is not supported by this build (it reads version 1)" },
        { "version", "1.5", NULL, 3,
          "model version 1.5 is not supported by this build (it reads version 1)" },
        { "version", "\"1\"", NULL, 3,
          "field 'version' must be the number 1, found the string '1'" },
        { "version", "[1]", NULL, 3, "field 'version' must be the number 1, found an array" },
        { "version", "1e400", NULL, 3,
          "field 'version' must be the number 1, found a number out of range" },
    };

    check_field_rejections(*state, cases, sizeof cases / sizeof cases[0]);
}

static void model_load_should_reject_missing_fields(void **state)
{
    static const FieldRejection cases[] = {
        { "features", NULL, NULL, 0, "missing required field 'features'" },
        { "target", NULL, NULL, 0, "missing required field 'target'" },
        { "weights", NULL, NULL, 0, "missing required field 'weights'" },
        { "bias", NULL, NULL, 0, "missing required field 'bias'" },
    };

    check_field_rejections(*state, cases, sizeof cases / sizeof cases[0]);
}

static void model_load_should_reject_mistyped_fields(void **state)
{
    static const FieldRejection cases[] = {
        { "features", "[]", NULL, 4, "field 'features' must have exactly one entry, found 0" },
        { "features", "[\"a\", \"b\"]", NULL, 4,
          "field 'features' must have exactly one entry, found 2" },
        { "features", "\"temperature\"", NULL, 4,
          "field 'features' must be an array of one string, found the string 'temperature'" },
        { "features", "[3]", NULL, 4, "field 'features[0]' must be a string, found 3" },
        { "target", "null", NULL, 5, "field 'target' must be a string, found null" },
        { "target", "{}", NULL, 5, "field 'target' must be a string, found an object" },
        { "weights", "[null]", NULL, 6,
          "field 'weights[0]' must be a finite number, found null" },
        { "weights", "[\n\"40\"]", NULL, 7,
          "field 'weights[0]' must be a finite number, found the string '40'" },
        { "weights", "[]", NULL, 6, "field 'weights' must have exactly one entry, found 0" },
        { "weights", "[1, 2]", NULL, 6, "field 'weights' must have exactly one entry, found 2" },
        { "weights", "40", NULL, 6, "field 'weights' must be an array of one number, found 40" },
        { "weights", "[1e400]", NULL, 6,
          "field 'weights[0]' must be a finite number, found a number out of range" },
        { "bias", "\"-300\"", NULL, 7,
          "field 'bias' must be a finite number, found the string '-300'" },
        { "bias", "null", NULL, 7, "field 'bias' must be a finite number, found null" },
        { "bias", "-1e400", NULL, 7,
          "field 'bias' must be a finite number, found a number out of range" },
        { "bias", "true", NULL, 7, "field 'bias' must be a finite number, found true" },
        { "bias", "[-300]", NULL, 7, "field 'bias' must be a finite number, found an array" },
    };

    check_field_rejections(*state, cases, sizeof cases / sizeof cases[0]);
}

static void model_load_should_reject_duplicate_keys(void **state)
{
    static const FieldRejection cases[] = {
        { NULL, NULL, "\"bias\": -300", 9, "duplicate key 'bias'" },
        { NULL, NULL, "\"format\": \"waterfit-model\"", 9, "duplicate key 'format'" },
        { NULL, NULL, "\"training\": {}", 9, "duplicate key 'training'" },
        { "training", "{\"rows\": 3,\n\"rows\": 4}", NULL, 9, "duplicate key 'training.rows'" },
        { "training", "{\"standard_errors\": {\"weights\": [1], \"weights\": [2]}}", NULL, 8,
          "duplicate key 'training.standard_errors.weights'" },
    };

    check_field_rejections(*state, cases, sizeof cases / sizeof cases[0]);
}

static void model_load_should_reject_bad_training_fields(void **state)
{
    static const FieldRejection cases[] = {
        { "training", "\"adam\"", NULL, 8,
          "field 'training' must be an object, found the string 'adam'" },
        { "training", "null", NULL, 8, "field 'training' must be an object, found null" },
        { "training", "{\"rows\": \"3\"}", NULL, 8,
          "field 'training.rows' must be an integer from 0 to 2^53, found the string '3'" },
        { "training", "{\"rows\": -1}", NULL, 8,
          "field 'training.rows' must be an integer from 0 to 2^53, found -1" },
        { "training", "{\"rows\": 2.5}", NULL, 8,
          "field 'training.rows' must be an integer from 0 to 2^53, found 2.5" },
        { "training", "{\"rows\": 9007199254740994}", NULL, 8,
          "field 'training.rows' must be an integer from 0 to 2^53, found 9007199254740994" },
        { "training", "{\"epochs\": true}", NULL, 8,
          "field 'training.epochs' must be an integer from 0 to 2^53, found true" },
        { "training", "{\"optimizer\": \"rmsprop\"}", NULL, 8,
          "field 'training.optimizer' must be 'adam' or 'sgd', found the string 'rmsprop'" },
        { "training", "{\"optimizer\": 1}", NULL, 8,
          "field 'training.optimizer' must be 'adam' or 'sgd', found 1" },
        { "training", "{\"learning_rate\": null}", NULL, 8,
          "field 'training.learning_rate' must be a finite number, found null" },
        { "training", "{\"converged\": \"yes\"}", NULL, 8,
          "field 'training.converged' must be true or false, found the string 'yes'" },
        { "training", "{\"intercept\": 1}", NULL, 8,
          "field 'training.intercept' must be true or false, found 1" },
        { "training", "{\"mse\": 1e999}", NULL, 8,
          "field 'training.mse' must be a finite number, found a number out of range" },
        { "training", "{\"r2\": {}}", NULL, 8,
          "field 'training.r2' must be a finite number, found an object" },
    };

    check_field_rejections(*state, cases, sizeof cases / sizeof cases[0]);
}

static void model_load_should_reject_bad_standard_errors(void **state)
{
    static const FieldRejection cases[] = {
        { "training", "{\"standard_errors\": {\"weights\": [1], \"bias\": 2}}", NULL, 0,
          "missing required field 'training.residual_standard_deviation'" },
        { "training", "{\"residual_standard_deviation\": 1,\n"
                      "\"standard_errors\": {\"weights\": [1]}}", NULL, 0,
          "missing required field 'training.standard_errors.bias'" },
        { "training", "{\"residual_standard_deviation\": 1,\n"
                      "\"standard_errors\": {\"weights\": [], \"bias\": 2}}", NULL, 9,
          "field 'training.standard_errors.weights' must have exactly one entry, found 0" },
        { "training", "{\"residual_standard_deviation\": 1,\n"
                      "\"standard_errors\": {\"weights\": [null], \"bias\": 2}}", NULL, 9,
          "field 'training.standard_errors.weights[0]' must be a finite number, found null" },
        { "training", "{\"residual_standard_deviation\": \"1\",\n"
                      "\"standard_errors\": {\"weights\": [1], \"bias\": 2}}", NULL, 8,
          "field 'training.residual_standard_deviation' must be a finite number, "
          "found the string '1'" },
        { "training", "{\"residual_standard_deviation\": 1,\n"
                      "\"standard_errors\": [1, 2]}", NULL, 9,
          "field 'training.standard_errors' must be an object, found an array" },
    };

    check_field_rejections(*state, cases, sizeof cases / sizeof cases[0]);
}

static void model_load_should_accept_standard_errors_without_intercept(void **state)
{
    char text[TEXT_SIZE];
    Model model;
    Error error;

    model_text(text, "training", "{\"intercept\": false, \"residual_standard_deviation\": 1,"
               " \"standard_errors\": {\"weights\": [0.5]}}", NULL);
    assert_int_equal(STATUS_OK, load_text(*state, text, strlen(text), &model, &error));
    assert_false(model.training.intercept);
    assert_true(model.training.has_standard_errors);
    assert_int_equal(double_bits(0.5), double_bits(model.training.weight_standard_error));
    model_free(&model);
}

static void model_load_should_reject_file_over_one_mebibyte(void **state)
{
    size_t length = 1024 * 1024 + 1;
    char *text = malloc(length);
    Model model;
    Error error;

    assert_non_null(text);
    memset(text, ' ', length);
    assert_int_equal(STATUS_DATA, load_text(*state, text, length, &model, &error));
    assert_string_equal("model file too large (over 1 MiB)", error.message);
    assert_model_empty(&model);
    free(text);
}

static void model_load_should_report_missing_file(void **state)
{
    char path[SUPPORT_PATH_SIZE];
    Model model;
    Error error;

    support_join(path, *state, "absent.json");
    model_init(&model);
    assert_int_equal(STATUS_NO_INPUT, model_load(&model, path, &error));
    assert_string_equal(path, error.file);
    assert_string_equal("cannot open: No such file or directory", error.message);
    assert_model_empty(&model);
}

static void model_load_should_reject_directory(void **state)
{
    Model model;
    Error error;

    model_init(&model);
    assert_int_equal(STATUS_NO_INPUT, model_load(&model, *state, &error));
    assert_string_equal(*state, error.file);
    assert_string_equal("cannot open: Is a directory", error.message);
    assert_model_empty(&model);
}

/* The kinds of fault in the shared bad-input examples. */
static void model_load_should_handle_bad_input_examples(void **state)
{
    static const char directory[] = "tests/data/bad/";
    static const struct {
        const char *file;
        long line;
        const char *message;
    } examples[] = {
        { "28-model-null-weight.json", 1,
          "field 'weights[0]' must be a finite number, found null" },
        { "30-model-trailing-garbage.json", 2, "trailing data after the JSON value" },
        { "31-model-truncated.json", 1, "unexpected end of file; the file may be truncated" },
    };
    char path[SUPPORT_PATH_SIZE];
    Model model;
    Error error;

    (void)state;
    snprintf(path, sizeof path, "%s00m-model-fixed.json", directory);
    model_init(&model);
    assert_int_equal(STATUS_OK, model_load(&model, path, &error));
    assert_int_equal(double_bits(820.0), double_bits(model_predict(&model, 28)));
    /* No training object: the report is absent, but the line has a bias. */
    assert_false(model.has_training);
    assert_true(model.training.intercept);
    model_free(&model);

    for (size_t i = 0; i < sizeof examples / sizeof examples[0]; i++) {
        snprintf(path, sizeof path, "%s%s", directory, examples[i].file);
        model_init(&model);
        assert_int_equal(STATUS_DATA, model_load(&model, path, &error));
        assert_string_equal(path, error.file);
        assert_int_equal(examples[i].line, error.line);
        assert_string_equal(examples[i].message, error.message);
        assert_model_empty(&model);
    }
}

/* ------------------------------------------------------------------------ */
/* Saving */

static void model_save_should_create_file_with_umask_mode(void **state)
{
    char path[SUPPORT_PATH_SIZE];
    struct stat info;
    size_t length;
    char *bytes;
    mode_t previous = umask(027);
    Model model;
    Error error;

    support_join(path, *state, "new.json");
    make_known_model(&model);
    assert_int_equal(STATUS_OK, model_save(&model, path, &error));
    umask(previous);

    assert_int_equal(0, stat(path, &info));
    assert_int_equal(0640, info.st_mode & 0777);
    bytes = support_read_file(path, &length);
    assert_string_equal(known_text, bytes);
    assert_int_equal(1, support_count_entries(*state));
    free(bytes);
    model_free(&model);
}

static void model_save_should_replace_existing_file(void **state)
{
    char path[SUPPORT_PATH_SIZE];
    size_t length;
    char *bytes;
    Model model;
    Error error;

    support_join(path, *state, "existing.json");
    support_write_file(path, "old content that is longer than nothing\n", 40);
    make_known_model(&model);
    assert_int_equal(STATUS_OK, model_save(&model, path, &error));

    bytes = support_read_file(path, &length);
    assert_string_equal(known_text, bytes);
    assert_int_equal(1, support_count_entries(*state));
    free(bytes);
    model_free(&model);
}

static void model_save_should_replace_file_behind_symbolic_link(void **state)
{
    char link_path[SUPPORT_PATH_SIZE];
    char real_path[SUPPORT_PATH_SIZE];
    struct stat info;
    size_t length;
    char *bytes;
    Model model;
    Error error;

    support_join(link_path, *state, "link.json");
    support_join(real_path, *state, "real.json");
    support_write_file(real_path, "old\n", 4);
    assert_int_equal(0, symlink("real.json", link_path));
    make_known_model(&model);
    assert_int_equal(STATUS_OK, model_save(&model, link_path, &error));

    assert_int_equal(0, lstat(link_path, &info));
    assert_true(S_ISLNK(info.st_mode));
    bytes = support_read_file(real_path, &length);
    assert_string_equal(known_text, bytes);
    assert_int_equal(2, support_count_entries(*state));
    free(bytes);
    model_free(&model);
}

static void model_save_should_write_into_fifo_without_replacing_it(void **state)
{
    char path[SUPPORT_PATH_SIZE];
    char out_path[SUPPORT_PATH_SIZE];
    struct stat info;
    int wait_status;
    size_t length;
    char *bytes;
    pid_t reader;
    Model model;
    Error error;

    support_join(path, *state, "pipe");
    support_join(out_path, *state, "pipe.out");
    assert_int_equal(0, mkfifo(path, 0600));
    reader = support_start_fifo_reader(path);
    make_known_model(&model);
    assert_int_equal(STATUS_OK, model_save(&model, path, &error));
    assert_int_equal(reader, waitpid(reader, &wait_status, 0));
    assert_int_equal(0, WEXITSTATUS(wait_status));

    assert_int_equal(0, lstat(path, &info));
    assert_true(S_ISFIFO(info.st_mode));
    bytes = support_read_file(out_path, &length);
    assert_string_equal(known_text, bytes);
    assert_int_equal(2, support_count_entries(*state));
    free(bytes);
    model_free(&model);
}

static void model_save_should_reject_missing_directory(void **state)
{
    char path[SUPPORT_PATH_SIZE];
    Model model;
    Error error;

    support_join(path, *state, "missing/model.json");
    make_known_model(&model);
    assert_int_equal(STATUS_CANT_CREATE, model_save(&model, path, &error));
    assert_string_equal(path, error.file);
    assert_string_equal("cannot create: No such file or directory", error.message);
    assert_int_equal(0, support_count_entries(*state));
    model_free(&model);
}

/* Root ignores directory permissions, so a directory that is a regular
 * file takes the place of one that cannot be written. */
static void model_save_should_reject_directory_that_is_file(void **state)
{
    char plain_path[SUPPORT_PATH_SIZE];
    char path[SUPPORT_PATH_SIZE];
    size_t length;
    char *bytes;
    Model model;
    Error error;

    support_join(plain_path, *state, "plain");
    support_join(path, *state, "plain/model.json");
    support_write_file(plain_path, "plain\n", 6);
    make_known_model(&model);
    assert_int_equal(STATUS_CANT_CREATE, model_save(&model, path, &error));
    assert_string_equal("cannot create: Not a directory", error.message);

    bytes = support_read_file(plain_path, &length);
    assert_string_equal("plain\n", bytes);
    assert_int_equal(1, support_count_entries(*state));
    free(bytes);
    model_free(&model);
}

static void model_save_should_not_replace_directory(void **state)
{
    char path[SUPPORT_PATH_SIZE];
    Model model;
    Error error;

    support_join(path, *state, "subdirectory");
    assert_int_equal(0, mkdir(path, 0700));
    make_known_model(&model);
    assert_int_equal(STATUS_CANT_CREATE, model_save(&model, path, &error));
    assert_string_equal("cannot create: Is a directory", error.message);
    assert_int_equal(0, support_count_entries(path));
    assert_int_equal(1, support_count_entries(*state));
    model_free(&model);
}

/* A dangling link is rejected, because renaming over it would replace the
 * link with a file. */
static void model_save_should_reject_dangling_symbolic_link(void **state)
{
    char path[SUPPORT_PATH_SIZE];
    struct stat info;
    Model model;
    Error error;

    support_join(path, *state, "dangling.json");
    assert_int_equal(0, symlink("missing.json", path));
    make_known_model(&model);
    assert_int_equal(STATUS_CANT_CREATE, model_save(&model, path, &error));
    assert_string_equal(path, error.file);
    assert_string_equal("cannot create: dangling symbolic link", error.message);
    assert_int_equal(0, lstat(path, &info));
    assert_true(S_ISLNK(info.st_mode));
    assert_int_equal(1, support_count_entries(*state));
    model_free(&model);
}

/* Saves the known model with a file size limit of 100 bytes, so that the
 * write fails part way. */
static Status save_with_size_limit(const char *path, Error *error)
{
    struct rlimit limit = { 100, 100 };
    Model model;
    Status status;

    /* Without this, exceeding the limit kills the process with SIGXFSZ. */
    signal(SIGXFSZ, SIG_IGN);
    setrlimit(RLIMIT_FSIZE, &limit);
    make_known_model(&model);
    status = model_save(&model, path, error);
    model_free(&model);
    return status;
}

static void model_save_should_keep_old_file_on_write_error(void **state)
{
    static const char old[] = "{\"old\": true}\n";
    char path[SUPPORT_PATH_SIZE];
    ChildResult result;
    size_t length;
    char *bytes;

    support_join(path, *state, "model.json");
    support_write_file(path, old, sizeof old - 1);
    result = support_run_in_child(save_with_size_limit, path);
    assert_int_equal(STATUS_IO, result.status);
    assert_string_equal("write error: File too large", result.message);

    bytes = support_read_file(path, &length);
    assert_string_equal(old, bytes);
    assert_int_equal(1, support_count_entries(*state));
    free(bytes);
}

/* Saves the known model to standard output, which goes to output_path. */
static Status save_to_stdout(const char *output_path, Error *error)
{
    Model model;
    Status status;

    if (freopen(output_path, "w", stdout) == NULL) {
        return STATUS_SOFTWARE;
    }
    make_known_model(&model);
    status = model_save(&model, strcmp(output_path, "/dev/full") == 0 ? "-" : NULL, error);
    model_free(&model);
    return status;
}

static void model_save_should_write_stdout(void **state)
{
    char path[SUPPORT_PATH_SIZE];
    ChildResult result;
    size_t length;
    char *bytes;

    support_join(path, *state, "stdout.json");
    result = support_run_in_child(save_to_stdout, path);
    assert_int_equal(STATUS_OK, result.status);
    bytes = support_read_file(path, &length);
    assert_string_equal(known_text, bytes);
    free(bytes);
}

static void model_save_should_report_full_stdout(void **state)
{
    ChildResult result;

    (void)state;
    result = support_run_in_child(save_to_stdout, "/dev/full");
    assert_int_equal(STATUS_IO, result.status);
    assert_string_equal("write error on standard output: No space left on device",
                        result.message);
}

static void model_save_should_refuse_model_that_cannot_load(void **state)
{
    char path[SUPPORT_PATH_SIZE];
    Model model;
    Error error;

    support_join(path, *state, "model.json");
    make_known_model(&model);
    model.bias = (double)NAN;
    assert_int_equal(STATUS_SOFTWARE, model_save(&model, path, &error));
    assert_string_equal("the model to save has a number that is not finite", error.message);

    model.bias = 0;
    model.training.mse = (double)INFINITY;
    assert_int_equal(STATUS_SOFTWARE, model_save(&model, path, &error));
    model_free(&model);

    model_init(&model);
    assert_int_equal(STATUS_SOFTWARE, model_save(&model, path, &error));
    assert_string_equal("the model to save has no column names", error.message);
    assert_int_equal(0, support_count_entries(*state));
}

/* ------------------------------------------------------------------------ */

#define SCRATCH_TEST(test) \
    cmocka_unit_test_setup_teardown(test, support_scratch_setup, support_scratch_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(model_init_should_leave_model_empty),
        cmocka_unit_test(model_set_names_should_copy_and_replace_names),
        cmocka_unit_test(model_predict_should_compute_weight_times_x_plus_bias),
        cmocka_unit_test(model_to_json_should_write_known_model_exactly),
        cmocka_unit_test(model_to_json_should_leave_out_training_when_absent),
        cmocka_unit_test(model_to_json_should_leave_out_bias_error_without_intercept),
        cmocka_unit_test(model_to_json_should_keep_tabs_in_names_escaped),
        cmocka_unit_test(model_to_json_should_give_same_bytes_for_same_model),
        SCRATCH_TEST(model_to_json_should_ignore_numeric_locale),
        SCRATCH_TEST(model_load_should_read_back_identical_bits),
        SCRATCH_TEST(model_load_should_read_back_extreme_numbers),
        SCRATCH_TEST(model_save_should_round_trip_through_file),
        SCRATCH_TEST(model_save_should_round_trip_unusual_names),
        SCRATCH_TEST(model_save_should_write_same_bytes_twice),
        SCRATCH_TEST(model_load_should_read_design_example),
        SCRATCH_TEST(model_load_should_ignore_unknown_keys),
        SCRATCH_TEST(model_load_should_ignore_bias_error_without_intercept),
        SCRATCH_TEST(model_load_should_accept_byte_order_mark_and_crlf),
        SCRATCH_TEST(model_load_should_accept_nesting_up_to_limit),
        SCRATCH_TEST(model_load_should_read_stdin_for_dash),
        SCRATCH_TEST(model_load_should_reject_bad_syntax),
        SCRATCH_TEST(model_load_should_reject_deep_nesting),
        SCRATCH_TEST(model_text_should_build_valid_model),
        SCRATCH_TEST(model_load_should_reject_bad_format_and_version),
        SCRATCH_TEST(model_load_should_reject_missing_fields),
        SCRATCH_TEST(model_load_should_reject_mistyped_fields),
        SCRATCH_TEST(model_load_should_reject_duplicate_keys),
        SCRATCH_TEST(model_load_should_reject_bad_training_fields),
        SCRATCH_TEST(model_load_should_reject_bad_standard_errors),
        SCRATCH_TEST(model_load_should_accept_standard_errors_without_intercept),
        SCRATCH_TEST(model_load_should_reject_file_over_one_mebibyte),
        SCRATCH_TEST(model_load_should_report_missing_file),
        SCRATCH_TEST(model_load_should_reject_directory),
        cmocka_unit_test(model_load_should_handle_bad_input_examples),
        SCRATCH_TEST(model_save_should_create_file_with_umask_mode),
        SCRATCH_TEST(model_save_should_replace_existing_file),
        SCRATCH_TEST(model_save_should_replace_file_behind_symbolic_link),
        SCRATCH_TEST(model_save_should_write_into_fifo_without_replacing_it),
        SCRATCH_TEST(model_save_should_reject_missing_directory),
        SCRATCH_TEST(model_save_should_reject_directory_that_is_file),
        SCRATCH_TEST(model_save_should_not_replace_directory),
        SCRATCH_TEST(model_save_should_reject_dangling_symbolic_link),
        SCRATCH_TEST(model_save_should_keep_old_file_on_write_error),
        SCRATCH_TEST(model_save_should_write_stdout),
        cmocka_unit_test(model_save_should_report_full_stdout),
        SCRATCH_TEST(model_save_should_refuse_model_that_cannot_load),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
