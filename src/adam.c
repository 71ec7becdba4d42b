/* adam.c: Adam and SGD steps, written to match PyTorch 1.13's
 * single-tensor implementation operation by operation, so that a float64
 * run agrees with torch.optim step for step. */
#include "adam.h"

#include <assert.h>
#include <math.h>

void adam_init(AdamState *adam, size_t count, double learning_rate, double beta1,
               double beta2, double eps)
{
    assert(count <= ADAM_MAX_PARAMETERS);

    *adam = (AdamState){0};
    adam->learning_rate = learning_rate;
    adam->beta1 = beta1;
    adam->beta2 = beta2;
    adam->eps = eps;
    adam->count = count;
}

/* Kingma and Ba (2015), Algorithm 1, with eps added after the square root
 * of the bias-corrected second moment, as PyTorch does. */
void adam_step(AdamState *adam, double *parameters, const double *gradient)
{
    adam->step++;

    /* Bias corrections undo the moments' start at zero. */
    double correction1 = 1.0 - pow(adam->beta1, (double)adam->step);
    double correction2 = 1.0 - pow(adam->beta2, (double)adam->step);
    double step_size = adam->learning_rate / correction1;
    double correction2_root = sqrt(correction2);

    for (size_t i = 0; i < adam->count; i++) {
        double g = gradient[i];

        /* m = beta1 m + (1 - beta1) g;  v = beta2 v + (1 - beta2) g^2 */
        adam->m[i] = adam->m[i] * adam->beta1 + g * (1.0 - adam->beta1);
        adam->v[i] = adam->v[i] * adam->beta2 + (1.0 - adam->beta2) * g * g;

        /* p -= lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps) */
        double denominator = sqrt(adam->v[i]) / correction2_root + adam->eps;
        parameters[i] += -step_size * (adam->m[i] / denominator);
    }
}

void sgd_step(double learning_rate, size_t count, double *parameters, const double *gradient)
{
    for (size_t i = 0; i < count; i++) {
        parameters[i] += -learning_rate * gradient[i];
    }
}
