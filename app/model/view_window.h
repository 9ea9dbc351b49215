// PhaseLens model — deep zoom: the visible window of each view, in data units, and how it becomes sample windows.
//
// A plot's zoom/pan (plot widget, PlotViewState) or `phaselens export --x-range A:B --y-range C:D` sets the window
// of one view (AppState::windows[view]). The view builders re-sample exactly that window (core/heatmap.h
// AxisWindow): every pixel is still the exact point / mean / min / max of the block it covers, down to one position
// per pixel. Units are those of the plot's axes: positions (ladder x, sawtooth x), keys / queries (score and bias x /
// y), offsets Δ (kernel x), pairs (ladder y). An integer unit u occupies [u, u + 1) of the axis (a heatmap cell), so
// the range [lo, hi) covers the units floor(lo) .. ceil(hi) − 1; `export --x-range A:B` is [A, B + 1): A..B inclusive.
//
// The spec's axes stay at the whole extent (the plot's home window, so double-click / Home still resets); only the
// sampled data (the heatmap's placement, a curve's points) covers the window. An export with a window also sets the
// axes to it (showWindow), so the figure shows exactly the zoomed region.
//
// Not saved in state files (state_io.h: sessions, settings.json, the parameter part of sidecars): a zoom is a way of
// looking, like the plot widget's window; undo ignores it too. An export sidecar records it among its figure
// settings (_phaselens.x_range / y_range, export.h applyFigureSettings), so `--state` reproduces a zoomed figure.
// The cache compares only the window of the view being built.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <utility>

#include "model/view_registry.h"
#include "phaselens/heatmap.h"

namespace phaselens::plot {
struct PlotSpec;
}

namespace phaselens::model {

/// [lo, hi) along one axis in data units; hi <= lo (the default) = the whole axis.
struct AxisRange {
    double lo = 0.0, hi = 0.0;
    bool whole() const { return !(hi > lo); }
    bool operator==(const AxisRange&) const = default;
};

/// The visible window of one view.
struct DataWindow {
    AxisRange x, y;
    bool whole() const { return x.whole() && y.whole(); }
    bool operator==(const DataWindow&) const = default;
};

/// One window per view (View order).
struct ViewWindows {
    std::array<DataWindow, static_cast<size_t>(View::Count)> byView{};
    const DataWindow& operator[](View v) const { return byView[static_cast<size_t>(v)]; }
    DataWindow& operator[](View v) { return byView[static_cast<size_t>(v)]; }
    bool operator==(const ViewWindows&) const = default;
};

/// The sample window of an axis of n samples spaced `unit` data units apart (sample k at [k·unit, (k + 1)·unit)):
/// samples floor(lo/unit) .. ceil(hi/unit) − 1 clipped to [0, n), at least one; {0, 0} (whole axis) when the range
/// is whole or covers every sample.
core::AxisWindow sampleWindow(const AxisRange& range, int64_t n, double unit = 1.0);

/// [first, last] offsets of a curve over [whole0, whole1] seen through `range` (integer offsets, at least one).
std::pair<int64_t, int64_t> offsetWindow(const AxisRange& range, int64_t whole0, int64_t whole1);

/// Sets the spec's axes to the window (exports of a zoomed region). Whole axes stay as they are.
void showWindow(plot::PlotSpec& spec, const DataWindow& window);

/// "A:B" (integers, A <= B) as the range [A, B + 1); throws std::invalid_argument naming `flag` and the text.
AxisRange parseRangeFlag(const char* flag, const std::string& text);

}  // namespace phaselens::model
