// Headless ImGui: a context with no platform/renderer backend (display size, font atlas built with a
// dummy texture id, fixed DeltaTime), frames driven through io.MousePos / io.MouseDown / io.MouseWheel
// (ImGui 1.86 has no io.AddMousePosEvent yet).
//
// IM_ASSERT is redirected to throw, so a failed assertion becomes a test failure instead of abort().
// This only affects ImGui code compiled in THIS translation unit (the inline functions of imgui.h and
// imgui_internal.h, e.g. ImVector bounds checks). libimgui.a is precompiled with the default
// IM_ASSERT (assert()), and phaselens_plot with the project's flags, so an assertion inside the
// library still aborts the test binary: it is still caught by ctest, just less politely.
#include <stdexcept>
#define IM_ASSERT(expr) ((expr) ? (void)0 : throw std::runtime_error("IM_ASSERT failed: " #expr))

#include <gtest/gtest.h>
#include <imgui.h>
#include <imgui_internal.h>

#include <cfloat>
#include <cmath>
#include <cstdint>

#include "headless_imgui.h"
#include "plot/plot.h"

namespace phaselens::plot {
namespace {

PlotSpec heatmapPlot() {
    HeatmapSpec h;
    h.rows = h.cols = 64;
    h.xMax = h.yMax = 4096;
    for (int i = 0; i < 64 * 64; ++i) h.values.push_back(static_cast<float>(i % 64) / 63.0f);
    for (unsigned i = 0; i < 256; ++i) h.lut.push_back(rgba(i, i, i));
    h.colorbarLabel = "score";
    h.sampling = "mean";
    PlotSpec spec = makeHeatmapPlot(h, "key position", "query position", "attention");
    spec.refLines.push_back({Orientation::Vertical, 2048, "training 2048", 0, 1, true});
    return spec;
}

PlotSpec logLinePlot() {
    PlotSpec spec;
    spec.title = "decay";
    spec.x.label = "distance";
    spec.x.log = true;
    spec.y.label = "score";
    LineSeries s;
    s.name = "RoPE";
    s.markers = true;
    for (int i = 0; i <= 50; ++i) {
        s.x.push_back(std::pow(10.0, i * 0.1));
        s.y.push_back(std::cos(i * 0.3));
    }
    spec.series = {s};
    return spec;
}

class HeadlessImGui : public ::testing::Test {
  protected:
    void SetUp() override {
        IMGUI_CHECKVERSION();
        ctx_ = test::createHeadlessImGui(1280, 800);
    }
    void TearDown() override { ImGui::DestroyContext(ctx_); }

    // One frame: a full-screen undecorated window running `body`, then Render().
    template <class F>
    void frame(F&& body) {
        ImGui::NewFrame();
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
        ImGui::Begin("plots", nullptr,
                     ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
        body();
        ImGui::End();
        ImGui::Render();
        const ImDrawData* dd = ImGui::GetDrawData();
        ASSERT_TRUE(dd != nullptr && dd->Valid);
        ImGui::GetIO().MouseWheel = 0;
    }
    template <class F>
    void idle(F&& body, int frames) {
        for (int i = 0; i < frames; ++i) frame(body);
    }

    static ImGuiIO& io() { return ImGui::GetIO(); }

    ImGuiContext* ctx_ = nullptr;
};

TEST_F(HeadlessImGui, HeatmapHoverZoomPanReset) {
    const PlotSpec spec = heatmapPlot();
    const PlotTheme theme = darkTheme();
    PlotViewState view;
    const ImVec2 size(800, 600);
    ImVec2 origin;
    auto draw = [&] {
        drawPlot("##heat", spec, view, theme, size);
        origin = ImGui::GetItemRectMin();
    };
    frame(draw);
    const ViewWindow home = homeWindow(spec);
    EXPECT_EQ(view.window, home);
    EXPECT_FALSE(view.hovered);
    EXPECT_GT(ImGui::GetDrawData()->TotalVtxCount, 1000);

    // Hover near data point (1000, 3000): row 46, column 15. ImGui floors the mouse position.
    PlotLayout L = computeLayout(spec, theme, view.window, size.x, size.y);
    const float px = std::floor(L.x.toPixel(1000)), py = std::floor(L.y.toPixel(3000));
    io().MousePos = ImVec2(origin.x + px, origin.y + py);
    idle(draw, 2);
    ASSERT_TRUE(view.hovered);
    EXPECT_NEAR(view.mouseX, L.x.toData(px), 1e-6);
    EXPECT_NEAR(view.mouseY, L.y.toData(py), 1e-6);
    EXPECT_NEAR(view.mouseX, 1000, (4096 / L.plot.width()) + 1e-6);  // within a pixel
    const auto lines = hoverLines(spec, view.mouseX, view.mouseY);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0].rfind("row 46, col 15: ", 0), 0u) << lines[0];
    EXPECT_EQ(lines[1], "query position 2944..3007, key position 960..1023 (block mean)");
    const ImGuiWindow* tooltip = ImGui::FindWindowByName("##Tooltip_00");  // 1.86 name of the first tooltip
    ASSERT_TRUE(tooltip != nullptr);
    EXPECT_TRUE(tooltip->Active);

