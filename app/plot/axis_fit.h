// Axis ranges fitted to the data for view builders: the data's span plus a small margin, so a plot is
// not half empty (matplotlib's default margin is 5%). Pure, header-only.
#pragma once

#include <algorithm>
#include <cmath>

#include "plot/plot_spec.h"

namespace phaselens::plot {

/// Default margin: 4% of the data span on each side (log axes: of the span in decades).
inline constexpr double kAxisMargin = 0.04;

/// Sets axis.min / axis.max to [lo, hi] widened by `margin` of its span on each side, in log10 space on
/// a log axis (lo > 0 required there; otherwise the axis is left to fit itself). A single value gets
/// +-0.5 on a linear axis and a factor 10^+-0.1 on a log one. Non-finite input leaves the axis unchanged.
inline void fitRange(AxisSpec& axis, double lo, double hi, double margin = kAxisMargin) {
    if (!std::isfinite(lo) || !std::isfinite(hi) || (axis.log && !(lo > 0))) return;
    if (lo > hi) std::swap(lo, hi);
    if (axis.log) {
        const double a = std::log10(lo), b = std::log10(hi), pad = b > a ? margin * (b - a) : 0.1;
        axis.min = std::pow(10.0, a - pad);
        axis.max = std::pow(10.0, b + pad);
    } else {
        const double pad = hi > lo ? margin * (hi - lo) : 0.5;
        axis.min = lo - pad;
        axis.max = hi + pad;
    }
}

}  // namespace phaselens::plot
