/* Unit tests for fit.c: the loss from moments, the exact least-squares
 * optimum in standardized training, step-by-step agreement with PyTorch in
 * raw training, the statistics, and the checks before training. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fit.h"
#include "moments.h"

/* A reference point of a training run: loss before the step, parameters
 * after it. */
typedef struct {
    long long epoch;
    double loss;
    double weight;
    double bias;
} Checkpoint;

/* Records the epochs that match the checkpoints. */
typedef struct {
    const Checkpoint *expected;
    size_t count;
    size_t next;
    Checkpoint seen[32];
} Recorder;

/* The tutorial's three rows: water = 40 * temperature - 300 exactly. */
static const double seed_x[] = {20, 25, 30};
static const double seed_y[] = {500, 700, 900};

/* NIST StRD Norris: certified b1 = 1.00211681802045, b0 = -0.262323073774029,
 * residual standard deviation 0.884796396144373, standard errors
 * 4.29796848199937E-04 (b1) and 0.232818234301152 (b0). */
static const double norris[][2] = {
    {0.2, 0.1}, {337.4, 338.8}, {118.2, 118.1}, {884.6, 888.0}, {10.1, 9.2},
    {226.5, 228.1}, {666.3, 668.5}, {996.3, 998.5}, {448.6, 449.1}, {777.0, 778.9},
    {558.2, 559.2}, {0.4, 0.3}, {0.6, 0.1}, {775.5, 778.1}, {666.9, 668.8},
    {338.0, 339.3}, {447.5, 448.9}, {11.6, 10.8}, {556.0, 557.7}, {228.1, 228.3},
    {995.8, 998.0}, {887.6, 888.8}, {120.2, 119.6}, {0.3, 0.3}, {0.3, 0.6},
    {556.8, 557.6}, {339.1, 339.3}, {887.2, 888.0}, {999.0, 998.5}, {779.0, 778.9},
    {11.1, 10.2}, {118.3, 117.6}, {229.2, 228.9}, {669.1, 668.4}, {448.9, 449.2},
    {0.5, 0.2},
};

/* PyTorch 1.13, float64, nn.Linear(1, 1) from weight 0.5 and bias -0.5 with
 * nn.MSELoss() on the tutorial's rows. */
static const Checkpoint pytorch_adam[] = {
    {0, 499348.1666666667, 0.5099999999999972, -0.49000000000007266},
    {1, 498977.3092666669, 0.5199999025022303, -0.48000009870131805},
    {2, 498606.5940154058, 0.5299996427025759, -0.4700003617083455},
    {100, 463176.23815581313, 1.503464379514032, 0.5033825023743738},
    {1000, 218376.2708588837, 9.640946019909247, 8.628275845438028},
    {10000, 2497.8939675204497, 27.908749347758558, 10.100884137706304},
    {20000, 1226.9575640601024, 31.532384779734247, -82.66683759372748},
};

static const Checkpoint pytorch_sgd[] = {
    {0, 499348.1666666667, 36.216666666666654, 0.876},
    {1, 42795.22450562948, 26.028144444444454, 0.4634146666666675},
    {2, 5638.20516581, 28.935521674074067, 0.5610806151111113},
    {100, 2322.532869802791, 28.34970715842303, -0.9879029199310249},
    {2000, 1907.0353103879133, 29.443127544262566, -29.05122519052577},
};

static Moments moments_of(const double *x, const double *y, size_t count)
{
    Moments moments;

    moments_init(&moments);
    for (size_t i = 0; i < count; i++) {
        moments_add(&moments, x[i], y[i]);
    }
    return moments;
}

static Moments norris_moments(void)
{
    Moments moments;

    moments_init(&moments);
    for (size_t i = 0; i < sizeof norris / sizeof norris[0]; i++) {
        moments_add(&moments, norris[i][0], norris[i][1]);
    }
    return moments;
}

static void assert_relative(const char *what, double actual, double expected, double relative)
{
    double allowed = relative * fabs(expected);

    if (fabs(actual - expected) > allowed) {
        fail_msg("%s: expected %.17g, got %.17g (relative difference %.3g, allowed %.3g)",
                 what, expected, actual, fabs(actual - expected) / fabs(expected), relative);
    }
}

static Status record_epoch(void *context, const FitEpoch *epoch, Error *error)
{
    Recorder *recorder = context;

    (void)error;
    if (recorder->next < recorder->count
        && recorder->expected[recorder->next].epoch == epoch->epoch) {
        recorder->seen[recorder->next++] = (Checkpoint){epoch->epoch, epoch->loss,
                                                        epoch->weight, epoch->bias};
    }
    return STATUS_OK;
}

