// Every documented bad input throws std::invalid_argument naming the parameter and the value
// (STYLE.md "Errors": "head_dim must be even, got 7").
//
// Contents
//   [SECTION] RoPE and scaling
//   [SECTION] Sinusoidal, xPos
//   [SECTION] ALiBi, T5, masks, attention
//   [SECTION] Learned tables, phase

#include <cmath>
#include <cstdint>
#include <limits>

#include "phaselens/alibi.h"
#include "phaselens/attention.h"
#include "phaselens/learned.h"
#include "phaselens/phase.h"
#include "phaselens/rope.h"
#include "phaselens/rope_scaling.h"
#include "phaselens/sinusoidal.h"
#include "phaselens/t5_buckets.h"
#include "phaselens/xpos.h"
#include "test_util.h"

namespace phaselens::test {
namespace {

using core::RopeParams;
using core::RopeType;
constexpr double kNan = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

RopeParams rope(RopeType type = RopeType::Default) {
    RopeParams p;
    p.type = type;
    p.headDim = 16;
    p.factor = 4.0;
    p.originalMaxPositionEmbeddings = 4096;
    p.maxPositionEmbeddings = 16384;
    p.shortFactor = std::vector<double>(8, 1.0);
    p.longFactor = std::vector<double>(8, 2.0);
    return p;
}

template <class Mutate>
testing::AssertionResult ropeRejects(Mutate mutate, std::initializer_list<const char*> fragments,
                                     RopeType type = RopeType::Default) {
    RopeParams p = rope(type);
    mutate(p);
    return throwsInvalidArgument([&] { core::computeRopeFrequencies(p); }, fragments);
}

// -----------------------------------------------------------------------------
// [SECTION] RoPE and scaling
// -----------------------------------------------------------------------------

TEST(Validation, BaselineParamsAreValid) {
    // Guards the tests below: each one breaks exactly one field of a valid set.
    for (RopeType t : {RopeType::Default, RopeType::Linear, RopeType::Ntk, RopeType::Dynamic, RopeType::Yarn,
                       RopeType::Llama3, RopeType::LongRope})
        EXPECT_NO_THROW(core::computeRopeFrequencies(rope(t))) << core::ropeTypeName(t);
}

TEST(Validation, OddHeadDimOrRotaryDim) {
    EXPECT_TRUE(ropeRejects([](RopeParams& p) { p.headDim = 7; }, {"head_dim", "7"}));
    EXPECT_TRUE(throwsInvalidArgument([] { core::rotaryDim(7, 1.0); }, {"head_dim", "7"}));
    EXPECT_TRUE(throwsInvalidArgument([] { core::rotaryDim(28, 0.25); }, {"rotary_dim", "7"}));  // 28·0.25 = 7
    EXPECT_TRUE(throwsInvalidArgument([] { core::defaultInvFreq(7, 10000.0); }, {"rotary_dim", "7"}));
    EXPECT_TRUE(throwsInvalidArgument([] { core::rotaryDim(1, 1.0); }, {"head_dim", "1"}));
    EXPECT_TRUE(throwsInvalidArgument([] { core::rotaryDim(0, 1.0); }, {"head_dim", "0"}));
}

TEST(Validation, PartialRotaryFactorOutsideUnitInterval) {
    EXPECT_TRUE(throwsInvalidArgument([] { core::rotaryDim(64, 0.0); }, {"partial_rotary_factor", "0"}));
    EXPECT_TRUE(throwsInvalidArgument([] { core::rotaryDim(64, 1.5); }, {"partial_rotary_factor", "1.5"}));
    EXPECT_TRUE(throwsInvalidArgument([] { core::rotaryDim(64, kNan); }, {"partial_rotary_factor", "nan"}));
}

TEST(Validation, BaseNotAboveOne) {
    EXPECT_TRUE(ropeRejects([](RopeParams& p) { p.base = 1.0; }, {"rope_theta", "1"}));
    EXPECT_TRUE(ropeRejects([](RopeParams& p) { p.base = 0.5; }, {"rope_theta", "0.5"}));
    EXPECT_TRUE(ropeRejects([](RopeParams& p) { p.base = -5.5; }, {"rope_theta", "-5.5"}));
    EXPECT_TRUE(ropeRejects([](RopeParams& p) { p.base = kNan; }, {"rope_theta", "nan"}));
    EXPECT_TRUE(ropeRejects([](RopeParams& p) { p.base = kInf; }, {"rope_theta", "inf"}));
    EXPECT_TRUE(throwsInvalidArgument([] { core::defaultInvFreq(8, 1.0); }, {"rope_theta", "1"}));
}

TEST(Validation, FactorBelowOneOrNotFinite) {
    for (RopeType t :
         {RopeType::Linear, RopeType::Ntk, RopeType::Dynamic, RopeType::Yarn, RopeType::Llama3, RopeType::LongRope}) {
        EXPECT_TRUE(ropeRejects([](RopeParams& p) { p.factor = 0.5; }, {"factor", "0.5"}, t)) << core::ropeTypeName(t);
        EXPECT_TRUE(ropeRejects([](RopeParams& p) { p.factor = kNan; }, {"factor", "nan"}, t)) << core::ropeTypeName(t);
        EXPECT_TRUE(ropeRejects([](RopeParams& p) { p.factor = kInf; }, {"factor", "inf"}, t)) << core::ropeTypeName(t);
    }
}

TEST(Validation, LongRopeListsOfWrongLengthOrValue) {
    EXPECT_TRUE(
        ropeRejects([](RopeParams& p) { p.shortFactor.resize(7); }, {"short_factor", "8", "7"}, RopeType::LongRope));
    EXPECT_TRUE(
        ropeRejects([](RopeParams& p) { p.longFactor.resize(9, 1.0); }, {"long_factor", "9"}, RopeType::LongRope));
    EXPECT_TRUE(ropeRejects([](RopeParams& p) { p.longFactor.clear(); }, {"long_factor", "0"}, RopeType::LongRope));
    EXPECT_TRUE(ropeRejects([](RopeParams& p) { p.longFactor[3] = 0.0; }, {"long_factor[3]", "0"}, RopeType::LongRope));
    EXPECT_TRUE(
        ropeRejects([](RopeParams& p) { p.shortFactor[5] = kNan; }, {"short_factor[5]", "nan"}, RopeType::LongRope));
    EXPECT_TRUE(ropeRejects(
        [](RopeParams& p) {
            p.originalMaxPositionEmbeddings.reset();
            p.maxPositionEmbeddings.reset();
        },
        {"original_max_position_embeddings"}, RopeType::LongRope));
}

TEST(Validation, LongRopeOriginalLengthOfOneIsRejected) {
    // attention_factor = sqrt(1 + ln s / ln L0) divides by ln 1 = 0 (HF raises ZeroDivisionError there).
    EXPECT_TRUE(ropeRejects([](RopeParams& p) { p.originalMaxPositionEmbeddings = 1; },
                            {"original_max_position_embeddings", "1"}, RopeType::LongRope));
}

TEST(Validation, YarnNeedsAnOriginalLength) {
    EXPECT_TRUE(ropeRejects(
        [](RopeParams& p) {
            p.originalMaxPositionEmbeddings.reset();
            p.maxPositionEmbeddings.reset();
        },
        {"original_max_position_embeddings", "required"}, RopeType::Yarn));
    EXPECT_TRUE(ropeRejects([](RopeParams& p) { p.originalMaxPositionEmbeddings = 0; },
                            {"original_max_position_embeddings", "0"}, RopeType::Yarn));
    EXPECT_TRUE(ropeRejects([](RopeParams& p) { p.betaFast = 0.0; }, {"beta_fast", "0"}, RopeType::Yarn));
    EXPECT_TRUE(ropeRejects([](RopeParams& p) { p.betaSlow = -1.0; }, {"beta_slow", "-1"}, RopeType::Yarn));
    EXPECT_TRUE(ropeRejects(
        [](RopeParams& p) {
            p.mscale = kNan;
            p.mscaleAllDim = 1.0;
        },
        {"mscale", "nan"}, RopeType::Yarn));
}

TEST(Validation, YarnBetaFastAtOrBelowBetaSlowIsComputedAsTransformersDoes) {
    // transformers only warns when beta_fast < beta_slow and says nothing when they are equal (Kimi K2 ships
    // beta_fast = beta_slow = 1): the correction range is computed as is, with the 0.001 span when low == high.
    RopeParams p;
    p.type = RopeType::Yarn;
    p.headDim = 64;
    p.base = 50000.0;
    p.factor = 64.0;
    p.originalMaxPositionEmbeddings = 4096;
    p.betaFast = 1.0;
    p.betaSlow = 1.0;
    const core::RopeFrequencies equal = core::computeRopeFrequencies(p);
    // i(1) = 64·ln(4096/(2π)) / (2·ln 50000) = 19.15…: low = floor = 19, high = ceil = 20.
    EXPECT_EQ(*equal.correctionLow, 19.0);
    EXPECT_EQ(*equal.correctionHigh, 20.0);
    EXPECT_EQ(equal.extrapolationWeight[19], 1.0);
    EXPECT_EQ(equal.extrapolationWeight[20], 0.0);
    p.yarnTruncate = false;  // unrounded: low == high, the ramp is a step of width 0.001
    const core::RopeFrequencies step = core::computeRopeFrequencies(p);
    EXPECT_EQ(*step.correctionLow, *step.correctionHigh);
    EXPECT_EQ(step.extrapolationWeight[19], 1.0);
    EXPECT_EQ(step.extrapolationWeight[20], 0.0);
    p.yarnTruncate = true;
    p.betaFast = 1.0;
    p.betaSlow = 32.0;  // swapped: low > high, the ramp runs backwards and is clamped, as in transformers
    const core::RopeFrequencies swapped = core::computeRopeFrequencies(p);
    EXPECT_GT(*swapped.correctionLow, *swapped.correctionHigh);
    for (Eigen::Index i = 0; i < swapped.invFreq.size(); ++i) EXPECT_TRUE(std::isfinite(swapped.invFreq[i]));
    EXPECT_TRUE(ropeRejects([](RopeParams& q) { q.betaFast = 0.0; }, {"beta_fast", "0"}, RopeType::Yarn));
}

TEST(Validation, Llama3Bands) {
    // high <= low is accepted as transformers does (it only warns); high must still be > 0.
    EXPECT_TRUE(
        ropeRejects([](RopeParams& p) { p.highFreqFactor = 0.0; }, {"high_freq_factor", "0"}, RopeType::Llama3));
    EXPECT_TRUE(ropeRejects([](RopeParams& p) { p.lowFreqFactor = 0.0; }, {"low_freq_factor", "0"}, RopeType::Llama3));
    EXPECT_TRUE(ropeRejects([](RopeParams& p) { p.originalMaxPositionEmbeddings.reset(); },
                            {"original_max_position_embeddings"}, RopeType::Llama3));
}

TEST(Validation, DynamicNeedsMaxPositions) {
    EXPECT_TRUE(ropeRejects(
        [](RopeParams& p) {
            p.maxPositionEmbeddings.reset();
            p.originalMaxPositionEmbeddings.reset();
        },
        {"max_position_embeddings"}, RopeType::Dynamic));
    EXPECT_TRUE(ropeRejects([](RopeParams& p) { p.seqLen = 0; }, {"seq_len", "0"}, RopeType::Dynamic));
    EXPECT_TRUE(ropeRejects([](RopeParams& p) { p.headDim = 2; }, {"rotary_dim", "2"}, RopeType::Dynamic));
}

TEST(Validation, AttentionFactorOverride) {
    EXPECT_TRUE(ropeRejects([](RopeParams& p) { p.attentionFactor = 0.0; }, {"attention_factor", "0"}));
    EXPECT_TRUE(ropeRejects([](RopeParams& p) { p.attentionFactor = kNan; }, {"attention_factor", "nan"}));
}

TEST(Validation, RotateArguments) {
    const Eigen::VectorXd theta = core::defaultInvFreq(8, 10000.0);
    EXPECT_TRUE(
        throwsInvalidArgument([&] { core::rotate(Eigen::VectorXd::Ones(6), 1.0, theta, core::Pairing::HalfSplit); },
                              {"rotary_dim", "8", "6"}));
    EXPECT_TRUE(throwsInvalidArgument(
        [&] { core::rotate(Eigen::VectorXd::Ones(8), kNan, theta, core::Pairing::HalfSplit); }, {"position", "nan"}));
    EXPECT_TRUE(throwsInvalidArgument(
        [&] { core::rotate(Eigen::VectorXd::Ones(8), 1.0, theta, core::Pairing::HalfSplit, kInf); },
        {"attention_factor", "inf"}));
    EXPECT_TRUE(throwsInvalidArgument(
        [&] {
            core::rotateRows(Eigen::MatrixXd::Ones(3, 8), Eigen::VectorXd::Zero(2), theta, core::Pairing::HalfSplit);
        },
        {"positions", "3", "2"}));
    EXPECT_TRUE(throwsInvalidArgument([&] { core::wavelengths(Eigen::VectorXd::Zero(2)); }, {"inv_freq", "0"}));
    EXPECT_TRUE(
        throwsInvalidArgument([&] { core::kernelWeighted(theta, Eigen::VectorXd::Ones(3), Eigen::VectorXd::Zero(1)); },
                              {"weights", "4", "3"}));
    EXPECT_TRUE(throwsInvalidArgument([&] { core::kernelSumCosRange(theta, Eigen::VectorXd::Ones(4), 0, -1); },
                                      {"count", "-1"}));
    EXPECT_TRUE(
        throwsInvalidArgument([&] { core::kernelMatrix(theta, Eigen::VectorXd::Ones(4), 0); }, {"seq_len", "0"}));
}

// -----------------------------------------------------------------------------
// [SECTION] Sinusoidal, xPos
// -----------------------------------------------------------------------------

TEST(Validation, Sinusoidal) {
    core::SinusoidalParams p;
    p.dModel = 7;
    EXPECT_TRUE(throwsInvalidArgument([&] { core::validate(p); }, {"d_model", "7"}));
    EXPECT_TRUE(throwsInvalidArgument([&] { core::sinusoidalTable(p, 4); }, {"d_model", "7"}));
    p.dModel = 16;
    p.base = 1.0;
    EXPECT_TRUE(throwsInvalidArgument([&] { core::validate(p); }, {"base", "1"}));
    p.base = kNan;
    EXPECT_TRUE(throwsInvalidArgument([&] { core::validate(p); }, {"base", "nan"}));
    p.base = 10000.0;
    EXPECT_TRUE(throwsInvalidArgument([&] { core::sinusoidalTable(p, Eigen::VectorXd::Constant(1, kInf)); },
                                      {"positions", "inf"}));
    EXPECT_TRUE(throwsInvalidArgument([&] { core::sinusoidalTable(p, int64_t{-3}); }, {"num_positions", "-3"}));
}

TEST(Validation, Xpos) {
    core::XposParams p;
    p.scaleBase = 0.0;
    EXPECT_TRUE(throwsInvalidArgument([&] { core::validate(p); }, {"scale_base", "0"}));
    p.scaleBase = kNan;
    EXPECT_TRUE(throwsInvalidArgument([&] { core::validate(p); }, {"scale_base", "nan"}));
    p.scaleBase = 512;
    p.headDim = 7;
    EXPECT_TRUE(throwsInvalidArgument([&] { core::validate(p); }, {"head_dim", "7"}));
    p.headDim = 8;
    p.base = 0.5;
    EXPECT_TRUE(throwsInvalidArgument([&] { core::validate(p); }, {"base", "0.5"}));
    p.base = 10000.0;
    EXPECT_TRUE(throwsInvalidArgument([&] { core::xposTransform(p, Eigen::MatrixXd::Ones(2, 6), 0, false); },
                                      {"head_dim", "8", "6"}));
    EXPECT_TRUE(throwsInvalidArgument([&] { core::xposTransform(p, Eigen::MatrixXd::Ones(2, 8), -1, false); },
                                      {"offset", "-1"}));
}

// -----------------------------------------------------------------------------
// [SECTION] ALiBi, T5, masks, attention
// -----------------------------------------------------------------------------

TEST(Validation, AlibiHeads) {
    EXPECT_TRUE(throwsInvalidArgument([] { core::alibiSlopes(0); }, {"heads", "0"}));
    EXPECT_TRUE(throwsInvalidArgument([] { core::alibiSlopes(-4); }, {"heads", "-4"}));
    EXPECT_TRUE(throwsInvalidArgument([] { core::alibiSlopes(core::kMaxAlibiHeads + 1); }, {"heads", "65537"}));
    EXPECT_TRUE(throwsInvalidArgument([] { core::alibiBias(kNan, 4); }, {"slope", "nan"}));
    EXPECT_TRUE(throwsInvalidArgument([] { core::alibiBias(0.5, -1); }, {"seq_len", "-1"}));
}

TEST(Validation, T5Buckets) {
    EXPECT_TRUE(throwsInvalidArgument(
        [] {
            core::validate(core::T5BucketParams{33, 128, true});
        },
        {"num_buckets", "33"}));
    EXPECT_TRUE(throwsInvalidArgument(
        [] {
            core::t5Bucket(core::T5BucketParams{33, 128, true}, 5);
        },
        {"num_buckets", "33"}));
    EXPECT_TRUE(throwsInvalidArgument(
        [] {
            core::validate(core::T5BucketParams{2, 128, true});
        },
        {"num_buckets", "2"}));
    EXPECT_TRUE(throwsInvalidArgument(
        [] {
            core::validate(core::T5BucketParams{32, 8, true});
        },
        {"max_distance", "8"}));
    EXPECT_NO_THROW(core::validate(core::T5BucketParams{33, 128, false}));  // odd is fine unidirectionally
}

TEST(Validation, SlidingWindowZero) {
    const core::MaskParams zero{core::MaskType::SlidingWindow, 0};
    EXPECT_TRUE(throwsInvalidArgument([&] { core::validate(zero); }, {"window", "0"}));
    EXPECT_TRUE(throwsInvalidArgument([&] { core::maskMatrix(zero, 4, 4); }, {"window", "0"}));
    Eigen::MatrixXd s = Eigen::MatrixXd::Zero(2, 2);
    EXPECT_TRUE(throwsInvalidArgument(
        [&] {
            core::applyMask(s, {core::MaskType::SlidingWindow, -3});
        },
        {"window", "-3"}));
}

TEST(Validation, ScoresShapesAndValues) {
    EXPECT_TRUE(throwsInvalidArgument([] { core::rawScores(Eigen::MatrixXd::Ones(2, 4), Eigen::MatrixXd::Ones(2, 5)); },
                                      {"width", "4", "5"}));
    Eigen::MatrixXd q = Eigen::MatrixXd::Ones(2, 4);
    q(1, 2) = kNan;
    EXPECT_TRUE(throwsInvalidArgument([&] { core::rawScores(q, Eigen::MatrixXd::Ones(2, 4)); }, {"q", "finite"}));
}

// -----------------------------------------------------------------------------
// [SECTION] Learned tables, phase
// -----------------------------------------------------------------------------

TEST(Validation, LearnedTableSizes) {
    EXPECT_TRUE(throwsInvalidArgument([] { core::learnedTableRandom(0, 8, 1); }, {"max_positions", "0"}));
    EXPECT_TRUE(throwsInvalidArgument([] { core::learnedTableRandom(8, 0, 1); }, {"dim", "0"}));
    EXPECT_TRUE(throwsInvalidArgument([] { core::learnedTableRandom(8, 8, 1, 0.0); }, {"stddev", "0"}));
    EXPECT_TRUE(throwsInvalidArgument([] { core::learnedTableRandom(int64_t{1} << 28, 2, 1); },
                                      {"max_positions * dim", "268435456"}));
}

TEST(Validation, LearnedTableSizeOverflowIsRejected) {
    // max_positions·dim > 2^28 cells must be rejected even when the product overflows int64.
    EXPECT_TRUE(throwsInvalidArgument([] { core::learnedTableRandom(int64_t{1} << 62, 4, 1); }, {"max_positions"}));
    EXPECT_TRUE(throwsInvalidArgument([] { core::learnedTableRandom(std::numeric_limits<int64_t>::max(), 2, 1); },
                                      {"max_positions"}));
}

TEST(Validation, NpyGarbage) {
    EXPECT_TRUE(throwsInvalidArgument([] { core::parseNpy("PK\x03\x04 this is a zip file"); }, {"npy", "magic"}));
}

TEST(Validation, PhaseReport) {
    const Eigen::VectorXd theta = core::defaultInvFreq(8, 10000.0);
    EXPECT_TRUE(throwsInvalidArgument([&] { core::phaseReport(theta, 0.5, 10, 1); }, {"context", "0.5"}));
    EXPECT_TRUE(throwsInvalidArgument([&] { core::phaseReport(theta, 10, 0, 1); }, {"training_context", "0"}));
    EXPECT_TRUE(throwsInvalidArgument([&] { core::phaseReport(theta, 10, 10, 0); }, {"stride", "0"}));
    EXPECT_TRUE(throwsInvalidArgument([&] { core::phaseReport(theta, 10, 10, kNan); }, {"stride", "nan"}));
    EXPECT_TRUE(throwsInvalidArgument([&] { core::phaseReport(Eigen::VectorXd::Constant(2, -1.0), 10, 10, 1); },
                                      {"inv_freq", "-1"}));
}

}  // namespace
}  // namespace phaselens::test
