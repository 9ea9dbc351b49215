#include "plot/plot.h"

#include <imgui_internal.h>  // SetItemUsingMouseWheel

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <string>

namespace phaselens::plot {
namespace {

constexpr int kMaxCpuBlocks = 96;  // CPU heatmap fallback: blocks per axis (keeps < 64k vertices)

ImVec2 at(ImVec2 origin, float x, float y) {
    return ImVec2(origin.x + x, origin.y + y);
}
ImVec2 at(ImVec2 origin, PixelPoint p) {
    return at(origin, p.x, p.y);
}

void dashedLine(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col, float width) {
    const float len = std::hypot(b.x - a.x, b.y - a.y);
    if (!(len > 0) || !(len < 1e6f)) return;  // bounded: at most 100k dashes, never a float step that stalls
    const ImVec2 dir((b.x - a.x) / len, (b.y - a.y) / len);
    const int dashes = static_cast<int>(std::ceil(len / 10.0f));
    for (int i = 0; i < dashes; ++i) {
        const float s = 10.0f * static_cast<float>(i), e = std::min(s + 6.0f, len);
        dl->AddLine(ImVec2(a.x + dir.x * s, a.y + dir.y * s), ImVec2(a.x + dir.x * e, a.y + dir.y * e), col, width);
    }
}

// Text rotated 90 degrees counter-clockwise about `center`: draw it level, then turn its vertices.
// The level text may stick out of the clip rect (AddText culls glyphs on the CPU), so it is added
// under an unbounded clip rect, and its draw command then gets the original scissor back.
void verticalText(ImDrawList* dl, ImFont* font, float size, ImVec2 center, ImU32 col, const std::string& s) {
    const ImVec2 ts = font->CalcTextSizeA(size, FLT_MAX, 0, s.c_str());
    const ImVec2 clipMin = dl->GetClipRectMin(), clipMax = dl->GetClipRectMax();
    dl->PushClipRect(ImVec2(-1e6f, -1e6f), ImVec2(1e6f, 1e6f), false);  // starts a new draw command
    const int first = dl->VtxBuffer.Size;
    dl->AddText(font, size, ImVec2(center.x - ts.x * 0.5f, center.y - ts.y * 0.5f), col, s.c_str());
    for (int i = first; i < dl->VtxBuffer.Size; ++i) {
        ImVec2& p = dl->VtxBuffer[i].pos;
        const float dx = p.x - center.x, dy = p.y - center.y;
        p = ImVec2(center.x + dy, center.y - dx);
    }
    dl->CmdBuffer.back().ClipRect = ImVec4(clipMin.x, clipMin.y, clipMax.x, clipMax.y);
    dl->PopClipRect();
}

void drawText(ImDrawList* dl, ImVec2 origin, const TextItem& t, const PlotTheme& theme) {
    ImFont* font = ImGui::GetFont();
    const ImU32 col = toImColor(t.color ? t.color : theme.text);
    const ImVec2 anchor = at(origin, t.x, t.y);
    if (t.vertical) return verticalText(dl, font, t.size, anchor, col, t.text);
    const ImVec2 ts = font->CalcTextSizeA(t.size, FLT_MAX, 0, t.text.c_str());
    float x = anchor.x;
    if (t.align == TextAlign::Center) x -= ts.x * 0.5f;
    if (t.align == TextAlign::Right) x -= ts.x;
    dl->AddText(font, t.size, ImVec2(x, anchor.y - ts.y * 0.5f), col, t.text.c_str());
}

// Each segment is its own anti-aliased line: ImGui 1.86's thick polylines clamp their miter joins at
// sharp corners, which leaves visible gaps in zig-zag curves such as the kernel s(Δ).
void drawRuns(ImDrawList* dl, ImVec2 origin, const std::vector<std::vector<PixelPoint>>& runs, ImU32 col, float w) {
    for (const auto& run : runs) {
        if (run.size() == 1) dl->AddCircleFilled(at(origin, run[0]), w * 0.5f, col, 6);
        for (std::size_t i = 1; i < run.size(); ++i) dl->AddLine(at(origin, run[i - 1]), at(origin, run[i]), col, w);
    }
}

void drawHeatmap(ImDrawList* dl, ImVec2 origin, const HeatmapSpec& h, const PlotLayout& L,
                 const std::vector<ColorBlock>& cpuBlocks) {
    if (h.textureId != 0) {
        if (const auto p = heatmapPlacement(L, h)) {
            const auto tex = reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(h.textureId));
            dl->AddImageQuad(tex, at(origin, p->corner[0]), at(origin, p->corner[1]), at(origin, p->corner[2]),
                             at(origin, p->corner[3]), ImVec2(p->uv[0].x, p->uv[0].y), ImVec2(p->uv[1].x, p->uv[1].y),
                             ImVec2(p->uv[2].x, p->uv[2].y), ImVec2(p->uv[3].x, p->uv[3].y));
        }
        return;
    }
    for (const ColorBlock& b : cpuBlocks)
        dl->AddRectFilled(at(origin, b.rect.x0, b.rect.y0), at(origin, b.rect.x1, b.rect.y1), toImColor(b.color));
}

void drawColorbar(ImDrawList* dl, ImVec2 origin, const HeatmapSpec& h, const PlotTheme& theme, const PlotLayout& L) {
    const Rect& cb = L.colorbar;
    // One color per whole pixel row (snapped in screen space), merged into runs: the bottom row is always
    // the first LUT entry (vmin) and the top row the last (vmax), wherever the plot lands.
    const std::size_t lutSize = h.lut.size();
    const float top = std::round(origin.y + cb.y0), bottom = std::round(origin.y + cb.y1);
    const float left = origin.x + cb.x0, right = origin.x + cb.x1;
    const int rows = static_cast<int>(bottom - top);
    std::size_t runIdx = lutSize;
    int runStart = 0;
    for (int r = 0; r <= rows; ++r) {  // r counts rows upward from the bottom
        std::size_t idx = lutSize;
        if (r < rows)
            idx = std::min(lutSize - 1, static_cast<std::size_t>((r + 0.5) / rows * static_cast<double>(lutSize)));
        if (idx == runIdx) continue;
        if (runIdx < lutSize)
            dl->AddRectFilled(ImVec2(left, bottom - static_cast<float>(r)),
                              ImVec2(right, bottom - static_cast<float>(runStart)), toImColor(h.lut[runIdx]));
        runIdx = idx;
        runStart = r;
    }
    const ImU32 axisCol = toImColor(theme.axis);
    // The frame sits just outside the strips so the end colors (vmin, vmax) stay visible.
    const float pad = theme.axisWidth * 0.5f + 0.5f;
    dl->AddRect(ImVec2(left - pad, top - pad), ImVec2(right + pad, bottom + pad), axisCol, 0, ImDrawFlags_None,
                theme.axisWidth);
    for (const TickMark& t : L.colorbarTicks)
        dl->AddLine(at(origin, cb.x1, t.pixel), at(origin, cb.x1 + theme.tickLength, t.pixel), axisCol,
                    theme.axisWidth);
}

void drawHover(ImDrawList* dl, ImVec2 origin, const PlotSpec& spec, const PlotTheme& theme, const PlotLayout& L,
               double x, double y) {
    const ImU32 col = toImColor(theme.highlight);
    if (spec.heatmap)
        if (const auto cell = hoverCell(*spec.heatmap, x, y))
            if (const auto r = dataRectToPixels(L, cell->x0, cell->x1, cell->y0, cell->y1);
                r && r->width() >= 3 && r->height() >= 3)
                dl->AddRect(at(origin, r->x0, r->y0), at(origin, r->x1, r->y1), col, 0, ImDrawFlags_None, 1.5f);
    for (std::size_t i = 0; i < spec.series.size(); ++i) {
        const LineSeries& s = spec.series[i];
        if (const auto k = nearestPoint(s, x, spec.x.log, spec.y.log)) {
            const float px = L.x.toPixel(s.x[*k]), py = L.y.toPixel(s.y[*k]);
            if (L.plot.contains(px, py))
                dl->AddCircle(at(origin, px, py), theme.markerRadius + 2.5f, toImColor(seriesColor(theme, s, i)), 0,
                              1.5f);
        }
    }
}

}  // namespace

