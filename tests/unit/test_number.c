/* test_number.c: unit tests for number.c: the accepted grammar, the status
 * of each rejected shape, bit-exact agreement with glibc strtod, exact round
 * trips through number_format_exact, and independence from LC_NUMERIC. */
#include "number.h"

#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <setjmp.h>
#include <cmocka.h>

#define GENERATED_TEXTS 2000000
#define MIDPOINT_DOUBLES 20000
#define ROUND_TRIP_DOUBLES 1000000
/* Under valgrind (tests/run with WATERFIT_VALGRIND=1) each case runs about
 * 50 times slower, so the generated cases stop at a hundredth, which still
 * reaches every code path of number.c. */
#define VALGRIND_DIVISOR 100
#define GENERATED_TEXT_SIZE 256
#define LONG_TEXT_SIZE 8192

/* Fixed seed, so that a failure repeats. */
#define RANDOM_SEED UINT64_C(0x9E3779B97F4A7C15)

typedef struct {
    const char *text;
    size_t length; /* 0 means strlen(text) */
    NumberStatus status;
} RejectedCase;

typedef struct {
    const char *text;
    double value;
} AcceptedCase;

typedef struct {
    char text[GENERATED_TEXT_SIZE];
    size_t length;
} Text;

/* ------------------------------------------------------------------------ */
/* Helpers */

/* xorshift64* (Vigna, "An experimental exploration of Marsaglia's xorshift
 * generators, scrambled", 2016). */
static uint64_t random_next(uint64_t *state)
{
    uint64_t x = *state;

    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    return x * UINT64_C(2685821657736338717);
}

static int random_below(uint64_t *state, int bound)
{
    return (int)(random_next(state) % (uint64_t)bound);
}

static int random_between(uint64_t *state, int low, int high)
{
    return low + random_below(state, high - low + 1);
}

static uint64_t bits_of(double value)
{
    uint64_t bits;

    memcpy(&bits, &value, sizeof bits);
    return bits;
}

static double double_from_bits(uint64_t bits)
{
    double value;

    memcpy(&value, &bits, sizeof value);
    return value;
}

/* The test program never calls setlocale except in the locale test, which
 * restores "C", so strtod here reads '.' as the decimal point. */
static double reference_strtod(const char *text)
{
    return strtod(text, NULL);
}

/* Parses text (NUL-terminated) and fails, naming the text, unless the
 * status is NUMBER_OK and the value has the expected bits. */
/* Returns how many generated cases to run: count, or a hundredth of it
 * under valgrind. */
static long case_count(long count)
{
    const char *valgrind = getenv("WATERFIT_VALGRIND");

    return valgrind != NULL && strcmp(valgrind, "1") == 0 ? count / VALGRIND_DIVISOR : count;
}

static void assert_parses_to(const char *text, double expected)
{
    double value = 0.0;
    NumberStatus status = number_parse(text, strlen(text), &value);

    if (status != NUMBER_OK) {
        fail_msg("'%.80s': expected NUMBER_OK (0), got status %d", text, (int)status);
    }
    if (bits_of(value) != bits_of(expected)) {
        fail_msg("'%.80s': expected %a, got %a", text, expected, value);
    }
}

/* Checks number_parse against strtod on a NUL-terminated text that strtod
 * reads completely: an infinite strtod result must be NUMBER_OUT_OF_RANGE. */
static void assert_parses_like_strtod(const char *text, size_t length)
{
    double expected = reference_strtod(text);
    double value = 0.0;
    NumberStatus status = number_parse(text, length, &value);

    if (isinf(expected)) {
        if (status != NUMBER_OUT_OF_RANGE) {
            fail_msg("'%.80s': expected NUMBER_OUT_OF_RANGE (7), got status %d", text,
                     (int)status);
        }
        return;
    }
    if (status != NUMBER_OK) {
        fail_msg("'%.80s': expected NUMBER_OK (0), got status %d", text, (int)status);
    }
    if (bits_of(value) != bits_of(expected)) {
        fail_msg("'%.80s': expected %a, got %a", text, expected, value);
    }
}

/* Multiplies the decimal integer in digits (most significant first) by
 * factor, times times, in place. digits must have room for the result. */
static void multiply_decimal(char *digits, int factor, int times)
{
    for (int step = 0; step < times; step++) {
        size_t length = strlen(digits);
        int carry = 0;

        for (size_t i = length; i-- > 0;) {
            int product = (digits[i] - '0') * factor + carry;

            digits[i] = (char)('0' + product % 10);
            carry = product / 10;
        }
        while (carry != 0) {
            memmove(digits + 1, digits, strlen(digits) + 1);
            digits[0] = (char)('0' + carry % 10);
            carry /= 10;
        }
    }
}

