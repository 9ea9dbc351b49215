// Deep zoom: the samplers seen through a visible window (AxisWindow) against direct evaluation, value by value.
//   * small contexts: every reduction, mask and softmax against the full matrix reduced over the window's blocks;
//   * windows at the start, middle and end of 2^20 and 2^31 contexts: pixels against f, cos(p·θ) and the seeded
//     vectors evaluated entry by entry;
//   * no window = the whole axis bit for bit; invalid windows name the parameter and the value.
#include <gtest/gtest.h>

#include <functional>

#include "brute.h"
#include "phaselens/alibi.h"
#include "phaselens/attention.h"
#include "phaselens/heatmap.h"
#include "phaselens/rope.h"
#include "phaselens/t5_buckets.h"
#include "phaselens/t5_majority.h"
#include "phaselens/xpos.h"

namespace pc = phaselens::core;
namespace pt = phaselens::test;

namespace {

struct Win {
    int64_t first, count;
};

std::vector<pc::ToeplitzKernel> kernels() {
    const Eigen::VectorXd theta = pc::defaultInvFreq(16, 10000.0);
    pc::XposParams xp;
    xp.headDim = 16;
    pc::T5BucketParams t5;
    t5.numBuckets = 8;
    t5.maxDistance = 20;
    return {pc::ropeOnesKernel(theta, 1.3), pc::xposOnesKernel(xp), pc::alibiKernel(0.25), pc::alibiKernel(0.25, true),
            pc::t5Kernel(t5)};
}

std::vector<pc::MaskParams> masks() {
    return {{pc::MaskType::None, 0}, {pc::MaskType::Causal, 0}, {pc::MaskType::SlidingWindow, 9}};
}

// f(m − n) for m, n < n by direct evaluation.
Eigen::MatrixXd fullMatrix(const pc::ToeplitzKernel& k, int64_t n) {
    Eigen::MatrixXd m(n, n);
    for (int64_t i = 0; i < n; ++i)
        for (int64_t j = 0; j < n; ++j) m(i, j) = pc::evaluateKernel(k, i - j);
    return m;
}

// The expected window axes: one common step over both windows.
void expectAxes(const pc::SampledMatrix& s, Win r, Win c, int64_t px) {
    const int64_t step = (std::max(r.count, c.count) + px - 1) / px;
    EXPECT_EQ(s.rows.first, r.first);
    EXPECT_EQ(s.rows.count, r.count);
    EXPECT_EQ(s.cols.first, c.first);
    EXPECT_EQ(s.cols.count, c.count);
    EXPECT_EQ(s.rows.step, step);
    EXPECT_EQ(s.cols.step, step);
    EXPECT_EQ(s.rows.pixels, (r.count + step - 1) / step);
    EXPECT_EQ(s.cols.pixels, (c.count + step - 1) / step);
}

}  // namespace

TEST(WindowToeplitz, EveryReductionMaskAndSoftmaxAgainstFullMatrix) {
    const int64_t n = 90;
    const std::vector<std::pair<Win, Win>> windows = {{{0, 90}, {0, 90}}, {{10, 37}, {10, 37}}, {{40, 50}, {3, 17}},
                                                      {{0, 5}, {60, 30}}, {{89, 1}, {0, 90}},   {{33, 40}, {31, 40}},
                                                      {{7, 23}, {50, 29}}};
    for (const auto& kernel : kernels()) {
        const Eigen::MatrixXd full = fullMatrix(kernel, n);
        for (const auto& mask : masks()) {
            Eigen::MatrixXd masked = full;
            pt::maskFull(masked, mask);
            Eigen::MatrixXd soft = pc::rowSoftmax(masked);
            pt::maskFull(soft, mask);
            for (const auto& [rw, cw] : windows)
                for (int64_t px : {4, 7, 200})
                    for (auto red :
                         {pc::Reduction::Point, pc::Reduction::Mean, pc::Reduction::Min, pc::Reduction::Max}) {
                        SCOPED_TRACE(std::string(pc::toeplitzKindName(kernel.kind)) + " " + pt::maskLabel(mask) +
                                     " rows " + std::to_string(rw.first) + "+" + std::to_string(rw.count) + " cols " +
                                     std::to_string(cw.first) + "+" + std::to_string(cw.count) + " px " +
                                     std::to_string(px) + " " + pc::reductionName(red));
                        pc::MatrixSampleRequest req;
                        req.kernel = kernel;
                        req.n = n;
                        req.maxPixels = px;
                        req.reduction = red;
                        req.mask = mask;
                        req.rows = {rw.first, rw.count};
                        req.cols = {cw.first, cw.count};
                        req.alsoFloat64 = true;
                        req.threads = 2;
                        const auto s = pc::sampleToeplitzMatrix(req);
                        expectAxes(s, rw, cw, px);
                        pt::expectImage(s, pt::reduceBlocks(masked, s.rows, s.cols, red));
                        if (red == pc::Reduction::Point && kernel.kind != pc::ToeplitzKernel::T5Bucket) {
                            req.softmax = true;
                            const auto sm = pc::sampleToeplitzMatrix(req);
                            // Normalized over all n keys, not over the visible window.
                            pt::expectImage(sm, pt::reduceBlocks(soft, sm.rows, sm.cols, pc::Reduction::Point));
                        }
                    }
        }
    }
}

