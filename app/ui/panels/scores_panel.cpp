#include <imgui.h>

#include <algorithm>

#include "ui/ui_context.h"

namespace phaselens::ui {

// Attention score matrix (square) beside the kernel curve s(Δ).
void drawScoresPanel(AppState& state, UiContext& ui) {
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float side = std::min(avail.x * 0.55f, avail.y);
    drawViewPlot(View::Scores, state, ui, side, side);
    ImGui::SameLine();
    drawViewPlot(View::Kernel, state, ui, 0, side);
}

}  // namespace phaselens::ui
