#include "plot/label_placement.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace phaselens::plot {

// [SECTION] OccupancyGrid

OccupancyGrid::OccupancyGrid(const PlotLayout& L, const PlotSpec& spec, const PlotTheme& theme)
    : x0_(L.plot.x0), y0_(L.plot.y0) {
    cols_ = std::max(1, static_cast<int>(std::ceil(L.plot.width() / kCellPx)));
    rows_ = std::max(1, static_cast<int>(std::ceil(L.plot.height() / kCellPx)));
    cells_.assign(static_cast<std::size_t>(cols_) * static_cast<std::size_t>(rows_), 0);
    for (std::size_t i = 0; i < spec.series.size(); ++i) {
        const LineSeries& s = spec.series[i];
        for (const auto& run : seriesRuns(L, s, 0.0f))
            for (std::size_t k = 0; k + 1 < run.size(); ++k) {
                const PixelPoint a = run[k], b = run[k + 1];
                const float len = std::hypot(b.x - a.x, b.y - a.y);
                const int steps = std::max(1, static_cast<int>(std::ceil(len / (0.5f * kCellPx))));
                if (steps > 1000000) continue;  // far outside anyway (runs are clipped)
                for (int j = 0; j <= steps; ++j) {
                    const float t = static_cast<float>(j) / static_cast<float>(steps);
                    mark(a.x + t * (b.x - a.x), a.y + t * (b.y - a.y));
                }
            }
        if (s.markers)
            for (const PixelPoint& p : seriesMarkers(L, s)) {
                const float r = theme.markerRadius;
                for (float dy = -r; dy <= r; dy += kCellPx * 0.5f)
                    for (float dx = -r; dx <= r; dx += kCellPx * 0.5f) mark(p.x + dx, p.y + dy);
            }
    }
    const std::size_t w = static_cast<std::size_t>(cols_) + 1;
    sum_.assign(w * (static_cast<std::size_t>(rows_) + 1), 0);
    for (int r = 0; r < rows_; ++r)
        for (int c = 0; c < cols_; ++c) {
            const std::size_t at = (static_cast<std::size_t>(r) + 1) * w + static_cast<std::size_t>(c) + 1;
            sum_[at] =
                cells_[static_cast<std::size_t>(r) * static_cast<std::size_t>(cols_) + static_cast<std::size_t>(c)] +
                sum_[at - 1] + sum_[at - w] - sum_[at - w - 1];
        }
}

void OccupancyGrid::mark(float x, float y) {
    const int c = static_cast<int>(std::floor((x - x0_) / kCellPx)),
              r = static_cast<int>(std::floor((y - y0_) / kCellPx));
    if (c < 0 || r < 0 || c >= cols_ || r >= rows_) return;
    cells_[static_cast<std::size_t>(r) * static_cast<std::size_t>(cols_) + static_cast<std::size_t>(c)] = 1;
}

std::size_t OccupancyGrid::count(const Rect& rect) const {
    if (sum_.empty()) return 0;
    const int c0 = std::max(0, static_cast<int>(std::floor((rect.x0 - x0_) / kCellPx)));
    const int r0 = std::max(0, static_cast<int>(std::floor((rect.y0 - y0_) / kCellPx)));
    const int c1 = std::min(cols_, static_cast<int>(std::ceil((rect.x1 - x0_) / kCellPx)));
    const int r1 = std::min(rows_, static_cast<int>(std::ceil((rect.y1 - y0_) / kCellPx)));
    if (c0 >= c1 || r0 >= r1) return 0;
    const std::size_t w = static_cast<std::size_t>(cols_) + 1;
    auto S = [&](int r, int c) { return sum_[static_cast<std::size_t>(r) * w + static_cast<std::size_t>(c)]; };
    return S(r1, c1) - S(r0, c1) - S(r1, c0) + S(r0, c0);
}

bool overlaps(const Rect& a, const Rect& b, float slack) {
    return a.x0 + slack < b.x1 && b.x0 + slack < a.x1 && a.y0 + slack < b.y1 && b.y0 + slack < a.y1;
}

