// Plot geometry shared by the screen (plot.h) and the SVG writer (svg_writer.h): where the plot area,
// ticks, color bar, legend and every piece of text go for a given PlotSpec, theme, visible data window
// and frame size. Pure functions, no ImGui.
//
// Pixel coordinates: origin at the TOP-LEFT of the frame, x to the right, y DOWN, in pixels of the
// target (screen pixels, or SVG user units). The screen adds the frame's screen position.
//
// Margins are sized from ESTIMATED text widths (estimateTextWidth), never from a font, so that the
// screen and an SVG of the same size get identical geometry.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "plot/plot_spec.h"
#include "plot/plot_theme.h"

namespace phaselens::plot {

/// Axis-aligned pixel rectangle [x0, x1] x [y0, y1], x0 <= x1, y0 <= y1 (y0 is the top).
struct Rect {
    float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    float width() const { return x1 - x0; }
    float height() const { return y1 - y0; }
    float centerX() const { return 0.5f * (x0 + x1); }
    float centerY() const { return 0.5f * (y0 + y1); }
    bool contains(float x, float y) const { return x >= x0 && x <= x1 && y >= y0 && y <= y1; }
};

/// The visible data window (what the axes currently show), data units, xMin < xMax, yMin < yMax
/// regardless of axis inversion; > 0 on log axes.
struct ViewWindow {
    double xMin = 0, xMax = 1;
    double yMin = 0, yMax = 1;
    bool operator==(const ViewWindow& o) const {
        return xMin == o.xMin && xMax == o.xMax && yMin == o.yMin && yMax == o.yMax;
    }
    bool operator!=(const ViewWindow& o) const { return !(*this == o); }
};

/// Data <-> pixel mapping along one axis: linear in v, or in log10(v) on a log axis.
/// p0 is the pixel of `lo`, p1 the pixel of `hi`: a normal y axis has p0 = bottom > p1 = top;
/// an inverted y axis (matrix convention) has p0 = top. Same for x with left/right.
struct AxisMap {
    double lo = 0, hi = 1;  // visible data range, lo < hi
    bool log = false;
    float p0 = 0, p1 = 1;  // pixels of lo and hi

