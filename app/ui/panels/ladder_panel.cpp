#include <imgui.h>

#include "ui/ui_context.h"

namespace phaselens::ui {

// Frequency ladder (position × pair heatmap) above the wavelength of every pair.
void drawLadderPanel(AppState& state, UiContext& ui) {
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    drawViewPlot(View::Ladder, state, ui, avail.x, avail.y * 0.6f);
    drawViewPlot(View::Wavelengths, state, ui, avail.x, 0);
}

}  // namespace phaselens::ui
