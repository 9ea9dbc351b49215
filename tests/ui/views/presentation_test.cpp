// Presentation mode and decks, and the new panels in the headless UI (no window, no GL): decks parse and
// name bad slides, keys step through slides, Esc leaves, Space plays the animation, the Wraparound and
// Context-extension tabs compute their four views, new state fields round-trip through JSON.
#include <stdexcept>
#define IM_ASSERT(expr) ((expr) ? (void)0 : throw std::runtime_error("IM_ASSERT failed: " #expr))
#include <gtest/gtest.h>
#include <imgui.h>

#include <set>

#include "headless_app.h"
#include "json_text.h"
#include "model/state_io.h"
#include "ui/presentation.h"
#include "ui/ui_context.h"

namespace phaselens::ui {
namespace {

constexpr int kRight = test::kKeyRight, kLeft = test::kKeyLeft, kPageUp = test::kKeyPageUp,
              kPageDown = test::kKeyPageDown, kHome = test::kKeyHome, kEnd = test::kKeyEnd, kEscape = test::kKeyEscape,
              kSpace = test::kKeySpace;

class Presentation : public test::HeadlessApp {
  protected:
    void press(int key) {
        ImGui::GetIO().KeysDown[key] = true;
        frame();
        ImGui::GetIO().KeysDown[key] = false;
        frame();
    }
};

std::vector<AppState> threeSlides() {
    return deckFromJson(phaselens::json_text::parse(R"([
        {"view": "turns", "context_length": 32768},
        {"view": "ladder", "position_stride": 4, "ladder_quantity": "angle-wrapped"},
        {"view": "extension-scale", "extension_factor": 16}
    ])"));
}

TEST(Deck, ParsesArraysAndSlidesObjectsAndNamesBadSlides) {
    const std::vector<AppState> d = threeSlides();
    ASSERT_EQ(d.size(), 3u);
    EXPECT_EQ(d[0].view, View::Turns);
    EXPECT_EQ(d[0].contextLength, 32768);
    EXPECT_EQ(d[1].positionStride, 4);
    EXPECT_EQ(d[2].extensionFactor, 16);
    EXPECT_EQ(deckFromJson(phaselens::json_text::parse(R"({"slides": [{"view": "aliasing"}]})"))[0].view,
              View::Aliasing);
    // Round trip through deckToJson.
    EXPECT_EQ(deckFromJson(deckToJson(d)), d);
    auto message = [](const char* text) {
        try {
            deckFromJson(phaselens::json_text::parse(text));
        } catch (const std::invalid_argument& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    EXPECT_EQ(message("[]"), "deck has no slides");
    EXPECT_NE(message("{\"view\": \"ladder\"}").find("deck must be a JSON array"), std::string::npos);
    const std::string bad = message(R"([{"view": "ladder"}, {"rope_theta": "x"}])");
    EXPECT_EQ(bad.rfind("slide 2: rope_theta", 0), 0u) << bad;
    EXPECT_NE(message(R"([{"view": "nope"}])").find("slide 1"), std::string::npos);
}

TEST_F(Presentation, KeysStepThroughTheDeckAndEscLeaves) {
    ui.deck = threeSlides();
    ui.presentation = true;
    goToSlide(state, ui, 0);
    frame();
    EXPECT_EQ(state.view, View::Turns);
    EXPECT_TRUE(ui.cache.peek(View::Turns).hasResult);  // the presented plot was computed
    press(kRight);
    EXPECT_EQ(ui.slide, 1);
    EXPECT_EQ(state.view, View::Ladder);
    EXPECT_EQ(state.positionStride, 4);
    press(kSpace);
    EXPECT_EQ(ui.slide, 2);
    EXPECT_EQ(state.extensionFactor, 16);
    press(kPageDown);  // stays on the last slide
    EXPECT_EQ(ui.slide, 2);
    press(kLeft);
    EXPECT_EQ(ui.slide, 1);
    press(kPageUp);
    EXPECT_EQ(ui.slide, 0);
    press(kEnd);
    EXPECT_EQ(ui.slide, 2);
    press(kHome);
    EXPECT_EQ(ui.slide, 0);
    EXPECT_FALSE(ui.animation.playing);  // Space stepped slides, it did not start the player
    press(kEscape);
    EXPECT_FALSE(ui.presentation);
    press(kRight);  // outside presentation the arrows do not change slides
    EXPECT_EQ(ui.slide, 0);
}

TEST_F(Presentation, LightThemeAndLargerTextWhilePresenting) {
    state.theme = ThemeChoice::Dark;
    ui.presentation = true;
    frame();
    EXPECT_TRUE(ui.presentationStyled);
    EXPECT_FLOAT_EQ(ImGui::GetIO().FontGlobalScale, 2.0f);  // no presentation font in this test
    const AppState look = presentationLook(state, ui);
    EXPECT_EQ(look.theme, ThemeChoice::Light);
    EXPECT_FLOAT_EQ(look.fontScale, 2.0f);
    EXPECT_FLOAT_EQ(currentTheme(look, ui).fontSize, plot::lightTheme().fontSize * 2.0f);
    EXPECT_EQ(state.theme, ThemeChoice::Dark);  // the state itself is untouched
    ui.presentation = false;
    frame();
    EXPECT_FLOAT_EQ(ImGui::GetIO().FontGlobalScale, 1.0f);
}

TEST_F(Presentation, SpacePlaysTheAnimationOutsideADeck) {
    ui.animation.spec = {AnimationParam::Context, 1024, 4096, 3};
    ui.animation.framesPerSecond = 60;
    press(kSpace);
    EXPECT_TRUE(ui.animation.playing);
    std::set<int64_t> contexts;  // at 60 fps and 60 frames/s every frame steps: 1024, 2048, 4096, 1024, ...
    for (int i = 0; i < 6; ++i) {
        frame();
        contexts.insert(state.contextLength);
    }
    EXPECT_EQ(contexts, (std::set<int64_t>{1024, 2048, 4096}));
    press(kSpace);
    EXPECT_FALSE(ui.animation.playing);
}

TEST_F(Presentation, NewTabsComputeTheirFourViews) {
    for (View first : {View::Turns, View::ExtensionScale}) {
        state.view = first;
        ui.selectPanelPending = true;
        for (int i = 0; i < 3; ++i) frame();
    }
    for (View v : {View::Turns, View::Aliasing, View::LadderPoint, View::LadderMean, View::ExtensionScale,
                   View::ExtensionWavelengths, View::ExtensionKernel, View::AttentionFactor}) {
        const CachedView& e = ui.cache.peek(v);
        EXPECT_EQ(e.computeCount, 1u) << viewName(v);
        EXPECT_TRUE(e.error.empty()) << viewName(v) << ": " << e.error;
        EXPECT_EQ(plot::validate(e.result.spec), "") << viewName(v);
    }
    EXPECT_EQ(panelOf(View::LadderMean), Panel::Aliasing);
    EXPECT_EQ(panelOf(View::AttentionFactor), Panel::Extension);
    // Idle frames compute nothing; a stride change recomputes the stride views only.
    const uint64_t scale = ui.cache.computeCount(View::ExtensionScale);
    state.positionStride = 3;
    state.view = View::Turns;
    ui.selectPanelPending = true;
    for (int i = 0; i < 3; ++i) frame();
    EXPECT_EQ(ui.cache.computeCount(View::Aliasing), 2u);
    EXPECT_EQ(ui.cache.computeCount(View::LadderPoint), 2u);
    EXPECT_EQ(ui.cache.computeCount(View::Turns), 1u);
    EXPECT_EQ(ui.cache.computeCount(View::ExtensionScale), scale);
}

TEST(StateIo, NewFieldsRoundTrip) {
    AppState s;
    s.positionStride = 0.25;
    s.positionMarker = 777;
    s.extensionFactor = 12.5;
    s.extensionCurrentLength = 65536;
    s.view = View::AttentionFactor;
    const nlohmann::json j = stateToJson(s);
    EXPECT_EQ(j["position_stride"], 0.25);
    EXPECT_EQ(j["position_marker"], 777);
    EXPECT_EQ(j["extension_factor"], 12.5);
    EXPECT_EQ(j["extension_current_length"], 65536);
    EXPECT_EQ(j["view"], "attention-factor");
    EXPECT_EQ(stateFromJson(j), s);
    for (const char* name : {"turns", "aliasing", "ladder-point", "ladder-mean", "extension-scale",
                             "extension-wavelengths", "extension-kernel", "attention-factor"})
        EXPECT_EQ(viewName(viewFromName(name)), std::string(name));
}

}  // namespace
}  // namespace phaselens::ui
