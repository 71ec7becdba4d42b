/* fit.h: the training loop. The mean squared error of y = w x + b and its
 * exact full-batch gradient are computed from the data's moments, so each
 * epoch costs the same whatever the number of rows. */
#ifndef WATERFIT_FIT_H
#define WATERFIT_FIT_H

#include <stdbool.h>

#include "error.h"
#include "moments.h"

typedef enum { OPTIMIZER_ADAM, OPTIMIZER_SGD } Optimizer;

/* Defaults: the tutorial's optimizer and epoch count (Adam with learning
 * rate 0.01 and PyTorch's betas and eps, 50 001 epochs), in standardized
 * coordinates, stopping once the gradient is within a few dozen rounding
 * errors of zero. */
#define FIT_DEFAULT_LEARNING_RATE 0.01
#define FIT_DEFAULT_EPOCHS 50001LL
#define FIT_DEFAULT_TOLERANCE 1e-14
#define FIT_DEFAULT_BETA1 0.9
#define FIT_DEFAULT_BETA2 0.999
#define FIT_DEFAULT_EPS 1e-8

/* How to train. */
typedef struct {
    Optimizer optimizer;
    double learning_rate;
    double beta1;
    double beta2;
    double eps;
    long long max_epochs;
    double tolerance;   /* stop once the gradient in standardized units is at most
                           this (largest component); 0 runs exactly max_epochs */
    bool init_weight_given;
    double init_weight;   /* starting weight when given, in the data's units; else 0 */
    bool init_bias_given;
    double init_bias;     /* starting bias when given; else 0 with raw, otherwise the
                             bias that puts the line through the means */
    bool raw;           /* train on raw x and y instead of standardized ones */
    bool intercept;     /* false fits y = w x: the bias stays 0 */
} FitOptions;

/* One epoch, in the data's units: the loss before the step, the parameters
 * after it. */
typedef struct {
    long long epoch; /* counted from 0 */
    double loss;
    double weight;
    double bias;
} FitEpoch;

/* Called after every epoch; a status other than STATUS_OK stops training. */
typedef Status (*FitEpochHandler)(void *context, const FitEpoch *epoch, Error *error);

/* Outcome of training and how well the line fits, in the data's units. */
typedef struct {
    double weight;
    double bias;
    long long epochs;     /* optimizer steps taken */
    bool converged;       /* stopped by the tolerance */
    double gradient_norm; /* at the end, in standardized units */
    double mse;
    double r2;            /* 1 - SSE/SST; SST about the mean, or about 0 without intercept */
    bool has_standard_errors; /* rows > parameters */
    double residual_standard_deviation;
    double weight_standard_error;
    double bias_standard_error; /* 0 without intercept */
} FitResult;

/* Sets the defaults above, with no starting point given. */
void fit_options_init(FitOptions *options);

/* Checks that the data can be fitted: enough rows (2 with an intercept, 1
 * without), finite moments, and x with spread (with an intercept) or not
 * all zero (without). Returns STATUS_DATA with a message otherwise; file
 * and x_name (the input column) are named in it. */
Status fit_check(const Moments *moments, const FitOptions *options, const char *file,
                 const char *x_name, Error *error);

/* Trains from options' starting point and fills *result. on_epoch, when not
 * NULL, sees every epoch. A loss or parameter that stops being finite ends
 * training with STATUS_DATA ("diverged"). The moments must pass fit_check. */
Status fit_run(const Moments *moments, const FitOptions *options, FitEpochHandler on_epoch,
               void *context, FitResult *result, Error *error);

/* Returns the mean squared error of y = weight x + bias over the data. */
double fit_loss(const Moments *moments, double weight, double bias);

#endif
