/* model.c: the model struct, its version-1 JSON file (built and parsed with
 * cJSON, then validated field by field) and the atomic write of that file. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "model.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cJSON.h>

#include "i18n.h"
#include "number.h"

/* A model file is a few hundred bytes, so a larger file is not a model. */
#define MODEL_FILE_MAX_SIZE (1024 * 1024)

/* The version-1 file nests 4 levels deep (training.standard_errors.weights).
 * Rejecting deeper text before cJSON parses it keeps its recursion shallow.
 * NOTE: the message in text_survey repeats this number. */
#define MODEL_MAX_DEPTH 16

/* Bytes of the file shown after "invalid JSON near". */
#define EXCERPT_SIZE 16

/* cJSON reads every number as a double, and 2^53 is the largest count up to
 * which every integer has an exact double. */
#define COUNT_MAX 9007199254740992.0

/* Room for a field name such as "training.standard_errors.weights[0]". */
#define FIELD_NAME_SIZE 64

/* Room for a description of a found value, quoted text included. */
#define FOUND_SIZE 128

static const char *const top_level_keys[] = {
    "format", "version", "features", "target", "weights", "bias", "training", NULL,
};

static const char *const training_keys[] = {
    "rows", "optimizer", "learning_rate", "epochs", "converged", "standardized",
    "intercept", "mse", "r2", "residual_standard_deviation", "standard_errors", NULL,
};

static const char *const standard_error_keys[] = { "weights", "bias", NULL };

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
    status = read_stream(file, path, contents, length, error);

    /* Nothing was written, so a failing close loses nothing. */
    if (!from_stdin) {
        fclose(file);
    }
    return status;
}

/* ------------------------------------------------------------------------ */
/* Positions and strict JSON checks */

/* Returns the 1-based line of text[offset]. CRLF, LF and a lone CR each end
 * one line. */
static long line_at(const char *text, size_t length, size_t offset)
{
    long line = 1;

    for (size_t i = 0; i < offset && i < length; i++) {
        if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == length || text[i + 1] != '\n'))) {
            line++;
        }
    }
    return line;
}

static bool is_json_blank(char byte)
{
    return byte == ' ' || byte == '\t' || byte == '\n' || byte == '\r';
}

static size_t skip_blanks(const char *text, size_t length, size_t offset)
{
    while (offset < length && is_json_blank(text[offset])) {
        offset++;
    }
    return offset;
}

/* What a pass over the bytes finds before cJSON parses them. */
typedef struct {
    const char *fault;   /* untranslated message, NULL when none */
    size_t fault_offset;
    bool ends_in_string; /* the last string is never closed */
    size_t last_quote;   /* offset of the quote that opens the last string */
    int depth;           /* brackets still open at the end */
} TextSurvey;

/* Finds a NUL byte, which no JSON text contains and which would cut C
 * strings short, and nesting deeper than MODEL_MAX_DEPTH. Also notes what
 * is left open at the end, which distinguishes truncation from other
 * errors. */
static void text_survey(const char *text, size_t length, TextSurvey *survey)
{
    const char *nul = memchr(text, '\0', length);
    bool in_string = false;

    memset(survey, 0, sizeof *survey);
    if (nul != NULL) {
        survey->fault = N_("the file contains a NUL byte");
        survey->fault_offset = (size_t)(nul - text);
        return;
    }

    for (size_t i = 0; i < length; i++) {
        if (in_string && text[i] == '\\') {
            i++;
        } else if (in_string) {
            in_string = text[i] != '"';
        } else if (text[i] == '"') {
            in_string = true;
            survey->last_quote = i;
        } else if (text[i] == '{' || text[i] == '[') {
            survey->depth++;
        } else if ((text[i] == '}' || text[i] == ']') && survey->depth > 0) {
            survey->depth--;
        }

        if (survey->depth > MODEL_MAX_DEPTH) {
            survey->fault = N_("the JSON value is nested too deeply (over 16 levels)");
            survey->fault_offset = i;
            return;
        }
    }
    survey->ends_in_string = in_string;
}

/* Walks the tokens of a JSON value that cJSON has accepted. A token is a
 * key or the start of a value. Punctuation and blanks are skipped. */
typedef struct {
    const char *text;
    size_t length;    /* end of the JSON value */
    size_t offset;    /* next byte to scan */
    size_t token;     /* offset of the last token, or of the fault */
    const char *fault; /* untranslated message when the text breaks RFC 8259 */
    size_t fault_length; /* bytes from the fault offset to quote after it */
} JsonScanner;