static void assert_trajectory(Optimizer optimizer, double learning_rate, long long epochs,
                              const Checkpoint *expected, size_t count)
{
    Moments moments = moments_of(seed_x, seed_y, 3);
    Recorder recorder = {expected, count, 0, {{0}}};
    FitOptions options;
    FitResult result;
    Error error;

    fit_options_init(&options);
    options.optimizer = optimizer;
    options.learning_rate = learning_rate;
    options.max_epochs = epochs;
    options.tolerance = 0.0;
    options.raw = true;
    options.init_weight_given = true;
    options.init_bias_given = true;
    options.init_weight = 0.5;
    options.init_bias = -0.5;

    assert_int_equal(fit_run(&moments, &options, record_epoch, &recorder, &result, &error),
                     STATUS_OK);
    assert_int_equal(result.epochs, epochs);
    assert_int_equal(recorder.next, count);
    for (size_t i = 0; i < count; i++) {
        assert_relative("loss", recorder.seen[i].loss, expected[i].loss, 1e-9);
        assert_relative("weight", recorder.seen[i].weight, expected[i].weight, 1e-9);
        assert_relative("bias", recorder.seen[i].bias, expected[i].bias, 1e-9);
    }
}

static void loss_should_equal_direct_mean_squared_error(void **state)
{
    Moments moments = norris_moments();
    size_t count = sizeof norris / sizeof norris[0];
    double direct = 0.0;

    (void)state;
    for (size_t i = 0; i < count; i++) {
        double residual = 0.9 * norris[i][0] + 3.0 - norris[i][1];
        direct += residual * residual;
    }
    direct /= (double)count;

    assert_relative("loss", fit_loss(&moments, 0.9, 3.0), direct, 1e-12);
}

static void default_fit_should_reach_exact_line(void **state)
{
    Moments moments = moments_of(seed_x, seed_y, 3);
    FitOptions options;
    FitResult result;
    Error error;

    (void)state;
    fit_options_init(&options);
    assert_int_equal(fit_run(&moments, &options, NULL, NULL, &result, &error), STATUS_OK);

    assert_true(result.converged);
    assert_true(result.epochs < 5000);
    assert_relative("weight", result.weight, 40.0, 1e-12);
    assert_relative("bias", result.bias, -300.0, 1e-12);
    assert_true(result.mse < 1e-20);
    assert_relative("r2", result.r2, 1.0, 1e-15);
}

static void norris_fit_should_match_certified_values(void **state)
{
    Moments moments = norris_moments();
    FitOptions options;
    FitResult result;
    Error error;

    (void)state;
    fit_options_init(&options);
    assert_int_equal(fit_run(&moments, &options, NULL, NULL, &result, &error), STATUS_OK);

    assert_relative("weight", result.weight, 1.00211681802045, 1e-10);
    assert_relative("bias", result.bias, -0.262323073774029, 1e-9);
    assert_relative("residual standard deviation", result.residual_standard_deviation,
                    0.884796396144373, 1e-9);
    assert_relative("weight standard error", result.weight_standard_error,
                    4.29796848199937e-04, 1e-9);
    assert_relative("bias standard error", result.bias_standard_error, 0.232818234301152,
                    1e-9);
}

/* x near 1.7e9 with a spread of 7: mapping back from standardized units
 * must not lose the slope. */
static void large_offset_fit_should_keep_slope(void **state)
{
    const double x[] = {1700000000, 1700000001, 1700000002, 1700000003,
                        1700000004, 1700000005, 1700000006, 1700000007};
    const double y[] = {580, 655, 700, 778, 815, 905, 930, 1010};
    Moments moments = moments_of(x, y, 8);
    FitOptions options;
    FitResult result;
    Error error;

    (void)state;
    fit_options_init(&options);
    assert_int_equal(fit_run(&moments, &options, NULL, NULL, &result, &error), STATUS_OK);

    /* Exact: weight = 1679 / 28, prediction at 1700000000 = 586.75. */
    assert_relative("weight", result.weight, 1679.0 / 28.0, 1e-11);
    assert_relative("prediction", result.weight * 1700000000.0 + result.bias, 586.75, 1e-7);
}

static void no_intercept_fit_should_keep_bias_zero(void **state)
{
    const double x[] = {4, 5, 6};
    const double y[] = {3, 4, 4};
    Moments moments = moments_of(x, y, 3);
    FitOptions options;
    FitResult result;
    Error error;

    (void)state;
    fit_options_init(&options);
    options.intercept = false;
    assert_int_equal(fit_run(&moments, &options, NULL, NULL, &result, &error), STATUS_OK);

    /* NIST NoInt2: certified b1 = 0.727272727272727 = 8 / 11. */
    assert_relative("weight", result.weight, 8.0 / 11.0, 1e-12);
    assert_true(result.bias == 0.0);
    assert_relative("r2", result.r2, 0.9933481152993349, 1e-12);
}

static void raw_adam_should_follow_pytorch(void **state)
{
    (void)state;
    assert_trajectory(OPTIMIZER_ADAM, 0.01, 20001, pytorch_adam,
                      sizeof pytorch_adam / sizeof pytorch_adam[0]);
}

static void raw_sgd_should_follow_pytorch(void **state)
{
    (void)state;
    assert_trajectory(OPTIMIZER_SGD, 0.001, 2001, pytorch_sgd,
                      sizeof pytorch_sgd / sizeof pytorch_sgd[0]);
}

