// Context extension compared: one series per method with the closed-form per-pair scale factors
// (PI, NTK-aware, dynamic NTK, YaRN, Llama-3, LongRoPE), wavelengths, kernel bin means, attention factors.
#include <gtest/gtest.h>

#include <cmath>

#include "model/views.h"
#include "phaselens/rope.h"

namespace phaselens::model {
namespace {

constexpr double kTwoPi = 2.0 * M_PI;
const char* kMethods[] = {"PI (linear)", "NTK-aware", "dynamic NTK", "YaRN", "Llama-3", "LongRoPE"};

const plot::LineSeries& seriesNamed(const plot::PlotSpec& spec, const std::string& name) {
    for (const plot::LineSeries& s : spec.series)
        if (s.name == name) return s;
    throw std::runtime_error("no series '" + name + "'");
}

TEST(ExtensionScale, OneSeriesPerMethodInAFixedOrderAndColor) {
    AppState s;
    const ViewResult v = buildView(View::ExtensionScale, s);
    ASSERT_EQ(plot::validate(v.spec), "");
    ASSERT_EQ(v.spec.series.size(), 6u);
    for (size_t k = 0; k < 6; ++k) {
        EXPECT_EQ(v.spec.series[k].name, kMethods[k]);
        EXPECT_NE(v.spec.series[k].color, 0u);  // same color in every extension plot
        EXPECT_EQ(v.spec.series[k].y.size(), 64u);
    }
    EXPECT_EQ(buildView(View::ExtensionWavelengths, s).spec.series[1].color, v.spec.series[0].color);
    EXPECT_TRUE(v.spec.y.log);
}

TEST(ExtensionScale, LinearIsSForEveryPairAndNtkFollowsItsBase) {
    AppState s;
    s.extensionFactor = 8;
    const ViewResult v = buildView(View::ExtensionScale, s);
    const plot::LineSeries& pi = seriesNamed(v.spec, "PI (linear)");
    const plot::LineSeries& ntk = seriesNamed(v.spec, "NTK-aware");
    for (int i = 0; i < 64; ++i) {
        EXPECT_NEAR(pi.y[i], 8.0, 1e-12) << i;
        // base' = base·s^(r/(r−2)) → θ_i/θ'_i = s^(2i/(r−2)); the last pair is scaled by exactly s.
        EXPECT_NEAR(ntk.y[i], std::pow(8.0, 2.0 * i / 126.0), 1e-10 * ntk.y[i]) << i;
    }
    EXPECT_NEAR(ntk.y[0], 1.0, 1e-15);
    EXPECT_NEAR(ntk.y[63], 8.0, 1e-10);
}

TEST(ExtensionScale, DynamicNtkAtTheCurrentLength) {
    AppState s;
    s.extensionFactor = 8;
    s.rope.originalMaxPositionEmbeddings = 4096;
    s.extensionCurrentLength = 16384;  // s·L/L0 − (s − 1) = 32 − 7 = 25
    const plot::LineSeries dyn = seriesNamed(buildView(View::ExtensionScale, s).spec, "dynamic NTK");
    for (int i = 0; i < 64; ++i) EXPECT_NEAR(dyn.y[i], std::pow(25.0, 2.0 * i / 126.0), 1e-10 * dyn.y[i]) << i;
    s.extensionCurrentLength = 4096;  // L <= L0: unchanged
    const plot::LineSeries same = seriesNamed(buildView(View::ExtensionScale, s).spec, "dynamic NTK");
    for (double y : same.y) EXPECT_NEAR(y, 1.0, 1e-12);
}

TEST(ExtensionScale, Llama3Bands29_6_29) {
    AppState s;
    s.rope.base = 500000;
    s.rope.headDim = 128;
    s.rope.originalMaxPositionEmbeddings = 8192;
    s.extensionFactor = 8;
    const ViewResult v = buildView(View::ExtensionScale, s);
    const plot::LineSeries& l3 = seriesNamed(v.spec, "Llama-3");
    const Eigen::VectorXd theta = core::defaultInvFreq(128, 500000.0);
    int kept = 0, blended = 0, divided = 0;
    for (int i = 0; i < 64; ++i) {
        const double lambda = kTwoPi / theta[i];
        if (lambda < 8192.0 / 4) {
            EXPECT_NEAR(l3.y[i], 1.0, 1e-12) << i;
            ++kept;
        } else if (lambda > 8192.0 / 1) {
            EXPECT_NEAR(l3.y[i], 8.0, 1e-12) << i;
            ++divided;
        } else {
            const double a = (8192.0 / lambda - 1) / (4 - 1);
            EXPECT_NEAR(l3.y[i], 1.0 / (a + (1 - a) / 8), 1e-12) << i;
            ++blended;
        }
    }
    EXPECT_EQ(kept, 29);
    EXPECT_EQ(blended, 6);
    EXPECT_EQ(divided, 29);
    EXPECT_NE(v.spec.caption.find("Llama-3 bands: 29 kept, 6 blended, 29 divided"), std::string::npos)
        << v.spec.caption;
}

TEST(ExtensionScale, YarnRampBetweenTheCorrectionDims) {
    AppState s;
    s.extensionFactor = 8;
    s.rope.originalMaxPositionEmbeddings = 4096;
    const plot::LineSeries yarn = seriesNamed(buildView(View::ExtensionScale, s).spec, "YaRN");
    // i(ρ) = r·ln(L0/(2πρ))/(2·ln base): low = floor(i(32)), high = ceil(i(1)).
    auto dim = [](double rho) { return 128 * std::log(4096 / (kTwoPi * rho)) / (2 * std::log(10000.0)); };
    const double low = std::max(std::floor(dim(32)), 0.0), high = std::min(std::ceil(dim(1)), 127.0);
    for (int i = 0; i < 64; ++i) {
        const double ramp = std::clamp((i - low) / (high - low), 0.0, 1.0), w = 1 - ramp;
        EXPECT_NEAR(yarn.y[i], 1.0 / (w + (1 - w) / 8), 1e-12) << i;
    }
}

TEST(ExtensionScale, LongRopeUsesTheLoadedLongListAtTheTarget) {
    AppState s;
    s.extensionFactor = 4;
    for (int i = 0; i < 64; ++i) {
        s.rope.longFactor.push_back(1.0 + 0.25 * i);
        s.rope.shortFactor.push_back(1.0);
    }
    const ViewResult v = buildView(View::ExtensionScale, s);
    const plot::LineSeries& lr = seriesNamed(v.spec, "LongRoPE");
    for (int i = 0; i < 64; ++i) EXPECT_NEAR(lr.y[i], 1.0 + 0.25 * i, 1e-12) << i;
    // Without lists of rotary_dim/2 entries the comparison says that long = s (the same as PI).
    AppState plain;
    plain.extensionFactor = 4;
    const ViewResult p = buildView(View::ExtensionScale, plain);
    for (double y : seriesNamed(p.spec, "LongRoPE").y) EXPECT_NEAR(y, 4.0, 1e-12);
    EXPECT_NE(p.spec.caption.find("LongRoPE lists not loaded"), std::string::npos);
}

TEST(ExtensionWavelengths, OriginalAndScaledWavelengthsWithTrainingAndTarget) {
    AppState s;
    s.extensionFactor = 8;
    s.rope.originalMaxPositionEmbeddings = 4096;
    const ViewResult v = buildView(View::ExtensionWavelengths, s);
    ASSERT_EQ(plot::validate(v.spec), "");
    ASSERT_EQ(v.spec.series.size(), 7u);
    const Eigen::VectorXd theta = core::defaultInvFreq(128, 10000.0);
    const plot::LineSeries& original = seriesNamed(v.spec, "original");
    const plot::LineSeries& pi = seriesNamed(v.spec, "PI (linear)");
    for (int i = 0; i < 64; ++i) {
        EXPECT_NEAR(original.y[i], kTwoPi / theta[i], 1e-9 * original.y[i]);
        EXPECT_NEAR(pi.y[i], 8 * kTwoPi / theta[i], 1e-9 * pi.y[i]);
    }
    std::vector<double> horizontal;
    for (const plot::RefLine& l : v.spec.refLines)
        if (l.orientation == plot::Orientation::Horizontal) horizontal.push_back(l.value);
    EXPECT_EQ(horizontal, (std::vector<double>{4096.0, 32768.0}));
    EXPECT_EQ(extensionTarget(s), 32768);
    // The pairs with λ > L0 (no full turn in training) are shaded from i = r·ln(L0/2π)/(2·ln base).
    ASSERT_FALSE(v.spec.shaded.empty());
    EXPECT_NEAR(v.spec.shaded.front().x0, 128 * std::log(4096 / kTwoPi) / (2 * std::log(10000.0)), 1e-12);
}

TEST(ExtensionKernel, BinMeansAreExact) {
    AppState s;
    s.extensionFactor = 4;
    s.rope.originalMaxPositionEmbeddings = 1024;
    const ViewResult v = buildView(View::ExtensionKernel, s);
    ASSERT_EQ(plot::validate(v.spec), "");
    ASSERT_EQ(v.spec.series.size(), 7u);
    EXPECT_TRUE(v.spec.x.log);
    EXPECT_DOUBLE_EQ(v.spec.x.max, 4096.0);
    const Eigen::VectorXd theta = core::defaultInvFreq(128, 10000.0);
    const plot::LineSeries& original = seriesNamed(v.spec, "original");
    EXPECT_DOUBLE_EQ(original.x.front(), 1.0);  // the first bin is the single offset 1
    EXPECT_NEAR(original.y.front(), theta.array().cos().sum(), 1e-12);
    // A wide bin far out: its x is the mean offset a + (n − 1)/2; y the plain mean of s over the bin.
    const plot::LineSeries& pi = seriesNamed(v.spec, "PI (linear)");
    const Eigen::VectorXd scaled = theta / 4.0;
    // The last bin ends at the target 4096 and x = a + (n − 1)/2 = (a + 4095)/2, so a = 2x − 4095.
    const double x = pi.x.back();
    const int64_t end = 4096;
    const int64_t a = static_cast<int64_t>(std::llround(2 * x + 1 - end));
    double brute = 0;
    for (int64_t d = a; d < end; ++d)
        brute += scaled.array().unaryExpr([&](double t) { return std::cos(static_cast<double>(d) * t); }).sum();
    brute /= static_cast<double>(end - a);
    EXPECT_NEAR(pi.y.back(), brute, 1e-9);
    bool l0 = false;
    for (const plot::RefLine& l : v.spec.refLines)
        l0 |= l.orientation == plot::Orientation::Vertical && l.value == 1024;
    EXPECT_TRUE(l0);
}

TEST(AttentionFactor, YarnAndLongRopeFactorsAndTheirSquares) {
    AppState s;
    s.extensionFactor = 8;
    s.rope.originalMaxPositionEmbeddings = 4096;
    const ViewResult v = buildView(View::AttentionFactor, s);
    ASSERT_EQ(plot::validate(v.spec), "");
    const double yarn = 0.1 * std::log(8.0) + 1, longrope = std::sqrt(1 + std::log(8.0) / std::log(4096.0));
    ASSERT_EQ(v.spec.notes.size(), 2u);
    EXPECT_NEAR(v.spec.notes[0].x, 8.0, 0);
    EXPECT_NEAR(v.spec.notes[0].y, yarn * yarn, 1e-12);
    EXPECT_NEAR(v.spec.notes[1].y, longrope * longrope, 1e-12);
    // Every curve ends at s = 128 with the closed forms; the others stay at 1.
    const plot::LineSeries& yaf = seriesNamed(v.spec, "YaRN af");
    const plot::LineSeries& ysq = seriesNamed(v.spec, "YaRN logit scale af²");
    EXPECT_DOUBLE_EQ(yaf.x.back(), 128.0);
    EXPECT_NEAR(yaf.y.back(), 0.1 * std::log(128.0) + 1, 1e-12);
    EXPECT_NEAR(ysq.y.back(), std::pow(0.1 * std::log(128.0) + 1, 2), 1e-12);
    EXPECT_NEAR(yaf.y.front(), 1.0, 1e-12);  // s = 1: no change
    const plot::LineSeries& one = seriesNamed(v.spec, "PI, NTK, dynamic NTK, Llama-3: af = 1");
    EXPECT_EQ(one.y, (std::vector<double>{1.0, 1.0}));
    EXPECT_NE(v.convention.find("logits × af² = 1.45913"), std::string::npos) << v.convention;
}

TEST(ExtensionViews, InvalidFactorNamesIt) {
    AppState s;
    s.extensionFactor = 0.5;
    for (View view : {View::ExtensionScale, View::ExtensionWavelengths, View::ExtensionKernel, View::AttentionFactor}) {
        try {
            buildView(view, s);
            ADD_FAILURE() << viewName(view);
        } catch (const std::invalid_argument& e) {
            EXPECT_NE(std::string(e.what()).find("factor"), std::string::npos) << e.what();
        }
    }
}

}  // namespace
}  // namespace phaselens::model
