/* fit.c: loss and gradient from moments, standardized coordinates, the
 * epoch loop with its stopping rule and divergence check, and the fit
 * statistics. The gradient derivation is written once, here. */
#include "fit.h"

#include <math.h>
#include <string.h>

#include "adam.h"
#include "i18n.h"
#include "number.h"

/* Room for a column name quoted into a message, cut with "..." past it. */
#define FIT_NAME_SIZE 64

/* An affine change of units: x' = (x - shift_x) / scale_x, and likewise y.
 * A line y' = w' x' + b' in the new units is y = w x + b with
 * w = w' scale_y / scale_x and b = shift_y + b' scale_y - w shift_x. */
typedef struct {
    double shift_x;
    double scale_x;
    double shift_y;
    double scale_y;
} Coordinates;

/* Standardized coordinates make both parameters equally easy to learn: with
 * an intercept, x and y get mean 0 and variance 1, so the loss is
 * (w' - r)^2 + b'^2 + 1 - r^2 with r the correlation. Without an
 * intercept the origin must stay put, so x and y are only scaled, to a
 * mean square of 1. A constant y keeps scale 1. */
static Coordinates coordinates_standardized(const Moments *moments, bool intercept)
{
    double n = (double)moments->count;
    Coordinates coordinates = {0.0, 1.0, 0.0, 1.0};

    if (intercept) {
        coordinates.shift_x = moments->mean_x;
        coordinates.shift_y = moments->mean_y;
        coordinates.scale_x = sqrt(moments->sxx / n);
        coordinates.scale_y = sqrt(moments->syy / n);
    } else {
        coordinates.scale_x = hypot(sqrt(moments->sxx / n), moments->mean_x);
        coordinates.scale_y = hypot(sqrt(moments->syy / n), moments->mean_y);
    }

    if (coordinates.scale_y == 0.0) {
        coordinates.scale_y = 1.0;
    }
    return coordinates;
}

/* The moments of the same data in other coordinates. */
static Moments moments_transform(const Moments *moments, const Coordinates *to)
{
    Moments result = *moments;

    result.mean_x = (moments->mean_x - to->shift_x) / to->scale_x;
    result.mean_y = (moments->mean_y - to->shift_y) / to->scale_y;
    result.sxx = moments->sxx / to->scale_x / to->scale_x;
    result.sxy = moments->sxy / to->scale_x / to->scale_y;
    result.syy = moments->syy / to->scale_y / to->scale_y;
    return result;
}

static void to_data_units(const Coordinates *from, double w, double b, double *weight,
                          double *bias)
{
    *weight = w * from->scale_y / from->scale_x;
    *bias = from->shift_y + b * from->scale_y - *weight * from->shift_x;
}

static void from_data_units(const Coordinates *to, double weight, double bias, double *w,
                            double *b)
{
    *w = weight * to->scale_x / to->scale_y;
    *b = (bias - to->shift_y + weight * to->shift_x) / to->scale_y;
}

/* The residual of the line at the means: w mean_x + b - mean_y. */
static double mean_residual(const Moments *moments, double w, double b)
{
    return w * moments->mean_x + b - moments->mean_y;
}

/* MSE = (1/n) sum (w x + b - y)^2
 *     = (w^2 Sxx - 2 w Sxy + Syy) / n + (w mean_x + b - mean_y)^2
 *     = [Sxx (w - w*)^2 + (Syy - Sxy w*)] / n + (w mean_x + b - mean_y)^2
 * with w* = Sxy / Sxx. The last form is a sum of non-negative terms, so it
 * does not cancel catastrophically near the optimum. The part in round
 * brackets, the smallest SSE of any line, does not depend on w and b and is
 * returned in *unexplained; the return value is the rest of the MSE. */
static double loss_excess(const Moments *moments, double w, double b, double *unexplained)
{
    double n = (double)moments->count;
    double residual = mean_residual(moments, w, b);

    if (moments->sxx == 0.0) {
        *unexplained = moments->syy;
        return residual * residual;
    }

    double best_weight = moments->sxy / moments->sxx;
    double distance = w - best_weight;

    *unexplained = fmax(moments->syy - moments->sxy * best_weight, 0.0);
    return moments->sxx * distance * distance / n + residual * residual;
}

