// Display-resolution samplers; the formulas are documented in phaselens/heatmap.h.
//
// Index: [SECTION] Helpers · Axis/Reduction · Kernels · Toeplitz classes · Segments · Toeplitz matrices ·
//        Random vectors · Random scores · Ladders · Kernel curves
#include "phaselens/heatmap.h"

#include <array>
#include <atomic>
#include <cfloat>
#include <cmath>
#include <complex>
#include <exception>
#include <limits>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "phaselens/phase.h"
#include "phaselens/validate.h"

namespace phaselens::core {

// =====================================================================================================
// [SECTION] Helpers
// =====================================================================================================
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kTwoPi = 2.0 * M_PI;
constexpr int64_t kBig = int64_t(1) << 40;  // "unbounded" end of a visibility interval
constexpr int64_t kTab = 256;               // anchor spacing / table length of the phasor tables
constexpr int64_t kItem = 65536;            // offsets per work item when streaming f
using Complex = std::complex<double>;

inline double dbl(int64_t x) {
    return static_cast<double>(x);
}

int resolveThreads(int threads) {
    if (threads > 0) return threads;
    return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

// body(i) for i in [0, count), items claimed dynamically in grains; the first exception is rethrown.
// Each item must compute its own outputs only, so results never depend on the thread count.
template <class Body>
void parallelFor(int64_t count, int threads, int64_t grain, const Body& body) {
    if (count <= 0) return;
    grain = std::max<int64_t>(1, grain);
    const int64_t workers = std::min<int64_t>(resolveThreads(threads), (count + grain - 1) / grain);
    if (workers <= 1) {
        for (int64_t i = 0; i < count; ++i) body(i);
        return;
    }
    std::atomic<int64_t> next{0};
    std::exception_ptr error;
    std::mutex errorMutex;
    auto run = [&]() {
        try {
            for (;;) {
                const int64_t b = next.fetch_add(grain);
                if (b >= count) break;
                const int64_t e = std::min(count, b + grain);
                for (int64_t i = b; i < e; ++i) body(i);
            }
        } catch (...) {
            std::lock_guard<std::mutex> lock(errorMutex);
            if (!error) error = std::current_exception();
            next.store(count);
        }
    };
    std::vector<std::thread> pool;
    for (int64_t t = 1; t < workers; ++t) pool.emplace_back(run);
    run();
    for (auto& th : pool) th.join();
    if (error) std::rethrow_exception(error);
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
void setExtremes(SampledMatrix& out) {
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
void allocImage(SampledMatrix& out, Eigen::Index rows, Eigen::Index cols, bool alsoFloat64) {
    out.values.resize(rows, cols);
    if (alsoFloat64) out.valuesFloat64.resize(rows, cols);
}
inline void putPixel(SampledMatrix& out, Eigen::Index r, Eigen::Index c, double v) {
    out.values(r, c) = toFloat(v);
    if (out.valuesFloat64.size() != 0) out.valuesFloat64(r, c) = v;
}

void finishImage(SampledMatrix& out, const Eigen::MatrixXd& v, bool alsoFloat64) {
    allocImage(out, v.rows(), v.cols(), alsoFloat64);
    for (Eigen::Index r = 0; r < v.rows(); ++r)
        for (Eigen::Index c = 0; c < v.cols(); ++c) putPixel(out, r, c, v(r, c));
    setExtremes(out);
}

std::string blockText(const AxisSampling& ax) {
    std::string s = std::to_string(ax.step) + (ax.step == 1 ? " position per pixel" : " positions per pixel");
    const int64_t last = ax.blockLength(ax.pixels - 1);
    if (last != ax.step) s += ", last block " + std::to_string(last);
    return s;
}

void requireMaxPixels(int64_t maxPixels) {
    requireInRange("max_pixels", maxPixels, 1, kMaxSampledPixels);
}

struct VisRange {
    int64_t lo, hi;
};
VisRange visibility(const MaskParams& mask) {
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
std::vector<int64_t> gridPositions(int64_t start, int64_t len, int64_t g) {
    std::vector<int64_t> p;
    if (len <= g) {
        for (int64_t k = 0; k < len; ++k) p.push_back(start + k);
    } else {
        for (int64_t j = 0; j < g; ++j) p.push_back(start + ((2 * j + 1) * len) / (2 * g));
    }
    return p;
}

}  // namespace

// =====================================================================================================
// [SECTION] Axis sampling, reductions, names
// =====================================================================================================

AxisSampling axisSampling(int64_t count, int64_t maxPixels) {
    requireInRange("count", count, 1, kMaxSampledPositions);
    requireMaxPixels(maxPixels);
    AxisSampling a;
    a.count = count;
    a.step = (count + maxPixels - 1) / maxPixels;
    a.pixels = (count + a.step - 1) / a.step;
    return a;
}

const char* reductionName(Reduction r) {
    switch (r) {
        case Reduction::Point:
            return "point";
        case Reduction::Mean:
            return "mean";
        case Reduction::Min:
            return "min";
        case Reduction::Max:
            return "max";
    }
    return "point";
}

Reduction reductionFromName(const std::string& name) {
    if (name == "point") return Reduction::Point;
    if (name == "mean") return Reduction::Mean;
    if (name == "min") return Reduction::Min;
    if (name == "max") return Reduction::Max;
    throw std::invalid_argument("reduction must be one of point, mean, min, max; got '" + name + "'");
}

const char* toeplitzKindName(ToeplitzKernel::Kind kind) {
    switch (kind) {
        case ToeplitzKernel::Cosine:
            return "cosine";
        case ToeplitzKernel::AlibiLinear:
            return "alibi-linear";
        case ToeplitzKernel::AlibiSymmetric:
            return "alibi-symmetric";
        case ToeplitzKernel::T5Bucket:
            return "t5-bucket";
    }
    return "cosine";
}

const char* ladderQuantityName(LadderRequest::Quantity q) {
    switch (q) {
        case LadderRequest::Sin:
            return "sin";
        case LadderRequest::Cos:
            return "cos";
        case LadderRequest::AngleRaw:
            return "angle-raw";
        case LadderRequest::AngleWrapped:
            return "angle-wrapped";
    }
    return "cos";
}

LadderRequest::Quantity ladderQuantityFromName(const std::string& name) {
    if (name == "sin") return LadderRequest::Sin;
    if (name == "cos") return LadderRequest::Cos;
    if (name == "angle-raw" || name == "angle") return LadderRequest::AngleRaw;
    if (name == "angle-wrapped" || name == "wrapped") return LadderRequest::AngleWrapped;
    throw std::invalid_argument("ladder quantity must be one of sin, cos, angle-raw, angle-wrapped; got '" + name +
                                "'");
}

// =====================================================================================================
// [SECTION] Kernels
// =====================================================================================================

ToeplitzKernel ropeOnesKernel(const Eigen::VectorXd& theta, double attentionFactor) {
    requireFinite("attention_factor", attentionFactor);
    ToeplitzKernel k;
    k.kind = ToeplitzKernel::Cosine;
    k.theta = theta;
    k.weight = Eigen::VectorXd::Constant(theta.size(), 2.0 * attentionFactor * attentionFactor);
    validate(k);
    return k;
}

ToeplitzKernel ropeRepeatedTokenKernel(const Eigen::VectorXd& theta, const Eigen::VectorXd& v, Pairing pairing,
                                       double attentionFactor) {
    requireFinite("attention_factor", attentionFactor);
    const Eigen::Index half = theta.size();
    if (half < 1) throw std::invalid_argument("theta must not be empty");
    if (v.size() < 2 * half)
        throw std::invalid_argument("token vector length must be >= rotary_dim = " + std::to_string(2 * half) +
                                    ", got " + std::to_string(v.size()));
    if (!v.allFinite()) throw std::invalid_argument("token vector must contain only finite values");
    const double af2 = attentionFactor * attentionFactor;
    double pass = 0.0;
    for (Eigen::Index c = 2 * half; c < v.size(); ++c) pass += v[c] * v[c];
    const Eigen::Index extra = v.size() > 2 * half ? 1 : 0;
    ToeplitzKernel k;
    k.kind = ToeplitzKernel::Cosine;
    k.theta.resize(half + extra);
    k.weight.resize(half + extra);
    for (Eigen::Index i = 0; i < half; ++i) {
        const Eigen::Index a = pairing == Pairing::HalfSplit ? i : 2 * i;
        const Eigen::Index b = pairing == Pairing::HalfSplit ? i + half : 2 * i + 1;
        k.theta[i] = theta[i];
        k.weight[i] = af2 * (v[a] * v[a] + v[b] * v[b]);
    }
    if (extra) {
        k.theta[half] = 0.0;  // pass-through channels: constant term Σ v_c²
        k.weight[half] = pass;
    }
    validate(k);
    return k;
}

ToeplitzKernel xposOnesKernel(const XposParams& params) {
    const Eigen::VectorXd zeta = xposZeta(params);
    ToeplitzKernel k;
    k.kind = ToeplitzKernel::Cosine;
    k.theta = xposInvFreq(params);
    k.weight = Eigen::VectorXd::Constant(k.theta.size(), 2.0);
    k.logDecay = (zeta.array().log() / params.scaleBase).matrix();
    validate(k);
    return k;
}

ToeplitzKernel alibiKernel(double slope, bool symmetric) {
    ToeplitzKernel k;
    k.kind = symmetric ? ToeplitzKernel::AlibiSymmetric : ToeplitzKernel::AlibiLinear;
    k.slope = slope;
    validate(k);
    return k;
}

ToeplitzKernel t5Kernel(const T5BucketParams& params) {
    ToeplitzKernel k;
    k.kind = ToeplitzKernel::T5Bucket;
    k.t5 = params;
    validate(k);
    return k;
}

void validate(const ToeplitzKernel& k) {
    requireFinite("scale", k.scale);
    switch (k.kind) {
        case ToeplitzKernel::Cosine: {
            if (k.theta.size() < 1) throw std::invalid_argument("theta must not be empty");
            if (k.weight.size() != k.theta.size())
                throw std::invalid_argument("weight must have one entry per theta (" + std::to_string(k.theta.size()) +
                                            "), got " + std::to_string(k.weight.size()));
            if (k.logDecay.size() != 0 && k.logDecay.size() != k.theta.size())
                throw std::invalid_argument("log_decay must be empty or have one entry per theta (" +
                                            std::to_string(k.theta.size()) + "), got " +
                                            std::to_string(k.logDecay.size()));
            for (Eigen::Index i = 0; i < k.theta.size(); ++i) {
                requireFinite("theta", k.theta[i]);
                requireFinite("weight", k.weight[i]);
            }
            for (Eigen::Index i = 0; i < k.logDecay.size(); ++i) {
                requireFinite("log_decay", k.logDecay[i]);
                if (std::abs(k.logDecay[i]) > 1.0)
                    throw std::invalid_argument("log_decay entries must be in [-1, 1], got " +
                                                formatDouble(k.logDecay[i]));
            }
            return;
        }
        case ToeplitzKernel::AlibiLinear:
        case ToeplitzKernel::AlibiSymmetric:
            requireFinite("slope", k.slope);
            return;
        case ToeplitzKernel::T5Bucket:
            validate(k.t5);
            return;
    }
    throw std::invalid_argument("kernel kind must be one of cosine, alibi-linear, alibi-symmetric, t5-bucket; got " +
                                std::to_string(static_cast<int>(k.kind)));
}

bool kernelIsEven(const ToeplitzKernel& k) {
    if (k.kind == ToeplitzKernel::AlibiSymmetric) return true;
    if (k.kind != ToeplitzKernel::Cosine) return false;
    return k.logDecay.size() == 0 || (k.logDecay.array() == 0.0).all();
}

namespace {

void requireOffset(const char* name, int64_t delta) {
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

}  // namespace

double evaluateKernel(const ToeplitzKernel& kernel, int64_t delta) {
    requireOffset("delta", delta);
    const Kern k(kernel, false);  // no range tables for one value
    return k.at(delta);
}

Eigen::VectorXd evaluateKernel(const ToeplitzKernel& kernel, const std::vector<int64_t>& deltas) {
    for (int64_t d : deltas) requireOffset("delta", d);
    const Kern k(kernel, false);
    Eigen::VectorXd out(static_cast<Eigen::Index>(deltas.size()));
    for (size_t j = 0; j < deltas.size(); ++j) out[static_cast<Eigen::Index>(j)] = k.at(deltas[j]);
    return out;
}

namespace {
void rangeParallel(const Kern& k, int64_t first, int64_t count, double* out, int threads) {
    const int64_t items = (count + kItem - 1) / kItem;
    parallelFor(items, threads, 1, [&](int64_t it) {
        const int64_t b = it * kItem;
        k.range(first + b, std::min(kItem, count - b), out + b);
    });
}
}  // namespace

Eigen::VectorXd evaluateKernelRange(const ToeplitzKernel& kernel, int64_t first, int64_t count, int threads) {
    requireInRange("count", count, 0, kMaxSampledPositions);
    requireOffset("first", first);
    if (count > 0) requireOffset("last offset", first + count - 1);
    const Kern k(kernel);
    Eigen::VectorXd out(count);
    rangeParallel(k, first, count, out.data(), threads);
    return out;
}

// =====================================================================================================
// [SECTION] Toeplitz classes: block statistics for a class (Δ0, Bu, Bv)
// =====================================================================================================
namespace {

// m(t) = #{u < bu, v < bv : u − v = t}.
inline double multiplicity(int64_t bu, int64_t bv, int64_t t) {
    const int64_t m = std::min(bu, bv + t) - std::max<int64_t>(0, t);
    return m > 0 ? dbl(m) : 0.0;
}

// Σ_{t=t0}^{t1} m(t): m is linear between its kinks at t = 0 and t = bu − bv.
double multiplicitySum(int64_t bu, int64_t bv, int64_t t0, int64_t t1) {
    t0 = std::max(t0, -(bv - 1));
    t1 = std::min(t1, bu - 1);
    if (t0 > t1) return 0.0;
    const int64_t k1 = std::min<int64_t>(0, bu - bv), k2 = std::max<int64_t>(0, bu - bv);
    const int64_t lo[3] = {t0, std::max(t0, k1 + 1), std::max(t0, k2 + 1)};
    const int64_t hi[3] = {std::min(t1, k1), std::min(t1, k2), t1};
    double s = 0.0;
    for (int p = 0; p < 3; ++p)
        if (lo[p] <= hi[p])
            s += dbl(hi[p] - lo[p] + 1) * (multiplicity(bu, bv, lo[p]) + multiplicity(bu, bv, hi[p])) * 0.5;
    return s;
}

// Per-pair factors of one block length for the Cosine closed form: H(s, B)/B = e^{e}·q.
struct BlockFactor {
    int64_t length = 0;
    std::vector<Complex> q;
    std::vector<double> e;
};

BlockFactor blockFactor(const Kern& k, int64_t b) {
    BlockFactor f;
    f.length = b;
    const Eigen::Index p = k.theta.size();
    f.q.resize(static_cast<size_t>(p));
    f.e.assign(static_cast<size_t>(p), 0.0);
    const double half = 0.5 * dbl(b - 1);
    for (Eigen::Index i = 0; i < p; ++i) {
        const size_t s = static_cast<size_t>(i);
        if (!k.decay || k.lambda[i] == 0.0) {
            f.q[s] = dirichletMean(k.theta[i], b);
            continue;
        }
        const double lam = k.lambda[i], th = k.theta[i];
        const double sigma = lam >= 0.0 ? 1.0 : -1.0;
        const Complex z = -sigma * Complex(lam, th);
        const Complex den = expm1c(z);
        const Complex ratio = (den == Complex(0.0, 0.0)) ? Complex(dbl(b), 0.0) : expm1c(z * dbl(b)) / den;
        f.q[s] = std::polar(1.0, sigma * th * half) * ratio / dbl(b);
        f.e[s] = std::abs(lam) * half;
    }
    return f;
}

// Closed-form mean of a Cosine kernel over a fully visible block (see heatmap.h); dm = Δ0 + (Bu − Bv)/2.
double cosineBlockMean(const Kern& k, double dm, const BlockFactor& fu, const BlockFactor& fv) {
    const Eigen::Index p = k.theta.size();
    if (!k.decay) {
        double s = 0.0;
        for (Eigen::Index i = 0; i < p; ++i) {
            const size_t j = static_cast<size_t>(i);
            s += k.w[i] * std::cos(dm * k.theta[i]) * fu.q[j].real() * fv.q[j].real();
        }
        return s;
    }
    double emax = -kInf;
    for (Eigen::Index i = 0; i < p; ++i) {
        const size_t j = static_cast<size_t>(i);
        emax = std::max(emax, k.lambda[i] * dm + fu.e[j] + fv.e[j]);
    }
    double s = 0.0;
    for (Eigen::Index i = 0; i < p; ++i) {
        const size_t j = static_cast<size_t>(i);
        const double ei = k.lambda[i] * dm + fu.e[j] + fv.e[j] - emax;
        s += k.w[i] * (std::polar(1.0, dm * k.theta[i]) * fu.q[j] * fv.q[j]).real() * std::exp(ei);
    }
    return scaleExp(s, emax);
}

// Number of offsets of [lo, hi] that an explicit sum has to evaluate one by one.
int64_t explicitLength(const Kern& k, int64_t lo, int64_t hi) {
    if (k.kind == ToeplitzKernel::T5Bucket) {
        lo = std::max(lo, -k.rCap + 1);
        hi = std::min(hi, k.rCap - 1);
    }
    return std::max<int64_t>(0, hi - lo + 1);
}

// Σ_{Δ=lo}^{hi} m(Δ − Δ0)·f(Δ). T5 tails beyond ±rCap use closed-form weight sums.
double weightedSum(const Kern& k, int64_t delta0, int64_t bu, int64_t bv, int64_t lo, int64_t hi, int threads) {
    if (lo > hi) return 0.0;
    double sum = 0.0;
    if (k.kind == ToeplitzKernel::T5Bucket) {
        const int64_t aHi = std::min(hi, -k.rCap);
        if (lo <= aHi) sum += k.tailNeg * multiplicitySum(bu, bv, lo - delta0, aHi - delta0);
        const int64_t cLo = std::max(lo, k.rCap);
        if (cLo <= hi) sum += k.tailPos * multiplicitySum(bu, bv, cLo - delta0, hi - delta0);
        lo = std::max(lo, -k.rCap + 1);
        hi = std::min(hi, k.rCap - 1);
        if (lo > hi) return sum;
    }
    const int64_t count = hi - lo + 1;
    const int64_t items = (count + kItem - 1) / kItem;
    std::vector<double> partial(static_cast<size_t>(items), 0.0);
    parallelFor(items, threads, 1, [&](int64_t it) {
        const int64_t b = it * kItem, len = std::min(kItem, count - b);
        std::vector<double> buf(static_cast<size_t>(len));
        k.range(lo + b, len, buf.data());
        double s = 0.0;
        for (int64_t j = 0; j < len; ++j) s += multiplicity(bu, bv, lo + b + j - delta0) * buf[static_cast<size_t>(j)];
        partial[static_cast<size_t>(it)] = s;
    });
    for (double s : partial) sum += s;
    return sum;
}

// Mean of f over the visible entries of the class; −inf when nothing is visible.
double classMean(const Kern& k, int64_t delta0, const BlockFactor& fu, const BlockFactor& fv, VisRange vis,
                 int threads) {
    const int64_t bu = fu.length, bv = fv.length;
    const int64_t lo = delta0 - (bv - 1), hi = delta0 + (bu - 1);
    const int64_t vlo = std::max(lo, vis.lo), vhi = std::min(hi, vis.hi);
    if (vlo > vhi) return -kInf;
    const double dm = dbl(delta0) + 0.5 * dbl(bu - bv);
    const double count = dbl(bu) * dbl(bv);
    if (lo >= vis.lo && hi <= vis.hi) {
        switch (k.kind) {
            case ToeplitzKernel::Cosine:
                return cosineBlockMean(k, dm, fu, fv);
            case ToeplitzKernel::AlibiLinear:
                return -k.c * dm;
            case ToeplitzKernel::AlibiSymmetric:
                if (lo >= 0) return -k.c * dm;
                if (hi <= 0) return k.c * dm;
                break;
            case ToeplitzKernel::T5Bucket:
                break;
        }
        return weightedSum(k, delta0, bu, bv, lo, hi, threads) / count;
    }
    return weightedSum(k, delta0, bu, bv, vlo, vhi, threads) / multiplicitySum(bu, bv, vlo - delta0, vhi - delta0);
}

// =====================================================================================================
// [SECTION] Segments: per-segment min / max / logsumexp of f over a cut offset axis
// =====================================================================================================

// Offsets Δ ∈ [lo, hi] as intervals of the axis: Δ itself, or |Δ| for an even kernel (folded). The
// two folded pieces stand for distinct offsets (Δ >= 0 and Δ < 0), so sums over them add up.
int toAxis(bool folded, int64_t lo, int64_t hi, int64_t (&out)[2][2]) {
    if (lo > hi) return 0;
    if (!folded || lo >= 0) {
        out[0][0] = lo, out[0][1] = hi;
        return 1;
    }
    if (hi < 0) {
        out[0][0] = -hi, out[0][1] = -lo;
        return 1;
    }
    out[0][0] = 0, out[0][1] = hi;
    out[1][0] = 1, out[1][1] = -lo;
    return 2;
}

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
Segments buildSegments(const Kern& k, bool folded, const std::vector<std::pair<int64_t, int64_t>>& intervals,
                       bool wantLse, int threads) {
    Segments s;
    s.folded = folded;
    for (const auto& iv : intervals) {
        s.cuts.push_back(iv.first);
        s.cuts.push_back(iv.second + 1);
    }
    std::sort(s.cuts.begin(), s.cuts.end());
    s.cuts.erase(std::unique(s.cuts.begin(), s.cuts.end()), s.cuts.end());
    const size_t nseg = s.cuts.size() > 0 ? s.cuts.size() - 1 : 0;
    std::vector<int> cover(nseg + 1, 0);
    for (const auto& iv : intervals) {
        const auto r = s.run(iv.first, iv.second);
        cover[r.first] += 1;
        cover[r.second] -= 1;
    }
    struct Item {
        size_t seg;
        int64_t first, count;
    };
    std::vector<Item> items;
    int depth = 0;
    for (size_t j = 0; j < nseg; ++j) {
        depth += cover[j];
        if (depth <= 0) continue;
        for (int64_t b = s.cuts[j]; b < s.cuts[j + 1]; b += kItem)
            items.push_back({j, b, std::min(kItem, s.cuts[j + 1] - b)});
    }
    std::vector<double> imn(items.size()), imx(items.size()), ilse(items.size());
    parallelFor(static_cast<int64_t>(items.size()), threads, 1, [&](int64_t it) {
        const Item& item = items[static_cast<size_t>(it)];
        std::vector<double> buf(static_cast<size_t>(item.count));
        k.range(item.first, item.count, buf.data());
        double lo = kInf, hi = -kInf;
        for (double v : buf) {
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
        imn[static_cast<size_t>(it)] = lo;
        imx[static_cast<size_t>(it)] = hi;
        if (wantLse) {
            if (!std::isfinite(lo) || !std::isfinite(hi)) {
                int64_t bad = item.first;
                for (size_t j = 0; j < buf.size(); ++j)
                    if (!std::isfinite(buf[j])) {
                        bad = item.first + static_cast<int64_t>(j);
                        break;
                    }
                throw std::invalid_argument("softmax needs finite kernel values, but f is not finite at offset " +
                                            std::string(folded ? "|delta| = " : "delta = ") + std::to_string(bad) +
                                            " (decay too strong for this n)");
            }
            double sum = 0.0;
            for (double v : buf) sum += std::exp(v - hi);
            ilse[static_cast<size_t>(it)] = hi + std::log(sum);
        }
    });
    s.mn.assign(nseg, kInf);
    s.mx.assign(nseg, -kInf);
    if (wantLse) s.lse.assign(nseg, -kInf);
    for (size_t it = 0; it < items.size(); ++it) {
        const size_t j = items[it].seg;
        s.mn[j] = std::min(s.mn[j], imn[it]);
        s.mx[j] = std::max(s.mx[j], imx[it]);
        if (wantLse) s.lse[j] = logAddExp(s.lse[j], ilse[it]);
    }
    return s;
}

// Iterative segment tree for logsumexp over segment ranges.
struct LseTree {
    size_t size = 1;
    std::vector<double> node;
    explicit LseTree(const std::vector<double>& leaves) {
        while (size < leaves.size()) size *= 2;
        node.assign(2 * size, -kInf);
        for (size_t j = 0; j < leaves.size(); ++j) node[size + j] = leaves[j];
        for (size_t j = size - 1; j >= 1; --j) node[j] = logAddExp(node[2 * j], node[2 * j + 1]);
    }
    double query(size_t lo, size_t hi) const {  // [lo, hi)
        double left = -kInf, right = -kInf;
        for (lo += size, hi += size; lo < hi; lo /= 2, hi /= 2) {
            if (lo & 1) left = logAddExp(left, node[lo++]);
            if (hi & 1) right = logAddExp(node[--hi], right);
        }
        return logAddExp(left, right);
    }
};

}  // namespace

// =====================================================================================================
// [SECTION] Toeplitz matrices
// =====================================================================================================

SampledMatrix sampleToeplitzMatrix(const MatrixSampleRequest& req) {
    requireInRange("n", req.n, 1, kMaxSampledPositions);
    requireMaxPixels(req.maxPixels);
    validate(req.mask);
    const Kern k(req.kernel);
    const int threads = resolveThreads(req.threads);
    const AxisSampling ax = axisSampling(req.n, req.maxPixels);
    const int64_t P = ax.pixels, S = ax.step, L = ax.blockLength(P - 1);
    const bool partial = L != S;
    const int64_t lens[2] = {S, L};
    const int64_t aLo[2] = {0, P - 1}, aHi[2] = {partial ? P - 2 : P - 1, P - 1};
    const bool has[2] = {true, partial};
    const int64_t D = 2 * P - 1;
    const VisRange vis = visibility(req.mask);
    const Reduction red = req.softmax ? Reduction::Point : req.reduction;

    struct Cls {
        int ta, tb;
        int64_t d;
    };
    std::vector<Cls> classes;
    for (int ta = 0; ta < 2; ++ta)
        for (int tb = 0; tb < 2; ++tb) {
            if (!has[ta] || !has[tb]) continue;
            for (int64_t d = aLo[ta] - aHi[tb]; d <= aHi[ta] - aLo[tb]; ++d) classes.push_back({ta, tb, d});
        }
    std::vector<double> value(static_cast<size_t>(4 * D), -kInf);
    auto slot = [&](int ta, int tb, int64_t d) { return static_cast<size_t>((ta * 2 + tb) * D + d + P - 1); };
    auto rangeOf = [&](const Cls& c, int64_t& lo, int64_t& hi) {
        lo = c.d * S - (lens[c.tb] - 1);
        hi = c.d * S + (lens[c.ta] - 1);
    };

    if (red == Reduction::Point) {
        parallelFor(static_cast<int64_t>(classes.size()), threads, 64, [&](int64_t i) {
            const Cls& c = classes[static_cast<size_t>(i)];
            const int64_t dc = c.d * S + (lens[c.ta] - 1) / 2 - (lens[c.tb] - 1) / 2;
            value[slot(c.ta, c.tb, c.d)] = (dc >= vis.lo && dc <= vis.hi) ? k.at(dc) : -kInf;
        });
    } else if (red == Reduction::Mean) {
        BlockFactor fac[2];
        if (k.kind == ToeplitzKernel::Cosine) {
            fac[0] = blockFactor(k, lens[0]);
            fac[1] = partial ? blockFactor(k, lens[1]) : fac[0];
        } else {
            fac[0].length = lens[0];
            fac[1].length = lens[1];
        }
        // Classes needing a long explicit sum run one at a time with inner threads; the rest in parallel.
        std::vector<size_t> heavy, light;
        for (size_t i = 0; i < classes.size(); ++i) {
            int64_t lo, hi;
            rangeOf(classes[i], lo, hi);
            const bool full = lo >= vis.lo && hi <= vis.hi;
            const bool closed = full && (k.kind == ToeplitzKernel::Cosine || k.kind == ToeplitzKernel::AlibiLinear ||
                                         (k.kind == ToeplitzKernel::AlibiSymmetric && (lo >= 0 || hi <= 0)));
            const bool big = !closed && explicitLength(k, std::max(lo, vis.lo), std::min(hi, vis.hi)) > kItem;
            (big ? heavy : light).push_back(i);
        }
        auto eval = [&](size_t i, int inner) {
            const Cls& c = classes[i];
            value[slot(c.ta, c.tb, c.d)] = classMean(k, c.d * S, fac[c.ta], fac[c.tb], vis, inner);
        };
        parallelFor(static_cast<int64_t>(light.size()), threads, 16,
                    [&](int64_t j) { eval(light[static_cast<size_t>(j)], 1); });
        for (size_t i : heavy) eval(i, threads);
    } else {  // Min / Max
        const bool wantMax = red == Reduction::Max;
        if (k.kind == ToeplitzKernel::AlibiLinear || k.kind == ToeplitzKernel::AlibiSymmetric) {
            for (const Cls& c : classes) {
                int64_t lo, hi;
                rangeOf(c, lo, hi);
                lo = std::max(lo, vis.lo);
                hi = std::min(hi, vis.hi);
                if (lo > hi) continue;
                double a = std::min(k.at(lo), k.at(hi)), b = std::max(k.at(lo), k.at(hi));
                if (k.kind == ToeplitzKernel::AlibiSymmetric && lo <= 0 && hi >= 0) {
                    a = std::min(a, k.at(0));
                    b = std::max(b, k.at(0));
                }
                value[slot(c.ta, c.tb, c.d)] = wantMax ? b : a;
            }
        } else {
            const bool folded = k.even;
            std::vector<std::pair<int64_t, int64_t>> intervals;
            std::vector<int> pieces(classes.size());
            std::vector<std::array<int64_t, 4>> axisIv(classes.size());
            for (size_t i = 0; i < classes.size(); ++i) {
                int64_t lo, hi, iv[2][2];
                rangeOf(classes[i], lo, hi);
                const int np = toAxis(folded, std::max(lo, vis.lo), std::min(hi, vis.hi), iv);
                pieces[i] = np;
                for (int p = 0; p < np; ++p) {
                    intervals.push_back({iv[p][0], iv[p][1]});
                    axisIv[i][static_cast<size_t>(2 * p)] = iv[p][0];
                    axisIv[i][static_cast<size_t>(2 * p + 1)] = iv[p][1];
                }
            }
            const Segments seg = buildSegments(k, folded, intervals, false, threads);
            parallelFor(static_cast<int64_t>(classes.size()), threads, 64, [&](int64_t ii) {
                const size_t i = static_cast<size_t>(ii);
                if (pieces[i] == 0) return;
                double a = kInf, b = -kInf;
                for (int p = 0; p < pieces[i]; ++p) {
                    const auto r =
                        seg.run(axisIv[i][static_cast<size_t>(2 * p)], axisIv[i][static_cast<size_t>(2 * p + 1)]);
                    for (size_t j = r.first; j < r.second; ++j) {
                        a = std::min(a, seg.mn[j]);
                        b = std::max(b, seg.mx[j]);
                    }
                }
                const Cls& c = classes[i];
                value[slot(c.ta, c.tb, c.d)] = wantMax ? b : a;
            });
        }
    }

    // Softmax: exact log-normalizer per sampled row.
    std::vector<double> lognorm;
    if (req.softmax) {
        const bool folded = k.even;
        std::vector<std::pair<int64_t, int64_t>> intervals;
        std::vector<std::array<int64_t, 5>> rowIv(static_cast<size_t>(P));
        for (int64_t a = 0; a < P; ++a) {
            const int64_t m = ax.blockCentre(a);
            int64_t iv[2][2];
            const int np = toAxis(folded, std::max(m - (req.n - 1), vis.lo), std::min(m, vis.hi), iv);
            auto& r = rowIv[static_cast<size_t>(a)];
            r[4] = np;
            for (int p = 0; p < np; ++p) {
                intervals.push_back({iv[p][0], iv[p][1]});
                r[static_cast<size_t>(2 * p)] = iv[p][0];
                r[static_cast<size_t>(2 * p + 1)] = iv[p][1];
            }
        }
        const Segments seg = buildSegments(k, folded, intervals, true, threads);
        const LseTree tree(seg.lse);
        lognorm.assign(static_cast<size_t>(P), -kInf);
        for (int64_t a = 0; a < P; ++a) {
            const auto& r = rowIv[static_cast<size_t>(a)];
            double l = -kInf;
            for (int64_t p = 0; p < r[4]; ++p) {
                const auto run = seg.run(r[static_cast<size_t>(2 * p)], r[static_cast<size_t>(2 * p + 1)]);
                l = logAddExp(l, tree.query(run.first, run.second));
            }
            lognorm[static_cast<size_t>(a)] = l;
        }
    }

    SampledMatrix out;
    out.rows = out.cols = ax;
    allocImage(out, P, P, req.alsoFloat64);
    parallelFor(P, threads, 8, [&](int64_t a) {
        const int ta = (partial && a == P - 1) ? 1 : 0;
        for (int64_t b = 0; b < P; ++b) {
            const int tb = (partial && b == P - 1) ? 1 : 0;
            double v = value[slot(ta, tb, a - b)];
            if (req.softmax) v = v == -kInf ? -kInf : std::exp(v - lognorm[static_cast<size_t>(a)]);
            putPixel(out, a, b, v);
        }
    });
    setExtremes(out);
    std::string what;
    if (req.softmax) {
        what = "softmax over all " + std::to_string(req.n) + " keys per row (" + maskTypeName(req.mask.type) +
               " mask), exact; " +
               (S == 1 ? "one position per pixel" : "point-sampled at block centres, " + blockText(ax));
        if (req.reduction != Reduction::Point)
            what += "; " + std::string(reductionName(req.reduction)) +
                    " block reductions are not available for softmax, point values shown";
    } else if (red == Reduction::Point) {
        what = S == 1 ? "exact: one position per pixel" : "point-sampled at block centres, " + blockText(ax);
    } else {
        what = std::string(reductionName(red)) + " over the visible entries of each " + std::to_string(S) + "x" +
               std::to_string(S) + "-position block" + (partial ? " (last block " + std::to_string(L) + ")" : "") +
               ", exact";
    }
    out.note = std::string(toeplitzKindName(req.kernel.kind)) + " kernel: " + what;
    return out;
}

// =====================================================================================================
// [SECTION] Random vectors
// =====================================================================================================
namespace {

constexpr uint64_t kGolden = 0x9E3779B97F4A7C15ull;

inline uint64_t fmix(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}
inline uint64_t splitmix(uint64_t x) {
    return fmix(x + kGolden);
}

// Box–Muller normal generator; the 1024-entry angle table is built per instance (per call).
struct NormalGen {
    uint64_t seed;
    double tc[1024], ts[1024];
    explicit NormalGen(uint64_t s) : seed(s) {
        for (int j = 0; j < 1024; ++j) {
            tc[j] = std::cos(kTwoPi * j / 1024.0);
            ts[j] = std::sin(kTwoPi * j / 1024.0);
        }
    }
    // Writes channel c of the vector at `position` to out[c·stride].
    void fill(VectorRole role, int64_t position, int dim, double* out, Eigen::Index stride) const {
        const uint64_t tag = role == VectorRole::Query ? 0x51u : 0x4Bu;
        const uint64_t sp = splitmix(splitmix(seed ^ tag) ^ static_cast<uint64_t>(position));
        constexpr double kU = 1.0 / 4294967296.0;
        constexpr double kD = kTwoPi / 4294967296.0;
        for (int j = 0; 2 * j < dim; ++j) {
            const uint64_t h = splitmix(sp + static_cast<uint64_t>(j) * kGolden);
            const double u1 = (static_cast<double>(h >> 32) + 1.0) * kU;
            const uint32_t lo = static_cast<uint32_t>(h);
            const double r = std::sqrt(-2.0 * std::log(u1));
            const uint32_t idx = lo >> 22;
            const double d = static_cast<double>(lo & 0x3FFFFFu) * kD, d2 = d * d;
            const double cd = 1.0 - d2 * (1.0 / 2 - d2 * (1.0 / 24 - d2 * (1.0 / 720)));
            const double sd = d * (1.0 - d2 * (1.0 / 6 - d2 * (1.0 / 120 - d2 * (1.0 / 5040))));
            out[(2 * j) * stride] = r * (tc[idx] * cd - ts[idx] * sd);
            if (2 * j + 1 < dim) out[(2 * j + 1) * stride] = r * (ts[idx] * cd + tc[idx] * sd);
        }
    }
};

Eigen::MatrixXd generateRows(const NormalGen& gen, VectorRole role, const std::vector<int64_t>& positions, int dim) {
    Eigen::MatrixXd out(static_cast<Eigen::Index>(positions.size()), dim);
    for (size_t r = 0; r < positions.size(); ++r) gen.fill(role, positions[r], dim, out.data() + r, out.rows());
    return out;
}

}  // namespace

Eigen::MatrixXd randomPositionVectors(uint64_t seed, VectorRole role, const std::vector<int64_t>& positions, int dim) {
    requireInRange("dim", dim, 1, 1 << 20);
    for (int64_t p : positions) requireInRange("position", p, 0, kMaxSampledPositions);
    return generateRows(NormalGen(seed), role, positions, dim);
}

// =====================================================================================================
// [SECTION] Random scores
// =====================================================================================================
namespace {

struct RandomSetup {
    const RandomScoresRequest& req;
    AxisSampling ax;
    VisRange vis;
    int threads;
    Eigen::Index half;
    double norm;  // 1 or 1/sqrt(d)
    NormalGen gen;

    Eigen::MatrixXd rotated(VectorRole role, const std::vector<int64_t>& pos) const {
        Eigen::MatrixXd X = generateRows(gen, role, pos, req.headDim);
        Eigen::VectorXd p(static_cast<Eigen::Index>(pos.size()));
        for (size_t j = 0; j < pos.size(); ++j) p[static_cast<Eigen::Index>(j)] = dbl(pos[j]);
        return rotateRows(X, p, req.theta, req.pairing, req.attentionFactor);
    }

    // A·Bᵀ·norm, rows of A split over threads.
    Eigen::MatrixXd product(const Eigen::MatrixXd& A, const Eigen::MatrixXd& B) const {
        Eigen::MatrixXd S(A.rows(), B.rows());
        const int64_t chunk = 64, items = (A.rows() + chunk - 1) / chunk;
        parallelFor(items, threads, 1, [&](int64_t it) {
            const Eigen::Index r0 = it * chunk, nr = std::min<Eigen::Index>(chunk, A.rows() - r0);
            S.middleRows(r0, nr).noalias() = A.middleRows(r0, nr) * B.transpose();
        });
        if (norm != 1.0) S *= norm;
        return S;
    }

    // Bounding box [u0, u1] × [v0, v1] (block-relative) of the visible pairs of block (a, b).
    void visibleBox(int64_t a, int64_t b, int64_t& u0, int64_t& u1, int64_t& v0, int64_t& v1) const {
        const int64_t d0 = ax.blockStart(a) - ax.blockStart(b), bu = ax.blockLength(a), bv = ax.blockLength(b);
        u0 = std::max<int64_t>(0, vis.lo - d0);
        u1 = std::min(bu - 1, vis.hi - d0 + bv - 1);
        v0 = std::max<int64_t>(0, d0 - vis.hi);
        v1 = std::min(bv - 1, d0 + bu - 1 - vis.lo);
    }

    // Statistic over the visible pairs of a g × g grid on the visible box of block (a, b).
    // Returns {mean, min, max}; exact is cleared when the grid is a subsample.
    std::array<double, 3> boxGrid(int64_t a, int64_t b, int64_t g, bool& exact) const {
        int64_t u0, u1, v0, v1;
        visibleBox(a, b, u0, u1, v0, v1);
        const int64_t ra = ax.blockStart(a), cb = ax.blockStart(b);
        const std::vector<int64_t> rp = gridPositions(ra + u0, u1 - u0 + 1, g);
        const std::vector<int64_t> cp = gridPositions(cb + v0, v1 - v0 + 1, g);
        if (u1 - u0 + 1 > g || v1 - v0 + 1 > g) exact = false;
        const Eigen::MatrixXd Sg = rotated(VectorRole::Query, rp) * rotated(VectorRole::Key, cp).transpose() * norm;
        double sum = 0.0, lo = kInf, hi = -kInf;
        int64_t cnt = 0;
        for (size_t i = 0; i < rp.size(); ++i)
            for (size_t j = 0; j < cp.size(); ++j)
                if (isVisible(req.mask, rp[i], cp[j])) {
                    const double v = Sg(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j));
                    sum += v, ++cnt;
                    lo = std::min(lo, v), hi = std::max(hi, v);
                }
        if (cnt > 0) return {sum / dbl(cnt), lo, hi};
        // No grid pair visible: the pair at the centre of the visible region.
        const int64_t d0 = ra - cb, bv = ax.blockLength(b);
        for (int64_t u : {(u0 + u1) / 2, u0, u1}) {
            const int64_t vlo = std::max<int64_t>(0, d0 + u - vis.hi), vhi = std::min(bv - 1, d0 + u - vis.lo);
            if (vlo > vhi) continue;
            const int64_t v = (vlo + vhi) / 2;
            const double s =
                (rotated(VectorRole::Query, {ra + u}) * rotated(VectorRole::Key, {cb + v}).transpose())(0, 0) * norm;
            return {s, s, s};
        }
        return {-kInf, -kInf, -kInf};
    }

    // 0 = fully masked, 1 = fully visible, 2 = on the mask edge.
    int blockState(int64_t a, int64_t b) const {
        const int64_t d0 = ax.blockStart(a) - ax.blockStart(b);
        const int64_t lo = d0 - (ax.blockLength(b) - 1), hi = d0 + ax.blockLength(a) - 1;
        if (std::max(lo, vis.lo) > std::min(hi, vis.hi)) return 0;
        return (lo >= vis.lo && hi <= vis.hi) ? 1 : 2;
    }
};

// Block means of the rotated vectors of one role over every position (rows = blocks).
Eigen::MatrixXd rotatedBlockMeans(const RandomSetup& st, VectorRole role) {
    const RandomScoresRequest& req = st.req;
    const AxisSampling& ax = st.ax;
    const int d = req.headDim;
    const Eigen::Index half = st.half;
    const NormalGen& gen = st.gen;
    // Pieces: blocks cut into fixed lengths (multiples of kTab), independent of the thread count.
    const int64_t pieceLen = std::max<int64_t>(4096, ((req.n / 4096 + kTab - 1) / kTab) * kTab);
    struct Piece {
        int64_t block, first, count;
    };
    std::vector<Piece> pieces;
    for (int64_t a = 0; a < ax.pixels; ++a)
        for (int64_t b = 0; b < ax.blockLength(a); b += pieceLen)
            pieces.push_back({a, ax.blockStart(a) + b, std::min(pieceLen, ax.blockLength(a) - b)});
    // e^{ikθ} tables, k < kTab.
    const int64_t tabLen = std::min(kTab, ax.step);
    Eigen::MatrixXd tc(tabLen, half), ts(tabLen, half);
    for (Eigen::Index i = 0; i < half; ++i)
        for (int64_t q = 0; q < tabLen; ++q) {
            tc(q, i) = std::cos(dbl(q) * req.theta[i]);
            ts(q, i) = std::sin(dbl(q) * req.theta[i]);
        }
    Eigen::MatrixXd partial(d, static_cast<Eigen::Index>(pieces.size()));
    parallelFor(static_cast<int64_t>(pieces.size()), st.threads, 1, [&](int64_t it) {
        const Piece& pc = pieces[static_cast<size_t>(it)];
        Eigen::MatrixXd X(tabLen, d);  // column c = channel c over the chunk's positions
        Eigen::VectorXd acc = Eigen::VectorXd::Zero(d);
        for (int64_t c0 = 0; c0 < pc.count; c0 += tabLen) {
            const int64_t len = std::min(tabLen, pc.count - c0);
            const int64_t p0 = pc.first + c0;
            for (int64_t q = 0; q < len; ++q) gen.fill(role, p0 + q, d, X.data() + q, X.rows());
            for (Eigen::Index i = 0; i < half; ++i) {
                const Eigen::Index ca = req.pairing == Pairing::HalfSplit ? i : 2 * i;
                const Eigen::Index cb = req.pairing == Pairing::HalfSplit ? i + half : 2 * i + 1;
                const auto x = X.col(ca).head(len), y = X.col(cb).head(len);
                const auto c = tc.col(i).head(len), s = ts.col(i).head(len);
                const double re = c.dot(x) - s.dot(y), im = c.dot(y) + s.dot(x);
                const double ang = dbl(p0) * req.theta[i];
                const double cA = std::cos(ang), sA = std::sin(ang);
                acc[ca] += cA * re - sA * im;
                acc[cb] += sA * re + cA * im;
            }
            for (Eigen::Index ch = 2 * half; ch < d; ++ch) acc[ch] += X.col(ch).head(len).sum();
        }
        partial.col(it) = acc;
    });
    Eigen::MatrixXd means = Eigen::MatrixXd::Zero(ax.pixels, d);
    for (size_t it = 0; it < pieces.size(); ++it)
        means.row(pieces[it].block) += partial.col(static_cast<Eigen::Index>(it)).transpose();
    for (int64_t a = 0; a < ax.pixels; ++a) {
        means.row(a) /= dbl(ax.blockLength(a));
        for (Eigen::Index i = 0; i < half; ++i) {
            const Eigen::Index ca = req.pairing == Pairing::HalfSplit ? i : 2 * i;
            const Eigen::Index cb = req.pairing == Pairing::HalfSplit ? i + half : 2 * i + 1;
            means(a, ca) *= req.attentionFactor;
            means(a, cb) *= req.attentionFactor;
        }
    }
    return means;
}

}  // namespace

SampledMatrix sampleRandomScores(const RandomScoresRequest& req) {
    requireInRange("n", req.n, 1, kMaxSampledPositions);
    requireMaxPixels(req.maxPixels);
    validate(req.mask);
    if (req.theta.size() < 1) throw std::invalid_argument("theta must not be empty");
    for (Eigen::Index i = 0; i < req.theta.size(); ++i) requireFinite("theta", req.theta[i]);
    if (req.headDim < 2 * req.theta.size() || req.headDim > (1 << 16))
        throw std::invalid_argument("head_dim must be in [2·theta.size() = " + std::to_string(2 * req.theta.size()) +
                                    ", 65536], got " + std::to_string(req.headDim));
    requireFinite("attention_factor", req.attentionFactor);
    requireInRange("mean_boundary_samples", req.meanBoundarySamples, 1, 1024);
    requireInRange("min_max_samples", req.minMaxSamples, 1, 1024);

    const AxisSampling ax = axisSampling(req.n, req.maxPixels);
    const RandomSetup st{req,
                         ax,
                         visibility(req.mask),
                         resolveThreads(req.threads),
                         req.theta.size(),
                         req.scaleBySqrtD ? 1.0 / std::sqrt(static_cast<double>(req.headDim)) : 1.0,
                         NormalGen(req.seed)};
    const int64_t P = ax.pixels;
    std::vector<int64_t> centres(static_cast<size_t>(P));
    for (int64_t a = 0; a < P; ++a) centres[static_cast<size_t>(a)] = ax.blockCentre(a);

    Eigen::MatrixXd img(P, P);
    SampledMatrix out;
    out.rows = out.cols = ax;
    std::string what;
    const std::string head = "random q/k (seed " + std::to_string(req.seed) + ", " + pairingName(req.pairing) + "): ";

    if (req.reduction == Reduction::Point || ax.step == 1) {
        img = st.product(st.rotated(VectorRole::Query, centres), st.rotated(VectorRole::Key, centres));
        for (int64_t a = 0; a < P; ++a)
            for (int64_t b = 0; b < P; ++b)
                if (!isVisible(req.mask, centres[static_cast<size_t>(a)], centres[static_cast<size_t>(b)]))
                    img(a, b) = -kInf;
        what = ax.step == 1 ? "exact: one position per pixel" : "point-sampled at block centres, " + blockText(ax);
        if (ax.step == 1 && req.reduction != Reduction::Point)
            what = std::string(reductionName(req.reduction)) + ", exact: one position per pixel";
    } else if (req.reduction == Reduction::Mean) {
        img = st.product(rotatedBlockMeans(st, VectorRole::Query), rotatedBlockMeans(st, VectorRole::Key));
        std::vector<std::pair<int64_t, int64_t>> edge;
        for (int64_t a = 0; a < P; ++a)
            for (int64_t b = 0; b < P; ++b) {
                const int s = st.blockState(a, b);
                if (s == 0) img(a, b) = -kInf;
                if (s == 2) edge.push_back({a, b});
            }
        std::vector<char> edgeExact(edge.size(), 1);
        parallelFor(static_cast<int64_t>(edge.size()), st.threads, 4, [&](int64_t e) {
            bool ex = true;
            const auto& ab = edge[static_cast<size_t>(e)];
            img(ab.first, ab.second) = st.boxGrid(ab.first, ab.second, req.meanBoundarySamples, ex)[0];
            edgeExact[static_cast<size_t>(e)] = ex ? 1 : 0;
        });
        const bool allExact = std::all_of(edgeExact.begin(), edgeExact.end(), [](char c) { return c != 0; });
        out.exact = allExact;
        what = "mean over each block's visible entries, " + blockText(ax) + ", exact by bilinearity";
        if (!allExact)
            what += "; approximate on mask-boundary blocks (mean over a " + std::to_string(req.meanBoundarySamples) +
                    "x" + std::to_string(req.meanBoundarySamples) + " grid of visible pairs)";
    } else {  // Min / Max with step > 1
        const bool wantMax = req.reduction == Reduction::Max;
        const double budget = std::sqrt(16777216.0 / (dbl(P) * dbl(P)));
        const int64_t s = std::max<int64_t>(1, std::min<int64_t>(req.minMaxSamples, static_cast<int64_t>(budget)));
        // Grids over whole blocks for the fully visible ones.
        std::vector<int64_t> gp, off(static_cast<size_t>(P + 1), 0);
        for (int64_t a = 0; a < P; ++a) {
            const auto g = gridPositions(ax.blockStart(a), ax.blockLength(a), s);
            gp.insert(gp.end(), g.begin(), g.end());
            off[static_cast<size_t>(a + 1)] = static_cast<int64_t>(gp.size());
        }
        const Eigen::MatrixXd Qs = st.rotated(VectorRole::Query, gp), Ks = st.rotated(VectorRole::Key, gp);
        // Row blocks in groups of ~128 grid rows so that each GEMM is reasonably shaped; only the column
        // range holding fully visible blocks is multiplied.
        const int64_t group = std::max<int64_t>(1, 128 / s), groups = (P + group - 1) / group;
        std::vector<char> edgeExact(static_cast<size_t>(groups), 1);
        parallelFor(groups, st.threads, 1, [&](int64_t g) {
            const int64_t a0 = g * group, a1 = std::min(P, a0 + group);
            int64_t bmin = P, bmax = -1;
            for (int64_t a = a0; a < a1; ++a)
                for (int64_t b = 0; b < P; ++b)
                    if (st.blockState(a, b) == 1) bmin = std::min(bmin, b), bmax = std::max(bmax, b);
            Eigen::MatrixXd M;
            Eigen::Index rBase = 0, cBase = 0;
            if (bmax >= 0) {
                rBase = off[static_cast<size_t>(a0)];
                cBase = off[static_cast<size_t>(bmin)];
                M = Qs.middleRows(rBase, off[static_cast<size_t>(a1)] - rBase) *
                    Ks.middleRows(cBase, off[static_cast<size_t>(bmax + 1)] - cBase).transpose() * st.norm;
            }
            bool ex = true;
            for (int64_t a = a0; a < a1; ++a) {
                const Eigen::Index r0 = off[static_cast<size_t>(a)] - rBase,
                                   nr = off[static_cast<size_t>(a + 1)] - off[static_cast<size_t>(a)];
                for (int64_t b = 0; b < P; ++b) {
                    const int state = st.blockState(a, b);
                    if (state == 0) {
                        img(a, b) = -kInf;
                    } else if (state == 2) {
                        const auto r = st.boxGrid(a, b, s, ex);
                        img(a, b) = wantMax ? r[2] : r[1];
                    } else {
                        if (ax.blockLength(a) > s || ax.blockLength(b) > s) ex = false;
                        const Eigen::Index c0 = off[static_cast<size_t>(b)] - cBase,
                                           nc = off[static_cast<size_t>(b + 1)] - off[static_cast<size_t>(b)];
                        const auto blk = M.block(r0, c0, nr, nc);
                        img(a, b) = wantMax ? blk.maxCoeff() : blk.minCoeff();
                    }
                }
            }
            edgeExact[static_cast<size_t>(g)] = ex ? 1 : 0;
        });
        const bool exact = std::all_of(edgeExact.begin(), edgeExact.end(), [](char c) { return c != 0; });
        out.exact = exact;
        what = std::string(reductionName(req.reduction)) + ", " + blockText(ax) +
               (exact ? ", exact (every position of each block evaluated)"
                      : ", approximate: over a deterministic " + std::to_string(s) + "x" + std::to_string(s) +
                            " subsample per block (exact only when step <= " + std::to_string(s) + ")");
    }
    finishImage(out, img, req.alsoFloat64);
    out.note = head + what;
    return out;
}

// =====================================================================================================
// [SECTION] Ladders
// =====================================================================================================

SampledMatrix sampleLadder(const LadderRequest& req) {
    const Eigen::Index pairs = req.theta.size();
    requireInRange("theta size", pairs, 1, kMaxSampledPixels);
    for (Eigen::Index i = 0; i < pairs; ++i) requireAtLeast("theta", req.theta[i], 0.0);
    requireInRange("positions", req.positions, 1, kMaxSampledPositions);
    requireMaxPixels(req.maxPixels);
    requirePositive("position_scale", req.positionScale);
    if (req.quantity < LadderRequest::Sin || req.quantity > LadderRequest::AngleWrapped)
        throw std::invalid_argument("ladder quantity must be one of sin, cos, angle-raw, angle-wrapped; got " +
                                    std::to_string(static_cast<int>(req.quantity)));
    const AxisSampling ax = axisSampling(req.positions, req.maxPixels);
    const int threads = resolveThreads(req.threads);
    const double ps = req.positionScale;
    const auto q = req.quantity;
    const int64_t P = ax.pixels;

    auto valueAt = [&](double angle) {
        switch (q) {
            case LadderRequest::Sin:
                return std::sin(angle);
            case LadderRequest::Cos:
                return std::cos(angle);
            case LadderRequest::AngleRaw:
                return angle;
            case LadderRequest::AngleWrapped:
                return wrapAngle(angle);
        }
        return angle;
    };

    SampledMatrix out;
    out.rows = AxisSampling{pairs, 1, pairs};
    out.cols = ax;
    allocImage(out, pairs, P, req.alsoFloat64);
    // Work items: (pair, group of blocks), fixed.
    const int64_t group = std::max<int64_t>(1, 65536 / ax.step);
    const int64_t groups = (P + group - 1) / group;
    const int64_t tabLen = std::min(kTab, ax.step);
    const bool needTab = (req.reduction == Reduction::Min || req.reduction == Reduction::Max) &&
                         (q == LadderRequest::Sin || q == LadderRequest::Cos);
    Eigen::MatrixXd tc, ts;
    if (needTab) {
        tc.resize(tabLen, pairs);
        ts.resize(tabLen, pairs);
        for (Eigen::Index i = 0; i < pairs; ++i)
            for (int64_t k = 0; k < tabLen; ++k) {
                tc(k, i) = std::cos(dbl(k) * (ps * req.theta[i]));
                ts(k, i) = std::sin(dbl(k) * (ps * req.theta[i]));
            }
    }
    parallelFor(pairs * groups, threads, 1, [&](int64_t item) {
        const Eigen::Index i = item / groups;
        const int64_t g = item % groups;
        const double th = req.theta[i], alpha = ps * th;
        auto phi = [&](int64_t p) { return (dbl(p) * ps) * th; };
        for (int64_t kb = g * group; kb < std::min(P, (g + 1) * group); ++kb) {
            const int64_t p0 = ax.blockStart(kb), B = ax.blockLength(kb), p1 = p0 + B - 1;
            double v = 0.0;
            if (req.reduction == Reduction::Point) {
                v = valueAt(phi(ax.blockCentre(kb)));
            } else if (req.reduction == Reduction::Mean) {
                const double phc = ((dbl(p0) + 0.5 * dbl(B - 1)) * ps) * th;
                const double D = dirichletMean(alpha, B);
                switch (q) {
                    case LadderRequest::Sin:
                        v = std::sin(phc) * D;
                        break;
                    case LadderRequest::Cos:
                        v = std::cos(phc) * D;
                        break;
                    case LadderRequest::AngleRaw:
                        v = phc;
                        break;
                    case LadderRequest::AngleWrapped:
                        v = std::abs(D) < 1e-9 ? M_PI : wrapAngle(D > 0 ? phc : phc + M_PI);
                        break;
                }
            } else {
                const bool wantMax = req.reduction == Reduction::Max;
                double lo = kInf, hi = -kInf;
                auto take = [&](double x) {
                    lo = std::min(lo, x);
                    hi = std::max(hi, x);
                };
                if (q == LadderRequest::AngleRaw || alpha == 0.0) {
                    take(valueAt(phi(p0)));
                    take(valueAt(phi(p1)));
                } else if (q == LadderRequest::AngleWrapped) {
                    const double k0 = std::floor(phi(p0) / kTwoPi), k1 = std::floor(phi(p1) / kTwoPi);
                    if ((k1 - k0) * 4.0 + 2.0 >= dbl(B)) {
                        for (int64_t p = p0; p <= p1; ++p) take(wrapAngle(phi(p)));
                    } else {
                        take(wrapAngle(phi(p0)));
                        take(wrapAngle(phi(p1)));
                        for (double t = k0 + 1.0; t <= k1; t += 1.0) {
                            const int64_t ps0 = static_cast<int64_t>(std::ceil(t * kTwoPi / alpha));
                            for (int64_t p = std::max(p0, ps0 - 2); p <= std::min(p1, ps0 + 1); ++p)
                                take(wrapAngle(phi(p)));
                        }
                    }
                } else {
                    const bool isSin = q == LadderRequest::Sin;
                    for (int64_t c0 = 0; c0 < B; c0 += tabLen) {
                        const int64_t len = std::min(tabLen, B - c0);
                        const double A = phi(p0 + c0), cA = std::cos(A), sA = std::sin(A);
                        for (int64_t k = 0; k < len; ++k) {
                            const double c = tc(k, i), s = ts(k, i);
                            take(isSin ? sA * c + cA * s : cA * c - sA * s);
                        }
                    }
                }
                v = wantMax ? hi : lo;
            }
            putPixel(out, i, kb, v);
        }
    });
    setExtremes(out);
    std::string what = std::string(ladderQuantityName(q)) + " of (position x " + formatDouble(ps) +
                       ")·theta_i, one row per pair (pair 0 at the top); ";
    if (req.reduction == Reduction::Point) {
        what += ax.step == 1 ? "exact: one position per pixel" : "point-sampled at block centres, " + blockText(ax);
    } else if (req.reduction == Reduction::Mean) {
        switch (q) {
            case LadderRequest::Sin:
            case LadderRequest::Cos:
                what += "exact block mean (closed form), " + blockText(ax);
                break;
            case LadderRequest::AngleRaw:
                what += "angle at the block's mean position (exact mean), " + blockText(ax);
                break;
            case LadderRequest::AngleWrapped:
                what +=
                    "circular mean of the wrapped angle in [0, 2pi) (pi where the phasors cancel), " + blockText(ax);
                break;
        }
    } else {
        what +=
            std::string(reductionName(req.reduction)) + " over every position of each block (exact), " + blockText(ax);
    }
    out.note = what;
    return out;
}

// =====================================================================================================
// [SECTION] Kernel curves
// =====================================================================================================

KernelCurve sampleKernelCurve(const ToeplitzKernel& kernel, int64_t firstDelta, int64_t lastDelta, int64_t maxPoints,
                              Reduction reduction, int threads) {
    requireOffset("first_delta", firstDelta);
    requireOffset("last_delta", lastDelta);
    if (firstDelta > lastDelta)
        throw std::invalid_argument("first_delta must be <= last_delta, got " + std::to_string(firstDelta) + " > " +
                                    std::to_string(lastDelta));
    requireInRange("max_points", maxPoints, 1, kMaxSampledPixels);
    const int64_t count = lastDelta - firstDelta + 1;
    requireInRange("offset count", count, 1, kMaxSampledPositions);
    const Kern k(kernel);
    threads = resolveThreads(threads);
    KernelCurve c;
    c.axis = axisSampling(count, maxPoints);
    const AxisSampling& ax = c.axis;
    const int64_t P = ax.pixels;
    c.x.resize(P);
    c.y.resize(P);
    const VisRange all{-kBig, kBig};
    for (int64_t j = 0; j < P; ++j)
        c.x[j] = reduction == Reduction::Point ? dbl(firstDelta + ax.blockCentre(j))
                                               : dbl(firstDelta + ax.blockStart(j)) + 0.5 * dbl(ax.blockLength(j) - 1);
    if (reduction == Reduction::Point) {
        parallelFor(P, threads, 64, [&](int64_t j) { c.y[j] = k.at(firstDelta + ax.blockCentre(j)); });
    } else if (reduction == Reduction::Mean) {
        BlockFactor one, fac[2];
        one.length = 1;
        fac[0].length = ax.step;
        fac[1].length = ax.blockLength(P - 1);
        if (k.kind == ToeplitzKernel::Cosine) {
            one = blockFactor(k, 1);
            fac[0] = blockFactor(k, ax.step);
            fac[1] = blockFactor(k, ax.blockLength(P - 1));
        }
        parallelFor(P, threads, 1, [&](int64_t j) {
            c.y[j] = classMean(k, firstDelta + ax.blockStart(j), fac[j == P - 1 ? 1 : 0], one, all, 1);
        });
    } else {
        const bool wantMax = reduction == Reduction::Max;
        if (k.kind == ToeplitzKernel::AlibiLinear || k.kind == ToeplitzKernel::AlibiSymmetric) {
            for (int64_t j = 0; j < P; ++j) {
                const int64_t lo = firstDelta + ax.blockStart(j), hi = lo + ax.blockLength(j) - 1;
                double a = std::min(k.at(lo), k.at(hi)), b = std::max(k.at(lo), k.at(hi));
                if (k.kind == ToeplitzKernel::AlibiSymmetric && lo <= 0 && hi >= 0) {
                    a = std::min(a, k.at(0));
                    b = std::max(b, k.at(0));
                }
                c.y[j] = wantMax ? b : a;
            }
        } else {
            std::vector<std::pair<int64_t, int64_t>> iv;
            for (int64_t j = 0; j < P; ++j) {
                const int64_t lo = firstDelta + ax.blockStart(j);
                iv.push_back({lo, lo + ax.blockLength(j) - 1});
            }
            const Segments seg = buildSegments(k, false, iv, false, threads);
            for (int64_t j = 0; j < P; ++j) {
                const auto r = seg.run(iv[static_cast<size_t>(j)].first, iv[static_cast<size_t>(j)].second);
                double a = kInf, b = -kInf;
                for (size_t s = r.first; s < r.second; ++s) a = std::min(a, seg.mn[s]), b = std::max(b, seg.mx[s]);
                c.y[j] = wantMax ? b : a;
            }
        }
    }
    c.note = std::string(toeplitzKindName(kernel.kind)) + " kernel f(delta), delta in [" + std::to_string(firstDelta) +
             ", " + std::to_string(lastDelta) + "]: " +
             (reduction == Reduction::Point
                  ? (ax.step == 1 ? std::string("every offset") : "point-sampled at block centres, " + blockText(ax))
                  : std::string(reductionName(reduction)) + " over each block of offsets (exact), " + blockText(ax));
    return c;
}

}  // namespace phaselens::core