ImU32 toImColor(Rgba c) {
    return IM_COL32(redOf(c), greenOf(c), blueOf(c), alphaOf(c));
}

void resetView(PlotViewState& view) {
    view.needsFit = true;
}

struct PlotDrawCache {
    bool valid = false;
    std::uint64_t version = 0;
    float width = 0, height = 0;
    ViewWindow window;
    float fontSize = 0, lineWidth = 0;
    Rgba background = 0, text = 0;
    bool cpuHeatmap = false;
    PlotLayout layout;
    std::vector<std::vector<std::vector<PixelPoint>>> runs;  // per series
    std::vector<std::vector<PixelPoint>> markers;            // per series (empty without markers)
    std::vector<ColorBlock> blocks;                          // CPU-colored heatmap cells (no texture)

    void build(const PlotSpec& spec, const PlotTheme& theme, PlotLayout&& L) {
        layout = std::move(L);
        runs.resize(spec.series.size());
        markers.resize(spec.series.size());
        for (std::size_t i = 0; i < spec.series.size(); ++i) {
            runs[i] = seriesRuns(layout, spec.series[i]);
            markers[i] = spec.series[i].markers ? seriesMarkers(layout, spec.series[i]) : std::vector<PixelPoint>{};
        }
        cpuHeatmap = spec.heatmap && spec.heatmap->textureId == 0;
        blocks =
            cpuHeatmap ? heatmapBlocks(layout, *spec.heatmap, theme.masked, kMaxCpuBlocks) : std::vector<ColorBlock>{};
        valid = true;
    }
};