/* Writes the exponent decimal digits of 2^-exponent after the point, which
 * are 5^exponent with leading zeros (2^-k = 5^k / 10^k). */
static void write_power_of_half(int exponent, char *digits)
{
    size_t length;

    strcpy(digits, "1");
    multiply_decimal(digits, 5, exponent);
    length = strlen(digits);
    memmove(digits + (size_t)exponent - length, digits, length + 1);
    memset(digits, '0', (size_t)exponent - length);
}

/* JSON number grammar (RFC 8259, section 6):
 * -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static bool is_json_number(const char *p)
{
    if (*p == '-') {
        p++;
    }
    if (*p == '0') {
        p++;
    } else if (*p >= '1' && *p <= '9') {
        p += strspn(p, "0123456789");
    } else {
        return false;
    }
    if (*p == '.') {
        size_t fraction = strspn(p + 1, "0123456789");

        if (fraction == 0) {
            return false;
        }
        p += 1 + fraction;
    }
    if (*p == 'e' || *p == 'E') {
        size_t exponent;

        p++;
        p += (*p == '+' || *p == '-');
        exponent = strspn(p, "0123456789");
        if (exponent == 0) {
            return false;
        }
        p += exponent;
    }
    return *p == '\0';
}

/* Counts the significant digits before any exponent ("0.0250" has 3). */
static int count_significant_digits(const char *text)
{
    int count = 0;
    int trailing_zeros = 0;

    for (const char *p = text; *p != '\0' && *p != 'e'; p++) {
        if (*p < '0' || *p > '9' || (count == 0 && *p == '0')) {
            continue;
        }
        count++;
        trailing_zeros = *p == '0' ? trailing_zeros + 1 : 0;
    }
    return count - trailing_zeros;
}

/* Fails unless text, which reads back to value, has 15 or fewer significant
 * digits or one less than it has does not read back with strtod. %g drops
 * trailing zeros, so a text with 16 or 17 digits came from that precision,
 * and a text that reads back at one precision does at every higher one. */
static void assert_fewest_digits(double value, const char *text)
{
    int digits = count_significant_digits(text);
    char shorter[320];

    if (digits > 17) {
        fail_msg("%a: '%s' has %d significant digits, expected at most 17", value, text, digits);
    }
    if (digits <= 15) {
        return;
    }
    snprintf(shorter, sizeof shorter, "%.*g", digits - 1, value);
    if (bits_of(reference_strtod(shorter)) == bits_of(value)) {
        fail_msg("%a: expected '%s' with %d digits, got '%s'", value, shorter, digits - 1, text);
    }
}

/* ------------------------------------------------------------------------ */
/* Generated decimal texts */

static void text_append(Text *text, char c)
{
    if (text->length + 1 >= sizeof text->text) {
        fail_msg("generated text longer than %zu bytes", sizeof text->text);
    }
    text->text[text->length++] = c;
    text->text[text->length] = '\0';
}

static void text_append_string(Text *text, const char *string)
{
    while (*string != '\0') {
        text_append(text, *string++);
    }
}

static void text_append_integer(Text *text, int value)
{
    char buffer[16];

    snprintf(buffer, sizeof buffer, "%d", value);
    text_append_string(text, buffer);
}

/* Appends count digits: random ones, or runs of nines or zeros, which sit
 * next to powers of ten and to halfway cases. */
static void append_mantissa_digits(Text *text, uint64_t *random, int count)
{
    int pattern = random_below(random, 8);

    for (int i = 0; i < count; i++) {
        bool tail = i >= count - 2;

        if (pattern == 0 && !tail) {
            text_append(text, '9');
        } else if (pattern == 1 && !tail) {
            text_append(text, i == 0 ? '1' : '0');
        } else {
            text_append(text, (char)('0' + random_below(random, 10)));
        }
    }
}

static int random_digit_count(uint64_t *random)
{
    int size_class = random_below(random, 10);

    if (size_class < 4) {
        return random_between(random, 1, 8);
    } else if (size_class < 6) {
        return random_between(random, 9, 15);
    } else if (size_class < 8) {
        return random_between(random, 16, 19);
    } else if (size_class < 9) {
        return random_between(random, 20, 40);
    }
    return random_between(random, 41, 120);
}

/* Returns an exponent that puts the leading digit near 10^magnitude, where
 * magnitude is small, anywhere, near overflow or among the subnormals. */
