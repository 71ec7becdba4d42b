#!/bin/sh
# run.sh: waterfit's benchmark, run by `make bench` after it has built
# BENCH_DIR/waterfit, BENCH_DIR/csv_probe and BENCH_DIR/gen_water with -O2.
# It generates the inputs and times every command with hyperfine, one
# warm-up and then several runs, of which the median counts. Peak memory
# comes from /usr/bin/time -v. It checks that each competitor's line agrees
# with waterfit's, and prints one table and the targets. Tools that are
# missing are skipped with a note (`make bench-deps` installs them).
# Usage: bench/run.sh BENCH_DIR ROWS
set -eu

work=$1
rows=$2
top=$(pwd)
waterfit=$top/$work/waterfit
python=${PYTHON:-/usr/bin/python3}
runs=5
slow_runs=3

data=$work/water-$rows.csv
small=$work/water-1000000.csv
values=$work/x-$rows.txt
table=$work/table.txt
notes=$work/notes.txt
: >"$table"
: >"$notes"

note() {
    echo "$*" >>"$notes"
}

have() {
    command -v "$1" >/dev/null 2>&1
}

# ------------------------------------------------------------------------
# Measuring

# median RUNS NAME COMMAND: runs COMMAND (a shell command) with hyperfine
# and prints the median in seconds. hyperfine's warnings go to NAME.log.
median() {
    count=$1
    name=$2
    shift 2
    hyperfine --style none --warmup 1 --runs "$count" --export-csv "$work/$name.csv" \
        "$@" >/dev/null 2>"$work/$name.log" || failed "$name"
    csv_median "$work/$name.csv"
}

# failed NAME: shows hyperfine's messages for NAME and fails, which stops
# the script (set -e) even inside a command substitution.
failed() {
    cat "$work/$1.log" >&2
    echo "bench: $1 failed" >&2
    return 1
}

# csv_median FILE: the median from hyperfine's CSV export, counted from
# the end of the line because the command in the first field may contain
# commas.
csv_median() {
    awk -F, 'NR == 2 { print $(NF - 4) }' "$1"
}

# median_direct RUNS NAME COMMAND: as median, without a shell, for
# commands of a few milliseconds.
median_direct() {
    count=$1
    name=$2
    shift 2
    hyperfine --style none -N --warmup 3 --runs "$count" --export-csv "$work/$name.csv" \
        "$@" >/dev/null 2>"$work/$name.log" || failed "$name"
    csv_median "$work/$name.csv"
}

# peak_mib COMMAND: the maximum resident set size of one run, in MiB. The
# run's output goes to output.txt, for agree.
peak_mib() {
    /usr/bin/time -v sh -c "exec $1" 2>"$work/time.txt" >"$work/output.txt"
    awk -F': ' '/Maximum resident set size/ { printf "%.2f", $2 / 1024 }' "$work/time.txt"
}

# row NAME ROWS BYTES SECONDS PEAK: one line of the table; the ratios to
# the probe and to pandas are filled in by print_table.
row() {
    printf '%s|%s|%s|%s|%s\n' "$1" "$2" "$3" "$4" "$5" >>"$table"
}

# agree NAME "WEIGHT BIAS": checks a competitor's line against waterfit's
# model to 1e-9 relative, or to TOLERANCE when given as a third argument.
agree() {
    tolerance=${3:-1e-9}
    echo "$2 $model_weight $model_bias" | awk -v name="$1" -v tolerance="$tolerance" '{
        dw = ($1 - $3) / $3; db = ($2 - $4) / $4
        if (dw < 0) dw = -dw
        if (db < 0) db = -db
        status = dw <= tolerance && db <= tolerance ? "agrees" : "DISAGREES"
        printf "%s: weight %s, bias %s: %s with waterfit to %s (relative %.1e, %.1e)\n",
            name, $1, $2, status, tolerance, dw, db
    }' >>"$notes"
}

