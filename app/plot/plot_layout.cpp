#include "plot/plot_layout.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "plot/label_placement.h"
#include "plot/ticks.h"

namespace phaselens::plot {
namespace {

double fwd(double v, bool log) {
    return log ? (v > 0 ? std::log10(v) : std::nan("")) : v;
}
double inv(double t, bool log) {
    return log ? std::pow(10.0, t) : t;
}

std::vector<TickMark> placeTicks(const AxisMap& axis, float pixelLength, float spacing, bool integer = false) {
    std::vector<TickMark> marks;
    const double slack = 1e-9 * (std::abs(axis.hi - axis.lo));
    for (const Tick& t : axisTicks(axis.lo, axis.hi, axis.log, pixelLength, spacing)) {
        if (t.value < axis.lo - slack || t.value > axis.hi + slack) continue;
        if (integer && t.major && t.value != std::round(t.value)) continue;  // no "0.5" on a pair axis
        marks.push_back({t.value, axis.toPixel(t.value), t.major, t.label});
    }
    return marks;
}

float maxLabelWidth(const std::vector<TickMark>& ticks, float size, const PlotTheme& theme) {
    float w = 0;
    for (const TickMark& t : ticks) w = std::max(w, estimateTextWidth(t.label, size, theme));
    return w;
}

// Range of the finite (and, on log axes, positive) values, or false.
bool dataRange(const std::vector<double>& v, bool log, double& lo, double& hi) {
    bool any = false;
    for (double d : v) {
        if (!std::isfinite(d) || (log && !(d > 0))) continue;
        lo = any ? std::min(lo, d) : d;
        hi = any ? std::max(hi, d) : d;
        any = true;
    }
    return any;
}

void fitAxis(const AxisSpec& axis, bool hasHeat, double heatLo, double heatHi, const std::vector<LineSeries>& series,
             bool isX, double& outLo, double& outHi) {
    if (axis.hasRange()) {
        outLo = axis.min;
        outHi = axis.max;
        return;
    }
    bool any = false, fromSeries = false;
    double lo = 0, hi = 0;
    if (hasHeat && (!axis.log || heatLo > 0)) {
        lo = heatLo;
        hi = heatHi;
        any = true;
    }
    for (const LineSeries& s : series) {
        double a = 0, b = 0;
        if (!dataRange(isX ? s.x : s.y, axis.log, a, b)) continue;
        lo = any ? std::min(lo, a) : a;
        hi = any ? std::max(hi, b) : b;
        any = fromSeries = true;
    }
    if (!any) {
        lo = axis.log ? 1 : 0;
        hi = axis.log ? 10 : 1;
    }
    if (!(lo < hi)) {  // single value
        if (axis.log) {
            lo /= 2;
            hi *= 2;
        } else {
            lo -= 0.5;
            hi += 0.5;
        }
    } else if (fromSeries && !isX) {  // headroom so lines do not touch the frame
        const double tLo = fwd(lo, axis.log), tHi = fwd(hi, axis.log), pad = 0.05 * (tHi - tLo);
        lo = inv(tLo - pad, axis.log);
        hi = inv(tHi + pad, axis.log);
    }
    outLo = lo;
    outHi = hi;
}

bool zoomRange(double& lo, double& hi, bool log, double center, double factor) {
    if (!(factor > 0) || !std::isfinite(factor) || factor == 1) return false;
    const double tLo = fwd(lo, log), tHi = fwd(hi, log);
    double tc = fwd(center, log);
    if (!std::isfinite(tc)) tc = 0.5 * (tLo + tHi);
    const double nLo = tc + (tLo - tc) * factor, nHi = tc + (tHi - tc) * factor;
    const double limit = log ? 300.0 : 1e300;
    if (!(nHi - nLo > 1e-12 * std::max({std::abs(nLo), std::abs(nHi), 1e-290})) || std::abs(nLo) > limit ||
        std::abs(nHi) > limit)
        return false;
    lo = inv(nLo, log);
    hi = inv(nHi, log);
    return true;
}

void panRange(double& lo, double& hi, bool log, double pixelSpan, double dPx) {
    if (!(std::abs(pixelSpan) > 0)) return;
    const double tLo = fwd(lo, log), tHi = fwd(hi, log);
    const double dt = -dPx * (tHi - tLo) / pixelSpan;
    if (log && (std::abs(tLo + dt) > 300 || std::abs(tHi + dt) > 300)) return;
    lo = inv(tLo + dt, log);
    hi = inv(tHi + dt, log);
}

}  // namespace

float AxisMap::toPixel(double v) const {
    const double t = fwd(v, log), tLo = fwd(lo, log), tHi = fwd(hi, log);
    return static_cast<float>(p0 + (t - tLo) / (tHi - tLo) * (static_cast<double>(p1) - p0));
}

double AxisMap::toData(double p) const {
    const double tLo = fwd(lo, log), tHi = fwd(hi, log);
    return inv(tLo + (p - p0) / (static_cast<double>(p1) - p0) * (tHi - tLo), log);
}

float estimateTextWidth(const std::string& text, float fontSize, const PlotTheme& theme) {
    std::size_t codePoints = 0;
    for (unsigned char c : text) codePoints += (c & 0xC0) != 0x80 ? 1 : 0;
    return static_cast<float>(codePoints) * theme.charAdvance * fontSize;
}

std::vector<std::string> wrapCaption(const std::string& caption, float maxWidth, float fontSize,
                                     const PlotTheme& theme) {
    std::vector<std::string> lines;
    if (caption.empty()) return lines;
    // Every step below consumes at least one code point of the caption, so the work is O(caption size) for any
    // width, font size or text: a word wider than the line is broken at the line width, never looped over.
    constexpr std::size_t kNoWrap = std::numeric_limits<std::size_t>::max();
    std::size_t cols = kNoWrap;  // code points per line
    const float charW = theme.charAdvance * fontSize;
    if (charW > 0 && std::isfinite(charW) && !(maxWidth >= 1e9f)) {
        const double fit = std::isnan(maxWidth) ? 0.0 : std::floor(static_cast<double>(maxWidth) / charW);
        cols = fit < 1 ? 1 : static_cast<std::size_t>(std::min(fit, 1e9));
        while (cols > 1 && static_cast<float>(cols) * theme.charAdvance * fontSize > maxWidth) --cols;
    }
    const std::size_t indent = cols >= 8 && cols != kNoWrap ? 2 : 0;  // continuation lines indented
    std::size_t start = 0;
    bool truncated = false;
    while (start <= caption.size() && lines.size() < kMaxCaptionLines && !truncated) {
        const std::size_t end = std::min(caption.find('\n', start), caption.size());
        std::vector<std::size_t> at;  // byte offset of every code point of this paragraph, then its end
        for (std::size_t b = start; b < end; ++b)
            if ((static_cast<unsigned char>(caption[b]) & 0xC0) != 0x80) at.push_back(b);
        const std::size_t n = at.size();
        at.push_back(end);
        auto piece = [&](std::size_t from, std::size_t to) { return caption.substr(at[from], at[to] - at[from]); };
        std::size_t pos = 0;
        bool first = true;
        do {
            const std::size_t lead = first ? 0 : indent, avail = cols == kNoWrap ? kNoWrap : cols - lead;
            const std::string pad(lead, ' ');
            if (n - pos <= avail) {
                lines.push_back(pad + piece(pos, n));
                pos = n;
                break;
            }
            // Greedy: the longest prefix ending at a space that fits; else the word is broken at the line width.
            std::size_t cut = 0;
            for (std::size_t j = pos + avail; j > pos; --j)
                if (caption[at[j]] == ' ') {
                    cut = j;
                    break;
                }
            if (cut > pos) {
                lines.push_back(pad + piece(pos, cut));
                pos = cut + 1;
            } else {
                lines.push_back(pad + piece(pos, pos + avail));
                pos += avail;
            }
            first = false;
        } while (pos < n && lines.size() < kMaxCaptionLines);
        truncated = pos < n;
        start = end + 1;
    }
    if (truncated || start <= caption.size()) lines.back() = "…";  // the rest does not fit in any frame
    return lines;
}

namespace {

// Everything but the legend and the annotation labels (placeDecorations adds those), with `reserve`
// kept free above and right of the plot area.
PlotLayout layoutFrame(const PlotSpec& spec, const PlotTheme& th, const ViewWindow& view, float width, float height,
                       const LayoutReserve& reserve) {
    PlotLayout L;
    const float fs = th.fontSize, tfs = fs * th.titleScale, pad = th.padding, gap = th.labelGap;
    const float captionLineH = fs * 1.25f;
    L.frame = {0, 0, width, height};

    // Vertical margins do not depend on tick labels: fix them first.
    // A title wider than the figure wraps (at spaces, centred lines) instead of running off its edges; it is measured
    // as estimateTextWidth / kTextEstimateSlack (plot_layout.h), so a title that fits stays on one line.
    std::vector<std::string> titleLines = wrapCaption(spec.title, kTextEstimateSlack * (width - 2 * pad), tfs, th);
    for (std::string& line : titleLines) line.erase(0, line.find_first_not_of(' '));
    const float titleLineH = 1.2f * tfs;
    const float titleH =
        titleLines.empty() ? fs * 0.5f : tfs + titleLineH * static_cast<float>(titleLines.size() - 1) + 1.5f * gap;
    const float top = pad + titleH + reserve.legendTop + reserve.top;
    const std::vector<std::string> captionText = wrapCaption(spec.caption, width - 2 * pad, fs, th);
    const std::size_t nCaption = captionText.size();
    const float bottom = pad + th.tickLength + gap + fs + (spec.x.label.empty() ? 0 : gap + fs) +
                         (nCaption ? gap + captionLineH * static_cast<float>(nCaption) : 0);
    L.plot.y0 = top;
    L.plot.y1 = std::max(top + 10, height - bottom);
    const float plotH = L.plot.height();

    L.y = {view.yMin, view.yMax, spec.y.log, spec.y.invert ? L.plot.y0 : L.plot.y1,
           spec.y.invert ? L.plot.y1 : L.plot.y0};
    L.yTicks = placeTicks(L.y, plotH, th.yTickSpacing, spec.y.integer);

    const float left =
        pad + (spec.y.label.empty() ? 0 : fs + gap) + maxLabelWidth(L.yTicks, fs, th) + gap + th.tickLength;

    // Color bar: ticks depend only on the plot height.
    const HeatmapSpec* heat = spec.heatmap ? &*spec.heatmap : nullptr;
    L.hasColorbar = spec.colorbar && heat && heat->lut.size() >= 2;
    float right = pad + reserve.right, cbTickW = 0;
    if (L.hasColorbar) {
        const double lo = heat->vmin, hi = heat->vmax > heat->vmin ? heat->vmax : heat->vmin + 1;
        L.colorbarAxis = {lo, hi, false, L.plot.y1, L.plot.y0};
        L.colorbarTicks = placeTicks(L.colorbarAxis, plotH, th.yTickSpacing, heat->integerValues);
        if (L.colorbarTicks.empty()) L.colorbarTicks.push_back({lo, L.plot.y1, true, formatTickValue(lo, false)});
        cbTickW = maxLabelWidth(L.colorbarTicks, fs, th);
        right = th.colorbarGap + th.colorbarWidth + th.tickLength + gap + cbTickW +
                (heat->colorbarLabel.empty() ? 0 : gap + fs) + pad + reserve.right;
    }

    L.plot.x0 = std::min(left, std::max(0.0f, width - right - 10));
    L.plot.x1 = std::max(L.plot.x0 + 10, width - right);
    for (int pass = 0; pass < 2; ++pass) {  // second pass if the last x label sticks out of the frame
        L.x = {view.xMin, view.xMax, spec.x.log, spec.x.invert ? L.plot.x1 : L.plot.x0,
               spec.x.invert ? L.plot.x0 : L.plot.x1};
        L.xTicks = placeTicks(L.x, L.plot.width(), th.xTickSpacing, spec.x.integer);
        float overflow = 0;
        for (const TickMark& t : L.xTicks)
            if (t.major)
                overflow = std::max(overflow, t.pixel + 0.5f * estimateTextWidth(t.label, fs, th) - (width - pad));
        if (overflow <= 0 || pass == 1 || L.hasColorbar) break;
        L.plot.x1 = std::max(L.plot.x0 + 10, L.plot.x1 - overflow);
    }

    if (spec.equalAspect && !spec.x.log && !spec.y.log) {
        const double dx = std::abs(view.xMax - view.xMin), dy = std::abs(view.yMax - view.yMin);
        const float w = L.plot.width(), h = L.plot.height();
        if (dx > 0 && dy > 0 && std::isfinite(dx) && std::isfinite(dy)) {
            const auto want = static_cast<float>(dx / dy);  // width : height of the data rectangle
            if (w > h * want) {
                const float shrink = w - h * want;
                L.plot.x0 += 0.5f * shrink;
                L.plot.x1 -= 0.5f * shrink;
            } else {
                const float shrink = h - w / want;
                L.plot.y0 += 0.5f * shrink;
                L.plot.y1 -= 0.5f * shrink;
            }
            L.y = {view.yMin, view.yMax, spec.y.log, spec.y.invert ? L.plot.y0 : L.plot.y1,
                   spec.y.invert ? L.plot.y1 : L.plot.y0};
            L.yTicks = placeTicks(L.y, L.plot.height(), th.yTickSpacing, spec.y.integer);
            L.x = {view.xMin, view.xMax, spec.x.log, spec.x.invert ? L.plot.x1 : L.plot.x0,
                   spec.x.invert ? L.plot.x0 : L.plot.x1};
            L.xTicks = placeTicks(L.x, L.plot.width(), th.xTickSpacing, spec.x.integer);
            if (L.hasColorbar) {
                L.colorbarAxis = {L.colorbarAxis.lo, L.colorbarAxis.hi, false, L.plot.y1, L.plot.y0};
                L.colorbarTicks = placeTicks(L.colorbarAxis, L.plot.height(), th.yTickSpacing, heat->integerValues);
            }
        }
    }

    // Texts.
    auto text = [&](std::string s, float x, float y, TextAlign a, TextRole role, float size, Rgba color = 0,
                    bool vertical = false) {
        if (!s.empty()) L.texts.push_back({std::move(s), x, y, a, vertical, size, color, role});
    };
    for (std::size_t i = 0; i < titleLines.size(); ++i) {  // centred over the plot area, kept inside the frame
        const float half = 0.5f * estimateTextWidth(titleLines[i], tfs, th) / kTextEstimateSlack;
        const float lo = pad + half, hi = std::max(lo, width - pad - half);
        text(titleLines[i], std::clamp(L.plot.centerX(), lo, hi), pad + tfs * 0.5f + titleLineH * static_cast<float>(i),
             TextAlign::Center, TextRole::Title, tfs);
    }
    const float xLabelRow = L.plot.y1 + th.tickLength + gap + fs * 0.5f;
    for (const TickMark& t : L.xTicks) {
        if (!t.major) continue;
        const float half = 0.5f * estimateTextWidth(t.label, fs, th);
        const float lo = pad + half, hi = std::max(lo, width - pad - half);  // keep labels inside the frame
        const float cx = std::clamp(t.pixel, lo, hi);
        text(t.label, cx, xLabelRow, TextAlign::Center, TextRole::TickLabel, fs);
    }
    float y = xLabelRow + fs * 0.5f;
    if (!spec.x.label.empty()) {
        text(spec.x.label, L.plot.centerX(), y + gap + fs * 0.5f, TextAlign::Center, TextRole::AxisLabel, fs);
        y += gap + fs;
    }
    if (nCaption) {
        y += gap;
        for (const std::string& line : captionText) {
            text(line, pad, y + captionLineH * 0.5f, TextAlign::Left, TextRole::Caption, fs);
            y += captionLineH;
        }
    }
    for (const TickMark& t : L.yTicks)
        if (t.major)
            text(t.label, L.plot.x0 - th.tickLength - gap, std::max(t.pixel, fs * 0.5f), TextAlign::Right,
                 TextRole::TickLabel, fs);
    if (!spec.y.label.empty()) {  // beside the tick labels (at the frame's left edge unless the plot area shrank)
        const float x = L.plot.x0 - th.tickLength - gap - maxLabelWidth(L.yTicks, fs, th) - gap - fs * 0.5f;
        text(spec.y.label, std::max(pad + fs * 0.5f, x), L.plot.centerY(), TextAlign::Center, TextRole::AxisLabel, fs,
             0, true);
    }

    if (L.hasColorbar) {
        L.colorbar = {L.plot.x1 + th.colorbarGap, L.plot.y0, L.plot.x1 + th.colorbarGap + th.colorbarWidth, L.plot.y1};
        const float lx = L.colorbar.x1 + th.tickLength + gap;
        for (const TickMark& t : L.colorbarTicks)
            text(t.label, lx, t.pixel, TextAlign::Left, TextRole::ColorbarTickLabel, fs);
        text(heat->colorbarLabel, lx + cbTickW + gap + fs * 0.5f, L.plot.centerY(), TextAlign::Center,
             TextRole::ColorbarLabel, fs, 0, true);
    }

    return L;
}

}  // namespace

PlotLayout computeLayout(const PlotSpec& spec, const PlotTheme& theme, const ViewWindow& view, float width,
                         float height) {
    PlotLayout L = layoutFrame(spec, theme, view, width, height, LayoutReserve{});
    LayoutReserve need = placeDecorations(L, spec, theme, nullptr), reserve;
    for (int pass = 0; pass < 3; ++pass) {  // grow the strips until what did not fit inside fits outside
        const LayoutReserve grown{std::max(reserve.top, need.top), std::max(reserve.right, need.right),
                                  std::max(reserve.legendTop, need.legendTop), false};
        if (grown.top <= reserve.top && grown.right <= reserve.right && grown.legendTop <= reserve.legendTop) break;
        reserve = grown;
        L = layoutFrame(spec, theme, view, width, height, reserve);
        need = placeDecorations(L, spec, theme, &reserve);
    }
    // A right strip grown in an early pass (for a label that did not fit inside before the legend moved above the
    // plot) is kept only as wide as something needs: narrower strips — none, then a quarter, half, three quarters —
    // are tried with the legend kept where it is, and the first in which every item still finds a place (inside, or
    // in the strips) wins. Otherwise the strip would be an empty band on the right of a narrower plot area.
    if (reserve.right > 0) {
        const bool legendAbove = L.hasLegend && L.legend.y1 <= L.plot.y0 + 0.5f;
        for (const float share : {0.0f, 0.25f, 0.5f, 0.75f}) {
            const LayoutReserve trial{reserve.top, share * reserve.right, reserve.legendTop, legendAbove};
            PlotLayout narrow = layoutFrame(spec, theme, view, width, height, trial);
            const LayoutReserve trialNeed = placeDecorations(narrow, spec, theme, &trial);
            if (trialNeed.right <= trial.right && trialNeed.top <= trial.top && trialNeed.legendTop <= trial.legendTop)
                return narrow;
        }
    }
    return L;
}

std::optional<Rect> dataRectToPixels(const PlotLayout& L, double x0, double x1, double y0, double y1) {
    auto clampPx = [](const AxisMap& a, double v, float lo, float hi) {
        if (v == -HUGE_VAL || (a.log && v <= 0)) return a.p0 < a.p1 ? lo : hi;  // toward the lo end
        if (v == HUGE_VAL) return a.p0 < a.p1 ? hi : lo;
        return std::clamp(a.toPixel(v), lo, hi);
    };
    if (std::isnan(x0) || std::isnan(x1) || std::isnan(y0) || std::isnan(y1)) return std::nullopt;
    const float ax = clampPx(L.x, x0, L.plot.x0, L.plot.x1), bx = clampPx(L.x, x1, L.plot.x0, L.plot.x1);
    const float ay = clampPx(L.y, y0, L.plot.y0, L.plot.y1), by = clampPx(L.y, y1, L.plot.y0, L.plot.y1);
    Rect r{std::min(ax, bx), std::min(ay, by), std::max(ax, bx), std::max(ay, by)};
    if (!(r.width() > 0) || !(r.height() > 0)) return std::nullopt;
    return r;
}

namespace {

struct DPoint {
    double x, y;
};

double toPixelD(const AxisMap& a, double v) {
    const double t = fwd(v, a.log), tLo = fwd(a.lo, a.log), tHi = fwd(a.hi, a.log);
    return a.p0 + (t - tLo) / (tHi - tLo) * (static_cast<double>(a.p1) - a.p0);
}

// Liang-Barsky: the part t0..t1 of segment a-b inside [x0, x1] x [y0, y1]; false if none.
bool clipSegment(DPoint a, DPoint b, double x0, double y0, double x1, double y1, double& t0, double& t1) {
    t0 = 0;
    t1 = 1;
    const double dx = b.x - a.x, dy = b.y - a.y;
    auto edge = [&](double p, double q) {
        if (p == 0) return q >= 0;
        const double r = q / p;
        if (p < 0) {
            if (r > t1) return false;
            t0 = std::max(t0, r);
        } else {
            if (r < t0) return false;
            t1 = std::min(t1, r);
        }
        return true;
    };
    return edge(-dx, a.x - x0) && edge(dx, x1 - a.x) && edge(-dy, a.y - y0) && edge(dy, y1 - a.y);
}

// First, lowest, highest and last point of each pixel column, in their original order.
std::vector<DPoint> decimateColumns(const std::vector<DPoint>& run) {
    std::vector<DPoint> out;
    std::size_t i = 0;
    while (i < run.size()) {
        const double column = std::floor(run[i].x);
        std::size_t j = i, lo = i, hi = i;
        while (j < run.size() && std::floor(run[j].x) == column) {
            if (run[j].y < run[lo].y) lo = j;
            if (run[j].y > run[hi].y) hi = j;
            ++j;
        }
        std::size_t keep[4] = {i, std::min(lo, hi), std::max(lo, hi), j - 1};
        for (int k = 0; k < 4; ++k)
            if (k == 0 || keep[k] != keep[k - 1]) out.push_back(run[keep[k]]);
        i = j;
    }
    return out;
}

bool monotoneX(const std::vector<DPoint>& run) {
    bool up = true, down = true;
    for (std::size_t i = 1; i < run.size(); ++i) {
        up = up && run[i].x >= run[i - 1].x;
        down = down && run[i].x <= run[i - 1].x;
    }
    return up || down;
}

// Data edges and sampled indices of the blocks along one axis (see heatmapBlocks).
void blockEdges(double lo, double hi, double extMin, double extMax, int n, int maxBlocks, std::vector<double>& edges,
                std::vector<int>& samples) {
    const double w = extMax - extMin;
    const int first = std::clamp(static_cast<int>(std::floor((lo - extMin) * n / w)), 0, n - 1);
    const int last = std::clamp(static_cast<int>(std::ceil((hi - extMin) * n / w)) - 1, first, n - 1);
    if (last - first + 1 <= maxBlocks) {
        for (int c = first; c <= last; ++c) {
            edges.push_back(std::max(lo, extMin + c * w / n));
            samples.push_back(c);
        }
        edges.push_back(std::min(hi, extMin + (last + 1) * w / n));
        return;
    }
    for (int k = 0; k <= maxBlocks; ++k) edges.push_back(lo + (hi - lo) * k / maxBlocks);
    for (int k = 0; k < maxBlocks; ++k) {
        const double mid = 0.5 * (edges[static_cast<std::size_t>(k)] + edges[static_cast<std::size_t>(k) + 1]);
        samples.push_back(std::clamp(static_cast<int>(std::floor((mid - extMin) * n / w)), 0, n - 1));
    }
}

}  // namespace

std::vector<std::vector<PixelPoint>> seriesRuns(const PlotLayout& L, const LineSeries& s, float margin) {
    const std::size_t n = std::min(s.x.size(), s.y.size());
    std::vector<std::vector<DPoint>> runs(1);
    for (std::size_t i = 0; i < n; ++i) {
        const double x = s.x[i], y = s.y[i];
        if (!std::isfinite(x) || !std::isfinite(y) || (L.x.log && !(x > 0)) || (L.y.log && !(y > 0))) {
            if (!runs.back().empty()) runs.emplace_back();
            continue;
        }
        runs.back().push_back({toPixelD(L.x, x), toPixelD(L.y, y)});
    }
    const double x0 = L.plot.x0 - margin, x1 = L.plot.x1 + margin, y0 = L.plot.y0 - margin, y1 = L.plot.y1 + margin;
    std::vector<std::vector<PixelPoint>> out;
    for (std::vector<DPoint>& run : runs) {
        if (run.size() < 2) continue;
        if (static_cast<double>(run.size()) > 2.0 * L.plot.width() && monotoneX(run)) run = decimateColumns(run);
        std::vector<PixelPoint> cur;
        auto flush = [&] {
            if (cur.size() >= 2) out.push_back(std::move(cur));
            cur.clear();
        };
        for (std::size_t i = 0; i + 1 < run.size(); ++i) {
            const DPoint a = run[i], b = run[i + 1];
            double t0, t1;
            if (!clipSegment(a, b, x0, y0, x1, y1, t0, t1)) {
                flush();
                continue;
            }
            if (cur.empty() || t0 > 0) {
                flush();
                cur.push_back({static_cast<float>(a.x + t0 * (b.x - a.x)), static_cast<float>(a.y + t0 * (b.y - a.y))});
            }
            cur.push_back({static_cast<float>(a.x + t1 * (b.x - a.x)), static_cast<float>(a.y + t1 * (b.y - a.y))});
            if (t1 < 1) flush();
        }
        flush();
    }
    return out;
}

std::vector<PixelPoint> seriesMarkers(const PlotLayout& L, const LineSeries& s, std::size_t maxCount) {
    std::vector<PixelPoint> out;
    const std::size_t n = std::min(s.x.size(), s.y.size());
    for (std::size_t i = 0; i < n && out.size() < maxCount; ++i) {
        const double x = s.x[i], y = s.y[i];
        if (!std::isfinite(x) || !std::isfinite(y) || (L.x.log && !(x > 0)) || (L.y.log && !(y > 0))) continue;
        const PixelPoint p{L.x.toPixel(x), L.y.toPixel(y)};
        if (L.plot.contains(p.x, p.y)) out.push_back(p);
    }
    return out;
}

std::vector<ColorBlock> heatmapBlocks(const PlotLayout& L, const HeatmapSpec& h, Rgba masked, int maxBlocks) {
    std::vector<ColorBlock> blocks;
    if (h.rows < 1 || h.cols < 1 || h.lut.size() < 2 || maxBlocks < 1 ||
        h.values.size() != static_cast<std::size_t>(h.rows) * static_cast<std::size_t>(h.cols))
        return blocks;
    const double cx0 = std::max(h.xMin, L.x.lo), cx1 = std::min(h.xMax, L.x.hi);
    const double cy0 = std::max(h.yMin, L.y.lo), cy1 = std::min(h.yMax, L.y.hi);
    if (!(cx0 < cx1) || !(cy0 < cy1)) return blocks;
    std::vector<double> xe, ye;
    std::vector<int> xs, ys;
    blockEdges(cx0, cx1, h.xMin, h.xMax, h.cols, maxBlocks, xe, xs);
    blockEdges(cy0, cy1, h.yMin, h.yMax, h.rows, maxBlocks, ye, ys);
    std::vector<float> xp(xe.size()), yp(ye.size());
    for (std::size_t i = 0; i < xe.size(); ++i) xp[i] = L.x.toPixel(xe[i]);
    for (std::size_t i = 0; i < ye.size(); ++i) yp[i] = L.y.toPixel(ye[i]);
    blocks.reserve(xs.size() * ys.size());
    for (std::size_t r = 0; r < ys.size(); ++r)
        for (std::size_t c = 0; c < xs.size(); ++c) {
            const float v = h.values[static_cast<std::size_t>(ys[r]) * static_cast<std::size_t>(h.cols) +
                                     static_cast<std::size_t>(xs[c])];
            const Rect rect{std::min(xp[c], xp[c + 1]), std::min(yp[r], yp[r + 1]), std::max(xp[c], xp[c + 1]),
                            std::max(yp[r], yp[r + 1])};
            blocks.push_back({rect, lutColor(h.lut, v, h.vmin, h.vmax, masked)});
        }
    return blocks;
}

std::optional<ImagePlacement> heatmapPlacement(const PlotLayout& L, const HeatmapSpec& h) {
    const double cx0 = std::max(h.xMin, L.x.lo), cx1 = std::min(h.xMax, L.x.hi);
    const double cy0 = std::max(h.yMin, L.y.lo), cy1 = std::min(h.yMax, L.y.hi);
    if (!(cx0 < cx1) || !(cy0 < cy1) || !(h.xMin < h.xMax) || !(h.yMin < h.yMax)) return std::nullopt;
    const double xs[4] = {cx0, cx1, cx1, cx0}, ys[4] = {cy0, cy0, cy1, cy1};
    ImagePlacement p;
    for (int i = 0; i < 4; ++i) {
        p.corner[i] = {L.x.toPixel(xs[i]), L.y.toPixel(ys[i])};
        p.uv[i] = {static_cast<float>((xs[i] - h.xMin) / (h.xMax - h.xMin)),
                   static_cast<float>((ys[i] - h.yMin) / (h.yMax - h.yMin))};
    }
    return p;
}

ViewWindow homeWindow(const PlotSpec& spec) {
    const HeatmapSpec* h = spec.heatmap ? &*spec.heatmap : nullptr;
    ViewWindow w;
    fitAxis(spec.x, h != nullptr, h ? h->xMin : 0, h ? h->xMax : 0, spec.series, true, w.xMin, w.xMax);
    fitAxis(spec.y, h != nullptr, h ? h->yMin : 0, h ? h->yMax : 0, spec.series, false, w.yMin, w.yMax);
    return w;
}

ViewWindow zoomWindow(const ViewWindow& view, const PlotSpec& spec, double cx, double cy, double factorX,
                      double factorY) {
    ViewWindow w = view;
    zoomRange(w.xMin, w.xMax, spec.x.log, cx, factorX);
    zoomRange(w.yMin, w.yMax, spec.y.log, cy, factorY);
    return w;
}

ViewWindow panWindow(const ViewWindow& view, const PlotSpec& spec, const Rect& plot, float dxPx, float dyPx) {
    ViewWindow w = view;
    // Signed pixel length from lo to hi: x grows right unless inverted, y grows up unless inverted.
    panRange(w.xMin, w.xMax, spec.x.log, spec.x.invert ? -plot.width() : plot.width(), dxPx);
    panRange(w.yMin, w.yMax, spec.y.log, spec.y.invert ? plot.height() : -plot.height(), dyPx);
    return w;
}

}  // namespace phaselens::plot
