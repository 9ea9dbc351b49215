// phaselens/phase.h — wraparound, turns and sampling aliasing of rotary frequencies.

#include "phaselens/phase.h"

#include <cmath>

#include "phaselens/rope.h"
#include "test_util.h"

namespace phaselens::test {
namespace {

TEST(Phase, WrapAngleStaysInHalfOpenRange) {
    for (double a : {0.0, 1.0, -1.0, kTwoPi, -kTwoPi, 3 * kTwoPi + 0.5, -1e-300, -1e-17, 1e-300, 1e5, -1e5,
                     131072.0 * 1.0, 1e15, -1e15, std::nextafter(kTwoPi, 0.0)}) {
        const double w = core::wrapAngle(a);
        EXPECT_GE(w, 0.0) << a;
        EXPECT_LT(w, kTwoPi) << a;
    }
    EXPECT_EQ(core::wrapAngle(0.0), 0.0);
    EXPECT_NEAR(core::wrapAngle(kTwoPi), 0.0, 1e-15);
    EXPECT_NEAR(core::wrapAngle(-1.0), kTwoPi - 1.0, 1e-15);
    EXPECT_NEAR(core::wrapAngle(3 * kTwoPi + 0.5), 0.5, 1e-14);
    EXPECT_NEAR(core::wrapAngle(1e5), std::fmod(1e5, kTwoPi), 1e-10);
}

TEST(Phase, ApparentFrequencyFoldsIntoZeroToPi) {
    EXPECT_NEAR(core::apparentFrequency(1.0), 1.0, 1e-15);
    EXPECT_NEAR(core::apparentFrequency(M_PI), M_PI, 1e-15);
    EXPECT_NEAR(core::apparentFrequency(kTwoPi), 0.0, 1e-15);
    EXPECT_NEAR(core::apparentFrequency(4.0), kTwoPi - 4.0, 1e-15);
    EXPECT_NEAR(core::apparentFrequency(kTwoPi + 0.25), 0.25, 1e-14);
    for (double x = 0.0; x < 40.0; x += 0.37) {
        const double a = core::apparentFrequency(x);
        EXPECT_GE(a, 0.0) << x;
        EXPECT_LE(a, M_PI) << x;
        EXPECT_NEAR(std::cos(a), std::cos(x), 1e-12) << x;  // same per-step phasor up to direction
    }
}

TEST(Phase, ReportForBase10000Dim128) {
    const Eigen::VectorXd theta = core::defaultInvFreq(128, 10000.0);
    const core::PhaseReport r = core::phaseReport(theta, 8192.0, 4096.0, 4.0);
    ASSERT_EQ(r.invFreq.size(), 64);
    // Pair 0: theta = 1 rad/position, wavelength 2π.
    EXPECT_EQ(r.invFreq[0], 1.0);
    EXPECT_DOUBLE_EQ(r.wavelength[0], kTwoPi);
    // Stride 4 advances pair 0 by 4 rad > π per sample: aliased, appears to turn 2π − 4 per step.
    EXPECT_TRUE(r.aliased[0]);
    EXPECT_NEAR(r.apparentFrequency[0], kTwoPi - 4.0, 1e-15);
    // Turns: C·theta/(2π) and T·theta/(2π).
    for (int i = 0; i < 64; ++i) {
        EXPECT_NEAR(r.turnsInContext[i], 8192.0 * theta[i] / kTwoPi, 1e-12 * r.turnsInContext[i]) << i;
        EXPECT_NEAR(r.turnsInTraining[i], 4096.0 * theta[i] / kTwoPi, 1e-12 * r.turnsInTraining[i]) << i;
        EXPECT_EQ(bool(r.fullTurnInTraining[i]), 4096.0 * theta[i] >= kTwoPi) << i;
        EXPECT_EQ(bool(r.aliased[i]), 4.0 * theta[i] > M_PI) << i;
    }
    EXPECT_FALSE(r.fullTurnInTraining[63]);  // slowest pair: wavelength 54410 > 4096
    EXPECT_TRUE(r.fullTurnInTraining[0]);
    EXPECT_TRUE(r.aliased[1]);   // theta_1 ≈ 0.866: 3.46 rad per stride-4 sample > π
    EXPECT_FALSE(r.aliased[2]);  // theta_2 ≈ 0.750: 3.00 rad < π
}

TEST(Phase, AliasingThresholdIsNyquist) {
    const Eigen::VectorXd theta = core::defaultInvFreq(128, 10000.0);
    const core::PhaseReport stride1 = core::phaseReport(theta, 100.0, 100.0, 1.0);
    EXPECT_EQ(stride1.aliased.count(), 0);  // every theta <= 1 < π
    EXPECT_NEAR(stride1.apparentFrequency[0], 1.0, 1e-15);
    const core::PhaseReport stride4 = core::phaseReport(theta, 100.0, 100.0, 4.0);
    int expected = 0;
    for (int i = 0; i < 64; ++i) expected += 4.0 * theta[i] > M_PI;
    EXPECT_EQ(stride4.aliased.count(), expected);
    EXPECT_EQ(expected, 2);  // theta_0 = 1 and theta_1 ≈ 0.866 (3.46 rad per sample)
}

}  // namespace
}  // namespace phaselens::test