    // Wheel up one notch: both ranges shrink to 80% about the point under the cursor.
    ViewWindow before = view.window;
    const double cx = view.mouseX, cy = view.mouseY;
    io().MouseWheel = 1;
    frame(draw);
    EXPECT_NEAR(view.window.xMax - view.window.xMin, 0.8 * 4096, 1e-6);
    EXPECT_NEAR(view.window.yMax - view.window.yMin, 0.8 * 4096, 1e-6);
    EXPECT_NEAR(view.window.xMin, cx + (before.xMin - cx) * 0.8, 1e-6);
    EXPECT_NEAR(view.window.yMin, cy + (before.yMin - cy) * 0.8, 1e-6);

    // Drag right by 60 px: the view moves left by 60 px worth of data, y untouched.
    before = view.window;
    L = computeLayout(spec, theme, view.window, size.x, size.y);
    io().MouseDown[0] = true;
    frame(draw);
    io().MousePos.x += 30;
    frame(draw);
    EXPECT_TRUE(view.dragging);
    io().MousePos.x += 30;
    frame(draw);
    const double perPixel = (before.xMax - before.xMin) / L.plot.width();
    EXPECT_NEAR(view.window.xMin, before.xMin - 60 * perPixel, 1e-6);
    EXPECT_NEAR(view.window.xMax, before.xMax - 60 * perPixel, 1e-6);
    EXPECT_EQ(view.window.yMin, before.yMin);
    io().MouseDown[0] = false;
    frame(draw);
    EXPECT_FALSE(view.dragging);
    EXPECT_NE(view.window, home);

    // Double-click resets.
    idle(draw, 30);
    io().MouseDown[0] = true;
    frame(draw);
    io().MouseDown[0] = false;
    frame(draw);
    io().MouseDown[0] = true;
    frame(draw);
    io().MouseDown[0] = false;
    frame(draw);
    EXPECT_EQ(view.window, home);

    // Zoom out, then the app's "R" key: resetView.
    io().MouseWheel = -2;
    frame(draw);
    EXPECT_NEAR(view.window.xMax - view.window.xMin, 4096 / 0.64, 1e-6);
    io().MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    resetView(view);
    frame(draw);
    EXPECT_EQ(view.window, home);
    EXPECT_FALSE(view.hovered);
}

TEST_F(HeadlessImGui, TextureIsDrawnWithItsId) {
    PlotSpec spec = heatmapPlot();
    spec.heatmap->textureId = 42;
    PlotViewState view;
    frame([&] { drawPlot("##tex", spec, view, darkTheme(), ImVec2(640, 480)); });
    const ImDrawData* dd = ImGui::GetDrawData();
    int imageCmds = 0;
    for (int l = 0; l < dd->CmdListsCount; ++l)
        for (const ImDrawCmd& cmd : dd->CmdLists[l]->CmdBuffer)
            if (cmd.GetTexID() == reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(42))) {
                ++imageCmds;
                EXPECT_EQ(cmd.ElemCount, 6u);  // one quad
            }
    EXPECT_EQ(imageCmds, 1);
}

