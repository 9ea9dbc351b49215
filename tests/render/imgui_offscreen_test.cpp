// ImGui frames rendered offscreen on EGL: orientation of the readback, scale, exception recovery, and the
// uv convention for showing a HeatmapRenderer texture with ImGui::Image.
#include <gtest/gtest.h>
#include <imgui.h>

#include <stdexcept>
#include <vector>

#include "egl_fixture.h"
#include "render/heatmap_renderer.h"
#include "render/imgui_backend.h"

namespace phaselens::render {
namespace {

class ImGuiOffscreenTest : public testing::EglTest {
  protected:
    void SetUp() override {
        EglTest::SetUp();
        ImGui::CreateContext();
        ImGui::GetIO().IniFilename = nullptr;
        backend_ = std::make_unique<ImGuiGlBackend>(*context_);
    }
    void TearDown() override {
        backend_.reset();
        ImGui::DestroyContext();
    }

    std::unique_ptr<ImGuiGlBackend> backend_;
};

// Red band over the top `bandHeight` points of the display, drawn on the foreground list.
void drawTopBand(float width, float bandHeight) {
    ImGui::GetForegroundDrawList()->AddRectFilled(ImVec2(0, 0), ImVec2(width, bandHeight), IM_COL32(255, 0, 0, 255));
}

TEST_F(ImGuiOffscreenTest, CaptureReturnsTopRowFirst) {
    CaptureOptions options;
    options.width = 64;
    options.height = 48;
    options.clearColor = {0.0f, 0.0f, 1.0f, 1.0f};
    const RgbaImage image = captureImGuiFrame(options, [] { drawTopBand(64, 8); });
    ASSERT_EQ(image.width, 64);
    ASSERT_EQ(image.height, 48);
    for (int x : {0, 31, 63}) {
        EXPECT_EQ(image.at(x, 0)[0], 255) << "top row is the red band, x=" << x;
        EXPECT_EQ(image.at(x, 7)[0], 255);
        EXPECT_EQ(image.at(x, 8)[0], 0) << "below the band: clear color";
        EXPECT_EQ(image.at(x, 47)[2], 255) << "bottom row: clear color";
        EXPECT_EQ(image.at(x, 47)[0], 0);
    }
}

TEST_F(ImGuiOffscreenTest, ScaleMultipliesPixelSize) {
    CaptureOptions options;
    options.width = 64;
    options.height = 48;
    options.scale = 2.0f;
    const RgbaImage image = captureImGuiFrame(options, [] { drawTopBand(64, 8); });
    ASSERT_EQ(image.width, 128);
    ASSERT_EQ(image.height, 96);
    EXPECT_EQ(image.at(100, 15)[0], 255);  // band is 16 px high now
    EXPECT_EQ(image.at(100, 16)[0], 0);
    // DisplaySize is restored after the capture.
    EXPECT_EQ(ImGui::GetIO().DisplayFramebufferScale.x, 1.0f);
}

TEST_F(ImGuiOffscreenTest, ThrowingUiLeavesImGuiUsable) {
    CaptureOptions options;
    options.width = 32;
    options.height = 32;
    EXPECT_THROW(captureImGuiFrame(options,
                                   [] {
                                       ImGui::Begin("half-built window");
                                       throw std::runtime_error("panel failed");
                                   }),
                 std::runtime_error);
    const RgbaImage image = captureImGuiFrame(options, [] { drawTopBand(32, 4); });
    EXPECT_EQ(image.at(0, 0)[0], 255);
}

TEST_F(ImGuiOffscreenTest, HeadlessLoopRendersToScreenSizedTarget) {
    backend_->newFrame();
    ImGui::NewFrame();
    drawTopBand(256, 10);
    ImGui::Render();
    backend_->renderToScreen({0.0f, 1.0f, 0.0f, 1.0f});
    const RgbaImage image = backend_->readScreen();
    ASSERT_EQ(image.width, 256);  // the EGL context's nominal size
    ASSERT_EQ(image.height, 256);
    EXPECT_EQ(image.at(128, 5)[0], 255);
    EXPECT_EQ(image.at(128, 200)[1], 255);
}

TEST_F(ImGuiOffscreenTest, ImageWithDefaultUvsShowsRowZeroAtTop) {
    // 2 x 2 matrix, four distinct values -> four distinct colors; displayed 40 x 40 at the display origin.
    const std::vector<float> values = {0.0f, 1.0f,   // row 0: left low, right high
                                       0.4f, 0.7f};  // row 1
    HeatmapRenderer heatmap;
    heatmap.setData(values.data(), 2, 2);
    heatmap.setColormap(Colormap::Viridis);
    heatmap.setLimits(0.0, 1.0);
    heatmap.update();

    CaptureOptions options;
    options.width = 64;
    options.height = 64;
    const RgbaImage image = captureImGuiFrame(options, [&] {
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImVec2(40, 40));
        ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
        ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0.0f);
        ImGui::Begin("heatmap", nullptr, ImGuiWindowFlags_NoDecoration);
        ImGui::Image(heatmap.imTextureId(), ImVec2(40, 40));  // default uv0 = (0,0), uv1 = (1,1)
        ImGui::End();
        ImGui::PopStyleVar(2);
    });
    const auto expectCell = [&](int x, int y, float value) {
        const Rgba8 expected = colorAt(Colormap::Viridis, value);
        const std::uint8_t* pixel = image.at(x, y);
        EXPECT_NEAR(pixel[0], expected[0], 1) << "pixel " << x << "," << y;
        EXPECT_NEAR(pixel[1], expected[1], 1) << "pixel " << x << "," << y;
        EXPECT_NEAR(pixel[2], expected[2], 1) << "pixel " << x << "," << y;
    };
    expectCell(10, 10, 0.0f);  // top-left: row 0, col 0
    expectCell(30, 10, 1.0f);  // top-right: row 0, col 1
    expectCell(10, 30, 0.4f);  // bottom-left: row 1, col 0
    expectCell(30, 30, 0.7f);  // bottom-right: row 1, col 1
}

}  // namespace
}  // namespace phaselens::render
