#!/usr/bin/env bash
# PhaseLens against its NumPy peer, in one job: `phaselens bench` and ../shared/bench/numpy_peer.py (float64)
# run workload by workload, alternating, so both see the same machine load; prints the ratio table.
#
#   scripts/bench.sh [--repeats N] [--only SUBSTR] [--binary PATH] [--peer PATH]
#
# --binary   the phaselens executable (default build/app/phaselens, built with scripts/build.sh if missing)
# --peer     the NumPy peer (default ../shared/bench/numpy_peer.py next to the repository)
# Ratios are numpy seconds / phaselens seconds (higher is better). Targets: rope_scores_random >= 8x,
# sinusoidal_table >= 3x, kernel_1m >= 5x; heatmap_1m (no NumPy peer) under 50 ms. Machines are shared and
# noisy: compare ratios from one run, not absolute times across runs. Exit 0 unless a tool fails.
set -euo pipefail
cd "$(dirname "$0")/.."
repeats=5
only=""
binary=""
peer="../shared/bench/numpy_peer.py"
while [ $# -gt 0 ]; do
  case "$1" in
    --repeats) repeats=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --binary) binary=$2; shift 2 ;;
    --peer) peer=$2; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
if [ -z "$binary" ]; then
  binary=build/app/phaselens
  [ -x "$binary" ] || ./scripts/build.sh >&2
fi
[ -x "$binary" ] || { echo "bench.sh: no executable at '$binary'" >&2; exit 2; }
[ -f "$peer" ] || { echo "bench.sh: NumPy peer not found at '$peer'" >&2; exit 2; }
python=/usr/bin/python3
[ -x "$python" ] || python=python3

workloads=(rope_scores_random rope_kernel_toeplitz alibi_bias sinusoidal_table kernel_1m heatmap_1m)
results=$(mktemp)
trap 'rm -f "$results"' EXIT
for w in "${workloads[@]}"; do
  if [ -n "$only" ] && [[ "$w" != *"$only"* ]]; then continue; fi
  if [ "$w" != heatmap_1m ]; then
    "$python" "$peer" --repeats "$repeats" --only "numpy_f64.$w" | tee -a "$results" >&2
  fi
  "$binary" bench --repeats "$repeats" --only "phaselens.$w" | tee -a "$results" >&2
done

awk '
  BEGIN {
    n = split("rope_scores_random rope_kernel_toeplitz alibi_bias sinusoidal_table kernel_1m heatmap_1m", order, " ")
    target["rope_scores_random"] = 8; target["sinusoidal_table"] = 3; target["kernel_1m"] = 5
  }
  /^numpy_f64\./ { sub(/^numpy_f64\./, "", $1); np[$1] = $2 }
  /^phaselens\./ { sub(/^phaselens\./, "", $1); pl[$1] = $2 }
  END {
    printf "| %-20s | %12s | %12s | %8s | %8s | %-4s |\n", "workload", "numpy f64 s", "phaselens s", "ratio", "target", "met?"
    printf "|%s|%s|%s|%s|%s|%s|\n", "----------------------", "--------------", "--------------", "----------", "----------", "------"
    met = 0; total = 0
    for (i = 1; i <= n; i++) {
      w = order[i]
      if (!(w in pl)) continue
      npText = (w in np) ? sprintf("%.6f", np[w]) : "-"
      ratio = (w in np && pl[w] > 0) ? np[w] / pl[w] : -1
      ratioText = ratio > 0 ? sprintf("%.2fx", ratio) : "-"
      goal = "-"; ok = "-"
      if (w in target) {
        goal = sprintf(">= %gx", target[w]); total++
        ok = ratio >= target[w] ? "yes" : "no"; if (ok == "yes") met++
      } else if (w == "heatmap_1m") {
        goal = "< 50 ms"; total++
        ok = pl[w] < 0.050 ? "yes" : "no"; if (ok == "yes") met++
      }
      printf "| %-20s | %12s | %12.6f | %8s | %8s | %-4s |\n", w, npText, pl[w], ratioText, goal, ok
    }
    printf "targets met: %d of %d\n", met, total
  }' "$results"
