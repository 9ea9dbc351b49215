// Axis sampling, names, validation and kernel evaluation against the core reference functions.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "brute.h"
#include "phaselens/alibi.h"
#include "phaselens/heatmap.h"
#include "phaselens/rope.h"
#include "phaselens/t5_buckets.h"
#include "phaselens/xpos.h"

namespace pc = phaselens::core;

namespace {

template <class F>
void expectThrowMentioning(F&& f, const std::string& word) {
    try {
        f();
        ADD_FAILURE() << "expected std::invalid_argument mentioning '" << word << "'";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find(word), std::string::npos) << e.what();
    }
}

}  // namespace

TEST(HeatmapAxis, StepPixelsAndBlocks) {
    auto a = pc::axisSampling(7, 3);
    EXPECT_EQ(a.step, 3);
    EXPECT_EQ(a.pixels, 3);
    EXPECT_EQ(a.blockLength(2), 1);
    EXPECT_EQ(a.blockCentre(0), 1);
    EXPECT_EQ(a.blockCentre(2), 6);
    a = pc::axisSampling(1000, 33);  // step 31, last block 8
    EXPECT_EQ(a.step, 31);
    EXPECT_EQ(a.pixels, 33);
    EXPECT_EQ(a.blockLength(32), 8);
    EXPECT_EQ(a.blockCentre(32), 32 * 31 + 3);
    a = pc::axisSampling(64, 2000);
    EXPECT_EQ(a.step, 1);
    EXPECT_EQ(a.pixels, 64);
    a = pc::axisSampling(int64_t(1) << 20, 1024);
    EXPECT_EQ(a.step, 1024);
    EXPECT_EQ(a.pixels, 1024);
    a = pc::axisSampling(int64_t(1) << 31, 16384);
    EXPECT_EQ(a.step, 131072);
    // Every axis: blocks tile [0, count) and pixels <= maxPixels.
    for (int64_t n : {1, 2, 7, 100, 1000, 4097})
        for (int64_t px : {1, 2, 3, 16, 33, 5000}) {
            a = pc::axisSampling(n, px);
            EXPECT_LE(a.pixels, px);
            int64_t covered = 0;
            for (int64_t k = 0; k < a.pixels; ++k) {
                EXPECT_EQ(a.blockStart(k), covered);
                EXPECT_GE(a.blockLength(k), 1);
                covered += a.blockLength(k);
            }
            EXPECT_EQ(covered, n);
        }
}

TEST(HeatmapAxis, Validation) {
    expectThrowMentioning([] { pc::axisSampling(0, 10); }, "count");
    expectThrowMentioning([] { pc::axisSampling((int64_t(1) << 31) + 1, 10); }, "count");
    expectThrowMentioning([] { pc::axisSampling(10, 0); }, "max_pixels");
    expectThrowMentioning([] { pc::axisSampling(10, 16385); }, "max_pixels");
}

TEST(HeatmapNames, RoundTrip) {
    for (auto r : {pc::Reduction::Point, pc::Reduction::Mean, pc::Reduction::Min, pc::Reduction::Max})
        EXPECT_EQ(pc::reductionFromName(pc::reductionName(r)), r);
    expectThrowMentioning([] { pc::reductionFromName("avg"); }, "point, mean, min, max");
    for (auto q :
         {pc::LadderRequest::Sin, pc::LadderRequest::Cos, pc::LadderRequest::AngleRaw, pc::LadderRequest::AngleWrapped})
        EXPECT_EQ(pc::ladderQuantityFromName(pc::ladderQuantityName(q)), q);
    expectThrowMentioning([] { pc::ladderQuantityFromName("tan"); }, "angle-wrapped");
    EXPECT_STREQ(pc::toeplitzKindName(pc::ToeplitzKernel::T5Bucket), "t5-bucket");
}

