/* number.c: locale-independent conversion between decimal text and double.
 * Parsing validates the grammar in one pass, converts short numbers exactly
 * with Clinger's fast path and hands the rest to strtod on a normalized copy
 * that contains no decimal point. */
#include "number.h"

#include <assert.h>
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

/* Every 19-digit decimal integer fits in a uint64_t (10^19 - 1 < 2^64). */
#define NUMBER_FAST_DIGITS 19

/* Integers up to 2^53 convert to double exactly. */
#define NUMBER_EXACT_INTEGER (UINT64_C(1) << 53)

/* Largest e with 10^e exactly representable as a double (5^22 < 2^53). */
#define NUMBER_EXACT_POWER 22

/* Significant digits kept for strtod. A midpoint between adjacent doubles
 * has at most 768 significant digits: the longest are odd multiples of
 * 2^-1075 just below 2^-1021. So no midpoint lies strictly between a text
 * cut to 800 digits and the next 800-digit value. The cut text with one
 * nonzero sticky digit for the rest therefore rounds like the full text. */
#define NUMBER_KEPT_DIGITS 800

/* The written exponent saturates here. Saturation cannot change the result
 * as long as the text has fewer than about 10^17 digits to shift it back. */
#define NUMBER_EXPONENT_LIMIT INT64_C(100000000000000000)

/* Sign, kept digits, sticky digit, 'e', exponent sign and digits, NUL. */
#define NUMBER_NORMALIZED_SIZE (NUMBER_KEPT_DIGITS + 32)

/* Maximum significant digits that number_format writes without snprintf.
 * A 15-digit integer is below 2^52, so a double still keeps its fraction. */
#define NUMBER_FAST_FORMAT_DIGITS 15

/* snprintf output before the decimal point is normalized: the point of some
 * locales is a multibyte string. */
#define NUMBER_PRINT_SIZE (NUMBER_TEXT_SIZE + 16)

/* The fast path needs each multiplication and division rounded once, to
 * double. With FLT_EVAL_METHOD != 0 (x87) it may be rounded twice. */
#define NUMBER_FAST_PATH_EXACT (FLT_EVAL_METHOD == 0)

