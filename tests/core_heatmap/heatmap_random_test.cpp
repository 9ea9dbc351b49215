// Random q/k scores: the counter-based vectors, and every reduction against full matrices built with core
// ropeScores from the same vectors (the documented grids for the approximate cases).
#include <gtest/gtest.h>

#include "brute.h"
#include "phaselens/attention.h"
#include "phaselens/heatmap.h"
#include "phaselens/rope.h"

namespace pc = phaselens::core;
namespace pt = phaselens::test;

namespace {

std::vector<int64_t> iota(int64_t n) {
    std::vector<int64_t> p(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) p[static_cast<size_t>(i)] = i;
    return p;
}

TEST(RandomVectors, ReproduciblePerPositionAndRole) {
    const auto a = pc::randomPositionVectors(42, pc::VectorRole::Query, {0, 1, 2, 5, 1000000000}, 17);
    const auto b = pc::randomPositionVectors(42, pc::VectorRole::Query, {5}, 17);
    const auto c = pc::randomPositionVectors(42, pc::VectorRole::Query, {1000000000, 0}, 17);
    EXPECT_TRUE((a.row(3).array() == b.row(0).array()).all());
    EXPECT_TRUE((a.row(4).array() == c.row(0).array()).all());
    EXPECT_TRUE((a.row(0).array() == c.row(1).array()).all());
    // The first 16 channels do not depend on dim (pair j is a function of (seed, role, position, j)).
    const auto d = pc::randomPositionVectors(42, pc::VectorRole::Query, {5}, 16);
    EXPECT_TRUE((d.row(0).array() == b.row(0).head(16).array()).all());
    const auto k = pc::randomPositionVectors(42, pc::VectorRole::Key, {5}, 17);
    const auto s = pc::randomPositionVectors(43, pc::VectorRole::Query, {5}, 17);
    EXPECT_GT((k - b).cwiseAbs().maxCoeff(), 0.1);
    EXPECT_GT((s - b).cwiseAbs().maxCoeff(), 0.1);
    EXPECT_THROW(pc::randomPositionVectors(1, pc::VectorRole::Key, {-1}, 4), std::invalid_argument);
    EXPECT_THROW(pc::randomPositionVectors(1, pc::VectorRole::Key, {1}, 0), std::invalid_argument);
}

TEST(RandomVectors, StandardNormalMoments) {
    const auto X = pc::randomPositionVectors(7, pc::VectorRole::Key, iota(40000), 16);
    const double n = static_cast<double>(X.size());
    const double mean = X.sum() / n;
    const double var = (X.array() - mean).square().sum() / n;
    const double kurt = (X.array() - mean).pow(4).sum() / n / (var * var);
    EXPECT_NEAR(mean, 0.0, 0.005);
    EXPECT_NEAR(var, 1.0, 0.01);
    EXPECT_NEAR(kurt, 3.0, 0.05);
    // Channels uncorrelated with their partners (Box–Muller pairs) and with neighbours in position.
    EXPECT_NEAR(X.col(0).dot(X.col(1)) / static_cast<double>(X.rows()), 0.0, 0.02);
    EXPECT_NEAR(X.col(0).head(39999).dot(X.col(0).tail(39999)) / 39999.0, 0.0, 0.02);
    // Fraction beyond 2 sigma ≈ 4.55 %.
    EXPECT_NEAR((X.array().abs() > 2.0).cast<double>().sum() / n, 0.0455, 0.003);
}

struct Setup {
    pc::RandomScoresRequest req;
    Eigen::MatrixXd full;  // masked, −inf
};

// Visible bounding box of block (a, b) by scanning; false when nothing is visible.
bool scanBox(const pc::AxisSampling& ax, const pc::MaskParams& mask, int64_t a, int64_t b, int64_t& u0, int64_t& u1,
             int64_t& v0, int64_t& v1) {
    u0 = v0 = INT64_MAX;
    u1 = v1 = -1;
    for (int64_t u = 0; u < ax.blockLength(a); ++u)
        for (int64_t v = 0; v < ax.blockLength(b); ++v)
            if (pc::isVisible(mask, ax.blockStart(a) + u, ax.blockStart(b) + v)) {
                u0 = std::min(u0, u), u1 = std::max(u1, u), v0 = std::min(v0, v), v1 = std::max(v1, v);
            }
    return u1 >= 0;
}

std::vector<int64_t> grid(int64_t start, int64_t len, int64_t g) {
    std::vector<int64_t> p;
    if (len <= g)
        for (int64_t k = 0; k < len; ++k) p.push_back(start + k);
    else
        for (int64_t j = 0; j < g; ++j) p.push_back(start + ((2 * j + 1) * len) / (2 * g));
    return p;
}

// The documented estimate for a block: {mean, min, max} over visible pairs of a grid (box or whole block).
std::array<double, 3> gridStats(const Eigen::MatrixXd& full, const pc::AxisSampling& ax, const pc::MaskParams& mask,
                                int64_t a, int64_t b, int64_t g, bool box, bool& exact) {
    int64_t u0 = 0, u1 = ax.blockLength(a) - 1, v0 = 0, v1 = ax.blockLength(b) - 1;
    if (box) scanBox(ax, mask, a, b, u0, u1, v0, v1);
    if (u1 - u0 + 1 > g || v1 - v0 + 1 > g) exact = false;
    double s = 0, lo = INFINITY, hi = -INFINITY;
    int64_t c = 0;
    for (int64_t r : grid(ax.blockStart(a) + u0, u1 - u0 + 1, g))
        for (int64_t q : grid(ax.blockStart(b) + v0, v1 - v0 + 1, g))
            if (full(r, q) != pt::kNegInf)
                s += full(r, q), ++c, lo = std::min(lo, full(r, q)), hi = std::max(hi, full(r, q));
    if (c > 0) return {s / static_cast<double>(c), lo, hi};
    for (int64_t u : {(u0 + u1) / 2, u0, u1}) {
        int64_t vlo = INT64_MAX, vhi = -1;
        for (int64_t v = 0; v < ax.blockLength(b); ++v)
            if (pc::isVisible(mask, ax.blockStart(a) + u, ax.blockStart(b) + v))
                vlo = std::min(vlo, v), vhi = std::max(vhi, v);
        if (vhi < 0) continue;
        const double x = full(ax.blockStart(a) + u, ax.blockStart(b) + (vlo + vhi) / 2);
        return {x, x, x};
    }
    return {pt::kNegInf, pt::kNegInf, pt::kNegInf};
}

// 0 masked, 1 fully visible, 2 mask edge — by scanning.
int state(const pc::AxisSampling& ax, const pc::MaskParams& mask, int64_t a, int64_t b) {
    int64_t vis = 0, total = ax.blockLength(a) * ax.blockLength(b);
    for (int64_t u = 0; u < ax.blockLength(a); ++u)
        for (int64_t v = 0; v < ax.blockLength(b); ++v)
            vis += pc::isVisible(mask, ax.blockStart(a) + u, ax.blockStart(b) + v);
    return vis == 0 ? 0 : vis == total ? 1 : 2;
}

TEST(RandomScores, EveryReductionAgainstFullMatrix) {
    const Eigen::VectorXd theta = pc::defaultInvFreq(16, 10000.0);  // 8 pairs; head_dim 20: 4 pass-through
    const std::vector<pc::MaskParams> masks = {{pc::MaskType::None, 0},
                                               {pc::MaskType::Causal, 0},
                                               {pc::MaskType::SlidingWindow, 5},
                                               {pc::MaskType::SlidingWindow, 40}};
    int approximateSeen = 0;
    for (auto pairing : {pc::Pairing::HalfSplit, pc::Pairing::Interleaved})
        for (int64_t n : {1, 2, 7, 64, 100, 300}) {
            const bool scale = n % 2 == 0;
            const auto pos = iota(n);
            const Eigen::VectorXd posd = Eigen::VectorXd::LinSpaced(n, 0.0, static_cast<double>(n - 1));
            const Eigen::MatrixXd Q = pc::randomPositionVectors(11, pc::VectorRole::Query, pos, 20);
            const Eigen::MatrixXd K = pc::randomPositionVectors(11, pc::VectorRole::Key, pos, 20);
            const Eigen::MatrixXd raw = pc::ropeScores(Q, K, posd, posd, theta, pairing, 1.2, scale);
            for (const auto& mask : masks) {
                Eigen::MatrixXd full = raw;
                pt::maskFull(full, mask);
                for (int64_t px : {3, 16, 33, 2000})
                    for (int samples : {4, 32})
                        for (auto red :
                             {pc::Reduction::Point, pc::Reduction::Mean, pc::Reduction::Min, pc::Reduction::Max}) {
                            SCOPED_TRACE(std::string(pc::pairingName(pairing)) + " n " + std::to_string(n) + " " +
                                         pt::maskLabel(mask) + " px " + std::to_string(px) + " g " +
                                         std::to_string(samples) + " " + pc::reductionName(red));
                            pc::RandomScoresRequest req;
                            req.theta = theta;
                            req.pairing = pairing;
                            req.headDim = 20;
                            req.attentionFactor = 1.2;
                            req.seed = 11;
                            req.n = n;
                            req.maxPixels = px;
                            req.reduction = red;
                            req.mask = mask;
                            req.scaleBySqrtD = scale;
                            req.meanBoundarySamples = samples;
                            req.minMaxSamples = samples;
                            req.alsoFloat64 = true;
                            req.threads = 2;
                            const auto s = pc::sampleRandomScores(req);
                            const pc::AxisSampling ax = pc::axisSampling(n, px);
                            Eigen::MatrixXd want = pt::reduceBlocks(full, ax, ax, red);
                            bool exact = true;
                            if (ax.step > 1 && red != pc::Reduction::Point)
                                for (int64_t a = 0; a < ax.pixels; ++a)
                                    for (int64_t b = 0; b < ax.pixels; ++b) {
                                        const int st = state(ax, mask, a, b);
                                        if (st == 0) continue;
                                        if (red == pc::Reduction::Mean && st == 1) continue;  // exact bilinear
                                        const auto r = gridStats(full, ax, mask, a, b, samples, st == 2, exact);
                                        want(a, b) = red == pc::Reduction::Mean  ? r[0]
                                                     : red == pc::Reduction::Min ? r[1]
                                                                                 : r[2];
                                    }
                            pt::expectImage(s, want, 1e-9);
                            EXPECT_EQ(s.exact, exact) << s.note;
                            EXPECT_EQ(s.note.find("approximate") != std::string::npos, !exact) << s.note;
                            approximateSeen += !exact;
                        }
            }
        }
    EXPECT_GT(approximateSeen, 10);  // the grids really were exercised
}

TEST(RandomScores, MinMaxBudgetAndValidation) {
    pc::RandomScoresRequest req;
    req.theta = pc::defaultInvFreq(8, 10000.0);
    req.headDim = 8;
    req.n = 1 << 14;
    req.maxPixels = 1024;
    req.reduction = pc::Reduction::Max;
    const auto s = pc::sampleRandomScores(req);
    EXPECT_FALSE(s.exact);
    EXPECT_NE(s.note.find("4x4"), std::string::npos) << s.note;  // budget: 2^24 dot products
    req.headDim = 7;
    EXPECT_THROW(pc::sampleRandomScores(req), std::invalid_argument);
    req.headDim = 8;
    req.theta.resize(0);
    EXPECT_THROW(pc::sampleRandomScores(req), std::invalid_argument);
    req.theta = pc::defaultInvFreq(8, 10000.0);
    req.attentionFactor = std::nan("");
    EXPECT_THROW(pc::sampleRandomScores(req), std::invalid_argument);
}

TEST(RandomScores, MeanIsThreadIndependentAtLargerN) {
    pc::RandomScoresRequest req;
    req.theta = pc::defaultInvFreq(32, 10000.0);
    req.headDim = 32;
    req.n = 50000;
    req.maxPixels = 64;
    req.reduction = pc::Reduction::Mean;
    req.mask = {pc::MaskType::Causal, 0};
    req.threads = 1;
    const auto a = pc::sampleRandomScores(req);
    req.threads = 3;
    const auto b = pc::sampleRandomScores(req);
    EXPECT_TRUE((a.values.array() == b.values.array()).all());
    // Off-diagonal block: the mean equals the bilinear form of brute block means.
    const pc::AxisSampling ax = a.rows;
    const int64_t ra = 40, cb = 7;
    std::vector<int64_t> rp, cp;
    for (int64_t p = ax.blockStart(ra); p < ax.blockStart(ra) + ax.blockLength(ra); ++p) rp.push_back(p);
    for (int64_t p = ax.blockStart(cb); p < ax.blockStart(cb) + ax.blockLength(cb); ++p) cp.push_back(p);
    auto rot = [&](pc::VectorRole role, const std::vector<int64_t>& p) {
        Eigen::VectorXd pd(static_cast<Eigen::Index>(p.size()));
        for (size_t j = 0; j < p.size(); ++j) pd[static_cast<Eigen::Index>(j)] = static_cast<double>(p[j]);
        return pc::rotateRows(pc::randomPositionVectors(0, role, p, 32), pd, req.theta, req.pairing);
    };
    const double want = (rot(pc::VectorRole::Query, rp) * rot(pc::VectorRole::Key, cp).transpose()).mean();
    EXPECT_NEAR(a.values(ra, cb), want, 1e-5 * std::max(1.0, std::abs(want)));  // float image
}

}  // namespace
