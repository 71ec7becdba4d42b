/* Unit tests for adam.c: the Adam and SGD update rules. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "adam.h"

static void assert_near(double actual, double expected, double relative)
{
    if (fabs(actual - expected) > relative * fabs(expected)) {
        fail_msg("expected %.17g, got %.17g", expected, actual);
    }
}

/* After one step the bias-corrected moments are g and g^2, so every
 * parameter moves by learning_rate * g / (|g| + eps): about the learning
 * rate, whatever the gradient's size. */
static void first_step_should_move_by_learning_rate(void **state)
{
    AdamState adam;
    double parameters[2] = {0.5, -0.5};
    const double gradient[2] = {-1e6, 3e-3};

    (void)state;
    adam_init(&adam, 2, 0.01, 0.9, 0.999, 1e-8);
    adam_step(&adam, parameters, gradient);

    assert_near(parameters[0], 0.5 + 0.01 * 1e6 / (1e6 + 1e-8), 1e-15);
    assert_near(parameters[1], -0.5 - 0.01 * 3e-3 / (3e-3 + 1e-8), 1e-15);
    assert_int_equal(adam.step, 1);
}

/* Gradients 2 then 1, eps 0: the first step leaves m = 0.2, v = 0.004 and
 * the parameter at -0.1; the second is computed here from the formulas. */
static void second_step_should_apply_bias_correction(void **state)
{
    AdamState adam;
    double parameter = 0.0;
    double gradient = 2.0;

    (void)state;
    adam_init(&adam, 1, 0.1, 0.9, 0.999, 0.0);
    adam_step(&adam, &parameter, &gradient);
    gradient = 1.0;
    adam_step(&adam, &parameter, &gradient);

    double m = 0.9 * 0.2 + 0.1 * 1.0;         /* 0.28 */
    double v = 0.999 * 0.004 + 0.001 * 1.0;   /* 0.004996 */
    double m_hat = m / (1.0 - 0.81);
    double v_hat = v / (1.0 - 0.998001);
    double expected = -0.1 - 0.1 * m_hat / sqrt(v_hat);
    assert_near(parameter, expected, 1e-14);
}

static void adam_should_converge_on_a_quadratic(void **state)
{
    AdamState adam;
    double parameter = 10.0;

    (void)state;
    adam_init(&adam, 1, 0.05, 0.9, 0.999, 1e-8);
    for (int step = 0; step < 5000; step++) {
        double gradient = 2.0 * (parameter - 3.0);
        adam_step(&adam, &parameter, &gradient);
    }
    assert_near(parameter, 3.0, 1e-6);
}

static void sgd_should_subtract_scaled_gradient(void **state)
{
    double parameters[2] = {1.0, 2.0};
    const double gradient[2] = {10.0, -4.0};

    (void)state;
    sgd_step(0.25, 2, parameters, gradient);
    assert_true(parameters[0] == -1.5);
    assert_true(parameters[1] == 3.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(first_step_should_move_by_learning_rate),
        cmocka_unit_test(second_step_should_apply_bias_correction),
        cmocka_unit_test(adam_should_converge_on_a_quadratic),
        cmocka_unit_test(sgd_should_subtract_scaled_gradient),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
