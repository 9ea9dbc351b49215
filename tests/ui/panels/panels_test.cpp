// Headless tests of the whole UI: drawApp() in an ImGui context with no backend (DisplaySize set,
// font atlas built, a dummy texture id), NullTextureProvider for heatmaps.
//
// IM_ASSERT is redirected to throw for the ImGui code compiled in this file (inline header code);
// libimgui.a keeps its own assert().
#include <stdexcept>
#define IM_ASSERT(expr) ((expr) ? (void)0 : throw std::runtime_error("IM_ASSERT failed: " #expr))
#include <gtest/gtest.h>
#include <imgui.h>

#include <array>

#include "headless_app.h"
#include "model/state_io.h"
#include "ui/ui_context.h"

namespace phaselens::ui {
namespace {

// createHeadlessImGui puts GLFW key codes in io.KeyMap (ASCII for letters).
class HeadlessUi : public test::HeadlessApp {
  protected:
    // One complete frame of the app UI.
    void frame() override {
        HeadlessApp::frame();
        ASSERT_NE(ImGui::GetDrawData(), nullptr);
    }
    void showPanelOf(View view) {
        state.view = view;
        ui.selectPanelPending = true;
        frames(3);  // tab switch takes effect on the next frame
    }
    std::array<uint64_t, static_cast<size_t>(View::Count)> counts() const {
        std::array<uint64_t, static_cast<size_t>(View::Count)> c{};
        for (size_t v = 0; v < c.size(); ++v) c[v] = ui.cache.computeCount(static_cast<View>(v));
        return c;
    }
    uint64_t count(View v) const { return ui.cache.computeCount(v); }
};

TEST_F(HeadlessUi, EveryPanelDrawsAndComputesItsViews) {
    for (View v : {View::Ladder, View::PhaseCircle, View::Scores, View::Alibi}) {
        showPanelOf(v);
        EXPECT_EQ(panelOf(state.view), panelOf(v));
    }
    for (View v : {View::Ladder, View::Wavelengths, View::PhaseCircle, View::PhaseSawtooth, View::Scores, View::Kernel,
                   View::Alibi, View::AlibiSlopes, View::T5}) {
        EXPECT_EQ(count(v), 1u) << viewName(v);
        const CachedView& e = ui.cache.peek(v);
        EXPECT_TRUE(e.hasResult) << viewName(v);
        EXPECT_TRUE(e.error.empty()) << viewName(v) << ": " << e.error;
        EXPECT_EQ(plot::validate(e.result.spec), "") << viewName(v);
    }
}

TEST_F(HeadlessUi, IdleFramesComputeNothing) {
    showPanelOf(View::Scores);
    const auto before = counts();
    const uint64_t requests = textures.requests, uploads = textures.uploads;
    frames(20);
    EXPECT_EQ(counts(), before);
    EXPECT_EQ(textures.uploads, uploads) << "idle frames must not re-upload heatmaps";
    EXPECT_GT(textures.requests, requests);
}

TEST_F(HeadlessUi, BaseChangeRecomputesExactlyTheRopeViews) {
    showPanelOf(View::Ladder);
    showPanelOf(View::Alibi);
    showPanelOf(View::Scores);
    const auto before = counts();
    state.rope.base = 500000.0;
    frames(3);
    // Visible panel (scores): both of its views recomputed exactly once.
    EXPECT_EQ(count(View::Scores), before[size_t(View::Scores)] + 1);
    EXPECT_EQ(count(View::Kernel), before[size_t(View::Kernel)] + 1);
    // Hidden panels are computed lazily when shown; bias views never depend on the base.
    EXPECT_EQ(count(View::Alibi), before[size_t(View::Alibi)]);
    showPanelOf(View::Alibi);
    EXPECT_EQ(count(View::Alibi), before[size_t(View::Alibi)]);
    EXPECT_EQ(count(View::T5), before[size_t(View::T5)]);
    EXPECT_EQ(count(View::AlibiSlopes), before[size_t(View::AlibiSlopes)]);
    showPanelOf(View::Ladder);
    EXPECT_EQ(count(View::Ladder), before[size_t(View::Ladder)] + 1);
    EXPECT_EQ(count(View::Wavelengths), before[size_t(View::Wavelengths)] + 1);
}

TEST_F(HeadlessUi, ColormapChangeRecolorsWithoutTouchingOtherViews) {
    showPanelOf(View::Alibi);
    const auto before = counts();
    state.biasColormap = Colormap::Viridis;
    frames(2);
    EXPECT_EQ(count(View::Alibi), before[size_t(View::Alibi)] + 1);
    EXPECT_EQ(count(View::T5), before[size_t(View::T5)] + 1);
    EXPECT_EQ(count(View::AlibiSlopes), before[size_t(View::AlibiSlopes)] + 1);
    EXPECT_EQ(count(View::Scores), before[size_t(View::Scores)]);
}

TEST_F(HeadlessUi, InvalidParametersShowInlineAndKeepTheLastPlot) {
    showPanelOf(View::Ladder);
    state.rope.headDim = 127;  // odd head dim
    frames(2);
    const CachedView& e = ui.cache.peek(View::Ladder);
    EXPECT_NE(e.error.find("127"), std::string::npos) << e.error;
    EXPECT_NE(e.error.find("rotary_dim"), std::string::npos) << e.error;
    EXPECT_TRUE(e.hasResult) << "the last good plot stays on screen";
    const uint64_t n = count(View::Ladder);
    frames(5);
    EXPECT_EQ(count(View::Ladder), n) << "an invalid state is not retried every frame";
    state.rope.headDim = 128;
    frames(2);
    EXPECT_TRUE(ui.cache.peek(View::Ladder).error.empty());
}

TEST_F(HeadlessUi, ManyStatesNeverThrow) {
    const core::RopeType types[] = {core::RopeType::Default, core::RopeType::Linear, core::RopeType::Ntk,
                                    core::RopeType::Dynamic, core::RopeType::Yarn,   core::RopeType::Llama3,
                                    core::RopeType::LongRope};
    for (View v : {View::Ladder, View::PhaseCircle, View::Scores, View::Alibi}) {
        showPanelOf(v);
        for (core::RopeType t : types) {
            state.rope.type = t;
            state.rope.factor = 8.0;
            state.contextLength = int64_t{1} << 16;
            state.softmax = (t == core::RopeType::Yarn);
            state.mask = t == core::RopeType::Llama3 ? core::MaskType::SlidingWindow : core::MaskType::Causal;
            EXPECT_NO_THROW(frames(2)) << core::ropeTypeName(t);
        }
        state.alibiHeads = 128;  // every thumbnail drawn
        state.scoreScheme = ScoreScheme::Xpos;
        state.rope.factor = 0.5;  // invalid for scaled types: inline message, no throw
        EXPECT_NO_THROW(frames(2));
        state = AppState{};
    }
}

TEST_F(HeadlessUi, ShortcutsResetViewAndSave) {
    showPanelOf(View::Scores);
    int saves = 0;
    ui.onSave = [&](const AppState&) { ++saves; };
    ImGuiIO& io = ImGui::GetIO();
    io.KeyCtrl = true;
    io.KeysDown['S'] = true;
    frame();
    io.KeysDown['S'] = false;
    io.KeyCtrl = false;
    frame();
    EXPECT_EQ(saves, 1);
    ui.plotViews[size_t(View::Scores)].needsFit = false;
    io.KeysDown['R'] = true;
    frame();
    io.KeysDown['R'] = false;
    EXPECT_TRUE(ui.plotViews[size_t(View::Scores)].needsFit || ui.status == "view reset");
    EXPECT_EQ(ui.status, "view reset");
}

TEST_F(HeadlessUi, OneMillionTokenContextStaysAtDisplayResolution) {
    state.contextLength = int64_t{1} << 20;
    showPanelOf(View::Scores);
    const CachedView& e = ui.cache.peek(View::Scores);
    ASSERT_TRUE(e.error.empty()) << e.error;
    ASSERT_TRUE(e.result.spec.heatmap.has_value());
    EXPECT_LE(e.result.spec.heatmap->rows, state.maxPixels);
    EXPECT_LE(e.result.spec.heatmap->cols, state.maxPixels);
    EXPECT_DOUBLE_EQ(e.result.spec.heatmap->xMax, double(int64_t{1} << 20));
}

TEST_F(HeadlessUi, LearnedPanelDrawsBothPagesAndRecomputesOnResize) {
    const View structure[] = {View::LearnedTable, View::LearnedSimilarity, View::LearnedNorms, View::LearnedPca};
    const View spectra[] = {View::LearnedSpectrum, View::LearnedSinusoidalSpectrum, View::LearnedResized,
                            View::LearnedResizedSimilarity};
    showPanelOf(View::LearnedTable);
    EXPECT_EQ(panelOf(state.view), Panel::Learned);
    for (View v : structure) {
        EXPECT_EQ(count(v), 1u) << viewName(v);
        EXPECT_TRUE(ui.cache.peek(v).error.empty()) << viewName(v) << ": " << ui.cache.peek(v).error;
        EXPECT_EQ(plot::validate(ui.cache.peek(v).result.spec), "") << viewName(v);
    }
    showPanelOf(View::LearnedResized);  // the second page
    for (View v : spectra) EXPECT_EQ(count(v), 1u) << viewName(v);
    const auto before = counts();
    state.learnedResize = 4096;
    frames(3);
    EXPECT_EQ(count(View::LearnedResized), before[size_t(View::LearnedResized)] + 1);
    EXPECT_EQ(count(View::Ladder), before[size_t(View::Ladder)]);
    state.learnedTablePath = "/nonexistent/model.safetensors";  // an error shown inline, no throw
    EXPECT_NO_THROW(frames(2));
    EXPECT_NE(ui.cache.peek(View::LearnedResized).error.find("/nonexistent/model.safetensors"), std::string::npos);
}

}  // namespace
}  // namespace phaselens::ui