static int random_exponent(uint64_t *random, int integer_digits)
{
    int magnitude;

    switch (random_below(random, 4)) {
    case 0:
        magnitude = random_between(random, -25, 25);
        break;
    case 1:
        magnitude = random_between(random, -400, 400);
        break;
    case 2:
        magnitude = random_between(random, 305, 309);
        break;
    default:
        magnitude = random_between(random, -330, -305);
        break;
    }
    return magnitude - integer_digits + 1;
}

static void append_exponent(Text *text, uint64_t *random, int integer_digits)
{
    int exponent = random_exponent(random, integer_digits);

    text_append(text, random_below(random, 2) == 0 ? 'e' : 'E');
    if (exponent < 0) {
        text_append(text, '-');
    } else if (random_below(random, 3) == 0) {
        text_append(text, '+');
    }
    if (random_below(random, 8) == 0) {
        text_append(text, '0');
    }
    text_append_integer(text, abs(exponent));
}

/* Fills text with one decimal text of a random shape: sign, leading zeros,
 * 1 to 120 digits, point anywhere or nowhere, exponent or none, blanks. */
static void generate_decimal(Text *text, uint64_t *random)
{
    int digit_count = random_digit_count(random);
    int point = random_below(random, 3) == 0 ? -1 : random_between(random, 0, digit_count);
    int integer_digits = point < 0 ? digit_count : point;
    int sign = random_below(random, 4);
    Text digits = {.length = 0};

    text->length = 0;
    text->text[0] = '\0';
    if (random_below(random, 16) == 0) {
        text_append(text, ' ');
    }
    if (sign == 0) {
        text_append(text, '-');
    } else if (sign == 1) {
        text_append(text, '+');
    }
    if (random_below(random, 6) == 0) {
        text_append_string(text, random_below(random, 2) == 0 ? "0" : "000");
    }

    append_mantissa_digits(&digits, random, digit_count);
    for (int i = 0; i < digit_count; i++) {
        if (i == point) {
            text_append(text, '.');
        }
        text_append(text, digits.text[i]);
    }
    if (point == digit_count) {
        text_append(text, '.');
    }

    if (random_below(random, 4) != 0) {
        append_exponent(text, random, integer_digits);
    }
    if (random_below(random, 16) == 0) {
        text_append(text, '\t');
    }
}

/* Significant digits and decimal exponents of values next to rounding
 * boundaries: DBL_MAX, the smallest subnormal 2^-1074, DBL_MIN, 2^53 + 1
 * and 2^-1075. */
static const struct {
    const char *digits;
    int exponent;
} boundary_values[] = {
    {"17976931348623157081452742373170435679807056752584499659891747680315726", 308},
    {"49406564584124654417656879286822137236505980112", -324},
    {"22250738585072013830902327173324040642192159804623318305533274168872044", -308},
    {"22250738585072011", -308},
    {"9007199254740993", 15},
    {"24703282292062327208828439643411068618252990130716238221279284125033775", -324},
};

/* Fills text with a prefix of a boundary value's digits and a random tail. */
static void generate_near_boundary(Text *text, uint64_t *random)
{
    size_t count = sizeof boundary_values / sizeof boundary_values[0];
    size_t which = (size_t)random_below(random, (int)count);
    const char *digits = boundary_values[which].digits;
    int prefix = random_between(random, 2, (int)strlen(digits));

    text->length = 0;
    text->text[0] = '\0';
    text_append_string(text, random_below(random, 2) == 0 ? "-" : "");
    text_append(text, digits[0]);
    text_append(text, '.');
    for (int i = 1; i < prefix; i++) {
        text_append(text, digits[i]);
    }
    append_mantissa_digits(text, random, random_between(random, 0, 20));
    text_append(text, 'e');
    text_append_integer(text, boundary_values[which].exponent);
}

/* ------------------------------------------------------------------------ */
/* Grammar */

