// PhaseLens ui — plots stacked in one column of a tab (the ladder over the wavelengths): their frame heights.
//
// A fixed share of the region (the ladder took 55 %) squashes the plot with the most decoration: at 150 % UI scale
// the text, title, legend and axis labels of a line plot grow by half while the region does not, and the wavelength
// plot at 1024×640 kept a sliver of plot area. Instead each plot gets at least the frame whose plot area (inside the
// axes) is kStackMinAreaEm em tall — its decorations measured from the last drawn frame (PlotViewState::frameHeight −
// areaHeight) — and the rest of the region is shared by the weights. When the minima do not fit, every plot gets its
// minimum and the tab scrolls (as drawViewGrid's stacked column does).
#pragma once

#include <span>

#include "plot/plot.h"
#include "ui/ui_context.h"

namespace phaselens::ui {

/// Plot area height (em) every stacked plot keeps at least.
inline constexpr float kStackMinAreaEm = 8.0f;

/// The frame height (px) that gives `view`'s plot a plot area of `minArea` px: minArea plus the decorations of its
/// last drawn frame, or plus `fallbackDecorations` before it was drawn.
float minFrameHeight(const plot::PlotViewState& view, float minArea, float fallbackDecorations);

/// The frame width (px) that gives `view`'s plot a plot area `minArea` px wide (as minFrameHeight, across).
float minFrameWidth(const plot::PlotViewState& view, float minArea, float fallbackDecorations);

/// Px drawViewPlot draws below `view`'s frame: the "Export…" row (not while presenting), a "computing…" line and one
/// line per note, as the last frame drew them.
float rowsBelowPlot(View view, const UiContext& ui);

/// Frame heights (px) for plots stacked in `available` px (the frames alone: the caller subtracts its rows of
/// buttons and notes): shares of `available` by `weights`, raised to `minFrames` (taken from the others while they
/// stay above their own minimum); when the minima do not fit, the minima. `out` has the size of `weights`.
void stackHeights(std::span<const float> minFrames, std::span<const float> weights, float available,
                  std::span<float> out);

}  // namespace phaselens::ui