TEST(WindowToeplitz, NoWindowIsTheWholeAxisBitForBit) {
    for (const auto& kernel : kernels())
        for (auto red : {pc::Reduction::Point, pc::Reduction::Mean, pc::Reduction::Min, pc::Reduction::Max}) {
            pc::MatrixSampleRequest req;
            req.kernel = kernel;
            req.n = 5000;
            req.maxPixels = 64;
            req.reduction = red;
            req.mask = {pc::MaskType::Causal, 0};
            const auto a = pc::sampleToeplitzMatrix(req);
            req.rows = {0, 5000};
            req.cols = {0, 0};
            const auto b = pc::sampleToeplitzMatrix(req);
            EXPECT_TRUE((a.values.array() == b.values.array()).all());
            EXPECT_EQ(a.note, b.note);
            EXPECT_EQ(a.note.find("window"), std::string::npos) << a.note;
        }
}

// Windows at the start, middle and end of long contexts: Point pixels against f at the centres, Mean against the
// direct mean over the block's visible entries (small blocks), Min/Max likewise.
TEST(WindowToeplitz, StartMiddleEndOfLongContexts) {
    const Eigen::VectorXd theta = pc::defaultInvFreq(64, 500000.0);
    const pc::ToeplitzKernel k = pc::ropeOnesKernel(theta);
    for (int64_t n : {int64_t(1) << 20, int64_t(1) << 31})
        for (int64_t first : {int64_t(0), n / 2 - 150, n - 300})
            for (auto mask : {pc::MaskParams{pc::MaskType::None, 0}, pc::MaskParams{pc::MaskType::Causal, 0}})
                for (auto red : {pc::Reduction::Point, pc::Reduction::Mean, pc::Reduction::Min, pc::Reduction::Max}) {
                    SCOPED_TRACE("n " + std::to_string(n) + " first " + std::to_string(first) + " " +
                                 pt::maskLabel(mask) + " " + pc::reductionName(red));
                    pc::MatrixSampleRequest req;
                    req.kernel = k;
                    req.n = n;
                    req.maxPixels = 100;
                    req.reduction = red;
                    req.mask = mask;
                    req.rows = {first, 300};  // 3 positions per pixel
                    req.cols = {std::max<int64_t>(0, first - 40), 300};
                    req.alsoFloat64 = true;
                    const auto s = pc::sampleToeplitzMatrix(req);
                    ASSERT_EQ(s.rows.step, 3);
                    Eigen::MatrixXd want(s.rows.pixels, s.cols.pixels);
                    for (int64_t a = 0; a < s.rows.pixels; ++a)
                        for (int64_t b = 0; b < s.cols.pixels; ++b) {
                            double sum = 0, lo = INFINITY, hi = -INFINITY;
                            int cnt = 0;
                            for (int64_t u = s.rows.blockStart(a); u < s.rows.blockStart(a) + s.rows.blockLength(a);
                                 ++u)
                                for (int64_t v = s.cols.blockStart(b); v < s.cols.blockStart(b) + s.cols.blockLength(b);
                                     ++v) {
                                    if (!pc::isVisible(mask, u, v)) continue;
                                    const double f = pc::evaluateKernel(k, u - v);
                                    sum += f, ++cnt, lo = std::min(lo, f), hi = std::max(hi, f);
                                }
                            const int64_t mc = s.rows.blockCentre(a), nc = s.cols.blockCentre(b);
                            want(a, b) =
                                red == pc::Reduction::Point
                                    ? (pc::isVisible(mask, mc, nc) ? pc::evaluateKernel(k, mc - nc) : -INFINITY)
                                : cnt == 0                   ? -INFINITY
                                : red == pc::Reduction::Mean ? sum / cnt
                                : red == pc::Reduction::Min  ? lo
                                                             : hi;
                        }
                    pt::expectImage(s, want, 1e-9);
                }
}