    /// Pixel of data value v (may lie outside [p0, p1]); NaN for v <= 0 on a log axis.
    float toPixel(double v) const;
    /// Data value at pixel coordinate p (inverse of toPixel).
    double toData(double p) const;
};

enum class TextAlign { Left, Center, Right };
enum class TextRole { Title, AxisLabel, TickLabel, ColorbarTickLabel, ColorbarLabel, Legend, Annotation, Caption };

/// One positioned piece of text. Renderers draw these verbatim.
struct TextItem {
    std::string text;  // UTF-8
    float x = 0;       // left edge / center / right edge, per `align`
    float y = 0;       // vertical CENTER of the text line
    TextAlign align = TextAlign::Left;
    bool vertical = false;  // rotated 90 deg counter-clockwise (reads bottom to top), centered at (x, y)
    float size = 13;        // font size, px
    Rgba color = 0;         // 0 = theme.text
    TextRole role = TextRole::TickLabel;
    bool boxed = false;  // drawn over a filled box (theme.legendBackground, theme.legendBorder): annotation labels
    Rect box;            // the box, when boxed (label_placement.h keeps boxes off data and off each other)
};

/// A tick mark at `pixel` along its axis (x for the x axis, y for the y axis and the color bar).
struct TickMark {
    double value = 0;   // data units
    float pixel = 0;    // px, frame coordinates
    bool major = true;  // labelled (and gridded) tick
    std::string label;  // "" for minor ticks
};

/// One legend row: the line sample runs from (x, y) to (x + theme.legendSwatch, y).
struct LegendEntry {
    std::size_t series = 0;  // index into PlotSpec::series
    float x = 0, y = 0;
};

struct PlotLayout {
    Rect frame;                            // (0, 0) - (width, height)
    Rect plot;                             // data area; data content is clipped to it
    AxisMap x, y;                          // data <-> pixel for the visible window
    std::vector<TickMark> xTicks, yTicks;  // only ticks inside the visible range
    bool hasColorbar = false;              // heatmap with a LUT and spec.colorbar
    Rect colorbar;                         // the color strip; vmin at the bottom, vmax at the top
    AxisMap colorbarAxis;                  // value <-> pixel along the strip (lo = vmin at p0 = bottom)
    std::vector<TickMark> colorbarTicks;
    bool hasLegend = false;
    Rect legend;  // legend box: the inside corner covering the least data, or outside (label_placement.h)
    bool legendOutside = false;  // legend right of the plot area (every inside corner would cover data)
    std::vector<LegendEntry> legendEntries;
    std::vector<TextItem> texts;  // title, tick labels, axis labels, color bar, legend, annotations, caption
};

/// Estimated width in px of `text` at `fontSize`: code points * theme.charAdvance * fontSize.
float estimateTextWidth(const std::string& text, float fontSize, const PlotTheme& theme);

/// At most this many caption lines are laid out; a longer caption ends with a line "…".
inline constexpr std::size_t kMaxCaptionLines = 256;

/// estimateTextWidth is generous (it sizes label boxes that must not clip): about this factor × the mean advance of
/// the figure font (DejaVu Sans). Titles are measured as estimateTextWidth / kTextEstimateSlack.
inline constexpr float kTextEstimateSlack = 1.2f;

/// The caption's lines ('\n'-separated) wrapped at spaces to `maxWidth` px by estimateTextWidth; continuation
/// lines are indented by two spaces (when a line holds at least 8 characters). A word wider than the line is
/// broken at the line width (at code point boundaries), so every line fits unless not even one character does
/// (then one character per line). The work is linear in the caption's length for any width (no hang: each
/// step consumes text), and at most kMaxCaptionLines lines are returned. An empty caption has no lines.
std::vector<std::string> wrapCaption(const std::string& caption, float maxWidth, float fontSize,
                                     const PlotTheme& theme);

/// Lays out `spec` in a width x height frame showing `view`. Sizes below ~60 px still give a valid
/// (if cramped) layout with a plot area of at least 10 x 10 px.
PlotLayout computeLayout(const PlotSpec& spec, const PlotTheme& theme, const ViewWindow& view, float width,
                         float height);

/// Pixel rectangle of data rectangle [x0, x1] x [y0, y1] (any order, +-inf allowed) intersected with
/// the plot area; nullopt when it is empty or not visible.
std::optional<Rect> dataRectToPixels(const PlotLayout& layout, double x0, double x1, double y0, double y1);

// [SECTION] Geometry of the data content, shared by both renderers

/// A point in frame pixels.
struct PixelPoint {
    float x = 0, y = 0;
};

/// The polylines that draw `series`: broken at points that cannot be drawn (non-finite, <= 0 on a log
/// axis), clipped to the plot area grown by `margin` px (exactly, so far-away points cannot hurt float
/// precision), and, where x ascends and there are more than 2 points per pixel column, reduced to the
/// first, lowest, highest and last point of each column (identical at screen resolution).
std::vector<std::vector<PixelPoint>> seriesRuns(const PlotLayout& layout, const LineSeries& series,
                                                float margin = 4.0f);

/// Marker positions of `series`: its drawable points inside the plot area, at most `maxCount`.
std::vector<PixelPoint> seriesMarkers(const PlotLayout& layout, const LineSeries& series, std::size_t maxCount = 20000);

/// A pixel rectangle filled with one color.
struct ColorBlock {
    Rect rect;
    Rgba color = 0;
};

/// The heatmap drawn as colored rectangles on the CPU (when there is no texture, and in SVG without a
/// PNG): one block per visible sample while at most `maxBlocks` samples are visible along an axis,
/// otherwise `maxBlocks` equal blocks along it, each point-sampling the sample at its center. Colors
/// from lutColor(heatmap.lut, ..., theme masked color `masked`). Empty without values or LUT.
std::vector<ColorBlock> heatmapBlocks(const PlotLayout& layout, const HeatmapSpec& heatmap, Rgba masked, int maxBlocks);

/// The visible part of the heatmap image: pixel quad corners and matching texture coordinates, for
/// AddImageQuad / an SVG <image>. Texture v = 0 is row 0 (yMin); u = 0 is column 0 (xMin).
struct ImagePlacement {
    PixelPoint corner[4];  // pixels of (x0, y0), (x1, y0), (x1, y1), (x0, y1) of the visible data rect
    PixelPoint uv[4];      // texture coordinates of the same corners
};
std::optional<ImagePlacement> heatmapPlacement(const PlotLayout& layout, const HeatmapSpec& heatmap);

// [SECTION] View window arithmetic (zoom, pan, reset); pure, used by drawPlot and tests

/// The home window of `spec`: the axis ranges where given, else the union of the heatmap extents and
/// the drawable series values (y gets 5% headroom in that case); [0, 1] (log: [1, 10]) without data.
ViewWindow homeWindow(const PlotSpec& spec);

/// Zooms `view` about the data point (cx, cy): each range shrinks by `factorX` / `factorY`
/// (< 1 zooms in, 1 leaves that axis alone), in log10 space on log axes, keeping (cx, cy) fixed.
/// Zooming stops at a span of ~1e-12 relative (and 10^+-300 on log axes).
ViewWindow zoomWindow(const ViewWindow& view, const PlotSpec& spec, double cx, double cy, double factorX,
                      double factorY);

/// The window after dragging the content by (dxPx, dyPx) screen pixels in a plot area of `plot`'s size:
/// the data point under the cursor moves with it (log axes pan in log10 space).
ViewWindow panWindow(const ViewWindow& view, const PlotSpec& spec, const Rect& plot, float dxPx, float dyPx);

}  // namespace phaselens::plot