double fit_loss(const Moments *moments, double weight, double bias)
{
    double unexplained;
    double excess = loss_excess(moments, weight, bias, &unexplained);

    return excess + unexplained / (double)moments->count;
}

/* Derivatives of the MSE above:
 *   dL/dw = 2 (w Sxx - Sxy) / n + 2 (w mean_x + b - mean_y) mean_x
 *   dL/db = 2 (w mean_x + b - mean_y)
 * the same full-batch gradient as (2/n) sum r_i x_i and (2/n) sum r_i. */
static void loss_gradient(const Moments *moments, const double *parameters, size_t count,
                          double *gradient)
{
    double n = (double)moments->count;
    double w = parameters[0];
    double b = count > 1 ? parameters[1] : 0.0;
    double residual = mean_residual(moments, w, b);

    gradient[0] = 2.0 * (w * moments->sxx - moments->sxy) / n
                + 2.0 * residual * moments->mean_x;
    if (count > 1) {
        gradient[1] = 2.0 * residual;
    }
}

static double largest_magnitude(const double *values, size_t count)
{
    double largest = 0.0;

    for (size_t i = 0; i < count; i++) {
        largest = fmax(largest, fabs(values[i]));
    }
    return largest;
}

/* The state of one training run. Parameters live in the training
 * coordinates: the standardized ones, or the data's own with --raw. */
typedef struct {
    const FitOptions *options;
    Moments data;
    Coordinates standard;
    Moments standardized;
    Coordinates training;
    Moments trained;
    size_t count;          /* parameters optimized: weight, and bias with an intercept */
    double loss_scale;     /* training-unit loss to data units: scale_y^2 */
    double unexplained;    /* smallest MSE of any line, from the data's moments */
    double parameters[ADAM_MAX_PARAMETERS];
    AdamState adam;
} Trainer;

static void trainer_init(Trainer *trainer, const Moments *moments, const FitOptions *options)
{
    static const Coordinates identity = {0.0, 1.0, 0.0, 1.0};

    trainer->options = options;
    trainer->data = *moments;
    trainer->standard = coordinates_standardized(moments, options->intercept);
    trainer->standardized = moments_transform(moments, &trainer->standard);
    trainer->training = options->raw ? identity : trainer->standard;
    trainer->trained = options->raw ? *moments : trainer->standardized;
    trainer->count = options->intercept ? 2 : 1;

    /* A weight that is not given starts at 0. A bias that is not given
     * starts at 0 with raw. In standardized training it starts at 0 in
     * standardized units, which puts the line through the means, because
     * in data units a bias of 0 could lie millions of standard deviations
     * away. */
    double weight = options->init_weight_given ? options->init_weight : 0.0;
    double bias = options->init_bias_given && options->intercept ? options->init_bias : 0.0;

    from_data_units(&trainer->training, weight, bias, &trainer->parameters[0],
                    &trainer->parameters[1]);
    if (!options->intercept || (!options->raw && !options->init_bias_given)) {
        trainer->parameters[1] = 0.0;
    }

    adam_init(&trainer->adam, trainer->count, options->learning_rate, options->beta1,
              options->beta2, options->eps);

    /* The smallest SSE comes from the data's own moments: in standardized
     * units its rounding noise, scaled back, would hide every loss below
     * about 1e-16 Syy, and an exact fit would not report 0. With raw the two
     * are the same. */
    trainer->loss_scale = trainer->training.scale_y * trainer->training.scale_y;
    loss_excess(moments, 0.0, 0.0, &trainer->unexplained);
    trainer->unexplained /= (double)moments->count;
}

/* The loss of the current parameters, in the data's units. */
static double trainer_loss(const Trainer *trainer)
{
    double unused;
    double excess = loss_excess(&trainer->trained, trainer->parameters[0],
                                trainer->parameters[1], &unused);

    return excess * trainer->loss_scale + trainer->unexplained;
}

/* The line in the data's units. */
static void trainer_line(const Trainer *trainer, double *weight, double *bias)
{
    to_data_units(&trainer->training, trainer->parameters[0], trainer->parameters[1],
                  weight, bias);
}

