#!/usr/bin/env bats
# waterfit evaluate: exact measures on hand-computed data, agreement with
# the training report, column choice, JSON output and every error.

load helpers

MODEL=$DATA/bad/00m-model-fixed.json

# capture ARGS...: runs waterfit with stdout in out.txt and stderr in
# err.txt, and sets $status.
capture() {
    status=0
    wf "$@" >out.txt 2>err.txt || status=$?
}

# assert_close ACTUAL EXPECTED: |ACTUAL - EXPECTED| <= 1e-9 * max(1, |EXPECTED|),
# so that an MSE of about 1e-25 from an exact fit compares as 0.
assert_close() {
    awk -v a="$1" -v e="$2" 'BEGIN {
        diff = a - e; if (diff < 0) diff = -diff
        scale = e < 0 ? -e : e; if (scale < 1) scale = 1
        if (diff > 1e-9 * scale) {
            printf "expected %s, got %s (difference above 1e-9)\n", e, a
            exit 1
        }
    }'
}

# The fixed model predicts 40 x - 300: 500, 700, 900 and 820 for these rows,
# so the errors are -10, 10, 0 and -10. SSE = 300: MSE 75, RMSE sqrt(75),
# MAE 7.5. y has mean 732.5 and SST 88875, so R2 = 1 - 300/88875 = 3543/3555.
hand_rows() {
    printf 'temperature,water\n20,510\n25,690\n30,900\n28,830\n' >hand.csv
}

@test "hand-computed rows give the exact table" {
    hand_rows
    capture evaluate -m "$MODEL" hand.csv
    [ "$status" -eq 0 ]
    [ "$(cat out.txt)" = "$(printf 'rows   4\nmse    75\nrmse   8.660254038\nmae    7.5\nr2     0.9966244726')" ]
    [ ! -s err.txt ]
}

@test "json output holds the exact numbers" {
    hand_rows
    capture evaluate --json -m "$MODEL" hand.csv
    [ "$status" -eq 0 ]
    [ "$(cat out.txt)" = '{"rows":4,"mse":75,"rmse":8.660254037844387,"mae":7.5,"r2":0.9966244725738397}' ]
    [ "$(jq -r '.rows' out.txt)" = 4 ]
    [ "$(jq -r '.mae' out.txt)" = 7.5 ]
    assert_digits "$(jq -r '.r2' out.txt)" 0.99662447257383966244725738396624 15
}

@test "training data reproduces the training report" {
    for set in seed-water nist-norris nist-noint1 nist-noint2; do
        wf train -q "$DATA/reference/$set.csv" -o $set.json
        capture evaluate --json -m $set.json "$DATA/reference/$set.csv"
        [ "$status" -eq 0 ]
        [ "$(jq -r '.rows' out.txt)" = "$(field $set.json '.training.rows')" ]
        assert_close "$(jq -r '.mse' out.txt)" "$(field $set.json '.training.mse')"
        assert_close "$(jq -r '.r2' out.txt)" "$(field $set.json '.training.r2')"
    done
}

@test "52-day data reproduces the training report" {
    file=$TOP/data/istanbul-daily-water-intake.csv
    wf train -q -x 'Avg Temp (°C)' -y 'Total Water (ml)' "$file" -o model.json
    capture evaluate --json -m model.json "$file"
    [ "$status" -eq 0 ]
    [ "$(jq -r '.rows' out.txt)" = 52 ]
    assert_close "$(jq -r '.mse' out.txt)" "$(field model.json '.training.mse')"
    assert_close "$(jq -r '.r2' out.txt)" "$(field model.json '.training.r2')"
    assert_digits "$(jq -r '.r2' out.txt)" "$(extra_expected istanbul-daily-water-intake r2)" 9
    capture evaluate -m model.json "$file"
    [ "$(sed -n 1p out.txt)" = "rows   52" ]
    [ "$(sed -n 2p out.txt)" = "mse    214531.1068" ]
    [ "$(sed -n 5p out.txt)" = "r2     0.007625118412" ]
}

# train computes R2 of a line through the origin about 0; evaluate always
# about the mean. NoInt1 through the origin has SSE = 1400/11 and y has
# SST = 110 about its mean 135, so R2 = 1 - 140/121 = -19/121.
@test "no-bias model gets R2 about the mean" {
    wf train -q --no-bias "$DATA/reference/nist-noint1.csv" -o model.json
    capture evaluate --json -m model.json "$DATA/reference/nist-noint1.csv"
    [ "$status" -eq 0 ]
    assert_close "$(jq -r '.mse' out.txt)" "$(expected nist-noint1 mse)"
    assert_digits "$(jq -r '.r2' out.txt)" -0.15702479338842975 12
    assert_digits "$(field model.json '.training.r2')" "$(expected nist-noint1 r2)" 12
}