TEST(HeatmapKernel, Validation) {
    pc::ToeplitzKernel k;
    expectThrowMentioning([&] { pc::validate(k); }, "theta");
    k.theta = Eigen::VectorXd::Ones(3);
    k.weight = Eigen::VectorXd::Ones(2);
    expectThrowMentioning([&] { pc::validate(k); }, "weight");
    k.weight = Eigen::VectorXd::Ones(3);
    k.logDecay = Eigen::VectorXd::Zero(2);
    expectThrowMentioning([&] { pc::validate(k); }, "log_decay");
    k.logDecay = Eigen::VectorXd::Constant(3, 1.5);
    expectThrowMentioning([&] { pc::validate(k); }, "log_decay");
    k.logDecay.resize(0);
    k.theta[1] = std::nan("");
    expectThrowMentioning([&] { pc::validate(k); }, "theta");
    k.theta[1] = 1.0;
    k.scale = INFINITY;
    expectThrowMentioning([&] { pc::validate(k); }, "scale");
    expectThrowMentioning([] { pc::alibiKernel(std::nan("")); }, "slope");
    pc::T5BucketParams t5;
    t5.numBuckets = 3;
    expectThrowMentioning([&] { pc::t5Kernel(t5); }, "num_buckets");
    const auto ok = pc::ropeOnesKernel(pc::defaultInvFreq(8, 10000.0));
    expectThrowMentioning([&] { pc::evaluateKernel(ok, (int64_t(1) << 32) + 1); }, "delta");
    expectThrowMentioning([&] { pc::evaluateKernelRange(ok, 0, -1); }, "count");
    expectThrowMentioning([&] { pc::evaluateKernelRange(ok, int64_t(1) << 32, 2); }, "last offset");
    expectThrowMentioning(
        [&] {
            pc::ropeRepeatedTokenKernel(pc::defaultInvFreq(8, 10000.0), Eigen::VectorXd::Ones(6),
                                        pc::Pairing::HalfSplit);
        },
        "rotary_dim");
}

TEST(HeatmapKernel, BuildersMatchCore) {
    const Eigen::VectorXd theta = pc::defaultInvFreq(16, 10000.0);
    std::vector<int64_t> deltas;
    for (int64_t d = -1500; d <= 1500; d += 37) deltas.push_back(d);
    deltas.push_back(1000000);
    deltas.push_back(-2147483647);
    Eigen::VectorXd dd(static_cast<Eigen::Index>(deltas.size()));
    for (size_t j = 0; j < deltas.size(); ++j) dd[static_cast<Eigen::Index>(j)] = static_cast<double>(deltas[j]);

    // RoPE all-ones: 2·af²·Σ cos.
    const Eigen::VectorXd rope = pc::evaluateKernel(pc::ropeOnesKernel(theta, 1.3), deltas);
    const Eigen::VectorXd ref = 2.0 * 1.69 * pc::kernelSumCos(theta, dd);
    EXPECT_LT((rope - ref).cwiseAbs().maxCoeff(), 1e-11);

    // Token repeated, with pass-through channels: (R_m v)·(R_n v) from core rotate.
    Eigen::VectorXd v(20);
    for (int c = 0; c < 20; ++c) v[c] = std::sin(1.7 * c + 0.3);
    for (auto pairing : {pc::Pairing::HalfSplit, pc::Pairing::Interleaved}) {
        const auto k = pc::ropeRepeatedTokenKernel(theta, v, pairing, 0.9);
        for (int64_t m : {0, 5, 700})
            for (int64_t n : {0, 3, 650, 1999}) {
                const double want = pc::rotate(v, static_cast<double>(m), theta, pairing, 0.9)
                                        .dot(pc::rotate(v, static_cast<double>(n), theta, pairing, 0.9));
                EXPECT_NEAR(pc::evaluateKernel(k, m - n), want, 1e-11);
            }
    }

    // xPos: xposKernelOnes.
    pc::XposParams xp;
    xp.headDim = 16;
    std::vector<int64_t> small;
    for (int64_t d = -1500; d <= 1500; d += 37) small.push_back(d);
    Eigen::VectorXd sd(static_cast<Eigen::Index>(small.size()));
    for (size_t j = 0; j < small.size(); ++j) sd[static_cast<Eigen::Index>(j)] = static_cast<double>(small[j]);
    const Eigen::VectorXd xs = pc::evaluateKernel(pc::xposOnesKernel(xp), small);
    const Eigen::VectorXd xref = pc::xposKernelOnes(xp, sd);
    for (Eigen::Index j = 0; j < xs.size(); ++j) EXPECT_NEAR(xs[j], xref[j], 1e-10 * std::max(1.0, std::abs(xref[j])));

    // ALiBi and T5 against the core functions.
    for (int64_t d : deltas) {
        EXPECT_DOUBLE_EQ(pc::evaluateKernel(pc::alibiKernel(0.25), d), pc::alibiBiasValue(0.25, d, 0));
        EXPECT_DOUBLE_EQ(pc::evaluateKernel(pc::alibiKernel(0.25, true), d),
                         pc::alibiBiasValue(0.25, 0, d, pc::AlibiForm::Symmetric));
        pc::T5BucketParams t5;
        EXPECT_EQ(pc::evaluateKernel(pc::t5Kernel(t5), d), pc::t5Bucket(t5, -d));
    }
}