static void number_parse_should_accept_valid_shapes(void **state)
{
    static const AcceptedCase cases[] = {
        {"0", 0.0},           {"-0", -0.0},          {"+0", 0.0},
        {"42", 42.0},         {"+42", 42.0},         {"-42", -42.0},
        {".5", 0.5},          {"5.", 5.0},           {"-.5", -0.5},
        {"+5.e1", 50.0},      {"007", 7.0},          {"0.000", 0.0},
        {"1e5", 1e5},         {"1E5", 1e5},          {"1e+5", 1e5},
        {"1e-5", 1e-5},       {"2.5E-3", 2.5e-3},    {"1e0001", 10.0},
        {" 23.5", 23.5},      {"23.5\t", 23.5},      {" \t 1500 \t ", 1500.0},
        {"0.1", 0.1},         {"85.96000000000001", 85.96000000000001},
        {"1e23", 1e23},       {"4.35e30", 4.35e30},  {"9007199254740992", 9007199254740992.0},
        {"9007199254740993", 9007199254740992.0},
        {"123456789012345678901234567890", 123456789012345678901234567890.0},
        {"1.7976931348623157e308", DBL_MAX},
        {"2.2250738585072014e-308", DBL_MIN},
        {"4.9406564584124654e-324", DBL_TRUE_MIN},
        {"2.4703282292062328e-324", DBL_TRUE_MIN},
        {"2.4703282292062327e-324", 0.0},
        {"1e-400", 0.0},      {"-1e-400", -0.0},
        {"0e99999999999999999999999", 0.0},
        {"1e-99999999999999999999999", 0.0},
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_parses_to(cases[i].text, cases[i].value);
    }
}

static void number_parse_should_classify_rejected_shapes(void **state)
{
    static const RejectedCase cases[] = {
        {"", 0, NUMBER_EMPTY},                 {" ", 0, NUMBER_EMPTY},
        {"\t", 0, NUMBER_EMPTY},               {" \t ", 0, NUMBER_EMPTY},
        {"nan", 0, NUMBER_NOT_FINITE},         {"NaN", 0, NUMBER_NOT_FINITE},
        {"-nan", 0, NUMBER_NOT_FINITE},        {"nan(123)", 0, NUMBER_NOT_FINITE},
        {"inf", 0, NUMBER_NOT_FINITE},         {"-Infinity", 0, NUMBER_NOT_FINITE},
        {"+INF", 0, NUMBER_NOT_FINITE},        {"infinity", 0, NUMBER_NOT_FINITE},
        {"InFiNiTy", 0, NUMBER_NOT_FINITE},    {" nan\t", 0, NUMBER_NOT_FINITE},
        {"0x1C", 0, NUMBER_HEXADECIMAL},       {"-0X1p3", 0, NUMBER_HEXADECIMAL},
        {"0x.8p1", 0, NUMBER_HEXADECIMAL},     {" +0xff ", 0, NUMBER_HEXADECIMAL},
        {"22,5", 0, NUMBER_DECIMAL_COMMA},     {"1,234.5", 0, NUMBER_DECIMAL_COMMA},
        {"1.234,5", 0, NUMBER_DECIMAL_COMMA},  {"-22,5 ", 0, NUMBER_DECIMAL_COMMA},
        {"28°C", 0, NUMBER_TRAILING_TEXT},     {"30度", 0, NUMBER_TRAILING_TEXT},
        {"12abc", 0, NUMBER_TRAILING_TEXT},    {"5 6", 0, NUMBER_TRAILING_TEXT},
        {"5EUR", 0, NUMBER_TRAILING_TEXT},     {"23.5 C", 0, NUMBER_TRAILING_TEXT},
        {"1e5x", 0, NUMBER_TRAILING_TEXT},     {"0x", 0, NUMBER_TRAILING_TEXT},
        {"28,", 0, NUMBER_TRAILING_TEXT},      {"1, 2", 0, NUMBER_TRAILING_TEXT},
        {"abc", 0, NUMBER_INVALID},            {"-", 0, NUMBER_INVALID},
        {"+", 0, NUMBER_INVALID},              {".", 0, NUMBER_INVALID},
        {"-.", 0, NUMBER_INVALID},             {"e5", 0, NUMBER_INVALID},
        {"1e", 0, NUMBER_INVALID},             {"1e+", 0, NUMBER_INVALID},
        {"1E- ", 0, NUMBER_INVALID},           {"+-1", 0, NUMBER_INVALID},
        {"--1", 0, NUMBER_INVALID},            {"1..2", 0, NUMBER_INVALID},
        {"1.2.3", 0, NUMBER_INVALID},          {"12-15", 0, NUMBER_INVALID},
        {"- 5", 0, NUMBER_INVALID},            {"$5", 0, NUMBER_INVALID},
        {",5", 0, NUMBER_INVALID},             {"infinite", 0, NUMBER_INVALID},
        {"nanx", 0, NUMBER_INVALID},           {"\xef\xbc\x91", 0, NUMBER_INVALID},
        {"\0", 1, NUMBER_INVALID},             {"1\0", 2, NUMBER_INVALID},
        {"1\0 2", 4, NUMBER_INVALID},          {" \0", 2, NUMBER_INVALID},
        {"0x1\0", 4, NUMBER_INVALID},          {"nan\0", 4, NUMBER_INVALID},
        {"22,5\0", 5, NUMBER_INVALID},         {"1e400", 0, NUMBER_OUT_OF_RANGE},
        {"-1e309", 0, NUMBER_OUT_OF_RANGE},    {"1.8e308", 0, NUMBER_OUT_OF_RANGE},
        {"1.7976931348623159e308", 0, NUMBER_OUT_OF_RANGE},
        {"1e99999999999999999999999", 0, NUMBER_OUT_OF_RANGE},
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t length = cases[i].length != 0 ? cases[i].length : strlen(cases[i].text);
        double value = 0.0;
        NumberStatus status = number_parse(cases[i].text, length, &value);

        if (status != cases[i].status) {
            fail_msg("'%s': expected status %d, got %d", cases[i].text, (int)cases[i].status,
                     (int)status);
        }
    }
}

