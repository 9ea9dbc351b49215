// Phase wraparound and sampling aliasing: closed forms of every field of `phaselens compute phase`
// (core::phaseReport) and of the views that draw them (turns, aliasing, ladder Nyquist line and unseen-phase
// shading, wavelengths markers).
#include <gtest/gtest.h>

#include <cmath>

#include "model/views.h"
#include "phaselens/phase.h"
#include "phaselens/rope.h"

namespace phaselens::model {
namespace {

constexpr double kTwoPi = 2.0 * M_PI;

const plot::LineSeries& seriesNamed(const plot::PlotSpec& spec, const std::string& prefix) {
    for (const plot::LineSeries& s : spec.series)
        if (s.name.rfind(prefix, 0) == 0) return s;
    throw std::runtime_error("no series starting with '" + prefix + "'");
}

// Values of a per-pair series at x = 0, 1, ... (markers-only series carry NaN breaks: skipped).
std::vector<double> pairValues(const plot::LineSeries& s) {
    std::vector<double> out;
    for (size_t k = 0; k < s.x.size(); ++k)
        if (!std::isnan(s.x[k])) out.push_back(s.y[k]);
    return out;
}

TEST(PhaseReport, Pair0OfBase10000HasUnitFrequencyAndAliasesAtStride4) {
    const Eigen::VectorXd theta = core::defaultInvFreq(128, 10000.0);
    const core::PhaseReport r = core::phaseReport(theta, 4096, 4096, 4.0);
    EXPECT_DOUBLE_EQ(r.invFreq[0], 1.0);
    EXPECT_DOUBLE_EQ(r.wavelength[0], kTwoPi);
    EXPECT_TRUE(r.aliased[0]);
    EXPECT_NEAR(r.apparentFrequency[0], kTwoPi - 4.0, 1e-15);
    // pair 1: θ·4 = 4·10000^(−1/64) = 3.4641 > π aliases; pair 2: 4·10000^(−2/64) = 2.9907 < π does not.
    EXPECT_TRUE(r.aliased[1]);
    EXPECT_NEAR(r.apparentFrequency[1], kTwoPi - 4.0 * std::pow(10000.0, -1.0 / 64), 1e-14);
    EXPECT_FALSE(r.aliased[2]);
    EXPECT_NEAR(r.apparentFrequency[2], 4.0 * std::pow(10000.0, -2.0 / 64), 1e-14);
    EXPECT_EQ(r.aliased.count(), 2);
    // Stride 1: nothing aliases (θ0 = 1 < π) and the apparent frequency is θ itself.
    const core::PhaseReport one = core::phaseReport(theta, 4096, 4096, 1.0);
    EXPECT_EQ(one.aliased.count(), 0);
    EXPECT_TRUE(one.apparentFrequency.isApprox(theta, 1e-15));
}

TEST(PhaseReport, TurnsFormulasAndFullTurnBoundary) {
    const Eigen::VectorXd theta = core::defaultInvFreq(128, 10000.0);
    const core::PhaseReport r = core::phaseReport(theta, 32768, 4096, 1.0);
    for (Eigen::Index i = 0; i < theta.size(); ++i) {
        EXPECT_NEAR(r.turnsInContext[i], 32768 * theta[i] / kTwoPi, 1e-12 * r.turnsInContext[i]) << i;
        EXPECT_NEAR(r.turnsInTraining[i], 4096 * theta[i] / kTwoPi, 1e-12 * r.turnsInTraining[i]) << i;
        EXPECT_EQ(r.fullTurnInTraining[i], 4096 * theta[i] >= kTwoPi) << i;
        EXPECT_NEAR(r.wavelength[i], kTwoPi / theta[i], 1e-12 * r.wavelength[i]) << i;
    }
    // base 10000, r = 128: λ_i = 2π·10000^(i/64) exceeds 4096 from pair 46 on (λ45 = 3843, λ46 = 4712).
    EXPECT_TRUE(r.fullTurnInTraining[45]);
    EXPECT_FALSE(r.fullTurnInTraining[46]);
    EXPECT_EQ((!r.fullTurnInTraining).count(), 18);
    // Exactly one turn counts as a full turn: θ = 2π/64 (exact), T = 64 → T·θ = 2π; T = 63 does not.
    Eigen::VectorXd exact(1);
    exact << kTwoPi / 64;
    EXPECT_TRUE(core::phaseReport(exact, 64, 64).fullTurnInTraining[0]);
    EXPECT_FALSE(core::phaseReport(exact, 64, 63).fullTurnInTraining[0]);
    EXPECT_DOUBLE_EQ(core::phaseReport(exact, 128, 64).turnsInContext[0], 2.0);
}

TEST(TurnsView, SeriesAreTheTurnsAndMarkThePairsWithoutAFullTurn) {
    AppState s;
    s.contextLength = 32768;
    s.trainingContext = 4096;
    const ViewResult v = buildView(View::Turns, s);
    ASSERT_EQ(plot::validate(v.spec), "");
    const Eigen::VectorXd theta = core::defaultInvFreq(128, 10000.0);
    const std::vector<double> context = pairValues(seriesNamed(v.spec, "turns in context"));
    const std::vector<double> training = pairValues(seriesNamed(v.spec, "turns in training"));
    const std::vector<double> marked = pairValues(seriesNamed(v.spec, "no full turn in training (18)"));
    ASSERT_EQ(context.size(), 64u);
    ASSERT_EQ(marked.size(), 64u);
    for (int i = 0; i < 64; ++i) {
        EXPECT_NEAR(context[i], 32768 * theta[i] / kTwoPi, 1e-9 * context[i]);
        EXPECT_NEAR(training[i], 4096 * theta[i] / kTwoPi, 1e-9 * training[i]);
        EXPECT_EQ(std::isnan(marked[i]), i < 46) << i;  // markers only on the pairs without a full turn
    }
    EXPECT_TRUE(v.spec.y.log);
    // The shaded band starts half a pair before pair 46 and the y = 1 line marks one full turn.
    ASSERT_FALSE(v.spec.shaded.empty());
    EXPECT_DOUBLE_EQ(v.spec.shaded.front().x0, 45.5);
    bool oneTurn = false;
    for (const plot::RefLine& l : v.spec.refLines)
        oneTurn |= l.orientation == plot::Orientation::Horizontal && l.value == 1.0;
    EXPECT_TRUE(oneTurn);
    EXPECT_NE(v.convention.find("18 of 64 pairs never complete one"), std::string::npos) << v.convention;
}

TEST(TurnsView, SinusoidalPairsToo) {
    AppState s;
    s.ladderScheme = LadderScheme::Sinusoidal;
    s.sinusoidalDModel = 64;
    s.contextLength = 512;
    s.trainingContext = 512;
    const ViewResult v = buildView(View::Turns, s);
    const std::vector<double> training = pairValues(seriesNamed(v.spec, "turns in training"));
    ASSERT_EQ(training.size(), 32u);
    for (int k = 0; k < 32; ++k) EXPECT_NEAR(training[k], 512 * std::pow(10000.0, -2.0 * k / 64) / kTwoPi, 1e-9);
}

TEST(AliasingView, TrueStepApparentFrequencyAndNyquistLine) {
    AppState s;
    s.positionStride = 4;
    const ViewResult v = buildView(View::Aliasing, s);
    ASSERT_EQ(plot::validate(v.spec), "");
    const std::vector<double> step = pairValues(seriesNamed(v.spec, "true step"));
    const std::vector<double> apparent = pairValues(seriesNamed(v.spec, "apparent frequency"));
    const std::vector<double> aliased = pairValues(seriesNamed(v.spec, "aliased pairs (2)"));
    EXPECT_DOUBLE_EQ(step[0], 4.0);
    EXPECT_NEAR(apparent[0], kTwoPi - 4.0, 1e-15);
    EXPECT_FALSE(std::isnan(aliased[0]));
    EXPECT_FALSE(std::isnan(aliased[1]));
    EXPECT_TRUE(std::isnan(aliased[2]));
    bool nyquist = false;
    for (const plot::RefLine& l : v.spec.refLines)
        nyquist |= l.orientation == plot::Orientation::Horizontal && l.value == M_PI;
    EXPECT_TRUE(nyquist);
    // The axis keeps π in view, even when nothing comes near it.
    EXPECT_LT(v.spec.y.min, M_PI);
    EXPECT_GT(v.spec.y.max, M_PI);
    EXPECT_NE(v.convention.find("appears as 2.283"), std::string::npos) << v.convention;
}

TEST(AliasingView, PositionInterpolationDividesTheFrequencies) {
    // linear scaling by 4 divides θ by 4: with stride 4 pair 0 steps exactly 1 rad per sample again.
    AppState s;
    s.rope.type = core::RopeType::Linear;
    s.rope.factor = 4;
    s.positionStride = 4;
    const ViewResult v = buildView(View::Aliasing, s);
    const std::vector<double> step = pairValues(seriesNamed(v.spec, "true step"));
    EXPECT_DOUBLE_EQ(step[0], 1.0);
    EXPECT_NO_THROW(seriesNamed(v.spec, "aliased pairs (0)"));
}

TEST(LadderView, NyquistLineSeparatesTheAliasedPairs) {
    AppState s;
    s.positionStride = 4;
    s.contextLength = 16384;
    // The stride belongs to the aliasing panel's ladders (issue 14: it must not leak into the main ladder).
    for (const plot::RefLine& l : buildView(View::Ladder, s).spec.refLines) EXPECT_NE(l.label.rfind("Nyquist", 0), 0u);
    EXPECT_DOUBLE_EQ(buildView(View::Ladder, s).spec.heatmap->xMax, 16384.0);
    const ViewResult v = buildView(View::LadderPoint, s);
    ASSERT_EQ(plot::validate(v.spec), "");
    int lines = 0;
    for (const plot::RefLine& l : v.spec.refLines)
        if (l.orientation == plot::Orientation::Horizontal && l.label.rfind("Nyquist", 0) == 0) {
            EXPECT_DOUBLE_EQ(l.value, 2.0);  // between pair 1 (aliased) and pair 2
            ++lines;
        }
    EXPECT_EQ(lines, 1);
    // Stride 4 samples positions 0, 4, ..., 16380: 4096 samples covering [0, 16384).
    ASSERT_TRUE(v.spec.heatmap);
    EXPECT_DOUBLE_EQ(v.spec.heatmap->xMax, 16384.0);
    EXPECT_EQ(v.spec.heatmap->cols, 1024);
    // No Nyquist line at stride 1 (θ0 = 1 < π).
    s.positionStride = 1;
    for (const plot::RefLine& l : buildView(View::LadderPoint, s).spec.refLines)
        EXPECT_NE(l.label.rfind("Nyquist", 0), 0u);
}

TEST(LadderView, UnseenPhaseShadingIsExactPerTurn) {
    AppState s;
    s.contextLength = 16384;
    s.trainingContext = 4096;
    const ViewResult v = buildView(View::Ladder, s);
    const Eigen::VectorXd theta = core::defaultInvFreq(128, 10000.0);
    // Pair 46 (λ = 4711.7 < 16384): unseen phases [T·θ, 2π) at positions [kλ + T, (k + 1)λ) within [T, C).
    const double lambda = kTwoPi / theta[46];
    std::vector<std::pair<double, double>> expected;
    for (int k = 0; k * lambda < 16384; ++k) {
        const double a = std::max(4096.0, k * lambda + 4096), b = std::min(16384.0, (k + 1) * lambda);
        if (a < b) expected.emplace_back(a, b);
    }
    std::vector<std::pair<double, double>> got;
    for (const plot::ShadedRect& r : v.spec.shaded)
        if (r.y0 == 46 && r.y1 == 47) got.emplace_back(r.x0, r.x1);
    ASSERT_EQ(got.size(), expected.size());
    for (size_t k = 0; k < got.size(); ++k) {
        EXPECT_NEAR(got[k].first, expected[k].first, 1e-9);
        EXPECT_NEAR(got[k].second, expected[k].second, 1e-9);
    }
    // Pairs with λ >= C never reach a seen phase again: one merged block [T, C) from the first such pair.
    int firstLong = 0;
    while (kTwoPi / theta[firstLong] < 16384) ++firstLong;
    bool merged = false;
    for (const plot::ShadedRect& r : v.spec.shaded)
        merged |= r.y0 == firstLong && r.y1 == 64 && r.x0 == 4096 && r.x1 == 16384;
    EXPECT_TRUE(merged);
    // Pairs with a full turn in training are never shaded.
    for (const plot::ShadedRect& r : v.spec.shaded) EXPECT_GE(r.y0, 46);
}

TEST(LadderView, PositionMarkerAndRawOrWrappedToggle) {
    AppState s;
    s.positionMarker = 1000;
    s.ladderQuantity = LadderQuantity::AngleRaw;
    ViewResult v = buildView(View::Ladder, s);
    bool marker = false;
    for (const plot::RefLine& l : v.spec.refLines) marker |= l.value == 1000 && l.label == "p = 1000" && !l.dashed;
    EXPECT_TRUE(marker);
    EXPECT_GT(v.spec.heatmap->vmax, kTwoPi);  // raw angles grow past 2π
    s.ladderQuantity = LadderQuantity::AngleWrapped;
    v = buildView(View::Ladder, s);
    EXPECT_DOUBLE_EQ(v.spec.heatmap->vmin, 0.0);
    EXPECT_DOUBLE_EQ(v.spec.heatmap->vmax, kTwoPi);
    for (float x : v.spec.heatmap->values) {
        EXPECT_GE(x, 0.0f);
        EXPECT_LE(x, static_cast<float>(kTwoPi));
    }
}

TEST(DisplayAliasingViews, PointAndMeanDifferOnlyInTheReduction) {
    AppState s;
    s.contextLength = int64_t{1} << 20;
    s.reduction = core::Reduction::Max;  // ignored by the two views
    const ViewResult point = buildView(View::LadderPoint, s), mean = buildView(View::LadderMean, s);
    EXPECT_EQ(point.spec.heatmap->sampling, "point");
    EXPECT_EQ(mean.spec.heatmap->sampling, "mean");
    ASSERT_EQ(point.spec.heatmap->values.size(), mean.spec.heatmap->values.size());
    // Pair 0 (θ = 1) over blocks of 1024 positions: the mean fades to ~0 (|D| <= 1/(1024·sin(1/2))), point
    // sampling keeps full-amplitude cosines (moiré).
    const int cols = point.spec.heatmap->cols;
    double maxMean = 0, maxPoint = 0;
    for (int c = 0; c < cols; ++c) {
        maxMean = std::max(maxMean, std::abs(static_cast<double>(mean.spec.heatmap->values[c])));
        maxPoint = std::max(maxPoint, std::abs(static_cast<double>(point.spec.heatmap->values[c])));
    }
    EXPECT_LT(maxMean, 1.0 / (1024 * std::sin(0.5)) + 1e-6);
    EXPECT_GT(maxPoint, 0.9);
    EXPECT_NE(point.convention.find("moiré"), std::string::npos);
}

TEST(WavelengthsView, PairsWithoutAFullTurnAreMarked) {
    AppState s;
    s.trainingContext = 4096;
    const ViewResult v = buildView(View::Wavelengths, s);
    const std::vector<double> marked = pairValues(seriesNamed(v.spec, "no full turn in training (18)"));
    for (int i = 0; i < 64; ++i) EXPECT_EQ(std::isnan(marked[i]), i < 46) << i;
}

TEST(PhaseViews, InvalidStrideNamesTheParameter) {
    AppState s;
    s.positionStride = 0;
    try {
        buildView(View::Aliasing, s);
        FAIL() << "no exception";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("position stride"), std::string::npos) << e.what();
    }
    s.positionStride = 2e6;
    EXPECT_THROW(buildView(View::LadderPoint, s), std::invalid_argument);
}

}  // namespace
}  // namespace phaselens::model
