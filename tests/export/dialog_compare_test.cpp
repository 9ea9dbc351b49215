// The window's Export dialog over A | B (issue 17): it writes what is on screen — both panels — through the CLI's
// code path (exporter::exportComparison), so a dialog export and `phaselens export --state S --compare-layer K`
// give the same bytes (PNG, SVG, CSV, NPY). Headless EGL in-process with DISPLAY unset; the CLI is the real binary.
#include <gtest/gtest.h>
#include <imgui.h>

#include <cstdlib>

#include "desktop/app_export.h"
#include "export_test_util.h"
#include "model/state_io.h"
#include "render/gl_context.h"

namespace phaselens::exporter {
namespace {

using testing::TempDir;

class DialogCompare : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        ::unsetenv("DISPLAY");
        ::unsetenv("WAYLAND_DISPLAY");
        context_ = render::createGlContext("egl", 800, 600, "dialog compare tests");
    }
    static void TearDownTestSuite() { context_.reset(); }
    static inline std::unique_ptr<render::GlContext> context_;
};

TEST_F(DialogCompare, DialogExportOfABEqualsTheCliBytes) {
    TempDir dir;
    // A: Gemma 3 27B layer 0 (sliding, θ 1e4) at 8192 positions, as the CLI maps the preset.
    const std::string statePath = dir.file("a.json");
    const testing::RunResult made =
        testing::runPhaselens({"export", "--view", "ladder", "--preset", "gemma-3-27b-it", "--layer", "0", "--context",
                               "8192", "--format", "json", "--out", statePath});
    ASSERT_EQ(made.code, 0) << made.err;
    const model::AppState state = model::loadStateFile(statePath);
    ASSERT_EQ(state.layerIndex, 0);

    ImGuiContext* window = ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;
    ui::UiContext ui;
    ui.compare.enabled = true;  // A | B on screen: B = layer 5 (full, θ 1e6, linear ×8)
    ui.compare.kind = ui::CompareWindowState::Kind::Layer;
    ui.compare.layer = 5;
    for (const char* format : {"png", "svg", "csv", "npy"}) {
        SCOPED_TRACE(format);
        const int index = std::string(format) == "png"   ? 0
                          : std::string(format) == "svg" ? 1
                          : std::string(format) == "csv" ? 2
                                                         : 3;
        ui.exportDialog = {};
        ui.exportDialog.format = index;
        ui::openExportDialog(model::View::Ladder, state, ui);
        ASSERT_TRUE(ui.exportDialog.compare);  // the dialog opened over A | B exports A | B
        EXPECT_EQ(ui.exportDialog.fileName, std::string("phaselens-ladder-ab.") + format);
        ui.exportDialog.folder = dir.path().string();
        ui.exportDialog.width = 900;
        ui.exportDialog.height = 420;
        ui.exportDialog.theme = state.theme;
        ui.exportDialog.fontScale = state.fontScale;
        ui.exportDialog.startRequested = true;
        DialogExportRunner runner;
        for (int frames = 0; ui.exportDialog.running || ui.exportDialog.startRequested; ++frames) {
            ASSERT_LT(frames, 20);
            runner.betweenFrames(state, ui, *context_);
        }
        ASSERT_FALSE(ui.exportDialog.failed) << ui.exportDialog.message;
        const std::string dialogFile = dir.file(ui.exportDialog.fileName);
        const std::string cliFile = dir.file(std::string("cli.") + format);
        const testing::RunResult cli =
            testing::runPhaselens({"export", "--state", statePath, "--view", "ladder", "--compare-layer", "5",
                                   "--width", "900", "--height", "420", "--format", format, "--out", cliFile});
        ASSERT_EQ(cli.code, 0) << cli.err;
        const std::string dialogBytes = testing::readFile(dialogFile), cliBytes = testing::readFile(cliFile);
        ASSERT_FALSE(dialogBytes.empty());
        EXPECT_TRUE(dialogBytes == cliBytes) << dialogBytes.size() << " vs " << cliBytes.size() << " bytes";
        // Both sidecars say A | B, with the same B.
        const std::string dialogSide = testing::readFile(dialogFile + ".json"),
                          cliSide = testing::readFile(cliFile + ".json");
        EXPECT_NE(dialogSide.find("\"label_b\""), std::string::npos);
        EXPECT_TRUE(dialogSide == cliSide);
        if (std::string(format) == "png") {
            const testing::Png png = testing::readPng(dialogFile);
            EXPECT_EQ(png.width, 900);  // one figure, both panels
            EXPECT_EQ(png.height, 420);
        }
    }
    // Without A | B on screen the dialog writes the single plot, as before.
    ui.compare.enabled = false;
    ui.exportDialog = {};
    ui::openExportDialog(model::View::Ladder, state, ui);
    EXPECT_FALSE(ui.exportDialog.compare);
    EXPECT_EQ(ui.exportDialog.fileName, "phaselens-ladder.png");
    ImGui::DestroyContext(window);
}

}  // namespace
}  // namespace phaselens::exporter
