// PhaseLens plot description: a plot is plain data (axes, heatmap image, line series, annotations).
//
// One PlotSpec is drawn on screen by drawPlot() (plot.h) and written to SVG by toSvg() (svg_writer.h);
// both place everything with computeLayout() (plot_layout.h), so the two agree pixel for pixel.
// Nothing in this header depends on ImGui or GL.
//
// Index of this file:
// [SECTION] Colors
// [SECTION] Axes
// [SECTION] Heatmap (and the exact data coordinate -> cell mapping)
// [SECTION] Line series
// [SECTION] Annotations
// [SECTION] PlotSpec
// [SECTION] Pure helpers (validation, hover read-out, colors)
//
// Coordinates: "data" coordinates are the units of the axes (e.g. token positions). Pixel coordinates
// (plot_layout.h) have their origin at the top-left of the plot frame, x to the right, y DOWN.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace phaselens::plot {

// [SECTION] Colors

/// A color packed as 0xRRGGBBAA (reads like CSS "#RRGGBBAA"): red in the most significant byte,
/// straight (not premultiplied) alpha. In fields documented "0 = default", the value 0 (transparent
/// black) picks the theme or palette color.
using Rgba = std::uint32_t;

/// Packs 8-bit channels into an Rgba. rgba(255, 0, 0) is opaque red (0xFF0000FF).
constexpr Rgba rgba(unsigned r, unsigned g, unsigned b, unsigned a = 255) {
    return ((r & 0xFFu) << 24) | ((g & 0xFFu) << 16) | ((b & 0xFFu) << 8) | (a & 0xFFu);
}
constexpr unsigned redOf(Rgba c) {
    return (c >> 24) & 0xFFu;
}
constexpr unsigned greenOf(Rgba c) {
    return (c >> 16) & 0xFFu;
}
constexpr unsigned blueOf(Rgba c) {
    return (c >> 8) & 0xFFu;
}
constexpr unsigned alphaOf(Rgba c) {
    return c & 0xFFu;
}
/// Same color with alpha replaced (0-255).
constexpr Rgba withAlpha(Rgba c, unsigned a) {
    return (c & 0xFFFFFF00u) | (a & 0xFFu);
}

// [SECTION] Axes

/// One axis. The "home" range (what a view reset shows) is [min, max]; leave either NaN to fit it to
/// the data (heatmap extents, else the finite series values, plus 5% headroom on y).
struct AxisSpec {
    std::string label;                                      // axis title; empty = none
    double min = std::numeric_limits<double>::quiet_NaN();  // home range start, data units; NaN = fit
    double max = std::numeric_limits<double>::quiet_NaN();  // home range end, data units (> min); NaN = fit
    bool log = false;      // base-10 logarithmic axis; values <= 0 are not drawn; min must be > 0
    bool invert = false;   // x: larger values to the LEFT; y: larger values DOWN (matrix convention)
    bool grid = true;      // light grid lines at the labelled ticks
    bool integer = false;  // integer-valued quantity (positions, pairs, heads): labelled ticks only at integers

    /// True when both ends are given (finite) rather than fitted.
    bool hasRange() const { return min == min && max == max; }
};

// [SECTION] Heatmap

