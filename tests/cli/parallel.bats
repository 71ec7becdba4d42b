#!/usr/bin/env bats
# waterfit train on files of several 512 KiB chunks: the same model bytes
# for any WATERFIT_THREADS and for stdin, errors in late chunks at their
# true line, and quoted fields read by the serial reader.

load helpers

# generate ROWS: a deterministic temperature,water file (a linear
# congruential generator, so every run writes the same bytes).
generate() {
    awk -v rows="$1" 'BEGIN {
        print "temperature,water"
        state = 12345
        for (i = 0; i < rows; i++) {
            state = (state * 1103515245 + 12345) % 2147483648
            t = 100 + state % 300
            state = (state * 1103515245 + 12345) % 2147483648
            printf "%d.%d,%d.%d\n", t / 10, t % 10, (40 * t - 3000 + state % 1000) / 10, state % 10
        }
    }'
}

# replace_line FILE LINE TEXT: FILE with physical line LINE replaced.
replace_line() {
    awk -v line="$2" -v text="$3" 'NR == line { print text; next } { print }' "$1"
}

setup_file() {
    generate 100000 >"$BATS_FILE_TMPDIR/small.csv"   # about 1.1 MB, 3 chunks
    generate 300000 >"$BATS_FILE_TMPDIR/medium.csv"  # about 3.3 MB, 7 chunks
    generate 500000 >"$BATS_FILE_TMPDIR/large.csv"   # about 5.5 MB, 11 chunks
}

# train_all FILE [OPTION]...: trains on FILE with 1, 2 and 4 threads and
# from stdin, writing t1.json, t2.json, t4.json and stdin.json, and the
# messages to t1.err and so on.
train_all() {
    file=$1
    shift
    for threads in 1 2 4; do
        WATERFIT_THREADS=$threads wf train -q "$@" "$file" >t$threads.json 2>t$threads.err ||
            echo "exit $?" >>t$threads.err
    done
    wf train -q "$@" - <"$file" >stdin.json 2>stdin.err || echo "exit $?" >>stdin.err
}

# assert_same_models: the four models of train_all are byte-identical.
assert_same_models() {
    [ -s t1.json ]
    cmp t1.json t2.json
    cmp t1.json t4.json
    cmp t1.json stdin.json
}

# assert_error FILE MESSAGE EXIT: every run of train_all failed with
# "waterfit: FILE:MESSAGE" (stdin named "-") and exit status EXIT.
assert_error() {
    for run in t1 t2 t4; do
        [ "$(cat $run.err)" = "waterfit: $1:$2
exit $3" ]
    done
    [ "$(cat stdin.err)" = "waterfit: -:$2
exit $3" ]
}

@test "models agree for 1, 2 and 4 threads and stdin" {
    for size in small medium large; do
        train_all "$BATS_FILE_TMPDIR/$size.csv"
        assert_same_models
        rm -f t1.json
    done
}

@test "chunked moments give the two-pass least-squares line" {
    file=$BATS_FILE_TMPDIR/large.csv
    WATERFIT_THREADS=2 wf train -q "$file" -o model.json
    # Two passes in awk's doubles: means first, then centred sums.
    reference=$(awk -F, 'NR == FNR && FNR > 1 { n++; sx += $1; sy += $2; next }
        FNR > 1 { dx = $1 - sx / n; sxx += dx * dx; sxy += dx * ($2 - sy / n) }
        END { w = sxy / sxx; printf "%.17g %.17g\n", w, sy / n - w * sx / n }' "$file" "$file")
    [ "$(field model.json '.training.rows')" = 500000 ]
    assert_digits "$(field model.json '.weights[0]')" "${reference% *}" 10
    assert_digits "$(field model.json '.bias')" "${reference#* }" 10
}

@test "bad value in a late chunk names its line and column" {
    replace_line "$BATS_FILE_TMPDIR/large.csv" 450001 '31.5,abc' >bad.csv
    train_all bad.csv
    assert_error bad.csv "450001: column 2 ('water'): 'abc' is not a decimal number" 65
}

@test "late error keeps its line with CRLF and lone CR line ends" {
    replace_line "$BATS_FILE_TMPDIR/medium.csv" 290000 'x1,5' >bad.csv
    sed 's/$/\r/' bad.csv >crlf.csv
    tr '\n' '\r' <bad.csv >cr.csv
    train_all crlf.csv
    assert_error crlf.csv "290000: column 1 ('temperature'): 'x1' is not a decimal number" 65
    train_all cr.csv
    assert_error cr.csv "290000: column 1 ('temperature'): 'x1' is not a decimal number" 65
}

@test "first error in the file wins over a later one" {
    replace_line "$BATS_FILE_TMPDIR/large.csv" 480000 'late,1' >one.csv
    replace_line one.csv 130000 '12.5' >bad.csv
    train_all bad.csv
    assert_error bad.csv \
        "130000: row has 1 field, expected at least 2 for column 2 ('water')" 65
}

@test "NUL byte in a late chunk is not taken for UTF-16" {
    file=$BATS_FILE_TMPDIR/medium.csv
    { head -n 262144 "$file"; printf '12.5,\0\n'; tail -n +262146 "$file"; } >nul.csv
    train_all nul.csv
    assert_error nul.csv "262145: column 2: unexpected NUL byte; save the file as CSV UTF-8" 65
}

@test "unterminated quote in a late chunk names its opening line" {
    replace_line "$BATS_FILE_TMPDIR/medium.csv" 200000 '"12.5,3' >bad.csv
    train_all bad.csv
    assert_error bad.csv "200000: column 1: unterminated quoted field (the quote opened here)" 65
}

@test "quoted value gives the model of the same value unquoted" {
    # ' 12.5 ' and '"12.5"' have the same length and value, so the chunks
    # hold the same rows; only the quote sends one chunk to the serial reader.
    replace_line "$BATS_FILE_TMPDIR/large.csv" 333333 ' 12.5 ,200' >padded.csv
    replace_line "$BATS_FILE_TMPDIR/large.csv" 333333 '"12.5",200' >quoted.csv
    train_all padded.csv
    assert_same_models
    mv t1.json padded.json
    train_all quoted.csv
    assert_same_models
    cmp padded.json t1.json
}

@test "quoted header and multi-line fields give the same model everywhere" {
    { echo '"temperature","water","note"'
      awk 'NR > 1 && NR % 40009 == 0 { print $0 ",\"two\nlines\""; next }
           NR > 1 { print }' "$BATS_FILE_TMPDIR/large.csv"; } >quoted.csv
    train_all quoted.csv -y water
    assert_same_models
    [ "$(field t1.json '.training.rows')" = 500000 ]
    [ "$(field t1.json '.features[0]')" = temperature ]
}

@test "invalid WATERFIT_THREADS is a usage error" {
    for value in 0 -1 abc 257 ""; do
        WATERFIT_THREADS=$value run wf train "$TOP/data/water.csv"
        [ "$status" -eq 64 ]
        expected="invalid WATERFIT_THREADS '$value': expected a whole number from 1 to 256"
        [ "${lines[0]}" = "waterfit: $expected" ]
    done
}
