#!/usr/bin/env bats
# waterfit plot: well-formed SVG (xmllint), one circle per row, the line's
# ends on the model's predictions, the formula, the loss panel, names that
# need escaping or CJK fonts, column choice, thinning, errors and output.

load helpers

ISTANBUL=$TOP/data/istanbul-daily-water-intake.csv
FIXED_MODEL=$DATA/bad/00m-model-fixed.json

# xpath FILE EXPRESSION: the result of an XPath expression on an SVG file.
# SVG elements are in a namespace, so match them by local-name().
xpath() {
    xmllint --xpath "$2" "$1"
}

# assert_close ACTUAL EXPECTED TOLERANCE: |ACTUAL - EXPECTED| <= TOLERANCE.
assert_close() {
    awk -v a="$1" -v e="$2" -v t="$3" 'BEGIN {
        d = a - e; if (d < 0) d = -d
        if (d > t) { printf "expected %s within %s, got %s\n", e, t, a; exit 1 }
    }'
}

train_istanbul() {
    wf train -x 'Avg Temp (°C)' -y 'Total Water (ml)' "$ISTANBUL" -o model.json 2>/dev/null
}

@test "52-day data gives a valid SVG with one circle per row" {
    train_istanbul
    run wf plot -m model.json "$ISTANBUL" -o fit.svg
    [ "$status" -eq 0 ]
    [ "$output" = "" ]
    xmllint --noout fit.svg
    [ "$(xpath fit.svg 'count(//*[@class="points"]/*[local-name()="circle"])')" = 52 ]
    [ "$(xpath fit.svg 'string(/*/@version)')" = 1.1 ]
}

@test "title shows the formula and R2 from the model" {
    train_istanbul
    wf plot -m model.json "$ISTANBUL" -o fit.svg
    expected='Total Water (ml) ≈ 10.98 × Avg Temp (°C) + 1397  (R² = 0.0076)'
    [ "$(xpath fit.svg 'string(//*[@class="title"])')" = "$expected" ]
    [ "$(xpath fit.svg 'string(/*/*[local-name()="title"])')" = "$expected" ]
}

@test "axis labels are the data's column names" {
    train_istanbul
    wf plot -m model.json "$ISTANBUL" -o fit.svg
    [ "$(xpath fit.svg 'string(//*[@class="x-label"])')" = 'Avg Temp (°C)' ]
    [ "$(xpath fit.svg 'string(//*[@class="y-label"])')" = 'Total Water (ml)' ]
}

@test "x ticks are nice steps covering the data" {
    train_istanbul
    wf plot -m model.json "$ISTANBUL" -o fit.svg
    ticks=$(xpath fit.svg '//*[@class="x-tick"]/text()' | tr '\n' ' ')
    [ "$ticks" = "5 10 15 20 25 " ]
    ticks=$(xpath fit.svg '//*[@class="y-tick"]/text()' | tr '\n' ' ')
    [ "$ticks" = "500 1000 1500 2000 2500 3000 3500 " ]
}

