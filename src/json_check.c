/* json_check.c: the byte-level JSON checks that cJSON does not make (NUL
 * bytes, nesting depth, number grammar, control characters, \u0000), the
 * token walk they share, and line numbers. */
#include "json_check.h"

#include <string.h>

#include "i18n.h"

bool json_check_is_blank(char byte)
{
    return byte == ' ' || byte == '\t' || byte == '\n' || byte == '\r';
}

size_t json_check_skip_blanks(const char *text, size_t length, size_t offset)
{
    while (offset < length && json_check_is_blank(text[offset])) {
        offset++;
    }
    return offset;
}

long json_check_line_number(const char *text, size_t length, size_t offset)
{
    long line = 1;

    for (size_t i = 0; i < offset && i < length; i++) {
        if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == length || text[i + 1] != '\n'))) {
            line++;
        }
    }
    return line;
}

static void set_fault(JsonFault *fault, size_t offset, size_t length, const char *message)
{
    fault->message = message;
    fault->offset = offset;
    fault->length = length;
}

/* ------------------------------------------------------------------------ */
/* Before parsing */

void json_check_survey(const char *text, size_t length, JsonSurvey *survey)
{
    const char *nul = memchr(text, '\0', length);
    bool in_string = false;

    memset(survey, 0, sizeof *survey);
    if (nul != NULL) {
        set_fault(&survey->fault, (size_t)(nul - text), 0, N_("the file contains a NUL byte"));
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

        if (survey->depth > JSON_CHECK_MAX_DEPTH) {
            set_fault(&survey->fault, i, 0,
                      N_("the JSON value is nested too deeply (over 16 levels)"));
            return;
        }
    }
    survey->ends_in_string = in_string;
}

/* ------------------------------------------------------------------------ */
/* After parsing: the token walk */

static bool scanner_fault(JsonScanner *scanner, size_t offset, size_t length,
                          const char *message)
{
    scanner->token = offset;
    set_fault(&scanner->fault, offset, length, message);
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
    while (end < scanner->length && end - start < JSON_CHECK_EXCERPT_MAX
           && is_number_byte(text[end])) {
        end++;
    }
    return scanner_fault(scanner, start, end - start, N_("invalid number"));
}

void json_check_scanner_init(JsonScanner *scanner, const char *text, size_t length)
{
    memset(scanner, 0, sizeof *scanner);
    scanner->text = text;
    scanner->length = length;
}

bool json_check_next_token(JsonScanner *scanner)
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
        if ((unsigned char)byte < 0x20 && !json_check_is_blank(byte)) {
            return scanner_fault(scanner, scanner->offset, 0,
                                 N_("a control character is outside a string"));
        }
        scanner->offset++;
    }
    return false;
}

bool json_check_strict(const char *text, size_t length, JsonFault *fault)
{
    JsonScanner scanner;

    json_check_scanner_init(&scanner, text, length);
    while (json_check_next_token(&scanner)) {
        continue;
    }
    *fault = scanner.fault;
    return scanner.fault.message == NULL;
}
