/* number.h: conversion between decimal text and double that never depends on
 * the locale. This is the only place numbers are parsed or formatted. */
#ifndef WATERFIT_NUMBER_H
#define WATERFIT_NUMBER_H

#include <stddef.h>

/* Why a text is not a number, so that messages can say what to fix. */
typedef enum {
    NUMBER_OK,
    NUMBER_EMPTY,         /* nothing but blanks */
    NUMBER_NOT_FINITE,    /* nan, inf, infinity in any case and sign */
    NUMBER_HEXADECIMAL,   /* 0x1C, 0x1p3 */
    NUMBER_DECIMAL_COMMA, /* 22,5 or 1.234,5: digits around a comma */
    NUMBER_TRAILING_TEXT, /* a number followed by other text: 28°C, 30度 */
    NUMBER_INVALID,       /* anything else that is not a decimal number */
    NUMBER_OUT_OF_RANGE   /* magnitude above DBL_MAX, such as 1e400 */
} NumberStatus;

/* Buffer size that every formatted double fits in, with its NUL. */
#define NUMBER_TEXT_SIZE 32

/* Parses the decimal number in text[0..length) into *value, which is the
 * double nearest to the decimal text (round half to even). Accepted:
 * optional blanks (space, tab), optional sign, digits with an optional
 * point (at least one digit), optional exponent e or E with optional sign,
 * optional blanks. A value too small for a double rounds to the nearest
 * double, which may be zero. text need not be NUL-terminated and may contain
 * NUL bytes, which make it NUMBER_INVALID. *value is set only on NUMBER_OK. */
NumberStatus number_parse(const char *text, size_t length, double *value);

/* Returns a short English description of a non-OK status for messages
 * ("not a finite number"), untranslated: callers pass it through gettext. */
const char *number_status_text(NumberStatus status);

/* Writes value with the fewest significant digits (15, 16 or 17) that
 * number_parse reads back to the identical double, in the JSON number
 * grammar ("40", "-300", "0.1", "1e-200"). value must be finite. Returns the
 * length written, excluding the NUL. */
size_t number_format_exact(double value, char text[NUMBER_TEXT_SIZE]);

/* Writes value rounded to digits significant digits (1 to 17) in printf's %g
 * style, without trailing zeros; negative zero is written as "0". value must
 * be finite. Returns the length written, excluding the NUL. */
size_t number_format(double value, int digits, char text[NUMBER_TEXT_SIZE]);

#endif
