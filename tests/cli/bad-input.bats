#!/usr/bin/env bats
# Bad input, one kind of fault per section, each in several spellings: the
# exit status, the exact message with file, physical line and column, and
# that a failed run leaves an existing model file as it was with no
# temporary file beside it. Faults that must not matter give the same model
# as the clean file, byte for byte.

bats_require_minimum_version 1.5.0
load helpers

BAD=$DATA/bad
MODEL=$BAD/00m-model-fixed.json

# assert_equal ACTUAL EXPECTED
assert_equal() {
    if [ "$1" != "$2" ]; then
        printf 'expected: %s\nactual:   %s\n' "$2" "$1"
        return 1
    fi
}

assert_status() {
    assert_equal "$status" "$1"
}

# A failed run leaves model.json as it was, and no temporary file.
assert_model_kept() {
    cmp model.json "$MODEL"
    assert_equal "$(find . -name '.model.json.*')" ""
}

# train_fails STATUS MESSAGE ARGS...: trains with ARGS and -o model.json
# over an existing model, and checks the status, that stderr is exactly
# MESSAGE and stdout empty, and that the model file is kept.
train_fails() {
    local expected_status=$1
    local expected_message=$2
    shift 2
    cp "$MODEL" model.json
    run --separate-stderr wf train "$@" -o model.json
    assert_status "$expected_status"
    assert_equal "$stderr" "$expected_message"
    assert_equal "$output" ""
    assert_model_kept
}

# train_matches REFERENCE ARGS...: trains with ARGS and checks that the
# model is byte for byte REFERENCE.
train_matches() {
    local reference=$1
    shift
    run --separate-stderr wf train -q "$@" -o trained.json
    assert_status 0
    assert_equal "$stderr" ""
    cmp trained.json "$reference"
}

# The clean eight rows with a header, and without one.
train_baselines() {
    wf train -q "$BAD/00-baseline.csv" -o baseline.json
    wf train -q "$BAD/00b-baseline-noheader.csv" -o baseline-noheader.json
}

# ---------------------------------------------------------------------------
# Byte-order mark

@test "byte-order mark gives the baseline model" {
    train_baselines
    train_matches baseline.json "$BAD/01-bom-header.csv"

    printf '\xef\xbb\xbf' >crlf.csv
    sed 's/$/\r/' "$BAD/00-baseline.csv" >>crlf.csv
    train_matches baseline.json crlf.csv

    printf '\xef\xbb\xbf"temperature","water"\n' >quoted.csv
    tail -n +2 "$BAD/00-baseline.csv" >>quoted.csv
    train_matches baseline.json quoted.csv

    printf '\xef\xbb\xbf' >semicolon.csv
    tr , ';' <"$BAD/00-baseline.csv" >>semicolon.csv
    train_matches baseline.json semicolon.csv

    printf '\xef\xbb\xbf' >noheader.csv
    cat "$BAD/00b-baseline-noheader.csv" >>noheader.csv
    train_matches baseline-noheader.json noheader.csv

    train_matches baseline.json - <"$BAD/01-bom-header.csv"
}

@test "byte-order mark alone is an input without rows" {
    printf '\xef\xbb\xbf' >in.csv
    train_fails 65 "waterfit: in.csv: found 0 data rows, but fitting a line needs at least 2" \
        in.csv
}

# ---------------------------------------------------------------------------
# Line ends

@test "CRLF, CR and no final newline give the baseline model" {
    train_baselines
    train_matches baseline.json "$BAD/03-crlf.csv"
    train_matches baseline.json "$BAD/10-no-final-newline.csv"

    tr '\n' '\r' <"$BAD/00-baseline.csv" >cr.csv
    train_matches baseline.json cr.csv

    head -c -1 cr.csv >cr-no-final.csv
    train_matches baseline.json cr-no-final.csv

    head -c -2 "$BAD/03-crlf.csv" >crlf-no-final.csv
    train_matches baseline.json crlf-no-final.csv

    # Mixed line ends and blank lines before, between and after the rows.
    printf '\n\r\ntemperature,water\r\n22,580\r24,655\n\n25,700\r\n27,778\r\r' >mixed.csv
    printf '28,815\n30,905\r\n31,930\r33,1010\n\n\r\n' >>mixed.csv
    train_matches baseline.json mixed.csv

    tr '\n' '\r' <"$BAD/00b-baseline-noheader.csv" >noheader-cr.csv
    train_matches baseline-noheader.json noheader-cr.csv
}

# ---------------------------------------------------------------------------
# Semicolons and decimal commas

