// phaselens/pretraining.h — which phases the pretrained model saw, against closed forms for unscaled RoPE,
// PI, NTK-aware, YaRN and Llama-3.
#include "phaselens/pretraining.h"

#include <cmath>

#include "phaselens/rope.h"
#include "phaselens/rope_scaling.h"
#include "test_util.h"

namespace phaselens::test {
namespace {

core::RopeFrequencies scaled(core::RopeType type, double factor, int64_t l0, double base = 10000.0, int headDim = 128) {
    core::RopeParams p;
    p.headDim = headDim;
    p.base = base;
    p.type = type;
    p.factor = factor;
    p.originalMaxPositionEmbeddings = l0;
    p.maxPositionEmbeddings = l0;
    return core::computeRopeFrequencies(p);
}

// Pairs whose pretrained model completed a turn in positions 0..L0-1 ((L0 − 1)·θ >= 2π) saw every phase.
bool allSeen(double theta, int64_t l0) {
    return static_cast<double>(l0 - 1) * theta >= kTwoPi;
}

TEST(Pretraining, UnscaledRopeIsUnseenFromTheTrainingContext) {
    const Eigen::VectorXd theta = core::defaultInvFreq(128, 10000.0);
    for (int64_t l0 : {1, 2, 64, 4096, 4097, 100000}) {
        for (Eigen::Index i = 0; i < theta.size(); ++i) {
            const std::optional<double> p = core::firstUnseenPosition(theta[i], theta[i], static_cast<double>(l0));
            ASSERT_EQ(p.has_value(), !allSeen(theta[i], l0)) << l0 << " " << i;
            if (p) {
                EXPECT_EQ(*p, static_cast<double>(l0)) << l0 << " " << i;  // today's answer: from T on
            }
        }
    }
    // base 10000, r = 128, L0 = 4096: pairs 46.. have λ > 4096 (no full turn), pair 45 (λ = 3843) saw everything.
    const core::PretrainingReport r = core::pretrainingReport(theta, theta, 4096, 32768);
    EXPECT_FALSE(r.firstUnseenPosition[45].has_value());
    EXPECT_EQ(r.firstUnseenPosition[46].value(), 4096.0);
    EXPECT_TRUE(r.fullTurnInPretraining[45]);
    EXPECT_FALSE(r.fullTurnInPretraining[46]);
    EXPECT_EQ((!r.fullTurnInPretraining).count(), 18);
    // Not below the context: null.
    const core::PretrainingReport shortContext = core::pretrainingReport(theta, theta, 4096, 4096);
    for (const auto& p : shortContext.firstUnseenPosition) EXPECT_FALSE(p.has_value());
}

TEST(Pretraining, PositionInterpolationVeilsNothingBeforeSTimesL0Minus1Plus1) {
    const int64_t l0 = 4096;
    for (double s : {2.0, 4.0, 8.0, 16.0}) {
        const core::RopeFrequencies f = scaled(core::RopeType::Linear, s, l0);
        const Eigen::VectorXd theta = core::defaultInvFreq(128, 10000.0);
        const double context = s * static_cast<double>(l0);
        const core::PretrainingReport r = core::pretrainingReport(theta, f.invFreq, static_cast<double>(l0), context);
        for (Eigen::Index i = 0; i < theta.size(); ++i) {
            const auto& p = r.firstUnseenPosition[static_cast<size_t>(i)];
            if (allSeen(theta[i], l0)) {
                EXPECT_FALSE(p.has_value()) << s << " " << i;
            } else {
                ASSERT_TRUE(p.has_value()) << s << " " << i;
                EXPECT_EQ(*p, s * static_cast<double>(l0 - 1) + 1.0) << s << " " << i;
            }
            // full turn in pretraining uses the unscaled θ: the same pairs as unscaled RoPE.
            EXPECT_EQ(bool(r.fullTurnInPretraining[i]), static_cast<double>(l0) * theta[i] >= kTwoPi) << i;
        }
        // Every veil interval starts at or after s·(L0 − 1) + 1.
        for (Eigen::Index i = 0; i < theta.size(); ++i)
            for (const auto& [a, b] : core::unseenIntervals(theta[i], f.invFreq[i], l0, context, 4096).intervals) {
                EXPECT_GE(a, s * static_cast<double>(l0 - 1) + 1.0) << i;
                EXPECT_LT(a, b);
            }
    }
}

TEST(Pretraining, NtkAwareClosedForm) {
    // base' = base·s^(r/(r−2)) → θ/θ′ = s^(2i/(r−2)); first unseen = ⌊(L0 − 1)·s^(2i/(r−2))⌋ + 1.
    const int r = 128;
    const double s = 4.0;
    const int64_t l0 = 2048;
    const core::RopeFrequencies f = scaled(core::RopeType::Ntk, s, l0, 10000.0, r);
    const Eigen::VectorXd theta = core::defaultInvFreq(r, 10000.0);
    for (int i = 0; i < r / 2; ++i) {
        const std::optional<double> p = core::firstUnseenPosition(theta[i], f.invFreq[i], static_cast<double>(l0));
        ASSERT_EQ(p.has_value(), !allSeen(theta[i], l0)) << i;
        if (!p) continue;
        const double expected = (l0 - 1) * std::pow(s, 2.0 * i / (r - 2));
        // Away from an integer boundary the floor is unambiguous.
        if (std::abs(expected - std::round(expected)) > 1e-6) {
            EXPECT_EQ(*p, std::floor(expected) + 1) << i;
        }
        EXPECT_NEAR(*p, expected, 1.0 + 1e-6) << i;
    }
}

TEST(Pretraining, YarnInterpolatedPairsAreUnseenFromSTimesL0Minus1Plus1) {
    const double s = 8.0;
    const int64_t l0 = 4096;
    const core::RopeFrequencies f = scaled(core::RopeType::Yarn, s, l0);
    const Eigen::VectorXd theta = core::defaultInvFreq(128, 10000.0);
    int interpolated = 0;
    for (Eigen::Index i = 0; i < theta.size(); ++i) {
        const std::optional<double> p = core::firstUnseenPosition(theta[i], f.invFreq[i], static_cast<double>(l0));
        if (f.extrapolationWeight[i] == 1.0) {  // extrapolated: θ′ = θ, and (YaRN's β_fast = 32) full turns
            EXPECT_FALSE(p.has_value()) << i;
        } else if (f.extrapolationWeight[i] == 0.0) {  // fully interpolated: θ′ = θ/s
            ++interpolated;
            if (allSeen(theta[i], l0)) {
                EXPECT_FALSE(p.has_value()) << i;
            } else {
                ASSERT_TRUE(p.has_value()) << i;
                EXPECT_EQ(*p, s * (l0 - 1) + 1) << i;
            }
        }
    }
    EXPECT_GT(interpolated, 10);
}

TEST(Pretraining, Llama31KeepsPair32AndDividesTheSlowBand) {
    // Llama-3.1-8B: base 500000, r = 128, s = 8, L0 = 8192, low 1, high 4.
    const int64_t l0 = 8192;
    const core::RopeFrequencies f = scaled(core::RopeType::Llama3, 8.0, l0, 500000.0);
    const Eigen::VectorXd theta = core::defaultInvFreq(128, 500000.0);
    const core::PretrainingReport r = core::pretrainingReport(theta, f.invFreq, static_cast<double>(l0), 131072);
    // Pair 32: unscaled λ = 2π·500000^(1/2) = 4443 < 8192: a full turn in pretraining, every phase seen.
    EXPECT_NEAR(kTwoPi / theta[32], 4442.88, 0.01);
    EXPECT_TRUE(r.fullTurnInPretraining[32]);
    EXPECT_FALSE(r.firstUnseenPosition[32].has_value());
    for (Eigen::Index i = 0; i < theta.size(); ++i) {
        const auto& p = r.firstUnseenPosition[static_cast<size_t>(i)];
        EXPECT_EQ(bool(r.fullTurnInPretraining[i]), 8192 * theta[i] >= kTwoPi) << i;
        if (allSeen(theta[i], l0)) {
            EXPECT_FALSE(p.has_value()) << i;
        } else if (f.band[i] == 2) {  // divided by s: PI on this band
            ASSERT_TRUE(p.has_value()) << i;
            EXPECT_EQ(*p, 8.0 * (l0 - 1) + 1) << i;
        }
    }
}

TEST(Pretraining, UnseenIntervalsPerTurnAndValidation) {
    // θ = 2π/100, θ′ = θ/2, L0 = 30: reached 29·θ; first unseen ⌊58⌋ + 1 = 59; λ′ = 200.
    const double theta = kTwoPi / 100;
    const core::UnseenIntervals u = core::unseenIntervals(theta, theta / 2, 30, 700, 100);
    ASSERT_TRUE(u.complete);
    ASSERT_EQ(u.intervals.size(), 4u);
    EXPECT_NEAR(u.intervals[0].first, 59, 1e-9);
    EXPECT_NEAR(u.intervals[0].second, 200, 1e-9);
    EXPECT_NEAR(u.intervals[1].first, 259, 1e-9);
    EXPECT_NEAR(u.intervals[3].first, 659, 1e-9);
    EXPECT_NEAR(u.intervals[3].second, 700, 1e-9);
    const core::UnseenIntervals capped = core::unseenIntervals(theta, theta / 2, 30, 700, 2);
    EXPECT_FALSE(capped.complete);
    ASSERT_EQ(capped.intervals.size(), 1u);
    EXPECT_NEAR(capped.intervals[0].first, 59, 1e-9);
    EXPECT_THROW(core::firstUnseenPosition(0.0, 1.0, 10), std::invalid_argument);
    EXPECT_THROW(core::firstUnseenPosition(1.0, 1.0, 0.5), std::invalid_argument);
    EXPECT_THROW(core::pretrainingReport(Eigen::VectorXd::Ones(2), Eigen::VectorXd::Ones(3), 10, 10),
                 std::invalid_argument);
}

}  // namespace
}  // namespace phaselens::test
