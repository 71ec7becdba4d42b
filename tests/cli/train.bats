#!/usr/bin/env bats
# waterfit train: the exact least-squares line on reference data, PyTorch's
# trajectory in raw mode, the report, the log and reproducible output.

load helpers

@test "tutorial rows give weight 40 and bias -300" {
    run wf train "$TOP/data/water.csv" -o model.json
    [ "$status" -eq 0 ]
    assert_digits "$(field model.json '.weights[0]')" 40 9
    assert_digits "$(field model.json '.bias')" -300 9
    [ "$(field model.json '.features[0]')" = temperature ]
    [ "$(field model.json '.target')" = water ]
}

@test "tutorial model predicts exactly 820 for 28" {
    wf train "$TOP/data/water.csv" -o model.json 2>/dev/null
    run wf predict -m model.json 28
    [ "$status" -eq 0 ]
    [ "$output" = 820 ]
}

@test "reference sets reach the exact least-squares answer" {
    for set in seed-water nist-norris nist-noint1 nist-noint2; do
        options=
        [ "$(expected $set intercept)" = false ] && options=--no-bias
        wf train $options "$DATA/reference/$set.csv" -o $set.json 2>/dev/null
        assert_digits "$(field $set.json '.weights[0]')" "$(expected $set weight)" 9
        assert_digits "$(field $set.json '.bias')" "$(expected $set bias)" 9
        assert_digits "$(field $set.json '.training.r2')" "$(expected $set r2)" 9
        [ "$(field $set.json '.training.rows')" = "$(expected $set rows)" ]
        [ "$(field $set.json '.training.converged')" = true ]
    done
}

@test "large x mean with small spread keeps the exact slope" {
    wf train "$DATA/bad/25-timestamp-offset-x.csv" -o model.json 2>/dev/null
    assert_digits "$(field model.json '.weights[0]')" "$(extra_expected timestamp-offset weight)" 9
    assert_digits "$(field model.json '.bias')" "$(extra_expected timestamp-offset bias)" 9
    run wf predict -m model.json 1700000000 1700000007
    [ "$status" -eq 0 ]
    assert_digits "${lines[0]}" 586.75 9
    assert_digits "${lines[1]}" 1006.5 9
}

@test "real 52-day data gives the exact line and a weak R2" {
    run wf train -x 'Avg Temp (°C)' -y 'Total Water (ml)' \
        "$TOP/data/istanbul-daily-water-intake.csv" -o model.json
    [ "$status" -eq 0 ]
    set=istanbul-daily-water-intake
    assert_digits "$(field model.json '.weights[0]')" "$(extra_expected $set weight)" 9
    assert_digits "$(field model.json '.bias')" "$(extra_expected $set bias)" 9
    [ "$(field model.json '.training.rows')" = 52 ]
    [[ "$output" == *"rows=52 "* ]]
    [[ "$output" == *"r2=0.0076251184"* ]]
}

@test "report shows the formula in the column names" {
    run wf train "$TOP/data/water.csv" -o model.json
    [ "$status" -eq 0 ]
    [ "${lines[0]}" = "waterfit: water ~ 40 * temperature - 300" ]
    [[ "${lines[1]}" == "waterfit: rows=3 epochs="*" converged=yes mse="*" r2=1" ]]
}

@test "report shows residual sd and standard errors" {
    run wf train "$DATA/reference/nist-norris.csv" -o model.json
    [ "$status" -eq 0 ]
    [ "${lines[2]}" = "waterfit: residual_sd=0.8847963961 se_weight=0.0004297968482 se_bias=0.2328182343" ]
    run wf train --no-bias "$DATA/reference/nist-noint1.csv" -o model.json
    [ "$status" -eq 0 ]
    [ "${lines[2]}" = "waterfit: residual_sd=3.56753034 se_weight=0.01652892562" ]
}

@test "report leaves out standard errors for two rows" {
    printf 'temperature,water\n20,500\n30,900\n' >two.csv
    run wf train two.csv -o model.json
    [ "$status" -eq 0 ]
    [ "${#lines[@]}" -eq 2 ]
    [ "$(field model.json '.training.standard_errors')" = null ]
}

# NIST StRD certified values: Norris, y = b0 + b1 x; NoInt1 and NoInt2,
# y = b1 x. The model file must carry them to at least 9 digits.
@test "Norris statistics match the NIST certified values" {
    wf train "$DATA/reference/nist-norris.csv" -o model.json 2>/dev/null
    assert_digits "$(field model.json '.training.standard_errors.weights[0]')" \
        4.29796848199937E-04 9
    assert_digits "$(field model.json '.training.standard_errors.bias')" 0.232818234301152 9
    assert_digits "$(field model.json '.training.residual_standard_deviation')" \
        0.884796396144373 9
}

