// Min / max of sin, cos and the wrapped angle over a long block of ladder samples (ladder_extremes.h).
#include "ladder_extremes.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "phaselens/phase.h"

namespace phaselens::core::heatmap_detail {

namespace {

constexpr double kTurn = 2.0 * M_PI;

// Turns one of the k progressions of a count-sample block travels when its drift per step is d turns.
double arcTurns(int64_t k, double d, int64_t count) {
    return d * static_cast<double>((count + k - 1) / k);
}

// Evaluations per block for k arcs of `turns` turns: the two ends plus four samples per crossing of the target.
double arcCost(int64_t k, double turns) {
    return static_cast<double>(k) * (2.0 + 4.0 * (std::floor(turns) + 1.0));
}

// Keeps the cheapest (k, d) seen so far as the arc choice.
void consider(int64_t k, double d, int64_t count, CircleCover& c, double& bestCost) {
    const double turns = arcTurns(k, d, count);
    const double cost = arcCost(k, turns);
    if (cost < bestCost) {
        bestCost = cost;
        c.arcs = k;
        c.turns = turns;
    }
}

// One batch of the slow Euclid walk: record (k, d) moves to (k + s·kOther, d − s·dOther), s = 1..steps. Considers the
// batch's last record and the first s at which an arc travels at most kMaxArcTurns turns (the turn count falls
// monotonically with s: d shrinks and ⌈B/k⌉ too).
void considerBatch(int64_t k, double d, int64_t kOther, double dOther, int64_t steps, int64_t count, CircleCover& c,
                   double& bestCost) {
    auto at = [&](int64_t s, int64_t& ks, double& ds) {
        ks = k + s * kOther;
        ds = d - static_cast<double>(s) * dOther;
    };
    int64_t ks = 0;
    double ds = 0.0;
    at(steps, ks, ds);
    consider(ks, ds, count, c, bestCost);
    if (arcTurns(ks, ds, count) > kMaxArcTurns) return;
    int64_t lo = 1, hi = steps;
    while (lo < hi) {
        const int64_t mid = lo + (hi - lo) / 2;
        at(mid, ks, ds);
        if (arcTurns(ks, ds, count) <= kMaxArcTurns)
            hi = mid;
        else
            lo = mid + 1;
    }
    at(lo, ks, ds);
    consider(ks, ds, count, c, bestCost);
}

double quantityValue(CircleQuantity q, double angle) {
    switch (q) {
        case CircleQuantity::Sin:
            return std::sin(angle);
        case CircleQuantity::Cos:
            return std::cos(angle);
        case CircleQuantity::AngleWrapped:
            return wrapAngle(angle);
    }
    return angle;
}

// The angle (mod 2π) where the quantity takes the extreme asked for: cos 0 / π, sin π/2 / −π/2; the wrapped angle
// has both extremes next to its seam at 0.
double targetAngle(CircleQuantity q, bool wantMax) {
    switch (q) {
        case CircleQuantity::Sin:
            return wantMax ? 0.5 * M_PI : -0.5 * M_PI;
        case CircleQuantity::Cos:
            return wantMax ? 0.0 : M_PI;
        case CircleQuantity::AngleWrapped:
            return 0.0;
    }
    return 0.0;
}

}  // namespace

CircleCover circleCover(double alpha, int64_t count, int64_t maxCost) {
    CircleCover c;
    if (count <= 1) {
        c.arcs = 1;
        return c;
    }
    const double t = alpha / kTurn;
    const double x = t - std::floor(t);  // turns per step, [0, 1)
    if (!(x > 0.0) || !(x < 1.0)) {      // every sample at the same angle (to rounding): one arc, no gap closes
        c.arcs = 1;
        c.turns = 0.0;
        return c;
    }
    const int64_t n = count;
    int64_t kl = 1, kh = 1;  // records: {kl·x} = dl smallest, 1 − {kh·x} = dh smallest so far (k < n)
    double dl = x, dh = 1.0 - x;
    double bestCost = std::numeric_limits<double>::infinity();
    consider(1, std::min(dl, dh), n, c, bestCost);
    for (int iter = 0; iter < 4096; ++iter) {
        if (!(dl > 0.0) || !(dh > 0.0) || dl == dh) break;  // x rational: the samples repeat with period kl + kh
        if (dl > dh) {
            int64_t steps = static_cast<int64_t>(std::min(std::floor(dl / dh), 9.0e15));
            if (dl - static_cast<double>(steps) * dh <= 0.0) --steps;
            const int64_t cap = (n - 1 - kl) / kh;
            const int64_t s = std::min(steps, cap);
            if (s < 1) break;
            considerBatch(kl, dl, kh, dh, s, n, c, bestCost);
            kl += s * kh;
            dl -= static_cast<double>(s) * dh;
            if (s < steps) break;  // the next lower record lies beyond the block
        } else {
            int64_t steps = static_cast<int64_t>(std::min(std::floor(dh / dl), 9.0e15));
            if (dh - static_cast<double>(steps) * dl <= 0.0) --steps;
            const int64_t cap = (n - 1 - kh) / kl;
            const int64_t s = std::min(steps, cap);
            if (s < 1) break;
            considerBatch(kh, dh, kl, dl, s, n, c, bestCost);
            kh += s * kl;
            dh -= static_cast<double>(s) * dl;
            if (s < steps) break;
        }
    }
    if (n <= maxCost && static_cast<double>(n) < bestCost) {  // every sample is cheaper: n arcs of one sample
        bestCost = static_cast<double>(n);
        c.arcs = n;
        c.turns = 0.0;
    }
    if (bestCost > static_cast<double>(maxCost)) c.arcs = 0;
    // Three-distance theorem with u = kl, a = dl, v = kh, b = dh (the records below n).
    c.maxGap = kl + kh > n ? dl + dh : std::max(dl, dh);
    return c;
}

bool circleBlockExtreme(CircleQuantity quantity, bool wantMax, const CircleCover& cover, int64_t p0, int64_t count,
                        double positionScale, double theta, double& value, bool& proved) {
    proved = false;
    auto phi = [&](int64_t p) { return (static_cast<double>(p) * positionScale) * theta; };
    if (quantity != CircleQuantity::AngleWrapped) {
        // Every angle is within π·G of an ideal sample φ_0 + k·α; the computed samples differ from those by at most
        // eps (the rounding of p·positionScale·θ, of α and of G). 1 − cos(r) <= r²/2 < 2^-26 makes the extreme
        // round to ±1 in float (half an ulp below 1 is 2^-25).
        const double last = std::abs(phi(p0 + count - 1));
        const double eps = 4.0 * 0x1p-52 * (last + 1.0) + 1e-12;
        const double r = M_PI * cover.maxGap + eps;
        if (0.5 * r * r < 0x1p-26) {
            value = wantMax ? 1.0 : -1.0;
            proved = true;
            return true;
        }
    }
    if (cover.arcs < 1) return false;
    const int64_t q = std::min(cover.arcs, count);
    const double alpha = positionScale * theta;
    const double beta = std::remainder(static_cast<double>(q) * alpha, kTurn);  // drift per step of a progression
    const double target = targetAngle(quantity, wantMax);
    double best = wantMax ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
    auto take = [&](int64_t p) {
        const double v = quantityValue(quantity, phi(p));
        best = wantMax ? std::max(best, v) : std::min(best, v);
    };
    const double step = std::abs(beta);
    for (int64_t r = 0; r < q; ++r) {
        const int64_t j1 = (count - 1 - r) / q, pr = p0 + r;
        take(pr);
        if (j1 == 0) continue;
        take(pr + j1 * q);
        if (step == 0.0) continue;
        // Arc parameter of the first crossing of the target, measured from φ(pr) in the direction of the drift; the
        // next crossings follow every 2π/|β| steps.
        double d = beta > 0.0 ? target - phi(pr) : phi(pr) - target;
        d -= kTurn * std::floor(d / kTurn);
        for (double js = d / step; js <= static_cast<double>(j1) + 1.0; js += kTurn / step) {
            const int64_t j0 = static_cast<int64_t>(std::floor(js));
            for (int64_t j = std::max<int64_t>(0, j0 - 1); j <= std::min(j1, j0 + 2); ++j) take(pr + j * q);
        }
    }
    value = best;
    return true;
}

}  // namespace phaselens::core::heatmap_detail
