/* model.c: the model struct, its version-1 JSON text (built with cJSON) and
 * the atomic write of that text. Loading is in model_load.c. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "model.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cJSON.h>

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

char *model_to_json(const Model *model)
{
    cJSON *root = model_to_cjson(model);
    char *printed;
    char *text;
    size_t length;

    if (root == NULL) {
        return NULL;
    }
    printed = cJSON_Print(root);
    cJSON_Delete(root);
    if (printed == NULL) {
        return NULL;
    }

    /* cJSON_Print adds no final newline, but a text file ends with one. */
    length = strlen(printed);
    text = malloc(length + 2);
    if (text != NULL) {
        memcpy(text, printed, length);
        text[length] = '\n';
        text[length + 1] = '\0';
    }
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

static Status cannot_create(const char *path, int error_number, Error *error)
{
    return error_set(error, STATUS_CANT_CREATE, path, 0, _("cannot create: %s"),
                     strerror(error_number));
}

static Status write_error(const char *path, int error_number, Error *error)
{
    return error_set(error, STATUS_IO, path, 0, _("write error: %s"),
                     strerror(error_number != 0 ? error_number : EIO));
}

/* Returns "DIR/.BASE.XXXXXX" for mkstemp, malloc'd, or NULL when out of
 * memory. It is in the directory of target because rename() cannot move a
 * file to another file system. */
static char *temporary_path_pattern(const char *target)
{
    const char *slash = strrchr(target, '/');
    size_t directory_length = slash == NULL ? 0 : (size_t)(slash - target) + 1;
    const char *base = target + directory_length;
    size_t size = directory_length + 1 + strlen(base) + sizeof ".XXXXXX";
    char *pattern = malloc(size);

    if (pattern != NULL) {
        snprintf(pattern, size, "%.*s.%s.XXXXXX", (int)directory_length, target, base);
    }
    return pattern;
}

/* Returns the mode that open() would give a new file: 0666 less the umask.
 * The umask can only be read by setting it, so it is put back at once. */
static mode_t new_file_mode(void)
{
    mode_t mask = umask(0);

    umask(mask);
    return 0666 & ~mask;
}

/* Gives the temporary file fd its final mode, writes text to it, then
 * flushes, syncs and closes it. Always closes fd. path names the target in
 * errors. */
static Status write_temporary(int fd, const char *text, const char *path, Error *error)
{
    size_t length = strlen(text);
    FILE *file;
    int saved_errno;

    /* mkstemp creates the file as 0600. */
    file = fchmod(fd, new_file_mode()) == 0 ? fdopen(fd, "w") : NULL;
    if (file == NULL) {
        saved_errno = errno;
        close(fd);
        return cannot_create(path, saved_errno, error);
    }

    errno = 0;
    if (fwrite(text, 1, length, file) != length || fflush(file) != 0
        || fsync(fileno(file)) != 0) {
        saved_errno = errno;
        fclose(file);
        return write_error(path, saved_errno, error);
    }

    if (fclose(file) != 0) {
        return write_error(path, errno, error);
    }
    return STATUS_OK;
}

/* Writes text to a temporary file next to target and renames it over
 * target, so that target contains either its old content or all of text. */
static Status write_atomically(const char *text, const char *target, const char *path,
                               Error *error)
{
    char *temporary = temporary_path_pattern(target);
    Status status;
    int fd;

    if (temporary == NULL) {
        return error_set(error, STATUS_OS, NULL, 0, _("out of memory"));
    }

    fd = mkstemp(temporary);
    if (fd < 0) {
        status = cannot_create(path, errno, error);
        goto cleanup;
    }

    status = write_temporary(fd, text, path, error);
    if (status == STATUS_OK && rename(temporary, target) != 0) {
        status = cannot_create(path, errno, error);
    }
    if (status != STATUS_OK) {
        unlink(temporary);
    }

cleanup:
    free(temporary);
    return status;
}

/* Writes text straight into target, which exists and is not a regular file
 * (/dev/stdout, a FIFO). Renaming over it would replace the device or pipe
 * with a file. */
static Status write_directly(const char *text, const char *target, const char *path,
                             Error *error)
{
    size_t length = strlen(text);
    FILE *file = fopen(target, "w");
    bool written;
    int saved_errno;

    if (file == NULL) {
        return cannot_create(path, errno, error);
    }

    errno = 0;
    written = fwrite(text, 1, length, file) == length && fflush(file) == 0;
    saved_errno = errno;
    if (fclose(file) != 0 && written) {
        written = false;
        saved_errno = errno;
    }

    if (!written) {
        return write_error(path, saved_errno, error);
    }
    return STATUS_OK;
}

/* Writes text to path: atomically for a regular file or a new one, directly
 * for anything else. */
static Status write_file(const char *text, const char *path, Error *error)
{
    struct stat info;
    char *resolved = NULL;
    const char *target = path;
    Status status;

    /* Replace the file that a symbolic link points to, and keep the link. */
    if (lstat(path, &info) == 0 && S_ISLNK(info.st_mode)) {
        resolved = realpath(path, NULL);
        target = resolved != NULL ? resolved : path;
    }

    if (stat(target, &info) == 0 && !S_ISREG(info.st_mode)) {
        status = write_directly(text, target, path, error);
    } else {
        status = write_atomically(text, target, path, error);
    }
    free(resolved);
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
