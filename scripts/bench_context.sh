#!/usr/bin/env bash
# Times every view of `phaselens export` (NPY, no sidecar: the numbers alone, no rendering) at contexts
# 4,096, 10,485,760 and 2^31, with every reduction, plus the score-source / mask variants of the scores.
# Reports, never asserts: one line per case, "view variant reduction context seconds" (or ">T" on a timeout).
# Usage: scripts/bench_context.sh [PHASELENS_BINARY] [TIMEOUT_SECONDS] [CONTEXTS]   (defaults: build/app/phaselens, 30)
set -uo pipefail
bin=${1:-build/app/phaselens}
limit=${2:-30}
contexts=${3:-"4096 10485760 2147483648"}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
views=$("$bin" export --list-views)
run() {  # label context reduction extra-args...
    local label=$1 ctx=$2 red=$3
    shift 3
    local t0 t1 rc
    t0=$(date +%s.%N)
    timeout "$limit" "$bin" export --out "$out/x.npy" --no-sidecar --context "$ctx" --training-context 4096 \
        --reduction "$red" "$@" >/dev/null 2>"$out/err"
    rc=$?
    t1=$(date +%s.%N)
    if [ $rc -eq 124 ]; then
        printf '%-44s %-6s %11s  >%s\n' "$label" "$red" "$ctx" "$limit"
    elif [ $rc -ne 0 ]; then
        printf '%-44s %-6s %11s  error: %s\n' "$label" "$red" "$ctx" "$(head -c 120 "$out/err")"
    else
        printf '%-44s %-6s %11s  %.3f\n' "$label" "$red" "$ctx" "$(echo "$t1 - $t0" | bc)"
    fi
}
for ctx in $contexts; do
    for v in $views; do
        for red in point mean min max; do run "$v" "$ctx" "$red" --view "$v"; done
    done
    for src in random repeated-token; do
        for mask in none causal sliding-window; do
            for red in point mean min max; do
                run "scores/$src/$mask" "$ctx" "$red" --view scores --score-source "$src" --mask "$mask"
            done
        done
    done
    for scheme in xpos nope; do
        for red in point mean min max; do run "scores/$scheme" "$ctx" "$red" --view scores --score-scheme "$scheme"; done
    done
    for red in point mean min max; do
        run "scores/ones/causal/softmax" "$ctx" "$red" --view scores --mask causal --softmax
        run "alibi/bias-context" "$ctx" "$red" --view alibi --bias-context "$ctx"
        run "t5/bias-context" "$ctx" "$red" --view t5 --bias-context "$ctx"
        run "ladder/angle-wrapped" "$ctx" "$red" --view ladder --ladder-quantity angle-wrapped
        run "ladder/sin" "$ctx" "$red" --view ladder --ladder-quantity sin
    done
done
