#!/usr/bin/env bats
# waterfit predict --input: a CSV copied byte for byte with a prediction
# column appended, for each line end, quoting, delimiter and header case,
# and its errors. The model predicts 40 * temperature - 300.

load helpers

MODEL=$DATA/bad/00m-model-fixed.json

# assert_bytes FILE FORMAT: FILE holds exactly the bytes printf FORMAT
# writes; on a difference both are shown with od -c.
assert_bytes() {
    printf "$2" >expected.bin
    if ! cmp -s "$1" expected.bin; then
        echo "expected:"; od -c expected.bin
        echo "actual:"; od -c "$1"
        return 1
    fi
}

# predict_input FORMAT [ARGS...]: writes printf FORMAT to in.csv and runs
# predict --input in.csv ARGS, with stdout in out.bin and stderr in err.txt.
predict_input() {
    printf "$1" >in.csv
    shift
    run bash -c '"$@" >out.bin 2>err.txt' _ $WATERFIT predict -m "$MODEL" --input in.csv "$@"
}

@test "header and LF line ends get the column" {
    predict_input 'temperature,water\n28,1\n20,2\n'
    [ "$status" -eq 0 ]
    assert_bytes out.bin 'temperature,water,water_predicted\n28,1,820\n20,2,500\n'
    [ ! -s err.txt ]
}

@test "CRLF line ends are kept" {
    predict_input 'temperature,water\r\n28,1\r\n20,2\r\n'
    [ "$status" -eq 0 ]
    assert_bytes out.bin 'temperature,water,water_predicted\r\n28,1,820\r\n20,2,500\r\n'
}

@test "CR line ends are kept" {
    predict_input 'temperature,water\r28,1\r20,2\r'
    [ "$status" -eq 0 ]
    assert_bytes out.bin 'temperature,water,water_predicted\r28,1,820\r20,2,500\r'
}

@test "last record without line end gets the column at its end" {
    predict_input 'temperature,water\n28,1\n20,2'
    [ "$status" -eq 0 ]
    assert_bytes out.bin 'temperature,water,water_predicted\n28,1,820\n20,2,500'
}

@test "header without line end and no rows" {
    predict_input 'temperature'
    [ "$status" -eq 0 ]
    assert_bytes out.bin 'temperature,water_predicted'
}

@test "quoted fields are copied byte for byte" {
    predict_input '"note",temperature\n"a,""b""\r\nc",28\n  "x" , "30" \n'
    [ "$status" -eq 0 ]
    assert_bytes out.bin \
        '"note",temperature,water_predicted\n"a,""b""\r\nc",28,820\n  "x" , "30" ,900\n'
}

@test "semicolons and decimal commas" {
    predict_input 'temperature;note\n28,5;a,b\n' --decimal-comma
    [ "$status" -eq 0 ]
    assert_bytes out.bin 'temperature;note;water_predicted\n28,5;a,b;840\n'
    predict_input 'temperature;note\n28,5;a\n' -d ';' --decimal-comma
    [ "$status" -eq 0 ]
    assert_bytes out.bin 'temperature;note;water_predicted\n28,5;a;840\n'
}

@test "tab delimiter" {
    predict_input 'day\ttemperature\nmon\t28\n'
    [ "$status" -eq 0 ]
    assert_bytes out.bin 'day\ttemperature\twater_predicted\nmon\t28\t820\n'
    predict_input 'day\ttemperature\nmon\t28\n' -d tab
    [ "$status" -eq 0 ]
    assert_bytes out.bin 'day\ttemperature\twater_predicted\nmon\t28\t820\n'
}

@test "-x chooses the column by name" {
    predict_input 'temperature,celsius\n1,28\n' -x celsius
    [ "$status" -eq 0 ]
    assert_bytes out.bin 'temperature,celsius,water_predicted\n1,28,820\n'
}

@test "-x chooses the column by number" {
    predict_input 'temperature,celsius\n1,28\n' -x 2
    [ "$status" -eq 0 ]
    assert_bytes out.bin 'temperature,celsius,water_predicted\n1,28,820\n'
}

@test "file without header uses the first column or -x" {
    predict_input '28,1\n20,2\n'
    [ "$status" -eq 0 ]
    assert_bytes out.bin '28,1,820\n20,2,500\n'
    predict_input '1,28\n2,20\n' -x 2
    [ "$status" -eq 0 ]
    assert_bytes out.bin '1,28,820\n2,20,500\n'
    predict_input 'temperature\n28\n' --no-header -x 1
    [ "$status" -eq 65 ]
    [ "$(cat err.txt)" = \
      "waterfit: in.csv:1: column 1 ('x'): 'temperature' is not a decimal number" ]
}