@test "semicolon file with decimal commas gets a hint" {
    local hint="the file looks ';'-separated with decimal commas: try -d ';' --decimal-comma"

    cp "$BAD/06-semicolon-decimal-comma.csv" in.csv
    train_fails 65 "waterfit: in.csv:2: column 1 ('temperature'): '22,5' is not a decimal number (looks like a decimal comma); $hint" in.csv

    printf 'temperature;water\n24;655\n25;700\n22,5;590\n' >in.csv
    train_fails 65 "waterfit: in.csv:4: column 1 ('temperature'): '22,5' is not a decimal number (looks like a decimal comma); $hint" in.csv

    printf 'temperature;water\r\n\r\n24;655\r\n25;700,5\r\n' >in.csv
    train_fails 65 "waterfit: in.csv:4: column 2 ('water'): '700,5' is not a decimal number (looks like a decimal comma); $hint" in.csv

    # Without a header the first line has as many commas as semicolons, so
    # ',' is chosen and the ';' shows up inside a field.
    printf '22,5;590\n24;655\n' >in.csv
    train_fails 65 "waterfit: in.csv:1: column 2 ('y'): '5;590' is not a decimal number (unexpected text after the number); $hint" in.csv

    printf 'temperature\twater\n24\t655\n22,5\t590\n' >in.csv
    train_fails 65 "waterfit: in.csv:3: column 1 ('temperature'): '22,5' is not a decimal number (looks like a decimal comma); the values have decimal commas: try --decimal-comma" in.csv
}

@test "semicolon file trains with -d ';' and --decimal-comma" {
    # The same rows with ',' and '.' are the reference.
    tr ',;' '.,' <"$BAD/06-semicolon-decimal-comma.csv" >points.csv
    wf train -q points.csv -o reference.json
    assert_equal "$(field reference.json '.training.rows')" 8

    train_matches reference.json -d ';' --decimal-comma "$BAD/06-semicolon-decimal-comma.csv"
    train_matches reference.json --decimal-comma "$BAD/06-semicolon-decimal-comma.csv"
    sed 's/$/\r/' "$BAD/06-semicolon-decimal-comma.csv" >crlf.csv
    train_matches reference.json --delimiter ';' --decimal-comma crlf.csv
}

@test "decimal comma with a point is a thousands separator" {
    printf 'temperature;water\n22;580\n24;1.580\n' >in.csv
    train_fails 65 "waterfit: in.csv:3: column 2 ('water'): '1.580' is not a decimal number (with --decimal-comma a '.' is a thousands separator, which is not supported)" --decimal-comma in.csv

    printf 'temperature;water\n22;580\n24;1.234,5\n' >in.csv
    train_fails 65 "waterfit: in.csv:3: column 2 ('water'): '1.234,5' is not a decimal number (with --decimal-comma a '.' is a thousands separator, which is not supported)" -d ';' --decimal-comma in.csv

    printf 'temperature,water\n22,580\n' >in.csv
    train_fails 64 "waterfit: decimal commas need a delimiter other than ','; try -d ';'
Try 'waterfit train --help' for more information." -d , --decimal-comma in.csv
}

# ---------------------------------------------------------------------------
# Missing values

@test "missing value names its physical line and column" {
    local empty="empty value; expected a decimal number"

    cp "$BAD/08-missing-value-line-number.csv" in.csv
    train_fails 65 "waterfit: in.csv:6: column 2 ('water'): $empty" in.csv

    printf 'temperature,water\r\n\r\n\r\n22,580\r\n,655\r\n' >in.csv
    train_fails 65 "waterfit: in.csv:5: column 1 ('temperature'): $empty" in.csv

    printf 'temperature,water\r\r22,580\r24,\r' >in.csv
    train_fails 65 "waterfit: in.csv:4: column 2 ('water'): $empty" in.csv

    printf 'temperature,water\n22,580\n\n\n24,""\n' >in.csv
    train_fails 65 "waterfit: in.csv:5: column 2 ('water'): $empty" in.csv

    printf 'temperature,water\n22,580\n24,   \n' >in.csv
    train_fails 65 "waterfit: in.csv:3: column 2 ('water'): $empty" in.csv

    printf 'temperature;water\r\n\r\n22;580\r\n24;\r\n' >in.csv
    train_fails 65 "waterfit: in.csv:4: column 2 ('water'): $empty" in.csv

    # A quoted field over two lines moves the next row down one line.
    printf 'note,temperature,water\n"a\nb",22,580\nc,,655\n' >in.csv
    train_fails 65 "waterfit: in.csv:4: column 2 ('temperature'): $empty" -x 2 in.csv
}

# ---------------------------------------------------------------------------
# Quotes