/* The parameters in standardized units, where the stopping rule and the
 * statistics are computed. */
static void trainer_standardized_line(const Trainer *trainer, double *w, double *b)
{
    double weight;
    double bias;

    if (!trainer->options->raw) {
        *w = trainer->parameters[0];
        *b = trainer->parameters[1];
        return;
    }
    trainer_line(trainer, &weight, &bias);
    from_data_units(&trainer->standard, weight, bias, w, b);
    if (!trainer->options->intercept) {
        *b = 0.0;
    }
}

/* The stopping rule is scale-free: the gradient of the loss in
 * standardized units, whatever coordinates the optimizer works in. */
static double trainer_gradient_norm(const Trainer *trainer)
{
    double parameters[ADAM_MAX_PARAMETERS];
    double gradient[ADAM_MAX_PARAMETERS];

    trainer_standardized_line(trainer, &parameters[0], &parameters[1]);
    loss_gradient(&trainer->standardized, parameters, trainer->count, gradient);
    return largest_magnitude(gradient, trainer->count);
}

static void trainer_step(Trainer *trainer, const double *gradient)
{
    if (trainer->options->optimizer == OPTIMIZER_ADAM) {
        adam_step(&trainer->adam, trainer->parameters, gradient);
    } else {
        sgd_step(trainer->options->learning_rate, trainer->count, trainer->parameters,
                 gradient);
    }
}

/* value is the loss that stopped being finite; a weight or bias that
 * became infinite counts as an infinite loss. At epoch 0 no step has been
 * taken yet, so the learning rate cannot be the cause. */
static Status diverged(Error *error, long long epoch, double value, double learning_rate)
{
    char rate[NUMBER_TEXT_SIZE];

    if (epoch == 0 && isinf(value)) {
        return error_set(error, STATUS_DATA, NULL, 0,
                         _("the loss at the starting point is too large for a double; "
                           "start closer to the data (--init-weight, --init-bias) or "
                           "rescale the columns"));
    }
    number_format(learning_rate, 6, rate);
    return error_set(error, STATUS_DATA, NULL, 0,
                     _("training diverged at epoch %lld: the loss became %s; "
                       "try a smaller --learning-rate (it was %s)"),
                     epoch, isnan(value) ? "NaN" : _("infinite"), rate);
}

/* Standard errors of ordinary least squares: s^2 = SSE / (n - p),
 * se(w) = s / sqrt(Sxx), se(b) = s sqrt(1/n + mean_x^2 / Sxx), where Sxx is
 * the sum of x^2 without an intercept. In standardized coordinates
 * sqrt(Sxx) = sqrt(n) scale_x in both cases. */
static void trainer_standard_errors(const Trainer *trainer, FitResult *result)
{
    double n = (double)trainer->data.count;
    double parameters = (double)trainer->count;

    result->has_standard_errors = n > parameters;
    result->residual_standard_deviation = 0.0;
    result->weight_standard_error = 0.0;
    result->bias_standard_error = 0.0;
    if (!result->has_standard_errors) {
        return;
    }

    double s = sqrt(n * result->mse / (n - parameters));
    double root_sxx = sqrt(n) * trainer->standard.scale_x;

    result->residual_standard_deviation = s;
    result->weight_standard_error = s / root_sxx;
    if (trainer->options->intercept) {
        double mean_x = trainer->data.mean_x / trainer->standard.scale_x;
        result->bias_standard_error = s / sqrt(n) * hypot(1.0, mean_x);
    }
}

static void trainer_result(const Trainer *trainer, FitResult *result)
{
    const Moments *data = &trainer->data;
    double n = (double)data->count;
    double scale_y = trainer->standard.scale_y;
    double unused;
    double w;
    double b;

    trainer_line(trainer, &result->weight, &result->bias);
    trainer_standardized_line(trainer, &w, &b);
    result->gradient_norm = trainer_gradient_norm(trainer);

    /* The distance from the optimum is measured in standardized units,
     * where the mapped-back bias cannot cancel. */
    double excess = loss_excess(&trainer->standardized, w, b, &unused) * scale_y * scale_y;
    result->mse = excess + trainer->unexplained;

    /* R^2 = 1 - SSE / SST, with SST about the mean, or about 0 without an
     * intercept; a constant y that the line reproduces exactly has R^2 = 1. */
    double total = data->syy;
    if (!trainer->options->intercept) {
        total += n * data->mean_y * data->mean_y;
    }
    result->r2 = total > 0.0 ? 1.0 - n * result->mse / total : (result->mse == 0.0 ? 1.0 : 0.0);

    trainer_standard_errors(trainer, result);
}

