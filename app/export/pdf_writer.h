// PhaseLens export — PDF through cairo (Debian's libcairo2): the figure's PlotLayout (computeLayout, the
// same geometry as the screen, PNG and SVG) drawn as vector graphics.
//
//   page      width x height px at `dpi` (0 = width / 6.4, the figure 6.4 in wide): width·72/dpi pt wide;
//             one layout pixel is 72/dpi pt, so text of f px is f·72/dpi pt (10 pt by default)
//   text      real PDF text (DejaVu Sans through fontconfig, embedded as a subset; selectable, searchable),
//             aligned by its measured width, baseline at center + 0.35 em like the SVG
//   vectors   plot area, grid, ticks, axes, series (clipped/decimated polylines, seriesRuns), markers,
//             reference lines (dashed), shaded rects, legend, label boxes; color bar as one rect per LUT entry
//   heatmap   one embedded image, one pixel per sample (colored on the CPU with the GPU's rule, as for SVG),
//             nearest-neighbour filtered, placed at the data extents and clipped to the plot area
#pragma once

#include <string>
#include <vector>

#include "export/export.h"

namespace phaselens::exporter {

/// The PDF file bytes of `figure` at width x height layout pixels. Throws ExportError(Internal) when
/// cairo fails.
std::string toPdfDocument(const Figure& figure, int width, int height, double dpi = 0);

/// One PDF page with several figures side by side, left to right: figure k is laid out in widths[k] x height layout
/// pixels at x = widths[0] + ... + widths[k−1] (A/B comparisons, export/compare_export.h). The page is
/// (Σ widths) x height px at `dpi` (0 = Σ widths / 6.4). Throws ExportError like toPdfDocument.
std::string toPdfPanels(const std::vector<const Figure*>& figures, const std::vector<int>& widths, int height,
                        double dpi = 0);

}  // namespace phaselens::exporter