@test "unterminated quote names the line where it opened" {
    local open="unterminated quoted field (the quote opened here)"

    cp "$BAD/11-unterminated-quote.csv" in.csv
    train_fails 65 "waterfit: in.csv:3: column 2: $open" in.csv

    printf 'temperature,"water\n22,580\n24,655\n' >in.csv
    train_fails 65 "waterfit: in.csv:1: column 2: $open" in.csv

    printf 'temperature,water\n22,580\n"24,655\n25,700\n' >in.csv
    train_fails 65 "waterfit: in.csv:3: column 1: $open" in.csv

    printf 'temperature,water\r\n22,580\r\n\r\n24,"655\r\n25,700\r\n' >in.csv
    train_fails 65 "waterfit: in.csv:4: column 2: $open" in.csv

    printf 'temperature,water\n22,580\n24,"655' >in.csv
    train_fails 65 "waterfit: in.csv:3: column 2: $open" in.csv

    printf 'temperature,water\n22,580\n24,"655\n25,700"x\n' >in.csv
    train_fails 65 "waterfit: in.csv:4: column 2: text after the closing quote of a field that opened at line 3; is a closing quote missing there?" in.csv

    printf 'temperature,water\n22,580\n2"4,655\n' >in.csv
    train_fails 65 "waterfit: in.csv:3: column 1: quote inside an unquoted field; quote the whole field and double each quote in it" in.csv
}

# ---------------------------------------------------------------------------
# Values that strtod would accept

@test "nan and infinity in any case are rejected" {
    cp "$BAD/14-nan-inf-strings.csv" in.csv
    train_fails 65 "waterfit: in.csv:3: column 2 ('water'): 'nan' is not a decimal number (not a finite number)" in.csv

    for value in NaN NAN -nan +nan 'nan(123)' inf INF -inf +Inf Infinity -Infinity \
        INFINITY iNfInItY; do
        printf 'temperature,water\n22,580\n24,655\n%s,700\n' "$value" >in.csv
        train_fails 65 "waterfit: in.csv:4: column 1 ('temperature'): '$value' is not a decimal number (not a finite number)" in.csv
    done
}

@test "hexadecimal numbers are rejected" {
    cp "$BAD/16-hex-float.csv" in.csv
    train_fails 65 "waterfit: in.csv:6: column 1 ('temperature'): '0x1C' is not a decimal number (hexadecimal numbers are not accepted)" in.csv

    for value in 0X1c -0x1c +0x1C 0x1p3 0x.8p1 0x1.cp4; do
        printf 'temperature,water\n22,580\n\n28,%s\n' "$value" >in.csv
        train_fails 65 "waterfit: in.csv:4: column 2 ('water'): '$value' is not a decimal number (hexadecimal numbers are not accepted)" in.csv
    done
}

@test "numbers out of the double range are rejected" {
    for value in 1e400 -1e400 1E+400 1e99999999999999999999; do
        printf 'temperature,water\n22,580\n24,%s\n' "$value" >in.csv
        train_fails 65 "waterfit: in.csv:3: column 2 ('water'): '$value' is out of range for a double" in.csv
    done

    # 10^400 in digits; the message cuts the value short.
    printf 'temperature,water\n22,580\n24,1%0400d\n' 0 >in.csv
    train_fails 65 "waterfit: in.csv:3: column 2 ('water'): '1$(printf '%056d' 0)...' is out of range for a double" in.csv
}

# ---------------------------------------------------------------------------
# Units and thousands separators

@test "numbers with units are rejected" {
    for value in 28°C 30度 '30 度' 28C 5EUR 28e5x; do
        printf 'temperature,water\n22,580\n%s,655\n' "$value" >in.csv
        train_fails 65 "waterfit: in.csv:3: column 1 ('temperature'): '$value' is not a decimal number (unexpected text after the number)" in.csv
    done

    printf 'temperature,water\n22,580\n24,655ml\n' >in.csv
    train_fails 65 "waterfit: in.csv:3: column 2 ('water'): '655ml' is not a decimal number (unexpected text after the number)" in.csv
}

@test "units in the first row of a file without header" {
    # Taking "28°C,580" as a header would drop the row without a word.
    printf '28°C,580\n24,655\n25,700\n' >in.csv
    train_fails 65 "waterfit: in.csv:1: column 1 ('x'): '28°C' is not a decimal number (unexpected text after the number); if the first row is a header, use --header" in.csv

    printf '22,580 ml\n24,655\n25,700\n' >in.csv
    train_fails 65 "waterfit: in.csv:1: column 2 ('y'): '580 ml' is not a decimal number (unexpected text after the number); if the first row is a header, use --header" in.csv

    printf 'temperature,2024\n24,655\n25,700\n' >in.csv
    train_fails 65 "waterfit: in.csv:1: column 1 ('x'): 'temperature' is not a decimal number; if the first row is a header, use --header" in.csv
    run --separate-stderr wf train -q --header in.csv -o trained.json
    assert_status 0
    assert_equal "$(field trained.json '.target')" 2024
}

