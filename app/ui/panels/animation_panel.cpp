#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "model/animation.h"
#include "ui/ui_context.h"
#include "ui/widgets.h"

namespace phaselens::ui {

namespace {

const char* kParams[] = {"position (trail + marker)", "context length", "base", "factor (scaling + extension)"};

// One-click sweeps a speaker typically wants, from the current state.
void presetButtons(const AppState& s, AnimationState& a) {
    auto preset = [&](const char* label, AnimationParam p, double from, double to, int frames, const char* tip) {
        if (ImGui::SmallButton(label)) {
            a.spec = {p, from, to, frames};
            a.frame = 0;
            a.playing = true;
            a.elapsed = 0;
        }
        tooltip(tip);
    };
    preset("position 0→C", AnimationParam::Position, 0, static_cast<double>(std::min<int64_t>(s.contextLength, 4096)),
           60, "Marker sweeps the ladder, the phase-circle trail grows.");
    ImGui::SameLine();
    preset("context 1K→1M", AnimationParam::Context, 1024, 1048576, 60, "Geometric sweep of the context length.");
    ImGui::SameLine();
    preset("context 4K→10M", AnimationParam::Context, 4096, 10485760, 60,
           "Geometric sweep up to Llama 4 Scout's 10,485,760 positions.");
    preset("base 1e2→1e6", AnimationParam::Base, 100, 1e6, 60, "Geometric sweep of rope_theta.");
    ImGui::SameLine();
    preset("factor 1→32", AnimationParam::Factor, 1, 32, 40, "Scaling factor (rope.factor and the extension views).");
}

}  // namespace

void drawAnimationControls(AppState& state, UiContext& ui) {
    AnimationState& a = ui.animation;
    if (!ImGui::CollapsingHeader("Animation")) return;
    ImGui::PushID("animation");
    presetButtons(state, a);
    comboEnum("sweep", a.spec.param, kParams, 4,
              "position: linear steps; context, base, factor: geometric (equal ratios per frame).");
    ImGui::InputDouble("from", &a.spec.from, 0, 0, "%.6g");
    ImGui::InputDouble("to", &a.spec.to, 0, 0, "%.6g");
    sliderInt("frames", a.spec.frames, 1, kMaxAnimationFrames, 1, "Frames of the sweep (also of the GIF).");
    float fps = a.framesPerSecond;
    if (ImGui::SliderFloat("frames/s", &fps, 1.0f, 60.0f, "%.0f")) a.framesPerSecond = fps;
    tooltip("Playback rate; the GIF frame delay is round(100/fps) centiseconds; the MP4 frame rate.");
    if (ImGui::Button(a.playing ? "Pause" : "Play")) togglePlaying(a);
    tooltip("Space plays / pauses (when no widget has the keyboard).");
    ImGui::SameLine();
    int frame = a.frame + 1;
    ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 8.5f);
    if (ImGui::SliderInt("frame", &frame, 1, std::max(1, a.spec.frames))) {
        a.frame = frame - 1;
        a.playing = false;
        stepAnimation(a, state, 0.0, true);
    }
    if (!a.error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.45f, 0.4f, 1.0f));
        ImGui::TextWrapped("%s", a.error.c_str());
        ImGui::PopStyleColor();
    } else {
        ImGui::TextDisabled("%s = %.6g", animationParamName(a.spec.param), animationValue(a.spec, a.frame));
    }
    const char* formats[][3] = {
        {"GIF", ".gif", "Animated GIF (giflib, 256 colors, only the changed part of each frame stored)."},
        {"MP4", ".mp4", "H.264 video in an MP4 (FFmpeg's libavcodec): small, sharp, for slides. Even sizes."},
        {"PNG sequence", ".png", "One PNG per frame: FILE_0001.png, FILE_0002.png, ..."}};
    for (int i = 0; i < 3; ++i) {
        if (i > 0) ImGui::SameLine();
        const std::string target = animationPathWithExtension(a.exportPath, formats[i][1]);
        if (ImGui::RadioButton(formats[i][0], target == a.exportPath)) a.exportPath = target;
        tooltip(formats[i][2]);
    }
    if (isGifPath(a.exportPath))
        sliderInt(
            "GIF tolerance", a.gifTolerance, 0, 64, 1,
            "Lossy GIF: a pixel may show a color up to this many levels (of 255, per channel) off, only where "
            "the frame's local contrast is at least as large; smaller files. 0 = lossless. CLI: --gif-tolerance.");
    ImGui::InputText("file", &a.exportPath);
    tooltip(
        "FILE.gif: animated GIF. FILE.mp4: H.264 video at frames/s. FILE.png: a PNG sequence FILE_0001.png, ... "
        "Headless: phaselens export --view VIEW --animate PARAM:FROM:TO:FRAMES --out FILE.gif (or FILE.mp4)");
    const bool canExport = a.error.empty() && !a.exportRequested;
    if (!canExport) ImGui::BeginDisabled();
    if (ImGui::Button("Export animation of the focused plot")) {
        a.exportRequested = true;
        a.playing = false;
        a.exportMessage = "rendering " + std::to_string(a.spec.frames) + " frames of " + viewName(state.view) + "…";
    }
    if (!canExport) ImGui::EndDisabled();
    if (!a.exportMessage.empty()) ImGui::TextWrapped("%s", a.exportMessage.c_str());
    ImGui::PopID();
}

}  // namespace phaselens::ui
