#include <imgui.h>

#include <algorithm>
#include <array>

#include "ui/plot_stack.h"
#include "ui/ui_context.h"

namespace phaselens::ui {

// Attention score matrix (square) beside the kernel curve s(Δ); below them the effective logits of the selected
// layer (query temperature against position, softmax scale, softcap, sinks). The two rows share the height 62 % /
// 38 %, each keeping at least kStackMinAreaEm em of plot area (plot_stack.h): in a small window the tab scrolls
// rather than squash the lower plot.
void drawScoresPanel(AppState& state, UiContext& ui) {
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float em = ImGui::GetFontSize();
    const float spacing = ImGui::GetStyle().ItemSpacing.y;
    auto minFrame = [&](View v) {
        return minFrameHeight(ui.plotViews[static_cast<size_t>(v)], kStackMinAreaEm * em, 8.0f * em);
    };
    const std::array<float, 2> minFrames = {std::max(minFrame(View::Scores), minFrame(View::Kernel)),
                                            minFrame(View::EffectiveLogits)};
    constexpr std::array<float, 2> weights = {0.62f, 0.38f};
    const float below = std::max(rowsBelowPlot(View::Scores, ui), rowsBelowPlot(View::Kernel, ui));
    const float frames = avail.y - below - rowsBelowPlot(View::EffectiveLogits, ui) -
                         ImGui::GetFrameHeightWithSpacing() /* the checkbox */ - 2 * spacing;
    std::array<float, 2> heights{};
    stackHeights(minFrames, weights, frames, heights);
    // drawViewPlot's height includes its "Export…" row; the matrix stays square within the row.
    const float buttonRow = ui.presentation ? 0.0f : ImGui::GetFrameHeightWithSpacing();
    // (+1 px: the plot area is the frame minus decorations rounded to pixels)
    const float minSide = 1.0f + std::max(minFrames[0], minFrameWidth(ui.plotViews[static_cast<size_t>(View::Scores)],
                                                                      kStackMinAreaEm * em, 8.0f * em));
    const float side = std::max(std::min(avail.x * 0.55f, heights[0]), minSide);
    drawViewPlot(View::Scores, state, ui, side, side + buttonRow);
    ImGui::SameLine();
    drawViewPlot(View::Kernel, state, ui, 0, side + buttonRow);
    bool logAxis = state.temperatureAxis == PositionAxis::Log;
    if (ImGui::Checkbox("log position axis (query temperature)", &logAxis))
        state.temperatureAxis = logAxis ? PositionAxis::Log : PositionAxis::Linear;
    drawViewPlot(View::EffectiveLogits, state, ui, 0, heights[1] + buttonRow);
}

}  // namespace phaselens::ui
