// The frame boundary (ui/frame_guard.h): an exception in the middle of a frame, with windows, an ID and a style
// push still open, becomes a status message; ImGui::Render() works and the next frame draws the whole app.
#include "ui/frame_guard.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "headless_imgui.h"
#include "ui/ui_context.h"

namespace phaselens::ui {
namespace {

TEST(FrameGuard, AnExceptionMidFrameBecomesAStatusLineAndTheNextFrameDraws) {
    ImGuiContext* context = test::createHeadlessImGui();
    AppState state;
    UiContext ui;
    NullTextureProvider textures;
    ui.textures = &textures;

    ImGui::NewFrame();
    const bool finished = drawFrameGuarded(ui, [] {
        ImGui::Begin("outer");
        ImGui::PushID("deep");
        ImGui::PushStyleVar(ImGuiStyleVar_Alpha, 0.5f);
        ImGui::BeginChild("child");
        throw std::invalid_argument("rope_theta: 1e400 is out of range\nsecond line");
    });
    EXPECT_FALSE(finished);
    ImGui::Render();  // would assert on the unbalanced stacks without the recovery
    EXPECT_EQ(ui.status.find("error in this frame: rope_theta: 1e400 is out of range"), 0u) << ui.status;
    EXPECT_EQ(ui.status.find('\n'), std::string::npos) << "one line";

    ImGui::NewFrame();
    EXPECT_TRUE(drawFrameGuarded(ui, [&] { drawApp(state, ui); }));
    ImGui::Render();
    ImGui::DestroyContext(context);
}

}  // namespace
}  // namespace phaselens::ui
