#!/usr/bin/env bats
# --raw training agrees with PyTorch 1.13 in float64, epoch by epoch, as
# recorded in tests/data/reference/pytorch-seed-trajectories.json.

load helpers

# compare_log RUN MAX_EPOCH: every checkpoint of RUN up to MAX_EPOCH matches
# the row of log.csv with the same epoch to 1e-9 relative.
compare_log() {
    jq -r --arg run "$1" --argjson last "$2" '.[$run].trajectory[]
        | select(.epoch <= $last)
        | "\(.epoch) \(.loss_before_step) \(.weight_after_step) \(.bias_after_step)"' \
        "$DATA/reference/pytorch-seed-trajectories.json" >expected.txt
    awk -F, '
        function check(what, actual, wanted,    difference) {
            difference = actual - wanted
            if (difference < 0) difference = -difference
            if (difference > 1e-9 * (wanted < 0 ? -wanted : wanted)) {
                printf "epoch %d %s: expected %.17g, got %.17g\n", $1, what, wanted, actual
                failed = 1
            }
        }
        FNR == NR { split($0, f, " "); loss[f[1]] = f[2]; weight[f[1]] = f[3]; bias[f[1]] = f[4]; next }
        FNR == 1 { next }
        ($1 in loss) {
            check("loss", $2, loss[$1]); check("weight", $3, weight[$1]); check("bias", $4, bias[$1])
            matched++
        }
        END {
            if (matched != length(loss)) { printf "matched %d of %d checkpoints\n", matched, length(loss); exit 1 }
            exit failed
        }' expected.txt log.csv
}

@test "raw Adam log follows PyTorch up to epoch 20000" {
    run wf train --raw --tolerance 0 --init-weight 0.5 --init-bias -0.5 -r 0.01 -e 50001 \
        --log log.csv "$TOP/data/water.csv" -o model.json
    [ "$status" -eq 0 ]
    [ "$(head -n 1 log.csv)" = "epoch,loss,weight,bias" ]
    [ "$(wc -l <log.csv)" -eq 50002 ]
    [ "$(field model.json '.training.epochs')" = 50001 ]
    compare_log adam_lr0.01 20000
}

@test "raw Adam ends near the tutorial's answer" {
    wf train --raw --tolerance 0 --init-weight 0.5 --init-bias -0.5 -e 50001 \
        "$TOP/data/water.csv" -o model.json 2>/dev/null
    assert_digits "$(field model.json '.weights[0]')" 40 9
    assert_digits "$(field model.json '.bias')" -300 9
}

@test "raw SGD log follows PyTorch" {
    run wf train --raw --optimizer sgd --tolerance 0 --init-weight 0.5 --init-bias -0.5 \
        -r 0.001 -e 2001 --log log.csv "$TOP/data/water.csv" -o model.json
    [ "$status" -eq 0 ]
    [ "$(wc -l <log.csv)" -eq 2002 ]
    compare_log sgd_lr0.001 2001
}

@test "SGD with a large learning rate diverges and writes no model" {
    run wf train --raw --optimizer sgd --tolerance 0 --init-weight 0.5 --init-bias -0.5 \
        -r 0.01 "$TOP/data/water.csv" -o model.json
    [ "$status" -eq 65 ]
    [[ "$output" == "waterfit: training diverged at epoch "*": the loss became infinite; try a smaller --learning-rate (it was 0.01)" ]]
    [ ! -e model.json ]
    [ -z "$(ls -A)" ]
}

@test "diverged run leaves an existing model unchanged" {
    printf 'previous model\n' >model.json
    run wf train --raw --optimizer sgd -r 0.01 "$TOP/data/water.csv" -o model.json
    [ "$status" -eq 65 ]
    [ "$(cat model.json)" = "previous model" ]
    [ "$(ls -A)" = model.json ]
}