static bool scanner_fault(JsonScanner *scanner, size_t offset, size_t length,
                          const char *fault)
{
    scanner->token = offset;
    scanner->fault = fault;
    scanner->fault_length = length;
    return false;
}

/* Scans a string. cJSON keeps raw control characters, which RFC 8259
 * (section 7) requires to be escaped, and turns \u0000 into a C string's
 * end, cutting the text short. */
static bool scan_string(JsonScanner *scanner)
{
    const char *text = scanner->text;
    size_t i = scanner->offset + 1;

    while (i < scanner->length && text[i] != '"') {
        if ((unsigned char)text[i] < 0x20) {
            return scanner_fault(scanner, i, 0, N_("a control character in a string is not "
                                                   "escaped"));
        }
        if (text[i] == '\\' && scanner->length - i > 5 && memcmp(text + i + 1, "u0000", 5) == 0) {
            return scanner_fault(scanner, i, 0, N_("a string contains \\u0000"));
        }
        i += text[i] == '\\' ? 2 : 1;
    }
    scanner->offset = i + 1;
    return true;
}

static bool is_digit(char byte)
{
    return byte >= '0' && byte <= '9';
}

static size_t skip_digits(const char *text, size_t length, size_t offset)
{
    while (offset < length && is_digit(text[offset])) {
        offset++;
    }
    return offset;
}

/* Returns the end of the JSON number at text[start], or start when the text
 * there does not follow the grammar of RFC 8259, section 6:
 * [-] (0 | [1-9][0-9]*) [. [0-9]+] [(e|E) [+|-] [0-9]+] */
static size_t json_number_end(const char *text, size_t length, size_t start)
{
    size_t i = start + (text[start] == '-');
    size_t digits_end;

    if (i < length && text[i] == '0') {
        i++;
    } else if (i < length && text[i] >= '1' && text[i] <= '9') {
        i = skip_digits(text, length, i);
    } else {
        return start;
    }

    if (i < length && text[i] == '.') {
        digits_end = skip_digits(text, length, i + 1);
        if (digits_end == i + 1) {
            return start;
        }
        i = digits_end;
    }

    if (i < length && (text[i] == 'e' || text[i] == 'E')) {
        i += i + 1 < length && (text[i + 1] == '+' || text[i + 1] == '-') ? 2 : 1;
        digits_end = skip_digits(text, length, i);
        if (digits_end == i) {
            return start;
        }
        i = digits_end;
    }
    return i;
}

static bool is_number_byte(char byte)
{
    return is_digit(byte) || byte == '-' || byte == '+' || byte == '.' || byte == 'e'
        || byte == 'E';
}

/* Scans a number. cJSON reads numbers with strtod, which also takes 01, 1.
 * and -.5. */
static bool scan_number(JsonScanner *scanner)
{
    const char *text = scanner->text;
    size_t start = scanner->offset;
    size_t end = json_number_end(text, scanner->length, start);

    if (end > start && (end == scanner->length || !is_number_byte(text[end]))) {
        scanner->offset = end;
        return true;
    }

    /* Quote the whole run of number bytes, as strtod took it. */
    end = start;
    while (end < scanner->length && end - start < EXCERPT_SIZE && is_number_byte(text[end])) {
        end++;
    }
    return scanner_fault(scanner, start, end - start, N_("invalid number"));
}

/* Moves to the next token. Returns false at the end of the value or at a
 * fault. */
static bool scanner_next(JsonScanner *scanner)
{
    while (scanner->offset < scanner->length) {
        char byte = scanner->text[scanner->offset];

        scanner->token = scanner->offset;
        if (byte == '"') {
            return scan_string(scanner);
        }
        if (byte == '-' || is_digit(byte)) {
            return scan_number(scanner);
        }
        if (byte == '{' || byte == '[') {
            scanner->offset++;
            return true;
        }
        if (byte >= 'a' && byte <= 'z') {
            /* true, false or null */
            while (scanner->offset < scanner->length && scanner->text[scanner->offset] >= 'a'
                   && scanner->text[scanner->offset] <= 'z') {
                scanner->offset++;
            }
            return true;
        }
        /* cJSON skips every byte up to 0x20 as a blank, but JSON allows four. */
        if ((unsigned char)byte < 0x20 && !is_json_blank(byte)) {
            return scanner_fault(scanner, scanner->offset, 0,
                                 N_("a control character is outside a string"));
        }
        scanner->offset++;
    }
    return false;
}

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
    return error_set(loader->error, STATUS_DATA, loader->path,
                     line_at(loader->text, loader->length, offset), "%s", message);
}