TEST(HeatmapKernel, RangeMatchesDirect) {
    const Eigen::VectorXd theta = pc::defaultInvFreq(128, 10000.0);
    const auto rope = pc::ropeOnesKernel(theta);
    for (int64_t first : {int64_t(-700), int64_t(999000), int64_t(-2147483000), int64_t(4294960000)}) {
        const int64_t count = 3000;
        const Eigen::VectorXd r = pc::evaluateKernelRange(rope, first, count, 3);
        const Eigen::VectorXd c = 2.0 * pc::kernelSumCosRange(theta, Eigen::VectorXd::Ones(64), first, count, 1);
        // Both sides round Δ·θ to double (|Δ|·θ·2^-53 radians), which is all that separates them at large Δ.
        const double tol = 128.0 * (1e-13 + std::abs(static_cast<double>(first)) * 4.5e-16);
        for (int64_t j = 0; j < count; j += 7) EXPECT_NEAR(r[j], pc::evaluateKernel(rope, first + j), tol);
        EXPECT_LT((r - c).cwiseAbs().maxCoeff(), tol + 1e-10);
    }
    // Decay, mixed signs, theta = 0 and theta > pi.
    pc::ToeplitzKernel k;
    k.theta = Eigen::Vector4d(0.0, 0.3, 2.0, 4.0);
    k.weight = Eigen::Vector4d(0.5, -1.0, 2.0, 0.7);
    k.logDecay = Eigen::Vector4d(-0.01, 0.002, 0.0, -0.3);
    k.scale = 1.7;
    const Eigen::VectorXd r = pc::evaluateKernelRange(k, -2000, 5000, 2);
    for (int64_t j = 0; j < 5000; ++j) {
        const double d = static_cast<double>(-2000 + j);
        double want = 0, mag = 0;
        for (int i = 0; i < 4; ++i) {
            want += k.weight[i] * std::exp(d * k.logDecay[i]) * std::cos(d * k.theta[i]);
            mag += std::abs(k.weight[i]) * std::exp(d * k.logDecay[i]);
        }
        want *= 1.7;
        // Relative to the size of the terms (Σ|w_i|·e^{Δλ_i}), as any summation of them.
        ASSERT_NEAR(r[j], want, 1e-12 * 1.7 * mag) << "delta " << d;
    }
    // Thread count does not change a bit.
    const Eigen::VectorXd r1 = pc::evaluateKernelRange(rope, -300000, 600000, 1);
    const Eigen::VectorXd r4 = pc::evaluateKernelRange(rope, -300000, 600000, 4);
    EXPECT_TRUE((r1.array() == r4.array()).all());
}

TEST(HeatmapKernel, DecayOverflowGivesInfNotNan) {
    pc::ToeplitzKernel k;
    k.theta = Eigen::Vector2d(0.1, 0.2);
    k.weight = Eigen::Vector2d(1.0, -1.0);
    k.logDecay = Eigen::Vector2d(-1.0, -0.9);
    const double v = pc::evaluateKernel(k, -2000);  // e^2000: beyond double
    EXPECT_TRUE(std::isinf(v));
    const Eigen::VectorXd r = pc::evaluateKernelRange(k, -2100, 300);
    EXPECT_FALSE(r.array().isNaN().any());
}

TEST(HeatmapKernel, T5RangeUsesExactCap) {
    for (bool bidir : {true, false})
        for (int nb : {8, 16, 32})
            for (int md : {5, 20, 128}) {
                pc::T5BucketParams t5;
                t5.numBuckets = nb;
                t5.maxDistance = md;
                t5.bidirectional = bidir;
                try {
                    pc::validate(t5);
                } catch (const std::invalid_argument&) {
                    continue;
                }
                const auto k = pc::t5Kernel(t5);
                const Eigen::VectorXd r = pc::evaluateKernelRange(k, -5000, 10001);
                for (int64_t j = 0; j < 10001; ++j) ASSERT_EQ(r[j], pc::t5Bucket(t5, -(j - 5000))) << j;
                EXPECT_EQ(pc::evaluateKernel(k, 2000000000), pc::t5Bucket(t5, -2000000000));
                EXPECT_EQ(pc::evaluateKernel(k, -2000000000), pc::t5Bucket(t5, 2000000000));
            }
}
