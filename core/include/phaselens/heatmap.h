// PhaseLens core — display-resolution sampling of N × N score matrices, position × pair ladders and
// kernel curves, for contexts up to 2^31 positions, without ever materializing N × N (or N × d).
//
// Index
//   [SECTION] Axis sampling        which positions a pixel covers
//   [SECTION] Reductions           point / mean / min / max
//   [SECTION] Toeplitz kernels     f(Δ) for RoPE, "token repeated", xPos, ALiBi, T5; evaluation
//   [SECTION] Toeplitz matrices    sampleToeplitzMatrix (+ exact row softmax)
//   [SECTION] Random q/k scores    counter-based normal vectors, sampleRandomScores
//   [SECTION] Ladders              position × pair sin / cos / angle
//   [SECTION] Kernel curves        f(Δ) line plot at display resolution
//
// Conventions shared by every sampler
//   * Rows are query positions m, columns key positions n, row 0 = query 0 = top of the image.
//     Δ = m − n (query − key). Both axes of an N × N matrix use the same AxisSampling.
//   * All arithmetic is float64; `values` is float (row-major, uploaded as an R32F texture). Set
//     `alsoFloat64` in a request to get the same numbers in float64 as well (exports, tests).
//   * Masked entries, and blocks without any visible entry, are −inf (also under softmax: −inf means
//     "masked", 0 means "visible, probability underflowed"). Masks are those of attention.h: None,
//     Causal (visible iff Δ >= 0), SlidingWindow (visible iff 0 <= Δ < window). All three depend on
//     Δ only, so visibility is an interval V = [vLo, vHi] of offsets.
//   * vmin / vmax are the finite extremes of the float values (for the colour bar); both 0 when no
//     entry is finite. `note` says in one line what was computed; `exact` is false when a value is an
//     estimate (random-score subsamples), and the note then says "approximate".
//   * Work is split over `threads` std::threads (0 = std::thread::hardware_concurrency()). The split
//     is by fixed work items, so results are bit-identical for any thread count.
//   * Invalid input throws std::invalid_argument naming the parameter and the value.
//   * Precision: every angle is computed in float64 as fl(fl(p·scale)·θ), whose rounding error is at most
//     |p·scale|·θ·2^-52 rad (one ulp of the product; |p|·θ·2^-53 for an integer p and scale 1): 2.4e-7 rad at
//     p = 2^31, θ = 1 (the fastest pair of every RoPE). sin / cos inherit it as an absolute error, a kernel
//     Σ w_i·cos(Δθ_i) as Σ|w_i| times it. "exact" in a note means exact up to that rounding (and the float image's
//     own 2^-24 relative rounding); tests/core_heatmap/phase_precision_test.cpp checks it against long double.
//   * Long work (streaming f over O(N) offsets, block means over every position, min/max over every
//     sample) reports progress to and polls the optional Progress (progress.h) every few thousand cells;
//     nullptr = the calling thread's ambient one (ProgressScope), if any. A cancelled Progress makes the
//     sampler throw core::Cancelled. The numbers never depend on it.
#pragma once

#include <Eigen/Dense>
#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "phaselens/attention.h"
#include "phaselens/progress.h"
#include "phaselens/rope.h"
#include "phaselens/t5_buckets.h"
#include "phaselens/xpos.h"

namespace phaselens::core {

// =====================================================================================================
// [SECTION] Axis sampling
// =====================================================================================================

constexpr int64_t kMaxSampledPositions = int64_t(1) << 31;  ///< largest n / positions / count accepted
constexpr int64_t kMaxSampledPixels = 16384;                ///< largest maxPixels accepted

/// How `count` positions, starting at position `first`, map onto at most `maxPixels` pixels:
///   step   = ceil(count / maxPixels)   positions per pixel (integer >= 1),
///   pixels = ceil(count / step)        (<= maxPixels),
///   pixel k covers positions [first + k·step, first + min((k+1)·step, count)); only the last block may be
///   shorter, Point samples position blockStart(k) + (len_k − 1)/2 (integer division: the lower middle).
/// first = 0 is the whole axis; first > 0 is a visible window (deep zoom) of a longer axis.
struct AxisSampling {
    int64_t count = 0;   ///< positions on the axis (in the window), [1, 2^31]
    int64_t step = 1;    ///< positions per pixel, >= 1
    int64_t pixels = 0;  ///< number of pixels (blocks)
    int64_t first = 0;   ///< position of pixel 0's first entry, >= 0

