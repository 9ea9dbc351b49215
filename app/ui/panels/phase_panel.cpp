#include <imgui.h>

#include <algorithm>

#include "ui/ui_context.h"

namespace phaselens::ui {

// Unit-circle trails of the selected pairs beside the phase sawtooth.
void drawPhasePanel(AppState& state, UiContext& ui) {
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    // Both fill the tab's height (the circle stays round: its spec has equalAspect).
    const float side = std::min(avail.x * 0.45f, avail.y);
    drawViewPlot(View::PhaseCircle, state, ui, side, 0);
    ImGui::SameLine();
    drawViewPlot(View::PhaseSawtooth, state, ui, 0, 0);
}

}  // namespace phaselens::ui
