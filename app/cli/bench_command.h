// PhaseLens CLI — `phaselens bench`: what PhaseLens' hot paths cost, next to a NumPy peer.
//
//   phaselens bench [--repeats N] [--only SUBSTR]
//   phaselens bench --help
//
// Output: one line per workload, `phaselens.<workload> <median seconds>` (6 decimals), and `# ...`
// metadata lines (version, threads, sizes, how the heatmap was computed, buildView time of every view at
// context 2^20 when --only is not given, peak RSS). Each workload runs
// once as a warm-up, then N times (default 5); the median is printed. `--only` keeps the workloads whose
// full name (`phaselens.<workload>`) contains SUBSTR. Lines are flushed as they are measured.
//
// Workloads (float64, results fully materialized, inputs made outside the timed region) are those of
// ../shared/bench/numpy_peer.py with the same default sizes, so a script can print ratios
// (scripts/bench.sh runs both in one job):
//   rope_scores_random    N × N scores (R q)(R k)ᵀ, random normal q, k of shape (N, d), N 4096, d 128,
//                         base 10000, half-split pairing, positions 0..N−1          core::ropeScores
//   rope_kernel_toeplitz  N × N kernel 2·Σ cos((m − n)·θ_i) from its 2N − 1 values    core::kernelMatrix
//   alibi_bias            8 heads × N × N, bias −m_h·(i − j)                          core::alibiBias per head
//   sinusoidal_table      65536 × 512 interleaved sin/cos table, base 10000           core::sinusoidalTable
//   kernel_1m             s(Δ) = Σ cos(Δ·θ_i) for Δ = 0 .. 2^20 − 1, d 128            core::kernelSumCosRange
//   heatmap_1m            (no NumPy peer) what the app computes for the score heatmap at context 2^20:
//                         model::buildView(View::Scores) with the default AppState (RoPE, all-ones q = k,
//                         1024 px, mean reduction) — the same call the window makes after a slider change.
//
// Exit codes: 0 success; 2 bad flags (one line on stderr, nothing on stdout); 1 internal error.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace phaselens::cli {

/// Runs `phaselens bench ARGS...` (`args` are the words after "bench"), printing to `out` as it goes.
/// Throws CliError for bad flags before anything is printed.
void runBench(const std::vector<std::string>& args, std::ostream& out);

/// The `phaselens bench --help` text.
void printBenchHelp(std::ostream& out);

}  // namespace phaselens::cli