TEST(WindowToeplitz, SoftmaxOfADeepWindowNormalizesOverAllKeys) {
    // n = 2^20, keys 0..n−1, causal: row m normalizes over keys 0..m. The window's rows are checked against a
    // direct logsumexp over every visible key.
    const pc::ToeplitzKernel k = pc::alibiKernel(0.001);
    const int64_t n = int64_t(1) << 20;
    pc::MatrixSampleRequest req;
    req.kernel = k;
    req.n = n;
    req.maxPixels = 64;
    req.mask = {pc::MaskType::Causal, 0};
    req.softmax = true;
    req.rows = {n - 64, 64};
    req.cols = {n - 100, 64};
    req.alsoFloat64 = true;
    const auto s = pc::sampleToeplitzMatrix(req);
    ASSERT_EQ(s.rows.step, 1);
    for (int64_t a : {int64_t(0), int64_t(31), int64_t(63)}) {
        const int64_t m = n - 64 + a;
        double mx = -INFINITY;
        for (int64_t j = 0; j <= m; ++j) mx = std::max(mx, pc::evaluateKernel(k, m - j));
        double sum = 0;
        for (int64_t j = 0; j <= m; ++j) sum += std::exp(pc::evaluateKernel(k, m - j) - mx);
        for (int64_t b = 0; b < 64; ++b) {
            const int64_t key = n - 100 + b;
            const double want = key <= m ? std::exp(pc::evaluateKernel(k, m - key) - mx) / sum : -INFINITY;
            EXPECT_TRUE(pt::close(s.valuesFloat64(a, b), want, 1e-9)) << a << "," << b;
        }
    }
}