static void number_parse_should_leave_value_on_failure(void **state)
{
    double value = 123.0;

    (void)state;
    assert_int_equal(number_parse("12abc", 5, &value), NUMBER_TRAILING_TEXT);
    assert_true(value == 123.0);
    assert_int_equal(number_parse("1e400", 5, &value), NUMBER_OUT_OF_RANGE);
    assert_true(value == 123.0);
    assert_int_equal(number_parse("", 0, &value), NUMBER_EMPTY);
    assert_true(value == 123.0);
}

static void number_parse_should_read_only_length_bytes(void **state)
{
    static const char text[] = "12345678901234567890123456789e5x";
    double value = 0.0;

    (void)state;
    assert_int_equal(number_parse(text, 2, &value), NUMBER_OK);
    assert_true(value == 12.0);
    assert_int_equal(number_parse(text, 25, &value), NUMBER_OK);
    assert_true(value == 1234567890123456789012345.0);
    assert_int_equal(number_parse(text, 31, &value), NUMBER_OK);
    assert_true(value == 12345678901234567890123456789e5);
    assert_int_equal(number_parse(text, 30, &value), NUMBER_INVALID);
}

/* ------------------------------------------------------------------------ */
/* Long texts and exact rounding */

static void number_parse_should_read_long_texts(void **state)
{
    static char text[LONG_TEXT_SIZE];

    (void)state;
    /* 0.000...01e4001 with 4000 zeros is 1. */
    strcpy(text, "0.");
    memset(text + 2, '0', 4000);
    strcpy(text + 4002, "1e4001");
    assert_parses_to(text, 1.0);

    /* 1000...0e-4000 with 4000 zeros is 1. */
    text[0] = '1';
    memset(text + 1, '0', 4000);
    strcpy(text + 4001, "e-4000");
    assert_parses_to(text, 1.0);

    /* A 401-digit integer is above DBL_MAX. */
    memset(text + 1, '0', 400);
    text[401] = '\0';
    assert_parses_like_strtod(text, strlen(text));
}

/* A text exactly halfway between two doubles rounds to the even one, and
 * a nonzero digit 1000 places further rounds it up: this checks that the
 * digits beyond the kept ones still count. */
static void number_parse_should_round_exact_halfway_texts(void **state)
{
    static char text[LONG_TEXT_SIZE];
    size_t length;

    (void)state;
    /* 1 + 2^-53, halfway between 1 and 1 + 2^-52. */
    strcpy(text, "1.");
    write_power_of_half(53, text + 2);
    assert_parses_to(text, 1.0);
    length = strlen(text);
    memset(text + length, '0', 1000);
    strcpy(text + length + 1000, "1");
    assert_parses_to(text, nextafter(1.0, 2.0));

    /* 2^-1075, halfway between 0 and the smallest subnormal. */
    strcpy(text, "0.");
    write_power_of_half(1075, text + 2);
    assert_parses_to(text, 0.0);
    length = strlen(text);
    memset(text + length, '0', 1000);
    strcpy(text + length + 1000, "1");
    assert_parses_to(text, DBL_TRUE_MIN);
}

/* DBL_MAX + 2^970, halfway between DBL_MAX and 2^1024, rounds to even,
 * which is 2^1024 and so out of range. Anything below stays DBL_MAX. */
