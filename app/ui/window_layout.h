// PhaseLens app — the window's layout at any size (issue 15): the control panel's width and collapse, tab labels
// that always fit, and when a plot's caption moves out of the plot so the plot keeps a usable size.
//
//   control panel   clamp(0.28 × window width, 15 em, 24 em) wide (em = font size); Ctrl+B or its ◀ button
//                   collapses it to a one-button strip (▶ brings it back).
//   tab labels      the full titles (model::panelTitle) when all of them fit the tab bar, else short ones
//                   ("Ladder", "Phase", …) with the full title as the tab's tooltip; the tab ids do not change.
//   captions        drawn under the plot only when the plot's frame is at least kCaptionMinFrameEm em tall and
//                   the View menu's "Captions" is on; otherwise a "Caption" button next to "Export…" shows it.
//   plot grids      2 × 2 when the cells are large enough (kGridCellMinEm), else one scrolling column.
#pragma once

#include "model/views.h"

namespace phaselens::ui {

using namespace phaselens::model;

/// Short tab label of `panel` (one word, at most 9 characters), e.g. "Aliasing" for "Wraparound & aliasing".
const char* panelShortTitle(Panel panel);

/// Width in px of the expanded control panel for a window `windowWidth` px wide at font size `em` px.
float controlsPanelWidth(float windowWidth, float em);

/// Width in px of the tab bar when every tab shows its full (short = false) or short title: the label widths of
/// the current font plus ImGui's frame padding and the spacing between tabs. Needs a current ImGui frame.
float tabBarWidth(bool shortTitles);

/// The label passed to BeginTabItem: the full or short title followed by a fixed "###tabN" id.
/// `out` must hold at least 64 bytes.
void tabLabel(Panel panel, bool shortTitle, char* out, int outSize);

/// drawViewGrid's 2 × 2 grid needs cells of at least this many em (width, height); smaller regions stack the four
/// plots in one scrolling column, each kStackedPlotMinEm em tall or half the region, whichever is taller.
inline constexpr float kGridCellMinEm[2] = {26.0f, 17.0f};
inline constexpr float kStackedPlotMinEm = 24.0f;

/// A plot frame must be at least this many em tall for its caption to be drawn under it.
inline constexpr float kCaptionMinFrameEm = 26.0f;

}  // namespace phaselens::ui