@test "--header takes a numeric first row as the header" {
    predict_input '28\n20\n' --header -x 1
    [ "$status" -eq 0 ]
    assert_bytes out.bin '28,water_predicted\n20,500\n'
}

@test "blank lines pass through unchanged" {
    predict_input '\ntemperature\n\n28\n  \n\r\n20\n\n'
    [ "$status" -eq 0 ]
    assert_bytes out.bin '\ntemperature,water_predicted\n\n28,820\n  \n\r\n20,500\n\n'
}

@test "header name with the delimiter is quoted" {
    printf '%s' '{"format": "waterfit-model", "version": 1, "features": ["t"],
        "target": "a,b", "weights": [2], "bias": 1}' >comma.json
    printf 't\n1\n' >in.csv
    run wf predict -m comma.json --input in.csv
    [ "$status" -eq 0 ]
    [ "$output" = "$(printf 't,"a,b_predicted"\n1,3')" ]
    printf '%s' '{"format": "waterfit-model", "version": 1, "features": ["t"],
        "target": "say \"hi\"", "weights": [2], "bias": 1}' >quote.json
    run wf predict -m quote.json --input in.csv
    [ "$status" -eq 0 ]
    [ "$output" = "$(printf 't,"say ""hi""_predicted"\n1,3')" ]
}

@test "stdin is read with --input -" {
    run bash -c "printf 'temperature\n28\n' | $WATERFIT predict -m '$MODEL' --input -"
    [ "$status" -eq 0 ]
    [ "$output" = "$(printf 'temperature,water_predicted\n28,820')" ]
}

@test "precision applies to the column" {
    predict_input 'temperature\n0.123\n' -p 3
    [ "$status" -eq 0 ]
    assert_bytes out.bin 'temperature,water_predicted\n0.123,-295\n'
}

@test "bad value stops at its line after the earlier lines" {
    predict_input 'temperature,water\n28,1\n\n20,2\nabc,3\n30,4\n'
    [ "$status" -eq 65 ]
    assert_bytes out.bin 'temperature,water,water_predicted\n28,1,820\n\n20,2,500\n'
    [ "$(cat err.txt)" = \
      "waterfit: in.csv:5: column 1 ('temperature'): 'abc' is not a decimal number" ]
}

@test "missing feature column is a data error" {
    predict_input 'celsius,water\n28,1\n'
    [ "$status" -eq 65 ]
    [ ! -s out.bin ]
    [ "$(cat err.txt)" = "waterfit: in.csv: no column named 'temperature'; the columns are:\
 'celsius', 'water'; choose one with -x" ]
}

@test "--input with values is a usage error" {
    run wf predict -m "$MODEL" --input in.csv 28
    [ "$status" -eq 64 ]
    [ "${lines[0]}" = "waterfit: --input and VALUE arguments cannot be used together" ]
    [ "${lines[1]}" = "Try 'waterfit predict --help' for more information." ]
}

@test "CSV options without --input are a usage error" {
    run wf predict -m "$MODEL" -x 2 28
    [ "$status" -eq 64 ]
    [ "${lines[0]}" = "waterfit: -x applies only with --input" ]
    run wf predict -m "$MODEL" --decimal-comma 28
    [ "$status" -eq 64 ]
    [ "${lines[0]}" = "waterfit: --decimal-comma applies only with --input" ]
}

@test "model and input both on stdin is a usage error" {
    run wf predict -m - --input -
    [ "$status" -eq 64 ]
    [ "${lines[0]}" = "waterfit: the model and the input cannot both come from stdin" ]
}

@test "missing input file is reported" {
    run wf predict -m "$MODEL" --input nothing.csv
    [ "$status" -eq 66 ]
    [ "$output" = "waterfit: nothing.csv: cannot open: No such file or directory" ]
}

@test "records stream before the input ends" {
    mkfifo input
    wf predict -m "$MODEL" --input - <input >answers &
    exec 7>input
    printf 'temperature\r\n28\r' >&7
    # The first record must arrive while the input is still open; the loop
    # only bounds the wait.
    for _ in $(seq 100); do
        grep -q 820 answers && break
        sleep 0.1
    done
    first=$(cat answers)
    printf '\n30\r\n' >&7
    exec 7>&-
    wait
    [ "$first" = "$(printf 'temperature,water_predicted\r\n28,820\r')" ]
    assert_bytes answers 'temperature,water_predicted\r\n28,820\r\n30,900\r\n'
}

@test "full device fails with a write error" {
    printf 'temperature\n28\n' >in.csv
    run bash -c "$WATERFIT predict -m '$MODEL' --input in.csv >/dev/full"
    [ "$status" -eq 74 ]
    [ "$output" = "waterfit: write error on standard output: No space left on device" ]
}
