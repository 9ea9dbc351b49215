// Collision-free placement of a plot's legend and annotation labels (used by computeLayout, so the
// screen, PNG, SVG and PDF agree). Pure functions, no ImGui.
//
// What "data" is here: the pixels a line series draws (its vertices, markers, and points every cell
// along its segments, within the plot area), collected in an OccupancyGrid of kCellPx-pixel cells.
// A heatmap is data everywhere for the LEGEND (a legend over a matrix hides cells, so it goes outside)
// but not for annotation LABELS, which sit on a background box over the matrix by design.
//
// Rules:
//   legend  the inside corner (top-right, top-left, bottom-right, bottom-left, in that order of
//           preference) covering the fewest data cells; when every corner covers some (or the plot
//           has a heatmap), above the plot area with its entries in as many columns as fit (the plot
//           area gets shorter, never narrower: square matrices and circles stay large).
//   labels  every RefLine / ShadedRect / TextNote label is a TextItem with boxed = true and its
//           background box. Candidates near its anchor are tried in order (vertical line: rows from
//           the top, right of the line then left; horizontal line: above then below the line, from
//           the right end to the left; shaded rect: rows from its bottom-left; note: around its point);
//           the first one inside the plot area that overlaps no legend or earlier label and covers no
//           data wins. When none does: a vertical line's label goes into a strip above the plot area,
//           a horizontal line's into a strip right of it (the plot area shrinks for both); other
//           labels take the non-overlapping candidate covering the fewest data cells.
#pragma once

#include <cstddef>
#include <vector>

#include "plot/plot_layout.h"

namespace phaselens::plot {

/// Cell size of the occupancy grid, px.
inline constexpr float kCellPx = 2.0f;

/// Which kCellPx cells of the plot area hold drawn data, with O(1) counts over rectangles.
class OccupancyGrid {
  public:
    OccupancyGrid() = default;
    /// The cells of `layout.plot` covered by the series of `spec` (see the file comment).
    OccupancyGrid(const PlotLayout& layout, const PlotSpec& spec, const PlotTheme& theme);
    /// Number of occupied cells that meet `r` (pixel rectangle, frame coordinates); 0 outside the plot.
    std::size_t count(const Rect& r) const;
    /// Total occupied cells.
    std::size_t total() const { return sum_.empty() ? 0 : sum_.back(); }

  private:
    void mark(float x, float y);
    float x0_ = 0, y0_ = 0;
    int cols_ = 0, rows_ = 0;
    std::vector<unsigned char> cells_;
    std::vector<std::size_t> sum_;  // summed-area table, (rows_ + 1) x (cols_ + 1)
};

/// Space to keep free around the plot area for items that did not fit inside (pixels).
struct LayoutReserve {
    float top = 0;             // strip above the plot area (vertical line labels)
    float right = 0;           // strip right of the plot area and color bar (horizontal line labels, notes)
    float legendTop = 0;       // strip above that for a legend that fits no inside corner (entries in columns)
    bool legendAbove = false;  // keep the legend in the legendTop strip even if an inside corner is free now
    bool any() const { return top > 0 || right > 0 || legendTop > 0; }
};

/// Places the legend and every annotation label into `layout` (legend, legendEntries, texts), see the
/// file comment. `reserved`: the strips the layout was made with (nullptr = none: items that need
/// one are counted in the result instead). Returns the strips needed for a second pass.
LayoutReserve placeDecorations(PlotLayout& layout, const PlotSpec& spec, const PlotTheme& theme,
                               const LayoutReserve* reserved);

/// True when rectangles a and b overlap by more than `slack` px in both directions.
bool overlaps(const Rect& a, const Rect& b, float slack = 0.5f);

}  // namespace phaselens::plot
