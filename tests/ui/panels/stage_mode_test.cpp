// Stage mode's colors meet WCAG 2.1 contrast (stage_mode.h): text ≥ 4.5:1, lines / control borders / series ≥ 3:1,
// computed on the stage plot theme and the light ImGui style; the aspect presets letterbox exactly.
#include "ui/stage_mode.h"

#include <gtest/gtest.h>
#include <imgui.h>

namespace phaselens::ui {
namespace {

using plot::rgba;

TEST(Contrast, MatchesTheWcagDefinition) {
    EXPECT_NEAR(contrastRatio(rgba(0, 0, 0), rgba(255, 255, 255)), 21.0, 1e-9);
    EXPECT_NEAR(contrastRatio(rgba(255, 255, 255), rgba(255, 255, 255)), 1.0, 1e-12);
    EXPECT_NEAR(contrastRatio(rgba(0x77, 0x77, 0x77), rgba(255, 255, 255)), 4.48, 0.01);    // the classic #777 on white
    EXPECT_NEAR(contrastRatio(rgba(0x99, 0x99, 0x99), rgba(0xF0, 0xF0, 0xF0)), 2.5, 0.05);  // issue 15's hint bar
    EXPECT_NEAR(contrastRatio(rgba(0, 0, 0, 0), rgba(255, 255, 255)), 1.0, 1e-12) << "transparent: composited";
}

TEST(StageTheme, TextLinesAndSeriesMeetWcagOnTheStage) {
    const plot::PlotTheme t = stagePlotTheme(2.0f);
    EXPECT_GE(contrastRatio(t.text, t.background), 4.5);
    EXPECT_GE(contrastRatio(t.text, t.plotBackground), 4.5);
    EXPECT_GE(contrastRatio(t.text, over(t.legendBackground, t.plotBackground)), 4.5);
    EXPECT_GE(contrastRatio(t.annotation, t.plotBackground), 4.5) << "annotation labels are text";
    EXPECT_GE(contrastRatio(t.axis, t.plotBackground), 3.0);
    EXPECT_GE(contrastRatio(t.axis, t.background), 3.0);
    ASSERT_FALSE(t.palette.empty());
    for (size_t i = 0; i < t.palette.size(); ++i)
        EXPECT_GE(contrastRatio(t.palette[i], t.plotBackground), 3.0) << "palette[" << i << "]";
    EXPECT_GE(t.lineWidth, 2.5f);
    EXPECT_FLOAT_EQ(t.fontSize, plot::lightTheme().fontSize * 2.0f);
}

TEST(StageTheme, TheLightUiStyleHasReadableTextAndVisibleControls) {
    ImGuiStyle style;
    applyLightStyle(style);
    const auto c = [&](ImGuiCol col) { return toRgba(style.Colors[col]); };
    const plot::Rgba window = over(c(ImGuiCol_WindowBg), rgba(255, 255, 255));
    const plot::Rgba frame = over(c(ImGuiCol_FrameBg), window);
    const plot::Rgba popup = over(c(ImGuiCol_PopupBg), window);
    const plot::Rgba button = over(c(ImGuiCol_Button), window);
    for (plot::Rgba bg : {window, frame, popup, button}) EXPECT_GE(contrastRatio(c(ImGuiCol_Text), bg), 4.5);
    EXPECT_GE(contrastRatio(c(ImGuiCol_TextDisabled), window), 4.5) << "hints and disabled text";
    EXPECT_GE(contrastRatio(c(ImGuiCol_Border), window), 3.0) << "control borders";
    EXPECT_GE(contrastRatio(c(ImGuiCol_Border), frame), 3.0) << "a check box's border on its own fill";
    EXPECT_GT(style.FrameBorderSize, 0.0f) << "check boxes, radio buttons and fields are outlined";
    EXPECT_GE(contrastRatio(c(ImGuiCol_CheckMark), frame), 3.0);
    EXPECT_GE(contrastRatio(c(ImGuiCol_SliderGrab), frame), 3.0);
}

TEST(StageAspect, PresetsLetterboxCentered) {
    const ImVec4 wide = stageViewport(StageAspect::Wide16x9, 1600, 1200);
    EXPECT_FLOAT_EQ(wide.z, 1600);
    EXPECT_FLOAT_EQ(wide.w, 900);
    EXPECT_FLOAT_EQ(wide.y, 150);
    const ImVec4 classic = stageViewport(StageAspect::Classic4x3, 1920, 1080);
    EXPECT_FLOAT_EQ(classic.z, 1440);
    EXPECT_FLOAT_EQ(classic.w, 1080);
    EXPECT_FLOAT_EQ(classic.x, 240);
    const ImVec4 fill = stageViewport(StageAspect::Fill, 1280, 720);
    EXPECT_FLOAT_EQ(fill.z, 1280);
    EXPECT_FLOAT_EQ(fill.w, 720);
    EXPECT_STREQ(stageAspectName(StageAspect::Classic4x3), "4:3");
}

}  // namespace
}  // namespace phaselens::ui
