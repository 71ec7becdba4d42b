/* model_load.c: reading a version-1 model file into a Model: the file
 * read, the cJSON parse with its errors turned into lines and excerpts, and
 * the validation of every field. The byte-level checks are in json_check.c. */
#include "model.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cJSON.h>

#include "i18n.h"
#include "json_check.h"
#include "number.h"

/* A model file is a few hundred bytes, so a larger file is not a model. */
#define MODEL_FILE_MAX_SIZE (1024 * 1024)

/* cJSON reads every number as a double, and 2^53 is the largest count up to
 * which every integer has an exact double. */
#define COUNT_MAX 9007199254740992.0

/* Room for a field name such as "training.standard_errors.weights[0]". */
#define FIELD_NAME_SIZE 64

/* Room for a description of a found value, quoted text included. */
#define FOUND_SIZE 128

/* Room for an excerpt quoted by error_quote, which writes up to 4 bytes
 * (\xNN) for each byte of text, and "..." and a NUL when it cuts it. */
#define EXCERPT_BUFFER_SIZE (JSON_CHECK_EXCERPT_MAX * 4 + 8)

static const char *const top_level_keys[] = {
    "format", "version", "features", "target", "weights", "bias", "training", NULL,
};

static const char *const training_keys[] = {
    "rows", "optimizer", "learning_rate", "epochs", "converged", "standardized",
    "intercept", "mse", "r2", "residual_standard_deviation", "standard_errors", NULL,
};

static const char *const standard_error_keys[] = { "weights", "bias", NULL };

/* ------------------------------------------------------------------------ */
/* Reading the file */

/* Reads all of file into *contents (malloc'd, not NUL-terminated). */
static Status read_stream(FILE *file, const char *path, char **contents, size_t *length,
                          Error *error)
{
    char *buffer = NULL;
    size_t capacity = 0;
    size_t used = 0;

    do {
        if (used == capacity) {
            /* One byte over the limit is enough to know the file is too large. */
            size_t grown = capacity == 0 ? 4096 : capacity * 2;
            char *larger;

            if (capacity == MODEL_FILE_MAX_SIZE + 1) {
                free(buffer);
                return error_set(error, STATUS_DATA, path, 0,
                                 _("model file too large (over 1 MiB)"));
            }
            capacity = grown > MODEL_FILE_MAX_SIZE + 1 ? MODEL_FILE_MAX_SIZE + 1 : grown;
            larger = realloc(buffer, capacity);
            if (larger == NULL) {
                free(buffer);
                return error_set(error, STATUS_OS, NULL, 0, _("out of memory"));
            }
            buffer = larger;
        }
        used += fread(buffer + used, 1, capacity - used, file);
    } while (!feof(file) && !ferror(file));

    if (ferror(file)) {
        free(buffer);
        return error_set(error, STATUS_IO, path, 0, _("read error: %s"), strerror(errno));
    }
    *contents = buffer;
    *length = used;
    return STATUS_OK;
}

static Status read_file(const char *path, char **contents, size_t *length, Error *error)
{
    bool from_stdin = strcmp(path, "-") == 0;
    FILE *file = from_stdin ? stdin : fopen(path, "rb");
    Status status;

    if (file == NULL) {
        return error_set(error, STATUS_NO_INPUT, path, 0, _("cannot open: %s"),
                         strerror(errno));
    }

    /* fopen opens a directory for reading on Linux; only read fails. The
     * user named something that is not a model file, as with a missing one. */
    struct stat status_of_file;
    if (fstat(fileno(file), &status_of_file) == 0 && S_ISDIR(status_of_file.st_mode)) {
        if (!from_stdin) {
            fclose(file);
        }
        return error_set(error, STATUS_NO_INPUT, path, 0, _("cannot open: %s"),
                         strerror(EISDIR));
    }
    status = read_stream(file, path, contents, length, error);

    /* Nothing was written, so a failing close loses nothing. */
    if (!from_stdin) {
        fclose(file);
    }
    return status;
}

/* ------------------------------------------------------------------------ */
/* Parsing */

/* One model file on its way from text to a Model. */
typedef struct {
    const char *path;   /* as the user gave it, "-" for stdin */
    const char *text;   /* file contents after any byte order mark */
    size_t length;
    size_t value_end;   /* offset just past the JSON value */
    cJSON *root;        /* owned */
    Error *error;
} Loader;

