/* model.h: the trained line and its training report, saved to (model.c) and
 * loaded from (model_load.c) the version-1 JSON model file. Those two files
 * are the only users of cJSON. */
#ifndef WATERFIT_MODEL_H
#define WATERFIT_MODEL_H

#include <stdbool.h>

#include "error.h"

#define MODEL_FORMAT "waterfit-model"
#define MODEL_VERSION 1

/* How the model was trained and how well it fits its training data. */
typedef struct {
    long long rows;
    char optimizer[8];       /* "adam" or "sgd" */
    double learning_rate;
    long long epochs;        /* epochs actually run */
    bool converged;          /* stopped by the tolerance, not the epoch limit */
    bool standardized;       /* trained on standardized x and y (no --raw) */
    bool intercept;          /* false for y = w·x (--no-bias) */
    double mse;              /* mean squared error, in the target's units squared */
    double r2;               /* coefficient of determination */
    bool has_standard_errors; /* false when rows <= fitted parameters */
    double residual_standard_deviation; /* sqrt(SSE / (rows - parameters)) */
    double weight_standard_error;
    double bias_standard_error; /* meaningful only with intercept */
} TrainingReport;

/* A straight line target = weight * feature + bias. */
typedef struct {
    char *feature; /* input column name; owned */
    char *target;  /* output column name; owned */
    double weight;
    double bias;
    bool has_training; /* the file had a "training" object */
    TrainingReport training;
} Model;

/* Sets *model to an empty model (no names, zero weight and bias). */
void model_init(Model *model);

/* Frees what the model owns and leaves it empty. */
void model_free(Model *model);

/* Copies the column names into the model. Returns STATUS_OS when out of
 * memory. */
Status model_set_names(Model *model, const char *feature, const char *target,
                       Error *error);

/* Loads and validates the model file at path ("-" for stdin) into *model,
 * which must be empty. Rejects invalid JSON, trailing data, a format or
 * version this build does not know, duplicate known keys, and missing,
 * mistyped or non-finite fields, naming the field; ignores unknown keys.
 * The "training" object and each field in it are optional: an absent field
 * is zero, false or empty, except intercept, which is then true.
 * Returns STATUS_NO_INPUT when the file cannot be opened, STATUS_IO on a
 * read error, STATUS_DATA for bad content; *model is left empty on failure. */
Status model_load(Model *model, const char *path, Error *error);

/* Returns the model as JSON text ending in a newline, malloc'd, or NULL when
 * out of memory or a name is missing. The text is indented by two spaces
 * per level, has one space after each colon and keeps each array on one
 * line. Numbers read back to identical doubles, and the same model always
 * gives the same bytes. Every number in the model must be finite. */
char *model_to_json(const Model *model);

/* Writes the model to path atomically: a temporary file in the same
 * directory is written, flushed, synced and renamed over path, so a failure
 * leaves no temporary file and any previous file at path unchanged. A
 * symbolic link keeps pointing at the replaced file. An existing path that
 * is not a regular file (/dev/stdout, a FIFO) is written directly instead.
 * A NULL path or "-" writes to stdout and flushes it. Returns
 * STATUS_CANT_CREATE when the file cannot be created or renamed, or when
 * path is a directory or a dangling symbolic link. Returns STATUS_IO on a
 * write error, STATUS_SOFTWARE for a model without names or with a
 * non-finite number, and STATUS_OS when out of memory. */
Status model_save(const Model *model, const char *path, Error *error);

/* Returns weight * x + bias. */
double model_predict(const Model *model, double x);

#endif
