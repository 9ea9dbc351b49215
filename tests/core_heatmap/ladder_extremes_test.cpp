// Min / max of the ladder over long blocks at a cost independent of the block (issue 17): the three-distance gap
// against sorted brute force, and sampleLadder's min / max against every sample, up to contexts of 2^31.
#include "../../core/src/ladder_extremes.h"

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

// Largest gap (turns) between the points {k·x mod 1 : k < n}, by sorting.
double bruteMaxGap(double x, int64_t n) {
    std::vector<double> pts;
    for (int64_t k = 0; k < n; ++k) {
        const double t = static_cast<double>(k) * x;
        pts.push_back(t - std::floor(t));
    }
    std::sort(pts.begin(), pts.end());
    double g = pts.front() + 1.0 - pts.back();
    for (size_t i = 1; i < pts.size(); ++i) g = std::max(g, pts[i] - pts[i - 1]);
    return g;
}

TEST(LadderExtremes, ThreeDistanceGapMatchesSortedPoints) {
    std::mt19937_64 rng(17);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::vector<double> xs = {0.25, 1.0 / 3.0, 0.5, 1e-5, 1.0 - 1e-5, (std::sqrt(5.0) - 1.0) / 2.0, 0.1, 0.7071, 1e-3};
    for (int i = 0; i < 60; ++i) xs.push_back(unit(rng));
    for (double x : xs)
        for (int64_t n : {2, 3, 5, 8, 13, 100, 257, 1000, 4099}) {
            const hd::CircleCover c = hd::circleCover(2.0 * M_PI * x, n, 1 << 20);
            EXPECT_NEAR(c.maxGap, bruteMaxGap(x, n), 1e-9) << "x " << x << " n " << n;
        }
}

TEST(LadderExtremes, ArcsTravelAtMostTheirTurns) {
    std::mt19937_64 rng(5);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    for (int i = 0; i < 200; ++i) {
        const double x = unit(rng);
        const int64_t n = 2 + static_cast<int64_t>(unit(rng) * 100000);
        const hd::CircleCover c = hd::circleCover(2.0 * M_PI * x, n, int64_t{1} << 40);
        ASSERT_GE(c.arcs, 1) << x << " " << n;
        const double drift = std::abs(std::remainder(static_cast<double>(c.arcs) * x, 1.0));
        EXPECT_LE(drift * static_cast<double>((n - 1) / c.arcs), c.turns + 1e-9) << x << " " << n;
        EXPECT_LE(static_cast<double>(c.arcs) * (c.turns + 1.0), 8.0 * std::sqrt(static_cast<double>(n)) + 64.0)
            << "cheap split " << x << " " << n;
    }
}

// Brute-force extreme of the ladder quantity over positions [p0, p0 + count).
double bruteExtreme(pc::LadderRequest::Quantity q, bool wantMax, int64_t p0, int64_t count, double ps, double th) {
    double best = wantMax ? -INFINITY : INFINITY;
    for (int64_t p = p0; p < p0 + count; ++p) {
        const double a = (static_cast<double>(p) * ps) * th;
        const double v = q == pc::LadderRequest::Sin   ? std::sin(a)
                         : q == pc::LadderRequest::Cos ? std::cos(a)
                                                       : pc::wrapAngle(a);
        best = wantMax ? std::max(best, v) : std::min(best, v);
    }
    return best;
}

using Quantities = std::vector<pc::LadderRequest::Quantity>;
const Quantities kAll = {pc::LadderRequest::Sin, pc::LadderRequest::Cos, pc::LadderRequest::AngleWrapped};

void expectLadderMatchesBrute(pc::LadderRequest req, const std::vector<Eigen::Index>& pairs,
                              const std::vector<int64_t>& blocks, const Quantities& quantities = kAll) {
    req.alsoFloat64 = true;
    for (auto q : quantities)
        for (auto red : {pc::Reduction::Min, pc::Reduction::Max}) {
            req.quantity = q;
            req.reduction = red;
            const pc::SampledMatrix s = pc::sampleLadder(req);
            EXPECT_TRUE(s.exact) << s.note;
            EXPECT_EQ(s.note.find("approximate"), std::string::npos) << s.note;
            for (Eigen::Index i : pairs)
                for (int64_t k : blocks) {
                    const int64_t kb = std::min(k, s.cols.pixels - 1);
                    const double want = bruteExtreme(q, red == pc::Reduction::Max, s.cols.blockStart(kb),
                                                     s.cols.blockLength(kb), req.positionScale, req.theta[i]);
                    // The float image is exact; the float64 copy is within the proven 2^-26 of ±1 (sin / cos).
                    EXPECT_EQ(s.values(i, kb), static_cast<float>(want))
                        << "pair " << i << " block " << kb << " " << s.note;
                    EXPECT_NEAR(s.valuesFloat64(i, kb), want, 0x1p-26) << "pair " << i << " block " << kb;
                }
        }
}

TEST(LadderExtremes, LongBlocksMatchEverySample) {
    pc::LadderRequest req;
    req.theta = pc::defaultInvFreq(128, 500000.0);
    req.positions = 10485760;  // Llama 4 Scout's context: 10,240 positions per pixel
    req.maxPixels = 1024;
    expectLadderMatchesBrute(req, {0, 1, 7, 20, 33, 50, 63}, {0, 1, 500, 1023});
}

