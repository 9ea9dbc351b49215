// PhaseLens core — internals shared by the heatmap samplers (heatmap_*.cpp; not installed, not API).
//
//   constants, dbl, toFloat, scaleExp, logAddExp, expm1c, dirichletMean   small numeric helpers
//   allocImage / putPixel / setExtremes / finishImage                    filling a SampledMatrix
//   blockText, requireMaxPixels, visibility, gridPositions               sampling helpers
//   Kern                      a validated ToeplitzKernel with its per-call phasor tables (heatmap.h formulas)
//   BlockFactor, blockFactor, explicitLength, classMean                 block statistics of a class (Δ0, Bu, Bv),
//                                                                       defined in heatmap_blocks.cpp
//   toAxis, Segments, buildSegments                                     per-segment min / max / logsumexp of f
//                                                                       over a cut offset axis (heatmap_blocks.cpp)
// Threads: parallelItems of parallel.h (the one thread helper of the core).
#pragma once

#include <Eigen/Dense>
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <complex>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "parallel.h"
#include "phaselens/heatmap.h"
#include "phaselens/validate.h"

namespace phaselens::core::heatmap_detail {

using detail::parallelItems;
using detail::resolveThreadCount;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kTwoPi = 2.0 * M_PI;
constexpr int64_t kBig = int64_t(1) << 40;  // "unbounded" end of a visibility interval
constexpr int64_t kTab = 256;               // anchor spacing / table length of the phasor tables
constexpr int64_t kItem = 65536;            // offsets per work item when streaming f
using Complex = std::complex<double>;

inline double dbl(int64_t x) {
    return static_cast<double>(x);
}

// Float for the R32F texture: out-of-range magnitudes become ±inf explicitly (a plain cast is UB).
inline float toFloat(double v) {
    if (std::isnan(v)) return std::numeric_limits<float>::quiet_NaN();
    if (v > static_cast<double>(FLT_MAX)) return std::numeric_limits<float>::infinity();
    if (v < -static_cast<double>(FLT_MAX)) return -std::numeric_limits<float>::infinity();
    return static_cast<float>(v);
}

// s·e^E without spurious overflow of e^E alone.
inline double scaleExp(double s, double e) {
    if (s == 0.0) return 0.0;
    if (std::abs(e) < 600.0) return s * std::exp(e);
    return std::copysign(std::exp(e + std::log(std::abs(s))), s);
}

inline double logAddExp(double a, double b) {
    if (a == -kInf) return b;
    if (b == -kInf) return a;
    const double m = std::max(a, b);
    return m + std::log1p(std::exp(-std::abs(a - b)));
}

// e^z − 1 for complex z, accurate for small |z|.
inline Complex expm1c(Complex z) {
    const double x = z.real(), y = z.imag();
    const double sh = std::sin(0.5 * y);
    return {std::expm1(x) * std::cos(y) - 2.0 * sh * sh, std::exp(x) * std::sin(y)};
}

// sin(Bθ/2)/(B·sin(θ/2)) = mean_{k<B} e^{iθ(k − (B−1)/2)}; 1 when sin(θ/2) = 0.
inline double dirichletMean(double theta, int64_t b) {
    if (b <= 1) return 1.0;
    const double den = std::sin(0.5 * theta);
    if (den == 0.0) return 1.0;
    return std::sin(0.5 * dbl(b) * theta) / (dbl(b) * den);
}

// Computes vmin / vmax from the float image.
inline void setExtremes(SampledMatrix& out) {
    bool any = false;
    float lo = 0.0f, hi = 0.0f;
    for (Eigen::Index r = 0; r < out.values.rows(); ++r)
        for (Eigen::Index c = 0; c < out.values.cols(); ++c) {
            const float f = out.values(r, c);
            if (!std::isfinite(f)) continue;
            if (!any) lo = hi = f, any = true;
            lo = std::min(lo, f);
            hi = std::max(hi, f);
        }
    out.vmin = lo;
    out.vmax = hi;
}

// Allocates the image(s); pixel values are then written with putPixel (no float64 copy unless asked).
inline void allocImage(SampledMatrix& out, Eigen::Index rows, Eigen::Index cols, bool alsoFloat64) {
    out.values.resize(rows, cols);
    if (alsoFloat64) out.valuesFloat64.resize(rows, cols);
}
inline void putPixel(SampledMatrix& out, Eigen::Index r, Eigen::Index c, double v) {
    out.values(r, c) = toFloat(v);
    if (out.valuesFloat64.size() != 0) out.valuesFloat64(r, c) = v;
}

inline void finishImage(SampledMatrix& out, const Eigen::MatrixXd& v, bool alsoFloat64) {
    allocImage(out, v.rows(), v.cols(), alsoFloat64);
    for (Eigen::Index r = 0; r < v.rows(); ++r)
        for (Eigen::Index c = 0; c < v.cols(); ++c) putPixel(out, r, c, v(r, c));
    setExtremes(out);
}

inline std::string blockText(const AxisSampling& ax) {
    std::string s = std::to_string(ax.step) + (ax.step == 1 ? " position per pixel" : " positions per pixel");
    const int64_t last = ax.blockLength(ax.pixels - 1);
    if (last != ax.step) s += ", last block " + std::to_string(last);
    return s;
}

inline void requireMaxPixels(int64_t maxPixels) {
    requireInRange("max_pixels", maxPixels, 1, kMaxSampledPixels);
}

// "queries 1000..1099 of 32768" for a window, "" for the whole axis (notes stay as without windows).
std::string windowText(const AxisSampling& ax, int64_t n, const char* what);

struct VisRange {
    int64_t lo, hi;
};
inline VisRange visibility(const MaskParams& mask) {
    switch (mask.type) {
        case MaskType::None:
            return {-kBig, kBig};
        case MaskType::Causal:
            return {0, kBig};
        case MaskType::SlidingWindow:
            return {0, mask.window - 1};
    }
    return {-kBig, kBig};
}

// Positions of a g-point grid over [start, start + len): all of them when len <= g.
inline std::vector<int64_t> gridPositions(int64_t start, int64_t len, int64_t g) {
    std::vector<int64_t> p;
    if (len <= g) {
        for (int64_t k = 0; k < len; ++k) p.push_back(start + k);
    } else {
        for (int64_t j = 0; j < g; ++j) p.push_back(start + ((2 * j + 1) * len) / (2 * g));
    }
    return p;
}

inline void requireOffset(const char* name, int64_t delta) {
    requireInRange(name, delta, -kMaxKernelOffset, kMaxKernelOffset);
}

// A validated kernel with its per-call precomputation (tables live only as long as one sampling call).
struct Kern {
    ToeplitzKernel::Kind kind = ToeplitzKernel::Cosine;
    Eigen::VectorXd theta, w, lambda;  // w includes scale
    bool decay = false, even = false;
    double c = 0.0;  // ALiBi: scale·slope
    T5BucketParams t5;
    double scale = 1.0;
    int64_t rCap = 0;  // T5: f constant for Δ >= rCap and for Δ <= −rCap
    double tailPos = 0.0, tailNeg = 0.0;
    std::vector<double> tabC, tabS;  // Cosine: e^{λk}·cos(kθ), e^{λk}·sin(kθ), pair-major, k < kTab