/// A matrix drawn as an image, e.g. attention scores: query positions (rows) x key positions (columns).
///
/// Sample grid vs. data extents. `values` is the DISPLAY-resolution grid (rows x cols samples, e.g.
/// 1024 x 1024) while [xMin, xMax] x [yMin, yMax] are the DATA extents it covers (e.g. 0..1048576
/// positions). Each sample summarizes the block of data it covers as described by `sampling`.
///
/// Exact mapping (used by the image placement, hoverCell() and the SVG writer alike):
///   dx = (xMax - xMin) / cols,  dy = (yMax - yMin) / rows
///   sample (r, c) covers  x in [xMin + c*dx, xMin + (c+1)*dx)  and  y in [yMin + r*dy, yMin + (r+1)*dy)
///   so ROW 0 SITS AT yMin. With the matrix convention y.invert = true (set by makeHeatmapPlot()),
///   yMin is at the TOP of the plot: row 0 is drawn at the top, columns run left to right.
///   The far edges x == xMax and y == yMax belong to the last column / row; anything outside the
///   closed extents is "no cell". Indices are computed as floor((x - xMin) * cols / (xMax - xMin)),
///   multiplying first, which is exact for integer extents (every integer below 2^53).
///
/// Integer positions: a position p occupies [p, p + 1), so an N-position matrix has extents [0, N].
/// A sample then shows the positions whose unit interval meets its range: floor(x0) .. ceil(x1) - 1
/// (see positionSpan()). With N = 1048576 and cols = 1024, column 1 covers positions 1024..2047.
///
/// Colors: `vmin`/`vmax` are explicit, finite limits (never auto-scaled: masked -inf entries would
/// poison a min/max). Value -> color is the rule of app/render/colormap.h, for any LUT size n:
///   masked (NaN or -inf) -> theme masked color;  t = (v - vmin) / (vmax - vmin)
///   (vmax == vmin: t = 0 below, 1 above, 0.5 equal);  index = clamp(floor(t * n), 0, n - 1).
/// The plot itself only needs the LUT for the color bar and for the CPU fallback when textureId == 0.
/// From a phaselens::render::ColormapLut: `for (auto& c : table) lut.push_back(rgba(c[0], c[1], c[2], c[3]));`
struct HeatmapSpec {
    int rows = 0;                // samples vertically (display resolution), >= 1
    int cols = 0;                // samples horizontally, >= 1
    std::vector<float> values;   // rows*cols, row-major: values[r * cols + c]; empty = no value read-out
    double xMin = 0, xMax = 1;   // data extents covered horizontally (xMin < xMax)
    double yMin = 0, yMax = 1;   // data extents covered vertically; row 0 at yMin (see above)
    double vmin = 0, vmax = 1;   // color limits, finite, vmin <= vmax
    std::vector<Rgba> lut;       // colormap, entry 0 = vmin end; >= 2 entries (256 typical); empty = no color bar
    std::string colormap;        // colormap name for captions/metadata, e.g. "viridis"
    std::string colorbarLabel;   // label drawn vertically beside the color bar, e.g. "score (logit)"
    bool integerValues = false;  // categorical ids (T5 buckets): color-bar ticks only at integers (band centres)
    std::string sampling;        // what one sample is over its block: "point", "mean", "max", "min"; "" = not said
    unsigned int textureId = 0;  // GL texture name of the colored RGBA image (row 0 = first texture row,
                                 // i.e. v = 0), drawn with ImDrawList::AddImageQuad. 0 = none: the plot colors
                                 // cells on the CPU from `values` and `lut` (fine for small grids).
};

// [SECTION] Line series

/// A polyline through (x[i], y[i]). Points with a NaN/inf coordinate, or <= 0 on a log axis, break
/// the line (they are not drawn and the segments on either side are not joined).
struct LineSeries {
    std::string name;       // legend entry and read-out name; empty = not in the legend
    std::vector<double> x;  // data units; same length as y
    std::vector<double> y;  // data units
    Rgba color = 0;         // 0 = next palette color of the theme
    float width = 0;        // line width in px; 0 = theme.lineWidth
    bool markers = false;   // draw a dot at each point
    int paletteIndex = -1;  // >= 0 (and color == 0): theme.palette[paletteIndex % size] instead of the series'
                            // own index, so one thing (e.g. a RoPE pair) keeps its color in every plot
};

// [SECTION] Annotations

enum class Orientation { Vertical, Horizontal };

/// A reference line across the whole plot, e.g. a vertical line at x = 4096 labelled "context 4096",
/// or a horizontal line at y = 0. The label is drawn near the line's top (below the legend if they
/// would overlap; successive vertical labels are staggered) or above the line's right end.
struct RefLine {
    Orientation orientation = Orientation::Vertical;  // Vertical: at x = value; Horizontal: at y = value
    double value = 0;                                 // data units
    std::string label;                                // "" = no label
    Rgba color = 0;                                   // 0 = theme.annotation
    float width = 1.0f;                               // px
    bool dashed = true;
};

/// A shaded data rectangle, e.g. the region beyond the training length. Use +-infinity for an edge
/// that should reach the plot border.
struct ShadedRect {
    double x0 = -std::numeric_limits<double>::infinity();  // data units, x0 <= x1
    double x1 = std::numeric_limits<double>::infinity();
    double y0 = -std::numeric_limits<double>::infinity();  // data units, y0 <= y1
    double y1 = std::numeric_limits<double>::infinity();
    Rgba color = rgba(128, 128, 128, 48);  // usually translucent
    std::string label;                     // drawn inside, near the bottom-left corner
};