/* Fills the error for a syntax fault at offset in the text. */
static Status loader_reject_at(const Loader *loader, size_t offset, const char *message)
{
    long line = json_check_line_number(loader->text, loader->length, offset);

    return error_set(loader->error, STATUS_DATA, loader->path, line, "%s", message);
}

/* Returns where the fault that cJSON reports at offset is. Where cJSON
 * expects a key and finds no opening quote, it stops one byte past it. That
 * byte follows a '{' or ',' and is neither a blank nor a quote. */
static size_t cjson_fault_offset(const char *text, size_t offset)
{
    size_t before;

    if (offset == 0 || json_check_is_blank(text[offset - 1]) || text[offset - 1] == '"') {
        return offset;
    }
    before = offset - 1;
    while (before > 0 && json_check_is_blank(text[before - 1])) {
        before--;
    }
    if (before > 0 && (text[before - 1] == '{' || text[before - 1] == ',')) {
        return offset - 1;
    }
    return offset;
}

/* Reports where and why cJSON failed. cJSON stops at the end of the text
 * when the value is cut off, and at the opening quote of a string that
 * never closes. */
static Status loader_reject_syntax(const Loader *loader, const JsonSurvey *survey,
                                   size_t offset)
{
    size_t length = loader->length;
    size_t excerpt_length = 0;
    char excerpt[EXCERPT_BUFFER_SIZE];
    char message[ERROR_MESSAGE_SIZE];

    if ((survey->ends_in_string && offset == survey->last_quote + 1)
        || (survey->depth > 0 && offset + 1 >= length)) {
        /* Name the last line that has text on it. */
        while (length > 0 && json_check_is_blank(loader->text[length - 1])) {
            length--;
        }
        return loader_reject_at(loader, length == 0 ? 0 : length - 1,
                                _("unexpected end of file; the file may be truncated"));
    }

    offset = cjson_fault_offset(loader->text, offset);
    while (offset + excerpt_length < length && excerpt_length < JSON_CHECK_EXCERPT_MAX
           && loader->text[offset + excerpt_length] != '\n'
           && loader->text[offset + excerpt_length] != '\r') {
        excerpt_length++;
    }
    if (excerpt_length == 0) {
        return loader_reject_at(loader, offset, _("invalid JSON"));
    }
    error_quote(loader->text + offset, excerpt_length, excerpt, sizeof excerpt);
    snprintf(message, sizeof message, _("invalid JSON near '%s'"), excerpt);
    return loader_reject_at(loader, offset, message);
}

/* Checks what cJSON lets through but RFC 8259 does not. */
static Status loader_check_strict(const Loader *loader)
{
    JsonFault fault;
    char excerpt[EXCERPT_BUFFER_SIZE];
    char message[ERROR_MESSAGE_SIZE];

    if (json_check_strict(loader->text, loader->value_end, &fault)) {
        return STATUS_OK;
    }
    if (fault.length == 0) {
        return loader_reject_at(loader, fault.offset, _(fault.message));
    }

    error_quote(loader->text + fault.offset, fault.length, excerpt, sizeof excerpt);
    snprintf(message, sizeof message, "%s '%s'", _(fault.message), excerpt);
    return loader_reject_at(loader, fault.offset, message);
}

/* Parses loader->text into loader->root: one JSON value, with nothing but
 * blanks after it. */
static Status loader_parse(Loader *loader)
{
    JsonSurvey survey;
    const char *end = NULL;
    size_t after;

    if (json_check_skip_blanks(loader->text, loader->length, 0) == loader->length) {
        return loader_reject_at(loader, 0, _("the file is empty or contains only blanks"));
    }
    json_check_survey(loader->text, loader->length, &survey);
    if (survey.fault.message != NULL) {
        return loader_reject_at(loader, survey.fault.offset, _(survey.fault.message));
    }

    /* NOTE: cJSON also returns NULL when out of memory, which is then
     * reported as invalid JSON. */
    loader->root = cJSON_ParseWithLengthOpts(loader->text, loader->length, &end, false);
    if (loader->root == NULL) {
        return loader_reject_syntax(loader, &survey, (size_t)(end - loader->text));
    }

    loader->value_end = (size_t)(end - loader->text);
    after = json_check_skip_blanks(loader->text, loader->length, loader->value_end);
    if (after < loader->length) {
        return loader_reject_at(loader, after, _("trailing data after the JSON value"));
    }
    return loader_check_strict(loader);
}

