// Multimodal RoPE views (views_mrope.h) through model::buildView: the channel strip against the closed-form axis rule,
// the ladder's per-axis series, the position rows of the sequence builder (with the transformers overlay), the
// spatial map against core::mropeScores and its closed forms, names, state round trip and cache inputs.
#include "model/views_mrope.h"

#include <gtest/gtest.h>

#include <cmath>

#include "model/model_state.h"
#include "model/state_io.h"
#include "model/views.h"
#include "phaselens/mrope.h"
#include "phaselens/rope.h"

namespace phaselens::model {
namespace {

AppState qwen2vl() {
    AppState s;
    s.rope.headDim = 128;
    s.rope.base = 1.0e6;
    s.mropeSection = {16, 24, 24};
    return s;
}

TEST(MropeAxesView, RowsAreChunkedThenInterleaved) {
    AppState s = qwen2vl();
    s.mropeSection = {24, 20, 20};
    const ViewResult v = buildView(View::MropeAxes, s);
    ASSERT_EQ(plot::validate(v.spec), "");
    ASSERT_TRUE(v.spec.heatmap);
    const plot::HeatmapSpec& h = *v.spec.heatmap;
    ASSERT_EQ(h.rows, 2);
    ASSERT_EQ(h.cols, 64);
    for (int j = 0; j < 64; ++j) {
        EXPECT_EQ(h.values[static_cast<size_t>(j)], j < 24 ? 0.f : (j < 44 ? 1.f : 2.f)) << j;
        EXPECT_EQ(h.values[static_cast<size_t>(64 + j)], j < 60 ? static_cast<float>(j % 3) : 0.f) << j;
    }
    EXPECT_NE(v.convention.find("j%3==1"), std::string::npos);
    // A section that does not fit the head is drawn scaled to it, with a warning (compute mrope rejects it).
    s.rope.headDim = 64;
    s.mropeSection = {16, 24, 24};
    const ViewResult scaled = buildView(View::MropeAxes, s);
    ASSERT_GE(scaled.warnings.size(), 1u);  // then the interleaved-count note for [8, 12, 12]
    EXPECT_NE(scaled.warnings[0].find("shown scaled to [8, 12, 12]"), std::string::npos) << scaled.warnings[0];
    EXPECT_EQ(scaled.spec.heatmap->cols, 32);
    std::string warning;
    EXPECT_EQ(mropeParams(s, &warning).section, (core::MropeSection{8, 12, 12}));
    EXPECT_THROW(mropeParams(s), std::invalid_argument);
    s.mropeSection = {-1, 33, 32};
    EXPECT_THROW(buildView(View::MropeAxes, s), std::invalid_argument);
}

TEST(MropeLadderView, OneSeriesPerAxisWithItsPairsWavelengths) {
    AppState s = qwen2vl();
    s.mropeInterleaved = true;
    s.mropeSection = {24, 20, 20};
    const ViewResult v = buildView(View::MropeLadder, s);
    ASSERT_EQ(plot::validate(v.spec), "");
    ASSERT_EQ(v.spec.series.size(), 4u);  // a thin line through every pair, then one marker series per axis
    EXPECT_EQ(v.spec.series[0].y.size(), 64u);
    const Eigen::VectorXd theta = core::defaultInvFreq(128, 1.0e6);
    for (int a = 0; a < 3; ++a) {
        const plot::LineSeries& ser = v.spec.series[static_cast<size_t>(a) + 1];
        int n = 0;
        for (size_t k = 0; k < ser.x.size(); ++k) {
            if (std::isnan(ser.y[k])) continue;
            const int j = static_cast<int>(ser.x[k]);
            EXPECT_EQ((j < 60 ? j % 3 : 0), a) << j;
            EXPECT_NEAR(ser.y[k], 2 * M_PI / theta[j], 1e-9 * ser.y[k]);
            ++n;
        }
        EXPECT_EQ(n, a == 0 ? 24 : 20);
    }
}

TEST(MropePositionsView, ThreeRowsFollowTheAuthorsRule) {
    AppState s = qwen2vl();
    s.mropeSequence = "text:3,image:2x3,text:2";
    s.mropeResumeMaxHW = false;
    const ViewResult v = buildView(View::MropePositions, s);
    ASSERT_EQ(plot::validate(v.spec), "");
    ASSERT_EQ(v.spec.series.size(), 3u);
    const std::vector<double> t = {0, 1, 2, 3, 3, 3, 3, 3, 3, 6, 7}, h = {0, 1, 2, 3, 3, 3, 4, 4, 4, 6, 7},
                              w = {0, 1, 2, 3, 4, 5, 3, 4, 5, 6, 7};
    EXPECT_EQ(v.spec.series[0].y, t);
    EXPECT_EQ(v.spec.series[1].y, h);
    EXPECT_EQ(v.spec.series[2].y, w);
    ASSERT_EQ(v.spec.shaded.size(), 1u);
    EXPECT_EQ(v.spec.shaded[0].label, "image 2×3");
}

TEST(MropePositionsView, TransformersOverlayShowsTheTextAfterVideoDifference) {
    AppState s = qwen2vl();
    s.mropeSequence = "text:1,video:4x1x1,text:1";
    s.mropeResumeMaxHW = true;
    const ViewResult v = buildView(View::MropePositions, s);
    ASSERT_EQ(v.spec.series.size(), 6u);  // t, h, w + the transformers rule's t, h, w
    EXPECT_EQ(v.spec.series[0].y.back(), 5.0);
    EXPECT_EQ(v.spec.series[3].y.back(), 2.0);
    EXPECT_NE(v.convention.find("1 of 6 tokens differ"), std::string::npos) << v.convention;
    // Images only: the rules agree, no overlay drawn.
    s.mropeSequence = "text:3,image:2x3,text:2";
    EXPECT_EQ(buildView(View::MropePositions, s).spec.series.size(), 3u);
    s.mropeSequence = "text:3,image:2";
    EXPECT_THROW(buildView(View::MropePositions, s), std::invalid_argument);
}

TEST(MropeSpatialView, OnesMapPeaksAtTheQueryAndMatchesTheCore) {
    AppState s = qwen2vl();
    s.mropeGridT = 2;
    s.mropeGridH = 6;
    s.mropeGridW = 8;
    s.mropeQueryRow = 2;
    s.mropeQueryCol = 5;
    const ViewResult v = buildView(View::MropeSpatial, s);
    ASSERT_EQ(plot::validate(v.spec), "");
    const plot::HeatmapSpec& h = *v.spec.heatmap;
    ASSERT_EQ(h.rows, 6);
    ASSERT_EQ(h.cols, 8);
    EXPECT_NEAR(h.values[2 * 8 + 5], 128.0, 1e-4);  // q = k = ones at the same ids: head_dim
    for (float value : h.values) EXPECT_LE(value, 128.0f + 1e-3f);
    // Against the core: key (r, c) has ids (0, r, c), the query (0, 2, 5).
    const core::MropeParams p = mropeParams(s);
    core::MropePositions keys(3, 1);
    keys.col(0) << 0, 4, 1;
    const double expect = core::mropeKernelOnes(p, Eigen::Vector<int64_t, 3>(0, 2, 5), keys)[0];
    EXPECT_NEAR(h.values[4 * 8 + 1], expect, 1e-4);
    // Text-only closed form on the diagonal axis: a key one row down differs only on the height pairs 16..39.
    const Eigen::VectorXd theta = core::defaultInvFreq(128, 1.0e6);
    double oneRow = 0;
    for (int j = 0; j < 64; ++j) oneRow += 2 * ((j >= 16 && j < 40) ? std::cos(theta[j]) : 1.0);
    EXPECT_NEAR(h.values[3 * 8 + 5], oneRow, 1e-4);
    // The next frame: only the time pairs move (t index 1).
    s.mropeKeyFrame = 1;
    const ViewResult nextFrame = buildView(View::MropeSpatial, s);
    const plot::HeatmapSpec& h1 = *nextFrame.spec.heatmap;
    double oneFrame = 0;
    for (int j = 0; j < 64; ++j) oneFrame += 2 * (j < 16 ? std::cos(theta[j]) : 1.0);
    EXPECT_NEAR(h1.values[2 * 8 + 5], oneFrame, 1e-4);
    s.mropeRandomQk = true;
    const ViewResult r = buildView(View::MropeSpatial, s);
    EXPECT_EQ(r.spec.heatmap->colormap, "diverging");
    // A query outside the grid (the grid shrank under it) is clamped with a note, never an empty view.
    AppState inside = s;
    inside.mropeQueryRow = s.mropeGridH - 1;
    s.mropeQueryRow = s.mropeGridH + 3;
    const ViewResult clamped = buildView(View::MropeSpatial, s);
    EXPECT_EQ(clamped.spec.heatmap->values, buildView(View::MropeSpatial, inside).spec.heatmap->values);
    const std::string note = "query row " + std::to_string(s.mropeGridH + 3) + " → " + std::to_string(s.mropeGridH - 1);
    ASSERT_FALSE(clamped.warnings.empty());
    EXPECT_NE(clamped.warnings.back().find(note), std::string::npos) << clamped.warnings.back();
}

TEST(MropeViews, NamesStateRoundTripAndCacheInputs) {
    for (const char* name : {"mrope-axes", "mrope-ladder", "mrope-positions", "mrope-spatial"})
        EXPECT_EQ(viewName(viewFromName(name)), std::string(name));
    AppState s = qwen2vl();
    s.mropeSection = {11, 11, 10};
    s.mropeInterleaved = true;
    s.mropeSequence = "video:2x2x2";
    s.mropeTokensPerSecond = 2;
    s.mropeGridH = 7;
    s.view = View::MropeSpatial;
    const AppState back = stateFromJson(stateToJson(s));
    EXPECT_EQ(back, s);
    AppState t = s;
    t.mropeSequence = "text:1";
    EXPECT_TRUE(viewInputsDiffer(View::MropePositions, s, t));
    EXPECT_FALSE(viewInputsDiffer(View::MropeAxes, s, t));
    t = s;
    t.mropeQueryRow = 1;
    EXPECT_TRUE(viewInputsDiffer(View::MropeSpatial, s, t));
    EXPECT_FALSE(viewInputsDiffer(View::MropeLadder, s, t));
}

TEST(MropeViews, LoadingAVisionLanguageModelSetsTheSections) {
    AppState s;
    ModelPanelState panel;
    ASSERT_TRUE(loadModelPreset("qwen3-vl-8b", s, panel)) << panel.error;
    EXPECT_EQ(s.mropeSection, (std::vector<int>{24, 20, 20}));
    EXPECT_TRUE(s.mropeInterleaved);
    EXPECT_EQ(s.rope.headDim, 128);
    EXPECT_NO_THROW(buildView(View::MropeSpatial, s));
    ASSERT_TRUE(loadModelPreset("qwen2.5-vl-7b", s, panel)) << panel.error;
    EXPECT_EQ(s.mropeSection, (std::vector<int>{16, 24, 24}));
    EXPECT_FALSE(s.mropeInterleaved);
    EXPECT_EQ(s.mropeTokensPerSecond, 2.0);
    // A text-only model keeps the M-RoPE fields.
    ASSERT_TRUE(loadModelPreset("qwen2-7b", s, panel)) << panel.error;
    EXPECT_EQ(s.mropeSection, (std::vector<int>{16, 24, 24}));
    EXPECT_FALSE(applyMropePreset("qwen2-7b", s));
}

}  // namespace
}  // namespace phaselens::model
