/* adam.h: one optimizer step over a small parameter vector, with the
 * semantics of PyTorch's torch.optim.Adam and torch.optim.SGD (no weight
 * decay, no momentum for SGD, no AMSGrad). */
#ifndef WATERFIT_ADAM_H
#define WATERFIT_ADAM_H

#include <stddef.h>

/* The line has two parameters: weight and bias. */
#define ADAM_MAX_PARAMETERS 2

/* Adam's constants and running state for count parameters. */
typedef struct {
    double learning_rate;
    double beta1;   /* decay of the first moment (mean of gradients) */
    double beta2;   /* decay of the second moment (mean of squared gradients) */
    double eps;     /* added to the root of the second moment, against division by zero */
    long long step; /* steps taken so far; bias correction uses step + 1 */
    size_t count;
    double m[ADAM_MAX_PARAMETERS]; /* first moment estimate */
    double v[ADAM_MAX_PARAMETERS]; /* second moment estimate */
} AdamState;

/* Starts Adam with zero moments for count (<= ADAM_MAX_PARAMETERS)
 * parameters. */
void adam_init(AdamState *adam, size_t count, double learning_rate, double beta1,
               double beta2, double eps);

/* Moves parameters one Adam step against gradient (both count long). */
void adam_step(AdamState *adam, double *parameters, const double *gradient);

/* Moves parameters one plain gradient-descent step: p -= learning_rate * g. */
void sgd_step(double learning_rate, size_t count, double *parameters, const double *gradient);

#endif
