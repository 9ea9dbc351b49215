// The O(log B) min / max of the wrapped ladder angle (core/src/rotation_extremes.h, issue 17): the integer
// recursions against direct loops, and wrappedBlockExtreme against every sample over random θ, starts and lengths.
#include "../../core/src/rotation_extremes.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "phaselens/heatmap.h"
#include "phaselens/phase.h"
#include "phaselens/rope.h"

namespace pc = phaselens::core;
namespace hd = phaselens::core::heatmap_detail;

namespace {

uint64_t bruteMinLinear(uint64_t a, uint64_t b, int64_t n) {
    uint64_t best = b, v = b;
    for (int64_t k = 1; k < n; ++k) best = std::min(best, v += a);  // unsigned wrap = mod 2^64
    return best;
}

int64_t bruteFirstInArc(uint64_t a, uint64_t b, uint64_t s, uint64_t w, int64_t n) {
    uint64_t v = b;
    for (int64_t k = 0; k < n; ++k, v += a)
        if (v - s <= w) return k;
    return n;
}

std::vector<uint64_t> interestingSteps(std::mt19937_64& rng) {
    std::vector<uint64_t> a = {0,
                               1,
                               2,
                               3,
                               uint64_t{1} << 63,
                               (uint64_t{1} << 63) + 1,
                               ~uint64_t{0},
                               ~uint64_t{0} - 5,
                               uint64_t{1} << 62,
                               0x9E3779B97F4A7C15ull};
    for (int i = 0; i < 200; ++i) a.push_back(rng());
    for (int i = 0; i < 50; ++i) a.push_back(rng() >> (rng() % 64));                   // small steps
    for (int i = 0; i < 50; ++i) a.push_back(~uint64_t{0} - (rng() >> (rng() % 64)));  // small negative steps
    for (int i = 0; i < 30; ++i) a.push_back((uint64_t{1} << 61) * (rng() % 8) + (rng() % 1000));  // near p/8
    return a;
}

TEST(RotationExtremes, MinOfLinearModMatchesLoop) {
    std::mt19937_64 rng(31);
    for (uint64_t a : interestingSteps(rng))
        for (int64_t n : {1, 2, 3, 7, 64, 1000, 4099}) {
            const uint64_t b = rng();
            ASSERT_EQ(hd::minOfLinearMod(a, b, n), bruteMinLinear(a, b, n)) << a << " " << b << " " << n;
            ASSERT_EQ(hd::minOfLinearMod(a, 0, n), 0u);
        }
}

TEST(RotationExtremes, FirstInArcMatchesLoop) {
    std::mt19937_64 rng(7);
    for (uint64_t a : interestingSteps(rng))
        for (int64_t n : {1, 5, 300, 5000})
            for (int rep = 0; rep < 3; ++rep) {
                const uint64_t b = rng(), s = rng(), w = rng() >> (rng() % 64);
                ASSERT_EQ(hd::firstInArc(a, b, s, w, n), bruteFirstInArc(a, b, s, w, n))
                    << a << " " << b << " " << s << " " << w << " " << n;
            }
}

double bruteWrapped(bool wantMax, int64_t p0, int64_t count, double ps, double th) {
    double best = wantMax ? -INFINITY : INFINITY;
    for (int64_t p = p0; p < p0 + count; ++p) {
        const double v = pc::wrapAngle((static_cast<double>(p) * ps) * th);
        best = wantMax ? std::max(best, v) : std::min(best, v);
    }
    return best;
}

// Random θ over the RoPE range (1e-6 .. 4 rad, log-uniform), random starts up to 2^31, lengths up to ~10^5,
// position scale 1 or random: whenever the function answers, the answer is the loop's value bit for bit; it answers
// for nearly every case.
TEST(RotationExtremes, WrappedBlockExtremeMatchesEverySample) {
    std::mt19937_64 rng(2026);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    int answered = 0, total = 0;
    for (int i = 0; i < 600; ++i) {
        const double th = std::exp(std::log(1e-6) + unit(rng) * (std::log(4.0) - std::log(1e-6)));
        const double ps = i % 3 == 0 ? 0.25 + 4.0 * unit(rng) : 1.0;
        const int64_t count = 1 + static_cast<int64_t>(std::exp(unit(rng) * std::log(1.2e5)));
        const int64_t p0 =
            i % 2 == 0 ? static_cast<int64_t>(unit(rng) * 2147483648.0) : static_cast<int64_t>(rng() % 4096);
        for (bool wantMax : {false, true}) {
            double v = -1.0;
            ++total;
            if (!hd::wrappedBlockExtreme(wantMax, p0, count, ps, th, v)) continue;
            ++answered;
            const double want = bruteWrapped(wantMax, p0, count, ps, th);
            ASSERT_EQ(v, want) << "theta " << th << " scale " << ps << " p0 " << p0 << " count " << count << " max "
                               << wantMax;
        }
    }
    EXPECT_GE(answered, total * 99 / 100) << answered << " of " << total;
}

// Spacings at and next to rationals of the turn (the samples bunch up near the seam): answers are still exact.
TEST(RotationExtremes, NearRationalSpacings) {
    const double T = 2.0 * M_PI;
    std::vector<double> thetas = {
        M_PI / 2, M_PI / 2 + 1e-9, T / 3, T / 3 * (1 + 1e-12), T / 7 + 1e-7, 1e-6, 2.0, T - 1e-9, M_PI, 1.0};
    for (double th : thetas)
        for (int64_t p0 : {int64_t{0}, int64_t{12345}, (int64_t{1} << 31) - 70000})
            for (bool wantMax : {false, true}) {
                double v = -1.0;
                if (hd::wrappedBlockExtreme(wantMax, p0, 65536, 1.0, th, v)) {
                    EXPECT_EQ(v, bruteWrapped(wantMax, p0, 65536, 1.0, th)) << th << " " << p0 << " " << wantMax;
                }
            }
}

// The ladder at Llama 4 Scout's context and at 2^31 takes the recursion on every block of the wrapped angle and
// says so; a few blocks against the loop.
TEST(RotationExtremes, LadderAtScoutAnd2To31IsExact) {
    pc::LadderRequest req;
    req.theta = pc::defaultInvFreq(128, 500000.0);
    req.quantity = pc::LadderRequest::AngleWrapped;
    req.alsoFloat64 = true;
    for (int64_t positions : {int64_t{10485760}, int64_t{1} << 31})
        for (auto red : {pc::Reduction::Min, pc::Reduction::Max}) {
            req.positions = positions;
            req.maxPixels = 256;
            req.reduction = red;
            const pc::SampledMatrix s = pc::sampleLadder(req);
            EXPECT_TRUE(s.exact) << s.note;
            EXPECT_NE(s.note.find("Euclid recursion"), std::string::npos) << s.note;
            for (Eigen::Index i : {0, 5, 31})
                for (int64_t kb : {int64_t{3}, int64_t{255}}) {
                    const double want = bruteWrapped(red == pc::Reduction::Max, s.cols.blockStart(kb),
                                                     s.cols.blockLength(kb), 1.0, req.theta[i]);
                    EXPECT_EQ(s.valuesFloat64(i, kb), want) << positions << " " << i << " " << kb;
                }
        }
}

}  // namespace
