// The layer strip and the A | B view in the headless UI (drawApp with no window or GL): the strip's rows for Gemma 3
// 27B and Llama 4 Scout, a click on a row selects that layer and the views follow it (one undo step), [ and ] step
// layers, a NoPE layer's views say so instead of failing, and A | B draws two plots with one set of axes.
#include <stdexcept>
#define IM_ASSERT(expr) ((expr) ? (void)0 : throw std::runtime_error("IM_ASSERT failed: " #expr))
#include <gtest/gtest.h>
#include <imgui.h>
#include <imgui_internal.h>

#include <filesystem>

#include "headless_app.h"
#include "model/state_io.h"
#include "plot/fonts.h"
#include "ui/shortcuts.h"
#include "ui/ui_context.h"

namespace phaselens::ui {
namespace {

class LayerPanel : public test::HeadlessApp {
  protected:
    void load(const char* preset) {
        ASSERT_TRUE(loadModelPreset(preset, state, ui.model)) << ui.model.error;
        frames(2);
        ASSERT_TRUE(ui.layers.plan) << ui.layers.error;
    }
    // Gemma 3 27B, layer 0 as A and layer 5 as B, on the ladder (A | B open, both states built).
    void openLadderCompareOfGemma3Layers0And5() {
        load("gemma-3-27b-it");
        ASSERT_TRUE(selectLayer(ui.layers, 0, state));
        state.view = View::Ladder;
        ui.compare.enabled = true;
        ui.compare.kind = CompareWindowState::Kind::Layer;
        ui.compare.layer = 5;
        frames(3);
        ASSERT_TRUE(ui.compare.haveStates) << ui.compare.error;
    }
    // Presses and releases the left button over strip row `row` (its rect from the last frame).
    void clickRow(size_t row) {
        ASSERT_LT(row, ui.layerStripRows.size());
        const ImVec4 r = ui.layerStripRows[row];
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = ImVec2((r.x + r.z) * 0.5f, (r.y + r.w) * 0.5f);
        frames(1);
        io.MouseDown[0] = true;
        frames(1);
        io.MouseDown[0] = false;
        frames(2);
    }
};

TEST_F(LayerPanel, Gemma3StripCollapsesFiveSlidingLayersAndOneFullLayer) {
    load("gemma-3-27b-it");
    const std::vector<LayerRow>& rows = ui.layers.rows;
    EXPECT_EQ(ui.layers.plan->numLayers, 62);
    ASSERT_EQ(rows.size(), 21u);  // 10 × (5 sliding + 1 full) + 2 sliding
    EXPECT_EQ(rows[0].first, 0);
    EXPECT_EQ(rows[0].last, 4);
    EXPECT_EQ(rows[0].attention, "sliding 1024");
    EXPECT_EQ(rows[0].positional, "RoPE");
    EXPECT_EQ(rows[0].theta, "θ 1e4");
    EXPECT_EQ(rows[0].scaling, "");
    EXPECT_EQ(rows[0].label().rfind("0–4 sliding 1024, RoPE θ 1e4", 0), 0u) << rows[0].label();
    EXPECT_EQ(rows[1].first, 5);
    EXPECT_EQ(rows[1].last, 5);
    EXPECT_EQ(rows[1].attention, "full");
    EXPECT_EQ(rows[1].theta, "θ 1e6");
    EXPECT_EQ(rows[1].scaling, "linear ×8");
    EXPECT_EQ(rows.back().first, 60);
    EXPECT_EQ(rows.back().last, 61);
    EXPECT_EQ(state.layerModel, "preset:gemma-3-27b-it");
    EXPECT_EQ(state.layerIndex, -1);  // a loaded model starts with its one-RoPE reading
    EXPECT_EQ(ui.layerStripRows.size(), rows.size() > 9 ? ui.layerStripRows.size() : rows.size());
}

TEST_F(LayerPanel, Llama4ScoutStripShowsChunkedRopeAndNopeLayers) {
    load("llama-4-scout-17b-16e-instruct");
    const std::vector<LayerRow>& rows = ui.layers.rows;
    EXPECT_EQ(ui.layers.plan->numLayers, 48);
    ASSERT_EQ(rows.size(), 24u);  // 12 × (3 chunked RoPE + 1 full NoPE)
    EXPECT_EQ(rows[0].last, 2);
    EXPECT_EQ(rows[0].attention, "chunked 8192");
    EXPECT_EQ(rows[0].positional, "RoPE");
    EXPECT_EQ(rows[0].theta, "θ 5e5");
    EXPECT_EQ(rows[0].scaling, "llama3 ×16");
    EXPECT_NE(rows[0].extra.find("interleaved"), std::string::npos) << rows[0].extra;
    EXPECT_EQ(rows[1].first, 3);
    EXPECT_EQ(rows[1].attention, "full");
    EXPECT_EQ(rows[1].positional, "NoPE");
    EXPECT_EQ(rows[1].theta, "");
    EXPECT_NE(rows[1].extra.find("temp llama4"), std::string::npos) << rows[1].extra;
}

TEST_F(LayerPanel, ClickingARowSelectsItsLayerAndTheViewsFollowInOneUndoStep) {
    load("gemma-3-27b-it");
    const uint64_t ladderBefore = ui.cache.computeCount(View::Ladder);
    const std::string titleBefore = ui.cache.peek(View::Ladder).result.spec.title;
    clickRow(0);  // layers 0–4: sliding, θ 1e4, no scaling
    EXPECT_EQ(state.layerIndex, 0);
    EXPECT_EQ(state.rope.base, 10000.0);
    EXPECT_EQ(state.rope.type, core::RopeType::Default);
    EXPECT_EQ(state.mask, core::MaskType::SlidingWindow);
    EXPECT_EQ(state.slidingWindow, 1024);
    EXPECT_GT(ui.cache.computeCount(View::Ladder), ladderBefore);
    const std::string title0 = ui.cache.peek(View::Ladder).result.spec.title;
    EXPECT_NE(title0, titleBefore);
    EXPECT_NE(title0.find("base 10000"), std::string::npos) << title0;
    clickRow(1);  // layer 5: full, θ 1e6, linear ×8
    EXPECT_EQ(state.layerIndex, 5);
    EXPECT_EQ(state.rope.base, 1e6);
    EXPECT_EQ(state.rope.type, core::RopeType::Linear);
    EXPECT_EQ(state.rope.factor, 8.0);
    EXPECT_NE(state.mask, core::MaskType::SlidingWindow);
    EXPECT_NE(ui.cache.peek(View::Ladder).result.spec.title.find("1000000"), std::string::npos);
    ASSERT_TRUE(ui.undo.undo(state));  // one step back: layer 0 again, with its θ
    EXPECT_EQ(state.layerIndex, 0);
    EXPECT_EQ(state.rope.base, 10000.0);
    EXPECT_TRUE(runAction(Action::NextLayer, state, ui));  // ]
    EXPECT_EQ(state.layerIndex, 1);
    EXPECT_TRUE(runAction(Action::PreviousLayer, state, ui));  // [
    EXPECT_TRUE(runAction(Action::PreviousLayer, state, ui));  // stays at the first layer
    EXPECT_EQ(state.layerIndex, 0);
}

TEST_F(LayerPanel, NopeLayerViewsSayTheLayerHasNoPositionalEncoding) {
    load("llama-4-scout-17b-16e-instruct");
    ASSERT_TRUE(selectLayer(ui.layers, 3, state));
    frames(2);
    EXPECT_EQ(state.layerPositional, "nope");
    EXPECT_EQ(state.scoreScheme, ScoreScheme::NoPE);
    for (View v : {View::Ladder, View::Wavelengths}) {
        const CachedView& e = ui.cache.peek(v);
        EXPECT_TRUE(e.error.empty()) << viewName(v) << ": " << e.error;
        EXPECT_EQ(e.result.spec.title, "layer 3 has no positional encoding") << viewName(v);
    }
    const ViewResult scores = buildView(View::Scores, state);  // the NoPE scores: the mask alone, drawn
    EXPECT_EQ(scores.spec.title.find("no positional encoding"), std::string::npos) << scores.spec.title;
    ASSERT_TRUE(selectLayer(ui.layers, 0, state));  // back to a RoPE layer: a plot again
    frames(2);
    EXPECT_EQ(state.scoreScheme, ScoreScheme::Rope);
    EXPECT_EQ(ui.cache.peek(View::Ladder).result.spec.title.find("no positional"), std::string::npos);
}

TEST_F(LayerPanel, SelectedLayerSurvivesAStateFileRoundTrip) {
    load("gemma-3-27b-it");
    ASSERT_TRUE(selectLayer(ui.layers, 11, state));
    const AppState back = stateFromJson(stateToJson(state));
    EXPECT_EQ(back, state);
    EXPECT_EQ(back.layerModel, "preset:gemma-3-27b-it");
    EXPECT_EQ(back.layerIndex, 11);
    EXPECT_EQ(back.layerPositional, "rope");
    // A fresh window given that state loads the plan it names and shows the same layer selected.
    UiContext fresh;
    fresh.textures = &textures;
    AppState s = back;
    ImGui::NewFrame();
    drawApp(s, fresh);
    ImGui::Render();
    ASSERT_TRUE(fresh.layers.plan);
    EXPECT_EQ(fresh.layers.source, "preset:gemma-3-27b-it");
    EXPECT_EQ(s.layerIndex, 11);
    EXPECT_EQ(s, back);
}

TEST_F(LayerPanel, CompareDrawsTwoPlotsWithSharedAxesAndOneColorScale) {
    openLadderCompareOfGemma3Layers0And5();
    if (HasFatalFailure()) return;
    EXPECT_EQ(ui.compare.states.b.layerIndex, 5);
    EXPECT_EQ(ui.compare.states.b.rope.base, 1e6);
    const CompareResult& p = ui.compare.pair;
    ASSERT_TRUE(p.a.spec.heatmap && p.b.spec.heatmap);
    EXPECT_EQ(p.a.spec.x.min, p.b.spec.x.min);
    EXPECT_EQ(p.a.spec.x.max, p.b.spec.x.max);
    EXPECT_EQ(p.a.spec.y.min, p.b.spec.y.min);
    EXPECT_EQ(p.a.spec.y.max, p.b.spec.y.max);
    EXPECT_EQ(p.a.spec.heatmap->vmin, p.b.spec.heatmap->vmin);
    EXPECT_EQ(p.a.spec.heatmap->vmax, p.b.spec.heatmap->vmax);
    EXPECT_NE(p.a.spec.title.find("A · gemma-3-27b-it · layer 0"), std::string::npos) << p.a.spec.title;
    EXPECT_NE(p.b.spec.title.find("B · gemma-3-27b-it · layer 5"), std::string::npos) << p.b.spec.title;
    EXPECT_GE(ui.comparePlots[0].drawnFrame, 0);
    EXPECT_EQ(ui.comparePlots[0].drawnFrame, ui.comparePlots[1].drawnFrame);
    ui.compare.kind = CompareWindowState::Kind::Preset;  // no preset chosen yet: says so, draws no plot
    frames(2);
    EXPECT_FALSE(ui.compare.error.empty());
}

// A | B has one view window: a wheel zoom over A, a drag over B and a reset each move both plots the same way.
TEST_F(LayerPanel, CompareZoomAndPanMoveBothPlots) {
    openLadderCompareOfGemma3Layers0And5();
    if (HasFatalFailure()) return;
    auto& v = ui.comparePlots;
    const plot::ViewWindow home = v[0].window;
    EXPECT_EQ(v[1].window, home);
    ImGuiIO& io = ImGui::GetIO();
    // The mouse over plot `side`: scan until that plot reports it.
    auto hover = [&](int side) {
        for (float y = io.DisplaySize.y * 0.2f; y < io.DisplaySize.y * 0.9f; y += 30)
            for (float x = 0; x < io.DisplaySize.x; x += 30) {
                io.MousePos = ImVec2(x, y);
                frames(1);
                if (v[static_cast<size_t>(side)].hovered) return true;
            }
        return false;
    };
    ASSERT_TRUE(hover(0));
    for (int notch = 0; notch < 3; ++notch) {
        io.MouseWheel = 1;
        frames(1);
        io.MouseWheel = 0;
    }
    frames(2);
    const plot::ViewWindow zoomed = v[0].window;
    EXPECT_LT(zoomed.xMax - zoomed.xMin, home.xMax - home.xMin);
    EXPECT_EQ(v[1].window, zoomed);  // B followed A's zoom
    ASSERT_TRUE(hover(1));
    const ImVec2 start = io.MousePos;
    io.MouseDown[0] = true;
    frames(1);
    for (int step = 1; step <= 4; ++step) {
        io.MousePos = ImVec2(start.x - 15.0f * static_cast<float>(step), start.y);
        frames(1);
    }
    io.MouseDown[0] = false;
    frames(2);
    EXPECT_NE(v[1].window, zoomed);  // the drag panned B ...
    EXPECT_GT(v[1].window.xMin, zoomed.xMin);
    EXPECT_EQ(v[0].window, v[1].window);  // ... and A with it
    EXPECT_TRUE(runAction(Action::ResetView, state, ui));
    frames(2);
    EXPECT_EQ(v[0].window, home);
    EXPECT_EQ(v[1].window, home);
}

// At 1024×640 (the control panel ~287 px wide, the app's font) every column of the strip is whole — the θ / scaling
// column was cut — for models with the longest cells (chunked 8192, llama3 ×16, linear ×8, yarn, p-RoPE); the strip
// then uses its two-line compact rows. At 1920×1080 (a 360 px panel) every column is whole too.
TEST_F(LayerPanel, StripColumnsAreWholeAt1024x640) {
    for (const auto& [width, height, compact] :
         {std::tuple{1024.0f, 640.0f, true}, std::tuple{1920.0f, 1080.0f, false}})
        for (const char* preset : {"gemma-3-27b-it", "llama-4-scout-17b-16e-instruct", "gpt-oss-20b", "deepseek-v3",
                                   "gemma-4-31b-it", "modernbert-base", "qwen3-next-80b-a3b-instruct"}) {
            SCOPED_TRACE(std::string(preset) + " at " + std::to_string(static_cast<int>(width)));
            ImGui::DestroyContext();
            test::createHeadlessImGui(width, height);
            test::useAppUiFont();
            state = AppState{};
            ui.layers = LayerPlanState{};
            ui.layerStripRows.clear();
            if (!loadModelPreset(preset, state, ui.model)) {
                ADD_FAILURE() << ui.model.error;
                continue;
            }
            frames(3);
            ASSERT_TRUE(ui.layers.plan) << ui.layers.error;
            // The strip may sit below the control panel's fold (a model with many notes): scroll it into view.
            ImGuiWindow* controls = nullptr;
            for (ImGuiWindow* win : ImGui::GetCurrentContext()->Windows)
                if (std::string(win->Name).find("controls") != std::string::npos) controls = win;
            ASSERT_NE(controls, nullptr);
            for (int step = 0; step < 40 && ui.layerStripRows.empty(); ++step) {
                ImGui::SetScrollY(controls, static_cast<float>(step) * 60.0f);
                frames(2);
            }
            ASSERT_FALSE(ui.layerStripRows.empty());
            if (compact) {  // the one-line rows do not fit 287 px
                EXPECT_TRUE(ui.layerStripCompact);
            }
            EXPECT_LE(ui.layerStripOverflow, 0.5f) << "a strip column is cut by " << ui.layerStripOverflow << " px";
            ASSERT_TRUE(selectLayer(ui.layers, ui.layers.rows.back().first, state));  // a selected layer too
            frames(2);
            EXPECT_LE(ui.layerStripOverflow, 0.5f) << "a strip column is cut by " << ui.layerStripOverflow << " px";
        }
}

}  // namespace
}  // namespace phaselens::ui
