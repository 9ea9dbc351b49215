// PhaseLens export — an A/B comparison as one file: `phaselens export --view V --compare-preset N |
// --compare-config F | --compare-layer K` (model/compare.h builds B; its axes are shared with A's).
//
// What the files contain:
//   png / svg / pdf  one figure, A in the left half and B in the right half (width/2 each), the same x range, y range
//                    and color scale; titles "A · <model> · layer K — <title>" and "B · ...". SVG: the two plots
//                    as nested <svg> elements (ids prefixed "a-" / "b-"); PDF: one page.
//   csv              panel A's CSV (toCsv), then a line "# panel B" and panel B's CSV; each block starts with a
//                    comment "# panel A: <label>" / "# panel B: <label>" (read with comment='#' and split at the
//                    "# panel B" line).
//   npy              float64, shape (2, R, C): [0] is A's matrix and [1] B's (toNpyBytes of each: heatmap samples,
//                    or line plots' x_0, y_0, x_1, y_1, ... columns), each padded with NaN to the larger R and C.
//   json             the sidecar alone.
// The sidecar is A's (sidecarJson) plus "_phaselens.compare": {label_a, label_b, state_b (B's parameters),
// data (the sentence above for the format)}. File and sidecar are committed as one unit (safe_write.h).
#pragma once

#include "export/export.h"
#include "model/compare.h"

namespace phaselens::exporter {

/// Writes `request` (A: view, state, path, format, size, theme) with `states.b` as panel B. Throws ExportError
/// (BadInput for invalid parameters or paths, naming "A: " or "B: "). `gl`: a current GL context to render PNGs
/// with (the window's, as PngRenderer borrows it); nullptr = PngRenderer's own headless context (the CLI). The CLI
/// and the window's Export dialog (desktop/app_export.h) both write A | B through this function.
ExportResult exportComparison(const ExportRequest& request, const model::CompareStates& states,
                              render::GlContext* gl = nullptr);

/// The NPY bytes of two 2-D NPY arrays stacked as (2, R, C), NaN-padded (see the header comment).
std::string stackNpy(const std::string& a, const std::string& b);

}  // namespace phaselens::exporter