@test "NoInt statistics match the NIST certified values" {
    wf train --no-bias "$DATA/reference/nist-noint1.csv" -o noint1.json 2>/dev/null
    assert_digits "$(field noint1.json '.training.standard_errors.weights[0]')" \
        0.165289256198347E-01 9
    assert_digits "$(field noint1.json '.training.residual_standard_deviation')" \
        3.56753034006338 9
    [ "$(field noint1.json '.training.standard_errors | has("bias")')" = false ]
    wf train --no-bias "$DATA/reference/nist-noint2.csv" -o noint2.json 2>/dev/null
    assert_digits "$(field noint2.json '.training.standard_errors.weights[0]')" \
        0.420827318078432E-01 9
    assert_digits "$(field noint2.json '.training.residual_standard_deviation')" \
        0.369274472937998 9
    [ "$(field noint2.json '.training.standard_errors | has("bias")')" = false ]
}

@test "report uses math symbols in a UTF-8 locale" {
    locale -a | grep -qi '^c\.utf-\?8$' || skip "no C.UTF-8 locale"
    LC_ALL=C.UTF-8 run wf train "$TOP/data/water.csv" -o model.json
    [ "$status" -eq 0 ]
    [ "${lines[0]}" = "waterfit: water ≈ 40 × temperature − 300" ]
}

@test "default training needs far fewer epochs than the tutorial" {
    wf train "$TOP/data/water.csv" -o model.json 2>/dev/null
    epochs=$(field model.json '.training.epochs')
    [ "$epochs" -gt 0 ]
    [ "$epochs" -lt 2000 ]
}

@test "quiet training prints nothing" {
    run wf train -q "$TOP/data/water.csv" -o model.json
    [ "$status" -eq 0 ]
    [ -z "$output" ]
}

@test "verbose training prints progress every 1000 epochs" {
    run wf train -v --raw --tolerance 0 -e 3001 "$TOP/data/water.csv" -o model.json
    [ "$status" -eq 0 ]
    [ "$(printf '%s\n' "$output" | grep -c '^waterfit: epoch=')" -eq 4 ]
    [[ "${lines[0]}" == "waterfit: epoch=0 loss=516666.6666666667 weight="* ]]
}

@test "zero tolerance runs exactly the given epochs" {
    wf train --tolerance 0 -e 777 "$TOP/data/water.csv" -o model.json 2>/dev/null
    [ "$(field model.json '.training.epochs')" = 777 ]
    [ "$(field model.json '.training.converged')" = false ]
}

@test "epoch limit before convergence warns" {
    run wf train --raw -e 100 "$TOP/data/water.csv" -o model.json
    [ "$status" -eq 0 ]
    [[ "$output" == *"warning: stopped at the epoch limit before converging"* ]]
}

@test "no-bias fit keeps the bias at zero" {
    wf train --no-bias "$DATA/reference/nist-noint2.csv" -o model.json 2>/dev/null
    [ "$(field model.json '.bias')" = 0 ]
    [ "$(field model.json '.training.intercept')" = false ]
}

@test "no-bias with an initial bias is a usage error" {
    run wf train --no-bias --init-bias 3 "$TOP/data/water.csv"
    [ "$status" -eq 64 ]
    [ "${lines[0]}" = "waterfit: --no-bias fixes the bias at 0, so --init-bias cannot be used" ]
    [ "${lines[1]}" = "Try 'waterfit train --help' for more information." ]
}

@test "same input gives byte-identical models" {
    wf train "$DATA/reference/nist-norris.csv" -o first.json 2>/dev/null
    wf train "$DATA/reference/nist-norris.csv" -o second.json 2>/dev/null
    wf train "$DATA/reference/nist-norris.csv" >stdout.json 2>/dev/null
    cmp first.json second.json
    cmp first.json stdout.json
}

@test "stdin input gives the same model as the file" {
    wf train "$DATA/reference/nist-norris.csv" >file.json 2>/dev/null
    wf train - <"$DATA/reference/nist-norris.csv" >stdin.json 2>/dev/null
    cmp file.json stdin.json
}

@test "shipped example model matches a fresh training" {
    wf train "$TOP/data/water.csv" -o model.json 2>/dev/null
    cmp model.json "$TOP/models/water.json"
}

@test "initial weight alone keeps the line through the means" {
    run wf train -v --init-weight 1 "$TOP/data/water.csv" -o model.json
    [ "$status" -eq 0 ]
    # weight 1 through the means (25, 700): residuals 195, 0, -195.
    [[ "${lines[0]}" == "waterfit: epoch=0 loss="* ]]
    loss=${lines[0]#*loss=}
    assert_digits "${loss%% *}" 25350 12
}

@test "log loss falls to the exact fit's rounding level" {
    wf train -q "$TOP/data/water.csv" --log loss.csv -o model.json
    last=$(tail -n 1 loss.csv | cut -d, -f2)
    # The line fits the three rows exactly, so the loss keeps falling with
    # the parameters' error instead of stopping at the noise of the moments.
    awk -v loss="$last" 'BEGIN { exit !(loss < 1e-20) }'
}
