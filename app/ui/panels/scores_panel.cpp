#include <imgui.h>

#include <algorithm>

#include "ui/ui_context.h"

namespace phaselens::ui {

// Attention score matrix (square) beside the kernel curve s(Δ); below them the effective logits of the selected
// layer (query temperature against position, softmax scale, softcap, sinks).
void drawScoresPanel(AppState& state, UiContext& ui) {
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float side = std::min(avail.x * 0.55f, avail.y * 0.62f);
    drawViewPlot(View::Scores, state, ui, side, side);
    ImGui::SameLine();
    drawViewPlot(View::Kernel, state, ui, 0, side);
    bool logAxis = state.temperatureAxis == PositionAxis::Log;
    if (ImGui::Checkbox("log position axis (query temperature)", &logAxis))
        state.temperatureAxis = logAxis ? PositionAxis::Log : PositionAxis::Linear;
    drawViewPlot(View::EffectiveLogits, state, ui, 0, 0);
}

}  // namespace phaselens::ui
