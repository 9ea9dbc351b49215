// The GL half of app/export in-process, on headless EGL with DISPLAY unset (labels: export, render):
// PngRenderer pixels, and the window path - a job run between frames of an existing ImGui context must
// leave that context, its fonts and its font texture untouched.
#include <gtest/gtest.h>
#include <imgui.h>

#include <cstdlib>

#include "desktop/app_export.h"
#include "export/export.h"
#include "export_test_util.h"
#include "json_text.h"
#include "plot/plot_layout.h"
#include "render/colormap.h"
#include "render/gl_context.h"
#include "render/image_io.h"
#include "render/imgui_backend.h"

namespace phaselens::exporter {
namespace {

using testing::TempDir;

class ExportGl : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        ::unsetenv("DISPLAY");
        ::unsetenv("WAYLAND_DISPLAY");
        context_ = render::createGlContext("egl", 800, 600, "export tests");
    }
    static void TearDownTestSuite() { context_.reset(); }
    static inline std::unique_ptr<render::GlContext> context_;
};

ExportRequest smallScores() {
    ExportRequest r;
    r.view = model::View::Scores;
    r.state.theme = model::ThemeChoice::Light;
    r.state.contextLength = 16;  // 16 x 16 exact cells, each ~25 px on a 640 x 400 figure
    r.width = 640;
    r.height = 720;  // color bar ~600 px: every colormap step > 2 px, the end steps visible beside its frame
    return r;
}

bool sameRgb(const std::uint8_t* px, const render::Rgba8& c) {
    return px[0] == c[0] && px[1] == c[1] && px[2] == c[2];
}

TEST_F(ExportGl, PngHasTheSizeColorbarEndsAndCellColors) {
    const ExportRequest r = smallScores();
    const Figure f = buildFigure(r);
    PngRenderer renderer(context_.get());
    const render::RgbaImage img = renderer.render(f, r.width, r.height, false);
    ASSERT_EQ(img.width, r.width);
    ASSERT_EQ(img.height, r.height);
    const plot::PlotSpec& spec = f.view.spec;
    const plot::PlotLayout L = plot::computeLayout(spec, f.theme, plot::homeWindow(spec), 640, 720);
    ASSERT_TRUE(L.hasColorbar);
    const auto& lut = render::colormapLut(render::Colormap::Viridis);
    const int cx = static_cast<int>(L.colorbar.centerX());
    const float step = L.colorbar.height() / 256.0f;
    ASSERT_GT(step, 2.0f);
    EXPECT_TRUE(sameRgb(img.at(cx, static_cast<int>(L.colorbar.y1 - step * 0.5f)), lut[0]));
    EXPECT_TRUE(sameRgb(img.at(cx, static_cast<int>(L.colorbar.y0 + step * 0.5f)), lut[255]));
    // Every cell center has the colormap color of its value (the GPU normalises in float32: allow one step).
    const plot::HeatmapSpec& h = *spec.heatmap;
    int checked = 0;
    for (int row = 0; row < h.rows; row += 3)
        for (int col = 0; col < h.cols; col += 3) {
            const int x = static_cast<int>(L.x.toPixel(col + 0.5)), y = static_cast<int>(L.y.toPixel(row + 0.5));
            const double t = render::normalizeValue(h.values[static_cast<size_t>(row * h.cols + col)], h.vmin, h.vmax);
            const int idx = render::colormapIndex(t);
            bool ok = false;
            for (int k = std::max(0, idx - 1); k <= std::min(255, idx + 1); ++k)
                ok = ok || sameRgb(img.at(x, y), lut[k]);
            EXPECT_TRUE(ok) << "cell " << row << "," << col;
            ++checked;
        }
    EXPECT_GE(checked, 30);
    // Corner: the light theme's background.
    EXPECT_EQ(img.at(1, 1)[0], 255);
    EXPECT_EQ(img.at(1, 1)[3], 255);
}

TEST_F(ExportGl, TransparentPngHasAlphaZeroOutsideTheData) {
    ExportRequest r = smallScores();
    r.transparent = true;
    const Figure f = buildFigure(r);
    const render::RgbaImage img = PngRenderer(context_.get()).render(f, r.width, r.height, true);
    EXPECT_EQ(img.at(1, 1)[3], 0);
    const plot::PlotLayout L = plot::computeLayout(f.view.spec, f.theme, plot::homeWindow(f.view.spec), 640, 720);
    EXPECT_EQ(img.at(static_cast<int>(L.plot.centerX()), static_cast<int>(L.plot.centerY()))[3], 255);
}

TEST_F(ExportGl, OwnEglContextWhenNothingIsBorrowed) {
    // The CLI path: the renderer creates its own EGL context. Only one context may be alive, so the
    // suite's context is released for this test and recreated after.
    context_.reset();
    {
        ExportRequest r = smallScores();
        r.view = model::View::Kernel;
        const render::RgbaImage img = PngRenderer().render(buildFigure(r), 320, 200, false);
        EXPECT_EQ(img.width, 320);
        EXPECT_EQ(img.height, 200);
    }
    context_ = render::createGlContext("egl", 800, 600, "export tests");
}

TEST_F(ExportGl, DialogJobBetweenFramesLeavesTheWindowImGuiContextAlone) {
    ImGuiContext* window = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.Fonts->AddFontDefault();
    {
        render::ImGuiGlBackend backend(*context_);
        // One window frame, so the window's font texture exists.
        backend.newFrame();
        ImGui::NewFrame();
        ImGui::Render();
        backend.renderToScreen({0, 0, 0, 1});
        const ImTextureID fontTexture = io.Fonts->TexID;
        const int fonts = io.Fonts->Fonts.Size;

        TempDir dir;
        model::AppState state;
        ui::UiContext ui;
        ui::openExportDialog(model::View::Alibi, state, ui);
        ui.exportDialog.folder = dir.path().string();
        ui.exportDialog.width = 800;
        ui.exportDialog.height = 500;
        ui.exportDialog.startRequested = true;
        DialogExportRunner runner;
        int frames = 0;
        do {
            backend.newFrame();  // the window keeps drawing frames while the export runs
            ImGui::NewFrame();
            ui::drawExportDialog(state, ui);
            ImGui::Render();
            backend.renderToScreen({0, 0, 0, 1});
            runner.betweenFrames(state, ui, *context_);
            ASSERT_EQ(ImGui::GetCurrentContext(), window);
            ASSERT_LT(++frames, 20);
        } while (ui.exportDialog.running || ui.exportDialog.startRequested);
        EXPECT_FALSE(ui.exportDialog.failed) << ui.exportDialog.message;
        EXPECT_GE(frames, 4);  // start + one stage per frame: progress was visible
        EXPECT_EQ(io.Fonts->TexID, fontTexture);
        EXPECT_EQ(io.Fonts->Fonts.Size, fonts);
        EXPECT_EQ(dir.list(), (std::vector<std::string>{"phaselens-alibi.png", "phaselens-alibi.png.json"}));
        const testing::Png png = testing::readPng(dir.file("phaselens-alibi.png"));
        EXPECT_EQ(png.width, 800);
        EXPECT_EQ(png.height, 500);
        EXPECT_NE(ui.exportDialog.message.find("wrote"), std::string::npos);
        // The generated title was not edited, so the sidecar keeps the title generated.
        const auto side = phaselens::json_text::parse(testing::readFile(dir.file("phaselens-alibi.png.json")));
        EXPECT_EQ(side["title"], "");
        EXPECT_FALSE(side["_phaselens"].contains("caption_override"));
    }
    ImGui::DestroyContext(window);
}

}  // namespace
}  // namespace phaselens::exporter
