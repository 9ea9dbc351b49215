// Contexts to 2^31 (issue 17): state files keep 2^31 and refuse 2^31 + 1 by key, the context slider reaches 2^31,
// shows plain grouped numbers (10,485,760) and takes a typed 10485760; the panels keep such a context as it is.
#include <stdexcept>
#define IM_ASSERT(expr) ((expr) ? (void)0 : throw std::runtime_error("IM_ASSERT failed: " #expr))
#include <gtest/gtest.h>
#include <imgui.h>

#include <string>

#include "headless_imgui.h"
#include "json_text.h"
#include "model/model_state.h"
#include "model/number_format.h"
#include "model/state_io.h"
#include "model/state_ranges.h"
#include "ui/ui_context.h"
#include "ui/widgets.h"

namespace phaselens::ui {
namespace {

constexpr int64_t k2To31 = int64_t{1} << 31;
constexpr int64_t kScout = 10485760;  // Llama 4 Scout's max_position_embeddings

// [SECTION] State files -------------------------------------------------------------------------------------------

TEST(LongContext, StateRoundTripsAt2To31) {
    AppState s;
    s.contextLength = k2To31;
    s.trainingContext = k2To31;
    s.biasContext = k2To31;
    s.phasePositions = k2To31;
    s.slidingWindow = k2To31;
    s.positionMarker = k2To31;
    EXPECT_EQ(stateRangeProblem(s), std::nullopt);
    const AppState back = stateFromJson(stateToJson(s));
    EXPECT_TRUE(back == s);
    EXPECT_EQ(back.contextLength, k2To31);
}

TEST(LongContext, StateRefuses2To31Plus1ByKey) {
    for (const char* key : {"context_length", "training_context", "bias_context", "phase_positions"}) {
        const std::string text = std::string(R"({")") + key + R"(": 2147483649})";
        const AppState loaded = stateFromJson(phaselens::json_text::parse(text));
        const std::optional<std::string> problem = stateRangeProblem(loaded);
        ASSERT_TRUE(problem) << key;
        EXPECT_NE(problem->find(key), std::string::npos) << *problem;
        EXPECT_NE(problem->find("2147483649"), std::string::npos) << *problem;
    }
}

// [SECTION] The context slider ----------------------------------------------------------------------------------

class LongContextSlider : public ::testing::Test {
  protected:
    void SetUp() override {
        test::createHeadlessImGui();
        ImGui::GetIO().KeyMap[ImGuiKey_Enter] = 257;
    }
    void TearDown() override { ImGui::DestroyContext(); }
    // One frame of a window holding the context slider exactly as the controls panel draws it.
    bool frame() {
        ImGui::NewFrame();
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImVec2(600, 200));
        ImGui::Begin("long context");
        const bool changed = sliderInt64("context", value, 8, model::kMaxContext, true, 0, "Positions shown.");
        rectMin = ImGui::GetItemRectMin();
        rectMax = ImGui::GetItemRectMax();
        ImGui::End();
        ImGui::Render();
        return changed;
    }
    int64_t value = 4096;
    ImVec2 rectMin, rectMax;
};

TEST_F(LongContextSlider, TypedValueSetsLlama4ScoutsContext) {
    frame();
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(0.5f * (rectMin.x + rectMax.x), 0.5f * (rectMin.y + rectMax.y));
    frame();  // hovered: remembered for the click
    io.KeyCtrl = true;
    io.MouseDown[0] = true;
    frame();  // Ctrl+click opens the text input
    io.MouseDown[0] = false;
    io.KeyCtrl = false;
    frame();
    frame();
    io.AddInputCharactersUTF8("10485760");  // replaces the selected text
    bool changed = frame();
    io.KeysDown[257] = true;
    changed = frame() || changed;
    io.KeysDown[257] = false;
    frame();
    EXPECT_TRUE(changed);
    EXPECT_EQ(value, kScout);
    EXPECT_EQ(model::groupedInteger(value), "10,485,760");  // how the slider shows it (no 1.05e+07)
}

TEST_F(LongContextSlider, DraggingToTheRightEndReaches2To31) {
    frame();
    ImGuiIO& io = ImGui::GetIO();
    const float y = 0.5f * (rectMin.y + rectMax.y);
    io.MousePos = ImVec2(rectMin.x + 4, y);
    frame();
    io.MouseDown[0] = true;
    frame();
    for (float x = rectMin.x + 4; x <= rectMax.x + 40; x += 20) {
        io.MousePos = ImVec2(x, y);
        frame();
    }
    io.MouseDown[0] = false;
    frame();
    EXPECT_EQ(value, k2To31);
    EXPECT_EQ(model::groupedInteger(value), "2,147,483,648");
}

TEST(LongContextPanels, ThePanelsKeepA10MContext) {
    test::createHeadlessImGui();
    AppState state;
    state.contextLength = kScout;
    state.trainingContext = kScout;
    UiContext ui;
    NullTextureProvider textures;
    ui.textures = &textures;
    for (int i = 0; i < 3; ++i) {
        ImGui::NewFrame();
        drawApp(state, ui);
        ImGui::Render();
    }
    ImGui::DestroyContext();
    EXPECT_EQ(state.contextLength, kScout) << "the slider does not clamp a context above 2^20";
    EXPECT_EQ(state.trainingContext, kScout);
}

}  // namespace
}  // namespace phaselens::ui
