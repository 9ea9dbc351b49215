// The "glfw" backend in a real window (Xvfb under CI). Skipped when DISPLAY is unset.
#include <gtest/gtest.h>
#include <imgui.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <vector>

#include "render/gl_context.h"
#include "render/heatmap_renderer.h"
#include "render/imgui_backend.h"

namespace phaselens::render {
namespace {

class GlfwWindowTest : public ::testing::Test {
  protected:
    void SetUp() override {
        const char* display = std::getenv("DISPLAY");
        if (display == nullptr || display[0] == '\0') GTEST_SKIP() << "DISPLAY is not set (run under xvfb-run)";
        context_ = createGlContext("glfw", 320, 240, "PhaseLens render test");
    }

    std::unique_ptr<GlContext> context_;
};

TEST_F(GlfwWindowTest, OpensA33CoreWindow) {
    EXPECT_EQ(context_->backendName(), "glfw");
    EXPECT_FALSE(context_->isHeadless());
    EXPECT_NE(context_->glfwWindow(), nullptr);
    EXPECT_FALSE(context_->shouldClose());
    const PixelSize size = context_->framebufferSize();
    EXPECT_GT(size.width, 0);
    EXPECT_GT(size.height, 0);
    int major = 0, minor = 0;
    ASSERT_EQ(std::sscanf(context_->glVersion().c_str(), "%d.%d", &major, &minor), 2) << context_->glVersion();
    EXPECT_GE(major * 10 + minor, 33);
}

TEST_F(GlfwWindowTest, ImGuiFrameReachesTheBackBufferTopRowFirst) {
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;
    {
        ImGuiGlBackend backend(*context_);
        RgbaImage image;
        for (int frame = 0; frame < 3; ++frame) {
            context_->pollEvents();
            backend.newFrame();
            ImGui::NewFrame();
            const ImVec2 display = ImGui::GetIO().DisplaySize;
            ImGui::GetForegroundDrawList()->AddRectFilled(ImVec2(0, 0), ImVec2(display.x, 10),
                                                          IM_COL32(255, 0, 0, 255));
            ImGui::Render();
            backend.renderToScreen({0.0f, 0.0f, 1.0f, 1.0f});
            image = backend.readScreen();
            context_->swapBuffers();
        }
        const PixelSize size = context_->framebufferSize();
        ASSERT_EQ(image.width, size.width);
        ASSERT_EQ(image.height, size.height);
        EXPECT_EQ(image.at(size.width / 2, 2)[0], 255) << "top band";
        EXPECT_EQ(image.at(size.width / 2, 2)[2], 0);
        EXPECT_EQ(image.at(size.width / 2, size.height - 2)[2], 255) << "clear color at the bottom";
        EXPECT_EQ(image.at(size.width / 2, size.height - 2)[0], 0);
    }
    ImGui::DestroyContext();
}

TEST_F(GlfwWindowTest, HeatmapColorsUnderGlx) {
    HeatmapRenderer heatmap;
    const std::vector<float> values = {0.0f, 0.5f, 1.0f};
    heatmap.setData(values.data(), 1, 3);
    const RgbaImage image = heatmap.readColored();
    const ColormapLut& lut = colormapLut(Colormap::Viridis);
    for (int channel = 0; channel < 3; ++channel) {
        EXPECT_EQ(image.at(0, 0)[channel], lut.front()[static_cast<std::size_t>(channel)]);
        EXPECT_EQ(image.at(2, 0)[channel], lut.back()[static_cast<std::size_t>(channel)]);
    }
}

}  // namespace
}  // namespace phaselens::render
