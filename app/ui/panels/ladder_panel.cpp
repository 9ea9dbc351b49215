#include <imgui.h>

#include <array>

#include "ui/plot_stack.h"
#include "ui/ui_context.h"

namespace phaselens::ui {

// Frequency ladder (position × pair heatmap) above the wavelength of every pair: 55 % / 45 % of the frames' height,
// each plot keeping at least kStackMinAreaEm em of plot area (plot_stack.h; at 150 % UI scale the tab scrolls
// rather than squash the wavelength plot).
void drawLadderPanel(AppState& state, UiContext& ui) {
    ImGui::Checkbox("veil phases unseen in training", &state.showUnseenVeil);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip(
            "Grey veil over the (pair, position) cells whose phase the PRETRAINED model never reached: training means "
            "the unscaled frequencies over positions 0..T-1 (T = training context). Under position interpolation "
            "the scaled pairs stay inside that range, so little or nothing is veiled.");
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float em = ImGui::GetFontSize();
    constexpr std::array<View, 2> views = {View::Ladder, View::Wavelengths};
    std::array<float, 2> below{}, minFrames{}, heights{};
    constexpr std::array<float, 2> weights = {0.55f, 0.45f};
    float frames = avail.y - ImGui::GetStyle().ItemSpacing.y;
    for (size_t i = 0; i < views.size(); ++i) {
        below[i] = rowsBelowPlot(views[i], ui);
        frames -= below[i];
        minFrames[i] = minFrameHeight(ui.plotViews[static_cast<size_t>(views[i])], kStackMinAreaEm * em, 8.0f * em);
    }
    stackHeights(minFrames, weights, frames, heights);
    // drawViewPlot's height includes its "Export…" row.
    const float buttonRow = ui.presentation ? 0.0f : ImGui::GetFrameHeightWithSpacing();
    for (size_t i = 0; i < views.size(); ++i) drawViewPlot(views[i], state, ui, avail.x, heights[i] + buttonRow);
}

}  // namespace phaselens::ui
