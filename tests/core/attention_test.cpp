// phaselens/attention.h — scores, masks and the row softmax.
//
// Contents
//   [SECTION] Masks
//   [SECTION] Softmax
//   [SECTION] Scores and bias

#include "phaselens/attention.h"

#include <cmath>
#include <limits>

#include "phaselens/rope.h"
#include "test_util.h"

namespace phaselens::test {
namespace {

using core::MaskParams;
using core::MaskType;
constexpr double kInf = std::numeric_limits<double>::infinity();

// -----------------------------------------------------------------------------
// [SECTION] Masks
// -----------------------------------------------------------------------------

TEST(AttentionMask, CausalIsLowerTriangular) {
    const Eigen::MatrixXd m = core::causalMask(6);
    for (int i = 0; i < 6; ++i)
        for (int j = 0; j < 6; ++j) EXPECT_EQ(m(i, j), j <= i ? 1.0 : 0.0) << i << "," << j;
    EXPECT_EQ(core::maskMatrix({MaskType::Causal, 0}, 6, 6), m);
    EXPECT_EQ(m.sum(), 21.0);
}

TEST(AttentionMask, NoneShowsEverything) {
    EXPECT_EQ(core::maskMatrix({MaskType::None, 0}, 3, 5), Eigen::MatrixXd::Ones(3, 5));
}

TEST(AttentionMask, SlidingWindowKeepsTheLastWKeys) {
    const int n = 10;
    for (int64_t w : {1, 3, 4}) {
        const Eigen::MatrixXd m = core::maskMatrix({MaskType::SlidingWindow, w}, n, n);
        for (int i = 0; i < n; ++i) {
            for (int j = 0; j < n; ++j)
                EXPECT_EQ(m(i, j), (i - j >= 0 && i - j < w) ? 1.0 : 0.0) << "w " << w << " " << i << "," << j;
            EXPECT_EQ(m.row(i).sum(), double(std::min<int64_t>(i + 1, w))) << "w " << w << " row " << i;
        }
    }
    EXPECT_EQ(core::maskMatrix({MaskType::SlidingWindow, 1}, 5, 5), Eigen::MatrixXd(Eigen::MatrixXd::Identity(5, 5)));
    EXPECT_EQ(core::maskMatrix({MaskType::SlidingWindow, 10}, n, n), core::causalMask(n));  // w >= n is causal
}

TEST(AttentionMask, RectangularUsesRowAndColumnIndices) {
    const Eigen::MatrixXd m = core::maskMatrix({MaskType::Causal, 0}, 2, 4);
    EXPECT_EQ(m, (Eigen::MatrixXd(2, 4) << 1, 0, 0, 0, 1, 1, 0, 0).finished());
}

TEST(AttentionMask, ApplyMaskSetsMinusInfinityOnlyWhereMasked) {
    const Eigen::MatrixXd s = randomMatrix(5, 5, 2);
    Eigen::MatrixXd masked = s;
    core::applyMask(masked, {MaskType::SlidingWindow, 2});
    for (int i = 0; i < 5; ++i)
        for (int j = 0; j < 5; ++j) {
            if (core::isVisible({MaskType::SlidingWindow, 2}, i, j)) {
                EXPECT_EQ(masked(i, j), s(i, j));
            } else {
                EXPECT_EQ(masked(i, j), -kInf);
            }
        }
}

TEST(AttentionMask, NamesRoundTrip) {
    for (MaskType t : {MaskType::None, MaskType::Causal, MaskType::SlidingWindow})
        EXPECT_EQ(core::maskTypeFromName(core::maskTypeName(t)), t);
    EXPECT_TRUE(throwsInvalidArgument([] { core::maskTypeFromName("diagonal"); }, {"mask", "diagonal", "causal"}));
}

// -----------------------------------------------------------------------------
// [SECTION] Softmax
// -----------------------------------------------------------------------------

TEST(AttentionSoftmax, RowsSumToOne) {
    const Eigen::MatrixXd s = 10.0 * randomMatrix(7, 13, 3);
    const Eigen::MatrixXd p = core::rowSoftmax(s);
    for (int i = 0; i < 7; ++i) {
        EXPECT_NEAR(p.row(i).sum(), 1.0, 1e-15) << i;
        EXPECT_GT(p.row(i).minCoeff(), 0.0);
    }
}

TEST(AttentionSoftmax, MatchesTheDefinition) {
    const Eigen::MatrixXd s = (Eigen::MatrixXd(1, 3) << 0.0, 1.0, 2.0).finished();
    const double z = 1.0 + std::exp(1.0) + std::exp(2.0);
    const Eigen::MatrixXd p = core::rowSoftmax(s);
    EXPECT_NEAR(p(0, 0), 1.0 / z, 4e-16);  // a few ulps: the stable form computes exp(s − max)/Σ
    EXPECT_NEAR(p(0, 1), std::exp(1.0) / z, 4e-16);
    EXPECT_NEAR(p(0, 2), std::exp(2.0) / z, 4e-16);
}

TEST(AttentionSoftmax, InvariantToAddingARowConstant) {
    const Eigen::MatrixXd s = randomMatrix(4, 6, 4);
    Eigen::MatrixXd shifted = s;
    for (int i = 0; i < 4; ++i) shifted.row(i).array() += 100.0 * (i + 1);
    EXPECT_LT(maxAbsDiff(core::rowSoftmax(s), core::rowSoftmax(shifted)), 1e-13);
}

TEST(AttentionSoftmax, MaskedEntriesAreExactlyZero) {
    Eigen::MatrixXd s = randomMatrix(6, 6, 5);
    core::applyMask(s, {MaskType::Causal, 0});
    const Eigen::MatrixXd p = core::rowSoftmax(s);
    for (int i = 0; i < 6; ++i) {
        for (int j = i + 1; j < 6; ++j) EXPECT_EQ(p(i, j), 0.0) << i << "," << j;
        EXPECT_NEAR(p.row(i).sum(), 1.0, 1e-15);
    }
    EXPECT_EQ(p(0, 0), 1.0);  // the first query sees only itself
}

TEST(AttentionSoftmax, FullyMaskedRowIsAllZeros) {
    Eigen::MatrixXd s(2, 3);
    s << -kInf, -kInf, -kInf, 1.0, -kInf, 2.0;
    const Eigen::MatrixXd p = core::rowSoftmax(s);
    EXPECT_EQ(p.row(0), Eigen::RowVectorXd::Zero(3));
    EXPECT_EQ(p(1, 1), 0.0);
    EXPECT_NEAR(p(1, 0) + p(1, 2), 1.0, 1e-15);
    EXPECT_TRUE(p.allFinite());
}

TEST(AttentionSoftmax, HugeSpreadsAreStable) {
    Eigen::MatrixXd s(3, 3);
    s << 1e300, -1e300, 0.0,   // spread of 2e300
        1e308, 1e308, -1e308,  // overflowing differences
        -1e300, -1e300 + 1e285, -1e300;
    const Eigen::MatrixXd p = core::rowSoftmax(s);
    ASSERT_TRUE(p.allFinite()) << p;
    EXPECT_EQ(p.row(0), (Eigen::RowVector3d() << 1.0, 0.0, 0.0).finished());
    EXPECT_EQ(p.row(1), (Eigen::RowVector3d() << 0.5, 0.5, 0.0).finished());
    EXPECT_EQ(p.row(2), (Eigen::RowVector3d() << 0.0, 1.0, 0.0).finished());
}

TEST(AttentionSoftmax, RejectsNanAndPlusInfinity) {
    Eigen::MatrixXd nan = Eigen::MatrixXd::Zero(2, 2);
    nan(1, 1) = std::nan("");
    EXPECT_TRUE(throwsInvalidArgument([&] { core::rowSoftmax(nan); }, {"scores", "NaN"}));
    Eigen::MatrixXd inf = Eigen::MatrixXd::Zero(2, 2);
    inf(1, 0) = kInf;
    EXPECT_TRUE(throwsInvalidArgument([&] { core::rowSoftmax(inf); }, {"scores", "inf", "row 1"}));
}

// -----------------------------------------------------------------------------
// [SECTION] Scores and bias
// -----------------------------------------------------------------------------

TEST(AttentionScores, RawScoresAreQKTransposeOptionallyScaled) {
    const Eigen::MatrixXd Q = randomMatrix(3, 16, 6), K = randomMatrix(5, 16, 7);
    EXPECT_LT(maxAbsDiff(core::rawScores(Q, K), Q * K.transpose()), 1e-15);
    EXPECT_LT(maxAbsDiff(core::rawScores(Q, K, true), Q * K.transpose() / 4.0), 1e-15);
}

TEST(AttentionScores, RopeScoresScaleByAttentionFactorSquared) {
    const Eigen::VectorXd theta = core::defaultInvFreq(16, 10000.0);
    const Eigen::MatrixXd Q = randomMatrix(4, 16, 8), K = randomMatrix(4, 16, 9);
    const Eigen::VectorXd pos = (Eigen::VectorXd(4) << 0, 5, 17, 300).finished();
    for (core::Pairing p : {core::Pairing::HalfSplit, core::Pairing::Interleaved}) {
        const Eigen::MatrixXd s1 = core::ropeScores(Q, K, pos, pos, theta, p, 1.0);
        const Eigen::MatrixXd s2 = core::ropeScores(Q, K, pos, pos, theta, p, 1.5);
        EXPECT_LT(maxAbsDiff(s2, 2.25 * s1), 1e-13);
        const Eigen::MatrixXd byHand =
            core::rotateRows(Q, pos, theta, p) * core::rotateRows(K, pos, theta, p).transpose();
        EXPECT_LT(maxAbsDiff(s1, byHand), 1e-14);
        EXPECT_LT(maxAbsDiff(core::ropeScores(Q, K, pos, pos, theta, p, 1.0, true), s1 / 4.0), 1e-15);
    }
}

TEST(AttentionScores, AddBiasKeepsMinusInfinity) {
    Eigen::MatrixXd s = Eigen::MatrixXd::Zero(3, 3);
    core::applyMask(s, {MaskType::Causal, 0});
    const Eigen::MatrixXd b = randomMatrix(3, 3, 10);
    const Eigen::MatrixXd out = core::addBias(s, b);
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j) EXPECT_EQ(out(i, j), j <= i ? b(i, j) : -kInf);
    EXPECT_TRUE(throwsInvalidArgument([&] { core::addBias(s, Eigen::MatrixXd::Zero(2, 3)); }, {"bias", "2x3", "3x3"}));
}

}  // namespace
}  // namespace phaselens::test
