/* test_json_check.c: unit tests for json_check.c: blanks, line numbers,
 * the survey before parsing (NUL byte, depth limit, what is left open),
 * the token walk and each strictness fault with its offset. */
#include "json_check.h"

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <setjmp.h>
#include <cmocka.h>

typedef struct {
    const char *text;
    const char *message; /* expected fault */
    size_t offset;
    size_t length;
} FaultCase;

/* Fills *survey for the NUL-terminated text. */
static void survey_text(const char *text, JsonSurvey *survey)
{
    json_check_survey(text, strlen(text), survey);
}

static void json_check_is_blank_should_accept_only_four_bytes(void **state)
{
    (void)state;
    assert_true(json_check_is_blank(' '));
    assert_true(json_check_is_blank('\t'));
    assert_true(json_check_is_blank('\n'));
    assert_true(json_check_is_blank('\r'));
    assert_false(json_check_is_blank('\f'));
    assert_false(json_check_is_blank('\v'));
    assert_false(json_check_is_blank('\0'));
    assert_false(json_check_is_blank('x'));
}

static void json_check_skip_blanks_should_stop_at_text(void **state)
{
    static const char text[] = " \t\r\n{ \f}";

    (void)state;
    assert_int_equal(4, json_check_skip_blanks(text, strlen(text), 0));
    assert_int_equal(4, json_check_skip_blanks(text, strlen(text), 4));
    assert_int_equal(6, json_check_skip_blanks(text, strlen(text), 5));
    assert_int_equal(3, json_check_skip_blanks(text, 3, 0));
}

static void json_check_line_number_should_count_each_line_ending(void **state)
{
    static const char text[] = "a\nb\r\nc\rd\n\ne";
    size_t length = strlen(text);

    (void)state;
    assert_int_equal(1, json_check_line_number(text, length, 0));
    assert_int_equal(1, json_check_line_number(text, length, 1));
    assert_int_equal(2, json_check_line_number(text, length, 2));
    assert_int_equal(2, json_check_line_number(text, length, 4));
    assert_int_equal(3, json_check_line_number(text, length, 5));
    assert_int_equal(4, json_check_line_number(text, length, 7));
    assert_int_equal(6, json_check_line_number(text, length, 10));
}

static void json_check_line_number_should_count_final_lone_cr(void **state)
{
    static const char text[] = "a\r";

    (void)state;
    assert_int_equal(2, json_check_line_number(text, 2, 2));
}

static void json_check_survey_should_find_nul_byte(void **state)
{
    static const char text[] = "{\"a\": 1,\0 \"b\": 2}";
    JsonSurvey survey;

    (void)state;
    json_check_survey(text, sizeof text - 1, &survey);
    assert_string_equal("the file contains a NUL byte", survey.fault.message);
    assert_int_equal(8, survey.fault.offset);
    assert_int_equal(0, survey.fault.length);
}

static void json_check_survey_should_limit_depth(void **state)
{
    char text[2 * JSON_CHECK_MAX_DEPTH + 8];
    JsonSurvey survey;

    (void)state;
    memset(text, '[', JSON_CHECK_MAX_DEPTH);
    memset(text + JSON_CHECK_MAX_DEPTH, ']', JSON_CHECK_MAX_DEPTH);
    text[2 * JSON_CHECK_MAX_DEPTH] = '\0';
    survey_text(text, &survey);
    assert_null(survey.fault.message);
    assert_int_equal(0, survey.depth);

    memset(text, '[', JSON_CHECK_MAX_DEPTH + 1);
    text[JSON_CHECK_MAX_DEPTH + 1] = '\0';
    survey_text(text, &survey);
    assert_string_equal("the JSON value is nested too deeply (over 16 levels)",
                        survey.fault.message);
    assert_int_equal(JSON_CHECK_MAX_DEPTH, survey.fault.offset);
}

