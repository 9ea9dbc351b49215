// The Effective logits section of the controls (issue 17): the query temperature constants that selecting a layer
// sets can be typed in the window, and the effective-logits view then shows them.
#include <stdexcept>
#define IM_ASSERT(expr) ((expr) ? (void)0 : throw std::runtime_error("IM_ASSERT failed: " #expr))
#include <gtest/gtest.h>
#include <imgui.h>

#include <string>

#include "headless_imgui.h"
#include "model/views.h"
#include "ui/ui_context.h"

namespace phaselens::ui {
namespace {

// The rows of drawEffectiveLogitsControls, top to bottom.
enum Row { Temperature, AttnScale, FloorScale, Beta, L0, SoftmaxScale, LogitSoftcap, Sinks };

class EffectiveLogitsControls : public ::testing::Test {
  protected:
    void SetUp() override {
        test::createHeadlessImGui();
        ImGui::GetIO().KeyMap[ImGuiKey_Enter] = 257;
    }
    void TearDown() override { ImGui::DestroyContext(); }
    void frame() {
        ImGui::NewFrame();
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImVec2(700, 400));
        ImGui::Begin("effective logits controls");
        ImGui::PushItemWidth(-ImGui::GetFontSize() * 8.5f);  // as the controls panel
        start = ImGui::GetCursorScreenPos();
        drawEffectiveLogitsControls(state);
        ImGui::PopItemWidth();
        ImGui::End();
        ImGui::Render();
    }
    // Ctrl+click on the row's slider, type `text`, Enter (the way the context slider takes 10485760).
    void typeInto(Row row, const char* text) {
        frame();
        const float pitch = ImGui::GetFrameHeight() + ImGui::GetStyle().ItemSpacing.y;
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = ImVec2(start.x + 20, start.y + pitch * static_cast<float>(row) + 0.5f * ImGui::GetFrameHeight());
        frame();
        io.KeyCtrl = true;
        io.MouseDown[0] = true;
        frame();
        io.MouseDown[0] = false;
        io.KeyCtrl = false;
        frame();
        frame();
        io.AddInputCharactersUTF8(text);
        frame();
        io.KeysDown[257] = true;
        frame();
        io.KeysDown[257] = false;
        frame();
        io.MousePos = ImVec2(-1, -1);
        frame();
    }
    model::AppState state;
    ImVec2 start;
};

TEST_F(EffectiveLogitsControls, TypedConstantsReachTheView) {
    state.queryTemperature = model::QueryTemperature::Llama4;
    typeInto(AttnScale, "0.25");
    EXPECT_EQ(state.temperatureAttnScale, 0.25);
    typeInto(FloorScale, "4096");
    EXPECT_EQ(state.temperatureFloorScale, 4096.0);
    typeInto(Beta, "0.5");
    EXPECT_EQ(state.temperatureBeta, 0.5);
    typeInto(L0, "16384");
    EXPECT_EQ(state.temperatureL0, 16384.0);
    typeInto(LogitSoftcap, "50");
    EXPECT_EQ(state.layerLogitSoftcap, 50.0);
    const model::ViewResult r = model::buildView(model::View::EffectiveLogits, state);
    EXPECT_NE(r.convention.find("1 + 0.25·ln(1 + ⌊(p+1)/4096⌋)"), std::string::npos) << r.convention;
    EXPECT_NE(r.convention.find("1 + 0.5·ln(1 + ⌊p/16384⌋)"), std::string::npos) << r.convention;
}

TEST_F(EffectiveLogitsControls, DrawingAloneChangesNothing) {
    state.temperatureAttnScale = -3.0;  // a config may hold what the slider does not reach
    state.temperatureFloorScale = 0.5;
    const model::AppState before = state;
    for (int i = 0; i < 3; ++i) frame();
    EXPECT_TRUE(state == before);
}

}  // namespace
}  // namespace phaselens::ui
