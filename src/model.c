/* model.c: the model struct, its version-1 JSON text (built with cJSON) and
 * model_save, which writes that text to stdout or through atomic_file.c.
 * Loading is in model_load.c. */
#include "model.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "atomic_file.h"
#include "i18n.h"
#include "number.h"

/* ------------------------------------------------------------------------ */
/* Lifecycle and prediction */

void model_init(Model *model)
{
    static const Model empty = { 0 };

    *model = empty;
}

void model_free(Model *model)
{
    free(model->feature);
    free(model->target);
    model_init(model);
}

Status model_set_names(Model *model, const char *feature, const char *target,
                       Error *error)
{
    char *feature_copy = strdup(feature);
    char *target_copy = strdup(target);

    if (feature_copy == NULL || target_copy == NULL) {
        free(feature_copy);
        free(target_copy);
        return error_set(error, STATUS_OS, NULL, 0, _("out of memory"));
    }

    free(model->feature);
    free(model->target);
    model->feature = feature_copy;
    model->target = target_copy;
    return STATUS_OK;
}

double model_predict(const Model *model, double x)
{
    return model->weight * x + model->bias;
}

/* ------------------------------------------------------------------------ */
/* Building the JSON text */

/* Adds value under key as text that reads back to the identical double,
 * which cJSON's own number printer does not guarantee. */
static bool json_add_number(cJSON *object, const char *key, double value)
{
    char text[NUMBER_TEXT_SIZE];

    number_format_exact(value, text);
    return cJSON_AddRawToObject(object, key, text) != NULL;
}

/* Adds a count exactly. %lld has no locale-dependent grouping. */
static bool json_add_count(cJSON *object, const char *key, long long value)
{
    char text[32];

    snprintf(text, sizeof text, "%lld", value);
    return cJSON_AddRawToObject(object, key, text) != NULL;
}

/* Adds key: [value]. A one-entry array leaves room for more features. */
static bool json_add_number_array(cJSON *object, const char *key, double value)
{
    char text[NUMBER_TEXT_SIZE];
    cJSON *array = cJSON_AddArrayToObject(object, key);
    cJSON *item;

    if (array == NULL) {
        return false;
    }
    number_format_exact(value, text);
    item = cJSON_CreateRaw(text);
    return item != NULL && cJSON_AddItemToArray(array, item);
}

static bool json_add_string_array(cJSON *object, const char *key, const char *value)
{
    cJSON *array = cJSON_AddArrayToObject(object, key);
    cJSON *item;

    if (array == NULL) {
        return false;
    }
    item = cJSON_CreateString(value);
    return item != NULL && cJSON_AddItemToArray(array, item);
}

static bool json_add_standard_errors(cJSON *training, const TrainingReport *report)
{
    cJSON *errors;

    if (!json_add_number(training, "residual_standard_deviation",
                         report->residual_standard_deviation)) {
        return false;
    }

    errors = cJSON_AddObjectToObject(training, "standard_errors");
    if (errors == NULL
        || !json_add_number_array(errors, "weights", report->weight_standard_error)) {
        return false;
    }

    /* Without an intercept there is no bias, so it has no standard error. */
    if (report->intercept) {
        return json_add_number(errors, "bias", report->bias_standard_error);
    }
    return true;
}

static bool json_add_training(cJSON *root, const TrainingReport *report)
{
    cJSON *training = cJSON_AddObjectToObject(root, "training");

    /* A report loaded from a file without "optimizer" has an empty one, and
     * writing "" would make a file that model_load rejects. */
    bool added = training != NULL
        && json_add_count(training, "rows", report->rows)
        && (report->optimizer[0] == '\0'
            || cJSON_AddStringToObject(training, "optimizer", report->optimizer) != NULL)
        && json_add_number(training, "learning_rate", report->learning_rate)
        && json_add_count(training, "epochs", report->epochs)
        && cJSON_AddBoolToObject(training, "converged", report->converged) != NULL
        && cJSON_AddBoolToObject(training, "standardized", report->standardized) != NULL
        && cJSON_AddBoolToObject(training, "intercept", report->intercept) != NULL
        && json_add_number(training, "mse", report->mse)
        && json_add_number(training, "r2", report->r2);

    if (added && report->has_standard_errors) {
        added = json_add_standard_errors(training, report);
    }
    return added;
}

/* Returns the model as a cJSON tree with the keys in file order, or NULL
 * when out of memory. */
