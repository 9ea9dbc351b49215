#include <imgui.h>

#include <algorithm>
#include <string>

#include "ui/flow_layout.h"
#include "ui/ui_context.h"
#include "ui/widgets.h"

namespace phaselens::ui {

namespace {

// The ladder's value, as four buttons in a row so "raw angle / mod 2π" is one click while talking.
void quantityButtons(AppState& s) {
    const std::pair<LadderQuantity, const char*> choices[] = {{LadderQuantity::Cos, "cos"},
                                                              {LadderQuantity::Sin, "sin"},
                                                              {LadderQuantity::AngleRaw, "angle raw"},
                                                              {LadderQuantity::AngleWrapped, "angle mod 2π"}};
    ImGui::TextUnformatted("ladder shows");
    for (const auto& [q, label] : choices) {
        ImGui::SameLine();
        if (ImGui::RadioButton(label, s.ladderQuantity == q)) s.ladderQuantity = q;
    }
    tooltip(
        "angle raw: p·θ grows without bound; mod 2π: the phase the pair actually carries, wrapping every "
        "wavelength 2π/θ.");
}

}  // namespace

// Wraparound (turns per pair) and sampling aliasing on top, display aliasing below: the same ladder
// point-sampled (moiré once positions outnumber pixels) beside the mean over each pixel's block.
void drawAliasingPanel(AppState& state, UiContext& ui) {
    quantityButtons(state);
    sameLineIfFits(labeledItemWidth(ImGui::GetFontSize() * 12, "position stride S"), ImGui::GetFontSize() * 2);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12);
    sliderDouble("position stride S", state.positionStride, 0.01, 1e4, true, 0, "%.4g",
                 "Sample positions 0, S, 2S, ...: a pair aliases when theta_i*S > pi (Nyquist) and appears to turn at "
                 "|((theta*S + pi) mod 2pi) - pi| rad per sample. S < 1 is what position interpolation does.");
    sameLineIfFits(smallButtonWidth("S = 1"));
    if (ImGui::SmallButton("S = 1")) state.positionStride = 1.0;
    sameLineIfFits(smallButtonWidth("demo moiré"));
    if (ImGui::SmallButton("demo moiré")) {
        const int64_t before = state.contextLength;
        state.contextLength = int64_t{1} << 20;
        ui.status =
            "demo moiré: context set to 1,048,576 positions (was " + std::to_string(before) + ") for every view";
        if (state.ladderQuantity == LadderQuantity::AngleRaw) {
            state.ladderQuantity = LadderQuantity::Cos;
            ui.status += "; ladder shows cos instead of the raw angle";
        }
    }
    tooltip(
        "Sets the CONTEXT (shared by every view) to 1,048,576 positions on at most max-pixels columns: point "
        "sampling aliases, the mean fades. The status bar says what changed.");
    const double samples = static_cast<double>(state.contextLength) / std::max(1e-9, state.positionStride);
    const double perPixel = samples / std::max(1, state.maxPixels);
    if (perPixel > 1)
        ImGui::TextDisabled("display: %.0f sampled positions on %d pixel columns, %.4g per pixel", samples,
                            state.maxPixels, perPixel);
    else
        ImGui::TextDisabled(
            "display: every sampled position has its own pixel column (no display aliasing); raise "
            "the context above %d to see moiré",
            state.maxPixels);

    drawViewGrid({View::Turns, View::Aliasing, View::LadderPoint, View::LadderMean}, state, ui);
}

}  // namespace phaselens::ui
