// tests/config: the Model section in a headless ImGui context (no window, no GL): every preset loaded through the
// panel's functions draws the whole UI without an ImGui assertion and every view of the model computes without an
// error; drops load the first file and select the scheme's panel.
#include <stdexcept>
#define IM_ASSERT(expr) ((expr) ? (void)0 : throw std::runtime_error("IM_ASSERT failed: " #expr))
#include <gtest/gtest.h>
#include <imgui.h>

#include <filesystem>
#include <fstream>

#include "config/model_config.h"
#include "headless_app.h"
#include "model/model_state.h"
#include "ui/file_open.h"
#include "ui/ui_context.h"

namespace phaselens::ui {
namespace {

// RendererHasVtxOffset (createHeadlessImGui sets it) matters here: BLOOM's 112 ALiBi thumbnails (112 x 144 cells)
// exceed 64k vertices.
class HeadlessModelPanel : public test::HeadlessApp {
  protected:
    void show(View view) {
        state.view = view;
        ui.selectPanelPending = true;
        frames(3);
    }
    std::string viewError(View v) const { return ui.cache.peek(v).error; }
};

TEST_F(HeadlessModelPanel, EveryPresetDrawsAndItsViewsCompute) {
    for (const std::string& name : config::listPresets()) {
        for (const auto rule : {config::TransformersRule::Newest, config::TransformersRule::Legacy}) {
            SCOPED_TRACE(name + " / " + config::transformersRuleName(rule));
            ui.model.rule = rule;
            ASSERT_TRUE(loadModelPreset(name, state, ui.model)) << ui.model.error;
            frames(2);
            const config::Scheme scheme = ui.model.loaded->scheme;
            std::vector<View> views = {View::Alibi, View::AlibiSlopes, View::T5};
            if (scheme == config::Scheme::Rope)
                views = {View::Ladder,        View::Wavelengths, View::PhaseCircle,
                         View::PhaseSawtooth, View::Scores,      View::Kernel};
            for (View v : views) {
                show(v);
                EXPECT_TRUE(ui.cache.peek(v).hasResult) << viewName(v);
                EXPECT_EQ(viewError(v), "") << viewName(v);
            }
        }
    }
}

TEST_F(HeadlessModelPanel, ErrorsAreShownNotThrown) {
    EXPECT_FALSE(loadModelFile("/nonexistent/config.json", state, ui.model));
    EXPECT_NO_THROW(frames(2));
    EXPECT_NE(ui.model.error.find("(file)"), std::string::npos);
}

TEST_F(HeadlessModelPanel, DropLoadsTheFirstFileAndSelectsThePanel) {
    const std::filesystem::path dir = std::filesystem::temp_directory_path() / "phaselens_model_panel_drop";
    std::filesystem::create_directories(dir);
    const std::string bloom = (dir / "config.json").string();
    std::ofstream(bloom, std::ios::binary) << config::presetText("bloom-176b");
    frames(2);
    ui.selectPanelPending = false;
    loadDroppedFiles({bloom, (dir / "other.json").string()}, state, ui);
    EXPECT_EQ(state.alibiHeads, 112);
    EXPECT_EQ(state.view, View::Alibi);
    EXPECT_TRUE(ui.selectPanelPending);
    EXPECT_NE(ui.status.find("2 files dropped"), std::string::npos) << ui.status;
    EXPECT_EQ(ui.model.recentFiles.front(), bloom);
    frames(3);
    EXPECT_EQ(panelOf(state.view), Panel::Bias);

    loadDroppedFiles({(dir / "missing.json").string()}, state, ui);
    EXPECT_NE(ui.status.find("missing.json"), std::string::npos) << ui.status;
    EXPECT_EQ(state.alibiHeads, 112);
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
}

}  // namespace
}  // namespace phaselens::ui
