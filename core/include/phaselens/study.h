// PhaseLens core — the quantities behind the "study" figures: results of the positional-encoding papers
// as plain functions (float64, pure, no state). θ_i = base^(−2i/D), i = 0..D/2−1, is the rotary frequency of
// pair i in radians per position (rope.h defaultInvFreq, computed as 1/base^(2i/D) like transformers).
//
// RoFormer long-term decay (Su et al. 2021, arXiv:2104.09864, §3.4.3, Figure 2)
//   With h_j = q_[2j:2j+1]·k*_[2j:2j+1] and Abel summation, |Σ_j h_j e^{iΔθ_j}| <= (max_j |h_{j+1} − h_j|)·
//   Σ_{j=1}^{D/2} |S_j|, S_j = Σ_{k=0}^{j−1} e^{iΔθ_k}. The figure plots the relative upper bound
//   bound(Δ) = (1/(D/2))·Σ_{j=1}^{D/2} |S_j|; bound(0) = (D/2 + 1)/2.
//
// Base bounds context length (Men et al. 2024, arXiv:2405.14591, "Base of RoPE Bounds Context Length")
//   B_m(b) = Σ_{i=0}^{D/2−1} cos(m·b^(−2i/D)) (the all-ones q·k kernel, up to the factor 2, at offset m).
//   A base b is *valid* for context L when B_m(b) >= 0 for every integer m in 0..L. The valid set is not an
//   interval: narrow windows of validity alternate with gaps above the lowest one (D = 128, L = 1024:
//   4293.4–4330.3, then 5602.2–5644.4, ...). minValidBase scans b_k = 2·r^k, r = 1 + 2e-4 (a window can be
//   narrower than 0.1 % of b), and bisects the first invalid→valid change to relative 1e-7.
//   Speed (exact, nothing is approximated): an invalid base needs one witness m with B_m < 0, and the
//   witness of a base usually still works for the next one, so recent witnesses are tried first (D/2
//   cosines); a full evaluation of m = 0..L runs the rotation z_{m+1} = z_m·e^{iθ} per pair, re-anchored
//   with exact cos/sin every 64 offsets (error < 1e-12 absolute), and stops at the first negative value.
//   Grid points are skipped only when a derivative bound proves them: |dB_m/db| <= (m/b)·K(b),
//   K(b) = Σ_i (2i/D)·θ_i(b), and K(x)/x decreases in x, so over [b, b + Δ]
//     invalid stays invalid while Δ < −B_w(b)·b/(w·K(b))      (w a witness),
//     valid stays valid   while Δ < min_{1<=m<=L} (B_m(b)/m)·b/K(b).
//   Work: one full evaluation is (L+1)·D/2 complex multiply-adds; the caller bounds it with
//   kMaxBaseBoundWork.
//
// Critical dimension (Liu et al. 2023, arXiv:2310.05209, "Scaling Laws of RoPE-based Extrapolation", eq. 13)
//   d_extra = 2·⌈(D/2)·log_B(L/(2π))⌉: the leading dimensions whose period 2π·B^(2n/D) fits in the
//   training context L (Llama 2: D = 128, B = 1e4, L = 4096 → 92). The formula is returned as is (it is
//   > D when even the slowest pair turns within L, < 0 when L < 2π).
//
// YaRN (Peng et al. 2023, arXiv:2309.00071, §3.2–3.4)
//   r(d) = L/λ_d, λ_d = 2π/θ_d (turns of pair d in the original context L); the ramp
//   γ(r) = 0 for r < α, 1 for r > β, (r − α)/(β − α) between; h(θ_d) = (1 − γ)·θ_d/s + γ·θ_d;
//   attention temperature √(1/t) = 0.1·ln(s) + 1. Real configs (transformers' correction-dim form with
//   floor/ceil, DeepSeek mscale) come from rope_scaling.h computeRopeFrequencies.
//
// p-RoPE (Barbero et al. 2024, arXiv:2410.06205, "Round and Round We Go!")
//   Keep the int(p·D // 2) highest frequencies θ_i = B^(−2i/D) and set the others to 0 (no rotation,
//   pure semantic channels); p = 0 is NoPE, p = 1 is RoPE. Same rule as transformers' "proportional"
//   rope (Gemma 4).
//
// Attention sinks (Xiao et al. 2023, arXiv:2309.17453, StreamingLLM; learned sink logit as in GPT-OSS)
//   With k sink tokens of logit a and n − k other keys of logit c, the softmax mass on the sinks is
//   k·e^a/(k·e^a + (n − k)·e^c). A learned sink logit s (an extra column with no value) takes
//   e^s/(e^s + Σ_j e^{x_j}) = e^s/(e^s + n·e^c) for n keys of logit c. Computed in log space (no overflow).
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <optional>
#include <vector>