@test "thousands separators are rejected" {
    printf 'temperature,water\n22,"1,580"\n' >in.csv
    train_fails 65 "waterfit: in.csv:2: column 2 ('water'): '1,580' is not a decimal number (looks like a decimal comma)" in.csv

    for value in '1 580' 1_580 "1'580" 1.234.567; do
        printf 'temperature,water\n22,%s\n' "$value" >in.csv
        local reason=" (unexpected text after the number)"
        [ "$value" = 1.234.567 ] && reason=
        train_fails 65 "waterfit: in.csv:2: column 2 ('water'): '$value' is not a decimal number$reason" in.csv
    done
}

@test "comma thousands separator splitting a row" {
    # "22,1,580" read as two columns would give water 1.
    printf 'temperature,water\n24,655\n22,1,580\n25,700\n' >in.csv
    train_fails 65 "waterfit: in.csv:3: column 3: row has 3 fields, but the header (line 1) has 2; a ',' inside a number (1,580 or 22,5) splits it in two: remove the separator or quote the value" in.csv

    printf '24,655\r\n\r\n22,1,580\r\n' >in.csv
    train_fails 65 "waterfit: in.csv:3: column 3: row has 3 fields, but the first row (line 1) has 2; a ',' inside a number (1,580 or 22,5) splits it in two: remove the separator or quote the value" in.csv

    # Empty fields from a trailing delimiter shift nothing.
    printf 'temperature,water\n22,580,\n24,655,,\n25,700\n27,778\n28,815\n30,905\n' >in.csv
    printf '31,930\n33,1010,\n' >>in.csv
    wf train -q "$BAD/00-baseline.csv" -o baseline.json
    train_matches baseline.json in.csv
}

# ---------------------------------------------------------------------------
# Encodings

@test "NUL bytes name their line and column" {
    local nul="unexpected NUL byte; save the file as CSV UTF-8"

    printf 'temperature,water\n22,580\n24,65\0005\n' >in.csv
    train_fails 65 "waterfit: in.csv:3: column 2: $nul" in.csv

    printf 'temperature,water\r\n22,580\r\n\00024,655\r\n' >in.csv
    train_fails 65 "waterfit: in.csv:3: column 1: $nul" in.csv

    printf 'temperature,water\r22,580\r24,"6\n\000"\r' >in.csv
    train_fails 65 "waterfit: in.csv:4: column 2: $nul" in.csv

    printf 'temperature,water\n22,580\n\000' >in.csv
    train_fails 65 "waterfit: in.csv:3: column 1: $nul" in.csv

    printf 'temper\000ature,water\n22,580\n' >in.csv
    train_fails 65 "waterfit: in.csv:1: file is UTF-16 (or contains NUL bytes); save it as CSV UTF-8" in.csv
}

@test "UTF-16 input asks for CSV UTF-8" {
    local utf16="file is UTF-16 (or contains NUL bytes); save it as CSV UTF-8"

    printf '\xff\xfe' >le.csv
    iconv -f UTF-8 -t UTF-16LE "$BAD/00-baseline.csv" >>le.csv
    train_fails 65 "waterfit: le.csv:1: $utf16" le.csv

    printf '\xfe\xff' >be.csv
    iconv -f UTF-8 -t UTF-16BE "$BAD/00-baseline.csv" >>be.csv
    train_fails 65 "waterfit: be.csv:1: $utf16" be.csv

    iconv -f UTF-8 -t UTF-16LE "$BAD/00-baseline.csv" >le-no-mark.csv
    train_fails 65 "waterfit: le-no-mark.csv:1: $utf16" le-no-mark.csv

    iconv -f UTF-8 -t UTF-16BE "$BAD/00-baseline.csv" >be-no-mark.csv
    train_fails 65 "waterfit: be-no-mark.csv:1: $utf16" be-no-mark.csv

    train_fails 65 "waterfit: -:1: $utf16" - <le.csv
}