    explicit Kern(const ToeplitzKernel& k, bool withTables = true) {
        validate(k);
        kind = k.kind;
        scale = k.scale;
        even = kernelIsEven(k);
        if (kind == ToeplitzKernel::Cosine) {
            theta = k.theta;
            w = k.weight * k.scale;
            lambda = k.logDecay.size() ? k.logDecay : Eigen::VectorXd::Zero(theta.size());
            decay = !even;
            if (!withTables) return;
            const Eigen::Index p = theta.size();
            tabC.resize(static_cast<size_t>(p * kTab));
            tabS.resize(static_cast<size_t>(p * kTab));
            for (Eigen::Index i = 0; i < p; ++i)
                for (int64_t q = 0; q < kTab; ++q) {
                    const double mag = decay ? std::exp(lambda[i] * dbl(q)) : 1.0;
                    tabC[static_cast<size_t>(i * kTab + q)] = mag * std::cos(dbl(q) * theta[i]);
                    tabS[static_cast<size_t>(i * kTab + q)] = mag * std::sin(dbl(q) * theta[i]);
                }
        } else if (kind == ToeplitzKernel::T5Bucket) {
            t5 = k.t5;
            rCap = 2 * static_cast<int64_t>(t5.maxDistance);
            tailPos = scale * t5Bucket(t5, -rCap);
            tailNeg = scale * t5Bucket(t5, rCap);
        } else {
            c = k.scale * k.slope;
        }
    }