static void number_parse_should_overflow_at_halfway_above_max(void **state)
{
    static char text[LONG_TEXT_SIZE];
    double value = 0.0;

    (void)state;
    strcpy(text, "18014398509481983"); /* 2^54 - 1 */
    multiply_decimal(text, 2, 970);
    assert_int_equal(strlen(text), 309);
    assert_int_equal(number_parse(text, strlen(text), &value), NUMBER_OUT_OF_RANGE);

    /* One less in the last of 309 digits. */
    text[308] = (char)(text[308] - 1);
    assert_parses_to(text, DBL_MAX);

    /* The same value with the point moved and 1000 more zeros. */
    memmove(text + 2, text + 1, 309);
    text[1] = '.';
    memset(text + 310, '9', 1000);
    strcpy(text + 1310, "e308");
    assert_parses_to(text, DBL_MAX);
}

static void number_parse_should_match_strtod_on_generated_texts(void **state)
{
    uint64_t random = RANDOM_SEED;
    long count = case_count(GENERATED_TEXTS);
    Text text;

    (void)state;
    for (long i = 0; i < count; i++) {
        if (random_below(&random, 10) == 0) {
            generate_near_boundary(&text, &random);
        } else {
            generate_decimal(&text, &random);
        }
        assert_parses_like_strtod(text.text, text.length);
    }
}

/* Texts at, just above and just below the exact midpoint between random
 * adjacent doubles. A long double holds the midpoint exactly when it has a
 * 64-bit significand (x86); elsewhere the texts are merely near it. */
static void number_parse_should_match_strtod_near_midpoints(void **state)
{
    static char text[LONG_TEXT_SIZE];
    uint64_t random = RANDOM_SEED;
    long count = case_count(MIDPOINT_DOUBLES);

    (void)state;
    for (long i = 0; i < count; i++) {
        double low = fabs(double_from_bits(random_next(&random)));
        double high = nextafter(low, HUGE_VAL);
        long double midpoint;
        char *exponent;

        if (!isfinite(high)) {
            continue;
        }
        midpoint = (long double)low + ((long double)high - (long double)low) / 2;
        snprintf(text, sizeof text, "%.800Le", midpoint);
        assert_parses_like_strtod(text, strlen(text));

        /* Above: a nonzero digit after the 801 printed ones. */
        exponent = strchr(text, 'e');
        memmove(exponent + 1, exponent, strlen(exponent) + 1);
        *exponent = '1';
        assert_parses_like_strtod(text, strlen(text));

        /* Below: the first 25 significant digits only. */
        memmove(text + 26, strchr(text, 'e'), strlen(strchr(text, 'e')) + 1);
        assert_parses_like_strtod(text, strlen(text));
    }
}

/* ------------------------------------------------------------------------ */
/* Formatting */

static void assert_round_trips(double value)
{
    char text[NUMBER_TEXT_SIZE];
    size_t length = number_format_exact(value, text);
    double back = 0.0;

    if (length != strlen(text) || !is_json_number(text)) {
        fail_msg("%a: '%s' (length %zu) is not a JSON number", value, text, length);
    }
    if (number_parse(text, length, &back) != NUMBER_OK || bits_of(back) != bits_of(value)) {
        fail_msg("%a: '%s' reads back as %a", value, text, back);
    }
    assert_fewest_digits(value, text);
}

static void number_format_exact_should_round_trip_edge_values(void **state)
{
    const double values[] = {
        0.0,     -0.0,          DBL_MIN,       -DBL_MIN,   DBL_MAX,  -DBL_MAX,
        DBL_TRUE_MIN, -DBL_TRUE_MIN, nextafter(DBL_MIN, 0.0), 5e-324, 0.1,
        1.0 / 3.0, 2.0 / 3.0, 40.0,   -300.0,    1e-200,   1e23,
        9007199254740993.0, 0.30000000000000004, 819.9999999997, 123456789.125,
    };

    (void)state;
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        assert_round_trips(values[i]);
    }
}

static void number_format_exact_should_write_shortest_json(void **state)
{
    char text[NUMBER_TEXT_SIZE];

    (void)state;
    number_format_exact(40.0, text);
    assert_string_equal(text, "40");
    number_format_exact(-300.0, text);
    assert_string_equal(text, "-300");
    number_format_exact(0.1, text);
    assert_string_equal(text, "0.1");
    number_format_exact(1e-200, text);
    assert_string_equal(text, "1e-200");
    number_format_exact(-0.0, text);
    assert_string_equal(text, "-0");
    number_format_exact(1.0 / 3.0, text);
    assert_string_equal(text, "0.3333333333333333");
    number_format_exact(0.30000000000000004, text);
    assert_string_equal(text, "0.30000000000000004");
    assert_int_equal(number_format_exact(-DBL_MAX, text), strlen("-1.7976931348623157e+308"));
    assert_string_equal(text, "-1.7976931348623157e+308");
}