# The line's x1 and x2 are the first and last x ticks. Its y1 and y2, mapped
# back through the first and last y ticks, are what waterfit predict gives for those ticks.
@test "line ends are the model's predictions at the axis ends" {
    train_istanbul
    wf plot -m model.json "$ISTANBUL" -o fit.svg
    count=$(xpath fit.svg 'count(//*[@class="x-tick"])')
    first=$(xpath fit.svg 'string((//*[@class="x-tick"])[1])')
    last=$(xpath fit.svg "string((//*[@class=\"x-tick\"])[$count])")
    [ "$(xpath fit.svg 'string(//*[@class="fit"]/@x1)')" = \
      "$(xpath fit.svg 'string((//*[@class="x-tick"])[1]/@x)')" ]
    [ "$(xpath fit.svg 'string(//*[@class="fit"]/@x2)')" = \
      "$(xpath fit.svg "string((//*[@class=\"x-tick\"])[$count]/@x)")" ]

    read -r -d '' first_y last_y < <(wf predict -m model.json -p 17 "$first" "$last") || true
    value0=$(xpath fit.svg 'string((//*[@class="y-tick"])[1])')
    value1=$(xpath fit.svg 'string((//*[@class="y-tick"])[last()])')
    pixel0=$(xpath fit.svg 'string((//*[@class="y-tick"])[1]/@y)')
    pixel1=$(xpath fit.svg 'string((//*[@class="y-tick"])[last()]/@y)')
    to_pixel() {
        awk -v v="$1" -v v0="$value0" -v v1="$value1" -v p0="$pixel0" -v p1="$pixel1" \
            'BEGIN { printf "%.6f\n", p0 + (v - v0) * (p1 - p0) / (v1 - v0) }'
    }
    # Each of y1, pixel0 and pixel1 is rounded to 0.01 px.
    y1=$(xpath fit.svg 'string(//*[@class="fit"]/@y1)')
    y2=$(xpath fit.svg 'string(//*[@class="fit"]/@y2)')
    assert_close "$y1" "$(to_pixel "$first_y")" 0.015
    assert_close "$y2" "$(to_pixel "$last_y")" 0.015
}

@test "same input gives the same bytes, on stdout too" {
    train_istanbul
    wf plot -m model.json "$ISTANBUL" -o first.svg
    wf plot -m model.json "$ISTANBUL" -o second.svg
    wf plot -m model.json "$ISTANBUL" >stdout.svg
    wf plot -m model.json -o - - <"$ISTANBUL" >dash.svg
    cmp first.svg second.svg
    cmp first.svg stdout.svg
    cmp first.svg dash.svg
}

@test "tutorial data with --log adds a loss panel on a log axis" {
    wf train "$TOP/data/water.csv" --log loss.csv -o model.json 2>/dev/null
    run wf plot -m model.json --log loss.csv "$TOP/data/water.csv" -o fit.svg
    [ "$status" -eq 0 ]
    xmllint --noout fit.svg
    [ "$(xpath fit.svg 'string(/*/@height)')" = 800 ]
    epochs=$(($(wc -l <loss.csv) - 1))
    points=$(xpath fit.svg 'string(//*[@class="loss"]/@points)' | wc -w)
    [ "$points" -eq "$epochs" ]
    [ "$(xpath fit.svg 'string(//*[@class="loss-panel"]/*[@class="x-label"])')" = epoch ]
    [ "$(xpath fit.svg 'string(//*[@class="loss-panel"]/*[@class="y-label"])')" = \
      'loss (log scale)' ]
    # Decade ticks: "10" with the exponent raised in a tspan.
    xpath fit.svg '//*[@class="loss-panel"]//*[@class="y-tick"]/*[local-name()="tspan"]' >/dev/null
    [ "$(xpath fit.svg 'string((//*[@class="legend"])[last()])')" = \
      'mean squared error before each step' ]
}

@test "losses of zero or less are left out and noted" {
    wf train "$TOP/data/water.csv" -o model.json 2>/dev/null
    printf 'epoch,loss,weight,bias\n0,100,1,1\n1,0,2,2\n2,1e-3,3,3\n' >loss.csv
    printf '3,-0,4,4\n4,5e-4,5,5\n' >>loss.csv
    run wf plot -m model.json --log loss.csv "$TOP/data/water.csv" -o fit.svg
    [ "$status" -eq 0 ]
    xmllint --noout fit.svg
    [ "$(xpath fit.svg 'string(//*[@class="loss"]/@points)' | wc -w)" -eq 3 ]
    [ "$(xpath fit.svg 'string((//*[@class="legend"])[last()])')" = \
      'mean squared error before each step; 2 epochs with loss ≤ 0 not shown' ]
}

@test "Chinese column names are kept as text" {
    printf '溫度,水量\n20,500\n25,700\n30,900\n22,610\n' >zh.csv
    wf train zh.csv -o model.json 2>/dev/null
    run wf plot -m model.json zh.csv -o fit.svg
    [ "$status" -eq 0 ]
    xmllint --noout fit.svg
    [ "$(xpath fit.svg 'string(//*[@class="x-label"])')" = 溫度 ]
    [ "$(xpath fit.svg 'string(//*[@class="y-label"])')" = 水量 ]
    title='水量 ≈ 38.81 × 溫度 − 263.7  (R² = 0.9931)'
    [ "$(xpath fit.svg 'string(//*[@class="title"])')" = "$title" ]
    [[ "$(xpath fit.svg 'string(/*/@font-family)')" == "'Noto Sans CJK TC', "*", sans-serif" ]]
}

@test "names with markup characters are escaped" {
    printf '"a & b <c>","say ""hi"" it'"'"'s"\n1,2\n2,4.5\n3,5\n' >names.csv
    wf train names.csv -o model.json 2>/dev/null
    wf plot -m model.json names.csv -o fit.svg
    xmllint --noout fit.svg
    [ "$(xpath fit.svg 'string(//*[@class="x-label"])')" = 'a & b <c>' ]
    [ "$(xpath fit.svg 'string(//*[@class="y-label"])')" = "say \"hi\" it's" ]
    grep -qF '>a &amp; b &lt;c&gt;</text>' fit.svg
    grep -qF '>say &quot;hi&quot; it&apos;s</text>' fit.svg
}

@test "a model without training report gets R2 from the data" {
    run wf plot -m "$FIXED_MODEL" "$DATA/bad/00-baseline.csv" -o fit.svg
    [ "$status" -eq 0 ]
    r2=$(awk -F, 'NR > 1 { x[NR] = $1; y[NR] = $2; sum += $2; n++ }
        END {
            mean = sum / n
            for (i in y) {
                e = y[i] - (40 * x[i] - 300); sse += e * e
                d = y[i] - mean; sst += d * d
            }
            printf "%.4f\n", 1 - sse / sst
        }' "$DATA/bad/00-baseline.csv")
    [ "$r2" = 0.9982 ]
    [ "$(xpath fit.svg 'string(//*[@class="title"])')" = \
      "water ≈ 40 × temperature − 300  (R² = $r2)" ]
}

@test "columns come from the model's names, or -x and -y" {
    printf 'id,water,temperature\n1,500,20\n2,700,25\n3,900,30\n' >columns.csv
    wf plot -m "$FIXED_MODEL" columns.csv -o fit.svg
    [ "$(xpath fit.svg 'string(//*[@class="x-label"])')" = temperature ]
    [ "$(xpath fit.svg 'string(//*[@class="y-label"])')" = water ]
    wf plot -m "$FIXED_MODEL" -x 1 -y temperature columns.csv -o fit.svg
    [ "$(xpath fit.svg 'string(//*[@class="x-label"])')" = id ]
    [ "$(xpath fit.svg 'string(//*[@class="y-label"])')" = temperature ]
}

@test "a header without the model's columns is an error" {
    printf 'a,b\n20,500\n30,900\n' >other.csv
    run wf plot -m "$FIXED_MODEL" other.csv -o fit.svg
    [ "$status" -eq 65 ]
    [ "$output" = "waterfit: other.csv: no column named 'temperature'; the columns are: 'a', 'b'; choose one with -x" ]
    [ ! -e fit.svg ]
}

@test "a file without header plots its first and last columns with a warning" {
    printf '20,500\n30,900\n' >plain.csv
    run wf plot -m "$FIXED_MODEL" plain.csv -o fit.svg
    [ "$status" -eq 0 ]
    warning="waterfit: warning: 'plain.csv' has no column"
    [ "${lines[0]}" = "$warning 'temperature' from the model; plotting column 1 ('x') instead" ]
    [ "${lines[1]}" = "$warning 'water' from the model; plotting column 2 ('y') instead" ]
}

@test "a file without header plots with a model trained without header" {
    printf '20,500\n25,700\n30,900\n' >plain.csv
    wf train plain.csv -o model.json 2>/dev/null
    run wf plot -m model.json plain.csv -o fit.svg
    [ "$status" -eq 0 ]
    [ "$output" = "" ]
    [ "$(xpath fit.svg 'count(//*[@class="points"]/*[local-name()="circle"])')" = 3 ]
}

@test "CSV options work as in train" {
    printf 'temperature;water\n20,0;500\n25,0;700\n30,0;900\n' >semicolon.csv
    run wf plot -m "$FIXED_MODEL" -d ';' --decimal-comma semicolon.csv -o fit.svg
    [ "$status" -eq 0 ]
    [ "$(xpath fit.svg 'count(//*[@class="points"]/*[local-name()="circle"])')" = 3 ]
    run wf plot -m "$FIXED_MODEL" --no-header "$TOP/data/water.csv" -o fit.svg
    [ "$status" -eq 65 ]
    [ "${lines[2]}" = \
      "waterfit: $TOP/data/water.csv:1: column 1 ('x'): 'temperature' is not a decimal number" ]
}

@test "more rows than the point limit are thinned evenly" {
    awk 'BEGIN {
        print "temperature,water"
        for (i = 0; i <= 250000; i++) printf "%d,%d\n", i % 40, i % 977
    }' >big.csv
    run wf plot -m "$FIXED_MODEL" big.csv -o fit.svg
    [ "$status" -eq 0 ]
    xmllint --noout fit.svg
    # 250001 rows need stride 4 to fit in 100000 points: rows 0, 4, ..., 250000.
    [ "$(xpath fit.svg 'count(//*[@class="points"]/*[local-name()="circle"])')" = 62501 ]
    note='<!-- data: 250001 rows; a plot keeps at most 100000 points, so only the 62501 rows'
    note="$note whose 0-based index is a multiple of 4 are drawn -->"
    grep -qxF "$note" fit.svg
    [ "$(xpath fit.svg 'string((//*[@class="legend"])[1])')" = \
      'data: 250001 rows, 1 in 4 drawn' ]
}

@test "usage errors exit 64 with a message" {
    run wf plot "$TOP/data/water.csv"
    [ "$status" -eq 64 ]
    [ "${lines[0]}" = "waterfit: missing -m MODEL" ]
    [ "${lines[1]}" = "Try 'waterfit plot --help' for more information." ]
    run wf plot -m "$FIXED_MODEL"
    [ "$status" -eq 64 ]
    [ "${lines[0]}" = "waterfit: missing input file (use - for stdin)" ]
    run wf plot -m - -
    [ "$status" -eq 64 ]
    [ "${lines[0]}" = \
      "waterfit: only one of the data, -m and --log can be read from stdin (-)" ]
    cp "$TOP/data/water.csv" water.csv
    run wf plot -m "$FIXED_MODEL" water.csv -o ./water.csv
    [ "$status" -eq 64 ]
    [ "${lines[0]}" = "waterfit: -o './water.csv' is an input file; choose another output file" ]
    cmp water.csv "$TOP/data/water.csv"
    run wf plot --width 3
    [ "$status" -eq 64 ]
    [ "${lines[0]}" = "waterfit: unknown option '--width'" ]
}

@test "input errors keep the old output file" {
    echo old >fit.svg
    run wf plot -m missing.json "$TOP/data/water.csv" -o fit.svg
    [ "$status" -eq 66 ]
    [[ "$output" == "waterfit: missing.json: "* ]]
    printf 'temperature,water\n' >empty.csv
    run wf plot -m "$FIXED_MODEL" empty.csv -o fit.svg
    [ "$status" -eq 65 ]
    [ "$output" = "waterfit: empty.csv: no data rows to plot" ]
    printf 'epoch,loss\n0,abc\n' >loss.csv
    run wf plot -m "$FIXED_MODEL" --log loss.csv "$TOP/data/water.csv" -o fit.svg
    [ "$status" -eq 65 ]
    [ "$output" = \
      "waterfit: loss.csv:2: column 2 ('loss'): 'abc' is not a decimal number" ]
    [ "$(cat fit.svg)" = old ]
    [ "$(ls -A)" = "$(printf 'empty.csv\nfit.svg\nloss.csv')" ]
}

@test "output errors exit 73 and 74" {
    run wf plot -m "$FIXED_MODEL" "$TOP/data/water.csv" -o no-such-directory/fit.svg
    [ "$status" -eq 73 ]
    [[ "$output" == "waterfit: no-such-directory/fit.svg: cannot create: "* ]]
    run wf plot -m "$FIXED_MODEL" "$TOP/data/water.csv" -o /dev/full
    [ "$status" -eq 74 ]
    run sh -c '"$@" >/dev/full' sh $WATERFIT plot -m "$FIXED_MODEL" "$TOP/data/water.csv"
    [ "$status" -eq 74 ]
}

@test "help lists every option with its default" {
    run wf plot --help
    [ "$status" -eq 0 ]
    for option in -m --model -x --x -y --y -d --delimiter --header --no-header \
        --decimal-comma --log -o --output -h --help; do
        [[ "$output" == *"$option"* ]]
    done
    [[ "$output" == *"(default: stdout, also for -)"* ]]
    [[ "$output" == *"at most 100000 data points"* ]]
    [[ "$output" == *"Exit status: 0 success, 64 usage error"* ]]
    [ "$(wf help plot)" = "$output" ]
    run wf --help
    [[ "$output" == *"  plot -m MODEL FILE  draw the data and the fitted line as SVG"* ]]
}