namespace {

void renderCached(ImDrawList* dl, ImVec2 o, const PlotSpec& spec, const PlotTheme& theme, PlotDrawCache& cache) {
    const PlotLayout& L = cache.layout;
    const Rect& P = L.plot;
    dl->AddRectFilled(at(o, L.frame.x0, L.frame.y0), at(o, L.frame.x1, L.frame.y1), toImColor(theme.background));
    dl->AddRectFilled(at(o, P.x0, P.y0), at(o, P.x1, P.y1), toImColor(theme.plotBackground));

    dl->PushClipRect(at(o, P.x0, P.y0), at(o, P.x1, P.y1), true);
    for (int pass = 0; pass < 2; ++pass) {  // minor grid first, labelled grid over it
        const bool major = pass == 1;
        const ImU32 col = toImColor(major ? theme.grid : theme.gridMinor);
        if (spec.x.grid)
            for (const TickMark& t : L.xTicks)
                if (t.major == major) dl->AddLine(at(o, t.pixel, P.y0), at(o, t.pixel, P.y1), col, theme.gridWidth);
        if (spec.y.grid)
            for (const TickMark& t : L.yTicks)
                if (t.major == major) dl->AddLine(at(o, P.x0, t.pixel), at(o, P.x1, t.pixel), col, theme.gridWidth);
    }
    if (spec.heatmap) drawHeatmap(dl, o, *spec.heatmap, L, cache.blocks);
    for (const ShadedRect& s : spec.shaded)
        if (const auto r = dataRectToPixels(L, s.x0, s.x1, s.y0, s.y1))
            dl->AddRectFilled(at(o, r->x0, r->y0), at(o, r->x1, r->y1), toImColor(s.color));
    for (std::size_t i = 0; i < spec.series.size(); ++i) {
        const LineSeries& s = spec.series[i];
        const ImU32 col = toImColor(seriesColor(theme, s, i));
        drawRuns(dl, o, cache.runs[i], col, s.width > 0 ? s.width : theme.lineWidth);
        for (const PixelPoint& p : cache.markers[i]) dl->AddCircleFilled(at(o, p), theme.markerRadius, col, 8);
    }
    for (const RefLine& r : spec.refLines) {
        const ImU32 col = toImColor(r.color ? r.color : theme.annotation);
        const bool vertical = r.orientation == Orientation::Vertical;
        const float p = vertical ? L.x.toPixel(r.value) : L.y.toPixel(r.value);
        if (!std::isfinite(p)) continue;
        const ImVec2 a = vertical ? at(o, p, P.y0) : at(o, P.x0, p), b = vertical ? at(o, p, P.y1) : at(o, P.x1, p);
        if (r.dashed)
            dashedLine(dl, a, b, col, r.width);
        else
            dl->AddLine(a, b, col, r.width);
    }
    dl->PopClipRect();

    const ImU32 axisCol = toImColor(theme.axis);
    dl->AddRect(at(o, P.x0, P.y0), at(o, P.x1, P.y1), axisCol, 0, ImDrawFlags_None, theme.axisWidth);
    for (const TickMark& t : L.xTicks) {
        const float len = t.major ? theme.tickLength : theme.minorTickLength;
        dl->AddLine(at(o, t.pixel, P.y1), at(o, t.pixel, P.y1 + len), axisCol, theme.axisWidth);
    }
    for (const TickMark& t : L.yTicks) {
        const float len = t.major ? theme.tickLength : theme.minorTickLength;
        dl->AddLine(at(o, P.x0 - len, t.pixel), at(o, P.x0, t.pixel), axisCol, theme.axisWidth);
    }
    if (L.hasColorbar) drawColorbar(dl, o, *spec.heatmap, theme, L);
    if (L.hasLegend) {
        dl->AddRectFilled(at(o, L.legend.x0, L.legend.y0), at(o, L.legend.x1, L.legend.y1),
                          toImColor(theme.legendBackground));
        dl->AddRect(at(o, L.legend.x0, L.legend.y0), at(o, L.legend.x1, L.legend.y1), toImColor(theme.legendBorder));
        for (const LegendEntry& e : L.legendEntries) {
            const LineSeries& s = spec.series[e.series];
            const ImU32 col = toImColor(seriesColor(theme, s, e.series));
            dl->AddLine(at(o, e.x, e.y), at(o, e.x + theme.legendSwatch, e.y), col,
                        s.width > 0 ? s.width : theme.lineWidth);
            if (s.markers) dl->AddCircleFilled(at(o, e.x + theme.legendSwatch * 0.5f, e.y), theme.markerRadius, col, 8);
        }
    }
    for (const TextItem& t : L.texts) {
        if (t.boxed) {
            dl->AddRectFilled(at(o, t.box.x0, t.box.y0), at(o, t.box.x1, t.box.y1), toImColor(theme.legendBackground));
            dl->AddRect(at(o, t.box.x0, t.box.y0), at(o, t.box.x1, t.box.y1), toImColor(theme.legendBorder));
        }
        drawText(dl, o, t, theme);
    }
}

}  // namespace