static void number_format_exact_should_round_trip_random_doubles(void **state)
{
    uint64_t random = RANDOM_SEED;
    long count = case_count(ROUND_TRIP_DOUBLES);
    long tested = 0;

    (void)state;
    while (tested < count) {
        double value = double_from_bits(random_next(&random));

        if (isfinite(value)) {
            assert_round_trips(value);
            tested++;
        }
    }
}

static void number_format_should_round_to_digits(void **state)
{
    char text[NUMBER_TEXT_SIZE];

    (void)state;
    assert_int_equal(number_format(819.9999999997, 10, text), 3);
    assert_string_equal(text, "820");
    number_format(40.0, 10, text);
    assert_string_equal(text, "40");
    number_format(0.1, 10, text);
    assert_string_equal(text, "0.1");
    number_format(-300.0, 10, text);
    assert_string_equal(text, "-300");
    number_format(2.0 / 3.0, 3, text);
    assert_string_equal(text, "0.667");
    number_format(123456.0, 3, text);
    assert_string_equal(text, "1.23e+05");
    number_format(-1e-300, 2, text);
    assert_string_equal(text, "-1e-300");
}

static void number_format_should_write_negative_zero_as_zero(void **state)
{
    char text[NUMBER_TEXT_SIZE];

    (void)state;
    assert_int_equal(number_format(-0.0, 10, text), 1);
    assert_string_equal(text, "0");
    assert_int_equal(number_format(0.0, 1, text), 1);
    assert_string_equal(text, "0");
}

static void number_format_should_round_trip_with_17_digits(void **state)
{
    uint64_t random = RANDOM_SEED;
    char text[NUMBER_TEXT_SIZE];

    (void)state;
    for (int i = 0; i < 100000; i++) {
        double value = double_from_bits(random_next(&random));
        double back = 0.0;
        size_t length;

        if (!isfinite(value) || value == 0.0) {
            continue;
        }
        length = number_format(value, 17, text);
        if (number_parse(text, length, &back) != NUMBER_OK || bits_of(back) != bits_of(value)) {
            fail_msg("%a: '%s' reads back as %a", value, text, back);
        }
    }
}

/* Values of every shape for the comparison with snprintf; under valgrind
 * (WATERFIT_VALGRIND=1 from tests/run) a fiftieth of them. */
#define FORMAT_SHAPE_VALUES 140000
#define FORMAT_SHAPES 7

/* Returns a value of the shape numbered shape. The shapes are any bit
 * pattern, a short decimal, a prediction 40 * t - 300 from a reading t with
 * one decimal, a binary tie such as 2.5 or 0.125 scaled by a power of ten,
 * a neighbour of a power of ten and a large integer. The last shape is the
 * double next to a decimal with few digits, which lies closest to the
 * rounding boundaries. */
static double format_shape_value(uint64_t *random, int shape)
{
    double power = pow(10.0, random_between(random, -25, 25));
    double decimal = (double)(random_next(random) % UINT64_C(100000000000000000));

    switch (shape) {
    case 0:
        return double_from_bits(random_next(random));
    case 1:
        return decimal / pow(10.0, random_between(random, 0, 34));
    case 2:
        return 40.0 * (random_between(random, -500, 500) / 10.0) - 300.0;
    case 3:
        return (2.0 * random_between(random, 0, 100000) + 1.0) / 2.0
               / pow(2.0, random_below(random, 12)) * power;
    case 4:
        return nextafter(power, random_below(random, 2) == 0 ? 0.0 : (double)INFINITY);
    case 5:
        return (double)(random_next(random) >> random_below(random, 64));
    default:
        return nextafter((double)random_between(random, 1, 99999) * power,
                         random_below(random, 2) == 0 ? 0.0 : (double)INFINITY);
    }
}

/* Checks number_format against snprintf's %.*g in the C locale, where the
 * only difference allowed is "-0" written as "0". */
static void assert_formats_like_snprintf(double value, int digits)
{
    char text[NUMBER_TEXT_SIZE];
    char expected[NUMBER_TEXT_SIZE + 16];
    size_t length = number_format(value, digits, text);

    snprintf(expected, sizeof expected, "%.*g", digits, value);
    if (strcmp(expected, "-0") == 0) {
        strcpy(expected, "0");
    }
    if (strcmp(text, expected) != 0 || length != strlen(expected)) {
        fail_msg("%a with %d digits: expected '%s', got '%s'", value, digits, expected, text);
    }
}

