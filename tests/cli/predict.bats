#!/usr/bin/env bats
# waterfit predict: values from arguments and stdin, negative values,
# precision, streaming, and output errors.

load helpers

MODEL=$DATA/bad/00m-model-fixed.json

@test "values as arguments give one prediction per line in order" {
    run wf predict -m "$MODEL" 28 20 30.5
    [ "$status" -eq 0 ]
    [ "$output" = "$(printf '820\n500\n920')" ]
}

@test "negative values work with and without --" {
    run wf predict -m "$MODEL" -5 -5.5 -1e1 -.5
    [ "$status" -eq 0 ]
    [ "$output" = "$(printf -- '-500\n-520\n-700\n-320')" ]
    run wf predict -m "$MODEL" -- -5
    [ "$status" -eq 0 ]
    [ "$output" = -500 ]
    run wf predict -5 -m "$MODEL" 1
    [ "$status" -eq 0 ]
    [ "$output" = "$(printf -- '-500\n-260')" ]
}

@test "stdin values give one prediction per line" {
    run wf predict -m "$MODEL" < <(printf '28\n 20 \r\n\n-1e1\n30')
    [ "$status" -eq 0 ]
    [ "$output" = "$(printf '820\n500\n-700\n900')" ]
}

@test "precision option prints more digits" {
    run wf predict -m "$MODEL" -p 17 0.1
    [ "$status" -eq 0 ]
    [ "$output" = -296 ]
    run wf predict -m "$MODEL" -p 3 0.123
    [ "$status" -eq 0 ]
    [ "$output" = -295 ]
    run wf predict -m "$MODEL" --precision 18 1
    [ "$status" -eq 64 ]
}

@test "stdin predictions stream before the input ends" {
    mkfifo input
    wf predict -m "$MODEL" <input >answers &
    exec 7>input
    printf '28\n' >&7
    # The first answer must arrive while the input is still open; the loop
    # only bounds the wait.
    for _ in $(seq 100); do
        [ -s answers ] && break
        sleep 0.1
    done
    first=$(cat answers)
    exec 7>&-
    wait
    [ "$first" = 820 ]
}

@test "closed pipe stops predict quietly" {
    run bash -c "seq 1 200000 | $WATERFIT predict -m '$MODEL' 2>stderr.txt | head -n 1"
    [ "$output" = -260 ]
    [ ! -s stderr.txt ]
}

@test "full device fails with a write error" {
    run bash -c "$WATERFIT predict -m '$MODEL' 28 >/dev/full"
    [ "$status" -eq 74 ]
    [[ "$output" == "waterfit: write error on standard output: No space left on device" ]]
    run bash -c "seq 1 100000 | $WATERFIT predict -m '$MODEL' >/dev/full"
    [ "$status" -eq 74 ]
    [[ "$output" == "waterfit: write error on standard output: No space left on device" ]]
}

@test "bad stdin value names its line" {
    run wf predict -m "$MODEL" < <(printf '28\n\nabc\n30\n')
    [ "$status" -eq 65 ]
    [ "${lines[0]}" = 820 ]
    [ "${lines[1]}" = "waterfit: -:3: invalid value 'abc': not a decimal number" ]
}

@test "bad argument value is a data error" {
    run wf predict -m "$MODEL" 28 28°C
    [ "$status" -eq 65 ]
    [ "${lines[1]}" = "waterfit: invalid value '28°C': unexpected text after the number" ]
}

@test "missing model option is a usage error" {
    run wf predict 28
    [ "$status" -eq 64 ]
    [ "${lines[0]}" = "waterfit: missing -m MODEL" ]
    [ "${lines[1]}" = "Try 'waterfit predict --help' for more information." ]
}

@test "missing model file is reported" {
    run wf predict -m nothing.json 28
    [ "$status" -eq 66 ]
    [ "$output" = "waterfit: nothing.json: cannot open: No such file or directory" ]
}

@test "unknown option is a usage error" {
    run wf predict -m "$MODEL" --frobnicate 28
    [ "$status" -eq 64 ]
    [ "${lines[0]}" = "waterfit: unknown option '--frobnicate'" ]
}

@test "model path that is a directory cannot be opened" {
    mkdir models
    run wf predict -m models 28
    [ "$status" -eq 66 ]
    [ "$output" = "waterfit: models: cannot open: Is a directory" ]
}

@test "stdin lines up to the buffer size are read" {
    printf '%065535d' 0 | tr 0 ' ' >spaces.txt
    # 65534 blanks and a digit make a line of 65535 bytes, the longest that
    # fits the 64 KiB buffer with its newline.
    run bash -c "{ head -c 65534 spaces.txt; echo 1; } | $WATERFIT predict -m '$MODEL'"
    [ "$status" -eq 0 ]
    [ "$output" = -260 ]
    run bash -c "{ head -c 65535 spaces.txt; echo 1; } | $WATERFIT predict -m '$MODEL'"
    [ "$status" -eq 65 ]
    [ "$output" = "waterfit: -:1: line longer than 65535 bytes; expected one number per line" ]
}

@test "CSV piped to stdin points to --input" {
    run bash -c "$WATERFIT predict -m '$MODEL' <'$TOP/data/water.csv'"
    [ "$status" -eq 65 ]
    [ "$output" = "waterfit: -:1: invalid value 'temperature,water': not a decimal number; to add predictions to a CSV file, use --input" ]
}

@test "help of help is the general help" {
    run wf help help
    [ "$status" -eq 0 ]
    [ "${lines[0]}" = "Usage: waterfit COMMAND [OPTION]... [ARGUMENT]..." ]
}
