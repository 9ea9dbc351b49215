// Ladders (position × pair) and kernel curves against per-sample brute force.
#include <gtest/gtest.h>

#include <cmath>

#include "brute.h"
#include "phaselens/heatmap.h"
#include "phaselens/phase.h"
#include "phaselens/rope.h"
#include "phaselens/t5_buckets.h"

namespace pc = phaselens::core;
namespace pt = phaselens::test;

namespace {

Eigen::VectorXd ladderTheta() {
    const Eigen::VectorXd rope = pc::defaultInvFreq(16, 10000.0);
    Eigen::VectorXd t(rope.size() + 3);
    t << rope, 0.0, 2.5, 4.0;  // constant phase, fast (> 2π/3), above π (aliases)
    return t;
}

double quantity(pc::LadderRequest::Quantity q, double angle) {
    switch (q) {
        case pc::LadderRequest::Sin:
            return std::sin(angle);
        case pc::LadderRequest::Cos:
            return std::cos(angle);
        case pc::LadderRequest::AngleRaw:
            return angle;
        case pc::LadderRequest::AngleWrapped:
            return pc::wrapAngle(angle);
    }
    return 0;
}

double angularDistance(double a, double b) {
    const double d = std::fmod(std::abs(a - b), 2 * M_PI);
    return std::min(d, 2 * M_PI - d);
}

TEST(Ladder, EveryQuantityAndReductionAgainstSamples) {
    const Eigen::VectorXd theta = ladderTheta();
    for (int64_t positions : {1, 2, 7, 100, 1000, 4097})
        for (int64_t px : {3, 16, 33, 5000})
            for (double ps : {1.0, 0.25, 3.0})
                for (auto q : {pc::LadderRequest::Sin, pc::LadderRequest::Cos, pc::LadderRequest::AngleRaw,
                               pc::LadderRequest::AngleWrapped})
                    for (auto red :
                         {pc::Reduction::Point, pc::Reduction::Mean, pc::Reduction::Min, pc::Reduction::Max}) {
                        SCOPED_TRACE("positions " + std::to_string(positions) + " px " + std::to_string(px) +
                                     " scale " + std::to_string(ps) + " " + pc::ladderQuantityName(q) + " " +
                                     pc::reductionName(red));
                        pc::LadderRequest req;
                        req.theta = theta;
                        req.quantity = q;
                        req.positions = positions;
                        req.maxPixels = px;
                        req.reduction = red;
                        req.positionScale = ps;
                        req.alsoFloat64 = true;
                        req.threads = 2;
                        const auto s = pc::sampleLadder(req);
                        const pc::AxisSampling ax = pc::axisSampling(positions, px);
                        ASSERT_EQ(s.rows.pixels, theta.size());
                        ASSERT_EQ(s.cols.step, ax.step);
                        Eigen::MatrixXd want(theta.size(), ax.pixels);
                        int bad = 0;
                        for (Eigen::Index i = 0; i < theta.size(); ++i)
                            for (int64_t k = 0; k < ax.pixels; ++k) {
                                const int64_t p0 = ax.blockStart(k), B = ax.blockLength(k);
                                auto angle = [&](int64_t p) { return (static_cast<double>(p) * ps) * theta[i]; };
                                double w = 0;
                                if (red == pc::Reduction::Point) {
                                    w = quantity(q, angle(ax.blockCentre(k)));
                                } else if (red == pc::Reduction::Mean && q == pc::LadderRequest::AngleWrapped) {
                                    double sc = 0, ss = 0;
                                    for (int64_t p = p0; p < p0 + B; ++p)
                                        sc += std::cos(angle(p)), ss += std::sin(angle(p));
                                    const double R = std::hypot(sc, ss) / static_cast<double>(B);
                                    const double got = s.valuesFloat64(i, k);
                                    if (R < 1e-6) {
                                        want(i, k) = got;  // direction ill-conditioned; checked separately
                                        continue;
                                    }
                                    const double circ = pc::wrapAngle(std::atan2(ss, sc));
                                    if (angularDistance(got, circ) > 1e-9 + 1e-14 / R && bad++ < 5)
                                        ADD_FAILURE()
                                            << "pair " << i << " block " << k << ": " << got << " vs " << circ;
                                    EXPECT_GE(got, 0.0);
                                    EXPECT_LT(got, 2 * M_PI);
                                    want(i, k) = got;
                                    continue;
                                } else {
                                    double sum = 0, lo = INFINITY, hi = -INFINITY;
                                    for (int64_t p = p0; p < p0 + B; ++p) {
                                        const double v = quantity(q, angle(p));
                                        sum += v, lo = std::min(lo, v), hi = std::max(hi, v);
                                    }
                                    w = red == pc::Reduction::Mean  ? sum / static_cast<double>(B)
                                        : red == pc::Reduction::Min ? lo
                                                                    : hi;
                                }
                                want(i, k) = w;
                            }
                        EXPECT_EQ(bad, 0);
                        // Angles reach ~1e4 rad here: allow their double rounding (~1e-12 relative).
                        pt::expectImage(s, want, 1e-9);
                    }
}

TEST(Ladder, CircularMeanOfCancellingPhasorsIsPi) {
    pc::LadderRequest req;
    req.theta = Eigen::VectorXd::Constant(1, M_PI / 2);  // 4 samples per turn
    req.quantity = pc::LadderRequest::AngleWrapped;
    req.positions = 8;
    req.maxPixels = 2;
    req.reduction = pc::Reduction::Mean;
    const auto s = pc::sampleLadder(req);
    EXPECT_FLOAT_EQ(s.values(0, 0), static_cast<float>(M_PI));
    EXPECT_FLOAT_EQ(s.values(0, 1), static_cast<float>(M_PI));
    EXPECT_NE(s.note.find("circular mean"), std::string::npos);
}

TEST(Ladder, WrappedMinMaxAtMillionPositions) {
    // Candidate search near 2π crossings versus every sample, for pairs spanning slow to fast.
    pc::LadderRequest req;
    req.theta = pc::defaultInvFreq(64, 10000.0);
    req.quantity = pc::LadderRequest::AngleWrapped;
    req.positions = 1 << 20;
    req.maxPixels = 64;
    req.alsoFloat64 = true;
    for (auto red : {pc::Reduction::Min, pc::Reduction::Max}) {
        req.reduction = red;
        const auto s = pc::sampleLadder(req);
        for (Eigen::Index i : {0, 5, 13, 20, 31})
            for (int64_t k : {0, 17, 63}) {
                double lo = INFINITY, hi = -INFINITY;
                for (int64_t p = k * s.cols.step; p < (k + 1) * s.cols.step; ++p) {
                    const double v = pc::wrapAngle((static_cast<double>(p) * 1.0) * req.theta[i]);
                    lo = std::min(lo, v), hi = std::max(hi, v);
                }
                EXPECT_EQ(s.valuesFloat64(i, k), red == pc::Reduction::Min ? lo : hi) << i << " " << k;
            }
    }
}

TEST(Ladder, Validation) {
    pc::LadderRequest req;
    req.theta = Eigen::VectorXd::Constant(2, -0.1);
    EXPECT_THROW(pc::sampleLadder(req), std::invalid_argument);
    req.theta = Eigen::VectorXd::Constant(2, 0.1);
    req.positionScale = 0.0;
    try {
        pc::sampleLadder(req);
        ADD_FAILURE();
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("position_scale"), std::string::npos);
    }
    req.positionScale = 1.0;
    req.positions = 0;
    EXPECT_THROW(pc::sampleLadder(req), std::invalid_argument);
    req.positions = 10;
    req.theta.resize(0);
    EXPECT_THROW(pc::sampleLadder(req), std::invalid_argument);
}

