// sampleToeplitzMatrix against brute-force full matrices built with the core functions, every reduction,
// mask and kernel kind; plus spot checks at N = 2^20 + 37 against independent formulas.
#include <gtest/gtest.h>

#include <functional>

#include "brute.h"
#include "phaselens/alibi.h"
#include "phaselens/attention.h"
#include "phaselens/heatmap.h"
#include "phaselens/rope.h"
#include "phaselens/t5_buckets.h"
#include "phaselens/xpos.h"

namespace pc = phaselens::core;
namespace pt = phaselens::test;

namespace {

struct KernelCase {
    std::string name;
    pc::ToeplitzKernel kernel;
    std::function<Eigen::MatrixXd(int64_t)> full;  // n × n, f(m − n), no mask
};

Eigen::VectorXd tokenVector() {
    Eigen::VectorXd v(20);
    for (int c = 0; c < 20; ++c) v[c] = std::cos(0.9 * c + 0.4) + 0.1 * c;
    return v;
}

pc::ToeplitzKernel customCosine() {
    pc::ToeplitzKernel k;
    k.theta = Eigen::Vector4d(0.0, 0.05, 2.0, 4.0);  // constant term, slow pair, two above 2π/3 and π
    k.weight = Eigen::Vector4d(0.5, -1.0, 2.0, 0.7);
    k.logDecay = Eigen::Vector4d(-0.002, 0.001, 0.0, -0.003);
    k.scale = 0.5;
    return k;
}

std::vector<KernelCase> kernelCases() {
    std::vector<KernelCase> cases;
    const Eigen::VectorXd theta = pc::defaultInvFreq(16, 10000.0);
    cases.push_back({"rope_ones_af1_3", pc::ropeOnesKernel(theta, 1.3), [theta](int64_t n) {
                         return pc::kernelMatrix(theta, Eigen::VectorXd::Constant(8, 2.0 * 1.69), n);
                     }});
    cases.push_back({"token_repeated_interleaved",
                     pc::ropeRepeatedTokenKernel(theta, tokenVector(), pc::Pairing::Interleaved, 1.1),
                     [theta](int64_t n) {
                         const Eigen::MatrixXd V = tokenVector().transpose().replicate(n, 1);
                         const Eigen::VectorXd pos = Eigen::VectorXd::LinSpaced(n, 0.0, static_cast<double>(n - 1));
                         return pc::ropeScores(V, V, pos, pos, theta, pc::Pairing::Interleaved, 1.1);
                     }});
    pc::XposParams xp;
    xp.headDim = 16;
    cases.push_back({"xpos_d16", pc::xposOnesKernel(xp), [xp](int64_t n) {
                         const Eigen::MatrixXd ones = Eigen::MatrixXd::Ones(n, 16);
                         return pc::xposScores(xp, ones, ones);
                     }});
    cases.push_back({"cosine_decay_custom", customCosine(), [](int64_t n) {
                         const pc::ToeplitzKernel k = customCosine();
                         Eigen::MatrixXd m(n, n);
                         for (int64_t i = 0; i < n; ++i)
                             for (int64_t j = 0; j < n; ++j) {
                                 const double d = static_cast<double>(i - j);
                                 double s = 0;
                                 for (int p = 0; p < 4; ++p)
                                     s += k.weight[p] * std::exp(d * k.logDecay[p]) * std::cos(d * k.theta[p]);
                                 m(i, j) = k.scale * s;
                             }
                         return m;
                     }});
    cases.push_back({"alibi_linear", pc::alibiKernel(0.25), [](int64_t n) { return pc::alibiBias(0.25, n); }});
    cases.push_back({"alibi_symmetric", pc::alibiKernel(0.5, true),
                     [](int64_t n) { return pc::alibiBias(0.5, n, pc::AlibiForm::Symmetric); }});
    pc::T5BucketParams bi;
    cases.push_back({"t5_bidirectional_32_128", pc::t5Kernel(bi),
                     [bi](int64_t n) { return Eigen::MatrixXd(pc::t5BucketMatrix(bi, n, n).cast<double>()); }});
    pc::T5BucketParams uni;
    uni.numBuckets = 16;
    uni.maxDistance = 20;
    uni.bidirectional = false;
    auto t5u = pc::t5Kernel(uni);
    t5u.scale = -0.75;
    cases.push_back({"t5_unidirectional_16_20_scaled", t5u, [uni](int64_t n) {
                         return Eigen::MatrixXd(-0.75 * pc::t5BucketMatrix(uni, n, n).cast<double>());
                     }});
    return cases;
}

std::vector<pc::MaskParams> masks() {
    return {{pc::MaskType::None, 0},
            {pc::MaskType::Causal, 0},
            {pc::MaskType::SlidingWindow, 5},
            {pc::MaskType::SlidingWindow, 150}};
}

class ToeplitzBrute : public ::testing::TestWithParam<int> {};

TEST_P(ToeplitzBrute, EveryReductionMaskAndSize) {
    const KernelCase kc = kernelCases()[static_cast<size_t>(GetParam())];
    SCOPED_TRACE(kc.name);
    for (int64_t n : {1, 2, 7, 64, 100, 1000}) {
        const Eigen::MatrixXd full = kc.full(n);
        for (const auto& mask : masks()) {
            Eigen::MatrixXd masked = full;
            pt::maskFull(masked, mask);
            Eigen::MatrixXd soft = pc::rowSoftmax(masked);
            pt::maskFull(soft, mask);
            for (int64_t px : {3, 16, 33, 2000}) {
                const pc::AxisSampling ax = pc::axisSampling(n, px);
                for (auto red : {pc::Reduction::Point, pc::Reduction::Mean, pc::Reduction::Min, pc::Reduction::Max}) {
                    SCOPED_TRACE("n " + std::to_string(n) + " mask " + pt::maskLabel(mask) + " px " +
                                 std::to_string(px) + " " + pc::reductionName(red));
                    pc::MatrixSampleRequest req;
                    req.kernel = kc.kernel;
                    req.n = n;
                    req.maxPixels = px;
                    req.reduction = red;
                    req.mask = mask;
                    req.alsoFloat64 = true;
                    req.threads = 2;
                    const auto s = pc::sampleToeplitzMatrix(req);
                    EXPECT_EQ(s.rows.step, ax.step);
                    EXPECT_EQ(s.cols.pixels, ax.pixels);
                    EXPECT_TRUE(s.exact);
                    pt::expectImage(s, pt::reduceBlocks(masked, ax, ax, red));
                    if (red == pc::Reduction::Point || red == pc::Reduction::Mean) {
                        req.softmax = true;
                        const auto sm = pc::sampleToeplitzMatrix(req);
                        pt::expectImage(sm, pt::reduceBlocks(soft, ax, ax, pc::Reduction::Point), 1e-9);
                        EXPECT_NE(sm.note.find("softmax"), std::string::npos);
                        if (red == pc::Reduction::Mean) {
                            EXPECT_NE(sm.note.find("not available"), std::string::npos) << sm.note;
                        }
                    }
                }
            }
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Kernels, ToeplitzBrute, ::testing::Range(0, static_cast<int>(kernelCases().size())),
                         [](const ::testing::TestParamInfo<int>& p) {
                             return kernelCases()[static_cast<size_t>(p.param)].name;
                         });

TEST(ToeplitzSampler, NotesAndValidation) {
    pc::MatrixSampleRequest req;
    req.kernel = pc::ropeOnesKernel(pc::defaultInvFreq(8, 10000.0));
    req.n = 1000;
    req.maxPixels = 33;
    req.reduction = pc::Reduction::Mean;
    auto s = pc::sampleToeplitzMatrix(req);
    EXPECT_NE(s.note.find("mean"), std::string::npos);
    EXPECT_NE(s.note.find("31x31"), std::string::npos) << s.note;
    EXPECT_NE(s.note.find("last block 8"), std::string::npos) << s.note;
    EXPECT_EQ(s.valuesFloat64.size(), 0);
    req.n = 0;
    EXPECT_THROW(pc::sampleToeplitzMatrix(req), std::invalid_argument);
    req.n = (int64_t(1) << 31) + 1;
    EXPECT_THROW(pc::sampleToeplitzMatrix(req), std::invalid_argument);
    req.n = 10;
    req.maxPixels = 0;
    EXPECT_THROW(pc::sampleToeplitzMatrix(req), std::invalid_argument);
    req.maxPixels = 10;
    req.mask = {pc::MaskType::SlidingWindow, 0};
    try {
        pc::sampleToeplitzMatrix(req);
        ADD_FAILURE();
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("window"), std::string::npos);
    }
}

// An overflowing kernel (e^{|Δ|} for Δ < 0 is +-inf in float64) no longer blanks the softmax (issue 17): its logits
// are clamped to +-2^30 and the note says so; rows still sum to 1 (to the 2^-22 resolution of L_m at 2^30).
TEST(ToeplitzSampler, SoftmaxClampsOverflowingKernel) {
    pc::ToeplitzKernel k;
    k.theta = Eigen::Vector2d(0.1, 0.2);
    k.weight = Eigen::Vector2d(1.0, 1.0);
    k.logDecay = Eigen::Vector2d(-1.0, -1.0);
    pc::MatrixSampleRequest req;
    req.kernel = k;
    req.n = 5000;
    req.maxPixels = 5000;
    req.softmax = true;
    req.alsoFloat64 = true;
    const pc::SampledMatrix s = pc::sampleToeplitzMatrix(req);
    EXPECT_NE(s.note.find("clamped"), std::string::npos) << s.note;
    for (Eigen::Index a : {0, 2500, 4999}) EXPECT_NEAR(s.valuesFloat64.row(a).sum(), 1.0, 0x1p-22) << a;
    req.mask = {pc::MaskType::Causal, 0};  // only decaying offsets visible: nothing clamped
    const pc::SampledMatrix c = pc::sampleToeplitzMatrix(req);
    EXPECT_EQ(c.note.find("clamped"), std::string::npos) << c.note;
}

TEST(ToeplitzSampler, ThreadCountDoesNotChangeBits) {
    for (auto red : {pc::Reduction::Point, pc::Reduction::Mean, pc::Reduction::Max}) {
        pc::MatrixSampleRequest req;
        req.kernel = pc::ropeOnesKernel(pc::defaultInvFreq(64, 10000.0));
        req.n = 300007;
        req.maxPixels = 200;
        req.reduction = red;
        req.mask = {pc::MaskType::SlidingWindow, 70000};
        req.softmax = red == pc::Reduction::Point;
        req.threads = 1;
        const auto a = pc::sampleToeplitzMatrix(req);
        req.threads = 5;
        const auto b = pc::sampleToeplitzMatrix(req);
        EXPECT_TRUE((a.values.array() == b.values.array()).all());
    }
}

// N = 2^20 + 37 (partial last block), d = 128: spot checks against formulas independent of the sampler.
class ToeplitzLarge : public ::testing::Test {
  protected:
    const int64_t n = (int64_t(1) << 20) + 37;
    const Eigen::VectorXd theta = pc::defaultInvFreq(128, 10000.0);
    const Eigen::VectorXd w = Eigen::VectorXd::Constant(64, 2.0);
    const pc::AxisSampling ax = pc::axisSampling(n, 1000);  // step 1049, last block 662
    pc::MatrixSampleRequest request(pc::Reduction red, pc::MaskParams mask, bool softmax = false) const {
        pc::MatrixSampleRequest r;
        r.kernel = pc::ropeOnesKernel(theta);
        r.n = n;
        r.maxPixels = 1000;
        r.reduction = red;
        r.mask = mask;
        r.softmax = softmax;
        r.alsoFloat64 = true;
        return r;
    }
    double f(int64_t d) const {
        Eigen::VectorXd dd(1);
        dd[0] = static_cast<double>(d);
        return pc::kernelWeighted(theta, w, dd)[0];
    }
    // Block mean from the triangular weights, with visibility.
    double blockMean(int64_t a, int64_t b, const pc::MaskParams& mask) const {
        const int64_t d0 = ax.blockStart(a) - ax.blockStart(b), bu = ax.blockLength(a), bv = ax.blockLength(b);
        const Eigen::VectorXd vals = pc::kernelSumCosRange(theta, w, d0 - (bv - 1), bu + bv - 1, 1);
        double s = 0, c = 0;
        for (int64_t t = -(bv - 1); t <= bu - 1; ++t) {
            const int64_t m = std::min(bu, bv + t) - std::max<int64_t>(0, t);
            if (!pc::isVisible(mask, d0 + t, 0)) continue;
            s += static_cast<double>(m) * vals[t + bv - 1];
            c += static_cast<double>(m);
        }
        return c > 0 ? s / c : pt::kNegInf;
    }
};

TEST_F(ToeplitzLarge, PointMeanMaxSoftmax) {
    ASSERT_EQ(ax.step, 1049);
    ASSERT_EQ(ax.blockLength(ax.pixels - 1), 662);
    const std::vector<std::pair<int64_t, int64_t>> spots = {{0, 0},     {5, 3},     {3, 5},     {999, 0},  {0, 999},
                                                            {999, 999}, {500, 498}, {998, 999}, {999, 998}};
    const pc::MaskParams none{pc::MaskType::None, 0}, causal{pc::MaskType::Causal, 0};
    const pc::MaskParams sliding{pc::MaskType::SlidingWindow, 3000};
    for (const auto& mask : {none, causal, sliding}) {
        SCOPED_TRACE(pt::maskLabel(mask));
        const auto p = pc::sampleToeplitzMatrix(request(pc::Reduction::Point, mask));
        const auto m = pc::sampleToeplitzMatrix(request(pc::Reduction::Mean, mask));
        const auto mx = pc::sampleToeplitzMatrix(request(pc::Reduction::Max, mask));
        for (const auto& ab : spots) {
            const int64_t a = ab.first, b = ab.second;
            const int64_t dc = ax.blockCentre(a) - ax.blockCentre(b);
            const double want = pc::isVisible(mask, dc, 0) ? f(dc) : pt::kNegInf;
            EXPECT_TRUE(pt::close(p.valuesFloat64(a, b), want, 1e-10)) << a << "," << b;
            EXPECT_TRUE(pt::close(m.valuesFloat64(a, b), blockMean(a, b, mask), 1e-10)) << a << "," << b;
            // Max over the visible offsets of the block.
            const int64_t d0 = ax.blockStart(a) - ax.blockStart(b);
            const int64_t lo = d0 - (ax.blockLength(b) - 1), hi = d0 + ax.blockLength(a) - 1;
            const Eigen::VectorXd vals = pc::kernelSumCosRange(theta, w, lo, hi - lo + 1, 1);
            double best = pt::kNegInf;
            for (int64_t d = lo; d <= hi; ++d)
                if (pc::isVisible(mask, d, 0)) best = std::max(best, vals[d - lo]);
            EXPECT_TRUE(pt::close(mx.valuesFloat64(a, b), best, 1e-9)) << a << "," << b;
        }
    }
    // Softmax rows: L_m from every visible key.
    for (const auto& mask : {none, causal}) {
        const auto s = pc::sampleToeplitzMatrix(request(pc::Reduction::Point, mask, true));
        for (int64_t a : {0, 417, 999}) {
            const int64_t mrow = ax.blockCentre(a);
            const Eigen::VectorXd vals = pc::kernelSumCosRange(theta, w, mrow - (n - 1), n, 2);
            double mxv = pt::kNegInf;
            for (int64_t j = 0; j < n; ++j)
                if (pc::isVisible(mask, mrow - (n - 1) + j, 0)) mxv = std::max(mxv, vals[j]);
            double sum = 0;
            for (int64_t j = 0; j < n; ++j)
                if (pc::isVisible(mask, mrow - (n - 1) + j, 0)) sum += std::exp(vals[j] - mxv);
            const double L = mxv + std::log(sum);
            for (int64_t b : {int64_t(0), a, int64_t(999)}) {
                const int64_t dc = mrow - ax.blockCentre(b);
                const double want = pc::isVisible(mask, dc, 0) ? std::exp(f(dc) - L) : pt::kNegInf;
                EXPECT_TRUE(pt::close(s.valuesFloat64(a, b), want, 1e-9)) << a << "," << b;
            }
        }
    }
}

TEST(ToeplitzSampler, LargestContext) {
    // n = 2^31 at 1024 px (step 2^21): Point and Mean cost O(classes) plus O(step) per mask-edge class.
    const int64_t n = int64_t(1) << 31;
    const Eigen::VectorXd theta = pc::defaultInvFreq(64, 500000.0);
    const Eigen::VectorXd w = Eigen::VectorXd::Constant(32, 2.0);
    const pc::AxisSampling ax = pc::axisSampling(n, 1024);
    ASSERT_EQ(ax.step, int64_t(1) << 21);
    pc::MatrixSampleRequest req;
    req.kernel = pc::ropeOnesKernel(theta);
    req.n = n;
    req.mask = {pc::MaskType::Causal, 0};
    req.alsoFloat64 = true;
    const auto p = pc::sampleToeplitzMatrix(req);
    req.reduction = pc::Reduction::Mean;
    const auto m = pc::sampleToeplitzMatrix(req);
    for (int64_t a : {0, 1, 700, 1023})
        for (int64_t b : {0, 1, 700, 1023}) {
            const int64_t dc = ax.blockCentre(a) - ax.blockCentre(b);
            Eigen::VectorXd dd(1);
            dd[0] = static_cast<double>(dc);
            const double want = dc >= 0 ? pc::kernelWeighted(theta, w, dd)[0] : pt::kNegInf;
            // |Δ|·θ rounding at |Δ| ~ 2^31 (see HeatmapKernel.RangeMatchesDirect).
            EXPECT_TRUE(
                pt::close(p.valuesFloat64(a, b), want, 1e-10 + 64 * 2.2e-16 * std::abs(static_cast<double>(dc))))
                << a << "," << b;
            if (a < b) {
                EXPECT_EQ(m.valuesFloat64(a, b), pt::kNegInf);
            }
        }
    // Diagonal block under the causal mask: Σ_{t>=0} (B − t)·f(t) / (B(B+1)/2).
    const int64_t B = ax.step;
    const Eigen::VectorXd f = pc::kernelSumCosRange(theta, w, 0, B, 2);
    double s = 0;
    for (int64_t t = 0; t < B; ++t) s += static_cast<double>(B - t) * f[t];
    const double want = s / (static_cast<double>(B) * static_cast<double>(B + 1) / 2);
    for (int64_t a : {0, 512, 1023}) EXPECT_NEAR(m.valuesFloat64(a, a), want, 1e-9 * std::max(1.0, std::abs(want)));
    // A fully visible off-diagonal block: Fejér closed form against the triangular sum.
    const Eigen::VectorXd g = pc::kernelSumCosRange(theta, w, 3 * B - (B - 1), 2 * B - 1, 2);
    double s2 = 0;
    for (int64_t t = -(B - 1); t <= B - 1; ++t) s2 += static_cast<double>(B - std::abs(t)) * g[t + B - 1];
    const double want2 = s2 / (static_cast<double>(B) * static_cast<double>(B));
    EXPECT_NEAR(m.valuesFloat64(703, 700), want2, 1e-9 * std::max(1.0, std::abs(want2)));
}

TEST(ToeplitzSampler, EvenKernels) {
    EXPECT_TRUE(pc::kernelIsEven(pc::ropeOnesKernel(pc::defaultInvFreq(8, 10000.0))));
    EXPECT_TRUE(pc::kernelIsEven(pc::alibiKernel(0.5, true)));
    EXPECT_FALSE(pc::kernelIsEven(pc::alibiKernel(0.5)));
    EXPECT_FALSE(pc::kernelIsEven(pc::t5Kernel({})));
    pc::XposParams xp;
    EXPECT_FALSE(pc::kernelIsEven(pc::xposOnesKernel(xp)));
}

}  // namespace