Status fit_run(const Moments *moments, const FitOptions *options, FitEpochHandler on_epoch,
               void *context, FitResult *result, Error *error)
{
    Trainer trainer;
    long long epoch;

    trainer_init(&trainer, moments, options);
    result->converged = false;

    for (epoch = 0; epoch < options->max_epochs; epoch++) {
        double gradient[ADAM_MAX_PARAMETERS];
        FitEpoch row = {epoch, 0.0, 0.0, 0.0};

        /* The loss before the step, as the tutorial's loop prints it. */
        row.loss = trainer_loss(&trainer);
        if (!isfinite(row.loss)) {
            return diverged(error, epoch, row.loss, options->learning_rate);
        }

        if (options->tolerance > 0.0 && trainer_gradient_norm(&trainer) <= options->tolerance) {
            result->converged = true;
            break;
        }

        loss_gradient(&trainer.trained, trainer.parameters, trainer.count, gradient);
        trainer_step(&trainer, gradient);

        trainer_line(&trainer, &row.weight, &row.bias);
        if (!isfinite(row.weight) || !isfinite(row.bias)) {
            return diverged(error, epoch, HUGE_VAL, options->learning_rate);
        }
        if (on_epoch != NULL) {
            Status status = on_epoch(context, &row, error);
            if (status != STATUS_OK) {
                return status;
            }
        }
    }

    result->epochs = epoch;
    trainer_result(&trainer, result);
    return STATUS_OK;
}

void fit_options_init(FitOptions *options)
{
    *options = (FitOptions){
        .optimizer = OPTIMIZER_ADAM,
        .learning_rate = FIT_DEFAULT_LEARNING_RATE,
        .beta1 = FIT_DEFAULT_BETA1,
        .beta2 = FIT_DEFAULT_BETA2,
        .eps = FIT_DEFAULT_EPS,
        .max_epochs = FIT_DEFAULT_EPOCHS,
        .tolerance = FIT_DEFAULT_TOLERANCE,
        .init_weight_given = false,
        .init_bias_given = false,
        .init_weight = 0.0,
        .init_bias = 0.0,
        .raw = false,
        .intercept = true,
    };
}

Status fit_check(const Moments *moments, const FitOptions *options, const char *file,
                 const char *x_name, Error *error)
{
    long long needed = options->intercept ? 2 : 1;
    char value[NUMBER_TEXT_SIZE];
    char name[FIT_NAME_SIZE];

    if (moments->count < needed) {
        return error_set(error, STATUS_DATA, file, 0,
                         ngettext("found %lld data row, but fitting a line needs at least %lld",
                                  "found %lld data rows, but fitting a line needs at least %lld",
                                  (unsigned long)moments->count),
                         moments->count, needed);
    }
    if (!moments_are_finite(moments)) {
        return error_set(error, STATUS_DATA, file, 0,
                         _("the values are too large: their squares exceed the range of a "
                           "double (about 1e308); rescale the columns"));
    }

    /* The name comes from the file and may hold any bytes. */
    x_name = x_name != NULL ? x_name : "x";
    error_quote(x_name, strlen(x_name), name, sizeof name);
    if (options->intercept && moments->sxx == 0.0) {
        number_format(moments->mean_x, 17, value);
        return error_set(error, STATUS_DATA, file, 0,
                         _("column '%s' has no spread (every value is %s), so no slope can "
                           "be fitted"), name, value);
    }
    if (!options->intercept && moments->sxx == 0.0 && moments->mean_x == 0.0) {
        return error_set(error, STATUS_DATA, file, 0,
                         _("column '%s' is all zero, so no slope through the origin can be "
                           "fitted"), name);
    }
    return STATUS_OK;
}