    double at(int64_t delta) const {
        const double d = dbl(delta);
        switch (kind) {
            case ToeplitzKernel::Cosine: {
                if (!decay) {
                    double s = 0.0;
                    for (Eigen::Index i = 0; i < theta.size(); ++i) s += w[i] * std::cos(d * theta[i]);
                    return s;
                }
                double e = -kInf;
                for (Eigen::Index i = 0; i < theta.size(); ++i) e = std::max(e, d * lambda[i]);
                double s = 0.0;
                for (Eigen::Index i = 0; i < theta.size(); ++i)
                    s += w[i] * std::exp(d * lambda[i] - e) * std::cos(d * theta[i]);
                return scaleExp(s, e);
            }
            case ToeplitzKernel::AlibiLinear:
                return -c * d;
            case ToeplitzKernel::AlibiSymmetric:
                return -c * std::abs(d);
            case ToeplitzKernel::T5Bucket:
                if (delta >= rCap) return tailPos;
                if (delta <= -rCap) return tailNeg;
                return scale * t5Bucket(t5, -delta);
        }
        return 0.0;
    }

    // out[j] = f(first + j), j < count, one thread. Cosine anchors sit at first + kTab·q.
    void range(int64_t first, int64_t count, double* out) const {
        if (kind != ToeplitzKernel::Cosine) {
            for (int64_t j = 0; j < count; ++j) out[j] = at(first + j);
            return;
        }
        const Eigen::Index p = theta.size();
        for (int64_t c0 = 0; c0 < count; c0 += kTab) {
            const int64_t len = std::min(kTab, count - c0);
            const double da = dbl(first + c0);
            double* o = out + c0;
            std::fill(o, o + len, 0.0);
            double e = 0.0;
            if (decay) {
                e = -kInf;
                for (Eigen::Index i = 0; i < p; ++i) e = std::max(e, da * lambda[i]);
            }
            for (Eigen::Index i = 0; i < p; ++i) {
                const double amp = decay ? w[i] * std::exp(da * lambda[i] - e) : w[i];
                const double ang = da * theta[i];
                const double ca = amp * std::cos(ang), sa = amp * std::sin(ang);
                const double* tc = tabC.data() + i * kTab;
                const double* ts = tabS.data() + i * kTab;
                for (int64_t q = 0; q < len; ++q) o[q] += ca * tc[q] - sa * ts[q];
            }
            if (decay)
                for (int64_t q = 0; q < len; ++q) o[q] = scaleExp(o[q], e);
        }
    }
};

// ---- Block statistics (heatmap_blocks.cpp) -------------------------------------------------------------

// Per-pair factors of one block length for the Cosine closed form: H(s, B)/B = e^{e}·q.
struct BlockFactor {
    int64_t length = 0;
    std::vector<Complex> q;
    std::vector<double> e;
};

BlockFactor blockFactor(const Kern& k, int64_t b);
// Number of offsets of [lo, hi] that an explicit sum has to evaluate one by one.
int64_t explicitLength(const Kern& k, int64_t lo, int64_t hi);
// Mean of f over the visible entries of the class; −inf when nothing is visible.
// progress: polled, and advanced by the offsets summed explicitly (no start()).
double classMean(const Kern& k, int64_t delta0, const BlockFactor& fu, const BlockFactor& fv, VisRange vis, int threads,
                 Progress* progress = nullptr);

// ---- Segments (heatmap_blocks.cpp) ---------------------------------------------------------------------

// Offsets Δ ∈ [lo, hi] as intervals of the axis: Δ itself, or |Δ| for an even kernel (folded). The
// two folded pieces stand for distinct offsets (Δ >= 0 and Δ < 0), so sums over them add up.
int toAxis(bool folded, int64_t lo, int64_t hi, int64_t (&out)[2][2]);

struct Segments {
    bool folded = false;
    std::vector<int64_t> cuts;  // segment j = [cuts[j], cuts[j+1])
    std::vector<double> mn, mx, lse;

    // Half-open segment index range covering the axis interval [x0, x1] (both ends are cuts).
    std::pair<size_t, size_t> run(int64_t x0, int64_t x1) const {
        const size_t j0 = static_cast<size_t>(std::lower_bound(cuts.begin(), cuts.end(), x0) - cuts.begin());
        const size_t j1 = static_cast<size_t>(std::lower_bound(cuts.begin(), cuts.end(), x1 + 1) - cuts.begin());
        return {j0, j1};
    }
};

// intervals: axis intervals that later queries will ask about. Evaluates f once over their union.
// progress: start(offsets to evaluate), advanced per work item of kItem offsets.
Segments buildSegments(const Kern& k, bool folded, const std::vector<std::pair<int64_t, int64_t>>& intervals,
                       bool wantLse, int threads, Progress* progress = nullptr);

}  // namespace phaselens::core::heatmap_detail
