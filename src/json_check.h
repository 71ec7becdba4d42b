/* json_check.h: strict checks on JSON text before and after cJSON parses
 * it, and positions in that text. cJSON accepts some text that RFC 8259
 * rejects, and its error pointer gives an offset, not a line. This module
 * works on the bytes alone and does not use cJSON. */
#ifndef WATERFIT_JSON_CHECK_H
#define WATERFIT_JSON_CHECK_H

#include <stdbool.h>
#include <stddef.h>

/* Deepest nesting of objects and arrays that json_check_survey accepts.
 * cJSON parses recursively, so rejecting deeper text before parsing keeps
 * its recursion shallow. A version-1 model file nests 4 levels deep.
 * NOTE: the message for deeper text repeats this number. */
#define JSON_CHECK_MAX_DEPTH 16

/* Most bytes of the text that a message quotes. */
#define JSON_CHECK_EXCERPT_MAX 16

/* A place where the text breaks RFC 8259 or a limit of this module. */
typedef struct {
    const char *message; /* untranslated (N_) text, NULL when there is no fault */
    size_t offset;       /* where the fault is */
    size_t length;       /* bytes from offset to quote after the message, 0 for none */
} JsonFault;

/* What one pass over the bytes finds before cJSON parses them. */
typedef struct {
    JsonFault fault;     /* a NUL byte or too deep nesting */
    bool ends_in_string; /* the last string is never closed */
    size_t last_quote;   /* offset of the quote that opens the last string */
    int depth;           /* brackets still open at the end */
} JsonSurvey;

/* A walk over the tokens of a JSON value that cJSON has accepted. A token
 * is a key or the start of a value. The walk skips punctuation and blanks. */
typedef struct {
    const char *text;
    size_t length;   /* end of the JSON value */
    size_t offset;   /* next byte to scan */
    size_t token;    /* offset of the last token found */
    JsonFault fault; /* the first fault found, which ends the walk */
} JsonScanner;

/* Returns whether byte is one of the four blanks that JSON allows between
 * tokens: space, tab, line feed and carriage return. */
bool json_check_is_blank(char byte);

/* Returns the offset of the first byte at or after offset that is not a
 * JSON blank, or length when there is none. */
size_t json_check_skip_blanks(const char *text, size_t length, size_t offset);

/* Returns the 1-based line of text[offset]. CRLF, LF and a lone CR each end
 * one line. */
long json_check_line_number(const char *text, size_t length, size_t offset);

/* Fills *survey for text[0..length), which need not be NUL-terminated.
 * Sets survey->fault at the first NUL byte, which no JSON text contains and
 * which would cut C strings short, or where the nesting first goes deeper
 * than JSON_CHECK_MAX_DEPTH. Otherwise notes what is left open at the end,
 * which distinguishes truncated text from other syntax errors. */
void json_check_survey(const char *text, size_t length, JsonSurvey *survey);

/* Starts a token walk over text[0..length), which must be one JSON value
 * that cJSON has parsed. */
void json_check_scanner_init(JsonScanner *scanner, const char *text, size_t length);

/* Moves to the next token and sets scanner->token to its offset. Returns
 * false at the end of the value, or at a fault, which it records in
 * scanner->fault: a number that breaks the grammar of RFC 8259 (01, 1.,
 * -.5), a raw control character in a string or between tokens, or \u0000
 * in a string. */
bool json_check_next_token(JsonScanner *scanner);

/* Walks every token of text[0..length), as for json_check_next_token.
 * Returns true when the value follows RFC 8259, and false with *fault set
 * otherwise. */
bool json_check_strict(const char *text, size_t length, JsonFault *fault);

#endif