TEST(LadderExtremes, SpecialSpacings) {
    // Spacings just off a rational, a tiny one, zero, and a stride.
    pc::LadderRequest req;
    req.theta.resize(5);
    req.theta << M_PI / 2 + 1e-9, 2 * M_PI * (1.0 / 7.0 + 1e-7), 1e-6, 0.0, 2.0;
    req.positions = 1 << 22;
    req.maxPixels = 512;
    expectLadderMatchesBrute(req, {0, 1, 2, 3, 4}, {0, 3, 511});
    req.positionScale = 2.5;
    expectLadderMatchesBrute(req, {0, 1, 2, 3, 4}, {0, 511});
    // Exactly rational spacings: the samples repeat. sin / cos are exact; the wrapped angle is not compared, as its
    // samples sit on the 2π seam where only the rounding of p·θ decides between 0 and 2π − ε (heatmap.h, Precision).
    req.theta.resize(2);
    req.theta << M_PI / 2, 2 * M_PI / 3;
    req.positionScale = 1.0;
    expectLadderMatchesBrute(req, {0, 1}, {0, 3, 511}, {pc::LadderRequest::Sin, pc::LadderRequest::Cos});
}

TEST(LadderExtremes, ContextOf2To31) {
    // 2^22 positions per pixel: the brute force over a few blocks is the slow part, the sampler is not.
    pc::LadderRequest req;
    req.theta = pc::defaultInvFreq(128, 10000.0);
    req.positions = int64_t{1} << 31;
    req.maxPixels = 512;
    req.alsoFloat64 = true;
    for (auto q : {pc::LadderRequest::Cos, pc::LadderRequest::AngleWrapped}) {
        req.quantity = q;
        req.reduction = pc::Reduction::Max;
        const pc::SampledMatrix s = pc::sampleLadder(req);
        for (Eigen::Index i : {0, 40, 63}) {
            const int64_t kb = 511;
            const double want = bruteExtreme(q, true, s.cols.blockStart(kb), s.cols.blockLength(kb), 1.0, req.theta[i]);
            if (s.exact) {
                EXPECT_EQ(s.values(i, kb), static_cast<float>(want)) << i << " " << s.note;
            }
            EXPECT_NEAR(s.valuesFloat64(i, kb), want, q == pc::LadderRequest::Cos ? 0x1p-26 : 1e-5) << i;
        }
    }
}

}  // namespace

// [SECTION] Other samplers past their budgets (issue 17): bounded work, deterministic, said to be approximate.

namespace {

TEST(LongContextSamplers, RandomMeanOverLongBlocksIsTheGridMean) {
    pc::RandomScoresRequest req;
    req.theta = pc::defaultInvFreq(16, 10000.0);
    req.headDim = 16;
    req.n = int64_t{1} << 31;
    req.maxPixels = 64;
    req.reduction = pc::Reduction::Mean;
    req.alsoFloat64 = true;
    const pc::SampledMatrix s = pc::sampleRandomScores(req);
    EXPECT_FALSE(s.exact);
    EXPECT_NE(s.note.find("approximate"), std::string::npos) << s.note;
    EXPECT_NE(s.note.find("64x64"), std::string::npos) << s.note;
    auto gridMean = [&](pc::VectorRole role, int64_t block) {
        std::vector<int64_t> p;
        const int64_t start = s.rows.blockStart(block), len = s.rows.blockLength(block);
        for (int64_t j = 0; j < 64; ++j) p.push_back(start + ((2 * j + 1) * len) / 128);
        Eigen::VectorXd pd(64);
        for (int j = 0; j < 64; ++j) pd[j] = static_cast<double>(p[static_cast<size_t>(j)]);
        const Eigen::MatrixXd r = pc::rotateRows(pc::randomPositionVectors(0, role, p, 16), pd, req.theta, req.pairing);
        return Eigen::VectorXd(r.colwise().mean().transpose());
    };
    for (int64_t a : {0, 63})
        for (int64_t b : {0, 31}) {
            const double want = gridMean(pc::VectorRole::Query, a).dot(gridMean(pc::VectorRole::Key, b));
            EXPECT_NEAR(s.valuesFloat64(a, b), want, 1e-9 * std::max(1.0, std::abs(want))) << a << " " << b;
        }
}

TEST(LongContextSamplers, ToeplitzMinMaxPastTheBudgetAreBoundedEstimates) {
    const Eigen::VectorXd theta = pc::defaultInvFreq(32, 10000.0);
    pc::MatrixSampleRequest req;
    req.kernel = pc::ropeOnesKernel(theta);  // f(Δ) = 2·Σ cos(Δθ_i) <= 2·16 = f(0)
    req.n = int64_t{1} << 31;
    req.maxPixels = 128;
    req.alsoFloat64 = true;
    req.reduction = pc::Reduction::Max;
    const pc::SampledMatrix mx = pc::sampleToeplitzMatrix(req);
    EXPECT_FALSE(mx.exact);
    EXPECT_NE(mx.note.find("approximate"), std::string::npos) << mx.note;
    for (Eigen::Index a = 0; a < 128; ++a) EXPECT_DOUBLE_EQ(mx.valuesFloat64(a, a), 32.0) << "Δ = 0 is evaluated";
    EXPECT_LE(mx.valuesFloat64.maxCoeff(), 32.0);
    req.reduction = pc::Reduction::Min;
    const pc::SampledMatrix mn = pc::sampleToeplitzMatrix(req);
    EXPECT_GE(mn.valuesFloat64.minCoeff(), -32.0);
    EXPECT_TRUE((mn.valuesFloat64.array() <= mx.valuesFloat64.array()).all());
    // Deterministic: the same numbers for another thread count.
    req.threads = 1;
    EXPECT_TRUE((pc::sampleToeplitzMatrix(req).values.array() == mn.values.array()).all());
    const pc::KernelCurve c = pc::sampleKernelCurve(req.kernel, 0, (int64_t{1} << 31) - 1, 256, pc::Reduction::Max);
    EXPECT_NE(c.note.find("approximate"), std::string::npos) << c.note;
    EXPECT_DOUBLE_EQ(c.y[0], 32.0);
}

}  // namespace
