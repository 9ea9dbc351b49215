// PhaseLens core — rotary position embedding (RoPE; Su et al. 2021, "RoFormer: Enhanced Transformer
// with Rotary Position Embedding", arXiv:2104.09864): frequencies, rotations and positional kernels.
//
// Units and conventions (the authority is ../shared/golden/CONVENTIONS.md):
//   rotary_dim r   = int(head_dim · partial_rotary_factor); only the first r channels of a head rotate,
//                    the remaining head_dim − r channels pass through unchanged (GPT-NeoX rotary_pct).
//   theta_i        = base^(−2i/r), i = 0 .. r/2 − 1, radians per position (HF "inv_freq").
//   wavelength_i   = 2π / theta_i, positions per full turn.
//   Rotation       the pair carrying theta_i at position p is rotated by +p·theta_i:
//                    (a, b) → (a·cos − b·sin, b·cos + a·sin).
//   Pairing        HalfSplit:   pairs (j, j + r/2)  — HF LLaMA / GPT-NeoX rotate_half
//                  Interleaved: pairs (2j, 2j + 1) — Meta LLaMA complex form, GPT-J rotate_every_two, xPos
//                  Same input, different output vectors (a fixed channel permutation apart); identical
//                  q·k for all-ones q = k.
//   attention_factor  (YaRN mscale, LongRoPE factor) multiplies cos and sin, i.e. both rotated q and k,
//                    so raw logits scale by attention_factor². Pass-through channels are not scaled.
//   Kernel         s(Δ) = Σ_i cos(Δ·theta_i), Δ = query position − key position. For all-ones q = k of
//                    length r: (R_m q)·(R_n k) = 2·attention_factor²·s(m − n).
//   Precision      angles are float64 products p·theta_i, rounded to within |p|·theta_i·2^-53 rad (half an ulp):
//                    1.2e-9 rad at p = 10,485,760 and 2.4e-7 rad at p = 2^31 for theta_0 = 1. cos / sin, rotated
//                    vectors and s(Δ) carry that absolute error (s: Σ_i of it); no function here is more exact than
//                    the rounding of its angle. Checked against long double in tests/core_heatmap/
//                    phase_precision_test.cpp; the window notes it above contexts of 2^29 (model/phase_precision.h).
#pragma once

#include <Eigen/Dense>
#include <string>

namespace phaselens::core {

enum class Pairing { HalfSplit, Interleaved };

/// "half-split" / "interleaved"; pairingFromName throws std::invalid_argument listing valid names.
const char* pairingName(Pairing pairing);
Pairing pairingFromName(const std::string& name);

/// r = int(head_dim · partial_rotary_factor) (truncation, as HF). Throws unless head_dim >= 2,
/// 0 < partial_rotary_factor <= 1, and r is even and >= 2 (message names the value).
int rotaryDim(int headDim, double partialRotaryFactor);

/// theta_i = base^(−2i/r), shape (r/2). Throws for odd/too-small r or base <= 1 / non-finite.
Eigen::VectorXd defaultInvFreq(int rotaryDim, double base);

/// 2π / theta_i, elementwise. Throws if any theta is not finite and > 0.
Eigen::VectorXd wavelengths(const Eigen::VectorXd& invFreq);

/// Rotates one vector x (length >= 2·invFreq.size()) at `position`. Channels >= 2·invFreq.size()
/// are copied unchanged. Rotated channels are multiplied by attentionFactor.
Eigen::VectorXd rotate(const Eigen::VectorXd& x, double position, const Eigen::VectorXd& invFreq, Pairing pairing,
                       double attentionFactor = 1.0);

/// Rotates every row of X (shape N × head_dim); row r at positions[r]. Same rules as rotate().
Eigen::MatrixXd rotateRows(const Eigen::MatrixXd& X, const Eigen::VectorXd& positions, const Eigen::VectorXd& invFreq,
                           Pairing pairing, double attentionFactor = 1.0);

/// s(Δ) = Σ_i cos(Δ·theta_i) for each offset (no attention factor). Shape deltas.size().
Eigen::VectorXd kernelSumCos(const Eigen::VectorXd& invFreq, const Eigen::VectorXd& deltas);

/// Weighted kernel s_w(Δ) = Σ_i w_i·cos(Δ·theta_i). With w_i = 2·af² this is the all-ones q·k; with
/// w_i = af²·(a_i² + b_i²) for pair (a_i, b_i) of one vector v it is (R_m v)·(R_n v) ("token repeated").
Eigen::VectorXd kernelWeighted(const Eigen::VectorXd& invFreq, const Eigen::VectorXd& weights,
                               const Eigen::VectorXd& deltas);

/// s(Δ) for the contiguous offsets Δ = first, first+1, ..., first+count−1, computed with the angle-addition
/// identity from an exact anchor every 256 offsets and a 256-entry cos/sin table per pair (two multiply-adds
/// per pair and offset, vectorized), every Δ·θ_i taken as the exact product (error a few ulp per term, no
/// growth with Δ; the direct sum carries the rounding of Δ·θ_i, ~1e-10 near 2^20), split over `threads`
/// threads (0 = hardware concurrency); the result is bit-identical for every thread count. This is the fast
/// path behind the 1M-offset kernel and the Toeplitz score matrices.
Eigen::VectorXd kernelSumCosRange(const Eigen::VectorXd& invFreq, const Eigen::VectorXd& weights, int64_t first,
                                  int64_t count, int threads = 0);

/// The N × N kernel matrix K[m][n] = s_w(m − n) built from its 2N − 1 values (Toeplitz).
Eigen::MatrixXd kernelMatrix(const Eigen::VectorXd& invFreq, const Eigen::VectorXd& weights, int64_t n);

}  // namespace phaselens::core
