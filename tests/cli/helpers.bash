# Shared set-up for the command-line tests: the binary under test, the C
# locale, a temporary directory per test, and numeric comparisons.

TOP=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
DATA=$TOP/tests/data
: "${WATERFIT:=$TOP/waterfit}"
export LC_ALL=C
export WATERFIT_LOCALEDIR=$TOP/build/locale

setup() {
    cd "$BATS_TEST_TMPDIR" || return 1
}

# wf ARGS...: runs waterfit (possibly under valgrind, see tests/run).
wf() {
    $WATERFIT "$@"
}

# expected SET FIELD: a value from tests/data/reference/expected.json.
expected() {
    jq -r ".\"$1\".$2" "$DATA/reference/expected.json"
}

# extra_expected SET FIELD: a value from tests/data/extra-expected.json.
extra_expected() {
    jq -r ".\"$1\".$2" "$DATA/extra-expected.json"
}

# assert_digits ACTUAL EXPECTED DIGITS: ACTUAL agrees with EXPECTED to DIGITS
# significant digits (relative difference below 10^-DIGITS; absolute when
# EXPECTED is 0).
assert_digits() {
    awk -v a="$1" -v e="$2" -v d="$3" 'BEGIN {
        diff = a - e; if (diff < 0) diff = -diff
        scale = e < 0 ? -e : e; if (scale == 0) scale = 1
        if (diff / scale >= 10 ^ -d) {
            printf "expected %s, got %s (not %d significant digits)\n", e, a, d
            exit 1
        }
    }'
}

# field MODEL PATH: a value from a model file, by jq path.
field() {
    jq -r "$2" "$1"
}
