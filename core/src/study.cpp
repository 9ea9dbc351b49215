// Study figures: formulas and the base-bound search are documented in phaselens/study.h.
#include "phaselens/study.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <limits>
#include <stdexcept>
#include <string>

#include "internal.h"
#include "phaselens/rope.h"
#include "phaselens/validate.h"

namespace phaselens::core {

namespace {

void checkHeadDim(int headDim) {
    if (headDim < 2 || headDim % 2 != 0 || headDim > 65536)
        throw std::invalid_argument("head_dim must be even and in 2..65536, got " + std::to_string(headDim));
}

// ---- Base bound evaluator ----------------------------------------------------------------------------

constexpr double kScanRatio = 1.0002;   // geometric grid of the scan (study.h)
constexpr double kBisectRel = 1e-7;     // bisection stops when hi/lo − 1 <= this
constexpr size_t kMaxWitnesses = 32;    // recent m with B_m < 0, most recent first
constexpr size_t kNeighbourhoods = 4;   // witnesses whose neighbourhood is searched before a full scan
constexpr int64_t kNeighbourhood = 96;  // half-width of that neighbourhood in m
constexpr double kRecheckBelow = 1e-9;  // |B| below this from a block is recomputed exactly

void checkContext(int headDim, int64_t context) {
    if (context < 0) throw std::invalid_argument("context must be >= 0, got " + std::to_string(context));
    const double work = (static_cast<double>(context) + 1.0) * (headDim / 2);
    if (work > kMaxBaseBoundWork)
        throw std::invalid_argument("context must satisfy (context + 1) * head_dim / 2 <= 2^24, got context " +
                                    std::to_string(context) + " with head_dim " + std::to_string(headDim));
}

void checkBase(double base) {
    requireGreater("base", base, 1.0);
}

// acc[j] = Σ_i c_i·t[i][j] − s_i·u[i][j], j < 64 (rows of 64), four pairs per pass over acc.
inline __attribute__((always_inline)) void accumulateImpl(int64_t pairs, const double* c, const double* s,
                                                          const double* t, const double* u, double* __restrict acc) {
    constexpr int64_t kB = 64;
    for (int64_t j = 0; j < kB; ++j) acc[j] = 0.0;
    int64_t i = 0;
    for (; i + 4 <= pairs; i += 4) {
        const double* t0 = t + i * kB;
        const double* u0 = u + i * kB;
        const double c0 = c[i], c1 = c[i + 1], c2 = c[i + 2], c3 = c[i + 3];
        const double s0 = s[i], s1 = s[i + 1], s2 = s[i + 2], s3 = s[i + 3];
        for (int64_t j = 0; j < kB; ++j)
            acc[j] += ((c0 * t0[j] - s0 * u0[j]) + (c1 * t0[kB + j] - s1 * u0[kB + j])) +
                      ((c2 * t0[2 * kB + j] - s2 * u0[2 * kB + j]) + (c3 * t0[3 * kB + j] - s3 * u0[3 * kB + j]));
    }
    for (; i < pairs; ++i)
        for (int64_t j = 0; j < kB; ++j) acc[j] += c[i] * t[i * kB + j] - s[i] * u[i * kB + j];
}

void accumulateDefault(int64_t pairs, const double* c, const double* s, const double* t, const double* u, double* acc) {
    accumulateImpl(pairs, c, s, t, u, acc);
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
__attribute__((target("avx2"))) void accumulateAvx2(int64_t pairs, const double* c, const double* s, const double* t,
                                                    const double* u, double* acc) {
    accumulateImpl(pairs, c, s, t, u, acc);
}
#endif

void accumulate(int64_t pairs, const double* c, const double* s, const double* t, const double* u, double* acc) {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    static const bool avx2 = detail::cpuHasAvx2();
    if (avx2) return accumulateAvx2(pairs, c, s, t, u, acc);
#endif
    accumulateDefault(pairs, c, s, t, u, acc);
}

/// Evaluates B_m(b) for one base: exact single values, and blocks of kBlock consecutive m by the angle-addition
/// identity from an exact anchor a: B_{a+j} = Σ_i cos(a·θ_i)·T_ij − sin(a·θ_i)·U_ij with the tables
/// T_ij = cos(j·θ_i), U_ij = sin(j·θ_i), j < kBlock (error ~1e-14 per term, no growth with m; the loop over j
/// vectorizes). The tables are built on the first block (many bases never need one).
class BaseBoundEval {
  public:
    static constexpr int64_t kBlock = 64;

    BaseBoundEval(int headDim, double base) : theta_(defaultInvFreq(headDim, base)) {}

    const Eigen::VectorXd& theta() const { return theta_; }

    double exact(int64_t m) const {
        const double md = static_cast<double>(m);
        double s = 0.0;
        for (Eigen::Index i = 0; i < theta_.size(); ++i) s += std::cos(md * theta_[i]);
        return s;
    }

    /// Calls visit(m, B_m) for m = first..last in order until visit returns false. Returns false if stopped.
    template <class Visit>
    bool scan(int64_t first, int64_t last, Visit&& visit) const {
        double acc[kBlock];
        for (int64_t a = first; a <= last; a += kBlock) {
            const int64_t len = std::min(kBlock, last - a + 1);
            block(a, acc);
            for (int64_t j = 0; j < len; ++j)
                if (!visit(a + j, acc[j])) return false;
        }
        return true;
    }

    /// As scan, for m = last down to first (blocks in descending order).
    template <class Visit>
    bool scanDown(int64_t first, int64_t last, Visit&& visit) const {
        double acc[kBlock];
        const int64_t blocks = (last - first) / kBlock + 1;
        for (int64_t k = blocks - 1; k >= 0; --k) {
            const int64_t a = first + k * kBlock;
            const int64_t len = std::min(kBlock, last - a + 1);
            block(a, acc);
            for (int64_t j = len - 1; j >= 0; --j)
                if (!visit(a + j, acc[j])) return false;
        }
        return true;
    }

    /// K(b)/b with K = Σ_i (2i/D)·θ_i: bounds |dB_m/db| <= m·K/b (study.h).
    double slopePerM(double base) const {
        const double d = 2.0 * static_cast<double>(theta_.size());
        double k = 0.0;
        for (Eigen::Index i = 0; i < theta_.size(); ++i) k += (2.0 * static_cast<double>(i) / d) * theta_[i];
        return k / base;
    }

  private:
    void block(int64_t a, double* acc) const {
        const auto p = static_cast<size_t>(theta_.size());
        if (t_.empty()) {
            t_.resize(p * kBlock);
            u_.resize(p * kBlock);
            ac_.resize(p);
            as_.resize(p);
            stepC_.resize(p);
            stepS_.resize(p);
            for (size_t i = 0; i < p; ++i) {
                const double x = static_cast<double>(kBlock) * theta_[static_cast<Eigen::Index>(i)];
                stepC_[i] = std::cos(x);
                stepS_[i] = std::sin(x);
            }
            // Rotation by e^{iθ_i}, j < 64 steps: error <= ~64 ulp, far below kRecheckBelow.
            for (size_t i = 0; i < p; ++i) {
                const double cr = std::cos(theta_[static_cast<Eigen::Index>(i)]);
                const double sr = std::sin(theta_[static_cast<Eigen::Index>(i)]);
                double* t = t_.data() + i * kBlock;
                double* u = u_.data() + i * kBlock;
                t[0] = 1.0;
                u[0] = 0.0;
                for (int64_t j = 1; j < kBlock; ++j) {
                    t[j] = t[j - 1] * cr - u[j - 1] * sr;
                    u[j] = t[j - 1] * sr + u[j - 1] * cr;
                }
            }
        }
        // Anchors: exact every kExactEvery blocks, else the neighbouring block's anchor times e^{±i·kBlock·θ_i}
        // (ascending or descending scans).
        const int dir = a == prevA_ + kBlock ? 1 : (a == prevA_ - kBlock ? -1 : 0);
        const bool exact = dir == 0 || blocksSinceExact_ >= kExactEvery;
        const double ad = static_cast<double>(a);
        blocksSinceExact_ = exact ? 0 : blocksSinceExact_ + 1;
        prevA_ = a;
        for (size_t i = 0; i < p; ++i) {
            if (exact) {
                const double x = ad * theta_[static_cast<Eigen::Index>(i)];
                ac_[i] = std::cos(x);
                as_[i] = std::sin(x);
            } else {
                const double sc = stepC_[i], ss = dir * stepS_[i], c = ac_[i], sn = as_[i];
                ac_[i] = c * sc - sn * ss;
                as_[i] = c * ss + sn * sc;
            }
        }
        accumulate(static_cast<int64_t>(p), ac_.data(), as_.data(), t_.data(), u_.data(), acc);
    }

    Eigen::VectorXd theta_;
    static constexpr int kExactEvery = 16;  // blocks between exact anchors (error growth ~16 ulp)
    mutable std::vector<double> t_, u_, ac_, as_, stepC_, stepS_;
    mutable int64_t prevA_ = -2 * kBlock;
    mutable int blocksSinceExact_ = 0;
};

/// Validity of one base with witness reuse and the derivative bound. `proven` receives the largest
/// base b' such that every base in [b, b') has the same validity (b itself when nothing is proven).
class BaseScanner {
  public:
    BaseScanner(int headDim, int64_t context) : headDim_(headDim), context_(context) {}

    bool valid(double base, double& provenUpTo) {
        const BaseBoundEval ev(headDim_, base);
        const double slope = ev.slopePerM(base);
        provenUpTo = base;
        // 1. Recent witnesses (exact cosines).
        for (size_t k = 0; k < witnesses_.size(); ++k) {
            const int64_t w = witnesses_[k];
            const double bw = ev.exact(w);
            if (bw < 0.0) {
                std::rotate(witnesses_.begin(), witnesses_.begin() + static_cast<std::ptrdiff_t>(k),
                            witnesses_.begin() + static_cast<std::ptrdiff_t>(k) + 1);
                provenUpTo = prove(base, -bw / (static_cast<double>(w) * slope));
                return false;
            }
        }
        // 2. The neighbourhoods of the most recent witnesses (a local minimum of B_m over m moves
        //    continuously with b), then 3. the full evaluation, each stopping at the first negative value.
        int64_t witness = -1;
        double witnessValue = 0.0, minRatio = std::numeric_limits<double>::infinity();
        auto findNegative = [&](int64_t m, double b) {
            if (b < kRecheckBelow) b = ev.exact(m);
            if (b >= 0.0) return true;
            witness = m;
            witnessValue = b;
            return false;
        };
        for (size_t k = 0; k < std::min(kNeighbourhoods, witnesses_.size()) && witness < 0; ++k) {
            const int64_t w = witnesses_[k];
            ev.scan(std::max<int64_t>(1, w - kNeighbourhood), std::min(context_, w + kNeighbourhood), findNegative);
        }
        // Descending: the binding offsets of bases near a window are mostly in the upper half of 0..L.
        if (witness < 0)
            ev.scanDown(0, context_, [&](int64_t m, double b) {
                if (b < kRecheckBelow) b = ev.exact(m);
                if (b < 0.0) {
                    witness = m;
                    witnessValue = b;
                    return false;
                }
                if (m > 0) minRatio = std::min(minRatio, b / static_cast<double>(m));
                return true;
            });
        if (witness >= 0) {
            witnesses_.insert(witnesses_.begin(), witness);
            if (witnesses_.size() > kMaxWitnesses) witnesses_.pop_back();
            provenUpTo = prove(base, -witnessValue / (static_cast<double>(witness) * slope));
            return false;
        }
        // Valid: every m >= 1 keeps B_m >= 0 while Δ·m·slope <= B_m, i.e. Δ <= minRatio/slope (a margin of
        // 1e-9 covers the rounding of the blocks).
        if (context_ >= 1)
            provenUpTo = prove(base, std::max(0.0, minRatio - 1e-9) / slope);
        else
            provenUpTo = std::numeric_limits<double>::infinity();
        return true;
    }

  private:
    static double prove(double base, double delta) {
        if (!(delta > 0.0)) return base;  // also NaN
        return base + delta * (1.0 - 1e-12);
    }

    int headDim_;
    int64_t context_;
    std::vector<int64_t> witnesses_;
};

/// The scan of study.h: points b_k = 2·r^k for k = 0..lastK, then `limit` itself. Calls
/// onWindow(lo, hi, open) for each valid window, lowest first; stops when onWindow returns false, or at
/// the first lower edge when firstEdgeOnly (then onWindow(lo, lo, false) is the only call).
template <class OnWindow>
void scanWindows(int headDim, int64_t context, double limit, bool firstEdgeOnly, OnWindow&& onWindow) {
    if (!(limit >= 2.0)) return;
    BaseScanner scanner(headDim, context);
    const double logRatio = std::log(kScanRatio);
    const int64_t lastK = static_cast<int64_t>(std::floor(std::log(limit / 2.0) / logRatio));
    auto gridBase = [&](int64_t k) { return 2.0 * std::exp(static_cast<double>(k) * logRatio); };
    const bool limitIsPoint = limit > gridBase(lastK) * (1.0 + 1e-12);
    const int64_t points = lastK + 1 + (limitIsPoint ? 1 : 0);
    auto point = [&](int64_t k) { return k <= lastK ? gridBase(k) : limit; };
    // lo has validity !validHi, hi has validHi; returns the last base of the lower side's validity
    // (validHi false) or the first of the upper side's (validHi true).
    auto bisect = [&](double lo, double hi, bool validHi) {
        double proven = 0.0;
        while (hi / lo - 1.0 > kBisectRel) {
            const double mid = std::sqrt(lo * hi);
            if (scanner.valid(mid, proven) == validHi)
                hi = mid;
            else
                lo = mid;
        }
        return validHi ? hi : lo;
    };
    bool prevValid = false;
    double prevBase = 2.0, windowLo = 0.0;
    for (int64_t k = 0; k < points;) {
        const double b = point(k);
        double proven = b;
        const bool v = scanner.valid(b, proven);
        if (v && !prevValid) {
            windowLo = (k == 0) ? b : bisect(prevBase, b, true);
            if (firstEdgeOnly) {
                onWindow(windowLo, windowLo, false);
                return;
            }
        } else if (!v && prevValid) {
            if (!onWindow(windowLo, bisect(prevBase, b, false), false)) return;
        }
        prevValid = v;
        // Next point to evaluate: the first at or beyond the proven range; the skipped ones share b's validity.
        int64_t next = k + 1;
        if (proven > b) {
            const double kf = std::ceil(std::log(std::min(proven, limit) / 2.0) / logRatio);
            if (kf > static_cast<double>(next)) next = static_cast<int64_t>(std::min(kf, static_cast<double>(points)));
            if (proven >= limit) next = points;
        }
        prevBase = next - 1 > k ? point(next - 1) : b;
        k = next;
    }
    if (prevValid) onWindow(windowLo, limit, true);
}

void checkScanArgs(int headDim, int64_t context, double limit, const char* limitName) {
    checkHeadDim(headDim);
    if (context < 1) throw std::invalid_argument("context must be >= 1, got " + std::to_string(context));
    checkContext(headDim, context);
    requireFinite(limitName, limit);
}

double logSumExp2(double a, double b) {
    const double hi = std::max(a, b), lo = std::min(a, b);
    return hi + std::log1p(std::exp(lo - hi));
}

}  // namespace

// ---- RoFormer decay bound ------------------------------------------------------------------------------

double decayBound(const Eigen::VectorXd& theta, double delta) {
    if (theta.size() < 1) throw std::invalid_argument("theta must not be empty");
    requireFinite("delta", delta);
    for (Eigen::Index i = 0; i < theta.size(); ++i) requireFinite("theta", theta[i]);
    double sr = 0.0, si = 0.0, total = 0.0;
    for (Eigen::Index k = 0; k < theta.size(); ++k) {
        const double a = delta * theta[k];
        sr += std::cos(a);
        si += std::sin(a);
        total += std::hypot(sr, si);
    }
    return total / static_cast<double>(theta.size());
}

Eigen::VectorXd decayBound(int headDim, double base, const Eigen::VectorXd& deltas) {
    checkHeadDim(headDim);
    requireGreater("rope_theta", base, 1.0);
    const Eigen::VectorXd theta = defaultInvFreq(headDim, base);
    Eigen::VectorXd out(deltas.size());
    for (Eigen::Index k = 0; k < deltas.size(); ++k) out[k] = decayBound(theta, deltas[k]);
    return out;
}

// ---- Base bound ----------------------------------------------------------------------------------------

double baseBoundSum(int headDim, double base, double m) {
    checkHeadDim(headDim);
    checkBase(base);
    requireAtLeast("m", m, 0.0);
    const Eigen::VectorXd theta = defaultInvFreq(headDim, base);
    double s = 0.0;
    for (Eigen::Index i = 0; i < theta.size(); ++i) s += std::cos(m * theta[i]);
    return s;
}

Eigen::VectorXd baseBoundCurve(int headDim, double base, int64_t maxM) {
    checkHeadDim(headDim);
    checkBase(base);
    checkContext(headDim, maxM);
    const BaseBoundEval ev(headDim, base);
    Eigen::VectorXd out(maxM + 1);
    ev.scan(0, maxM, [&](int64_t m, double b) {
        out[m] = b;
        return true;
    });
    return out;
}

BaseBoundMinimum baseBoundMinimum(int headDim, double base, int64_t context) {
    checkHeadDim(headDim);
    checkBase(base);
    checkContext(headDim, context);
    const BaseBoundEval ev(headDim, base);
    // Candidates within 1e-9 of the running minimum are compared exactly, so the recurrence's rounding
    // cannot pick the wrong m.
    BaseBoundMinimum best{std::numeric_limits<double>::infinity(), 0};
    ev.scan(0, context, [&](int64_t m, double b) {
        if (b < best.minBm + 1e-9) {
            const double e = ev.exact(m);
            if (e < best.minBm) best = {e, m};
        }
        return true;
    });
    return best;
}

bool baseIsValid(int headDim, double base, int64_t context) {
    checkHeadDim(headDim);
    checkBase(base);
    checkContext(headDim, context);
    const BaseBoundEval ev(headDim, base);
    return ev.scan(0, context, [&](int64_t m, double b) { return (b < kRecheckBelow ? ev.exact(m) : b) >= 0.0; });
}

std::optional<double> minValidBase(int headDim, int64_t context, double baseMax) {
    checkScanArgs(headDim, context, baseMax, "base_max");
    std::optional<double> out;
    scanWindows(headDim, context, baseMax, true, [&](double lo, double, bool) {
        out = lo;
        return false;
    });
    return out;
}

std::vector<BaseWindow> validBaseWindows(int headDim, int64_t context, double baseLimit, int maxWindows) {
    checkScanArgs(headDim, context, baseLimit, "base_limit");
    if (maxWindows < 1) throw std::invalid_argument("max_windows must be >= 1, got " + std::to_string(maxWindows));
    std::vector<BaseWindow> out;
    scanWindows(headDim, context, baseLimit, false, [&](double lo, double hi, bool open) {
        out.push_back({lo, hi, open});
        return static_cast<int>(out.size()) < maxWindows;
    });
    return out;
}

// ---- Critical dimension --------------------------------------------------------------------------------

int64_t criticalDimension(int headDim, double base, double trainingContext) {
    checkHeadDim(headDim);
    requireGreater("rope_theta", base, 1.0);
    requirePositive("training_context", trainingContext);
    const double x = (headDim / 2) * (std::log(trainingContext / (2.0 * M_PI)) / std::log(base));
    if (!(std::abs(x) < 4503599627370496.0))  // 2^52: the result must stay an exact integer
        throw std::invalid_argument("rope_theta " + formatDouble(base) + " with training_context " +
                                    formatDouble(trainingContext) + " gives |critical dimension| beyond 2^53");
    return 2 * static_cast<int64_t>(std::ceil(x));
}

// ---- YaRN ----------------------------------------------------------------------------------------------

double yarnRamp(double r, double alpha, double beta) {
    requireFinite("alpha", alpha);
    requireFinite("beta", beta);
    if (!(alpha < beta))
        throw std::invalid_argument("alpha must be < beta, got alpha " + formatDouble(alpha) + ", beta " +
                                    formatDouble(beta));
    if (r < alpha) return 0.0;
    if (r > beta) return 1.0;
    return (r - alpha) / (beta - alpha);
}

Eigen::VectorXd yarnTurns(const Eigen::VectorXd& theta, double originalContext) {
    requirePositive("original_max_position_embeddings", originalContext);
    return theta * (originalContext / (2.0 * M_PI));
}

double yarnMscale(double factor) {
    requirePositive("factor", factor);
    return factor <= 1.0 ? 1.0 : 0.1 * std::log(factor) + 1.0;
}

// ---- p-RoPE --------------------------------------------------------------------------------------------

Eigen::VectorXd pRopeFrequencies(int headDim, double base, double p) {
    checkHeadDim(headDim);
    requireGreater("rope_theta", base, 1.0);
    requireFinite("p", p);
    if (p < 0.0 || p > 1.0) throw std::invalid_argument("p must be in [0, 1], got " + formatDouble(p));
    const Eigen::VectorXd theta = defaultInvFreq(headDim, base);
    const auto kept = static_cast<Eigen::Index>(std::floor(p * headDim / 2.0));
    Eigen::VectorXd out = Eigen::VectorXd::Zero(theta.size());
    out.head(std::min(kept, theta.size())) = theta.head(std::min(kept, theta.size()));
    return out;
}

// ---- Attention sinks -----------------------------------------------------------------------------------

double sinkMass(int64_t keys, int64_t sinkCount, double sinkLogit, double otherLogit) {
    if (keys < 1) throw std::invalid_argument("keys must be >= 1, got " + std::to_string(keys));
    if (sinkCount < 0 || sinkCount > keys)
        throw std::invalid_argument("sink_count must be in 0.." + std::to_string(keys) + ", got " +
                                    std::to_string(sinkCount));
    requireFinite("sink_logit", sinkLogit);
    requireFinite("other_logit", otherLogit);
    if (sinkCount == 0) return 0.0;
    if (sinkCount == keys) return 1.0;
    const double a = std::log(static_cast<double>(sinkCount)) + sinkLogit;
    const double c = std::log(static_cast<double>(keys - sinkCount)) + otherLogit;
    return std::exp(a - logSumExp2(a, c));
}

double learnedSinkShare(int64_t keys, double sinkLogit, double otherLogit) {
    if (keys < 0) throw std::invalid_argument("keys must be >= 0, got " + std::to_string(keys));
    requireFinite("sink_logit", sinkLogit);
    requireFinite("other_logit", otherLogit);
    if (keys == 0) return 1.0;
    const double c = std::log(static_cast<double>(keys)) + otherLogit;
    return std::exp(sinkLogit - logSumExp2(sinkLogit, c));
}

}  // namespace phaselens::core