@test "Big5 header selects by number and is echoed escaped" {
    # 溫度 and 水 in Big5. C5 AB happens to be valid UTF-8 (ū).
    printf '\xb7\xc5\xab\xd7,\xa4\xf4\n' >big5.csv
    tail -n +2 "$BAD/00-baseline.csv" >>big5.csv
    wf train -q "$BAD/00-baseline.csv" -o baseline.json

    run --separate-stderr wf train -x 1 -y 2 big5.csv -o trained.json
    assert_status 0
    assert_equal "${stderr%%$'\n'*}" 'waterfit: \xA4\xF4 ~ 39.37244898 * \xB7ū\xD7 - 286.1173469'
    assert_equal "$(field trained.json '.weights[0]')" "$(field baseline.json '.weights[0]')"
    assert_equal "$(field trained.json '.bias')" "$(field baseline.json '.bias')"

    train_fails 64 "waterfit: big5.csv: no column named 'temperature'; the columns are: '\\xB7ū\\xD7', '\\xA4\\xF4'
Try 'waterfit train --help' for more information." -x temperature big5.csv

    printf '\xb7\xc5\xab\xd7,\xa4\xf4\n22,580\n24,abc\n' >bad.csv
    train_fails 65 "waterfit: bad.csv:3: column 2 ('\\xA4\\xF4'): 'abc' is not a decimal number" bad.csv

    printf '\xb7\xc5\xab\xd7,\xa4\xf4\n22,580\n24\n' >short.csv
    train_fails 65 "waterfit: short.csv:3: row has 1 field, expected at least 2 for column 2 ('\\xA4\\xF4')" short.csv

    # Regression: the no-spread message printed the raw bytes.
    printf '\xb7\xc5\xab\xd7,\xa4\xf4\n22,580\n22,600\n' >constant.csv
    train_fails 65 "waterfit: constant.csv: column '\\xB7ū\\xD7' has no spread (every value is 22), so no slope can be fitted" constant.csv
}

# ---------------------------------------------------------------------------
# Too few fields and rows

@test "short rows say how many fields were found" {
    printf 'temperature,water\n22,580\n24\n' >in.csv
    train_fails 65 "waterfit: in.csv:3: row has 1 field, expected at least 2 for column 2 ('water')" in.csv

    printf 'date,temperature,water\r\n1,22,580\r\n\r\n2,24\r\n' >in.csv
    train_fails 65 "waterfit: in.csv:4: row has 2 fields, expected at least 3 for column 3 ('water')" in.csv

    printf 'water,note,temperature\n580,a,22\n655,b\n' >in.csv
    train_fails 65 "waterfit: in.csv:3: row has 2 fields, expected at least 3 for column 3 ('temperature')" -x 3 -y 1 in.csv

    printf 'temperature;water\n22\n' >in.csv
    train_fails 65 "waterfit: in.csv:1: only one column found; x and y need two columns; try -d ';'" -d , in.csv
}

@test "header only or one row says how many rows are needed" {
    cp "$BAD/21-header-only.csv" in.csv
    train_fails 65 "waterfit: in.csv: found 0 data rows, but fitting a line needs at least 2" in.csv

    printf 'temperature,water\n22,580\n' >in.csv
    train_fails 65 "waterfit: in.csv: found 1 data row, but fitting a line needs at least 2" in.csv

    printf '22,580\n\n\n' >in.csv
    train_fails 65 "waterfit: in.csv: found 1 data row, but fitting a line needs at least 2" in.csv

    printf '' >in.csv
    train_fails 65 "waterfit: in.csv: found 0 data rows, but fitting a line needs at least 2" in.csv

    printf '\r\n\n\r' >in.csv
    train_fails 65 "waterfit: in.csv: found 0 data rows, but fitting a line needs at least 2" in.csv

    printf 'temperature,water\n' >in.csv
    train_fails 65 "waterfit: in.csv: found 0 data rows, but fitting a line needs at least 1" --no-bias in.csv
}

# ---------------------------------------------------------------------------
# Data that a line cannot be fitted to

@test "constant x has no spread" {
    cp "$BAD/23-constant-x.csv" in.csv
    train_fails 65 "waterfit: in.csv: column 'temperature' has no spread (every value is 25), so no slope can be fitted" in.csv

    printf 'temperature,water\n25,690\n25.0,700\n2.5e1,710\n250e-1,720\n' >in.csv
    train_fails 65 "waterfit: in.csv: column 'temperature' has no spread (every value is 25), so no slope can be fitted" in.csv

    printf 'temperature,water\n0,690\n-0,700\n0.0e5,710\n' >in.csv
    train_fails 65 "waterfit: in.csv: column 'temperature' is all zero, so no slope through the origin can be fitted" --no-bias in.csv

    # Through the origin a constant non-zero x still has a slope.
    printf 'temperature,water\n25,690\n25,710\n' >in.csv
    run --separate-stderr wf train -q --no-bias in.csv -o trained.json
    assert_status 0
    assert_digits "$(field trained.json '.weights[0]')" 28 12
}

