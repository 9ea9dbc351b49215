#include <imgui.h>

#include "ui/ui_context.h"

namespace phaselens::ui {

// Frequency ladder (position × pair heatmap) above the wavelength of every pair.
void drawLadderPanel(AppState& state, UiContext& ui) {
    ImGui::Checkbox("veil phases unseen in training", &state.showUnseenVeil);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip(
            "Grey veil over the (pair, position) cells whose phase the PRETRAINED model never reached: training means "
            "the unscaled frequencies over positions 0..T-1 (T = training context). Under position interpolation "
            "the scaled pairs stay inside that range, so little or nothing is veiled.");
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    drawViewPlot(View::Ladder, state, ui, avail.x, avail.y * 0.55f);
    drawViewPlot(View::Wavelengths, state, ui, avail.x, 0);
}

}  // namespace phaselens::ui
