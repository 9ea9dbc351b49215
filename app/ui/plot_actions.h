// PhaseLens app — what the user can do with one plot besides zoom and pan: copy the value under the mouse (Ctrl+C,
// or the right-click menu), export the plot, reset its zoom (the right-click menu of every plot, drawViewPlot).
#pragma once

#include <string>

#include "model/app_state.h"

namespace phaselens::ui {

using namespace phaselens::model;

struct UiContext;

/// The hover read-out (plot::hoverLines, one line each, '\n'-separated) of the plot the mouse was over in the last
/// drawn frame, or "" when no plot was hovered.
std::string hoveredValueText(UiContext& ui);

/// Puts hoveredValueText on the clipboard (ImGui::SetClipboardText, so the platform backend's clipboard) and in
/// ui.copiedText, with a status line. Returns false (nothing copied) when no plot is hovered.
bool copyHoveredValue(UiContext& ui);

/// The right-click menu of `view`'s plot; call right after its plot::drawPlot item. Items: "Copy value" (the value
/// where the menu was opened), "Export this plot…", "Reset zoom".
void drawPlotContextMenu(View view, AppState& state, UiContext& ui);

}  // namespace phaselens::ui
