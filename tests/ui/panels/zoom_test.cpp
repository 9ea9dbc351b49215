// Deep zoom in the window (model/view_window.h): wheel notches over the ladder plot change the view's requested
// window, and the cache re-samples it — the heatmap then covers only the visible positions with smaller blocks,
// down to one position per column with the exact cos(p·θᵢ) (not the old texture magnified); idle frames compute
// nothing; Home (resetView) returns to the whole context. Also the background path: a zoom keeps the old image
// until the re-sampled one arrives.
#include <stdexcept>
#define IM_ASSERT(expr) ((expr) ? (void)0 : throw std::runtime_error("IM_ASSERT failed: " #expr))
#include <gtest/gtest.h>
#include <imgui.h>

#include <chrono>
#include <thread>

#include "headless_app.h"
#include "phaselens/rope.h"
#include "ui/ui_context.h"

namespace phaselens::ui {
namespace {

class ZoomUi : public test::HeadlessApp {
  protected:
    void SetUp() override {
        HeadlessApp::SetUp();
        state.contextLength = int64_t(1) << 20;
        state.trainingContext = int64_t(1) << 20;
        state.view = View::Ladder;
        ui.selectPanelPending = true;
        frames(3);
    }
    void TearDown() override {
        ui.cache.waitForBackground();
        HeadlessApp::TearDown();
    }
    void frame() override {
        HeadlessApp::frame();
        ImGui::GetIO().MouseWheel = 0;
    }
    plot::PlotViewState& plotView() { return ui.plotViews[static_cast<size_t>(View::Ladder)]; }
    // Moves the mouse over a grid until the ladder plot reports it under the cursor.
    bool hoverLadder() {
        const ImVec2 size = ImGui::GetIO().DisplaySize;
        for (float y = size.y * 0.2f; y < size.y * 0.9f; y += 40)
            for (float x = size.x * 0.3f; x < size.x * 0.95f; x += 40) {
                ImGui::GetIO().MousePos = ImVec2(x, y);
                frames(2);
                if (plotView().hovered) return true;
            }
        return false;
    }
    const plot::HeatmapSpec& heatmap() { return *ui.cache.peek(View::Ladder).result.spec.heatmap; }
};

TEST_F(ZoomUi, WheelZoomReSamplesTheVisibleWindowDownToSinglePositions) {
    ASSERT_TRUE(ui.cache.peek(View::Ladder).hasResult);
    EXPECT_EQ(heatmap().xMax - heatmap().xMin, 1048576.0);
    const int cols0 = heatmap().cols;
    EXPECT_EQ(cols0, state.maxPixels);  // 1024 positions per column
    ASSERT_TRUE(hoverLadder());
    const uint64_t before = ui.cache.computeCount(View::Ladder);
    for (int notch = 0; notch < 45; ++notch) {
        ImGui::GetIO().MouseWheel = 1;
        frames(2);
    }
    const DataWindow& w = state.windows[View::Ladder];
    ASSERT_FALSE(w.x.whole());
    EXPECT_LT(w.x.hi - w.x.lo, 200.0);  // 0.8^45 of 2^20 ≈ 45 positions
    EXPECT_GT(ui.cache.computeCount(View::Ladder), before);
    // The result covers exactly the visible window, one position per column, each the exact value.
    const plot::HeatmapSpec& h = heatmap();
    EXPECT_EQ(h.xMin, std::floor(std::max(0.0, w.x.lo)));
    EXPECT_EQ(h.xMax, std::ceil(w.x.hi));
    EXPECT_EQ(h.xMax - h.xMin, static_cast<double>(h.cols));
    EXPECT_EQ(h.sampling, "exact");
    // The wheel zooms both axes: the rows are the visible pairs (a slice of θ), yMin = the first of them.
    ASSERT_GE(h.rows, 1);
    EXPECT_EQ(h.yMax - h.yMin, static_cast<double>(h.rows));
    EXPECT_LT(h.rows, 64);
    const Eigen::VectorXd theta = core::defaultInvFreq(128, 10000.0);
    const int pair0 = static_cast<int>(h.yMin);
    for (int r = 0; r < h.rows; ++r)
        for (int c = 0; c < h.cols; ++c)
            EXPECT_EQ(h.values[static_cast<size_t>(r * h.cols + c)],
                      static_cast<float>(std::cos((h.xMin + c) * theta[pair0 + r])))
                << r << ", " << c;
    // The tooltip names the block at this zoom: a single position of a single pair.
    const auto lines = plot::hoverLines(ui.cache.peek(View::Ladder).result.spec, h.xMin + 0.5, h.yMin + 0.5);
    ASSERT_FALSE(lines.empty());
    EXPECT_EQ(lines[0].rfind("row 0, col 0: ", 0), 0u) << lines[0];
    ASSERT_GE(lines.size(), 2u);
    const std::string p0 = std::to_string(static_cast<long long>(h.xMin));
    EXPECT_NE(lines[1].find("position p " + p0), std::string::npos) << lines[1];
    EXPECT_EQ(lines[1].find(p0 + ".."), std::string::npos) << lines[1];  // one position, not a block
    // Idle: nothing recomputes while the window does not change.
    const uint64_t zoomed = ui.cache.computeCount(View::Ladder);
    ImGui::GetIO().MousePos = ImVec2(-100, -100);
    frames(10);
    EXPECT_EQ(ui.cache.computeCount(View::Ladder), zoomed);
    // Home: the whole context again.
    plot::resetView(plotView());
    frames(3);
    EXPECT_TRUE(state.windows[View::Ladder].whole());
    EXPECT_EQ(heatmap().xMax - heatmap().xMin, 1048576.0);
    EXPECT_EQ(heatmap().cols, cols0);
}

TEST_F(ZoomUi, BackgroundZoomKeepsTheOldImageUntilTheNewArrives) {
    ui.cache.setBackground(true);
    const uint64_t version = ui.cache.peek(View::Ladder).version;
    state.windows[View::Ladder].x = {1000.0, 1100.0};
    plotView().window.xMin = 1000.0;  // as the widget would after the zoom
    plotView().window.xMax = 1100.0;
    CachedView& e = ui.cache.get(View::Ladder, state);
    EXPECT_TRUE(e.pending);  // a zoom never blocks the frame
    EXPECT_EQ(e.version, version);
    EXPECT_EQ(e.result.spec.heatmap->xMax, 1048576.0);  // the old image, stretched by the plot meanwhile
    ui.cache.waitForBackground();
    CachedView& done = ui.cache.get(View::Ladder, state);
    EXPECT_FALSE(done.pending);
    EXPECT_EQ(done.result.spec.heatmap->xMin, 1000.0);
    EXPECT_EQ(done.result.spec.heatmap->xMax, 1100.0);
    EXPECT_EQ(done.result.spec.heatmap->cols, 100);
}

}  // namespace
}  // namespace phaselens::ui