# ------------------------------------------------------------------------
# Inputs and tools

generate() {
    [ -s "$small" ] || "$work/gen_water" 1000000 >"$small"
    [ -s "$data" ] || "$work/gen_water" "$rows" >"$data"
    [ -s "$values" ] || "$work/gen_water" -x "$rows" >"$values"
}

check_tools() {
    for tool in hyperfine /usr/bin/time; do
        have "$tool" || { echo "bench: $tool is missing; run make bench-deps" >&2; exit 1; }
    done
    have_mawk=false
    have_pandas=false
    have_torch=false
    if have mawk; then have_mawk=true; else note "mawk is not installed: its rows are skipped"; fi
    if "$python" -c 'import numpy, pandas' 2>/dev/null; then
        have_pandas=true
    else
        note "pandas or numpy is not installed for $python: the pandas row is skipped"
    fi
    if "$python" -c 'import torch' 2>/dev/null; then
        have_torch=true
    else
        note "torch is not installed for $python: the tutorial comparison is skipped"
    fi
}

# model_field FILE NAME: a number from waterfit's model JSON, which has one
# key per line ("weights": [40.1] or "bias": -300).
model_field() {
    sed -n "s/.*\"$2\":[^-0-9]*\\([-0-9.e+]*\\).*/\\1/p" "$1" | head -n 1
}

# ------------------------------------------------------------------------
# The commands

bench_train() {
    bytes=$(wc -c <"$data")
    threads=$(nproc)

    probe_seconds=$(median $runs probe "$work/csv_probe $data")
    row "libcsv tokenizer (csv_probe)|train" "$rows" "$bytes" "$probe_seconds" \
        "$(peak_mib "$work/csv_probe $data")"

    train_seconds=$(median $runs train "$waterfit train -q $data -o $work/model.json")
    train_peak=$(peak_mib "$waterfit train -q $data -o $work/model.json")
    row "waterfit train, $threads threads|train" "$rows" "$bytes" "$train_seconds" "$train_peak"
    model_weight=$(model_field "$work/model.json" weights)
    model_bias=$(model_field "$work/model.json" bias)

    one="env WATERFIT_THREADS=1 $waterfit train -q $data -o $work/model-1.json"
    one_seconds=$(median $runs train-1 "$one")
    row "waterfit train, 1 thread|train" "$rows" "$bytes" "$one_seconds" "$(peak_mib "$one")"

    train_peak_small=$(peak_mib "$waterfit train -q $small -o $work/model-small.json")
    "$waterfit" train -q - <"$data" >"$work/model-stdin.json"
    if cmp -s "$work/model.json" "$work/model-1.json" &&
        cmp -s "$work/model.json" "$work/model-stdin.json"; then
        note "waterfit: the models from $threads threads, 1 thread and stdin are byte-identical"
    else
        note "waterfit: the models from $threads threads, 1 thread and stdin DIFFER"
    fi
}

bench_competitors() {
    if $have_pandas; then
        # Only here: these two variables may be set on this machine and slow numpy.
        pandas="env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $python $top/bench/pandas_fit.py $data"
        pandas_seconds=$(median $slow_runs pandas "$pandas")
        row "pandas.read_csv + numpy.polyfit|train" "$rows" "$bytes" "$pandas_seconds" \
            "$(peak_mib "$pandas")"
        agree pandas "$(cat "$work/output.txt")"
        note "pandas runs with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset"
    fi
    if $have_mawk; then
        sums="mawk -F, -f $top/bench/sums.awk $data"
        mawk_seconds=$(median $slow_runs mawk-sums "$sums")
        row "mawk one-pass sums|train" "$rows" "$bytes" "$mawk_seconds" "$(peak_mib "$sums")"
        agree "mawk sums" "$(cat "$work/output.txt")"
    fi
}

