#!/usr/bin/env bats
# Messages follow LC_MESSAGES (Traditional Chinese catalog); exit statuses,
# numbers and the model never do.

bats_require_minimum_version 1.5.0
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

# long_options: the --options named on stdin, one per line, sorted.
long_options() {
    grep -o -- '--[a-z][a-z0-9-]*' | sort -u
}

# option_column: the option part of each option line on stdin, with the
# blanks up to the description, so that a shifted description shows too.
option_column() {
    awk 'match($0, /^ +-[^ ]+( [^ ]+)* +/) { print "[" substr($0, 1, RLENGTH) "]" }'
}

# assert_chinese_help PHRASE [COMMAND]: COMMAND's --help under zh_TW exits 0,
# contains PHRASE, names every --option of the C help and no other, keeps
# the C help's option column and fits in 80 terminal columns.
assert_chinese_help() {
    local phrase=$1
    shift
    require_locale zh_TW
    LC_ALL=C run wf "$@" --help
    [ "$status" -eq 0 ]
    local english=$output

    LC_ALL=zh_TW.UTF-8 run wf "$@" --help
    [ "$status" -eq 0 ]
    [[ $output == *"$phrase"* ]] || fail "missing phrase: $phrase"
    diff <(long_options <<<"$english") <(long_options <<<"$output")
    diff <(option_column <<<"$english") <(option_column <<<"$output")
    local width
    width=$(LC_ALL=zh_TW.UTF-8 wc -L <<<"$output")
    [ "$width" -le 79 ] || fail "help is $width columns wide"
}

@test "top-level --help is in Chinese under zh_TW" {
    assert_chinese_help "用法：waterfit COMMAND [OPTION]... [ARGUMENT]..."
}

@test "train --help is in Chinese under zh_TW" {
    assert_chinese_help "最多訓練輪數（預設：50001）" train
}

@test "predict --help is in Chinese under zh_TW" {
    assert_chinese_help "有效位數，1 到 17（預設：10）" predict
}

@test "evaluate --help is in Chinese under zh_TW" {
    assert_chinese_help "平均絕對誤差（MAE）" evaluate
}

@test "show --help is in Chinese under zh_TW" {
    assert_chinese_help "是否收斂（converged）" show
}

@test "plot --help is in Chinese under zh_TW" {
    assert_chinese_help "損失曲線也用同樣的方式最多保留 10000 輪" plot
}

# assert_translated_error STATUS ENGLISH CHINESE ARGS...: waterfit ARGS exits
# with STATUS under both C and zh_TW, prints nothing on stdout, and its
# stderr is exactly ENGLISH under C and CHINESE under zh_TW.
assert_translated_error() {
    local expected_status=$1
    local english=$2
    local chinese=$3
    shift 3
    require_locale zh_TW

    LC_ALL=C run --separate-stderr wf "$@"
    [ "$status" -eq "$expected_status" ]
    [ "$output" = "" ]
    [ "$stderr" = "$english" ]

    LC_ALL=zh_TW.UTF-8 run --separate-stderr wf "$@"
    [ "$status" -eq "$expected_status" ]
    [ "$output" = "" ]
    [ "$stderr" = "$chinese" ]
}

@test "CSV value error under zh_TW keeps file, line and status" {
    printf 'temperature,water\n20,500\nabc,700\n28,900\n' >data.csv
    assert_translated_error 65 \
        "waterfit: data.csv:3: column 1 ('temperature'): 'abc' is not a decimal number" \
        "waterfit: data.csv:3: 第 1 欄（'temperature'）：'abc' 不是十進位數字" \
        train data.csv
}

@test "CSV value hint under zh_TW uses full-width punctuation" {
    printf 'temperature;water\n20;500\n22,5;700\n28;900\n' >data.csv
    assert_translated_error 65 \
        "waterfit: data.csv:3: column 1 ('temperature'): '22,5' is not a decimal number (looks like a decimal comma); the file looks ';'-separated with decimal commas: try -d ';' --decimal-comma" \
        "waterfit: data.csv:3: 第 1 欄（'temperature'）：'22,5' 不是十進位數字（看起來是用逗號當小數點）；這個檔案看起來以 ';' 分隔，並用逗號當小數點：請試試 -d ';' --decimal-comma" \
        train data.csv
}

@test "model field error under zh_TW keeps file, line and status" {
    printf '{\n"format": "waterfit-model", "version": 1,\n"features": ["x"], "target": "y",\n"weights": [2], "bias": "one"\n}\n' >model.json
    assert_translated_error 65 \
        "waterfit: model.json:4: field 'bias' must be a finite number, found the string 'one'" \
        "waterfit: model.json:4: 欄位 'bias' 必須是有限的數字，實際是：字串 'one'" \
        predict -m model.json 1
}

@test "warning under zh_TW is in Chinese" {
    require_locale zh_TW
    printf 'temperature,water\n20,500\n25,700\n28,900\n' >data.csv
    LC_ALL=zh_TW.UTF-8 run --separate-stderr wf train -e 3 --tolerance 1e-30 data.csv
    [ "$status" -eq 0 ]
    [[ $stderr == *"waterfit: 警告：已跑到訓練輪數上限，但還沒收斂："* ]]
}

@test "R² note under zh_TW keeps its numbers in place" {
    require_locale zh_TW
    printf 'x,y\n1,5\n2,1\n3,6\n4,2\n5,5\n' >data.csv
    wf train -q data.csv -o model.json
    LC_ALL=zh_TW.UTF-8 run --separate-stderr wf show model.json
    [ "$status" -eq 0 ]
    [ "${lines[5]}" = "converged                    是" ]
    [ "${lines[-1]}" = "x 只能解釋 y 的變異中的 0.53 %（R² = 0.0053）：這條直線的預測只比 y 的平均值好一點。" ]
}
