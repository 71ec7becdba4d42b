#!/usr/bin/env bats
# waterfit show: the formula in the data's column names, the training
# report, the note on a low R2, models without a report, and errors.

load helpers

# capture ARGS...: runs waterfit with stdout in out.txt and stderr in
# err.txt, and sets $status.
capture() {
    status=0
    wf "$@" >out.txt 2>err.txt || status=$?
}

has_utf8_locale() {
    locale -a | grep -qi '^c\.utf-\?8$'
}

@test "shipped model shows formula and report" {
    capture show "$TOP/models/water.json"
    [ "$status" -eq 0 ]
    [ ! -s err.txt ]
    cat >expected.txt <<'END'
water ~ 40 * temperature - 300

rows                         3
optimizer                    adam
learning rate                0.01
epochs                       728
converged                    yes
standardized                 yes
intercept                    yes
mse                          4.999405987e-25
r2                           1
residual standard deviation  1.224672118e-12
weight standard error        1.731947918e-13
bias standard error          4.387221564e-12
END
    diff expected.txt out.txt
}

@test "formula uses math symbols in a UTF-8 locale" {
    has_utf8_locale || skip "no C.UTF-8 locale"
    LC_ALL=C.UTF-8 capture show "$TOP/models/water.json"
    [ "$status" -eq 0 ]
    [ "$(sed -n 1p out.txt)" = "water ≈ 40 × temperature − 300" ]
}

@test "low R2 gets a note in the column names" {
    wf train -q -x 'Avg Temp (°C)' -y 'Total Water (ml)' \
        "$TOP/data/istanbul-daily-water-intake.csv" -o model.json
    capture show model.json
    [ "$status" -eq 0 ]
    [ "$(sed -n 1p out.txt)" = "Total Water (ml) ~ 10.98337575 * Avg Temp (°C) + 1397.369425" ]
    [ "$(sed -n 3p out.txt)" = "rows                         52" ]
    [ "$(sed -n 11p out.txt)" = "r2                           0.007625118412" ]
    [ "$(sed -n 15p out.txt)" = "" ]
    [ "$(sed -n 16p out.txt)" = "Avg Temp (°C) explains only 0.76 % of the variation in Total Water (ml) (R^2 = 0.0076): the line predicts little better than the mean of Total Water (ml)." ]
    [ "$(wc -l <out.txt)" -eq 16 ]
}

@test "low R2 note uses R² in a UTF-8 locale" {
    has_utf8_locale || skip "no C.UTF-8 locale"
    wf train -q -x 'Avg Temp (°C)' -y 'Total Water (ml)' \
        "$TOP/data/istanbul-daily-water-intake.csv" -o model.json
    LC_ALL=C.UTF-8 capture show model.json
    [ "$status" -eq 0 ]
    [[ "$(tail -n 1 out.txt)" == *"(R² = 0.0076): the line"* ]]
}

@test "moderate R2 warns of wide errors" {
    cat >weak.json <<'END'
{"format": "waterfit-model", "version": 1, "features": ["hours"], "target": "score",
 "weights": [2], "bias": 50,
 "training": {"rows": 40, "intercept": true, "mse": 120, "r2": 0.3217}}
END
    capture show weak.json
    [ "$status" -eq 0 ]
    [ "$(tail -n 1 out.txt)" = "hours explains 32 % of the variation in score (R^2 = 0.32), less than half: single predictions can be far off." ]
}

@test "model without training report shows the formula" {
    capture show "$DATA/bad/00m-model-fixed.json"
    [ "$status" -eq 0 ]
    [ "$(cat out.txt)" = "$(printf "water ~ 40 * temperature - 300\n\nno training report: the model file has no 'training' object")" ]
    [ ! -s err.txt ]
}

@test "no-bias model has no bias line" {
    wf train -q --no-bias "$DATA/reference/nist-noint1.csv" -o model.json
    capture show model.json
    [ "$status" -eq 0 ]
    [ "$(sed -n 1p out.txt)" = "y ~ 2.074380165 * x" ]
    [ "$(sed -n 9p out.txt)" = "intercept                    no" ]
    [ "$(sed -n 12p out.txt)" = "residual standard deviation  3.56753034" ]
    [ "$(sed -n 13p out.txt)" = "weight standard error        0.01652892562" ]
    [ "$(wc -l <out.txt)" -eq 13 ]
}

@test "two rows have no standard errors" {
    printf 'temperature,water\n20,500\n30,900\n' >two.csv
    wf train -q two.csv -o model.json
    capture show model.json
    [ "$status" -eq 0 ]
    [ "$(tail -n 1 out.txt)" = "no standard errors: they need more rows than fitted parameters" ]
    [ "$(tail -n 2 out.txt | head -n 1)" = "r2                           1" ]
}

@test "model from stdin is shown" {
    run bash -c "$WATERFIT train -q '$TOP/data/water.csv' | $WATERFIT show -"
    [ "$status" -eq 0 ]
    [ "${lines[0]}" = "water ~ 40 * temperature - 300" ]
    [ "${lines[1]}" = "rows                         3" ]
}

@test "missing model file is reported" {
    capture show nothing.json
    [ "$status" -eq 66 ]
    [ ! -s out.txt ]
    [ "$(cat err.txt)" = "waterfit: nothing.json: cannot open: No such file or directory" ]
}

@test "bad model is a data error" {
    capture show "$DATA/bad/31-model-truncated.json"
    [ "$status" -eq 65 ]
    [ ! -s out.txt ]
    [[ "$(cat err.txt)" == "waterfit: $DATA/bad/31-model-truncated.json:"* ]]
    capture show "$DATA/bad/28-model-null-weight.json"
    [ "$status" -eq 65 ]
    [ "$(cat err.txt)" = "waterfit: $DATA/bad/28-model-null-weight.json:1: field 'weights[0]' must be a finite number, found null" ]
}

@test "usage errors name the fix" {
    capture show
    [ "$status" -eq 64 ]
    [ "$(cat err.txt)" = "$(printf "waterfit: missing model file (use - for stdin)\nTry 'waterfit show --help' for more information.")" ]
    capture show a.json b.json
    [ "$status" -eq 64 ]
    [ "$(sed -n 1p err.txt)" = "waterfit: expected one model file, found 2" ]
    capture show --json "$TOP/models/water.json"
    [ "$status" -eq 64 ]
    [ "$(sed -n 1p err.txt)" = "waterfit: unknown option '--json'" ]
}

@test "full device fails with a write error" {
    run bash -c "$WATERFIT show '$TOP/models/water.json' >/dev/full"
    [ "$status" -eq 74 ]
    [ "$output" = "waterfit: write error on standard output: No space left on device" ]
}

@test "help explains the note thresholds" {
    capture show --help
    [ "$status" -eq 0 ]
    grep -q '^Usage: waterfit show MODEL|-$' out.txt
    grep -q 'Below R^2 0.5 a note' out.txt
    grep -q '^Exit status: 0 success, 64 usage error, 65 bad model, 66 model not found,$' out.txt
    wf help show >help.txt
    cmp out.txt help.txt
}

@test "top-level help lists show" {
    capture --help
    [ "$status" -eq 0 ]
    grep -q "^  show MODEL|-        print the model's formula and training report$" out.txt
}