TEST_F(HeadlessImGui, LogAxisZoomsInLogSpaceAndAxisGuttersZoomOneAxis) {
    const PlotSpec spec = logLinePlot();
    const PlotTheme theme = lightTheme();
    PlotViewState view;
    const ImVec2 size(700, 450);
    ImVec2 origin;
    auto draw = [&] {
        drawPlot("##log", spec, view, theme, size);
        origin = ImGui::GetItemRectMin();
    };
    frame(draw);
    EXPECT_DOUBLE_EQ(view.window.xMin, 1);
    EXPECT_DOUBLE_EQ(view.window.xMax, 1e5);

    PlotLayout L = computeLayout(spec, theme, view.window, size.x, size.y);
    const float px = std::floor(L.x.toPixel(100));
    io().MousePos = ImVec2(origin.x + px, origin.y + std::floor(L.plot.centerY()));
    frame(draw);
    ASSERT_TRUE(view.hovered);
    const double c = std::log10(view.mouseX);
    EXPECT_NEAR(c, std::log10(L.x.toData(px)), 1e-9);
    EXPECT_NEAR(c, 2, 5.0 / L.plot.width() + 1e-9);  // within a pixel (5 decades)
    io().MouseWheel = 1;
    frame(draw);
    EXPECT_NEAR(std::log10(view.window.xMin), c + (0 - c) * 0.8, 1e-9);
    EXPECT_NEAR(std::log10(view.window.xMax), c + (5 - c) * 0.8, 1e-9);

    // Over the x-axis labels: x only.
    ViewWindow before = view.window;
    L = computeLayout(spec, theme, view.window, size.x, size.y);
    io().MousePos = ImVec2(origin.x + L.plot.centerX(), origin.y + L.plot.y1 + 10);
    frame(draw);
    EXPECT_FALSE(view.hovered);  // not over the plot area
    io().MouseWheel = 1;
    frame(draw);
    EXPECT_LT(view.window.xMax / view.window.xMin, before.xMax / before.xMin);
    EXPECT_EQ(view.window.yMin, before.yMin);
    EXPECT_EQ(view.window.yMax, before.yMax);

    // Left of the plot area (y-axis labels): y only.
    before = view.window;
    L = computeLayout(spec, theme, view.window, size.x, size.y);
    io().MousePos = ImVec2(origin.x + L.plot.x0 - 10, origin.y + L.plot.centerY());
    io().MouseWheel = 1;
    frame(draw);
    EXPECT_EQ(view.window.xMin, before.xMin);
    EXPECT_NEAR(view.window.yMax - view.window.yMin, 0.8 * (before.yMax - before.yMin), 1e-12);
}

TEST_F(HeadlessImGui, PlotsKeepSeparateState) {
    const PlotSpec a = heatmapPlot(), b = logLinePlot();
    const PlotTheme theme = darkTheme();
    PlotViewState va, vb;
    ImVec2 originA;
    auto draw = [&] {
        drawPlot("##a", a, va, theme, ImVec2(600, 350));
        originA = ImGui::GetItemRectMin();
        drawPlot("##b", b, vb, theme, ImVec2(600, 350));
    };
    frame(draw);
    const ViewWindow homeB = vb.window;
    io().MousePos = ImVec2(originA.x + 300, originA.y + 170);
    frame(draw);
    io().MouseWheel = 1;
    frame(draw);
    EXPECT_NE(va.window, homeWindow(a));
    EXPECT_EQ(vb.window, homeB);
}

TEST_F(HeadlessImGui, HomeChangeRefitsTheView) {
    PlotSpec spec = heatmapPlot();
    PlotViewState view;
    auto draw = [&] { drawPlot("##refit", spec, view, darkTheme(), ImVec2(500, 400)); };
    frame(draw);
    view.window = ViewWindow{10, 20, 10, 20};  // as if zoomed
    frame(draw);
    EXPECT_EQ(view.window, (ViewWindow{10, 20, 10, 20}));
    spec.heatmap->xMax = spec.heatmap->yMax = 8192;  // the app doubled the context length
    spec.x.max = spec.y.max = 8192;
    frame(draw);
    EXPECT_EQ(view.window, (ViewWindow{0, 8192, 0, 8192}));
}

TEST_F(HeadlessImGui, SwitchingToLogRefitsAnUnusableWindow) {
    PlotSpec spec = logLinePlot();
    spec.x.log = false;
    PlotViewState view;
    auto draw = [&] { drawPlot("##switch", spec, view, darkTheme(), ImVec2(500, 400)); };
    frame(draw);
    view.window.xMin = -50;  // as if panned left of zero
    frame(draw);
    EXPECT_EQ(view.window.xMin, -50);
    spec.x.log = true;  // same home window, but -50 cannot be shown on a log axis
    frame(draw);
    EXPECT_EQ(view.window, homeWindow(spec));
}

TEST_F(HeadlessImGui, InvalidSpecDrawsAMessage) {
    PlotSpec spec = heatmapPlot();
    spec.heatmap->values.resize(3);
    PlotViewState view;
    io().MousePos = ImVec2(300, 200);
    frame([&] { EXPECT_FALSE(drawPlot("##bad", spec, view, darkTheme(), ImVec2(0, 0))); });
    EXPECT_FALSE(view.hovered);
    EXPECT_GT(ImGui::GetDrawData()->TotalVtxCount, 100);  // the message text
}

TEST_F(HeadlessImGui, FillsAvailableSpaceWhenSizeIsZero) {
    const PlotSpec spec = logLinePlot();
    PlotViewState view;
    ImVec2 itemSize;
    frame([&] {
        drawPlot("##fill", spec, view, darkTheme());
        itemSize = ImGui::GetItemRectSize();
    });
    const ImGuiStyle& style = ImGui::GetStyle();
    EXPECT_FLOAT_EQ(itemSize.x, 1280 - 2 * style.WindowPadding.x);
    EXPECT_FLOAT_EQ(itemSize.y, 800 - 2 * style.WindowPadding.y);
}

}  // namespace
}  // namespace phaselens::plot
