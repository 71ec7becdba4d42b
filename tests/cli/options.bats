#!/usr/bin/env bats
# getopt errors name the option as the user wrote it, for every command.

load helpers

@test "flag given a value is named without the value" {
    run wf train --raw=1 data.csv
    [ "$status" -eq 64 ]
    [ "${lines[0]}" = "waterfit: option '--raw' takes no value" ]
    run wf evaluate --json=3 -m model.json data.csv
    [ "$status" -eq 64 ]
    [ "${lines[0]}" = "waterfit: option '--json' takes no value" ]
    run wf train --help=1
    [ "$status" -eq 64 ]
    [ "${lines[0]}" = "waterfit: option '--help' takes no value" ]
}

@test "long option without its value is named" {
    run wf predict --mod
    [ "$status" -eq 64 ]
    [ "${lines[0]}" = "waterfit: option '--mod' requires a value" ]
    [ "${lines[1]}" = "Try 'waterfit predict --help' for more information." ]
}

@test "unknown options are named as written" {
    run wf train -Z data.csv
    [ "$status" -eq 64 ]
    [ "${lines[0]}" = "waterfit: unknown option '-Z'" ]
    run wf train --bogus=2 data.csv
    [ "$status" -eq 64 ]
    [ "${lines[0]}" = "waterfit: unknown option '--bogus'" ]
    run wf show --x model.json
    [ "$status" -eq 64 ]
    [ "${lines[0]}" = "waterfit: unknown option '--x'" ]
}