static void json_check_survey_should_ignore_brackets_in_strings(void **state)
{
    JsonSurvey survey;

    (void)state;
    survey_text("{\"[[[{\\\"\": [1]}", &survey);
    assert_null(survey.fault.message);
    assert_int_equal(0, survey.depth);
    assert_false(survey.ends_in_string);
    assert_int_equal(1, survey.last_quote);
}

static void json_check_survey_should_note_what_is_left_open(void **state)
{
    JsonSurvey survey;

    (void)state;
    survey_text("{\"a\": [1, 2", &survey);
    assert_null(survey.fault.message);
    assert_int_equal(2, survey.depth);
    assert_false(survey.ends_in_string);

    survey_text("{\"a\": \"b", &survey);
    assert_int_equal(1, survey.depth);
    assert_true(survey.ends_in_string);
    assert_int_equal(6, survey.last_quote);
}

static void json_check_next_token_should_stop_at_keys_and_values(void **state)
{
    static const char text[] = "{\"a\": [1, -2.5e3], \"b\": {\"c\": null}, \"d\": true}";
    static const size_t expected[] = { 0, 1, 6, 7, 10, 19, 24, 25, 30, 37, 42 };
    JsonScanner scanner;

    (void)state;
    json_check_scanner_init(&scanner, text, strlen(text));
    for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++) {
        assert_true(json_check_next_token(&scanner));
        assert_int_equal(expected[i], scanner.token);
    }
    assert_false(json_check_next_token(&scanner));
    assert_null(scanner.fault.message);
}

static void json_check_strict_should_accept_valid_text(void **state)
{
    static const char text[] =
        "{\"n\": [0, -0, 1.5, 10e-3, 2E+8, -7.25e9], \"s\": \"\\u0041\\n\\\"\", "
        "\"x\": \t\r\n false}";
    JsonFault fault = { "unchanged", 1, 1 };

    (void)state;
    assert_true(json_check_strict(text, strlen(text), &fault));
    assert_null(fault.message);
}

static void json_check_strict_should_reject_each_fault(void **state)
{
    static const FaultCase cases[] = {
        { "[01]", "invalid number", 1, 2 },
        { "[1.]", "invalid number", 1, 2 },
        { "[-.5]", "invalid number", 1, 3 },
        { "[1e]", "invalid number", 1, 2 },
        { "[1e+]", "invalid number", 1, 3 },
        { "[-]", "invalid number", 1, 1 },
        { "[1.5.2]", "invalid number", 1, 5 },
        { "[01234567890123456789]", "invalid number", 1, JSON_CHECK_EXCERPT_MAX },
        { "[\"a\tb\"]", "a control character in a string is not escaped", 3, 0 },
        { "[\"a\\u0000b\"]", "a string contains \\u0000", 3, 0 },
        { "[1,\f2]", "a control character is outside a string", 3, 0 },
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        JsonFault fault;

        assert_false(json_check_strict(cases[i].text, strlen(cases[i].text), &fault));
        assert_string_equal(cases[i].message, fault.message);
        assert_int_equal(cases[i].offset, fault.offset);
        assert_int_equal(cases[i].length, fault.length);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(json_check_is_blank_should_accept_only_four_bytes),
        cmocka_unit_test(json_check_skip_blanks_should_stop_at_text),
        cmocka_unit_test(json_check_line_number_should_count_each_line_ending),
        cmocka_unit_test(json_check_line_number_should_count_final_lone_cr),
        cmocka_unit_test(json_check_survey_should_find_nul_byte),
        cmocka_unit_test(json_check_survey_should_limit_depth),
        cmocka_unit_test(json_check_survey_should_ignore_brackets_in_strings),
        cmocka_unit_test(json_check_survey_should_note_what_is_left_open),
        cmocka_unit_test(json_check_next_token_should_stop_at_keys_and_values),
        cmocka_unit_test(json_check_strict_should_accept_valid_text),
        cmocka_unit_test(json_check_strict_should_reject_each_fault),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
