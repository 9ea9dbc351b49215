// Writes a PlotSpec as a standalone vector SVG, laid out by computeLayout() exactly like the screen.
//
// Output: one <svg> (SVG 1.1 + the SVG 2 `href` attribute) with width/height/viewBox in px:
//   background and plot-area rects; grid, axis box and tick marks as <line>/<rect>;
//   every label (title, tick labels, axis labels, color bar, legend, annotations, caption) as <text>
//   with text-anchor from the layout and a baseline at center + 0.35 em (vertical text: rotate(-90));
//   line series as <polyline> (decimated/clipped as on screen, seriesRuns()), markers as <circle>;
//   the heatmap as <image href="data:image/png;base64,..."> placed at the heatmap's data extents and
//   clipped to the plot area (so a zoomed view matches the screen), rendered pixelated; without PNG
//   bytes, as colored <rect> blocks (heatmapBlocks(), at most 128 per axis);
//   the color bar as a <linearGradient> with one stop per LUT entry (drawn as steps) and its ticks.
// All text is XML-escaped (& < > " ' and control characters dropped); numbers are written
// locale-independently. The file is deterministic for equal inputs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "plot/plot_layout.h"
#include "plot/plot_spec.h"
#include "plot/plot_theme.h"

namespace phaselens::plot {

struct SvgOptions {
    std::vector<std::uint8_t> heatmapPng;  // PNG file bytes of the whole heatmap image (row 0 on top,
                                           // cols x rows pixels); empty = draw colored rects instead
    std::optional<ViewWindow> window;      // visible window (e.g. PlotViewState::window); default home
    std::string idPrefix = "pl";           // prefix of the SVG ids (clip path, gradient), for embedding
                                           // several plots in one HTML page
};

/// The SVG document (UTF-8) of `spec` in a width x height px frame.
std::string toSvg(const PlotSpec& spec, const PlotTheme& theme, int width, int height, const SvgOptions& options = {});

/// Standard base64 (RFC 4648, '+' '/', '=' padding, no line breaks).
std::string base64Encode(const std::uint8_t* data, std::size_t size);
inline std::string base64Encode(const std::vector<std::uint8_t>& bytes) {
    return base64Encode(bytes.data(), bytes.size());
}

/// `text` with & < > " ' replaced by entities and characters not allowed in XML 1.0 (controls other
/// than tab, LF, CR) removed; valid for element content and attribute values alike.
std::string xmlEscape(const std::string& text);

}  // namespace phaselens::plot