static cJSON *model_to_cjson(const Model *model)
{
    cJSON *root = cJSON_CreateObject();
    bool added;

    if (root == NULL) {
        return NULL;
    }

    added = cJSON_AddStringToObject(root, "format", MODEL_FORMAT) != NULL
        && json_add_count(root, "version", MODEL_VERSION)
        && json_add_string_array(root, "features", model->feature)
        && cJSON_AddStringToObject(root, "target", model->target) != NULL
        && json_add_number_array(root, "weights", model->weight)
        && json_add_number(root, "bias", model->bias)
        && (!model->has_training || json_add_training(root, &model->training));

    if (!added) {
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}

/* Returns a malloc'd copy of printed, the output of cJSON_Print, with two
 * spaces per level and one space after a colon in place of cJSON's tabs,
 * and with the final newline that cJSON_Print leaves out; NULL when out of
 * memory. cJSON writes a tab inside a string as \t, so every raw tab in
 * printed is layout. */
static char *relayout(const char *printed)
{
    size_t length = strlen(printed);
    char *text = malloc(2 * length + 2); /* a tab becomes at most two spaces */
    size_t used = 0;

    if (text == NULL) {
        return NULL;
    }
    for (size_t i = 0; i < length; i++) {
        if (printed[i] != '\t') {
            text[used++] = printed[i];
        } else if (i > 0 && printed[i - 1] == ':') {
            text[used++] = ' ';
        } else {
            text[used++] = ' ';
            text[used++] = ' ';
        }
    }
    text[used++] = '\n';
    text[used] = '\0';
    return text;
}

char *model_to_json(const Model *model)
{
    cJSON *root = model_to_cjson(model);
    char *printed;
    char *text;

    if (root == NULL) {
        return NULL;
    }
    printed = cJSON_Print(root);
    cJSON_Delete(root);
    if (printed == NULL) {
        return NULL;
    }

    text = relayout(printed);
    cJSON_free(printed);
    return text;
}

/* ------------------------------------------------------------------------ */
/* Saving */

/* Rejects a model that would make a file model_load cannot read back,
 * because cJSON writes a non-finite number as null and a missing name as
 * no string at all. */
static Status model_check_savable(const Model *model, Error *error)
{
    const TrainingReport *report = &model->training;
    bool finite = isfinite(model->weight) && isfinite(model->bias);

    if (model->has_training) {
        finite = finite && isfinite(report->learning_rate) && isfinite(report->mse)
            && isfinite(report->r2);
    }
    if (model->has_training && report->has_standard_errors) {
        finite = finite && isfinite(report->residual_standard_deviation)
            && isfinite(report->weight_standard_error)
            && (!report->intercept || isfinite(report->bias_standard_error));
    }

    if (!finite) {
        return error_set(error, STATUS_SOFTWARE, NULL, 0,
                         _("the model to save has a number that is not finite"));
    }
    if (model->feature == NULL || model->target == NULL) {
        return error_set(error, STATUS_SOFTWARE, NULL, 0,
                         _("the model to save has no column names"));
    }
    return STATUS_OK;
}

static Status write_stdout(const char *text, Error *error)
{
    size_t length = strlen(text);
    bool written;

    errno = 0;
    written = fwrite(text, 1, length, stdout) == length;
    written = fflush(stdout) == 0 && written && !ferror(stdout);
    if (!written) {
        return error_set(error, STATUS_IO, NULL, 0, _("write error on standard output: %s"),
                         strerror(errno != 0 ? errno : EIO));
    }
    return STATUS_OK;
}

/* Writes text to path with atomic_file, which replaces a regular file only
 * once every byte is on disk. */
static Status write_file(const char *text, const char *path, Error *error)
{
    AtomicFile file;
    Status status = atomic_file_open(&file, path, error);

    if (status == STATUS_OK) {
        status = atomic_file_write(&file, text, strlen(text), error);
    }
    if (status == STATUS_OK) {
        status = atomic_file_commit(&file, error);
    }
    return status;
}

Status model_save(const Model *model, const char *path, Error *error)
{
    Status status = model_check_savable(model, error);
    char *text;

    if (status != STATUS_OK) {
        return status;
    }
    text = model_to_json(model);
    if (text == NULL) {
        return error_set(error, STATUS_OS, NULL, 0, _("out of memory"));
    }

    if (path == NULL || strcmp(path, "-") == 0) {
        status = write_stdout(text, error);
    } else {
        status = write_file(text, path, error);
    }
    free(text);
    return status;
}