/* ------------------------------------------------------------------------ */
/* Validation */

/* Counts the tokens before target in a pre-order walk from node: an object
 * member is its key's token followed by its value's tokens. This matches
 * the file's order because cJSON keeps members and elements in file order.
 * Returns true when target was found, with *index at its value's token. */
static bool token_index(const cJSON *node, const cJSON *target, bool is_member, size_t *index)
{
    if (is_member) {
        (*index)++;
    }
    if (node == target) {
        return true;
    }
    (*index)++;

    for (const cJSON *child = node->child; child != NULL; child = child->next) {
        if (token_index(child, target, cJSON_IsObject(node), index)) {
            return true;
        }
    }
    return false;
}

/* Returns the line of item's value, or of its key when at_key is true; 0
 * when item is NULL. */
static long loader_line(const Loader *loader, const cJSON *item, bool at_key)
{
    JsonScanner scanner;
    size_t index = 0;

    if (item == NULL || !token_index(loader->root, item, false, &index)) {
        return 0;
    }
    if (at_key && index > 0) {
        index--;
    }
    json_check_scanner_init(&scanner, loader->text, loader->value_end);
    for (size_t i = 0; i <= index; i++) {
        if (!json_check_next_token(&scanner)) {
            return 0;
        }
    }
    return json_check_line_number(loader->text, loader->length, scanner.token);
}

/* Fills the error for bad content at item (NULL when it is missing). */
static Status loader_reject(const Loader *loader, const cJSON *item, bool at_key,
                            const char *format, ...) __attribute__((format(printf, 4, 5)));

static Status loader_reject(const Loader *loader, const cJSON *item, bool at_key,
                            const char *format, ...)
{
    char message[ERROR_MESSAGE_SIZE];
    va_list arguments;

    va_start(arguments, format);
    vsnprintf(message, sizeof message, format, arguments);
    va_end(arguments);
    return error_set(loader->error, STATUS_DATA, loader->path,
                     loader_line(loader, item, at_key), "%s", message);
}

/* Describes item for "found ..." in messages, in buffer (FOUND_SIZE bytes)
 * when it needs one. */
static const char *describe(const cJSON *item, char *buffer)
{
    char quoted[FOUND_SIZE / 2];

    if (cJSON_IsNull(item)) {
        return "null";
    } else if (cJSON_IsBool(item)) {
        return cJSON_IsTrue(item) ? "true" : "false";
    } else if (cJSON_IsNumber(item) && !isfinite(item->valuedouble)) {
        /* strtod gives infinity for numbers beyond DBL_MAX, such as 1e400. */
        return _("a number out of range");
    } else if (cJSON_IsNumber(item)) {
        number_format_exact(item->valuedouble, buffer);
        return buffer;
    } else if (cJSON_IsString(item)) {
        error_quote(item->valuestring, strlen(item->valuestring), quoted, sizeof quoted);
        snprintf(buffer, FOUND_SIZE, _("the string '%s'"), quoted);
        return buffer;
    } else if (cJSON_IsArray(item)) {
        return _("an array");
    }
    return _("an object");
}

/* Returns the key of a field name: "rows" for "training.rows". */
static const char *field_key(const char *name)
{
    const char *dot = strrchr(name, '.');

    return dot == NULL ? name : dot + 1;
}

/* Rejects a second member of object with a key that model_load reads,
 * because cJSON keeps both and which one counts would be a guess. */
static Status check_duplicates(const Loader *loader, const cJSON *object, const char *prefix,
                               const char *const keys[])
{
    for (const cJSON *member = object->child; member != NULL; member = member->next) {
        for (size_t k = 0; keys[k] != NULL; k++) {
            if (strcmp(member->string, keys[k]) != 0) {
                continue;
            }
            for (const cJSON *later = member->next; later != NULL; later = later->next) {
                if (strcmp(later->string, keys[k]) == 0) {
                    return loader_reject(loader, later, true, _("duplicate key '%s%s'"), prefix,
                                         keys[k]);
                }
            }
        }
    }
    return STATUS_OK;
}

/* Sets *item to the member of object named by the last part of name, or to
 * NULL when it is absent and not required. */
static Status find_field(const Loader *loader, const cJSON *object, const char *name,
                         bool required, const cJSON **item)
{
    *item = cJSON_GetObjectItemCaseSensitive(object, field_key(name));
    if (*item == NULL && required) {
        return loader_reject(loader, NULL, false, _("missing required field '%s'"), name);
    }
    return STATUS_OK;
}