static void large_sgd_step_should_report_divergence(void **state)
{
    Moments moments = moments_of(seed_x, seed_y, 3);
    FitOptions options;
    FitResult result;
    Error error;

    (void)state;
    fit_options_init(&options);
    options.optimizer = OPTIMIZER_SGD;
    options.raw = true;
    options.tolerance = 0.0;

    assert_int_equal(fit_run(&moments, &options, NULL, NULL, &result, &error), STATUS_DATA);
    assert_non_null(strstr(error.message, "diverged"));
    assert_non_null(strstr(error.message, "--learning-rate"));
}

static void zero_tolerance_should_run_every_epoch(void **state)
{
    Moments moments = moments_of(seed_x, seed_y, 3);
    FitOptions options;
    FitResult result;
    Error error;

    (void)state;
    fit_options_init(&options);
    options.tolerance = 0.0;
    options.max_epochs = 12345;
    assert_int_equal(fit_run(&moments, &options, NULL, NULL, &result, &error), STATUS_OK);
    assert_int_equal(result.epochs, 12345);
    assert_false(result.converged);
}

static void check_should_reject_unfittable_data(void **state)
{
    const double constant_x[] = {25, 25, 25};
    const double huge_x[] = {1e200, 2e200, 3e200};
    Moments moments;
    FitOptions options;
    Error error;

    (void)state;
    fit_options_init(&options);

    moments = moments_of(constant_x, seed_y, 3);
    assert_int_equal(fit_check(&moments, &options, "c.csv", "temperature", &error), STATUS_DATA);
    assert_non_null(strstr(error.message, "no spread"));
    assert_non_null(strstr(error.message, "temperature"));

    moments = moments_of(seed_x, seed_y, 1);
    assert_int_equal(fit_check(&moments, &options, "c.csv", "x", &error), STATUS_DATA);
    assert_non_null(strstr(error.message, "at least 2"));

    moments = moments_of(huge_x, seed_y, 3);
    assert_int_equal(fit_check(&moments, &options, "c.csv", "x", &error), STATUS_DATA);
    assert_non_null(strstr(error.message, "too large"));

    moments = moments_of(seed_x, seed_y, 3);
    assert_int_equal(fit_check(&moments, &options, "c.csv", "x", &error), STATUS_OK);
}

/* A column name comes from the file, so a Big5 or control byte in it must
 * be escaped, never written to the terminal as it is. */
static void check_should_quote_column_name(void **state)
{
    const double constant_x[] = {25, 25, 25};
    Moments moments = moments_of(constant_x, seed_y, 3);
    FitOptions options;
    Error error;

    (void)state;
    fit_options_init(&options);
    assert_int_equal(fit_check(&moments, &options, "c.csv", "\xB7\xC5\x1B[31m", &error),
                     STATUS_DATA);
    assert_string_equal(error.message, "column '\\xB7\\xC5\\x1B[31m' has no spread (every "
                                       "value is 25), so no slope can be fitted");
}

static void check_should_count_one_row_in_singular(void **state)
{
    Moments moments = moments_of(seed_x, seed_y, 1);
    FitOptions options;
    Error error;

    (void)state;
    fit_options_init(&options);
    assert_int_equal(fit_check(&moments, &options, "c.csv", "x", &error), STATUS_DATA);
    assert_string_equal(error.message, "found 1 data row, but fitting a line needs at least 2");
    assert_string_equal(error.file, "c.csv");
}

/* Before the first step only the starting point can make the loss
 * infinite, so the learning rate is not what to change. */
static void infinite_start_should_not_blame_learning_rate(void **state)
{
    Moments moments = moments_of(seed_x, seed_y, 3);
    FitOptions options;
    FitResult result;
    Error error;

    (void)state;
    fit_options_init(&options);
    options.init_weight_given = true;
    options.init_bias_given = true;
    options.init_weight = 1e300;
    options.init_bias = -1e300;
    assert_int_equal(fit_run(&moments, &options, NULL, NULL, &result, &error), STATUS_DATA);
    assert_string_equal(error.message, "the loss at the starting point is too large for a "
                                       "double; start closer to the data (--init-weight, "
                                       "--init-bias) or rescale the columns");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(loss_should_equal_direct_mean_squared_error),
        cmocka_unit_test(default_fit_should_reach_exact_line),
        cmocka_unit_test(norris_fit_should_match_certified_values),
        cmocka_unit_test(large_offset_fit_should_keep_slope),
        cmocka_unit_test(no_intercept_fit_should_keep_bias_zero),
        cmocka_unit_test(raw_adam_should_follow_pytorch),
        cmocka_unit_test(raw_sgd_should_follow_pytorch),
        cmocka_unit_test(large_sgd_step_should_report_divergence),
        cmocka_unit_test(zero_tolerance_should_run_every_epoch),
        cmocka_unit_test(check_should_reject_unfittable_data),
        cmocka_unit_test(check_should_quote_column_name),
        cmocka_unit_test(check_should_count_one_row_in_singular),
        cmocka_unit_test(infinite_start_should_not_blame_learning_rate),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
