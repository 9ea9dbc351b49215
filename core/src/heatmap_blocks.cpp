// Block statistics of a Toeplitz class (Δ0, Bu, Bv) and per-segment statistics of f over a cut offset
// axis, shared by the Toeplitz matrix and kernel curve samplers (formulas in phaselens/heatmap.h).
#include <stdexcept>
#include <string>
#include <vector>

#include "heatmap_internal.h"
#include "segment_stats.h"

namespace phaselens::core::heatmap_detail {

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

}  // namespace

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

namespace {

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

}  // namespace

// Number of offsets of [lo, hi] that an explicit sum has to evaluate one by one.

int64_t explicitLength(const Kern& k, int64_t lo, int64_t hi) {
    if (k.kind == ToeplitzKernel::T5Bucket) {
        lo = std::max(lo, -k.rCap + 1);
        hi = std::min(hi, k.rCap - 1);
    }
    return std::max<int64_t>(0, hi - lo + 1);
}

// Σ_{Δ=lo}^{hi} m(Δ − Δ0)·f(Δ). T5 tails beyond ±rCap use closed-form weight sums.

namespace {
double weightedSum(const Kern& k, int64_t delta0, int64_t bu, int64_t bv, int64_t lo, int64_t hi, int threads,
                   Progress* progress) {
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
    parallelItems(
        items, threads, 1,
        [&](int64_t it) {
            const int64_t b = it * kItem, len = std::min(kItem, count - b);
            std::vector<double> buf(static_cast<size_t>(len));
            k.range(lo + b, len, buf.data());
            double s = 0.0;
            for (int64_t j = 0; j < len; ++j)
                s += multiplicity(bu, bv, lo + b + j - delta0) * buf[static_cast<size_t>(j)];
            partial[static_cast<size_t>(it)] = s;
            if (progress) progress->advance(len);
        },
        progress);
    for (double s : partial) sum += s;
    return sum;
}

}  // namespace

double classMean(const Kern& k, int64_t delta0, const BlockFactor& fu, const BlockFactor& fv, VisRange vis, int threads,
                 Progress* progress) {
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
        return weightedSum(k, delta0, bu, bv, lo, hi, threads, progress) / count;
    }
    return weightedSum(k, delta0, bu, bv, vlo, vhi, threads, progress) /
           multiplicitySum(bu, bv, vlo - delta0, vhi - delta0);
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

// intervals: axis intervals that later queries will ask about. Evaluates f once over their union.
Segments buildSegments(const Kern& k, bool folded, const std::vector<std::pair<int64_t, int64_t>>& intervals,
                       bool wantLse, int threads, Progress* progress) {
    Segments s;
    s.folded = folded;
    const std::vector<int> depthAt = cutAxis(s, intervals);
    const size_t nseg = depthAt.size();
    struct Item {
        size_t seg;
        int64_t first, count;
    };
    std::vector<Item> items;
    for (size_t j = 0; j < nseg; ++j) {
        if (depthAt[j] <= 0) continue;
        for (int64_t b = s.cuts[j]; b < s.cuts[j + 1]; b += kItem)
            items.push_back({j, b, std::min(kItem, s.cuts[j + 1] - b)});
    }
    std::vector<RunStats> stats(items.size());
    if (progress) {
        int64_t total = 0;
        for (const Item& item : items) total += item.count;
        progress->start(total);
    }
    parallelItems(
        static_cast<int64_t>(items.size()), threads, 1,
        [&](int64_t it) {
            const Item& item = items[static_cast<size_t>(it)];
            std::vector<double> buf(static_cast<size_t>(item.count));
            k.range(item.first, item.count, buf.data());
            if (!runStats(buf.data(), item.count, wantLse, stats[static_cast<size_t>(it)])) {
                int64_t bad = item.first;
                for (size_t j = 0; j < buf.size(); ++j)
                    if (std::isnan(buf[j])) {
                        bad = item.first + static_cast<int64_t>(j);
                        break;
                    }
                throw std::invalid_argument("softmax needs kernel values, but f is NaN at offset " +
                                            std::string(folded ? "|delta| = " : "delta = ") + std::to_string(bad));
            }
            if (progress) progress->advance(item.count);
        },
        progress);
    foldRunStats(s, nseg, items, stats, wantLse);
    return s;
}

}  // namespace phaselens::core::heatmap_detail