// Independent f for the curve tests.
double directF(const pc::ToeplitzKernel& k, int64_t delta) {
    const double d = static_cast<double>(delta);
    switch (k.kind) {
        case pc::ToeplitzKernel::Cosine: {
            double s = 0;
            for (Eigen::Index i = 0; i < k.theta.size(); ++i)
                s += k.weight[i] * std::exp(d * (k.logDecay.size() ? k.logDecay[i] : 0.0)) * std::cos(d * k.theta[i]);
            return k.scale * s;
        }
        case pc::ToeplitzKernel::AlibiLinear:
            return -k.scale * k.slope * d;
        case pc::ToeplitzKernel::AlibiSymmetric:
            return -k.scale * k.slope * std::abs(d);
        case pc::ToeplitzKernel::T5Bucket:
            return k.scale * pc::t5Bucket(k.t5, -delta);
    }
    return 0;
}

TEST(KernelCurve, EveryKindAndReduction) {
    std::vector<pc::ToeplitzKernel> kernels;
    kernels.push_back(pc::ropeOnesKernel(pc::defaultInvFreq(32, 10000.0), 1.1));
    pc::XposParams xp;
    xp.headDim = 16;
    kernels.push_back(pc::xposOnesKernel(xp));
    kernels.push_back(pc::alibiKernel(0.3));
    kernels.push_back(pc::alibiKernel(0.3, true));
    pc::T5BucketParams t5;
    t5.maxDistance = 40;
    kernels.push_back(pc::t5Kernel(t5));
    for (const auto& k : kernels)
        for (auto range : {std::pair<int64_t, int64_t>{-300, 517}, {0, 999}, {-50, -50}, {-1000, 3}})
            for (int64_t pts : {1, 7, 100, 2000})
                for (auto red : {pc::Reduction::Point, pc::Reduction::Mean, pc::Reduction::Min, pc::Reduction::Max}) {
                    SCOPED_TRACE(std::string(pc::toeplitzKindName(k.kind)) + " [" + std::to_string(range.first) + ", " +
                                 std::to_string(range.second) + "] pts " + std::to_string(pts) + " " +
                                 pc::reductionName(red));
                    const auto c = pc::sampleKernelCurve(k, range.first, range.second, pts, red, 2);
                    const auto ax = pc::axisSampling(range.second - range.first + 1, pts);
                    ASSERT_EQ(c.y.size(), ax.pixels);
                    for (int64_t j = 0; j < ax.pixels; ++j) {
                        const int64_t o0 = range.first + ax.blockStart(j), B = ax.blockLength(j);
                        double want = 0, x = 0;
                        if (red == pc::Reduction::Point) {
                            x = static_cast<double>(range.first + ax.blockCentre(j));
                            want = directF(k, range.first + ax.blockCentre(j));
                        } else {
                            x = static_cast<double>(o0) + 0.5 * static_cast<double>(B - 1);
                            double sum = 0, lo = INFINITY, hi = -INFINITY;
                            for (int64_t d = o0; d < o0 + B; ++d) {
                                const double v = directF(k, d);
                                sum += v, lo = std::min(lo, v), hi = std::max(hi, v);
                            }
                            want = red == pc::Reduction::Mean  ? sum / static_cast<double>(B)
                                   : red == pc::Reduction::Min ? lo
                                                               : hi;
                        }
                        EXPECT_EQ(c.x[j], x);
                        EXPECT_TRUE(pt::close(c.y[j], want, 1e-9)) << j << ": " << c.y[j] << " vs " << want;
                    }
                }
    EXPECT_THROW(pc::sampleKernelCurve(kernels[0], 5, 4, 10, pc::Reduction::Point), std::invalid_argument);
    EXPECT_THROW(pc::sampleKernelCurve(kernels[0], 0, 4, 0, pc::Reduction::Point), std::invalid_argument);
}

}  // namespace
