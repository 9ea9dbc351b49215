// Exact min / max of the wrapped ladder angle over a block in O(log B) (rotation_extremes.h).
#include "rotation_extremes.h"

#include <algorithm>
#include <cmath>

#include "phaselens/phase.h"

namespace phaselens::core::heatmap_detail {

namespace {

__extension__ typedef unsigned __int128 u128;
__extension__ typedef __int128 i128;

const u128 kTurnUnits = u128(1) << 64;  // fixed-point units per turn
const u128 kNone = ~u128(0);
constexpr double kTurn = 2.0 * M_PI;  // the T of wrapAngle

// min x >= 0 with lo <= (a·x) mod m <= hi, for 0 <= lo <= hi < m <= 2^64; kNone when there is none. Each call
// either answers or recurses on the modulus a <= m/2 (after the reflection a -> m − a).
u128 firstHit(u128 m, u128 a, u128 lo, u128 hi) {
    if (lo == 0) return 0;
    a %= m;
    if (a == 0) return kNone;
    if (2 * a > m) {  // (−a·x) mod m = m − (a·x mod m) for a nonzero residue
        a = m - a;
        const u128 l2 = m - hi;
        hi = m - lo;
        lo = l2;
    }
    const u128 x = (lo + a - 1) / a;
    if (a * x <= hi) return x;
    // No multiple of a in [lo, hi] (so hi − lo < a): a·x = m·y + [lo, hi] has at most one x per y, increasing in y;
    // it has one iff (m·y) mod a lies in [−hi, −lo] mod a = [a − hi mod a, a − lo mod a].
    const u128 y = firstHit(a, m % a, a - hi % a, a - lo % a);
    if (y == kNone) return kNone;
    return (m * y + lo + a - 1) / a;
}

// The double-double turns per position x = s·θ / T.
struct TurnsPerPosition {
    double hi = 0.0, lo = 0.0;
};

TurnsPerPosition turnsPerPosition(double positionScale, double theta) {
    const double ch = positionScale * theta, cl = std::fma(positionScale, theta, -ch);
    const double xh = ch / kTurn;
    const double rem = std::fma(-xh, kTurn, ch);  // exact
    return {xh, (rem + cl) / kTurn};
}

// round(y) for |y| < 2^90, as a 128-bit integer.
i128 roundToInt(double y) {
    const double q = std::floor(std::ldexp(y, -32));
    const double r = y - std::ldexp(q, 32);  // in [0, 2^32]
    return i128(static_cast<int64_t>(q)) * (i128(1) << 32) + i128(std::llround(r));
}

// round(2^64·frac(p·x)) mod 2^64, within 2 + |p·x|·2^-35 units of the exact value.
u128 fixedTurns(int64_t p, const TurnsPerPosition& x) {
    const double pd = static_cast<double>(p);
    const double h = pd * x.hi, l = std::fma(pd, x.hi, -h);
    const double fh = h - std::floor(h);  // exact
    const double r = l + pd * x.lo;
    const i128 u = roundToInt(std::ldexp(fh, 64)) + roundToInt(std::ldexp(r, 64));
    return static_cast<u128>(u) & (kTurnUnits - 1);
}

}  // namespace

uint64_t minOfLinearMod(uint64_t a64, uint64_t b64, int64_t n64) {
    u128 m = kTurnUnits, a = a64, b = b64, n = static_cast<u128>(std::max<int64_t>(n64, 1));
    u128 best = b;
    // Every value met below is a value of the original sequence; the minimum is among them.
    while (true) {
        best = std::min(best, b);
        if (a == 0 || n == 1) break;
        if (2 * a <= m) {
            // Increasing runs: each starts at k = 0 or right after a wrap; the j-th wrap (j = 1..J) leaves
            // (b − j·m) mod a, i = j − 1: ((−m mod a)·i + (b − m) mod a) mod a.
            const u128 wraps = (a * (n - 1) + b) / m;
            if (wraps == 0) break;
            const u128 r = m % a;
            const u128 a2 = (a - r) % a, b2 = (b % a + a - r) % a;
            m = a;
            a = a2;
            b = b2;
            n = wraps;
        } else {
            // Decreasing by d = m − a: each run ends at k = n − 1 or right before a wrap, the j-th of which leaves
            // (b + (j − 1)·m) mod d.
            const u128 d = m - a;
            best = std::min(best, (b + a * (n - 1)) % m);
            const u128 fall = d * (n - 1);
            if (fall <= b) break;
            const u128 wraps = (fall - b + m - 1) / m;
            const u128 a2 = m % d, b2 = b % d;
            m = d;
            a = a2;
            b = b2;
            n = wraps;
        }
    }
    return static_cast<uint64_t>(best);
}

int64_t firstInArc(uint64_t a, uint64_t b, uint64_t s, uint64_t w, int64_t n) {
    const u128 m = kTurnUnits;
    const u128 b2 = (u128(b) + m - s) % m;
    if (b2 <= w) return n > 0 ? 0 : n;
    const u128 x = firstHit(m, a, m - b2, m - b2 + w);
    return x < static_cast<u128>(n) ? static_cast<int64_t>(x) : n;
}

bool wrappedBlockExtreme(bool wantMax, int64_t p0, int64_t count, double positionScale, double theta, double& value) {
    if (count < 1 || p0 < 0 || !(theta >= 0.0) || p0 + count > (int64_t(1) << 53)) return false;
    const int64_t pLast = p0 + count - 1;
    auto phi = [&](int64_t p) { return (static_cast<double>(p) * positionScale) * theta; };
    const double phiLast = std::abs(phi(pLast));
    if (!std::isfinite(phiLast)) return false;
    const TurnsPerPosition x = turnsPerPosition(positionScale, theta);
    // Error budget in units (2^64 per turn): computed-angle rounding, the fixed-point model, conversions.
    const double unitsPerRad = std::ldexp(1.0, 64) / kTurn;
    const double deltaD = (phiLast * 0x1p-49 + 0x1p-46) * unitsPerRad + 4.0 + 4.0 * static_cast<double>(count) +
                          std::abs(static_cast<double>(pLast) * x.hi) * 0x1p-30 + 0x1p16;
    if (!(deltaD < 0x1p58)) return false;
    const u128 delta = static_cast<u128>(static_cast<uint64_t>(std::ceil(deltaD)));
    const u128 m = kTurnUnits;
    const u128 a0 = fixedTurns(1, x), b0 = fixedTurns(p0, x);
    // The max is the min of the mirror image: U'(k) = 2^64 − 1 − U(k), angles T − w.
    const u128 a = wantMax ? (m - a0) % m : a0, b = wantMax ? m - 1 - b0 : b0;
    const uint64_t a64 = static_cast<uint64_t>(a);
    auto units = [&](double w) { return wantMax ? std::ldexp(1.0, 64) - w * unitsPerRad : w * unitsPerRad; };
    u128 floorU = 0;  // the search is for the smallest U >= floorU
    for (int attempt = 0; attempt < 4; ++attempt) {
        const u128 r = minOfLinearMod(a64, static_cast<uint64_t>((b + m - floorU) % m), count);
        if (r >= m - floorU) return false;  // no U >= floorU
        const u128 m0 = floorU + r;
        if (m0 + 4 * delta >= m) return false;  // the arc below would wrap onto itself
        // Every position whose computed value is <= m0 + 2δ has U in the arc [−δ, m0 + 3δ]: evaluate them all.
        const u128 s = m - delta, w = m0 + 4 * delta;
        double best = wantMax ? -1.0 : 2.0 * kTurn;
        int evaluated = 0;
        for (int64_t start = 0; start < count;) {
            const uint64_t bs = static_cast<uint64_t>((b + a * static_cast<u128>(start)) % m);
            const int64_t k = firstInArc(a64, bs, static_cast<uint64_t>(s), static_cast<uint64_t>(w), count - start);
            if (k >= count - start) break;
            if (++evaluated > kMaxRotationCandidates) return false;
            const double v = wrapAngle(phi(p0 + start + k));
            best = wantMax ? std::max(best, v) : std::min(best, v);
            start += k + 1;
        }
        if (evaluated > 0 && units(best) <= static_cast<double>(m0 + 2 * delta) - 0x1p15) {
            value = best;
            return true;
        }
        // The positions next to m0 rounded across the seam: try the next ones up.
        floorU = m0 + 2 * delta + 1;
    }
    return false;
}

}  // namespace phaselens::core::heatmap_detail
