#!/usr/bin/env bats
# Bash completion: subcommands, options from --help, and column names from
# the header of the CSV file on the command line.

load helpers

# complete_words WORD...: completes the last word of "waterfit WORD..." and
# prints the candidates, one per line.
complete_words() {
    PATH=$(dirname "$WATERFIT_BINARY"):$PATH
    # shellcheck source=/dev/null
    source "$TOP/completions/waterfit.bash"
    COMP_WORDS=(waterfit "$@")
    COMP_CWORD=$#
    _waterfit
    printf '%s\n' "${COMPREPLY[@]}"
}

setup() {
    cd "$BATS_TEST_TMPDIR" || return 1
    WATERFIT_BINARY=$TOP/waterfit
    export LC_ALL=C.UTF-8
    printf '\xef\xbb\xbfDate;Avg Temp (°C);Total Water (ml)\r\n2025-03-08;7.3;1500\r\n' >data.csv
}

@test "first word completes subcommands" {
    run complete_words pr
    [ "$status" -eq 0 ]
    [ "$output" = predict ]
    run complete_words ''
    [ "$output" = "$(printf 'train\npredict\nevaluate\nshow\nplot\nhelp\n--help\n--version')" ]
}

@test "options come from the subcommand's help" {
    run complete_words train --lea
    [ "$output" = --learning-rate ]
    run complete_words predict --pre
    [ "$output" = --precision ]
}

@test "x column completes header names of the CSV file" {
    run complete_words train data.csv -x ''
    [ "$status" -eq 0 ]
    [ "${lines[0]}" = Date ]
    [ "${lines[1]}" = 'Avg\ Temp\ \(°C\)' ]
    [ "${lines[2]}" = 'Total\ Water\ \(ml\)' ]
    run complete_words train -y T data.csv -x Avg
    [ "$output" = 'Avg\ Temp\ \(°C\)' ]
}

@test "optimizer completes its two values" {
    run complete_words train --optimizer ''
    [ "$output" = "$(printf 'adam\nsgd')" ]
}