void renderPlot(ImDrawList* dl, ImVec2 o, const PlotSpec& spec, const PlotTheme& theme, const PlotLayout& L) {
    PlotDrawCache cache;
    cache.build(spec, theme, PlotLayout(L));
    renderCached(dl, o, spec, theme, cache);
}

bool drawPlot(const char* id, const PlotSpec& spec, PlotViewState& view, const PlotTheme& theme, ImVec2 size,
              std::uint64_t specVersion) {
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    if (size.x <= 0) size.x = std::max(100.0f, avail.x + size.x);
    if (size.y <= 0) size.y = std::max(80.0f, avail.y + size.y);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton(id, size, ImGuiButtonFlags_MouseButtonLeft);
    ImGui::SetItemUsingMouseWheel();  // the wheel zooms instead of scrolling the window
    const bool itemHovered = ImGui::IsItemHovered(), itemActive = ImGui::IsItemActive();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    view.hovered = false;

    const std::string error = validate(spec);
    if (!error.empty()) {
        dl->AddRectFilled(origin, at(origin, size.x, size.y), toImColor(theme.background));
        dl->AddText(ImGui::GetFont(), theme.fontSize, at(origin, theme.padding, theme.padding),
                    toImColor(rgba(230, 80, 60)), ("cannot draw plot: " + error).c_str(), nullptr,
                    size.x - 2 * theme.padding);
        return false;
    }

    const ViewWindow home = homeWindow(spec);
    const ViewWindow& w = view.window;
    const bool usable = std::isfinite(w.xMin) && std::isfinite(w.xMax) && std::isfinite(w.yMin) &&
                        std::isfinite(w.yMax) && w.xMin < w.xMax && w.yMin < w.yMax && (!spec.x.log || w.xMin > 0) &&
                        (!spec.y.log || w.yMin > 0);  // e.g. log just switched on
    if (view.needsFit || home != view.home || !usable) {
        view.window = view.home = home;
        view.needsFit = false;
        view.dragging = false;
    }
    if (!view.drawCache) view.drawCache = std::make_shared<PlotDrawCache>();
    PlotDrawCache& cache = *view.drawCache;
    // Re-lays out only when something that shapes the geometry changed (never on an idle frame).
    auto refresh = [&] {
        const bool cpuHeatmap = spec.heatmap && spec.heatmap->textureId == 0;
        if (specVersion != 0 && cache.valid && cache.version == specVersion && cache.width == size.x &&
            cache.height == size.y && !(cache.window != view.window) && cache.fontSize == theme.fontSize &&
            cache.lineWidth == theme.lineWidth && cache.background == theme.background && cache.text == theme.text &&
            cache.cpuHeatmap == cpuHeatmap)
            return;
        cache.build(spec, theme, computeLayout(spec, theme, view.window, size.x, size.y));
        cache.version = specVersion;
        cache.width = size.x;
        cache.height = size.y;
        cache.window = view.window;
        cache.fontSize = theme.fontSize;
        cache.lineWidth = theme.lineWidth;
        cache.background = theme.background;
        cache.text = theme.text;
    };
    refresh();
    const PlotLayout& L = cache.layout;
    view.areaWidth = L.plot.width();
    view.areaHeight = L.plot.height();
    view.frameHeight = size.y;
    view.frameWidth = size.x;
    view.drawnFrame = ImGui::GetFrameCount();
    const ImGuiIO& io = ImGui::GetIO();
    const float mx = io.MousePos.x - origin.x, my = io.MousePos.y - origin.y;
    const Rect& P = L.plot;
    const bool inPlot = P.contains(mx, my);

    bool changed = false;
    if (itemHovered && io.MouseWheel != 0) {
        const double f = std::pow(kWheelZoomStep, static_cast<double>(io.MouseWheel));
        const bool underX = mx >= P.x0 && mx <= P.x1 && my > P.y1;   // x-axis labels
        const bool leftOfY = my >= P.y0 && my <= P.y1 && mx < P.x0;  // y-axis labels
        if (inPlot || underX || leftOfY) {
            const double cx = L.x.toData(std::clamp(mx, P.x0, P.x1)), cy = L.y.toData(std::clamp(my, P.y0, P.y1));
            view.window = zoomWindow(view.window, spec, cx, cy, leftOfY ? 1.0 : f, underX ? 1.0 : f);
            changed = true;
            if (view.dragging) {  // keep panning from the zoomed window
                view.dragStart = view.window;
                ImGui::ResetMouseDragDelta(ImGuiMouseButton_Left);
            }
        }
    }
    if (itemActive && ImGui::IsMouseDragging(ImGuiMouseButton_Left) &&
        (view.dragging || P.contains(io.MouseClickedPos[0].x - origin.x, io.MouseClickedPos[0].y - origin.y))) {
        if (!view.dragging) view.dragStart = view.window;
        view.dragging = true;
        const ImVec2 d = ImGui::GetMouseDragDelta(ImGuiMouseButton_Left, 0.0f);
        view.window = panWindow(view.dragStart, spec, P, d.x, d.y);
        changed = true;
    } else if (!itemActive) {
        view.dragging = false;
    }
    if (itemHovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
        view.window = home;
        view.dragging = false;
        changed = true;
    }
    if (changed) refresh();

    renderCached(dl, origin, spec, theme, cache);

    if ((itemHovered || itemActive) && inPlot) {
        view.hovered = true;
        view.mouseX = L.x.toData(mx);
        view.mouseY = L.y.toData(my);
        dl->PushClipRect(at(origin, P.x0, P.y0), at(origin, P.x1, P.y1), true);
        drawHover(dl, origin, spec, theme, L, view.mouseX, view.mouseY);
        dl->PopClipRect();
        if (!view.dragging) {
            ImGui::BeginTooltip();
            for (const std::string& line : hoverLines(spec, view.mouseX, view.mouseY))
                ImGui::TextUnformatted(line.c_str());
            ImGui::EndTooltip();
        }
    }
    return view.hovered;
}

}  // namespace phaselens::plot
