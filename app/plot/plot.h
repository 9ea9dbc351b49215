// PhaseLens plot widget: draws a PlotSpec (plot_spec.h) with an ImGui draw list, with zoom, pan and a
// hover read-out. Our own replacement for ImPlot, which is not available here.
//
//     PlotViewState view;                                  // lives in the app/panel state, one per plot
//     ...
//     drawPlot("##attention", spec, view, theme);          // every frame, inside an ImGui window
//     if (!io.WantTextInput && ImGui::IsKeyPressed(GLFW_KEY_R)) resetView(view);  // "R" (1.86: backend key codes)
//
// Interaction (the plot is one ImGui item, an invisible button over the whole frame):
//   mouse wheel    over the plot area: zoom both axes about the cursor (kWheelZoomStep per notch);
//                  over the x-axis labels: zoom x only; over the y-axis labels: zoom y only.
//   left drag      started in the plot area: pan (the data point under the cursor follows it).
//   double-click   reset the view to the spec's home window (homeWindow()).
//   hover          tooltip with hoverLines(): the exact value and indices under the cursor (heatmap:
//                  row, column, value to 7 significant digits, the data ranges the sample covers and
//                  its sampling; lines: the nearest point of each series), plus a cell outline /
//                  point markers.
// The visible window lives in PlotViewState (no hidden statics). The view refits automatically when
// homeWindow(spec) changes (e.g. the app changed the context length).
//
// Screen and export agree: drawPlot lays out with computeLayout() (plot_layout.h) exactly as toSvg()
// (svg_writer.h) does for a frame of the same size and theme.
//
// Heatmap images: drawn with ImDrawList::AddImageQuad(textureId) covering the visible part of the
// data extents, texture coordinates cut to the zoomed window (heatmapPlacement()); the texture is the
// app's already-colored RGBA image, row 0 in the first texture row (v = 0). Without a texture
// (textureId == 0), cells are colored on the CPU from values + LUT (at most 96 x 96 blocks).
#pragma once

#include <imgui.h>

#include <cstdint>
#include <memory>

#include "plot/plot_layout.h"
#include "plot/plot_spec.h"
#include "plot/plot_theme.h"

namespace phaselens::plot {

/// Geometry of the last drawn frame (layout, polylines, markers, CPU heatmap blocks), reused while the
/// spec version, size, view window and theme are unchanged, so an idle frame allocates nothing.
struct PlotDrawCache;

/// Per-plot interaction state, owned by the caller (one per plot widget, kept across frames).
struct PlotViewState {
    ViewWindow window;      // visible data window; valid after the first drawPlot
    ViewWindow home;        // home window the view was last fitted to
    bool needsFit = true;   // fit `window` to the home window on the next drawPlot (see resetView)
    bool dragging = false;  // a pan drag is in progress
    ViewWindow dragStart;   // window when the drag began (pan is relative to it, no drift)

    // Written by every drawPlot call, for status bars and tests:
    bool hovered = false;  // the mouse is over the plot area this frame
    double mouseX = 0;     // data coordinates under the mouse (valid when hovered)
    double mouseY = 0;

    std::shared_ptr<PlotDrawCache> drawCache;  // managed by drawPlot

    // Written by every drawPlot call (window layout tests, the status bar):
    float areaWidth = 0, areaHeight = 0;  // px of the plot area (inside the axes) last drawn
    int drawnFrame = -1;                  // ImGui::GetFrameCount() of the last drawPlot
    float frameHeight = 0;                // px of the whole frame last drawn (frameHeight - areaHeight: decorations)
    float frameWidth = 0;                 // px of the whole frame last drawn (frameWidth - areaWidth: decorations)
};

/// Zoom factor per wheel notch: each notch up shrinks the visible range to 80%.
inline constexpr double kWheelZoomStep = 0.8;

/// Asks for the home view on the next drawPlot. Call it from the app's "R" key handler.
void resetView(PlotViewState& view);

/// Draws `spec` as one ImGui item of `size` px at the cursor and handles zoom/pan/hover (see the top
/// of this file). size.x or size.y <= 0 means the available width/height plus that value (so 0 =
/// all of it), at least 100 x 80 px. `id` is the ImGui id, non-empty and unique in the window
/// ("##name"; the visible title is spec.title). An invalid spec (validate() != "") draws the message
/// instead of the plot. The view refits to homeWindow(spec) on the first call, after resetView(),
/// when the home window changes, and when the current window is unusable for the axes (e.g. a log
/// axis was switched on while the window reached below zero).
/// Returns true while the mouse is over the plot area.
/// `specVersion` identifies the content of `spec`: when it is non-zero and equal to the previous
/// call's (with the same size, view window and theme), the cached geometry is drawn again without
/// re-laying out; pass a new value whenever the spec changes, or 0 to lay out every frame.
bool drawPlot(const char* id, const PlotSpec& spec, PlotViewState& view, const PlotTheme& theme,
              ImVec2 size = ImVec2(0, 0), std::uint64_t specVersion = 0);

/// Draws a laid-out plot into `drawList` with the frame's top-left at `origin` (screen px), no
/// interaction. drawPlot uses it; the app can use it to render a plot off-screen for PNG export.
/// Assumes a valid spec and a layout computed for it.
void renderPlot(ImDrawList* drawList, ImVec2 origin, const PlotSpec& spec, const PlotTheme& theme,
                const PlotLayout& layout);

/// 0xRRGGBBAA -> ImGui's packed color.
ImU32 toImColor(Rgba color);

}  // namespace phaselens::plot
