// phaselens/xpos.h — xPos (torchscale): interleaved rotation with a per-pair exponential decay.

#include "phaselens/xpos.h"

#include <cmath>

#include "phaselens/rope.h"
#include "test_util.h"

namespace phaselens::test {
namespace {

core::XposParams xpos(int d, double scaleBase) {
    core::XposParams p;
    p.headDim = d;
    p.scaleBase = scaleBase;
    return p;
}

TEST(Xpos, ZetaAndThetaClosedForms) {
    const auto p = xpos(16, 512);
    const Eigen::VectorXd zeta = core::xposZeta(p), theta = core::xposInvFreq(p);
    ASSERT_EQ(zeta.size(), 8);
    EXPECT_NEAR(zeta[0], 2.0 / 7.0, 1e-16);  // (0 + 0.4d)/(1.4d)
    for (int i = 0; i < 8; ++i) {
        EXPECT_NEAR(zeta[i], (2.0 * i + 6.4) / 22.4, 1e-16) << i;
        EXPECT_LT(zeta[i], 1.0);
    }
    EXPECT_LT(maxAbsDiff(theta, core::defaultInvFreq(16, 10000.0)), 1e-16);
}

TEST(Xpos, QueriesAndKeysScaleOppositelyAroundTheCentre) {
    // L = 5: n_t = t − ceil(5/2) = t − 3. Pair i of row t has norm |x pair|·zeta_i^(±n_t/scale_base).
    const auto p = xpos(8, 64);
    const Eigen::MatrixXd X = randomMatrix(5, 8, 13);
    const Eigen::MatrixXd q = core::xposTransform(p, X, 0, false), k = core::xposTransform(p, X, 0, true);
    const Eigen::VectorXd zeta = core::xposZeta(p);
    for (int t = 0; t < 5; ++t)
        for (int i = 0; i < 4; ++i) {
            const double in = std::hypot(X(t, 2 * i), X(t, 2 * i + 1));
            const double n = t - 3.0;
            EXPECT_NEAR(std::hypot(q(t, 2 * i), q(t, 2 * i + 1)), in * std::pow(zeta[i], n / 64.0), 1e-14)
                << t << "," << i;
            EXPECT_NEAR(std::hypot(k(t, 2 * i), k(t, 2 * i + 1)), in * std::pow(zeta[i], -n / 64.0), 1e-14)
                << t << "," << i;
        }
}

TEST(Xpos, RotationIsInterleavedRopeAtTheUncentredPosition) {
    // Undo the scale: row t equals interleaved RoPE at position t (the angle is not centred).
    const auto p = xpos(8, 512);
    const Eigen::MatrixXd X = randomMatrix(4, 8, 14);
    const Eigen::MatrixXd q = core::xposTransform(p, X, 0, false);
    const Eigen::VectorXd zeta = core::xposZeta(p), theta = core::xposInvFreq(p);
    for (int t = 0; t < 4; ++t) {
        Eigen::VectorXd unscaled = q.row(t).transpose();
        for (int i = 0; i < 4; ++i) unscaled.segment(2 * i, 2) /= std::pow(zeta[i], (t - 2.0) / 512.0);
        EXPECT_LT(maxAbsDiff(unscaled, core::rotate(X.row(t).transpose(), t, theta, core::Pairing::Interleaved)), 1e-14)
            << t;
    }
}

TEST(Xpos, AllOnesScoresAreTheKernelOfTheOffset) {
    const auto p = xpos(16, 512);
    const int L = 9;
    const Eigen::MatrixXd ones = Eigen::MatrixXd::Ones(L, 16);
    const Eigen::MatrixXd s = core::xposScores(p, ones, ones);
    for (int m = 0; m < L; ++m)
        for (int n = 0; n < L; ++n) {
            const double k = core::xposKernelOnes(p, Eigen::VectorXd::Constant(1, m - n))[0];
            EXPECT_NEAR(s(m, n), k, 1e-12) << m << "," << n;
        }
    EXPECT_NEAR(core::xposKernelOnes(p, Eigen::VectorXd::Zero(1))[0], 16.0, 1e-15);
}

TEST(Xpos, KernelClosedForm) {
    const auto p = xpos(16, 512);
    const Eigen::VectorXd zeta = core::xposZeta(p), theta = core::xposInvFreq(p);
    for (double delta : {-100.0, -1.0, 3.0, 1000.0}) {
        double ref = 0;
        for (int i = 0; i < 8; ++i) ref += 2.0 * std::pow(zeta[i], delta / 512.0) * std::cos(delta * theta[i]);
        EXPECT_NEAR(core::xposKernelOnes(p, Eigen::VectorXd::Constant(1, delta))[0], ref, 1e-12) << delta;
    }
}

TEST(Xpos, ScoresDependOnlyOnOffsetSoTheBlockOffsetCancels) {
    const auto p = xpos(16, 512);
    const Eigen::MatrixXd Q = randomMatrix(6, 16, 15), K = randomMatrix(6, 16, 16);
    // Same rows at block offset o shift both positions by o: raw scores keep the same relative offsets
    // for the rotation and the decay, so only m − n matters.
    const Eigen::MatrixXd s0 = core::xposScores(p, Q, K, 0);
    for (int64_t offset : {1, 7, 100}) {
        const Eigen::MatrixXd so = core::xposScores(p, Q, K, offset);
        EXPECT_LT(maxAbsDiff(so, s0), 1e-12 * s0.cwiseAbs().maxCoeff()) << offset;
    }
}

}  // namespace
}  // namespace phaselens::test
