#include <imgui.h>

#include <algorithm>

#include "ui/ui_context.h"

namespace phaselens::ui {

// Unit-circle trails of the selected pairs beside the phase sawtooth.
void drawPhasePanel(AppState& state, UiContext& ui) {
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float side = std::min(avail.x * 0.45f, avail.y);
    drawViewPlot(View::PhaseCircle, state, ui, side, side);
    ImGui::SameLine();
    drawViewPlot(View::PhaseSawtooth, state, ui, 0, side);
}

}  // namespace phaselens::ui
