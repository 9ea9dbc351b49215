// phaselens/rope_scaling.h — every scaling type against its closed form (HF modeling_rope_utils.py).
//
// Contents
//   [SECTION] default, linear, ntk, dynamic
//   [SECTION] yarn
//   [SECTION] llama3
//   [SECTION] longrope
//   [SECTION] accepted input gives finite output
//   [SECTION] names and overrides
//   [SECTION] the RoPE-type table

#include "phaselens/rope_scaling.h"

#include <cmath>
#include <iterator>
#include <set>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "phaselens/rope.h"
#include "test_util.h"

namespace phaselens::test {
namespace {

using core::RopeParams;
using core::RopeType;

RopeParams params(RopeType type, int headDim, double base, double factor) {
    RopeParams p;
    p.type = type;
    p.headDim = headDim;
    p.base = base;
    p.factor = factor;
    return p;
}

/// max |a_i/b_i − 1|.
double maxRelDiff(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
    if (a.size() != b.size()) return INFINITY;
    return (a.array() / b.array() - 1.0).abs().maxCoeff();
}

// -----------------------------------------------------------------------------
// [SECTION] default, linear, ntk, dynamic
// -----------------------------------------------------------------------------

TEST(RopeScalingDefault, MatchesDefaultInvFreq) {
    const auto f = core::computeRopeFrequencies(params(RopeType::Default, 128, 10000.0, 1.0));
    EXPECT_EQ(f.rotaryDim, 128);
    EXPECT_EQ(f.invFreq, core::defaultInvFreq(128, 10000.0));
    EXPECT_EQ(f.attentionFactor, 1.0);
    EXPECT_LT(maxRelDiff(f.wavelength, core::wavelengths(f.invFreq)), 1e-15);
    EXPECT_EQ(f.scale, Eigen::VectorXd::Ones(64));
    EXPECT_FALSE(f.rule.empty());
}

TEST(RopeScalingDefault, PartialRotaryFactorSetsRotaryDim) {
    RopeParams p = params(RopeType::Default, 96, 10000.0, 1.0);
    p.partialRotaryFactor = 0.25;
    const auto f = core::computeRopeFrequencies(p);
    EXPECT_EQ(f.rotaryDim, 24);
    EXPECT_EQ(f.invFreq, core::defaultInvFreq(24, 10000.0));
}

TEST(RopeScalingLinear, ThetaDividedByFactor) {
    for (double s : {2.0, 4.0, 8.0, 2.5}) {
        const auto f = core::computeRopeFrequencies(params(RopeType::Linear, 128, 10000.0, s));
        EXPECT_LT(maxRelDiff(f.invFreq, core::defaultInvFreq(128, 10000.0) / s), 1e-15) << s;
        EXPECT_LT((f.scale.array() - s).abs().maxCoeff(), 1e-14) << s;
        EXPECT_EQ(f.attentionFactor, 1.0);
    }
}

TEST(RopeScalingNtk, BaseRaisedBySToTheRotaryExponent) {
    for (int headDim : {64, 128}) {
        const double s = 4.0, base = 10000.0, r = headDim;
        const auto f = core::computeRopeFrequencies(params(RopeType::Ntk, headDim, base, s));
        const double expectedBase = base * std::pow(s, r / (r - 2.0));
        ASSERT_TRUE(f.effectiveBase.has_value());
        EXPECT_NEAR(*f.effectiveBase, expectedBase, 1e-15 * expectedBase);
        EXPECT_LT(maxRelDiff(f.invFreq, core::defaultInvFreq(headDim, expectedBase)), 1e-15);
        // The highest frequency is untouched, the lowest is divided by exactly s.
        EXPECT_EQ(f.invFreq[0], 1.0);
        EXPECT_NEAR(f.scale[f.scale.size() - 1], s, 1e-12);
    }
}

TEST(RopeScalingDynamic, EqualsDefaultUpToMaxPositions) {
    const Eigen::VectorXd theta = core::defaultInvFreq(128, 10000.0);
    for (std::optional<int64_t> seqLen : {std::optional<int64_t>{}, std::optional<int64_t>{1},
                                          std::optional<int64_t>{2048}, std::optional<int64_t>{4096}}) {
        RopeParams p = params(RopeType::Dynamic, 128, 10000.0, 3.3);
        p.maxPositionEmbeddings = 4096;
        p.seqLen = seqLen;
        const auto f = core::computeRopeFrequencies(p);
        EXPECT_LT(maxRelDiff(f.invFreq, theta), 1e-15) << seqLen.value_or(-1);
        ASSERT_TRUE(f.effectiveBase.has_value());
        EXPECT_NEAR(*f.effectiveBase, 10000.0, 1e-9);
    }
}

TEST(RopeScalingDynamic, FollowsTheNtkFormulaBeyondMaxPositions) {
    const double s = 4.0, base = 10000.0, r = 128, m = 4096;
    for (int64_t len : {4097, 8192, 16384, 100000}) {
        RopeParams p = params(RopeType::Dynamic, 128, base, s);
        p.maxPositionEmbeddings = static_cast<int64_t>(m);
        p.seqLen = len;
        const auto f = core::computeRopeFrequencies(p);
        const double expectedBase = base * std::pow(s * double(len) / m - (s - 1.0), r / (r - 2.0));
        EXPECT_NEAR(*f.effectiveBase, expectedBase, 1e-13 * expectedBase) << len;
        EXPECT_LT(maxRelDiff(f.invFreq, core::defaultInvFreq(128, expectedBase)), 1e-14) << len;
    }
    // Worked example: L = 2M, s = 2 → base factor s·L/M − (s − 1) = 4 − 1 = 3.
    RopeParams p = params(RopeType::Dynamic, 128, base, 2.0);
    p.maxPositionEmbeddings = 4096;
    p.seqLen = 8192;
    EXPECT_NEAR(*core::computeRopeFrequencies(p).effectiveBase, base * std::pow(3.0, r / (r - 2.0)), 1e-9);
}

TEST(RopeScalingDynamic, BaseGrowsWithLength) {
    double previous = 0;
    for (int64_t len : {4096, 5000, 8192, 32768}) {
        RopeParams p = params(RopeType::Dynamic, 64, 10000.0, 2.0);
        p.maxPositionEmbeddings = 4096;
        p.seqLen = len;
        const double b = *core::computeRopeFrequencies(p).effectiveBase;
        EXPECT_GE(b, previous) << len;
        previous = b;
    }
}

// -----------------------------------------------------------------------------
// [SECTION] yarn
// -----------------------------------------------------------------------------

/// i(ρ) = r·ln(L0/(2πρ)) / (2 ln base), the YaRN correction dimension, computed here independently.
double correctionDim(double rotations, double r, double base, double l0) {
    return r * std::log(l0 / (kTwoPi * rotations)) / (2.0 * std::log(base));
}

RopeParams yarn(double s, int64_t l0) {
    RopeParams p = params(RopeType::Yarn, 128, 10000.0, s);
    p.originalMaxPositionEmbeddings = l0;
    p.betaFast = 32.0;
    p.betaSlow = 1.0;
    return p;
}

TEST(RopeScalingYarn, CorrectionRangeByHand) {
    const auto f = core::computeRopeFrequencies(yarn(8.0, 4096));
    const double lowRaw = correctionDim(32.0, 128, 10000.0, 4096), highRaw = correctionDim(1.0, 128, 10000.0, 4096);
    EXPECT_NEAR(lowRaw, 20.944481620636, 1e-9);  // hand value: 128·ln(4096/(64π))/(2 ln 1e4)
    EXPECT_NEAR(highRaw, 45.026881273755, 1e-9);
    ASSERT_TRUE(f.correctionLow && f.correctionHigh);
    EXPECT_EQ(*f.correctionLow, std::max(std::floor(lowRaw), 0.0));
    EXPECT_EQ(*f.correctionHigh, std::min(std::ceil(highRaw), 127.0));
    EXPECT_EQ(*f.correctionLow, 20.0);
    EXPECT_EQ(*f.correctionHigh, 46.0);
}

TEST(RopeScalingYarn, CorrectionRangeWithoutTruncation) {
    RopeParams p = yarn(8.0, 4096);
    p.yarnTruncate = false;
    const auto f = core::computeRopeFrequencies(p);
    EXPECT_NEAR(*f.correctionLow, correctionDim(32.0, 128, 10000.0, 4096), 1e-12);
    EXPECT_NEAR(*f.correctionHigh, correctionDim(1.0, 128, 10000.0, 4096), 1e-12);
}

TEST(RopeScalingYarn, CorrectionRangeIsClamped) {
    // Tiny L0 pushes i(beta_fast) below 0; huge L0 pushes i(beta_slow) above r − 1.
    RopeParams small = yarn(4.0, 16);
    const auto fs = core::computeRopeFrequencies(small);
    EXPECT_LT(correctionDim(32.0, 128, 10000.0, 16), 0.0);
    EXPECT_EQ(*fs.correctionLow, 0.0);
    RopeParams big = yarn(4.0, int64_t{1} << 40);
    big.base = 10.0;
    const auto fb = core::computeRopeFrequencies(big);
    EXPECT_GT(correctionDim(1.0, 128, 10.0, double(int64_t{1} << 40)), 127.0);
    EXPECT_EQ(*fb.correctionHigh, 127.0);
}

TEST(RopeScalingYarn, ExtrapolationWeightsAndBlendedFrequencies) {
    const double s = 8.0;
    const auto f = core::computeRopeFrequencies(yarn(s, 4096));
    const Eigen::VectorXd theta = core::defaultInvFreq(128, 10000.0);
    const double low = *f.correctionLow, high = *f.correctionHigh;
    ASSERT_EQ(f.extrapolationWeight.size(), 64);
    for (int i = 0; i < 64; ++i) {
        const double w = f.extrapolationWeight[i];
        if (i <= low) {
            EXPECT_EQ(w, 1.0) << i;  // fast pairs: extrapolate (original theta)
            EXPECT_NEAR(f.invFreq[i], theta[i], 1e-16 * theta[i]) << i;
        } else if (i >= high) {
            EXPECT_EQ(w, 0.0) << i;  // slow pairs: interpolate (theta / s)
            EXPECT_NEAR(f.invFreq[i], theta[i] / s, 1e-15 * theta[i]) << i;
        } else {
            EXPECT_NEAR(w, 1.0 - (i - low) / (high - low), 1e-15) << i;
            EXPECT_NEAR(f.invFreq[i], theta[i] * w + theta[i] / s * (1.0 - w), 1e-15 * theta[i]) << i;
        }
    }
    EXPECT_EQ(f.extrapolationWeight[20], 1.0);
    EXPECT_EQ(f.extrapolationWeight[46], 0.0);
    EXPECT_NEAR(f.extrapolationWeight[33], 1.0 - 13.0 / 26.0, 1e-15);
}

TEST(RopeScalingYarn, AttentionFactor) {
    for (double s : {2.0, 4.0, 16.0, 40.0})
        EXPECT_NEAR(core::computeRopeFrequencies(yarn(s, 4096)).attentionFactor, 0.1 * std::log(s) + 1.0, 1e-15) << s;
    EXPECT_EQ(core::computeRopeFrequencies(yarn(1.0, 4096)).attentionFactor, 1.0);
}

TEST(RopeScalingYarn, MscaleOverMscaleAllDim) {
    const double s = 40.0;
    RopeParams p = yarn(s, 4096);
    p.mscale = 1.0;
    p.mscaleAllDim = 0.5;
    EXPECT_NEAR(core::computeRopeFrequencies(p).attentionFactor,
                (0.1 * 1.0 * std::log(s) + 1.0) / (0.1 * 0.5 * std::log(s) + 1.0), 1e-15);
    p.mscale = 0.707;
    p.mscaleAllDim = 0.707;  // DeepSeek-V3: equal values cancel
    EXPECT_NEAR(core::computeRopeFrequencies(p).attentionFactor, 1.0, 1e-15);
}

TEST(RopeScalingYarn, FallsBackToMaxPositionEmbeddingsAndSaysSo) {
    RopeParams withOriginal = yarn(4.0, 4096);
    RopeParams withMax = params(RopeType::Yarn, 128, 10000.0, 4.0);
    withMax.maxPositionEmbeddings = 4096;
    const auto a = core::computeRopeFrequencies(withOriginal), b = core::computeRopeFrequencies(withMax);
    EXPECT_EQ(a.invFreq, b.invFreq);
    EXPECT_NE(a.rule.find("original_max_position_embeddings"), std::string::npos) << a.rule;
    EXPECT_EQ(b.rule.find("original_max_position_embeddings"), std::string::npos) << b.rule;
    EXPECT_NE(b.rule.find("max_position_embeddings"), std::string::npos) << b.rule;
}

// -----------------------------------------------------------------------------
// [SECTION] llama3
// -----------------------------------------------------------------------------

RopeParams llama3() {
    RopeParams p = params(RopeType::Llama3, 128, 500000.0, 8.0);
    p.lowFreqFactor = 1.0;
    p.highFreqFactor = 4.0;
    p.originalMaxPositionEmbeddings = 8192;
    return p;
}

TEST(RopeScalingLlama3, TwentyNineKeptSixBlendedTwentyNineDivided) {
    const auto f = core::computeRopeFrequencies(llama3());
    ASSERT_EQ(f.band.size(), 64);
    EXPECT_EQ((f.band.array() == 0).count(), 29);
    EXPECT_EQ((f.band.array() == 1).count(), 6);
    EXPECT_EQ((f.band.array() == 2).count(), 29);
    // Bands are contiguous: kept (fast) first, divided (slow) last.
    for (int i = 0; i < 64; ++i) EXPECT_EQ(f.band[i], i < 29 ? 0 : (i < 35 ? 1 : 2)) << i;
}

TEST(RopeScalingLlama3, BandFormulas) {
    const RopeParams p = llama3();
    const auto f = core::computeRopeFrequencies(p);
    const Eigen::VectorXd theta = core::defaultInvFreq(128, 500000.0);
    for (int i = 0; i < 64; ++i) {
        const double lambda = kTwoPi / theta[i];  // UNscaled wavelength decides the band
        if (lambda < 8192.0 / 4.0) {
            EXPECT_EQ(f.invFreq[i], theta[i]) << i;
        } else if (lambda > 8192.0 / 1.0) {
            EXPECT_NEAR(f.invFreq[i], theta[i] / 8.0, 1e-16 * theta[i]) << i;
        } else {
            const double a = (8192.0 / lambda - 1.0) / (4.0 - 1.0);
            EXPECT_GT(a, 0.0);
            EXPECT_LT(a, 1.0);
            EXPECT_NEAR(f.invFreq[i], a * theta[i] + (1.0 - a) * theta[i] / 8.0, 1e-15 * theta[i]) << i;
            EXPECT_GT(f.invFreq[i], theta[i] / 8.0);
            EXPECT_LT(f.invFreq[i], theta[i]);
        }
    }
    EXPECT_EQ(f.attentionFactor, 1.0);
}

TEST(RopeScalingLlama3, EqualFactorsLeaveNoBlendBand) {
    // Llama 4 Scout: low_freq_factor == high_freq_factor == 1 (transformers warns, Meta's code asserts): each
    // pair is kept (wavelength < L0) or divided by s; 35 kept and 29 divided for theta 5e5, L0 8192.
    RopeParams p = params(RopeType::Llama3, 128, 500000.0, 16.0);
    p.lowFreqFactor = 1.0;
    p.highFreqFactor = 1.0;
    p.originalMaxPositionEmbeddings = 8192;
    const auto f = core::computeRopeFrequencies(p);
    const Eigen::VectorXd theta = core::defaultInvFreq(128, 500000.0);
    EXPECT_EQ((f.band.array() == 0).count(), 35);
    EXPECT_EQ((f.band.array() == 1).count(), 0);
    EXPECT_EQ((f.band.array() == 2).count(), 29);
    for (int i = 0; i < 64; ++i) {
        const bool kept = kTwoPi / theta[i] < 8192.0;
        EXPECT_EQ(f.invFreq[i], kept ? theta[i] : theta[i] / 16.0) << i;
        EXPECT_TRUE(std::isfinite(f.invFreq[i])) << i;
    }
}

// -----------------------------------------------------------------------------
// [SECTION] longrope
// -----------------------------------------------------------------------------

RopeParams longrope(double s) {
    RopeParams p = params(RopeType::LongRope, 16, 10000.0, s);
    p.originalMaxPositionEmbeddings = 4096;
    p.shortFactor = {1.0, 1.02, 1.05, 1.1, 1.2, 1.35, 1.5, 1.8};
    p.longFactor = {1.0, 1.3, 1.9, 2.7, 4.0, 6.5, 9.0, 12.0};
    return p;
}

TEST(RopeScalingLongRope, PerPairDivisors) {
    const RopeParams p = longrope(8.0);
    const auto f = core::computeRopeFrequencies(p);
    const Eigen::VectorXd theta = core::defaultInvFreq(16, 10000.0);
    for (int i = 0; i < 8; ++i) {
        EXPECT_NEAR(f.invFreqShort[i], 1.0 / (p.shortFactor[i] * std::pow(10000.0, 2.0 * i / 16)), 1e-15 * theta[i]);
        EXPECT_NEAR(f.invFreqLong[i], 1.0 / (p.longFactor[i] * std::pow(10000.0, 2.0 * i / 16)), 1e-15 * theta[i]);
    }
}

TEST(RopeScalingLongRope, ListChoiceRules) {
    struct Case {
        core::LongRopeRule rule;
        double factor;
        std::optional<int64_t> seqLen;
        bool usesLong;
    };
    const Case cases[] = {
        {core::LongRopeRule::Auto, 8.0, std::nullopt, true},     // no seq_len: factor > 1 → long
        {core::LongRopeRule::Auto, 1.0, std::nullopt, false},    // factor 1 → short
        {core::LongRopeRule::Auto, 8.0, 4096, false},            // seq_len given: not > L0 → short
        {core::LongRopeRule::Auto, 8.0, 4097, true},             // seq_len > L0 → long
        {core::LongRopeRule::SeqLen, 8.0, std::nullopt, false},  // unknown seq_len → short
        {core::LongRopeRule::SeqLen, 8.0, 100, false},
        {core::LongRopeRule::SeqLen, 8.0, 131072, true},
        {core::LongRopeRule::FactorAboveOne, 8.0, 100, true},  // 4.45: long whenever s > 1
        {core::LongRopeRule::FactorAboveOne, 1.0, 131072, false},
    };
    for (const Case& c : cases) {
        RopeParams p = longrope(c.factor);
        p.longRopeRule = c.rule;
        p.seqLen = c.seqLen;
        const auto f = core::computeRopeFrequencies(p);
        const std::string what = "rule " + std::to_string(int(c.rule)) + " factor " + std::to_string(c.factor) +
                                 " seq_len " + std::to_string(c.seqLen.value_or(-1));
        ASSERT_TRUE(f.longropeUsesLong.has_value()) << what;
        EXPECT_EQ(*f.longropeUsesLong, c.usesLong) << what;
        EXPECT_EQ(f.invFreq, c.usesLong ? f.invFreqLong : f.invFreqShort) << what;
        EXPECT_NE(f.rule.find(c.usesLong ? "long_factor" : "short_factor"), std::string::npos) << f.rule;
    }
}

TEST(RopeScalingLongRope, AttentionFactor) {
    for (double s : {2.0, 8.0, 32.0})
        EXPECT_NEAR(core::computeRopeFrequencies(longrope(s)).attentionFactor,
                    std::sqrt(1.0 + std::log(s) / std::log(4096.0)), 1e-15)
            << s;
    EXPECT_NEAR(core::computeRopeFrequencies(longrope(8.0)).attentionFactor, std::sqrt(1.25), 1e-15);
    EXPECT_EQ(core::computeRopeFrequencies(longrope(1.0)).attentionFactor, 1.0);
}

TEST(RopeScalingLongRope, FallsBackToMaxPositionEmbeddings) {
    RopeParams p = longrope(8.0);
    p.originalMaxPositionEmbeddings.reset();
    p.maxPositionEmbeddings = 4096;
    EXPECT_NEAR(core::computeRopeFrequencies(p).attentionFactor, std::sqrt(1.25), 1e-15);
}

// -----------------------------------------------------------------------------
// [SECTION] accepted input gives finite output
// -----------------------------------------------------------------------------

TEST(RopeScalingSweep, AcceptedParametersGiveFinitePositiveResults) {
    // Every type × small/odd sizes: either std::invalid_argument or finite, positive numbers throughout.
    int accepted = 0;
    std::vector<std::string> bad;
    for (RopeType t : {RopeType::Default, RopeType::Linear, RopeType::Ntk, RopeType::Dynamic, RopeType::Yarn,
                       RopeType::Llama3, RopeType::LongRope})
        for (int headDim : {4, 128})
            for (double base : {1.0001, 10000.0, 1e9})
                for (double s : {1.0, 1.0001, 8.0, 1e6})
                    for (int64_t length : {1, 2, 4096})
                        for (int64_t seqLen : {0, 1, 100000}) {
                            RopeParams p = params(t, headDim, base, s);
                            p.originalMaxPositionEmbeddings = length;
                            p.maxPositionEmbeddings = length;
                            if (seqLen > 0) p.seqLen = seqLen;
                            p.shortFactor.assign(static_cast<size_t>(headDim / 2), 1.0);
                            p.longFactor.assign(static_cast<size_t>(headDim / 2), 3.0);
                            core::RopeFrequencies f;
                            try {
                                f = core::computeRopeFrequencies(p);
                            } catch (const std::invalid_argument&) {
                                continue;
                            }
                            ++accepted;
                            const bool finite = f.invFreq.allFinite() && (f.invFreq.array() > 0).all() &&
                                                f.wavelength.allFinite() && f.scale.allFinite() &&
                                                std::isfinite(f.attentionFactor) && f.attentionFactor > 0;
                            if (!finite)
                                bad.push_back(std::string(core::ropeTypeName(t)) + " head_dim " +
                                              std::to_string(headDim) + " base " + std::to_string(base) + " factor " +
                                              std::to_string(s) + " L0 " + std::to_string(length) + " seq_len " +
                                              std::to_string(seqLen) + ": attention_factor " +
                                              std::to_string(f.attentionFactor));
                        }
    EXPECT_GT(accepted, 1000);
    std::string first;
    for (size_t k = 0; k < bad.size() && k < 5; ++k) first += "\n  " + bad[k];
    EXPECT_TRUE(bad.empty()) << bad.size() << " accepted parameter sets gave non-finite results, e.g." << first;
}

// -----------------------------------------------------------------------------
// [SECTION] names and overrides
// -----------------------------------------------------------------------------

TEST(RopeScalingNames, RoundTripAndAliases) {
    for (RopeType t : {RopeType::Default, RopeType::Linear, RopeType::Ntk, RopeType::Dynamic, RopeType::Yarn,
                       RopeType::Llama3, RopeType::LongRope})
        EXPECT_EQ(core::ropeTypeFromName(core::ropeTypeName(t)), t);
    EXPECT_EQ(core::ropeTypeFromName("su"), RopeType::LongRope);
    EXPECT_EQ(core::ropeTypeFromName("ntk-aware"), RopeType::Ntk);
    EXPECT_TRUE(throwsInvalidArgument([] { core::ropeTypeFromName("rotary9"); }, {"rope_type", "rotary9", "yarn"}));
}

TEST(RopeScalingOverride, ExplicitAttentionFactorWins) {
    for (RopeType t : {RopeType::Default, RopeType::Yarn, RopeType::LongRope}) {
        RopeParams p = t == RopeType::LongRope ? longrope(8.0) : yarn(8.0, 4096);
        p.type = t;
        p.attentionFactor = 0.75;
        const auto f = core::computeRopeFrequencies(p);
        EXPECT_EQ(f.attentionFactor, 0.75) << core::ropeTypeName(t);
        EXPECT_NE(f.rule.find("attention_factor"), std::string::npos) << f.rule;
    }
}

// -----------------------------------------------------------------------------
// [SECTION] the RoPE-type table
// -----------------------------------------------------------------------------

static_assert(std::extent_v<std::remove_reference_t<decltype(core::ropeTypes())>> == core::kRopeTypeCount);

TEST(RopeTypeTable, EveryTypeHasOneEntryAndNamesRoundTrip) {
    std::set<std::string> spellings;
    for (int i = 0; i < core::kRopeTypeCount; ++i) {
        const auto type = static_cast<RopeType>(i);
        const core::RopeTypeInfo& info = core::ropeTypeInfo(type);
        EXPECT_EQ(info.type, type);
        EXPECT_EQ(&info, &core::ropeTypes()[i]);
        ASSERT_NE(info.name, nullptr);
        ASSERT_NE(info.label, nullptr);
        ASSERT_NE(info.legend, nullptr);
        EXPECT_STREQ(core::ropeTypeName(type), info.name);
        EXPECT_EQ(core::ropeTypeFromName(info.name), type);
        EXPECT_TRUE(spellings.insert(info.name).second) << info.name << " spelled twice";
        for (const char* alias : info.aliases) {
            if (!alias) continue;
            EXPECT_EQ(core::ropeTypeFromName(alias), type) << alias;
            EXPECT_TRUE(spellings.insert(alias).second) << alias << " spelled twice";
        }
        // A required field is a used field.
        EXPECT_EQ(info.required.bits & ~info.uses.bits, 0u) << info.name;
    }
    // Exactly today's accepted spellings.
    EXPECT_EQ(spellings, (std::set<std::string>{"default", "linear", "ntk", "ntk-aware", "dynamic", "yarn", "llama3",
                                                "longrope", "su"}));
    EXPECT_EQ(core::ropeTypeNameList(), "default, linear, ntk, dynamic, yarn, llama3, longrope");
    EXPECT_TRUE(throwsInvalidArgument([] { core::ropeTypeFromName("LongRoPE"); }, {"rope_type", "LongRoPE"}));
    EXPECT_TRUE(throwsInvalidArgument([] { core::ropeTypeInfo(static_cast<RopeType>(core::kRopeTypeCount)); },
                                      {"rope_type", "7"}));
}

// The field sets agree with what computeRopeFrequencies reads: changing a field a type does not use leaves its
// frequencies unchanged; only default reads no factor.
TEST(RopeTypeTable, UnusedFieldsDoNotChangeTheResult) {
    using F = core::RopeField;
    for (int i = 0; i < core::kRopeTypeCount; ++i) {
        const auto type = static_cast<RopeType>(i);
        const core::RopeFieldSet uses = core::ropeTypeInfo(type).uses;
        RopeParams p = longrope(4.0);
        p.type = type;
        p.maxPositionEmbeddings = 16384;
        p.seqLen = 8192;
        const auto base = core::computeRopeFrequencies(p);
        auto unchanged = [&](F field, auto&& change) {
            if (uses.has(field)) return;
            RopeParams q = p;
            change(q);
            const auto f = core::computeRopeFrequencies(q);
            EXPECT_EQ(f.invFreq, base.invFreq) << core::ropeTypeName(type) << " field " << static_cast<int>(field);
            EXPECT_EQ(f.attentionFactor, base.attentionFactor) << core::ropeTypeName(type);
        };
        unchanged(F::Factor, [](RopeParams& q) { q.factor = 3.0; });
        unchanged(F::MaxPositionEmbeddings, [](RopeParams& q) { q.maxPositionEmbeddings = 32768; });
        unchanged(F::SeqLen, [](RopeParams& q) { q.seqLen = 100000; });
        unchanged(F::BetaFast, [](RopeParams& q) { q.betaFast = 16.0; });
        unchanged(F::BetaSlow, [](RopeParams& q) { q.betaSlow = 2.0; });
        unchanged(F::YarnTruncate, [](RopeParams& q) { q.yarnTruncate = false; });
        unchanged(F::Mscale, [](RopeParams& q) { q.mscale = 0.7; });
        unchanged(F::MscaleAllDim, [](RopeParams& q) { q.mscaleAllDim = 0.5; });
        unchanged(F::LowFreqFactor, [](RopeParams& q) { q.lowFreqFactor = 2.0; });
        unchanged(F::HighFreqFactor, [](RopeParams& q) { q.highFreqFactor = 8.0; });
        unchanged(F::ShortFactor, [](RopeParams& q) { q.shortFactor.assign(q.shortFactor.size(), 1.5); });
        unchanged(F::LongFactor, [](RopeParams& q) { q.longFactor.assign(q.longFactor.size(), 2.5); });
        unchanged(F::LongRopeRule, [](RopeParams& q) { q.longRopeRule = core::LongRopeRule::FactorAboveOne; });
        EXPECT_EQ(uses.has(F::Factor), type != RopeType::Default) << core::ropeTypeName(type);
    }
}

}  // namespace
}  // namespace phaselens::test