// [SECTION] Placement

namespace {

constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();

struct Placer {
    PlotLayout& L;
    const PlotTheme& th;
    const OccupancyGrid& grid;
    std::vector<Rect> taken;  // legend and placed labels

    bool free(const Rect& r) const {
        return std::none_of(taken.begin(), taken.end(), [&](const Rect& t) { return overlaps(r, t); });
    }
    bool insidePlot(const Rect& r) const {
        return r.x0 >= L.plot.x0 - 0.5f && r.x1 <= L.plot.x1 + 0.5f && r.y0 >= L.plot.y0 - 0.5f &&
               r.y1 <= L.plot.y1 + 0.5f;
    }
    bool insideFrame(const Rect& r) const {
        return r.x0 >= L.frame.x0 && r.x1 <= L.frame.x1 && r.y0 >= L.frame.y0 && r.y1 <= L.frame.y1;
    }
    // First free, in-plot candidate covering no data with a clearance of 0.4 font sizes around it (so a label does not
    // touch a curve), else the first covering no data; else kNone (and `best` = the free one covering least).
    std::size_t pick(const std::vector<Rect>& cands, std::size_t& best) const {
        std::size_t bestCount = kNone;
        best = kNone;
        const float clear = 0.4f * th.fontSize;
        for (std::size_t i = 0; i < cands.size(); ++i) {
            const Rect& c = cands[i];
            if (insidePlot(c) && free(c) && grid.count({c.x0 - clear, c.y0 - clear, c.x1 + clear, c.y1 + clear}) == 0)
                return i;
        }
        for (std::size_t i = 0; i < cands.size(); ++i) {
            if (!insidePlot(cands[i]) || !free(cands[i])) continue;
            const std::size_t n = grid.count(cands[i]);
            if (n == 0) return i;
            if (n < bestCount) bestCount = n, best = i;
        }
        return kNone;
    }
    std::size_t pickOutside(const std::vector<Rect>& cands) const {
        for (std::size_t i = 0; i < cands.size(); ++i)
            if (insideFrame(cands[i]) && free(cands[i]) && !overlaps(cands[i], L.plot)) return i;
        return kNone;
    }
};

struct LabelBox {
    float w = 0, h = 0, pad = 0, off = 0;
};

LabelBox labelBox(const std::string& text, const PlotTheme& th) {
    const float fs = th.fontSize;
    LabelBox b;
    b.pad = 0.2f * fs;
    b.off = 4.0f * fs / 13.0f;
    b.w = estimateTextWidth(text, fs, th) + 2 * b.pad;
    b.h = 1.25f * fs;
    return b;
}

// Box whose text starts at x (left edge of the text) with its center line at cy.
Rect boxAtText(float x, float cy, const LabelBox& b) {
    return {x - b.pad, cy - 0.5f * b.h, x - b.pad + b.w, cy + 0.5f * b.h};
}

// WCAG relative luminance of an sRGB color (alpha ignored), 0 .. 1.
double luminance(Rgba c) {
    auto lin = [](unsigned v) {
        const double s = v / 255.0;
        return s <= 0.04045 ? s / 12.92 : std::pow((s + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * lin(redOf(c)) + 0.7152 * lin(greenOf(c)) + 0.0722 * lin(blueOf(c));
}

// A boxed label sits on the theme's legend background, not on the data: a color chosen for the data (white on a
// heatmap) that is unreadable there (contrast < 3:1) becomes the theme's text color.
Rgba readableOnBox(Rgba color, const PlotTheme& th) {
    if (color == 0) return color;  // the theme's default
    const double a = luminance(color), b = luminance(th.legendBackground);
    const double ratio = (std::max(a, b) + 0.05) / (std::min(a, b) + 0.05);
    return ratio < 3.0 ? th.text : color;
}

void addLabel(PlotLayout& L, const std::string& text, const Rect& box, const LabelBox& b, Rgba color, float fs) {
    TextItem t;
    t.text = text;
    t.x = box.x0 + b.pad;
    t.y = box.centerY();
    t.align = TextAlign::Left;
    t.size = fs;
    t.color = color;
    t.role = TextRole::Annotation;
    t.boxed = true;
    t.box = box;
    L.texts.push_back(std::move(t));
}

}  // namespace

LayoutReserve placeDecorations(PlotLayout& L, const PlotSpec& spec, const PlotTheme& th,
                               const LayoutReserve* reserved) {
    LayoutReserve need;
    const float fs = th.fontSize, gap = th.labelGap, pad = th.padding, spacing = 0.8f * fs;
    const OccupancyGrid grid(L, spec, th);
    Placer P{L, th, grid, {}};
    const float stripX0 = reserved ? L.frame.x1 - pad - reserved->right + spacing : L.frame.x1;
    // Over a heatmap, a note wider than this share of the figure is not given a right strip (see its use).
    constexpr float kMaxStripShare = 0.3f;
    const bool heatVisible = spec.heatmap && heatmapPlacement(L, *spec.heatmap).has_value();

    // Legend.
    std::vector<std::size_t> named;
    for (std::size_t i = 0; i < spec.series.size(); ++i)
        if (!spec.series[i].name.empty()) named.push_back(i);
    if (spec.legend && !named.empty()) {
        const float inner = 6.0f * fs / 13.0f, rowH = fs * 1.3f, m = inner;
        float labelW = 0;
        for (std::size_t i : named) labelW = std::max(labelW, estimateTextWidth(spec.series[i].name, fs, th));
        const float w = inner + th.legendSwatch + 1.5f * gap + labelW + inner;
        const float h = 2 * inner + rowH * static_cast<float>(named.size());
        const Rect& A = L.plot;
        const std::vector<Rect> corners = {{A.x1 - m - w, A.y0 + m, A.x1 - m, A.y0 + m + h},
                                           {A.x0 + m, A.y0 + m, A.x0 + m + w, A.y0 + m + h},
                                           {A.x1 - m - w, A.y1 - m - h, A.x1 - m, A.y1 - m},
                                           {A.x0 + m, A.y1 - m - h, A.x0 + m + w, A.y1 - m}};
        std::size_t best = kNone, bestCount = kNone;
        for (std::size_t i = 0; i < corners.size(); ++i) {
            if (!P.insidePlot(corners[i])) continue;
            const std::size_t n = heatVisible ? 1 : grid.count(corners[i]);
            if (n < bestCount) best = i, bestCount = n;
        }
        const float entryW = w - inner;  // one column: swatch, gap, label, inner margin
        int columns = 1;
        Rect box = corners[0];
        const bool keepAbove = reserved && reserved->legendAbove && reserved->legendTop > 0;
        if (best != kNone && bestCount == 0 && !keepAbove) {
            box = corners[best];
        } else {
            // Above the plot, the strip spans the figure (a square plot area can be narrower than the legend).
            const float stripW = std::max(A.width(), L.frame.width() - 2 * pad);
            columns = std::clamp(static_cast<int>((stripW - inner) / entryW), 1, static_cast<int>(named.size()));
            const int rows = (static_cast<int>(named.size()) + columns - 1) / columns;
            const float stripH = 2 * inner + rowH * static_cast<float>(rows) + 0.5f * spacing;
            if (reserved && reserved->legendTop >= stripH - 0.5f) {
                const float y0 = A.y0 - reserved->top - reserved->legendTop;
                const float boxW = inner + entryW * static_cast<float>(columns);
                // From the plot's left edge, moved left as far as needed to stay inside the figure.
                const float x0 = std::max(std::min(A.x0, L.frame.x1 - pad - boxW), L.frame.x0 + pad);
                box = {x0, y0, x0 + boxW, y0 + stripH - 0.5f * spacing};
                L.legendOutside = true;
            } else {
                need.legendTop = std::max(need.legendTop, stripH);
                columns = 1;
                if (best != kNone) box = corners[best];
            }
        }
        L.hasLegend = true;
        L.legend = box;
        P.taken.push_back(box);
        for (std::size_t k = 0; k < named.size(); ++k) {
            const auto col = static_cast<float>(static_cast<int>(k) % columns);
            const auto row = static_cast<float>(static_cast<int>(k) / columns);
            const float cy = box.y0 + inner + rowH * (row + 0.5f);
            const float x = box.x0 + inner + col * entryW;
            L.legendEntries.push_back({named[k], x, cy});
            TextItem t{spec.series[named[k]].name,
                       x + th.legendSwatch + 1.5f * gap,
                       cy,
                       TextAlign::Left,
                       false,
                       fs,
                       0,
                       TextRole::Legend};
            L.texts.push_back(std::move(t));
        }
    }

    // Reference line labels.
    const Rect& A = L.plot;
    int topRowsNeeded = 0;
    for (const RefLine& r : spec.refLines) {
        if (r.label.empty()) continue;
        const Rgba color = r.color ? r.color : th.annotation;
        const LabelBox b = labelBox(r.label, th);
        std::vector<Rect> cands;
        std::vector<Rect> outside;
        if (r.orientation == Orientation::Vertical) {
            const float px = L.x.toPixel(r.value);
            if (!(px >= A.x0 && px <= A.x1)) continue;
            for (float cy = A.y0 + b.off + 0.5f * b.h; cy + 0.5f * b.h <= A.y1; cy += b.h + 1) {
                cands.push_back(boxAtText(px + b.off, cy, b));
                cands.push_back(boxAtText(px - b.off - b.w + b.pad, cy, b));
            }
            if (reserved)
                for (float cy = A.y0 - 2 - 0.5f * b.h; cy - 0.5f * b.h >= A.y0 - reserved->top - 0.5f; cy -= b.h + 1) {
                    const float x = std::clamp(px - 0.5f * b.w, L.frame.x0 + pad, L.frame.x1 - pad - b.w);
                    outside.push_back(boxAtText(x + b.pad, cy, b));
                }
        } else {
            const float py = L.y.toPixel(r.value);
            if (!(py >= A.y0 && py <= A.y1)) continue;
            // Just above or below the line first; over a heatmap, then up to three rows farther (a long label under a
            // line at the top whose only free row holds another label, e.g. the training line's, would otherwise take
            // a right strip that crushes the heatmap). Over curves a farther row could sit nearer another line.
            const int rows = spec.heatmap ? 4 : 1;
            for (int row = 0; row < rows; ++row)
                for (float side : {-1.0f, 1.0f}) {
                    const float cy = py + side * (2 + 0.5f * b.h + static_cast<float>(row) * (b.h + 1));
                    for (float f : {1.0f, 0.0f, 0.5f, 0.75f, 0.25f}) {
                        const float x0 = A.x0 + b.off + f * (A.width() - 2 * b.off - b.w);
                        cands.push_back(boxAtText(x0 + b.pad, cy, b));
                    }
                }
            if (reserved)
                for (int k = 0; k < 12; ++k) {
                    const float dy = static_cast<float>((k + 1) / 2) * (b.h + 1) * (k % 2 ? -1.0f : 1.0f);
                    outside.push_back(boxAtText(stripX0 + b.pad, py + dy, b));
                }
        }
        std::size_t best = kNone;
        std::size_t i = P.pick(cands, best);
        Rect box;
        if (i != kNone) {
            box = cands[i];
        } else if (const std::size_t o = P.pickOutside(outside); o != kNone) {
            box = outside[o];
        } else {
            if (r.orientation == Orientation::Vertical)
                ++topRowsNeeded;
            else
                need.right = std::max(need.right, b.w + spacing);
            if (best == kNone && cands.empty()) continue;
            box = best != kNone ? cands[best] : cands.front();
        }
        P.taken.push_back(box);
        addLabel(L, r.label, box, b, readableOnBox(color, th), fs);
    }
    if (topRowsNeeded > 0)
        need.top = std::max(reserved ? reserved->top : 0.0f,
                            static_cast<float>(std::min(topRowsNeeded, 3)) * (1.25f * fs + 1) + 4);

    // Shaded-region labels: rows up from the region's bottom-left, then down from its top-left.
    for (const ShadedRect& s : spec.shaded) {
        const auto r = dataRectToPixels(L, s.x0, s.x1, s.y0, s.y1);
        if (!r || s.label.empty()) continue;
        const LabelBox b = labelBox(s.label, th);
        std::vector<Rect> cands;
        for (float cy = r->y1 - b.off - 0.5f * b.h; cy - 0.5f * b.h >= r->y0; cy -= b.h + 1)
            cands.push_back(boxAtText(r->x0 + b.off + b.pad, cy, b));
        for (float cy = r->y1 - b.off - 0.5f * b.h; cy - 0.5f * b.h >= A.y0; cy -= b.h + 1)
            cands.push_back(boxAtText(r->x1 - b.off - b.w + b.pad, cy, b));
        std::size_t best = kNone;
        const std::size_t i = P.pick(cands, best);
        if (i == kNone && best == kNone) continue;  // no room: the shading speaks for itself
        const Rect box = cands[i != kNone ? i : best];
        P.taken.push_back(box);
        addLabel(L, s.label, box, b, th.text, fs);
    }

    // Free notes: right of the point, left, then rows above and below it, nearest first.
    for (const TextNote& n : spec.notes) {
        const float px = L.x.toPixel(n.x), py = L.y.toPixel(n.y);
        const std::size_t first = n.text.find_first_not_of(' ');  // leading spaces were a manual offset
        if (!A.contains(px, py) || first == std::string::npos) continue;
        const std::string textOf = n.text.substr(first);
        const LabelBox b = labelBox(textOf, th);
        std::vector<Rect> cands = {boxAtText(px + b.off + b.pad, py, b), boxAtText(px - b.off - b.w + b.pad, py, b)};
        const float room = A.width() - b.w;
        for (int k = 1; k <= 20; ++k)
            for (float sign : {-1.0f, 1.0f}) {
                const float cy = py + sign * static_cast<float>(k) * (b.h + 1);
                for (float x : {px + b.off, px - 0.5f * b.w, px - b.off - b.w, A.x0 + 0.25f * room, A.x0 + 0.5f * room,
                                A.x0 + 0.75f * room, A.x1 - b.w, A.x0}) {
                    const float left = std::clamp(x, A.x0 + 1, A.x1 - 1 - b.w);
                    cands.push_back(boxAtText(left + b.pad, cy, b));
                }
            }
        std::size_t best = kNone;
        const std::size_t i = P.pick(cands, best);
        Rect box = cands[i != kNone ? i : (best != kNone ? best : 0)];
        if (i == kNone) {  // right of the plot, as near the point's height as is free
            std::vector<Rect> outside;
            if (reserved)
                for (int k = 0; k < 40; ++k) {
                    const float dy = static_cast<float>((k + 1) / 2) * (b.h + 1) * (k % 2 ? -1.0f : 1.0f);
                    outside.push_back(boxAtText(stripX0 + b.pad, py + dy, b));
                }
            if (const std::size_t o = P.pickOutside(outside); o != kNone) {
                box = outside[o];
            } else if (spec.heatmap && b.w + spacing > kMaxStripShare * L.frame.width()) {
                // A long note over a heatmap (a row label: every inside spot covers cells) stays on its box over the
                // cells, within the plot area's width, rather than take a right strip that crushes the heatmap.
                const float shift = std::max(A.x0 + 1, std::min(box.x0, A.x1 - 1 - b.w)) - box.x0;
                box.x0 += shift;
                box.x1 += shift;
            } else {
                need.right = std::max(need.right, b.w + spacing);
            }
        }
        P.taken.push_back(box);
        addLabel(L, textOf, box, b, readableOnBox(n.color, th), fs);
    }
    return need;
}

}  // namespace phaselens::plot