static Status check_finite(const Loader *loader, const cJSON *item, const char *name,
                           double *value)
{
    char found[FOUND_SIZE];

    if (!cJSON_IsNumber(item) || !isfinite(item->valuedouble)) {
        return loader_reject(loader, item, false, _("field '%s' must be a finite number, "
                                                    "found %s"), name, describe(item, found));
    }
    *value = item->valuedouble;
    return STATUS_OK;
}

static Status check_string(const Loader *loader, const cJSON *item, const char *name,
                           const char **value)
{
    char found[FOUND_SIZE];

    if (!cJSON_IsString(item)) {
        return loader_reject(loader, item, false, _("field '%s' must be a string, found %s"),
                             name, describe(item, found));
    }
    *value = item->valuestring;
    return STATUS_OK;
}

static Status check_object(const Loader *loader, const cJSON *item, const char *name)
{
    char found[FOUND_SIZE];

    if (!cJSON_IsObject(item)) {
        return loader_reject(loader, item, false, _("field '%s' must be an object, found %s"),
                             name, describe(item, found));
    }
    return STATUS_OK;
}

/* Checks that item is an array with exactly one entry, a string when
 * of_strings is true and a number otherwise, and sets *entry to it. */
static Status check_single(const Loader *loader, const cJSON *item, const char *name,
                           bool of_strings, const cJSON **entry)
{
    char found[FOUND_SIZE];

    if (!cJSON_IsArray(item)) {
        return loader_reject(loader, item, false,
                             of_strings ? _("field '%s' must be an array of one string, "
                                            "found %s")
                                        : _("field '%s' must be an array of one number, "
                                            "found %s"),
                             name, describe(item, found));
    }
    if (cJSON_GetArraySize(item) != 1) {
        return loader_reject(loader, item, false,
                             _("field '%s' must have exactly one entry, found %d"), name,
                             cJSON_GetArraySize(item));
    }
    *entry = item->child;
    return STATUS_OK;
}

static Status read_finite(const Loader *loader, const cJSON *object, const char *name,
                          bool required, double *value)
{
    const cJSON *item;
    Status status = find_field(loader, object, name, required, &item);

    if (status != STATUS_OK || item == NULL) {
        return status;
    }
    return check_finite(loader, item, name, value);
}

static Status read_string(const Loader *loader, const cJSON *object, const char *name,
                          const char **value)
{
    const cJSON *item;
    Status status = find_field(loader, object, name, true, &item);

    if (status != STATUS_OK) {
        return status;
    }
    return check_string(loader, item, name, value);
}

/* Reads name: [number], the form of "weights". */
static Status read_single_number(const Loader *loader, const cJSON *object, const char *name,
                                 double *value)
{
    char entry_name[FIELD_NAME_SIZE];
    const cJSON *item;
    const cJSON *entry;
    Status status = find_field(loader, object, name, true, &item);

    if (status == STATUS_OK) {
        status = check_single(loader, item, name, false, &entry);
    }
    if (status != STATUS_OK) {
        return status;
    }
    snprintf(entry_name, sizeof entry_name, "%s[0]", name);
    return check_finite(loader, entry, entry_name, value);
}

/* Reads name: ["text"], the form of "features". */
static Status read_single_string(const Loader *loader, const cJSON *object, const char *name,
                                 const char **value)
{
    char entry_name[FIELD_NAME_SIZE];
    const cJSON *item;
    const cJSON *entry;
    Status status = find_field(loader, object, name, true, &item);

    if (status == STATUS_OK) {
        status = check_single(loader, item, name, true, &entry);
    }
    if (status != STATUS_OK) {
        return status;
    }
    snprintf(entry_name, sizeof entry_name, "%s[0]", name);
    return check_string(loader, entry, entry_name, value);
}

/* Reads an optional count such as training.rows: an integer from 0 to 2^53. */
static Status read_count(const Loader *loader, const cJSON *object, const char *name,
                         long long *value)
{
    char found[FOUND_SIZE];
    const cJSON *item;
    Status status = find_field(loader, object, name, false, &item);

    if (status != STATUS_OK || item == NULL) {
        return status;
    }
    if (!cJSON_IsNumber(item) || !(item->valuedouble >= 0 && item->valuedouble <= COUNT_MAX)
        || item->valuedouble != floor(item->valuedouble)) {
        return loader_reject(loader, item, false, _("field '%s' must be an integer from 0 to "
                                                    "2^53, found %s"), name,
                             describe(item, found));
    }
    *value = (long long)item->valuedouble;
    return STATUS_OK;
}