/// Free text anchored at a data point (left edge of the text, vertically centered on the point).
struct TextNote {
    double x = 0, y = 0;  // data units
    std::string text;
    Rgba color = 0;  // 0 = theme.text
};

// [SECTION] PlotSpec

/// Everything needed to draw one plot. Heatmap and series may be combined (e.g. a line over a matrix).
struct PlotSpec {
    std::string title;                   // above the plot area; "" = none
    std::string caption;                 // below the x-axis label; '\n' separates lines; "" = none
    AxisSpec x;                          // horizontal axis
    AxisSpec y;                          // vertical axis (set invert = true for matrices)
    std::optional<HeatmapSpec> heatmap;  // at most one image; requires linear axes
    std::vector<LineSeries> series;      // drawn over the heatmap, in order
    std::vector<ShadedRect> shaded;      // drawn over the heatmap, under the series
    std::vector<RefLine> refLines;       // drawn over the series
    std::vector<TextNote> notes;         // drawn last
    bool legend = true;                  // legend box (top-right) when at least one series has a name
    bool colorbar = true;                // color bar right of the plot when there is a heatmap with a LUT
    bool equalAspect = false;            // one data unit spans as many pixels on x as on y (linear axes; a circle
                                         // stays round in any frame): the plot area shrinks, centered
};

// [SECTION] Pure helpers

/// Empty string when `spec` can be drawn, otherwise a message naming the field and the value, e.g.
/// "heatmap.values has 100 entries, expected rows*cols = 1024". drawPlot() shows it instead of a plot.
std::string validate(const PlotSpec& spec);

/// A matrix plot of `heatmap`: axes span its extents, y.invert = true (row 0 at the top), labels set.
PlotSpec makeHeatmapPlot(HeatmapSpec heatmap, std::string xLabel, std::string yLabel, std::string title = {});

/// True for entries drawn as masked: NaN and -inf. (+inf is a value; it gets the top color.)
bool isMasked(double value);

/// The sample under data point (x, y), see the mapping in HeatmapSpec.
struct HeatmapCell {
    int row = 0;            // 0-based, row 0 at yMin
    int col = 0;            // 0-based, col 0 at xMin
    float value = 0;        // values[row * cols + col]; NaN when `values` is empty
    bool masked = false;    // isMasked(value) (false when values is empty)
    double x0 = 0, x1 = 0;  // data range the sample covers horizontally: [x0, x1)
    double y0 = 0, y1 = 0;  // data range covered vertically: [y0, y1)
};

/// The sample under (x, y), or nullopt when the point is outside [xMin, xMax] x [yMin, yMax], the grid
/// is empty, or a coordinate is not finite. Exact for integer extents (see HeatmapSpec).
std::optional<HeatmapCell> hoverCell(const HeatmapSpec& heatmap, double x, double y);

/// Integer positions p whose unit interval [p, p + 1) meets [a, b): {floor(a), ceil(b) - 1}
/// (for b <= floor(a) + 1 both are floor(a)). Assumes |a|, |b| < 2^53.
struct PositionSpan {
    long long first = 0;
    long long last = 0;
};
PositionSpan positionSpan(double a, double b);

/// Index of the point of `series` nearest to x, measured along the x axis (in log10 space when
/// logX), ignoring points that would not be drawn (non-finite, or <= 0 on a log axis). First of
/// equally near points; nullopt when there is none.
std::optional<std::size_t> nearestPoint(const LineSeries& series, double x, bool logX, bool logY = false);

/// Color of `value` from `lut` with the rule in HeatmapSpec; `masked` for NaN / -inf; `masked` too
/// when the LUT is empty.
Rgba lutColor(const std::vector<Rgba>& lut, double value, double vmin, double vmax, Rgba masked);

/// The hover read-out at data point (x, y), one line per entry, ASCII only (ImGui's default font):
///   heatmap:  "row 12, col 40: 0.1234568" (7 significant digits) or "row 12, col 40: masked",
///             then the covered data ranges, e.g. "query 12288..13311, key 40960..41983 (block mean)",
///             using the axis labels (or "y"/"x"); as integer positions (positionSpan) when the extents
///             are integers and a sample covers >= 1 position, else as "[x0, x1)". The range line is
///             left out when every sample is exactly one position and indices equal positions.
///   series:   per series with a drawable point, the nearest point: "name: x = 2048, y = 0.75 [#17]".
///   neither:  "x = ..., y = ...".
std::vector<std::string> hoverLines(const PlotSpec& spec, double x, double y);

}  // namespace phaselens::plot