@test "tiny spread is not reported as no spread" {
    # The squared deviations of 1e-300, 2e-300, 3e-300 underflow to 0, and
    # the fit claimed that every value was the same.
    printf 'temperature,water\n1e-300,1\n2e-300,2\n3e-300,3\n' >in.csv
    train_fails 65 "waterfit: in.csv: the values of column 'temperature' differ by too little for a double: their squared deviations are below 2.23e-308; multiply the column by a power of ten" in.csv

    # Here they are subnormal and the slope came out wrong in the 5th digit.
    printf 'temperature,water\n1e-160,1\n2e-160,2\n3e-160,3\n' >in.csv
    train_fails 65 "waterfit: in.csv: the values of column 'temperature' differ by too little for a double: their squared deviations are below 2.23e-308; multiply the column by a power of ten" in.csv

    # A slope of 1e-300 was fitted as 0 with mse 0 and r2 1.
    printf 'temperature,water\n1,1e-300\n2,2e-300\n3,3e-300\n' >in.csv
    train_fails 65 "waterfit: in.csv: the values of column 'water' differ by too little for a double: their squared deviations are below 2.23e-308; multiply the column by a power of ten" in.csv

    printf 'temperature,water\n1e-150,1\n2e-150,2\n3e-150,3\n' >in.csv
    run --separate-stderr wf train -q in.csv -o trained.json
    assert_status 0
    assert_digits "$(field trained.json '.weights[0]')" 1e150 12
}

@test "timestamp-like x fits exactly" {
    run --separate-stderr wf train -q "$BAD/25-timestamp-offset-x.csv" -o trained.json
    assert_status 0
    run --separate-stderr wf predict -m trained.json 1700000000 1700000007
    assert_status 0
    assert_equal "$output" "$(printf '586.75\n1006.5')"

    # Reversed, with CRLF and a fraction on every x, the line is the same.
    {
        echo 'timestamp,water'
        tail -n +2 "$BAD/25-timestamp-offset-x.csv" | tac | sed 's/,/.5,/'
    } | sed 's/$/\r/' >reversed.csv
    run --separate-stderr wf train -q reversed.csv -o reversed.json
    assert_status 0
    run --separate-stderr wf predict -m reversed.json 1700000000.5 1700000007.5
    assert_status 0
    assert_equal "$output" "$(printf '586.75\n1006.5')"
}

@test "overflowing values are an error, never null" {
    local large="the values are too large: their squares exceed the range of a double (about 1e308); rescale the columns"

    cp "$BAD/27-overflow-in-training.csv" in.csv
    train_fails 65 "waterfit: in.csv: $large" in.csv
    train_fails 65 "waterfit: in.csv: $large" --raw in.csv
    train_fails 65 "waterfit: in.csv: $large" --no-bias in.csv

    printf 'temperature,water\n1,1e200\n2,2e200\n3,3e200\n' >in.csv
    train_fails 65 "waterfit: in.csv: $large" in.csv

    printf 'temperature,water\n1e155,1\n-1e155,2\n0,3\n' >in.csv
    train_fails 65 "waterfit: in.csv: $large" in.csv

    printf 'temperature,water\n1.7e308,1\n-1.7e308,2\n' >in.csv
    train_fails 65 "waterfit: in.csv: $large" in.csv

    # Finite moments whose raw loss overflows at the start.
    printf 'temperature,water\n1,1e160\n2,1e160\n' >in.csv
    train_fails 65 "waterfit: the loss at the starting point is too large for a double; start closer to the data (--init-weight, --init-bias) or rescale the columns" --raw in.csv

    # Just inside the range the model is finite and reads back.
    printf 'temperature,water\n1,1e150\n2,2e150\n3,3e150\n' >in.csv
    run --separate-stderr wf train -q in.csv -o trained.json
    assert_status 0
    [[ "$(cat trained.json)" != *null* ]]
    run --separate-stderr wf predict -m trained.json 4
    assert_status 0
    assert_digits "$output" 4e150 12
}

# ---------------------------------------------------------------------------
# Model files

# model_fails MESSAGE: predict with model.json fails with status 65 and
# exactly MESSAGE on stderr, printing nothing.
model_fails() {
    run --separate-stderr wf predict -m model.json 28
    assert_status 65
    assert_equal "$stderr" "$1"
    assert_equal "$output" ""
}