    int64_t blockStart(int64_t k) const { return first + k * step; }
    int64_t blockLength(int64_t k) const { return std::min(step, count - k * step); }
    int64_t blockCentre(int64_t k) const { return blockStart(k) + (blockLength(k) - 1) / 2; }
};

/// Throws unless count ∈ [1, 2^31] ("count") and maxPixels ∈ [1, 16384] ("max_pixels").
AxisSampling axisSampling(int64_t count, int64_t maxPixels);

/// The visible part of an axis of n positions: positions [first, first + count). count = 0 means "to the end"
/// (first = count = 0: the whole axis, today's sampling bit for bit). A window changes which blocks the pixels
/// cover, never how a block is reduced: every pixel is still the exact point / mean / min / max of its block.
struct AxisWindow {
    int64_t first = 0;  ///< first visible position, [0, n − 1]
    int64_t count = 0;  ///< visible positions, [0, n − first]; 0 = up to the end of the axis
};

/// {first, count} of `window` on an axis of n positions with count = 0 resolved to n − first. Throws naming
/// `name` ("rows_window", "cols_window", "positions_window") with the offending value unless the window lies
/// inside [0, n).
std::pair<int64_t, int64_t> resolveWindow(const AxisWindow& window, int64_t n, const char* name);

/// Row and column samplings of an n × n matrix seen through two windows, with ONE common step
/// S = ceil(max(row count, col count) / maxPixels) (see Toeplitz matrices). No windows = axisSampling(n) twice.
std::pair<AxisSampling, AxisSampling> windowAxes(int64_t n, const AxisWindow& rows, const AxisWindow& cols,
                                                 int64_t maxPixels);

// =====================================================================================================
// [SECTION] Reductions
// =====================================================================================================

/// What one pixel shows of the block of entries it covers.
///   Point  the entry at the block centre (row centre × column centre), exact.
///   Mean   the mean over the block's visible entries.
///   Min    the minimum over the block's visible entries.
///   Max    the maximum over the block's visible entries.
enum class Reduction { Point, Mean, Min, Max };

/// "point", "mean", "min", "max"; reductionFromName throws listing the valid names.
const char* reductionName(Reduction reduction);
Reduction reductionFromName(const std::string& name);

// =====================================================================================================
// [SECTION] Toeplitz kernels
// =====================================================================================================
//
// A Toeplitz score matrix has S[m][n] = f(m − n). With Δ = m − n:
//   Cosine          f(Δ) = scale · Σ_i weight_i · exp(Δ·logDecay_i) · cos(Δ·theta_i)
//                     RoPE, all-ones q = k:   weight_i = 2·af², logDecay empty (= 0)        (rope.h)
//                     one token repeated, v:  weight_i = af²·(a_i² + b_i²) for the pair (a_i, b_i)
//                                             of v, plus a theta = 0 term Σ v_c² for pass-through
//                                             channels c >= rotary_dim
//                     xPos, all-ones:         weight_i = 2, logDecay_i = ln(zeta_i)/scale_base  (xpos.h)
//   AlibiLinear     f(Δ) = −scale · slope · Δ          (the paper's matrix, alibi.h Linear)
//   AlibiSymmetric  f(Δ) = −scale · slope · |Δ|
//   T5Bucket        f(Δ) = scale · t5Bucket(t5, −Δ)    (relative_position = key − query = −Δ: the bucket
//                                                       id itself, as a number; t5_buckets.h)
// f is even (f(−Δ) = f(Δ)) for Cosine without decay and for AlibiSymmetric; the samplers use that.
// A Cosine kernel whose decay makes |f| exceed the double range at some offset gives ±inf there (the
// largest exponent is factored out first, so finite sums never turn into NaN by inf − inf).
struct ToeplitzKernel {
    enum Kind { Cosine, AlibiLinear, AlibiSymmetric, T5Bucket };
    Kind kind = Cosine;
    Eigen::VectorXd theta;     ///< Cosine: radians per position, finite, at least one entry
    Eigen::VectorXd weight;    ///< Cosine: one finite weight per theta
    Eigen::VectorXd logDecay;  ///< Cosine: empty (no decay) or one entry per theta, each in [−1, 1]
    double slope = 0.0;        ///< AlibiLinear / AlibiSymmetric: finite
    T5BucketParams t5;         ///< T5Bucket
    double scale = 1.0;        ///< multiplies f for every kind; finite
};

/// "cosine", "alibi-linear", "alibi-symmetric", "t5-bucket".
const char* toeplitzKindName(ToeplitzKernel::Kind kind);

/// Kernel builders for the cases above.
/// RoPE all-ones q = k: weight 2·af², i.e. f = (R_m 1)·(R_n 1).
ToeplitzKernel ropeOnesKernel(const Eigen::VectorXd& theta, double attentionFactor = 1.0);
/// One vector v (length >= 2·theta.size()) used as both q and k at every position: f = (R_m v)·(R_n v).
ToeplitzKernel ropeRepeatedTokenKernel(const Eigen::VectorXd& theta, const Eigen::VectorXd& v, Pairing pairing,
                                       double attentionFactor = 1.0);
/// xPos all-ones kernel s_x(Δ) of xpos.h.
ToeplitzKernel xposOnesKernel(const XposParams& params);
ToeplitzKernel alibiKernel(double slope, bool symmetric = false);
ToeplitzKernel t5Kernel(const T5BucketParams& params);

/// Throws std::invalid_argument naming the offending field (theta, weight, log_decay, slope, scale, t5).
void validate(const ToeplitzKernel& kernel);
/// True for Cosine without decay (logDecay empty or all zero) and AlibiSymmetric.
bool kernelIsEven(const ToeplitzKernel& kernel);

constexpr int64_t kMaxKernelOffset = int64_t(1) << 32;  ///< |Δ| accepted by the evaluators

/// f at one offset / at a list of offsets, each evaluated directly (|Δ| <= 2^32).
double evaluateKernel(const ToeplitzKernel& kernel, int64_t delta);
Eigen::VectorXd evaluateKernel(const ToeplitzKernel& kernel, const std::vector<int64_t>& deltas);

/// f at Δ = first, first+1, ..., first+count−1 (all within ±2^32; count <= 2^31).
/// Cosine: chunks of 256 offsets anchored at first + 256·j; inside a chunk
///   f(Δa + k) = scale·e^E·Σ_i [A_i·cos(Δa·θ_i)·C_ik − A_i·sin(Δa·θ_i)·S_ik],
///   C_ik + i·S_ik = e^{k·(λ_i + iθ_i)} (a 256-entry table per pair, built once per call),
///   A_i = w_i·e^{λ_i·Δa − E}, E = max_i λ_i·Δa;
/// i.e. the angle-addition identity with an exact anchor every 256 steps (no accumulated error:
/// |error| <= ~1e-15·Σ|w_i| plus the rounding of Δ·θ, |Δ|·θ·2^-53 rad, that direct cos also has).
/// Same exactness as core kernelSumCosRange (rope.h), which it agrees with to that phase rounding;
/// it also covers decay and measured 1.6–1.9× faster single-threaded at d = 128 (the inner loop vectorizes).
/// T5Bucket: t5Bucket is called for |Δ| < 2·max_distance; beyond, the id is the (provably reached)
/// last bucket of its side, so long ranges cost O(1) per offset. ALiBi: the formula.
/// progress: optional (units = offsets); nullptr = the ambient one.
Eigen::VectorXd evaluateKernelRange(const ToeplitzKernel& kernel, int64_t first, int64_t count, int threads = 0,
                                    Progress* progress = nullptr);

// =====================================================================================================
// [SECTION] Toeplitz matrices
// =====================================================================================================
//
// Blocks: rows show the window [r0, r0 + Rc) of the N queries, columns the window [c0, c0 + Cc) of the N keys
// (the whole matrix when no window is given). Both axes share ONE step S = ceil(max(Rc, Cc) / maxPixels), so a
// pixel is S × S positions; the axes have Pr = ceil(Rc/S) and Pc = ceil(Cc/S) pixels and last blocks Lr, Lc.
// Row block a and column block b start at r0 + a·S and c0 + b·S, so the block's offsets are Δ = Δ0 + u − v,
// Δ0 = (r0 − c0) + (a − b)·S, u ∈ [0, Bu), v ∈ [0, Bv), Bu ∈ {S, Lr}, Bv ∈ {S, Lc}. Every statistic of the block
// depends only on the class (Δ0, Bu, Bv): there are at most 4·(Pr + Pc − 1) classes, each computed once, then
// the image is filled.
// The class's offsets span R = [Δ0 − (Bv − 1), Δ0 + (Bu − 1)]; offset Δ0 + t occurs
//   m(t) = min(Bu, Bv + t) − max(0, t)   times (the triangular / trapezoidal multiplicity).
//
// Point    f(Δc) with Δc = Δ0 + (Bu − 1)/2 − (Bv − 1)/2 (integer centres), −inf when Δc ∉ V.
// Mean     mean over visible entries = Σ_{t: Δ0+t ∈ V} m(t)·f(Δ0 + t) / Σ_{t: Δ0+t ∈ V} m(t).
//          Blocks fully inside V use closed forms:
//            Cosine   mean = scale·Σ_i w_i·Re[e^{s_i·Δm}·H(s_i, Bu)·H(s_i, Bv)]/(Bu·Bv),
//                     s = λ + iθ, Δm = Δ0 + (Bu − Bv)/2 (the block's mean offset),
//                     H(s, B) = Σ_{k<B} e^{s(k − (B−1)/2)} = sinh(Bs/2)/sinh(s/2),
//                     i.e. the product of the two geometric series Σ_u e^{su}·Σ_v e^{−sv}.
//                     Without decay H = sin(Bθ/2)/sin(θ/2) (H = B when sin(θ/2) = 0), so for Bu = Bv = B
//                       mean = scale·Σ_i w_i·cos(Δ0·θ_i)·F_B(θ_i),  F_B(θ) = (sin(Bθ/2)/(B·sin(θ/2)))²,
//                     the Fejér factor. With decay H is evaluated as e^{|λ|(B−1)/2}·Q with
//                     Q = e^{iσθ(B−1)/2}·expm1(−σsB)/expm1(−σs), σ = sign(λ) (|Q| <= B, complex
//                     expm1 keeps θ, λ → 0 accurate), and the largest exponent is factored out.
//            AlibiLinear     −scale·slope·Δm;  AlibiSymmetric ±(the same) when R does not contain 0.
//          Everything else — blocks straddling a mask edge (diagonal blocks under Causal, the edges of
//          a sliding window), AlibiSymmetric blocks around Δ = 0, T5 — is the explicit weighted sum
//          above over R ∩ V (for T5 only |Δ| < 2·max_distance explicitly; beyond, f is constant and
//          Σ m(t) has a closed form). Only O(1) classes need an explicit sum, each O(S) work.
// Min/Max  min/max of f over R ∩ V (the multiplicity does not matter). ALiBi: at the ends of R ∩ V
//          (and Δ = 0 for the symmetric form). Cosine and T5: the offset axis (|Δ| for an even kernel)
//          is cut at every class's range ends into O(P) segments; f is evaluated once over all needed
//          segments (streamed, O(N) time, O(P) memory) keeping per-segment min and max, then each
//          class combines the few segments it covers.
// Budget   Min/Max (Cosine, T5) and Softmax evaluate f over the union of the needed offset intervals, O(N).
//          When that union exceeds 2^24 offsets (contexts above ~16.7M, or ~8.4M for a decaying kernel without a
//          mask; Llama 4 Scout's 10,485,760 is exact), only runs of
//          256 consecutive offsets are evaluated per segment: the first (at the segment start, so Δ = 0 and every
//          class's range end are in), the last, and evenly spaced ones between, ~2^24 offsets in all. Min / max
//          are then over those offsets (a lower / upper estimate); a segment's logsumexp is that of its evaluated
//          offsets + log(length / evaluated). exact = false and the note says "approximate" and how many offsets.
// Softmax  (row-wise over all N keys, mask applied; only Point is exact, and Point values are returned
//          whatever reduction was asked, as the note says). For the sampled query row m:
//            p(m, n) = exp(f(m − n) − L_m),  L_m = logsumexp_{n < N, visible} f(m − n),
//          the visible key offsets being the interval [m − N + 1, m] ∩ V. L_m is exact and stable: the
//          offset axis (|Δ| for even f) is cut at every row's range ends, each segment keeps
//          max + log Σ exp(f − max) (f evaluated once over the needed offsets), and each row combines
//          its segments with logaddexp through a segment tree (O(log P) per row). Logits beyond ±2^30 (f = ±inf
//          included: a decaying kernel run backwards, xPos ζ^(Δ/scale_base) for Δ < 0 with a small scale_base,
//          overflows float64 — in torchscale's XPOS as well) are clamped to ±2^30 in f and L_m, and the note says
//          so; the clamped keys of a row then share its mass. A NaN f throws, naming the offset.
struct MatrixSampleRequest {
    ToeplitzKernel kernel;
    int64_t n = 1024;          ///< context length N: rows (queries) and columns (keys), [1, 2^31]
    int64_t maxPixels = 1024;  ///< pixels per axis at most, [1, 16384]
    AxisWindow rows, cols;     ///< visible queries / keys (default: all N); one common step, see above
    Reduction reduction = Reduction::Point;
    MaskParams mask;               ///< none / causal / sliding window
    bool softmax = false;          ///< row softmax over all n keys (Point only, see above)
    bool alsoFloat64 = false;      ///< also fill SampledMatrix::valuesFloat64
    int threads = 0;               ///< 0 = hardware concurrency
    Progress* progress = nullptr;  ///< optional progress / cancellation (progress.h); nullptr = the ambient one
};

using FloatImage = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

struct SampledMatrix {
    AxisSampling rows, cols;        ///< what each pixel row / column covers
    FloatImage values;              ///< rows.pixels × cols.pixels, row 0 at the top; masked = −inf
    Eigen::MatrixXd valuesFloat64;  ///< same values in float64 when the request asked (else empty)
    double vmin = 0.0, vmax = 0.0;  ///< finite extremes of `values` (0, 0 when none is finite)
    bool exact = true;              ///< false when some value is a subsample estimate
    std::string note;               ///< one line: how the values were computed (shown under the plot)
};

/// Samples the N × N Toeplitz matrix f(m − n) (or its row softmax). See above for every formula.
SampledMatrix sampleToeplitzMatrix(const MatrixSampleRequest& request);

// =====================================================================================================
// [SECTION] Random q/k scores
// =====================================================================================================
//
// Reproducible standard-normal vectors without storing N × d. Role tag g = 0x51 (query) or 0x4B (key);
// splitmix64(x) = fmix(x + 0x9E3779B97F4A7C15) with Stafford's "mix13" finalizer
//   fmix(z): z ^= z >> 30; z *= 0xBF58476D1CE4E5B9; z ^= z >> 27; z *= 0x94D049BB133111EB; z ^= z >> 31.
// For position p: s_p = splitmix64(splitmix64(seed ^ g) ^ p); for channel pair j (channels 2j, 2j+1):
//   h = splitmix64(s_p + j·0x9E3779B97F4A7C15), u1 = (h_hi32 + 1)/2^32 ∈ (0, 1], u2 = h_lo32/2^32 ∈ [0, 1),
//   x_2j = r·cos(2π·u2), x_2j+1 = r·sin(2π·u2), r = sqrt(−2·ln u1)   (Box–Muller; cos/sin from a 1024-entry
//   table times a degree-7 Taylor correction, accurate to a few ulp). An odd last channel keeps x_2j only.
// Any position's vector is therefore a pure function of (seed, role, position, dim), generated in O(d).
// Windows: rows / cols select visible queries / keys with the common step of the Toeplitz sampler above; a block
// is the same set of (query, key) pairs whatever the window, so its value does not depend on the window except for
// the min/max subsample size s (its budget counts the pixels shown).
enum class VectorRole { Query, Key };

/// Rows = the vectors of the given positions (each >= 0), shape (positions.size() × dim), dim >= 1.
Eigen::MatrixXd randomPositionVectors(uint64_t seed, VectorRole role, const std::vector<int64_t>& positions, int dim);

// Scores S[m][n] = (R_m q_m)·(R_n k_n) [/ sqrt(headDim)], q and k from randomPositionVectors (roles Query
// and Key), rotation as rope.h (theta, pairing, attention factor on the rotated channels, channels >=
// 2·theta.size() pass through). Not Toeplitz, so:
//   Point  exact: q at the row centres, k at the column centres, core rotateRows, one GEMM.
//   Mean   blocks fully visible — exact by bilinearity: mean_{u,v} q̂_u·k̂_v = (mean_u q̂_u)·(mean_v k̂_v),
//          with q̂ = R q. With step <= 1024 the block means of q̂ and k̂ use every position once (N·d work,
//          threaded): Σ_u e^{i(p+u)θ} z_u uses a table e^{ikθ}, k < 256, anchored exactly every 256 positions.
//          With step > 1024 (contexts above 1024 × the pixels) the work per pixel is bounded instead: the block
//          means are taken over the deterministic grid gridPositions(block, 64) of each block, so the value is
//          the exact mean over a 64 × 64 grid of (u, v) pairs per block — approximate (exact = false, the note
//          says "approximate" and the grid).
//          Blocks straddling the mask edge — the mean over the visible (u, v) pairs of a deterministic
//          grid: g = meanBoundarySamples positions per side, spread over the bounding box [u0, u1] ×
//          [v0, v1] of the block's visible pairs: u0 + floor((2j + 1)·len/(2g)), j < g (every position
//          when len <= g, which makes the value exact). If no grid pair is visible, the pair at the
//          visible region's centre is used. Approximate when the grid is a subsample (note says so).
//   Min/Max  exact when every block has at most s positions per side (in particular step == 1);
//          otherwise min/max over an s × s grid per block (placed as above over the whole block, or
//          over the visible bounding box for blocks on the mask edge), s = min(minMaxSamples,
//          floor(sqrt(2^24 / (P_rows·P_cols)))), at least 1: the budget caps the work at 2^24 dot
//          products (4 × 4 per block at 1024 × 1024 pixels). The note gives s.
struct RandomScoresRequest {
    Eigen::VectorXd theta;  ///< rotary frequencies, finite, at least one
    Pairing pairing = Pairing::HalfSplit;
    int headDim = 128;             ///< >= 2·theta.size()
    double attentionFactor = 1.0;  ///< finite
    uint64_t seed = 0;
    int64_t n = 1024;          ///< [1, 2^31]
    int64_t maxPixels = 1024;  ///< [1, 16384]
    AxisWindow rows, cols;     ///< visible queries / keys (default: all n); one common step as for Toeplitz
    Reduction reduction = Reduction::Point;
    MaskParams mask;
    bool scaleBySqrtD = false;     ///< divide scores by sqrt(headDim)
    int meanBoundarySamples = 32;  ///< g above, [1, 1024]
    int minMaxSamples = 16;        ///< s above (before the budget), [1, 1024]
    bool alsoFloat64 = false;
    int threads = 0;
    Progress* progress = nullptr;  ///< optional progress / cancellation (progress.h); nullptr = the ambient one
};

SampledMatrix sampleRandomScores(const RandomScoresRequest& request);

// =====================================================================================================
// [SECTION] Ladders
// =====================================================================================================
//
// Position × pair image: row i = pair i (row 0 = pair 0 = the highest frequency, at the top), column k =
// the k-th block of positions p (AxisSampling of `positions`). Angle φ_i(p) = (p·positionScale)·θ_i,
// α_i = positionScale·θ_i per position step. For a block of B positions starting at p0, centre
// pc = p0 + (B − 1)/2 (real), φc = (pc·positionScale)·θ_i:
//   Point        the quantity at the integer block centre.
//   Mean  Sin/Cos  exact closed form: mean_{k<B} e^{i(φ(p0) + kα)} = e^{iφc}·D, D = sin(Bα/2)/(B·sin(α/2))
//                  (D = 1 when sin(α/2) = 0), so mean cos = cos(φc)·D, mean sin = sin(φc)·D.
//         AngleRaw     φc (the angle is linear in p, so this is the exact mean).
//         AngleWrapped the circular mean arg(e^{iφc}·D) mapped to [0, 2π): wrap(φc) if D > 0, wrap(φc + π)
//                      if D < 0; when |D| < 1e-9 the phasors cancel, the direction is undefined and π is
//                      shown. (A plain mean of wrapped angles is meaningless across the 2π seam.)
//   Min/Max Sin/Cos    blocks of B <= 1024 positions: exact over the block's samples, every sample evaluated as
//                      cos(A + kα) = cos A·C_k − sin A·S_k with exact anchors A every 256 positions.
//         AngleRaw     at the block ends (φ is monotone in p for θ >= 0).
//         AngleWrapped B <= 1024: wrap(φ) rises within a turn, so the extremes are at the block ends or next to
//                      a 2π crossing: those candidates (±2 positions around each crossing, the same formula as
//                      Point) are evaluated, or every sample when that is cheaper.
//         Longer blocks (B > 1024; Sin, Cos, AngleWrapped), O(1)–O(1024) work per pixel whatever B:
//           Modulo a turn the samples φ_0 + kα, k < B, are a rotation of {k·x mod 1}, x = α/2π mod 1 (turns).
//           Three-distance theorem (Sós 1958): with u = argmin_{1<=k<B} {k·x}, a = {u·x}, v = argmax {k·x},
//           b = 1 − {v·x} (found by the Stern–Brocot / slow-Euclid walk of x, batched: O(log B) steps per pair),
//           the largest gap between neighbouring samples is G = a + b if u + v > B, else max(a, b).
//           Gap proof (Sin, Cos): every angle lies within π·G of an ideal sample, and the computed samples within
//             ε = 4·2^-52·(|φ_last| + 1) of the ideal ones, so the extreme is within 1 − cos(π·G + ε) of ±1. When
//             (π·G + ε)²/2 < 2^-26 (half an ulp of float below 1 is 2^-25) the value is ±1 exactly: exact to the
//             float precision the image stores; the float64 copy is then within 2^-26 of the true extreme.
//             (A block covering one turn plus α has G <= α/2π: the plain "full turn" bound is the case u = 1.)
//           Rotation (AngleWrapped, first): O(log B) integer recursions on the rotation in 2^64 units per turn
//             find the block's ideal extreme of p·θ mod 2π and every position whose computed angle can be within
//             the float64 rounding bound of it (at most 64); the extreme of those is the block's, bit for bit
//             (core/src/rotation_extremes.h). Seam, near-rational or imprecise cases fall through to the arcs.
//           Arcs (otherwise, and AngleWrapped): q ∈ {1, the walk's records}. The samples p0 + r + j·q (r < q)
//             drift by β = remainder(q·α, 2π) per step (‖q·x‖ turns): each progression is an arc traversed
//             monotonically over at most T = ‖q·x‖·⌈B/q⌉ turns. On every arc the extreme is at its ends or at the
//             samples next to a crossing of the target angle t (cos: 0 / π; sin: π/2 / −π/2; wrapped: the seam 0,
//             where the max is the last sample before it and the min the first after): for each crossing j* (the
//             arc parameter of t + 2πm), samples j* − 1 .. j* + 2 are evaluated with the Point formula. Exact.
//             q minimizes the evaluations q·(2 + 4·(⌊T⌋ + 1)) (or q = B, every sample, when that is cheaper).
//           When that exceeds 32768 evaluations per block: a deterministic grid of 4096 positions per block
//             (gridPositions), exact = false, and the note says "approximate" and the grid size. (Not met for
//             RoPE pairs up to 2^31 in the tests; the wrapped angle near 2^31 costs up to ~10^4 evaluations.)
struct LadderRequest {
    enum Quantity { Sin, Cos, AngleRaw, AngleWrapped };
    Eigen::VectorXd theta;  ///< one row per entry; finite, >= 0, at most 16384 entries
    Quantity quantity = Cos;
    int64_t positions = 4096;  ///< [1, 2^31]
    int64_t maxPixels = 1024;  ///< column pixels, [1, 16384]
    AxisWindow window;         ///< visible positions (default: all); a pair window is a slice of theta
    Reduction reduction = Reduction::Point;
    double positionScale = 1.0;  ///< positions are multiplied by this (e.g. a stride), finite, > 0
    bool alsoFloat64 = false;
    int threads = 0;
    Progress* progress = nullptr;  ///< optional progress / cancellation (progress.h); nullptr = the ambient one
};

/// "sin", "cos", "angle-raw", "angle-wrapped"; ladderQuantityFromName throws listing the valid names.
const char* ladderQuantityName(LadderRequest::Quantity quantity);
LadderRequest::Quantity ladderQuantityFromName(const std::string& name);

/// rows = AxisSampling{theta.size(), 1, theta.size()}, cols = the position sampling (of the window).
SampledMatrix sampleLadder(const LadderRequest& request);

// =====================================================================================================
// [SECTION] Kernel curves
// =====================================================================================================
//
// f(Δ) for Δ = firstDelta .. lastDelta at <= maxPoints points: the offsets are sampled like an axis of
// count = lastDelta − firstDelta + 1, point k covering the offsets firstDelta + [k·step, k·step + B).
//   x: the sampled offset for Point, the block's mean offset (start + (B − 1)/2) otherwise.
//   y: Point f(x); Mean = plain mean of f over the block (closed form for Cosine: mean_{k<B} e^{s(o+k)} =
//      e^{s·x}·H(s, B)/B with H as above; ALiBi f(x) unless the block contains 0; T5 explicit near 0);
//      Min/Max over every offset of the block (Cosine: evaluated, O(count·pairs); ALiBi/T5: at the ends
//      or constant tails). Past 2^24 offsets: runs of 256 offsets per block as in the Toeplitz budget above,
//      and the note says "approximate".
struct KernelCurve {
    AxisSampling axis;  ///< over the count offsets
    Eigen::VectorXd x;  ///< offsets (see above), one per point
    Eigen::VectorXd y;  ///< values, one per point
    std::string note;
};

/// Throws for firstDelta > lastDelta, |Δ| > 2^32, count > 2^31 or an invalid kernel / max_points.
KernelCurve sampleKernelCurve(const ToeplitzKernel& kernel, int64_t firstDelta, int64_t lastDelta, int64_t maxPoints,
                              Reduction reduction, int threads = 0, Progress* progress = nullptr);

}  // namespace phaselens::core
