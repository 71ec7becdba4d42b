#!/usr/bin/env bats
# Messages follow LC_MESSAGES (Traditional Chinese catalog); exit statuses,
# numbers and the model never do.

load helpers

require_locale() {
    locale -a | grep -qi "^$1\.utf-\?8$" ||
        fail "locale $1.UTF-8 is missing: run tools/install-deps --test"
}

fail() {
    echo "$1" >&2
    return 1
}

@test "usage error is in Traditional Chinese under zh_TW" {
    require_locale zh_TW
    LC_ALL=zh_TW.UTF-8 run wf train
    [ "$status" -eq 64 ]
    [ "${lines[0]}" = "waterfit: 缺少輸入檔（要讀標準輸入請用 -）" ]
    [ "${lines[1]}" = "執行「waterfit train --help」可看更多說明。" ]
}

@test "C locale keeps English messages" {
    LC_ALL=C LANG=zh_TW.UTF-8 run wf train
    [ "$status" -eq 64 ]
    [ "${lines[0]}" = "waterfit: missing input file (use - for stdin)" ]
}

@test "model bytes do not depend on the locale" {
    require_locale zh_TW
    require_locale de_DE
    printf 'temperature,water\n20.5,500.25\n25,700\n28.5,900.75\n' >data.csv
    LC_ALL=C wf train data.csv -o c.json 2>/dev/null
    LC_ALL=zh_TW.UTF-8 wf train data.csv -o zh.json 2>/dev/null
    LC_ALL=de_DE.UTF-8 wf train data.csv -o de.json 2>/dev/null
    cmp c.json zh.json
    cmp c.json de.json
    [ "$(LC_ALL=de_DE.UTF-8 wf predict -m c.json 28.5)" = "$(LC_ALL=C wf predict -m c.json 28.5)" ]
}