@test "model file faults name the file and the line or field" {
    local fields='"format": "waterfit-model", "version": 1, "features": ["t"], "target": "w"'

    cp "$BAD/28-model-null-weight.json" model.json
    model_fails "waterfit: model.json:1: field 'weights[0]' must be a finite number, found null"
    cp "$BAD/30-model-trailing-garbage.json" model.json
    model_fails "waterfit: model.json:2: trailing data after the JSON value"
    cp "$BAD/31-model-truncated.json" model.json
    model_fails "waterfit: model.json:1: unexpected end of file; the file may be truncated"

    printf '{\n  "format": "waterfit-model",\n  "version": 1,\n  "weights": [4' >model.json
    model_fails "waterfit: model.json:4: unexpected end of file; the file may be truncated"
    printf '{\n  "format": "waterfit-mo' >model.json
    model_fails "waterfit: model.json:2: unexpected end of file; the file may be truncated"
    printf '' >model.json
    model_fails "waterfit: model.json:1: the file is empty or contains only blanks"
    printf ' \r\n\t\n' >model.json
    model_fails "waterfit: model.json:1: the file is empty or contains only blanks"
    printf '{%s, "weights": [40], "bias": -300}\nxyz' "$fields" >model.json
    model_fails "waterfit: model.json:2: trailing data after the JSON value"

    printf '{"a": %s%s, %s}' "$(printf '%.0s[' $(seq 30))" "$(printf '%.0s]' $(seq 30))" \
        "$fields" >model.json
    model_fails "waterfit: model.json:1: the JSON value is nested too deeply (over 16 levels)"
    printf '%.0s[' $(seq 100000) >model.json
    model_fails "waterfit: model.json:1: the JSON value is nested too deeply (over 16 levels)"
}

@test "model file fields are checked by name" {
    local fields='"format": "waterfit-model", "version": 1, "features": ["t"], "target": "w"'

    printf '{%s, "weights": [40], "bias": -300,\n "bias": 5}' "$fields" >model.json
    model_fails "waterfit: model.json:2: duplicate key 'bias'"
    printf '{%s, "weights": [40], "bias": -300, "training": {"rows": 3, "rows": 4}}' \
        "$fields" >model.json
    model_fails "waterfit: model.json:1: duplicate key 'training.rows'"
    printf '{"format": "other-model", "version": 1}' >model.json
    model_fails "waterfit: model.json:1: not a waterfit model: 'format' is the string 'other-model'"
    printf '[40, -300]' >model.json
    model_fails "waterfit: model.json:1: the model must be a JSON object, found an array"
    printf '{"format": "waterfit-model",\n "version": 2}' >model.json
    model_fails "waterfit: model.json:2: model version 2 is not supported by this build (it reads version 1)"
    printf '{"format": "waterfit-model", "version": "1"}' >model.json
    model_fails "waterfit: model.json:1: field 'version' must be the number 1, found the string '1'"
    printf '{%s, "weights": [40],\n "bias": "-300"}' "$fields" >model.json
    model_fails "waterfit: model.json:2: field 'bias' must be a finite number, found the string '-300'"
    printf '{%s, "weights": [40], "bias": 1e400}' "$fields" >model.json
    model_fails "waterfit: model.json:1: field 'bias' must be a finite number, found a number out of range"
    printf '{%s, "weights": [-1e400], "bias": 1}' "$fields" >model.json
    model_fails "waterfit: model.json:1: field 'weights[0]' must be a finite number, found a number out of range"
    printf '{%s, "weights": [NaN], "bias": 1}' "$fields" >model.json
    model_fails "waterfit: model.json:1: invalid JSON near 'NaN], \"bias\": 1}'"
    printf '{%s, "weights": [], "bias": 1}' "$fields" >model.json
    model_fails "waterfit: model.json:1: field 'weights' must have exactly one entry, found 0"
    printf '{%s, "weights": [40]}' "$fields" >model.json
    model_fails "waterfit: model.json: missing required field 'bias'"
}

@test "missing model file is no input" {
    run --separate-stderr wf predict -m missing.json 28
    assert_status 66
    assert_equal "$stderr" "waterfit: missing.json: cannot open: No such file or directory"
}

# ---------------------------------------------------------------------------
# Command line

@test "negative values predict" {
    run --separate-stderr wf predict -m "$MODEL" -5 -5.5 -1e1 -.5 -5. -0
    assert_status 0
    assert_equal "$output" "$(printf -- '-500\n-520\n-700\n-320\n-500\n-300')"
    run --separate-stderr wf predict -m "$MODEL" -- -5
    assert_status 0
    assert_equal "$output" -500
    run --separate-stderr wf predict -1e1 --model="$MODEL" -- -5.5
    assert_status 0
    assert_equal "$output" "$(printf -- '-700\n-520')"
}

@test "bad negative values are data errors" {
    # They were taken for options: "unknown option '-1'".
    local value
    for value in -1e400 -inf -nan -Infinity -0x1C -28°C -5,5 -5x; do
        run --separate-stderr wf predict -m "$MODEL" 28 "$value"
        assert_status 65
        assert_equal "$output" 820
        assert_equal "${stderr%%:*}" waterfit
        [[ "$stderr" == "waterfit: invalid value '$value': "* ]]
    done
    run --separate-stderr wf predict -m "$MODEL" -1e400
    assert_equal "$stderr" "waterfit: invalid value '-1e400': out of range for a double"
}

