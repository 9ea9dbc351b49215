// Proportional RoPE (Gemma 4) and the softmax/query scales of layered models, against closed forms.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "phaselens/proportional_rope.h"
#include "phaselens/query_scale.h"
#include "phaselens/rope.h"

namespace {

using namespace phaselens;

TEST(ProportionalRope, Gemma4GlobalLayerKeepsTheFastestQuarterOfTheFullSpectrum) {
    // head_dim 512, p = 0.25: 256 entries, the first int(0.25*512 // 2) = 64 are theta^(-2i/512), then zeros.
    const auto f = core::proportionalRopeFrequencies(512, 1.0e6, 0.25);
    ASSERT_EQ(f.invFreq.size(), 256);
    EXPECT_EQ(f.rotaryDim, 512);
    EXPECT_EQ(core::proportionalRotatedPairs(512, 0.25), 64);
    const Eigen::VectorXd full = core::defaultInvFreq(512, 1.0e6);
    for (int i = 0; i < 256; ++i) {
        if (i < 64) {
            EXPECT_EQ(f.invFreq[i], full[i]) << i;
            EXPECT_DOUBLE_EQ(f.wavelength[i], 2.0 * M_PI / full[i]) << i;
        } else {
            EXPECT_EQ(f.invFreq[i], 0.0) << i;
            EXPECT_TRUE(std::isinf(f.wavelength[i])) << i;
        }
    }
    EXPECT_EQ(f.attentionFactor, 1.0);
    // Not partial rotary: a 128-channel slice would use theta^(-2i/128), a different (slower) spectrum.
    EXPECT_NE(f.invFreq[1], core::defaultInvFreq(128, 1.0e6)[1]);
}

TEST(ProportionalRope, FactorDividesTheRotatedPairsAndFullFactorIsDefaultRope) {
    const auto f = core::proportionalRopeFrequencies(64, 1.0e4, 1.0, 8.0);
    const Eigen::VectorXd full = core::defaultInvFreq(64, 1.0e4);
    for (int i = 0; i < 32; ++i) EXPECT_DOUBLE_EQ(f.invFreq[i], full[i] / 8.0) << i;
    EXPECT_EQ(core::proportionalRotatedPairs(10, 0.5), 2);  // 0.5*10 // 2 = 2 (floor)
}

TEST(ProportionalRope, RejectsBadInput) {
    EXPECT_THROW(core::proportionalRopeFrequencies(7, 1e4, 0.5), std::invalid_argument);
    EXPECT_THROW(core::proportionalRopeFrequencies(64, 1e4, 0.0), std::invalid_argument);
    EXPECT_THROW(core::proportionalRopeFrequencies(64, 1e4, 1.5), std::invalid_argument);
    EXPECT_THROW(core::proportionalRopeFrequencies(64, 1.0, 0.5), std::invalid_argument);
    EXPECT_THROW(core::proportionalRopeFrequencies(64, 1e4, 0.5, 0.5), std::invalid_argument);
}

TEST(QueryScale, MlaSoftmaxScaleDeepSeekV3) {
    const double m = 0.1 * std::log(40.0) + 1.0;
    EXPECT_DOUBLE_EQ(core::mlaSoftmaxScale(192, 40.0, 1.0), m * m / std::sqrt(192.0));
    EXPECT_NEAR(core::mlaSoftmaxScale(192, 40.0, 1.0), 0.13523, 5e-6);
    EXPECT_DOUBLE_EQ(core::mlaSoftmaxScale(192, 1.0, 1.0), 1.0 / std::sqrt(192.0));
    EXPECT_EQ(core::yarnMscale(40.0, 0.0), 1.0);
    EXPECT_THROW(core::mlaSoftmaxScale(0, 40.0, 1.0), std::invalid_argument);
}

TEST(QueryScale, Llama4RisesOnePositionBeforeTheMistralRule) {
    EXPECT_EQ(core::llama4QueryScale(0, 0.1, 8192), 1.0);
    EXPECT_EQ(core::llama4QueryScale(8190, 0.1, 8192), 1.0);
    EXPECT_DOUBLE_EQ(core::llama4QueryScale(8191, 0.1, 8192), 1.0 + 0.1 * std::log(2.0));
    EXPECT_DOUBLE_EQ(core::llama4QueryScale(16383, 0.1, 8192), 1.0 + 0.1 * std::log(3.0));
    EXPECT_DOUBLE_EQ(core::llama4QueryScale(10485759, 0.1, 8192), 1.0 + 0.1 * std::log(1281.0));
    EXPECT_EQ(core::llama4BetaQueryScale(8191, 0.1, 8192), 1.0);
    EXPECT_DOUBLE_EQ(core::llama4BetaQueryScale(8192, 0.1, 8192), 1.0 + 0.1 * std::log(2.0));
    EXPECT_EQ(core::llama4BetaQueryScale(16383, 0.1, 16384), 1.0);
    EXPECT_DOUBLE_EQ(core::llama4BetaQueryScale(16384, 0.1, 16384), 1.0 + 0.1 * std::log(2.0));
    EXPECT_THROW(core::llama4QueryScale(-1, 0.1, 8192), std::invalid_argument);
    EXPECT_THROW(core::llama4BetaQueryScale(0, 0.1, 0.0), std::invalid_argument);
}

}  // namespace