/* Returns where the fault that cJSON reports at offset is. Where cJSON
 * expects a key and finds no opening quote, it stops one byte past it. That
 * byte follows a '{' or ',' and is neither a blank nor a quote. */
static size_t cjson_fault_offset(const char *text, size_t offset)
{
    size_t before;

    if (offset == 0 || is_json_blank(text[offset - 1]) || text[offset - 1] == '"') {
        return offset;
    }
    before = offset - 1;
    while (before > 0 && is_json_blank(text[before - 1])) {
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
static Status loader_reject_syntax(const Loader *loader, const TextSurvey *survey,
                                   size_t offset)
{
    size_t length = loader->length;
    size_t excerpt_length = 0;
    char excerpt[EXCERPT_SIZE * 4 + 8];
    char message[ERROR_MESSAGE_SIZE];

    if ((survey->ends_in_string && offset == survey->last_quote + 1)
        || (survey->depth > 0 && offset + 1 >= length)) {
        /* Name the last line that has text on it. */
        while (length > 0 && is_json_blank(loader->text[length - 1])) {
            length--;
        }
        return loader_reject_at(loader, length == 0 ? 0 : length - 1,
                                _("unexpected end of file; the file may be truncated"));
    }

    offset = cjson_fault_offset(loader->text, offset);
    while (offset + excerpt_length < length && excerpt_length < EXCERPT_SIZE
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
    JsonScanner scanner = { loader->text, loader->value_end, 0, 0, NULL, 0 };
    char excerpt[EXCERPT_SIZE * 4 + 8];
    char message[ERROR_MESSAGE_SIZE];

    while (scanner_next(&scanner)) {
        continue;
    }
    if (scanner.fault == NULL) {
        return STATUS_OK;
    }
    if (scanner.fault_length == 0) {
        return loader_reject_at(loader, scanner.token, _(scanner.fault));
    }

    error_quote(scanner.text + scanner.token, scanner.fault_length, excerpt, sizeof excerpt);
    snprintf(message, sizeof message, "%s '%s'", _(scanner.fault), excerpt);
    return loader_reject_at(loader, scanner.token, message);
}

/* Parses loader->text into loader->root: one JSON value, with nothing but
 * blanks after it. */
static Status loader_parse(Loader *loader)
{
    TextSurvey survey;
    const char *end = NULL;
    size_t after;

    if (skip_blanks(loader->text, loader->length, 0) == loader->length) {
        return loader_reject_at(loader, 0, _("the file is empty or contains only blanks"));
    }
    text_survey(loader->text, loader->length, &survey);
    if (survey.fault != NULL) {
        return loader_reject_at(loader, survey.fault_offset, _(survey.fault));
    }

    /* NOTE: cJSON also returns NULL when out of memory, which is then
     * reported as invalid JSON. */
    loader->root = cJSON_ParseWithLengthOpts(loader->text, loader->length, &end, false);
    if (loader->root == NULL) {
        return loader_reject_syntax(loader, &survey, (size_t)(end - loader->text));
    }

    loader->value_end = (size_t)(end - loader->text);
    after = skip_blanks(loader->text, loader->length, loader->value_end);
    if (after < loader->length) {
        return loader_reject_at(loader, after, _("trailing data after the JSON value"));
    }
    return loader_check_strict(loader);
}

/* ------------------------------------------------------------------------ */
/* Validation */

/* Returns the line of item's value, or of its key when at_key is true; 0
 * when item is NULL. */
static long loader_line(const Loader *loader, const cJSON *item, bool at_key)
{
    JsonScanner scanner = { loader->text, loader->value_end, 0, 0, NULL, 0 };
    size_t index = 0;

    if (item == NULL || !token_index(loader->root, item, false, &index)) {
        return 0;
    }
    if (at_key && index > 0) {
        index--;
    }
    for (size_t i = 0; i <= index; i++) {
        if (!scanner_next(&scanner)) {
            return 0;
        }
    }
    return line_at(loader->text, loader->length, scanner.token);
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
    if (status == STATUS_OK) {
        status = read_finite(loader, errors, "training.standard_errors.bias",
                             report->intercept, &report->bias_standard_error);
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

    if (status != STATUS_OK || training == NULL) {
        return status;
    }
    status = check_object(loader, training, "training");
    if (status == STATUS_OK) {
        status = check_duplicates(loader, training, "training.", training_keys);
    }

    model->training.intercept = true;
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