static void number_format_should_match_snprintf_on_every_shape(void **state)
{
    uint64_t random = RANDOM_SEED;
    const char *valgrind = getenv("WATERFIT_VALGRIND");
    long count = valgrind != NULL && strcmp(valgrind, "1") == 0 ? FORMAT_SHAPE_VALUES / 50
                                                                 : FORMAT_SHAPE_VALUES;

    (void)state;
    for (long i = 0; i < count; i++) {
        double value = format_shape_value(&random, (int)(i % FORMAT_SHAPES));

        if (!isfinite(value)) {
            continue;
        }
        for (int digits = 1; digits <= DBL_DECIMAL_DIG; digits++) {
            assert_formats_like_snprintf(value, digits);
            assert_formats_like_snprintf(-value, digits);
        }
    }
}

/* ------------------------------------------------------------------------ */
/* Locale and messages */

static int restore_c_locale(void **state)
{
    (void)state;
    return setlocale(LC_ALL, "C") == NULL ? -1 : 0;
}

static void number_should_ignore_lc_numeric(void **state)
{
    char text[NUMBER_TEXT_SIZE];
    char printed[NUMBER_TEXT_SIZE];
    double value = 0.0;

    (void)state;
    if (setlocale(LC_ALL, "de_DE.UTF-8") == NULL) {
        skip();
    }
    /* The locale is in effect: snprintf writes a decimal comma. */
    snprintf(printed, sizeof printed, "%g", 28.5);
    assert_string_equal(printed, "28,5");

    assert_int_equal(number_parse("28.5", 4, &value), NUMBER_OK);
    assert_true(value == 28.5);
    assert_parses_to("0.1000000000000000055511151231257827", 0.1);
    assert_parses_to("85.960000000000000001", 85.96);
    assert_int_equal(number_parse("28,5", 4, &value), NUMBER_DECIMAL_COMMA);

    number_format_exact(28.5, text);
    assert_string_equal(text, "28.5");
    number_format_exact(1.0 / 3.0, text);
    assert_string_equal(text, "0.3333333333333333");
    number_format(819.9999999997, 10, text);
    assert_string_equal(text, "820");
    number_format(2.0 / 3.0, 3, text);
    assert_string_equal(text, "0.667");
}

static void number_status_text_should_describe_each_status(void **state)
{
    (void)state;
    assert_string_equal(number_status_text(NUMBER_EMPTY), "empty value");
    assert_string_equal(number_status_text(NUMBER_NOT_FINITE), "not a finite number");
    assert_string_equal(number_status_text(NUMBER_HEXADECIMAL),
                        "hexadecimal numbers are not accepted");
    assert_string_equal(number_status_text(NUMBER_DECIMAL_COMMA), "looks like a decimal comma");
    assert_string_equal(number_status_text(NUMBER_TRAILING_TEXT),
                        "unexpected text after the number");
    assert_string_equal(number_status_text(NUMBER_INVALID), "not a decimal number");
    assert_string_equal(number_status_text(NUMBER_OUT_OF_RANGE), "out of range for a double");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(number_parse_should_accept_valid_shapes),
        cmocka_unit_test(number_parse_should_classify_rejected_shapes),
        cmocka_unit_test(number_parse_should_leave_value_on_failure),
        cmocka_unit_test(number_parse_should_read_only_length_bytes),
        cmocka_unit_test(number_parse_should_read_long_texts),
        cmocka_unit_test(number_parse_should_round_exact_halfway_texts),
        cmocka_unit_test(number_parse_should_overflow_at_halfway_above_max),
        cmocka_unit_test(number_parse_should_match_strtod_on_generated_texts),
        cmocka_unit_test(number_parse_should_match_strtod_near_midpoints),
        cmocka_unit_test(number_format_exact_should_round_trip_edge_values),
        cmocka_unit_test(number_format_exact_should_write_shortest_json),
        cmocka_unit_test(number_format_exact_should_round_trip_random_doubles),
        cmocka_unit_test(number_format_should_round_to_digits),
        cmocka_unit_test(number_format_should_write_negative_zero_as_zero),
        cmocka_unit_test(number_format_should_round_trip_with_17_digits),
        cmocka_unit_test(number_format_should_match_snprintf_on_every_shape),
        cmocka_unit_test_teardown(number_should_ignore_lc_numeric, restore_c_locale),
        cmocka_unit_test(number_status_text_should_describe_each_status),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