TEST(WindowToeplitz, Validation) {
    pc::MatrixSampleRequest req;
    req.kernel = pc::alibiKernel(1.0);
    req.n = 100;
    auto message = [&] {
        try {
            pc::sampleToeplitzMatrix(req);
        } catch (const std::invalid_argument& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    req.rows = {100, 0};
    EXPECT_NE(message().find("rows_window.first"), std::string::npos) << message();
    req.rows = {-1, 0};
    EXPECT_NE(message().find("rows_window.first"), std::string::npos);
    req.rows = {50, 51};
    EXPECT_NE(message().find("rows_window.count"), std::string::npos);
    EXPECT_NE(message().find("51"), std::string::npos);
    req.rows = {50, 50};
    req.cols = {0, 101};
    EXPECT_NE(message().find("cols_window.count"), std::string::npos);
    req.cols = {99, 1};
    EXPECT_EQ(message(), "");
}

// Random q/k: windows against the full matrix built with ropeScores from the same vectors (small steps, so every
// reduction is exact), and Point pixels of windows deep in a 2^31 context against direct dot products.
TEST(WindowRandom, EveryReductionAgainstFullMatrix) {
    const Eigen::VectorXd theta = pc::defaultInvFreq(16, 10000.0);
    const int64_t n = 120;
    std::vector<int64_t> pos(n);
    for (int64_t i = 0; i < n; ++i) pos[static_cast<size_t>(i)] = i;
    const Eigen::VectorXd posd = Eigen::VectorXd::LinSpaced(n, 0.0, static_cast<double>(n - 1));
    const Eigen::MatrixXd Q = pc::randomPositionVectors(5, pc::VectorRole::Query, pos, 20);
    const Eigen::MatrixXd K = pc::randomPositionVectors(5, pc::VectorRole::Key, pos, 20);
    const Eigen::MatrixXd raw = pc::ropeScores(Q, K, posd, posd, theta, pc::Pairing::HalfSplit, 1.1, false);
    for (const auto& mask : masks()) {
        Eigen::MatrixXd full = raw;
        pt::maskFull(full, mask);
        for (const auto& [rw, cw] : std::vector<std::pair<Win, Win>>{
                 {{0, 120}, {0, 120}}, {{30, 41}, {20, 41}}, {{100, 20}, {0, 60}}, {{5, 9}, {70, 50}}})
            for (int64_t px : {15, 200})
                for (auto red : {pc::Reduction::Point, pc::Reduction::Mean, pc::Reduction::Min, pc::Reduction::Max}) {
                    SCOPED_TRACE(pt::maskLabel(mask) + " rows " + std::to_string(rw.first) + " cols " +
                                 std::to_string(cw.first) + " px " + std::to_string(px) + " " + pc::reductionName(red));
                    pc::RandomScoresRequest req;
                    req.theta = theta;
                    req.headDim = 20;
                    req.attentionFactor = 1.1;
                    req.seed = 5;
                    req.n = n;
                    req.maxPixels = px;
                    req.reduction = red;
                    req.mask = mask;
                    req.rows = {rw.first, rw.count};
                    req.cols = {cw.first, cw.count};
                    req.alsoFloat64 = true;
                    req.threads = 2;
                    const auto s = pc::sampleRandomScores(req);
                    expectAxes(s, rw, cw, px);
                    EXPECT_TRUE(s.exact) << s.note;  // steps <= 8: the grids cover every position
                    pt::expectImage(s, pt::reduceBlocks(full, s.rows, s.cols, red), 1e-9);
                }
    }
}

TEST(WindowRandom, DeepWindowsOfLongContexts) {
    const Eigen::VectorXd theta = pc::defaultInvFreq(32, 10000.0);
    for (int64_t n : {int64_t(1) << 20, int64_t(1) << 31})
        for (int64_t first : {int64_t(0), n / 2 - 50, n - 100})
            for (auto red : {pc::Reduction::Point, pc::Reduction::Mean, pc::Reduction::Max}) {
                SCOPED_TRACE("n " + std::to_string(n) + " first " + std::to_string(first) + " " +
                             pc::reductionName(red));
                pc::RandomScoresRequest req;
                req.theta = theta;
                req.headDim = 32;
                req.seed = 9;
                req.n = n;
                req.maxPixels = 50;
                req.reduction = red;
                req.mask = {pc::MaskType::Causal, 0};
                req.rows = {first, 100};  // 2 positions per pixel
                req.cols = {first, 100};
                req.alsoFloat64 = true;
                const auto s = pc::sampleRandomScores(req);
                std::vector<int64_t> p(100);
                for (int64_t i = 0; i < 100; ++i) p[static_cast<size_t>(i)] = first + i;
                Eigen::VectorXd pd(100);
                for (int64_t i = 0; i < 100; ++i) pd[i] = static_cast<double>(first + i);
                const Eigen::MatrixXd q = pc::randomPositionVectors(9, pc::VectorRole::Query, p, 32);
                const Eigen::MatrixXd kk = pc::randomPositionVectors(9, pc::VectorRole::Key, p, 32);
                Eigen::MatrixXd local = pc::ropeScores(q, kk, pd, pd, theta, pc::Pairing::HalfSplit, 1.0, false);
                for (int64_t i = 0; i < 100; ++i)
                    for (int64_t j = i + 1; j < 100; ++j) local(i, j) = pt::kNegInf;  // causal inside the window
                pc::AxisSampling ax = s.rows;
                ax.first = 0;  // local indices
                // Block means anchor the rotation every 256 positions (heatmap.h); near 2^30 both sides carry the
                // rounding of p·θ (|p|·θ·2^-53 rad), as the ladder does.
                pt::expectImage(s, pt::reduceBlocks(local, ax, ax, red), n > (int64_t(1) << 20) ? 1e-6 : 1e-9);
            }
}

// Ladders: a window of positions, checked against cos / sin / angle at every position of each block.
TEST(WindowLadder, EveryQuantityAndReductionAtStartMiddleEnd) {
    const Eigen::VectorXd theta = pc::defaultInvFreq(32, 10000.0);
    for (int64_t n : {int64_t(1) << 20, int64_t(1) << 31})
        for (int64_t first : {int64_t(0), n / 2 - 500, n - 1000})
            for (auto q : {pc::LadderRequest::Sin, pc::LadderRequest::Cos, pc::LadderRequest::AngleRaw})
                for (auto red : {pc::Reduction::Point, pc::Reduction::Mean, pc::Reduction::Min, pc::Reduction::Max}) {
                    SCOPED_TRACE("n " + std::to_string(n) + " first " + std::to_string(first) + " " +
                                 pc::ladderQuantityName(q) + " " + pc::reductionName(red));
                    pc::LadderRequest req;
                    req.theta = theta;
                    req.quantity = q;
                    req.positions = n;
                    req.maxPixels = 250;  // 4 positions per pixel
                    req.reduction = red;
                    req.window = {first, 1000};
                    req.alsoFloat64 = true;
                    const auto s = pc::sampleLadder(req);
                    ASSERT_EQ(s.cols.first, first);
                    ASSERT_EQ(s.cols.step, 4);
                    Eigen::MatrixXd want(theta.size(), s.cols.pixels);
                    for (Eigen::Index i = 0; i < theta.size(); ++i)
                        for (int64_t b = 0; b < s.cols.pixels; ++b) {
                            auto at = [&](int64_t p) {
                                const double ang = static_cast<double>(p) * theta[i];
                                return q == pc::LadderRequest::Sin   ? std::sin(ang)
                                       : q == pc::LadderRequest::Cos ? std::cos(ang)
                                                                     : ang;
                            };
                            double sum = 0, lo = INFINITY, hi = -INFINITY;
                            for (int64_t p = s.cols.blockStart(b); p < s.cols.blockStart(b) + s.cols.blockLength(b);
                                 ++p)
                                sum += at(p), lo = std::min(lo, at(p)), hi = std::max(hi, at(p));
                            want(i, b) = red == pc::Reduction::Point  ? at(s.cols.blockCentre(b))
                                         : red == pc::Reduction::Mean ? sum / static_cast<double>(s.cols.step)
                                         : red == pc::Reduction::Min  ? lo
                                                                      : hi;
                        }
                    // Angles near 2^31·θ carry the rounding of p·θ (|p|·θ·2^-53) in both computations.
                    pt::expectImage(s, want, n > (int64_t(1) << 20) ? 1e-6 : 1e-9);
                }
}

TEST(WindowLadder, OneColumnPerPositionAndValidation) {
    pc::LadderRequest req;
    req.theta = pc::defaultInvFreq(8, 10000.0);
    req.positions = 32768;
    req.window = {1000, 101};
    req.alsoFloat64 = true;
    const auto s = pc::sampleLadder(req);
    ASSERT_EQ(s.valuesFloat64.cols(), 101);
    for (Eigen::Index i = 0; i < 4; ++i)
        for (int64_t c = 0; c < 101; ++c)
            EXPECT_EQ(s.valuesFloat64(i, c), std::cos(static_cast<double>(1000 + c) * req.theta[i]));
    EXPECT_NE(s.note.find("positions 1000..1100 of 32768"), std::string::npos) << s.note;
    req.window = {32768, 0};
    EXPECT_THROW(pc::sampleLadder(req), std::invalid_argument);
    req.window = {0, 32769};
    EXPECT_THROW(pc::sampleLadder(req), std::invalid_argument);
    req.window = {0, 0};
    req.maxPixels = 512;
    const auto whole = pc::sampleLadder(req);
    req.window = {0, 32768};
    const auto same = pc::sampleLadder(req);
    EXPECT_TRUE((whole.values.array() == same.values.array()).all());
    EXPECT_EQ(whole.note, same.note);
}

// Kernel curves take the window as their offset range: a deep window, every offset, against direct evaluation.
TEST(WindowKernelCurve, DeepOffsetRangeEveryOffset) {
    const pc::ToeplitzKernel k = pc::ropeOnesKernel(pc::defaultInvFreq(128, 500000.0));
    const int64_t first = (int64_t(1) << 31) - 101, last = (int64_t(1) << 31) - 1;
    for (auto red : {pc::Reduction::Point, pc::Reduction::Mean, pc::Reduction::Min, pc::Reduction::Max}) {
        const auto c = pc::sampleKernelCurve(k, first, last, 2048, red);
        ASSERT_EQ(c.y.size(), 101);
        for (int64_t j = 0; j < 101; ++j) {
            EXPECT_EQ(c.x[j], static_cast<double>(first + j));
            EXPECT_NEAR(c.y[j], pc::evaluateKernel(k, first + j), 1e-9);
        }
    }
}

// T5 bucket ids through a window: the block majority (ties to the smaller id) over the window's blocks, by counting.
TEST(WindowT5Majority, BlockMajorityOverTheWindowsBlocks) {
    pc::T5BucketParams t5;
    t5.numBuckets = 16;
    t5.maxDistance = 40;
    for (bool bidirectional : {true, false}) {
        t5.bidirectional = bidirectional;
        const auto s = pc::sampleT5Majority(t5, 300, 30, {100, 60}, {150, 90});
        ASSERT_EQ(s.rows.first, 100);
        ASSERT_EQ(s.cols.first, 150);
        ASSERT_EQ(s.rows.step, 3);
        ASSERT_EQ(s.values.rows(), 20);
        ASSERT_EQ(s.values.cols(), 30);
        for (int64_t a = 0; a < s.rows.pixels; ++a)
            for (int64_t b = 0; b < s.cols.pixels; ++b) {
                std::vector<int> count(16, 0);
                for (int64_t i = s.rows.blockStart(a); i < s.rows.blockStart(a) + s.rows.blockLength(a); ++i)
                    for (int64_t j = s.cols.blockStart(b); j < s.cols.blockStart(b) + s.cols.blockLength(b); ++j)
                        ++count[static_cast<size_t>(pc::t5Bucket(t5, j - i))];
                const int best = static_cast<int>(std::max_element(count.begin(), count.end()) - count.begin());
                EXPECT_EQ(s.values(a, b), static_cast<float>(best)) << a << ", " << b;
            }
    }
}