bench_predict() {
    bytes=$(wc -c <"$values")
    predict="$waterfit predict -m $top/models/water.json <$values >$work/predictions.txt"
    predict_seconds=$(median $runs predict "$predict")
    row "waterfit predict, stdin to file|predict" "$rows" "$bytes" "$predict_seconds" \
        "$(peak_mib "$predict")"
    if $have_mawk; then
        print="mawk '{ print 40 * \$1 - 300 }' $values >$work/mawk-predictions.txt"
        mawk_print_seconds=$(median $runs mawk-print "$print")
        row "mawk '{print 40*\$1-300}'|predict" "$rows" "$bytes" "$mawk_print_seconds" \
            "$(peak_mib "$print")"
    fi
}

# epoch_cost FILE NAME: nanoseconds per epoch on FILE, from the runs with
# 1 000 001 and 1 epoch at --tolerance 0.
epoch_cost() {
    options="train -q --tolerance 0 -o $work/epochs.json $1"
    long=$(median $slow_runs "$2-long" "$waterfit $options -e 1000001")
    short=$(median $slow_runs "$2-short" "$waterfit $options -e 1")
    echo "$long $short" | awk '{ printf "%.1f", ($1 - $2) / 1000000 * 1e9 }'
}

bench_epochs() {
    epoch_large=$(epoch_cost "$data" epochs-large)
    epoch_small=$(epoch_cost "$top/data/water.csv" epochs-small)
}

# Writes the tutorial's two PyTorch scripts: nn.Linear(1, 1), MSE loss, Adam
# with learning rate 0.01 for 50 001 epochs, then a second script that
# loads the weights and predicts 28.
write_tutorial() {
    mkdir -p "$work/tutorial"
    cat >"$work/tutorial/train.py" <<'PYTHON'
import torch
import torch.nn as nn

x = torch.tensor([[20.0], [25.0], [30.0]])
y = torch.tensor([[500.0], [700.0], [900.0]])
model = nn.Linear(1, 1)
criterion = nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
for epoch in range(50001):
    optimizer.zero_grad()
    outputs = model(x)
    loss = criterion(outputs, y)
    loss.backward()
    optimizer.step()
    if epoch % 1000 == 0:
        print(f"epoch {epoch}: loss {loss.item()}")
torch.save(model.state_dict(), "water_model.pth")
PYTHON
    cat >"$work/tutorial/predict.py" <<'PYTHON'
import torch
import torch.nn as nn

model = nn.Linear(1, 1)
model.load_state_dict(torch.load("water_model.pth"))
print(model(torch.tensor([[28.0]])).item())
PYTHON
}

bench_tutorial() {
    dir=$work/tutorial
    write_tutorial
    tutorial_train=$(median_direct 30 tutorial-train \
        "$waterfit train $top/data/water.csv -o $dir/m.json")
    tutorial_predict=$(median_direct 30 tutorial-predict "$waterfit predict -m $dir/m.json 28")
    # The floor for any two commands: starting a program that does nothing.
    start_floor=$(median_direct 30 true /bin/true)
    if ! $have_torch; then
        return
    fi
    torch_train=$(median $slow_runs torch-train "cd $dir && $python train.py")
    torch_predict=$(median $slow_runs torch-predict "cd $dir && $python predict.py")
    (cd "$dir" && "$python" -c 'import torch
state = torch.load("water_model.pth")
print(state["weight"].item(), state["bias"].item())') >"$work/output.txt"
    model_weight=$(model_field "$dir/m.json" weights)
    model_bias=$(model_field "$dir/m.json" bias)
    # PyTorch trains in float32: its runs here ended up to about 2e-5 (relative)
    # from the optimum, so 1e-9 cannot hold.
    agree "PyTorch tutorial" "$(cat "$work/output.txt")" 1e-4
    note "PyTorch predicts $(cd "$dir" && "$python" predict.py) for 28;" \
        "waterfit $("$waterfit" predict -m "$dir/m.json" 28)"
}

# ------------------------------------------------------------------------
# Report

print_table() {
    printf '%-38s %9s %9s %8s %8s %8s %8s\n' command rows seconds MB/s "peak MiB" "x probe" \
        "x pandas"
    awk -F'|' -v probe="$probe_seconds" -v pandas="${pandas_seconds:-}" '{
        ratio_probe = "-"; ratio_pandas = "-"
        if ($2 == "train") {
            ratio_probe = sprintf("%.2f", $5 / probe)
            if (pandas != "") ratio_pandas = sprintf("%.2f", $5 / pandas)
        }
        printf "%-38s %9d %9.3f %8.1f %8s %8s %8s\n", $1, $3, $5, $4 / $5 / 1e6, $6,
            ratio_probe, ratio_pandas
    }' "$table"
}

