/* fuzz_model_load.c: libFuzzer harness for model_load on arbitrary bytes.
 * A rejected file must fill its error record. An accepted one must hold
 * finite numbers and names, and must survive a round trip: its JSON text,
 * written and loaded again, gives the identical model. */
#include "model.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static char input_path[FUZZ_PATH_SIZE];
static char round_trip_path[FUZZ_PATH_SIZE];

static bool same_double(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

static bool is_finite_model(const Model *model)
{
    const TrainingReport *report = &model->training;

    return model->feature != NULL && model->target != NULL && isfinite(model->weight)
        && isfinite(model->bias) && isfinite(report->learning_rate) && isfinite(report->mse)
        && isfinite(report->r2) && isfinite(report->residual_standard_deviation)
        && isfinite(report->weight_standard_error) && isfinite(report->bias_standard_error);
}

/* NOTE: model_load keeps training.residual_standard_deviation from a file
 * without training.standard_errors, but model_to_json writes it only with
 * them, so it is compared only where both are written. */
static bool same_report(const TrainingReport *a, const TrainingReport *b)
{
    bool same_errors = a->has_standard_errors == b->has_standard_errors
        && (!a->has_standard_errors
            || (same_double(a->residual_standard_deviation, b->residual_standard_deviation)
                && same_double(a->weight_standard_error, b->weight_standard_error)
                && same_double(a->bias_standard_error, b->bias_standard_error)));

    return a->rows == b->rows && strcmp(a->optimizer, b->optimizer) == 0
        && same_double(a->learning_rate, b->learning_rate) && a->epochs == b->epochs
        && a->converged == b->converged && a->standardized == b->standardized
        && a->intercept == b->intercept && same_double(a->mse, b->mse)
        && same_double(a->r2, b->r2) && same_errors;
}

static bool same_model(const Model *a, const Model *b)
{
    return strcmp(a->feature, b->feature) == 0 && strcmp(a->target, b->target) == 0
        && same_double(a->weight, b->weight) && same_double(a->bias, b->bias)
        && a->has_training == b->has_training
        && (!a->has_training || same_report(&a->training, &b->training));
}

/* Writes the loaded model as JSON, loads that, and aborts unless the
 * result is the same model. */
static void check_round_trip(const Model *model)
{
    char *text = model_to_json(model);
    Model again;
    Error error;

    if (text == NULL) {
        abort();
    }
    fuzz_write_file(round_trip_path, (const uint8_t *)text, strlen(text));
    model_init(&again);
    if (model_load(&again, round_trip_path, &error) != STATUS_OK || !same_model(model, &again)) {
        abort();
    }
    model_free(&again);
    free(text);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_temporary_file(input_path, "fuzz_model_load");
    fuzz_temporary_file(round_trip_path, "fuzz_model_load");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Model model;
    Error error;
    Status status;

    fuzz_write_file(input_path, data, size);
    model_init(&model);
    status = model_load(&model, input_path, &error);

    if (status != STATUS_OK) {
        fuzz_check_error(status, &error, fuzz_count_lines(data, size) + 1);
        return 0;
    }
    if (!is_finite_model(&model)) {
        abort();
    }
    check_round_trip(&model);
    model_free(&model);
    return 0;
}