namespace phaselens::core {

// ---- RoFormer decay bound ------------------------------------------------------------------------------

/// (1/P)·Σ_{j=1}^{P} |S_j|, S_j = Σ_{k<j} e^{iΔθ_k}, P = theta.size() >= 1, θ finite. Δ finite.
double decayBound(const Eigen::VectorXd& theta, double delta);
/// decayBound(defaultInvFreq(headDim, base), Δ) for each Δ. headDim even >= 2, base > 1.
Eigen::VectorXd decayBound(int headDim, double base, const Eigen::VectorXd& deltas);

// ---- Base bound ----------------------------------------------------------------------------------------

/// Largest (context + 1)·headDim/2 accepted by the base-bound functions (one full evaluation of B_m).
constexpr double kMaxBaseBoundWork = 16777216.0;  // 2^24

/// B_m(b) = Σ_i cos(m·θ_i(b)), each term from std::cos of the double product m·θ_i. m >= 0.
double baseBoundSum(int headDim, double base, double m);

/// B_m(b) for m = 0..maxM (fast recurrence, absolute error < 1e-11). Shape maxM + 1.
Eigen::VectorXd baseBoundCurve(int headDim, double base, int64_t maxM);

struct BaseBoundMinimum {
    double minBm = 0.0;  ///< min over m in 0..context of B_m(b) (recomputed exactly at argmin)
    int64_t argmin = 0;  ///< the m attaining it (smallest such m)
};
/// The minimum of B_m(b) over m = 0..context. context >= 0.
BaseBoundMinimum baseBoundMinimum(int headDim, double base, int64_t context);

/// True when B_m(b) >= 0 for every m in 0..context (stops at the first negative value).
bool baseIsValid(int headDim, double base, int64_t context);

/// A window of valid bases [lo, hi] (bisected edges, relative 1e-7). open: still valid at the scan limit
/// (hi is then the limit).
struct BaseWindow {
    double lo = 0.0, hi = 0.0;
    bool open = false;
};

/// The lower edge of the lowest valid window found by the scan from b = 2 up to baseMax (inclusive), or
/// nullopt. headDim even in 2..65536, context >= 1, baseMax finite, (context+1)·D/2 <= kMaxBaseBoundWork.
std::optional<double> minValidBase(int headDim, int64_t context, double baseMax = 1e12);

/// The valid windows of the same scan between b = 2 and baseLimit, lowest first, at most maxWindows
/// (the last may be open). Intended for figures (each valid grid point needs a full evaluation unless the
/// derivative bound skips it).
std::vector<BaseWindow> validBaseWindows(int headDim, int64_t context, double baseLimit, int maxWindows = 16);

// ---- Critical dimension --------------------------------------------------------------------------------

/// 2·ceil((D/2)·ln(L/(2π))/ln(B)). headDim even >= 2, base > 1, trainingContext > 0 (all finite).
int64_t criticalDimension(int headDim, double base, double trainingContext);

// ---- YaRN ----------------------------------------------------------------------------------------------

/// γ(r): 0 below alpha, 1 above beta, linear between. alpha < beta.
double yarnRamp(double r, double alpha, double beta);
/// r(d) = L·θ_d/(2π) for each pair: turns in the original context.
Eigen::VectorXd yarnTurns(const Eigen::VectorXd& theta, double originalContext);
/// √(1/t) = 0.1·ln(s) + 1 (1 for s <= 1). s > 0.
double yarnMscale(double factor);

// ---- p-RoPE --------------------------------------------------------------------------------------------

/// θ_i = B^(−2i/D) for i < int(p·D // 2), else 0. Shape D/2. p in [0, 1].
Eigen::VectorXd pRopeFrequencies(int headDim, double base, double p);

// ---- Attention sinks -----------------------------------------------------------------------------------

/// Softmax mass on `sinkCount` keys of logit sinkLogit among `keys` keys (the others of logit otherLogit).
/// 0 <= sinkCount <= keys, keys >= 1.
double sinkMass(int64_t keys, int64_t sinkCount, double sinkLogit, double otherLogit = 0.0);
/// Share e^s/(e^s + keys·e^c) of a learned sink logit s next to `keys` keys of logit c. keys >= 0.
double learnedSinkShare(int64_t keys, double sinkLogit, double otherLogit = 0.0);

}  // namespace phaselens::core