static const double number_powers_of_ten[NUMBER_EXACT_POWER + 1] = {
    1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

static const uint64_t number_integer_powers_of_ten[] = {
    UINT64_C(1),           UINT64_C(10),           UINT64_C(100),
    UINT64_C(1000),        UINT64_C(10000),        UINT64_C(100000),
    UINT64_C(1000000),     UINT64_C(10000000),     UINT64_C(100000000),
    UINT64_C(1000000000),  UINT64_C(10000000000),  UINT64_C(100000000000),
    UINT64_C(1000000000000), UINT64_C(10000000000000), UINT64_C(100000000000000),
    UINT64_C(1000000000000000),
};

#define NUMBER_INTEGER_POWERS \
    ((int)(sizeof number_integer_powers_of_ten / sizeof number_integer_powers_of_ten[0]))

/* The pieces of a valid decimal text, found by number_scan. */
typedef struct {
    bool negative;
    const char *digits_begin; /* mantissa start, after redundant leading zeros */
    const char *digits_end;   /* end of the mantissa, before any exponent */
    int64_t digit_count;      /* digits in [digits_begin, digits_end) */
    int64_t fraction_digits;  /* digits after the point, leading zeros included */
    uint64_t mantissa;        /* the digits as an integer, exact if digit_count <= 19 */
    int64_t exponent;         /* the written exponent, saturated */
} NumberScan;

static bool number_is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static bool number_is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool number_is_ascii_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* An ASCII letter or a byte of a UTF-8 sequence, which starts a word such
 * as a unit ("5EUR", "30度"). */
static bool number_is_letter(char c)
{
    return number_is_ascii_letter(c) || (unsigned char)c >= 0x80;
}

static const char *number_skip_blanks(const char *p, const char *end)
{
    while (p < end && number_is_blank(*p)) {
        p++;
    }
    return p;
}

/* Accumulates a run of digits into *mantissa (wrapping past 19 digits, when
 * the caller no longer uses it) and returns the end of the run. */
static const char *number_scan_digits(const char *p, const char *end, uint64_t *mantissa)
{
    uint64_t accumulated = *mantissa;

    while (p < end && number_is_digit(*p)) {
        accumulated = accumulated * 10 + (uint64_t)(*p - '0');
        p++;
    }
    *mantissa = accumulated;
    return p;
}

/* Returns whether [p, end) starts with word, ignoring ASCII case. */
static bool number_starts_with_word(const char *p, const char *end, const char *word)
{
    size_t length = strlen(word);

    if ((size_t)(end - p) < length) {
        return false;
    }
    for (size_t i = 0; i < length; i++) {
        char c = p[i];

        if (c >= 'A' && c <= 'Z') {
            c = (char)(c - 'A' + 'a');
        }
        if (c != word[i]) {
            return false;
        }
    }
    return true;
}

/* Returns the end of a NaN payload "(n-char-sequence)" as C17 7.22.1.3
 * defines it for strtod, or p when there is none. */
static const char *number_skip_nan_payload(const char *p, const char *end)
{
    const char *q = p;

    if (q == end || *q != '(') {
        return p;
    }
    q++;
    while (q < end && (number_is_digit(*q) || number_is_ascii_letter(*q) || *q == '_')) {
        q++;
    }
    if (q == end || *q != ')') {
        return p;
    }
    return q + 1;
}

/* Classifies a text whose sign is followed by neither a digit nor a point:
 * the words strtod reads as NaN or infinity, or nothing numeric at all. */
static NumberStatus number_classify_word(const char *p, const char *end)
{
    const char *word_end = NULL;

    if (number_starts_with_word(p, end, "infinity")) {
        word_end = p + 8;
    } else if (number_starts_with_word(p, end, "inf")) {
        word_end = p + 3;
    } else if (number_starts_with_word(p, end, "nan")) {
        word_end = number_skip_nan_payload(p + 3, end);
    } else {
        return NUMBER_INVALID;
    }

    if (number_skip_blanks(word_end, end) != end) {
        return NUMBER_INVALID;
    }
    return NUMBER_NOT_FINITE;
}

/* Returns whether p starts a C99 hexadecimal floating constant after its
 * sign: "0x" followed by a hexadecimal digit or a point. */
static bool number_is_hexadecimal(const char *p, const char *end)
{
    char c;

    if (end - p < 3 || p[0] != '0' || (p[1] != 'x' && p[1] != 'X')) {
        return false;
    }
    c = p[2];
    return number_is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '.';
}

/* Scans digits with an optional point, at least one digit in all, into
 * scan. Returns the end of the mantissa, or NULL when there is no digit. */
static const char *number_scan_mantissa(const char *p, const char *end, NumberScan *scan)
{
    const char *integer_end;

    while (p < end && *p == '0' && p + 1 < end && number_is_digit(p[1])) {
        p++;
    }
    scan->digits_begin = p;
    integer_end = number_scan_digits(p, end, &scan->mantissa);
    scan->digit_count = integer_end - p;
    scan->fraction_digits = 0;
    p = integer_end;

    if (p < end && *p == '.') {
        const char *fraction_end = number_scan_digits(p + 1, end, &scan->mantissa);

        scan->fraction_digits = fraction_end - (p + 1);
        scan->digit_count += scan->fraction_digits;
        p = fraction_end;
    }
    scan->digits_end = p;
    return scan->digit_count > 0 ? p : NULL;
}

/* Scans an exponent "e[sign]digits" at p, if there is one, into
 * scan->exponent. Returns the end of the exponent, p when there is none or
 * the 'e' starts a word ("5EUR"), or NULL when it has no digits ("1e+"). */
static const char *number_scan_exponent(const char *p, const char *end, NumberScan *scan)
{
    const char *q = p + 1;
    bool negative = false;
    int64_t exponent = 0;

    scan->exponent = 0;
    if (p == end || (*p != 'e' && *p != 'E')) {
        return p;
    }
    if (q < end && (*q == '+' || *q == '-')) {
        negative = *q == '-';
        q++;
    } else if (q < end && number_is_letter(*q)) {
        return p;
    }
    if (q == end || !number_is_digit(*q)) {
        return NULL;
    }

    for (; q < end && number_is_digit(*q); q++) {
        if (exponent < NUMBER_EXPONENT_LIMIT) {
            exponent = exponent * 10 + (*q - '0');
        }
    }
    scan->exponent = negative ? -exponent : exponent;
    return q;
}

/* Classifies what follows a valid number at p: blanks only, a decimal comma
 * ("22,5"), a malformed number ("1..2", "1-2") or other trailing text. */
static NumberStatus number_classify_rest(const char *p, const char *end)
{
    const char *rest;

    if (p < end && *p == ',' && number_is_digit(p[-1]) && p + 1 < end
        && number_is_digit(p[1])) {
        return NUMBER_DECIMAL_COMMA;
    }
    if (p < end && (*p == '.' || *p == '+' || *p == '-')) {
        return NUMBER_INVALID;
    }

    rest = number_skip_blanks(p, end);
    return rest == end ? NUMBER_OK : NUMBER_TRAILING_TEXT;
}

/* Validates text[0..length) against the grammar in number.h and fills scan
 * for a valid one. */
static NumberStatus number_scan(const char *text, size_t length, NumberScan *scan)
{
    const char *end = text + length;
    const char *p = number_skip_blanks(text, end);
    const char *number_end;

    if (p == end) {
        return NUMBER_EMPTY;
    }
    scan->negative = *p == '-';
    if (*p == '+' || *p == '-') {
        p++;
    }
    if (number_is_hexadecimal(p, end)) {
        return NUMBER_HEXADECIMAL;
    }

    scan->mantissa = 0;
    number_end = number_scan_mantissa(p, end, scan);
    if (number_end == NULL) {
        return number_classify_word(p, end);
    }
    number_end = number_scan_exponent(number_end, end, scan);
    if (number_end == NULL) {
        return NUMBER_INVALID;
    }
    return number_classify_rest(number_end, end);
}

/* Multiplies the mantissa by 10^(exponent - 22) when the product stays an
 * exact double, so that the remaining factor is 1e22. Returns false when it
 * would not. */
static bool number_shift_mantissa(uint64_t *mantissa, int64_t exponent)
{
    int64_t shift = exponent - NUMBER_EXACT_POWER;
    uint64_t power;

    if (shift >= NUMBER_INTEGER_POWERS) {
        return false;
    }
    power = number_integer_powers_of_ten[shift];
    if (*mantissa > NUMBER_EXACT_INTEGER / power) {
        return false;
    }
    *mantissa *= power;
    return true;
}

/* Converts short decimals exactly with the fast path of W. D. Clinger, "How
 * to Read Floating Point Numbers Accurately", PLDI 1990. The mantissa and
 * 10^|e| are both exact doubles, so the one rounded product or quotient is
 * the nearest double. Returns false when the number is outside that range. */
static bool number_convert_fast(const NumberScan *scan, double *value)
{
    uint64_t mantissa = scan->mantissa;
    int64_t exponent = scan->exponent - scan->fraction_digits;
    double result;

    if (!NUMBER_FAST_PATH_EXACT || scan->digit_count > NUMBER_FAST_DIGITS
        || mantissa > NUMBER_EXACT_INTEGER) {
        return false;
    }
    if (mantissa != 0 && exponent > NUMBER_EXACT_POWER) {
        if (!number_shift_mantissa(&mantissa, exponent)) {
            return false;
        }
        exponent = NUMBER_EXACT_POWER;
    }

    if (mantissa == 0) {
        result = 0.0;
    } else if (exponent < -NUMBER_EXACT_POWER) {
        return false;
    } else if (exponent < 0) {
        result = (double)mantissa / number_powers_of_ten[-exponent];
    } else {
        result = (double)mantissa * number_powers_of_ten[exponent];
    }
    *value = scan->negative ? -result : result;
    return true;
}

/* Appends a decimal exponent "e-123" at out and returns the new end. */
static char *number_write_exponent(char *out, int64_t exponent)
{
    char digits[24];
    int count = 0;
    uint64_t magnitude = exponent < 0 ? (uint64_t)(-exponent) : (uint64_t)exponent;

    *out++ = 'e';
    if (exponent < 0) {
        *out++ = '-';
    }
    do {
        digits[count++] = (char)('0' + magnitude % 10);
        magnitude /= 10;
    } while (magnitude != 0);
    while (count > 0) {
        *out++ = digits[--count];
    }
    return out;
}

/* Writes the scanned number to normalized as "[-]digits e exponent", with
 * no point and at most NUMBER_KEPT_DIGITS significant digits plus a sticky
 * digit. Having no point makes strtod's result independent of LC_NUMERIC. */
static void number_normalize(const NumberScan *scan, char normalized[NUMBER_NORMALIZED_SIZE])
{
    char *out = normalized;
    int64_t kept = 0;
    int64_t dropped = 0;
    bool dropped_nonzero = false;

    if (scan->negative) {
        *out++ = '-';
    }
    for (const char *p = scan->digits_begin; p < scan->digits_end; p++) {
        if (*p == '.' || (kept == 0 && *p == '0')) {
            continue;
        }
        if (kept < NUMBER_KEPT_DIGITS) {
            *out++ = *p;
            kept++;
        } else {
            dropped++;
            dropped_nonzero = dropped_nonzero || *p != '0';
        }
    }

    if (kept == 0) {
        *out++ = '0';
    }
    if (dropped_nonzero) {
        *out++ = '1';
        dropped--;
    }
    out = number_write_exponent(out, scan->exponent - scan->fraction_digits + dropped);
    *out = '\0';
}

/* Converts the scanned number with strtod, which glibc rounds correctly at
 * any length. A result too large for a double is out of range. strtod also
 * sets ERANGE for a result that rounds to a subnormal or zero, which is
 * accepted. */
static NumberStatus number_convert_slow(const NumberScan *scan, double *value)
{
    char normalized[NUMBER_NORMALIZED_SIZE];
    char *end;
    double result;

    number_normalize(scan, normalized);
    result = strtod(normalized, &end);
    assert(*end == '\0');

    if (isinf(result)) {
        return NUMBER_OUT_OF_RANGE;
    }
    *value = result;
    return NUMBER_OK;
}

NumberStatus number_parse(const char *text, size_t length, double *value)
{
    NumberScan scan;
    NumberStatus status = number_scan(text, length, &scan);

    if (status != NUMBER_OK) {
        /* Grammar bytes never include NUL, so a valid text has none. */
        if (status != NUMBER_EMPTY && memchr(text, '\0', length) != NULL) {
            return NUMBER_INVALID;
        }
        return status;
    }

    if (number_convert_fast(&scan, value)) {
        return NUMBER_OK;
    }
    return number_convert_slow(&scan, value);
}

const char *number_status_text(NumberStatus status)
{
    switch (status) {
    case NUMBER_OK:
        return N_("no error");
    case NUMBER_EMPTY:
        return N_("empty value");
    case NUMBER_NOT_FINITE:
        return N_("not a finite number");
    case NUMBER_HEXADECIMAL:
        return N_("hexadecimal numbers are not accepted");
    case NUMBER_DECIMAL_COMMA:
        return N_("looks like a decimal comma");
    case NUMBER_TRAILING_TEXT:
        return N_("unexpected text after the number");
    case NUMBER_INVALID:
        return N_("not a decimal number");
    case NUMBER_OUT_OF_RANGE:
        return N_("out of range for a double");
    }
    return N_("not a decimal number");
}

/* Formats value with %.*g and replaces the decimal point of the current
 * LC_NUMERIC, which may be "," or a multibyte string, with '.'. %g writes
 * only digits, '-', '+', 'e' and the point, so every other byte belongs to
 * the point. */
static size_t number_print(double value, int precision, char text[NUMBER_TEXT_SIZE])
{
    char printed[NUMBER_PRINT_SIZE];
    int printed_length = snprintf(printed, sizeof printed, "%.*g", precision, value);
    size_t length = 0;
    bool in_point = false;

    assert(printed_length > 0);
    assert((size_t)printed_length < sizeof printed);
    for (int i = 0; i < printed_length; i++) {
        char c = printed[i];

        assert(length + 1 < NUMBER_TEXT_SIZE);
        if (number_is_digit(c) || c == '-' || c == '+' || c == 'e') {
            text[length++] = c;
            in_point = false;
        } else if (!in_point) {
            text[length++] = '.';
            in_point = true;
        }
    }
    text[length] = '\0';
    return length;
}

size_t number_format_exact(double value, char text[NUMBER_TEXT_SIZE])
{
    assert(isfinite(value));

    /* DBL_DECIMAL_DIG (17) digits read back to every double (C11
     * 5.2.4.2.2), so the last precision always succeeds. */
    for (int precision = DBL_DIG; precision < DBL_DECIMAL_DIG; precision++) {
        size_t length = number_print(value, precision, text);
        double parsed;

        if (number_parse(text, length, &parsed) == NUMBER_OK
            && memcmp(&parsed, &value, sizeof value) == 0) {
            return length;
        }
    }
    return number_print(value, DBL_DECIMAL_DIG, text);
}

static uint64_t bits_of_double(double value)
{
    uint64_t bits;

    memcpy(&bits, &value, sizeof bits);
    return bits;
}

/* Writes the digits of n, which has exactly count digits, to digits. */
static void number_write_digits(uint64_t n, int count, char *digits)
{
    for (int i = count - 1; i >= 0; i--) {
        digits[i] = (char)('0' + n % 10);
        n /= 10;
    }
}

/* Writes the %g text of the number whose count significant digits are in
 * digits and whose decimal exponent is exponent (digits[0] is the
 * 10^exponent digit), without trailing zeros after the point. C11
 * 7.21.6.1: style e when exponent < -4 or exponent >= count, else style f. */
static char *number_write_g(char *out, const char *digits, int count, int exponent)
{
    int kept = count;

    while (kept > 1 && digits[kept - 1] == '0') {
        kept--;
    }
    if (exponent < -4 || exponent >= count) {
        *out++ = digits[0];
        if (kept > 1) {
            *out++ = '.';
            memcpy(out, digits + 1, (size_t)(kept - 1));
            out += kept - 1;
        }
        out += sprintf(out, "e%c%02d", exponent < 0 ? '-' : '+', abs(exponent));
        return out;
    }
    if (exponent < 0) {
        memcpy(out, "0.0000", (size_t)(1 - exponent));
        out += 1 - exponent;
    } else {
        memcpy(out, digits, (size_t)exponent + 1);
        out += exponent + 1;
        if (kept > exponent + 1) {
            *out++ = '.';
        }
    }
    for (int i = exponent < 0 ? 0 : exponent + 1; i < kept; i++) {
        *out++ = digits[i];
    }
    return out;
}

/* Scales magnitude by 10^scale, an exact double for |scale| <= 22, so the
 * one rounded multiplication or division errs by at most half an ulp. */
static double number_scale(double magnitude, int scale)
{
    if (scale >= 0) {
        return magnitude * number_powers_of_ten[scale];
    }
    return magnitude / number_powers_of_ten[-scale];
}

/* Finds the decimal exponent of magnitude and its first digits significant
 * digits, rounded, as an integer. Returns false when the result is not
 * certain, so that snprintf decides: when the scale is beyond the exact
 * powers of ten, or the scaled value is within its error bound of a tie. */
static bool number_round_digits(double magnitude, int digits, uint64_t *rounded, int *exponent)
{
    /* magnitude >= 2^binary_exponent; exact for normal doubles, and
     * subnormals fail the scale check below. */
    int binary_exponent = (int)((bits_of_double(magnitude) >> 52) & 0x7FF) - 1023;
    double scaled = 0.0;
    double fraction;
    uint64_t integer;

    /* floor(log10(magnitude)), or one less: 0.30103 is log10(2). */
    *exponent = (int)floor(binary_exponent * 0.30102999566398120);
    for (int attempt = 0; attempt < 2; attempt++) {
        int scale = digits - 1 - *exponent;

        if (scale > NUMBER_EXACT_POWER || scale < -NUMBER_EXACT_POWER) {
            return false;
        }
        scaled = number_scale(magnitude, scale);
        if (scaled < number_powers_of_ten[digits]) {
            break;
        }
        ++*exponent;
    }

    /* scaled < 10^15 < 2^52, so its ulp is at most 0.5 and below
     * scaled * 2^-52: outside that margin of a tie, the exact product
     * rounds the same way. */
    if (!(scaled < number_powers_of_ten[digits])) {
        return false;
    }
    integer = (uint64_t)scaled; /* truncation: floor, as scaled > 0 */
    fraction = scaled - (double)integer;
    if (fabs(fraction - 0.5) <= scaled * 0x1p-52) {
        return false;
    }
    *rounded = integer + (fraction > 0.5);
    return *rounded >= number_integer_powers_of_ten[digits - 1];
}

/* Formats like "%.*g" without snprintf, which dominates the time of
 * streaming predictions, for precisions up to NUMBER_FAST_FORMAT_DIGITS and
 * magnitudes whose scaling by a power of ten is exact enough. Returns 0
 * when it cannot be sure of the result. */
static size_t number_format_fast(double value, int digits, char text[NUMBER_TEXT_SIZE])
{
    char digit_text[NUMBER_FAST_FORMAT_DIGITS];
    char *out = text;
    uint64_t rounded;
    int exponent;

    if (!NUMBER_FAST_PATH_EXACT || digits > NUMBER_FAST_FORMAT_DIGITS) {
        return 0;
    }
    if (value == 0.0) {
        return (size_t)(stpcpy(text, "0") - text);
    }
    if (!number_round_digits(fabs(value), digits, &rounded, &exponent)) {
        return 0;
    }

    /* Rounding up to 10^digits carries into the next power of ten. */
    if (rounded == number_integer_powers_of_ten[digits]) {
        rounded = number_integer_powers_of_ten[digits - 1];
        exponent++;
    }
    number_write_digits(rounded, digits, digit_text);
    if (value < 0.0) {
        *out++ = '-';
    }
    out = number_write_g(out, digit_text, digits, exponent);
    *out = '\0';
    return (size_t)(out - text);
}

size_t number_format(double value, int digits, char text[NUMBER_TEXT_SIZE])
{
    size_t length;

    assert(isfinite(value));
    assert(digits >= 1);
    assert(digits <= DBL_DECIMAL_DIG);

    length = number_format_fast(value, digits, text);
    if (length > 0) {
        return length;
    }
    length = number_print(value, digits, text);
    /* Only zero prints as "-0" under %g, but check the text anyway. */
    if (strcmp(text, "-0") == 0) {
        memmove(text, text + 1, length);
        length--;
    }
    return length;
}
