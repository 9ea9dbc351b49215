#include "plot/plot_spec.h"

#include <algorithm>
#include <cmath>

#include "plot/ticks.h"

namespace phaselens::plot {
namespace {

std::string num(double v) {
    return formatValue(v, 9);
}

std::string checkAxis(const AxisSpec& a, const char* name) {
    const bool minSet = a.min == a.min, maxSet = a.max == a.max;
    if (minSet != maxSet) return std::string(name) + ".min and " + name + ".max must both be set or both be NaN";
    if (!minSet) return {};
    if (!std::isfinite(a.min) || !std::isfinite(a.max) || !(a.min < a.max))
        return std::string(name) + " range must be finite with min < max, got [" + num(a.min) + ", " + num(a.max) + "]";
    if (a.log && !(a.min > 0)) return std::string(name) + ".min must be > 0 on a log axis, got " + num(a.min);
    return {};
}

bool isIntegral(double v) {
    return std::isfinite(v) && std::abs(v) < 9007199254740992.0 && std::floor(v) == v;
}

std::string rangeText(double a, double b, bool integral) {
    if (!integral) return "[" + num(a) + ", " + num(b) + ")";
    const PositionSpan s = positionSpan(a, b);
    if (s.first == s.last) return std::to_string(s.first);
    return std::to_string(s.first) + ".." + std::to_string(s.last);
}

}  // namespace

std::string validate(const PlotSpec& spec) {
    if (std::string e = checkAxis(spec.x, "x"); !e.empty()) return e;
    if (std::string e = checkAxis(spec.y, "y"); !e.empty()) return e;
    if (spec.heatmap) {
        const HeatmapSpec& h = *spec.heatmap;
        if (h.rows < 1 || h.cols < 1)
            return "heatmap grid must be at least 1x1, got rows = " + std::to_string(h.rows) +
                   ", cols = " + std::to_string(h.cols);
        const std::size_t n = static_cast<std::size_t>(h.rows) * static_cast<std::size_t>(h.cols);
        if (!h.values.empty() && h.values.size() != n)
            return "heatmap.values has " + std::to_string(h.values.size()) +
                   " entries, expected rows*cols = " + std::to_string(n);
        if (!(h.xMin < h.xMax) || !std::isfinite(h.xMin) || !std::isfinite(h.xMax))
            return "heatmap x extents must be finite with xMin < xMax, got [" + num(h.xMin) + ", " + num(h.xMax) + "]";
        if (!(h.yMin < h.yMax) || !std::isfinite(h.yMin) || !std::isfinite(h.yMax))
            return "heatmap y extents must be finite with yMin < yMax, got [" + num(h.yMin) + ", " + num(h.yMax) + "]";
        if (!std::isfinite(h.vmin) || !std::isfinite(h.vmax) || h.vmin > h.vmax)
            return "heatmap color limits must be finite with vmin <= vmax, got [" + num(h.vmin) + ", " + num(h.vmax) +
                   "]";
        if (h.lut.size() == 1) return "heatmap.lut needs at least 2 entries, got 1";
        if (spec.x.log || spec.y.log) return "a heatmap needs linear axes (x.log and y.log must be false)";
    }
    for (std::size_t i = 0; i < spec.series.size(); ++i) {
        const LineSeries& s = spec.series[i];
        if (s.x.size() != s.y.size())
            return "series[" + std::to_string(i) + "] '" + s.name + "': x has " + std::to_string(s.x.size()) +
                   " points, y has " + std::to_string(s.y.size());
    }
    return {};
}

PlotSpec makeHeatmapPlot(HeatmapSpec heatmap, std::string xLabel, std::string yLabel, std::string title) {
    PlotSpec spec;
    spec.title = std::move(title);
    spec.x.label = std::move(xLabel);
    spec.y.label = std::move(yLabel);
    spec.x.min = heatmap.xMin;
    spec.x.max = heatmap.xMax;
    spec.y.min = heatmap.yMin;
    spec.y.max = heatmap.yMax;
    spec.y.invert = true;
    spec.x.grid = spec.y.grid = false;  // the image covers the grid anyway
    spec.heatmap = std::move(heatmap);
    return spec;
}

bool isMasked(double value) {
    return std::isnan(value) || value == -HUGE_VAL;
}

std::optional<HeatmapCell> hoverCell(const HeatmapSpec& h, double x, double y) {
    if (h.rows < 1 || h.cols < 1 || !std::isfinite(x) || !std::isfinite(y)) return std::nullopt;
    if (!(x >= h.xMin && x <= h.xMax && y >= h.yMin && y <= h.yMax)) return std::nullopt;
    const double w = h.xMax - h.xMin, ht = h.yMax - h.yMin;
    if (!(w > 0) || !(ht > 0)) return std::nullopt;
    HeatmapCell cell;
    cell.col = std::clamp(static_cast<int>(std::floor((x - h.xMin) * h.cols / w)), 0, h.cols - 1);
    cell.row = std::clamp(static_cast<int>(std::floor((y - h.yMin) * h.rows / ht)), 0, h.rows - 1);
    cell.x0 = h.xMin + cell.col * w / h.cols;
    cell.x1 = h.xMin + (cell.col + 1) * w / h.cols;
    cell.y0 = h.yMin + cell.row * ht / h.rows;
    cell.y1 = h.yMin + (cell.row + 1) * ht / h.rows;
    const std::size_t idx = static_cast<std::size_t>(cell.row) * static_cast<std::size_t>(h.cols) + cell.col;
    if (idx < h.values.size() && h.values.size() == static_cast<std::size_t>(h.rows) * h.cols) {
        cell.value = h.values[idx];
        cell.masked = isMasked(cell.value);
    } else {
        cell.value = std::numeric_limits<float>::quiet_NaN();
    }
    return cell;
}

PositionSpan positionSpan(double a, double b) {
    const auto first = static_cast<long long>(std::floor(a));
    const auto last = std::max(first, static_cast<long long>(std::ceil(b)) - 1);
    return {first, last};
}

std::optional<std::size_t> nearestPoint(const LineSeries& s, double x, bool logX, bool logY) {
    const std::size_t n = std::min(s.x.size(), s.y.size());
    const double tx = logX ? std::log10(x) : x;
    std::optional<std::size_t> best;
    double bestDist = HUGE_VAL;
    for (std::size_t i = 0; i < n; ++i) {
        const double xi = s.x[i], yi = s.y[i];
        if (!std::isfinite(xi) || !std::isfinite(yi) || (logX && !(xi > 0)) || (logY && !(yi > 0))) continue;
        const double d = std::abs((logX ? std::log10(xi) : xi) - tx);
        if (d < bestDist) {
            bestDist = d;
            best = i;
        }
    }
    return best;
}

Rgba lutColor(const std::vector<Rgba>& lut, double value, double vmin, double vmax, Rgba masked) {
    if (lut.empty() || isMasked(value)) return masked;
    double t;
    if (vmax > vmin)
        t = (value - vmin) / (vmax - vmin);
    else
        t = value < vmin ? 0.0 : (value > vmax ? 1.0 : 0.5);
    const double n = static_cast<double>(lut.size());
    const double idx = std::clamp(std::floor(t * n), 0.0, n - 1);  // +inf -> last
    return lut[static_cast<std::size_t>(idx)];
}

std::vector<std::string> hoverLines(const PlotSpec& spec, double x, double y) {
    std::vector<std::string> lines;
    if (spec.heatmap) {
        const HeatmapSpec& h = *spec.heatmap;
        if (const auto cell = hoverCell(h, x, y)) {
            std::string head = "row " + std::to_string(cell->row) + ", col " + std::to_string(cell->col);
            if (!h.values.empty()) head += ": " + formatValue(cell->value, 7) + (cell->masked ? " (masked)" : "");
            lines.push_back(head);
            // Integer positions when the extents are integers and a sample covers at least one position.
            const bool intX = isIntegral(h.xMin) && isIntegral(h.xMax) && h.xMax - h.xMin >= h.cols;
            const bool intY = isIntegral(h.yMin) && isIntegral(h.yMax) && h.yMax - h.yMin >= h.rows;
            const PositionSpan sx = positionSpan(cell->x0, cell->x1), sy = positionSpan(cell->y0, cell->y1);
            const bool oneToOne = intX && intY && sx.first == sx.last && sy.first == sy.last && sx.first == cell->col &&
                                  sy.first == cell->row;
            if (!oneToOne) {
                std::string ranges =
                    (spec.y.label.empty() ? "y" : spec.y.label) + " " + rangeText(cell->y0, cell->y1, intY) + ", " +
                    (spec.x.label.empty() ? "x" : spec.x.label) + " " + rangeText(cell->x0, cell->x1, intX);
                const bool block = !(intX && intY && sx.first == sx.last && sy.first == sy.last);
                if (block && !h.sampling.empty())
                    ranges += h.sampling == "point" ? " (point sample)" : " (block " + h.sampling + ")";
                lines.push_back(ranges);
            }
        }
    }
    for (std::size_t i = 0; i < spec.series.size(); ++i) {
        const LineSeries& s = spec.series[i];
        const auto k = nearestPoint(s, x, spec.x.log, spec.y.log);
        if (!k) continue;
        const std::string name = s.name.empty() ? "series " + std::to_string(i) : s.name;
        lines.push_back(name + ": x = " + formatValue(s.x[*k]) + ", y = " + formatValue(s.y[*k]) + " [#" +
                        std::to_string(*k) + "]");
    }
    if (lines.empty()) lines.push_back("x = " + formatValue(x) + ", y = " + formatValue(y));
    return lines;
}

}  // namespace phaselens::plot