static Status read_bool(const Loader *loader, const cJSON *object, const char *name,
                        bool *value)
{
    char found[FOUND_SIZE];
    const cJSON *item;
    Status status = find_field(loader, object, name, false, &item);

    if (status != STATUS_OK || item == NULL) {
        return status;
    }
    if (!cJSON_IsBool(item)) {
        return loader_reject(loader, item, false, _("field '%s' must be true or false, "
                                                    "found %s"), name, describe(item, found));
    }
    *value = cJSON_IsTrue(item);
    return STATUS_OK;
}

static Status read_optimizer(const Loader *loader, const cJSON *object, TrainingReport *report)
{
    static const char name[] = "training.optimizer";
    char found[FOUND_SIZE];
    const cJSON *item;
    Status status = find_field(loader, object, name, false, &item);

    if (status != STATUS_OK || item == NULL) {
        return status;
    }
    if (!cJSON_IsString(item)
        || (strcmp(item->valuestring, "adam") != 0 && strcmp(item->valuestring, "sgd") != 0)) {
        return loader_reject(loader, item, false, _("field '%s' must be 'adam' or 'sgd', "
                                                    "found %s"), name, describe(item, found));
    }
    snprintf(report->optimizer, sizeof report->optimizer, "%s", item->valuestring);
    return STATUS_OK;
}

/* Reads training.standard_errors and the residual standard deviation they
 * come from. Both are absent when there were too few rows. */
static Status read_standard_errors(const Loader *loader, const cJSON *training,
                                   TrainingReport *report)
{
    static const char name[] = "training.standard_errors";
    const cJSON *errors;
    Status status = find_field(loader, training, name, false, &errors);

    if (status == STATUS_OK && errors != NULL) {
        status = check_object(loader, errors, name);
    }
    if (status == STATUS_OK && errors != NULL) {
        status = check_duplicates(loader, errors, "training.standard_errors.",
                                  standard_error_keys);
    }
    if (status == STATUS_OK) {
        status = read_finite(loader, training, "training.residual_standard_deviation",
                             errors != NULL, &report->residual_standard_deviation);
    }
    if (status != STATUS_OK || errors == NULL) {
        return status;
    }

    status = read_single_number(loader, errors, "training.standard_errors.weights",
                                &report->weight_standard_error);

    /* A line without an intercept has no bias, so a bias standard error
     * there is ignored like an unknown key: the saver never writes one. */
    if (status == STATUS_OK && report->intercept) {
        status = read_finite(loader, errors, "training.standard_errors.bias", true,
                             &report->bias_standard_error);
    }
    report->has_standard_errors = status == STATUS_OK;
    return status;
}

/* Reads how the training ran: rows, optimizer, learning rate, epochs and
 * whether it converged. */
static Status read_training_run(const Loader *loader, const cJSON *training,
                                TrainingReport *report)
{
    Status status = read_count(loader, training, "training.rows", &report->rows);

    if (status == STATUS_OK) {
        status = read_optimizer(loader, training, report);
    }
    if (status == STATUS_OK) {
        status = read_finite(loader, training, "training.learning_rate", false,
                             &report->learning_rate);
    }
    if (status == STATUS_OK) {
        status = read_count(loader, training, "training.epochs", &report->epochs);
    }
    if (status == STATUS_OK) {
        status = read_bool(loader, training, "training.converged", &report->converged);
    }
    return status;
}

/* Reads how the line was fitted and how well it fits. */
static Status read_training_fit(const Loader *loader, const cJSON *training,
                                TrainingReport *report)
{
    Status status = read_bool(loader, training, "training.standardized",
                              &report->standardized);

    if (status == STATUS_OK) {
        status = read_bool(loader, training, "training.intercept", &report->intercept);
    }
    if (status == STATUS_OK) {
        status = read_finite(loader, training, "training.mse", false, &report->mse);
    }
    if (status == STATUS_OK) {
        status = read_finite(loader, training, "training.r2", false, &report->r2);
    }
    if (status == STATUS_OK) {
        status = read_standard_errors(loader, training, report);
    }
    return status;
}