@test "closed pipe stops predict quietly" {
    run bash -c "seq 1 200000 | timeout 20 $WATERFIT predict -m '$MODEL' 2>stderr.txt | head -n 1"
    assert_status 0
    assert_equal "$output" -260
    assert_equal "$(cat stderr.txt)" ""
}

@test "full device fails with status 74" {
    cp "$BAD/00-baseline.csv" in.csv

    run --separate-stderr wf train -q in.csv -o /dev/full
    assert_status 74
    assert_equal "$stderr" "waterfit: /dev/full: write error: No space left on device"

    run bash -c "$WATERFIT train -q in.csv >/dev/full"
    assert_status 74
    assert_equal "$output" "waterfit: write error on standard output: No space left on device"

    run bash -c "$WATERFIT predict -m '$MODEL' 28 >/dev/full"
    assert_status 74
    assert_equal "$output" "waterfit: write error on standard output: No space left on device"

    run bash -c "seq 1 1000 | $WATERFIT predict -m '$MODEL' >/dev/full"
    assert_status 74
    assert_equal "$output" "waterfit: write error on standard output: No space left on device"
}

@test "output naming the input is refused" {
    mkdir -p data/sub
    cp "$BAD/00-baseline.csv" data/x.csv
    ln data/x.csv data/hard.csv
    ln -s x.csv data/link.csv
    cd data/sub

    local spelling
    for spelling in ../x.csv ./../x.csv ../sub/../x.csv "$PWD/../x.csv" ../hard.csv \
        ../link.csv; do
        run --separate-stderr wf train ../x.csv -o "$spelling"
        assert_status 64
        assert_equal "$stderr" "$(printf "waterfit: -o '%s' is the input file; choose another output file\nTry 'waterfit train --help' for more information." "$spelling")"
        cmp ../x.csv "$BAD/00-baseline.csv"
    done

    run --separate-stderr wf train ../link.csv -o ../x.csv
    assert_status 64

    # Regression: the input redirected to stdin was not compared.
    run --separate-stderr wf train - -o ../x.csv <../x.csv
    assert_status 64
    assert_equal "${stderr%%$'\n'*}" "waterfit: -o '../x.csv' is the input file; choose another output file"

    run --separate-stderr wf train ../x.csv --log ../hard.csv -o model.json
    assert_status 64
    assert_equal "${stderr%%$'\n'*}" "waterfit: --log '../hard.csv' is the input file; choose another log file"
    cmp ../x.csv "$BAD/00-baseline.csv"
    assert_equal "$(ls -A)" ""
}

# ---------------------------------------------------------------------------
# Predict input

@test "predict reads CR and CRLF line ends" {
    run --separate-stderr wf predict -m "$MODEL" < <(printf '28\r20\r\n\r\n-1e1\r30')
    assert_status 0
    assert_equal "$output" "$(printf '820\n500\n-700\n900')"

    run --separate-stderr wf predict -m "$MODEL" < <(printf '28\r\rabc\r')
    assert_status 65
    assert_equal "$output" 820
    assert_equal "$stderr" "waterfit: -:3: invalid value 'abc': not a decimal number"
}

@test "predict skips a byte-order mark on stdin" {
    run --separate-stderr wf predict -m "$MODEL" < <(printf '\xef\xbb\xbf28\n20\n')
    assert_status 0
    assert_equal "$output" "$(printf '820\n500')"
}

# ---------------------------------------------------------------------------
# Locale

# require_locale NAME: fails when the locale is not installed.
require_locale() {
    if ! locale -a | grep -qix "$(echo "$1" | sed 's/UTF-8$/utf8/')"; then
        echo "locale $1 is missing: run tools/install-deps --test"
        return 1
    fi
}

@test "locales read 28.5 and write identical models" {
    printf 'temperature,water\n22.5,580.25\n28.5,815.5\n30.75,905\n' >in.csv
    wf train -q in.csv -o c.json
    local c_prediction
    c_prediction=$(wf predict -m c.json 28.5)

    local name
    for name in de_DE.UTF-8 zh_TW.UTF-8; do
        require_locale "$name"
        LC_ALL=$name run --separate-stderr wf train -q in.csv -o "$name.json"
        assert_status 0
        cmp c.json "$name.json"

        LC_ALL=$name run --separate-stderr wf predict -m "$name.json" 28.5
        assert_status 0
        assert_equal "$output" "$c_prediction"
        LC_ALL= LANG=$name LC_NUMERIC=$name run --separate-stderr wf predict -m c.json 28.5
        assert_equal "$output" "$c_prediction"
    done
}