@test "columns are found by the model's names" {
    printf 'water,note,temperature\n510,a,20\n690,b,25\n900,c,30\n830,d,28\n' >moved.csv
    capture evaluate --json -m "$MODEL" moved.csv
    [ "$status" -eq 0 ]
    [ "$(jq -r '.mse' out.txt)" = 75 ]
    [ "$(jq -r '.mae' out.txt)" = 7.5 ]
}

@test "file without header uses first and last columns" {
    printf '20,x,510\n25,y,690\n30,z,900\n28,w,830\n' >plain.csv
    capture evaluate --json -m "$MODEL" plain.csv
    [ "$status" -eq 0 ]
    [ "$(jq -r '.rows' out.txt)" = 4 ]
    [ "$(jq -r '.mse' out.txt)" = 75 ]
}

@test "x and y options choose other columns" {
    printf 'temp,water,litres\n20,1,510\n25,1,690\n30,1,900\n28,1,830\n' >other.csv
    capture evaluate --json -m "$MODEL" -x temp -y 3 other.csv
    [ "$status" -eq 0 ]
    [ "$(jq -r '.mse' out.txt)" = 75 ]
    capture evaluate --json -m "$MODEL" --x 1 --y litres other.csv
    [ "$status" -eq 0 ]
    [ "$(jq -r '.mse' out.txt)" = 75 ]
}

@test "stdin input gives the same result as the file" {
    hand_rows
    capture evaluate --json -m "$MODEL" - <hand.csv
    [ "$status" -eq 0 ]
    [ "$(jq -r '.mse' out.txt)" = 75 ]
}

@test "model from stdin works with a file input" {
    hand_rows
    capture evaluate --json -m - hand.csv <"$MODEL"
    [ "$status" -eq 0 ]
    [ "$(jq -r '.mse' out.txt)" = 75 ]
}

@test "csv options of train apply" {
    printf 'temperature;water\n20;510\n25;690\n30,0;900\n28;830\n' >comma.csv
    capture evaluate --json -m "$MODEL" -d ';' --decimal-comma comma.csv
    [ "$status" -eq 0 ]
    [ "$(jq -r '.mse' out.txt)" = 75 ]
    printf '20\t510\n25\t690\n' >tabs.csv
    capture evaluate --json -m "$MODEL" -d tab --no-header tabs.csv
    [ "$status" -eq 0 ]
    [ "$(jq -r '.rows' out.txt)" = 2 ]
    [ "$(jq -r '.mse' out.txt)" = 100 ]
}

@test "forced header reads numbers as names" {
    printf '1,2\n20,510\n' >numbers.csv
    capture evaluate --json -m "$MODEL" --header -x 1 -y 2 numbers.csv
    [ "$status" -eq 0 ]
    [ "$(jq -r '.rows' out.txt)" = 1 ]
}

@test "constant y reports R2 as 1 only for exact predictions" {
    printf 'temperature,water\n20,500\n20,500\n' >exact.csv
    capture evaluate --json -m "$MODEL" exact.csv
    [ "$status" -eq 0 ]
    [ "$(jq -r '.r2' out.txt)" = 1 ]
    printf 'temperature,water\n20,500\n21,500\n' >missed.csv
    capture evaluate --json -m "$MODEL" missed.csv
    [ "$status" -eq 0 ]
    [ "$(jq -r '.mse' out.txt)" = 800 ]
    [ "$(jq -r '.r2' out.txt)" = 0 ]
}

@test "header without the model's column is a data error" {
    printf 'temperature,litres\n20,510\n' >renamed.csv
    capture evaluate -m "$MODEL" renamed.csv
    [ "$status" -eq 65 ]
    [ ! -s out.txt ]
    [ "$(cat err.txt)" = "waterfit: renamed.csv: no column named 'water'; the columns are: 'temperature', 'litres'; choose one with -y" ]
}

@test "unknown column option is a usage error" {
    hand_rows
    capture evaluate -m "$MODEL" -x nosuch hand.csv
    [ "$status" -eq 64 ]
    [ "$(sed -n 1p err.txt)" = "waterfit: hand.csv: no column named 'nosuch'; the columns are: 'temperature', 'water'" ]
    [ "$(sed -n 2p err.txt)" = "Try 'waterfit evaluate --help' for more information." ]
}

@test "bad value names its line and column" {
    capture evaluate -m "$MODEL" "$DATA/bad/08-missing-value-line-number.csv"
    [ "$status" -eq 65 ]
    [ ! -s out.txt ]
    [ "$(cat err.txt)" = "waterfit: $DATA/bad/08-missing-value-line-number.csv:6: column 2 ('water'): empty value; expected a decimal number" ]
    printf 'temperature,water\n20,510\n25,7OO\n' >letter.csv
    capture evaluate -m "$MODEL" letter.csv
    [ "$status" -eq 65 ]
    [ "$(cat err.txt)" = "waterfit: letter.csv:3: column 2 ('water'): '7OO' is not a decimal number (unexpected text after the number)" ]
}