# target TEXT VALUE OPERATOR LIMIT: one line saying whether VALUE meets it.
target() {
    awk -v text="$1" -v value="$2" -v operator="$3" -v limit="$4" 'BEGIN {
        met = operator == "<=" ? value <= limit : value >= limit
        printf "%-58s %10.3f %s %-8s %s\n", text, value, operator, limit, met ? "met" : "NOT MET"
    }'
}

ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN { printf "%.6f", a / b }'
}

print_targets() {
    echo
    echo "Targets:"

    target "train / libcsv tokenizer" "$(ratio "$train_seconds" "$probe_seconds")" "<=" 1.3
    if [ -n "${pandas_seconds:-}" ]; then
        target "train / pandas + polyfit" "$(ratio "$train_seconds" "$pandas_seconds")" "<=" 0.35
    fi
    if [ -n "${mawk_seconds:-}" ]; then
        target "train / mawk sums" "$(ratio "$train_seconds" "$mawk_seconds")" "<=" 0.12
    fi
    target "train peak MiB, $rows rows" "$train_peak" "<=" 4
    if [ "$rows" != 1000000 ]; then
        target "train peak, $rows rows / 1000000 rows" \
            "$(ratio "$train_peak" "$train_peak_small")" "<=" 1.1
        target "train peak, 1000000 rows / $rows rows" \
            "$(ratio "$train_peak_small" "$train_peak")" "<=" 1.1
    fi
    target "train speed-up, $(nproc) threads over 1" "$(ratio "$one_seconds" "$train_seconds")" \
        ">=" 1.6
    if [ -n "${torch_train:-}" ]; then
        target "tutorial speed-up over PyTorch" \
            "$(echo "$torch_train $torch_predict $tutorial_train $tutorial_predict" |
               awk '{ printf "%.1f", ($1 + $2) / ($3 + $4) }')" ">=" 5000
    fi
    if [ -n "${mawk_print_seconds:-}" ]; then
        target "predict / mawk print" "$(ratio "$predict_seconds" "$mawk_print_seconds")" "<=" 1
    fi

    echo
    echo "Time per epoch: $epoch_large ns on $rows rows, $epoch_small ns on 3 rows"
    echo "Tutorial: waterfit train $(ratio "$tutorial_train" 0.001) ms +" \
        "predict $(ratio "$tutorial_predict" 0.001) ms; PyTorch train ${torch_train:--} s +" \
        "predict ${torch_predict:--} s"
    echo "Starting /bin/true takes $(ratio "$start_floor" 0.001) ms, so two commands" \
        "that do nothing take $(ratio "$start_floor" 0.0005) ms"
}

main() {
    check_tools
    generate
    load_before=$(cut -d' ' -f1-3 /proc/loadavg)
    bench_train
    bench_competitors
    bench_predict
    bench_epochs
    bench_tutorial
    echo "waterfit benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), nproc $(nproc)," \
        "$(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1)"
    echo "load average before $load_before, after $(cut -d' ' -f1-3 /proc/loadavg)"
    echo
    print_table
    print_targets
    echo
    cat "$notes"
}

main
