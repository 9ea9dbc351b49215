#include "ui/stage_mode.h"

#include <algorithm>
#include <cmath>

namespace phaselens::ui {

namespace {

double linear(unsigned channel) {
    const double c = channel / 255.0;
    return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

ImVec4 gray(float v, float a = 1.0f) {
    return ImVec4(v, v, v, a);
}

}  // namespace

const char* stageAspectName(StageAspect aspect) {
    switch (aspect) {
        case StageAspect::Wide16x9:
            return "16:9";
        case StageAspect::Classic4x3:
            return "4:3";
        case StageAspect::Fill:
            break;
    }
    return "fill";
}

ImVec4 stageViewport(StageAspect aspect, float width, float height) {
    if (aspect == StageAspect::Fill || !(width > 0) || !(height > 0)) return ImVec4(0, 0, width, height);
    const float ratio = aspect == StageAspect::Wide16x9 ? 16.0f / 9.0f : 4.0f / 3.0f;
    const float w = std::min(width, height * ratio), h = std::min(height, width / ratio);
    return ImVec4(std::floor((width - w) * 0.5f), std::floor((height - h) * 0.5f), w, h);
}

double relativeLuminance(plot::Rgba c) {
    return 0.2126 * linear(plot::redOf(c)) + 0.7152 * linear(plot::greenOf(c)) + 0.0722 * linear(plot::blueOf(c));
}

plot::Rgba over(plot::Rgba color, plot::Rgba background) {
    const double a = plot::alphaOf(color) / 255.0;
    auto mix = [a](unsigned f, unsigned b) { return static_cast<unsigned>(std::lround(f * a + b * (1.0 - a))); };
    return plot::rgba(mix(plot::redOf(color), plot::redOf(background)),
                      mix(plot::greenOf(color), plot::greenOf(background)),
                      mix(plot::blueOf(color), plot::blueOf(background)));
}

double contrastRatio(plot::Rgba foreground, plot::Rgba background) {
    const double a = relativeLuminance(over(foreground, background)), b = relativeLuminance(background);
    return (std::max(a, b) + 0.05) / (std::min(a, b) + 0.05);
}

plot::Rgba toRgba(const ImVec4& c) {
    auto byte = [](float v) { return static_cast<unsigned>(std::lround(std::clamp(v, 0.0f, 1.0f) * 255.0f)); };
    return plot::rgba(byte(c.x), byte(c.y), byte(c.z), byte(c.w));
}

plot::PlotTheme stagePlotTheme(float fontScale) {
    plot::PlotTheme t = plot::lightTheme();
    t.fontSize *= fontScale;
    t.text = plot::rgba(0, 0, 0);
    t.axis = plot::rgba(0, 0, 0);
    t.annotation = plot::rgba(60, 60, 60);
    t.grid = plot::rgba(0, 0, 0, 40);
    t.legendBorder = plot::rgba(0, 0, 0, 140);
    t.lineWidth = 3.0f;
    t.axisWidth = 2.0f;
    t.gridWidth = 1.5f;
    t.markerRadius = 4.0f;
    t.tickLength = 8.0f;
    t.legendSwatch = 28.0f;
    // Okabe-Ito hues, the light ones darkened to ≥ 3:1 on white.
    t.palette = {plot::rgba(0, 114, 178), plot::rgba(213, 94, 0),  plot::rgba(0, 140, 100), plot::rgba(178, 80, 140),
                 plot::rgba(165, 105, 0), plot::rgba(0, 130, 190), plot::rgba(115, 105, 0), plot::rgba(0, 0, 0)};
    return t;
}

void applyLightStyle(ImGuiStyle& style) {
    ImGui::StyleColorsLight(&style);
    ImVec4* c = style.Colors;
    c[ImGuiCol_Text] = gray(0.0f);
    c[ImGuiCol_TextDisabled] = gray(0.33f);
    c[ImGuiCol_Border] = gray(0.42f);
    c[ImGuiCol_FrameBg] = gray(1.0f);
    c[ImGuiCol_CheckMark] = ImVec4(0.05f, 0.30f, 0.65f, 1.0f);
    c[ImGuiCol_SliderGrab] = ImVec4(0.10f, 0.35f, 0.70f, 1.0f);
    c[ImGuiCol_SliderGrabActive] = ImVec4(0.05f, 0.25f, 0.60f, 1.0f);
    c[ImGuiCol_Separator] = gray(0.45f);
    style.FrameBorderSize = 1.0f;
}

void applyDarkStyle(ImGuiStyle& style) {
    ImGui::StyleColorsDark(&style);
    style.FrameBorderSize = 0.0f;
}

void applyThemeStyle(bool light) {
    ImGuiStyle& style = ImGui::GetStyle();
    if (light)
        applyLightStyle(style);
    else
        applyDarkStyle(style);
}

}  // namespace phaselens::ui
