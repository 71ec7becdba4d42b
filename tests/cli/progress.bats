#!/usr/bin/env bats
# The progress line of a long read (train, evaluate, plot): shown on a terminal (a
# pseudo-terminal made by script(1)), erased before the report or an error,
# and never written to a file or with -q. WATERFIT_PROGRESS_DELAY_MS=0
# shows it from the first chunk, so a 3.9 MB file is enough.

load helpers

REPORT='waterfit: y ~ 3.000000234 * x + 1.999988776
waterfit: rows=600000 epochs=728 converged=yes mse=2 r2=0.9997166306
waterfit: residual_sd=1.414215919 se_weight=6.520552209e-05 se_bias=0.003623342936'

# One drawn progress line, between the "\r" that starts it and the next,
# for the file and for stdin.
RATES='rows=[0-9.]+[kM]? MB/s=[0-9.]+ rows/s=[0-9.]+[kMG]?'$'\033''\[K$'
LINE="^waterfit: read=[0-9.]+MB/3\\.92MB done=[0-9]+% $RATES"
PIPE_LINE="^waterfit: read=[0-9.]+MB $RATES"
ERASE=$'\r\033[K'

# 600 000 rows of y = 3x + 2 plus 0..4, about 3.9 MB: 8 chunks of 512 KiB.
setup_file() {
    awk 'BEGIN {
        print "x,y"
        for (i = 0; i < 600000; i++) printf "%d,%d\n", i % 97, 3 * (i % 97) + i % 5
    }' >"$BATS_FILE_TMPDIR/big.csv"
}

setup() {
    cd "$BATS_TEST_TMPDIR" || return 1
    export WATERFIT_PROGRESS_DELAY_MS=0
    BIG=$BATS_FILE_TMPDIR/big.csv
}

# on_terminal COMMAND: runs the shell command with a pseudo-terminal as its
# stdin, stdout and stderr, and prints what the terminal received.
on_terminal() {
    script -qec "$1" /dev/null
}

# assert_progress_then OUTPUT PATTERN: OUTPUT is one or more progress lines
# that match PATTERN, then the erase sequence, then the report.
assert_progress_then() {
    local drawn=${1%"$ERASE"*}
    local report=${1##*"$ERASE"}
    local count=0
    local line

    [[ $drawn == $'\r'* ]]
    IFS=$'\r' read -r -d '' -a lines < <(printf '%s\0' "${drawn#$'\r'}")
    for line in "${lines[@]}"; do
        [[ $line =~ $2 ]] || { echo "not a progress line: '$line'"; return 1; }
        count=$((count + 1))
    done
    [ "$count" -ge 1 ]
    [ "${report//$'\r'/}" = "$REPORT" ]
}

@test "progress line on a terminal comes before the report" {
    run on_terminal "$WATERFIT train $BIG -o m.json"
    [ "$status" -eq 0 ]
    assert_progress_then "$output" "$LINE"
}

@test "progress line for stdin has no size" {
    run on_terminal "$WATERFIT train - -o m.json <$BIG"
    [ "$status" -eq 0 ]
    assert_progress_then "$output" "$PIPE_LINE"
}

@test "progress line leaves the model bytes unchanged" {
    run on_terminal "$WATERFIT train $BIG -o shown.json"
    [ "$status" -eq 0 ]
    [[ $output == *"read="* ]]
    wf train "$BIG" -o hidden.json 2>/dev/null
    cmp shown.json hidden.json
}

@test "stderr in a file gets no progress line" {
    wf train "$BIG" -o m.json 2>stderr
    [ "$(cat stderr)" = "$REPORT" ]
    ! grep -q $'\r' stderr
}

@test "quiet run on a terminal prints nothing" {
    run on_terminal "$WATERFIT train -q $BIG -o m.json"
    [ "$status" -eq 0 ]
    [ "$output" = "" ]
    [ -s m.json ]
}

@test "progress line is erased before an error" {
    { cat "$BIG"; echo "abc,1"; } >bad.csv
    run on_terminal "$WATERFIT train bad.csv -o m.json"
    [ "$status" -eq 65 ]
    [[ $output == $'\r'"waterfit: read="* ]]
    expected="waterfit: bad.csv:600002: column 1 ('x'): 'abc' is not a decimal number"
    [ "${output##*"$ERASE"}" = "$expected"$'\r' ]
}

@test "small file on a terminal shows no progress line by default" {
    printf 'x,y\n1,2\n2,4\n3,7\n' >small.csv
    run on_terminal "env -u WATERFIT_PROGRESS_DELAY_MS $WATERFIT train small.csv -o m.json"
    [ "$status" -eq 0 ]
    [[ $output != *"read="* ]]
    [[ $output == "waterfit: y ~ 2.5 * x - 0.6666666667"$'\r'* ]]
}

@test "invalid progress delay is a usage error" {
    WATERFIT_PROGRESS_DELAY_MS=1e3 run wf train "$BIG"
    [ "$status" -eq 64 ]
    [ "${lines[0]}" = "waterfit: invalid value '1e3' for WATERFIT_PROGRESS_DELAY_MS: expected a"\
" whole number from 0 to 3600000" ]
    [ "${lines[1]}" = "Try 'waterfit train --help' for more information." ]
    [ "${#lines[@]}" -eq 2 ]
}

@test "evaluate and plot show the same progress line" {
    wf train -q "$BIG" -o m.json
    run on_terminal "$WATERFIT evaluate -m m.json $BIG >table.txt"
    [ "$status" -eq 0 ]
    [[ $output == $'\r'* ]]
    drawn=${output%"$ERASE"*}
    [[ ${drawn##*$'\r'} =~ $LINE ]]
    [ "$(sed -n 1p table.txt)" = "rows   600000" ]

    run on_terminal "$WATERFIT plot -m m.json $BIG -o fit.svg"
    [ "$status" -eq 0 ]
    drawn=${output%"$ERASE"*}
    [[ ${drawn##*$'\r'} =~ $LINE ]]
    [ -s fit.svg ]
}

@test "evaluate writes no progress to a file" {
    wf train -q "$BIG" -o m.json
    run bash -c "$WATERFIT evaluate -m m.json $BIG 2>err.txt >/dev/null"
    [ "$status" -eq 0 ]
    [ ! -s err.txt ]
}