/* Reads the optional training object. Each of its fields is optional too.
 * An absent one stays zero, false or empty, except intercept, which is true
 * unless the file sets it to false. */
static Status read_training(const Loader *loader, const cJSON *root, Model *model)
{
    const cJSON *training;
    Status status = find_field(loader, root, "training", false, &training);

    /* A line without a training report still has its bias. */
    model->training.intercept = true;
    if (status != STATUS_OK || training == NULL) {
        return status;
    }
    status = check_object(loader, training, "training");
    if (status == STATUS_OK) {
        status = check_duplicates(loader, training, "training.", training_keys);
    }

    if (status == STATUS_OK) {
        status = read_training_run(loader, training, &model->training);
    }
    if (status == STATUS_OK) {
        status = read_training_fit(loader, training, &model->training);
    }
    model->has_training = status == STATUS_OK;
    return status;
}

/* Checks "format" and "version", so that a file of another kind or version
 * is named as such before any other field is looked at. */
static Status check_format_and_version(const Loader *loader, const cJSON *root)
{
    const cJSON *format = cJSON_GetObjectItemCaseSensitive(root, "format");
    const cJSON *version;
    char found[FOUND_SIZE];
    Status status;

    if (format == NULL) {
        return loader_reject(loader, NULL, false, _("not a waterfit model: 'format' is missing"));
    }
    if (!cJSON_IsString(format) || strcmp(format->valuestring, MODEL_FORMAT) != 0) {
        return loader_reject(loader, format, false, _("not a waterfit model: 'format' is %s"),
                             describe(format, found));
    }

    status = find_field(loader, root, "version", true, &version);
    if (status != STATUS_OK) {
        return status;
    }
    if (!cJSON_IsNumber(version) || !isfinite(version->valuedouble)) {
        return loader_reject(loader, version, false, _("field 'version' must be the number %d, "
                                                       "found %s"), MODEL_VERSION,
                             describe(version, found));
    }
    if (version->valuedouble != MODEL_VERSION) {
        return loader_reject(loader, version, false, _("model version %s is not supported by "
                                                       "this build (it reads version %d)"),
                             describe(version, found), MODEL_VERSION);
    }
    return STATUS_OK;
}

/* Validates the parsed tree and fills model from it. */
static Status loader_read_model(const Loader *loader, Model *model)
{
    const cJSON *root = loader->root;
    const char *feature = NULL;
    const char *target = NULL;
    char found[FOUND_SIZE];
    Status status;

    if (!cJSON_IsObject(root)) {
        return loader_reject(loader, root, false, _("the model must be a JSON object, found %s"),
                             describe(root, found));
    }

    status = check_duplicates(loader, root, "", top_level_keys);
    if (status == STATUS_OK) {
        status = check_format_and_version(loader, root);
    }
    if (status == STATUS_OK) {
        status = read_single_string(loader, root, "features", &feature);
    }
    if (status == STATUS_OK) {
        status = read_string(loader, root, "target", &target);
    }
    if (status == STATUS_OK) {
        status = read_single_number(loader, root, "weights", &model->weight);
    }
    if (status == STATUS_OK) {
        status = read_finite(loader, root, "bias", true, &model->bias);
    }
    if (status == STATUS_OK) {
        status = read_training(loader, root, model);
    }
    if (status == STATUS_OK) {
        status = model_set_names(model, feature, target, loader->error);
    }
    return status;
}

Status model_load(Model *model, const char *path, Error *error)
{
    static const char byte_order_mark[] = "\xEF\xBB\xBF";
    Loader loader = { .path = path, .error = error };
    char *contents = NULL;
    size_t length = 0;
    Model loaded;
    Status status;

    model_init(&loaded);
    status = read_file(path, &contents, &length, error);
    if (status == STATUS_OK) {
        /* Some Windows editors start UTF-8 files with a byte order mark,
         * which RFC 8259 (section 8.1) lets a parser ignore. */
        size_t skipped = length >= 3 && memcmp(contents, byte_order_mark, 3) == 0 ? 3 : 0;

        loader.text = contents + skipped;
        loader.length = length - skipped;
        status = loader_parse(&loader);
    }
    if (status == STATUS_OK) {
        status = loader_read_model(&loader, &loaded);
    }

    if (status == STATUS_OK) {
        *model = loaded;
    } else {
        model_free(&loaded);
    }
    cJSON_Delete(loader.root);
    free(contents);
    return status;
}