@test "header without rows needs at least one row" {
    capture evaluate -m "$MODEL" "$DATA/bad/21-header-only.csv"
    [ "$status" -eq 65 ]
    [ "$(cat err.txt)" = "waterfit: $DATA/bad/21-header-only.csv: found 0 data rows, but evaluating a model needs at least 1" ]
    : >empty.csv
    capture evaluate -m "$MODEL" empty.csv
    [ "$status" -eq 65 ]
    [ "$(cat err.txt)" = "waterfit: empty.csv: found 0 data rows, but evaluating a model needs at least 1" ]
}

@test "missing model file is reported" {
    hand_rows
    capture evaluate -m nothing.json hand.csv
    [ "$status" -eq 66 ]
    [ "$(cat err.txt)" = "waterfit: nothing.json: cannot open: No such file or directory" ]
}

@test "bad model is a data error" {
    hand_rows
    capture evaluate -m "$DATA/bad/28-model-null-weight.json" hand.csv
    [ "$status" -eq 65 ]
    [ "$(cat err.txt)" = "waterfit: $DATA/bad/28-model-null-weight.json:1: field 'weights[0]' must be a finite number, found null" ]
}

@test "missing input file is reported" {
    capture evaluate -m "$MODEL" nothing.csv
    [ "$status" -eq 66 ]
    [ "$(cat err.txt)" = "waterfit: nothing.csv: cannot open: No such file or directory" ]
}

@test "prediction out of range names its line" {
    printf '{"format":"waterfit-model","version":1,"features":["temperature"],"target":"water","weights":[1e308],"bias":0}\n' >huge.json
    printf 'temperature,water\n1,2\n1e10,2\n' >far.csv
    capture evaluate -m huge.json far.csv
    [ "$status" -eq 65 ]
    [ "$(cat err.txt)" = "waterfit: far.csv:3: the prediction for x = 1e+10 is out of range for a double" ]
    printf 'temperature,water\n1,-1e308\n' >opposite.csv
    capture evaluate -m huge.json opposite.csv
    [ "$status" -eq 65 ]
    [ "$(cat err.txt)" = "waterfit: opposite.csv:2: the error of the prediction for x = 1 is out of range for a double" ]
}

@test "overflowing squares are a data error" {
    printf 'temperature,water\n0,1e200\n0,-1e200\n' >wide.csv
    capture evaluate -m "$MODEL" wide.csv
    [ "$status" -eq 65 ]
    [ "$(cat err.txt)" = "waterfit: wide.csv: the errors or the values of y are too large: their squares exceed the range of a double (about 1e308)" ]
}

@test "usage errors name the fix" {
    hand_rows
    capture evaluate hand.csv
    [ "$status" -eq 64 ]
    [ "$(cat err.txt)" = "$(printf "waterfit: missing -m MODEL\nTry 'waterfit evaluate --help' for more information.")" ]
    capture evaluate -m "$MODEL"
    [ "$status" -eq 64 ]
    [ "$(sed -n 1p err.txt)" = "waterfit: missing input file (use - for stdin)" ]
    capture evaluate -m "$MODEL" hand.csv hand.csv
    [ "$status" -eq 64 ]
    [ "$(sed -n 1p err.txt)" = "waterfit: expected one input file, found 2" ]
    capture evaluate -m - - </dev/null
    [ "$status" -eq 64 ]
    [ "$(sed -n 1p err.txt)" = "waterfit: the model and the input cannot both come from stdin" ]
    capture evaluate -m "$MODEL" --bogus hand.csv
    [ "$status" -eq 64 ]
    [ "$(sed -n 1p err.txt)" = "waterfit: unknown option '--bogus'" ]
    capture evaluate -m "$MODEL" hand.csv -d
    [ "$status" -eq 64 ]
    [ "$(sed -n 1p err.txt)" = "waterfit: option '-d' requires a value" ]
}

@test "full device fails with a write error" {
    hand_rows
    run bash -c "$WATERFIT evaluate -m '$MODEL' hand.csv >/dev/full"
    [ "$status" -eq 74 ]
    [ "$output" = "waterfit: write error on standard output: No space left on device" ]
}

@test "help lists every option with exit codes" {
    capture evaluate --help
    [ "$status" -eq 0 ]
    for option in --model --x --y --delimiter --header --no-header --decimal-comma --json \
        --help; do
        grep -q -- "$option" out.txt
    done
    grep -q 'SST the sum of squares of y about its mean' out.txt
    grep -q '^Exit status: 0 success, 64 usage error, 65 bad data or bad model' out.txt
    wf help evaluate >help.txt
    cmp out.txt help.txt
}

@test "top-level help lists evaluate" {
    capture --help
    [ "$status" -eq 0 ]
    grep -q '^  evaluate -m MODEL FILE|-$' out.txt
    grep -q '^  waterfit evaluate -m model.json data/water.csv$' out.txt
}
