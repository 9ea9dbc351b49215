#include "plot/svg_writer.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace phaselens::plot {
namespace {

constexpr int kMaxSvgBlocks = 128;

// Locale-independent number, at most 3 decimals, no trailing zeros.
std::string n(double v) {
    if (!std::isfinite(v)) v = 0;
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 3);
    std::string s(buf, res.ptr);
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    return s == "-0" ? "0" : s;
}

std::string hex(Rgba c) {
    constexpr const char* digits = "0123456789abcdef";
    std::string s = "#";
    for (unsigned v : {redOf(c), greenOf(c), blueOf(c)}) {
        s += digits[v >> 4];
        s += digits[v & 15];
    }
    return s;
}

// fill="..." / stroke="..." plus an opacity attribute when not opaque.
std::string paint(const char* attr, Rgba c) {
    std::string s = std::string(" ") + attr + "=\"" + hex(c) + "\"";
    if (alphaOf(c) != 255) s += std::string(" ") + attr + "-opacity=\"" + n(alphaOf(c) / 255.0) + "\"";
    return s;
}

std::string line(float x0, float y0, float x1, float y1) {
    return "<line x1=\"" + n(x0) + "\" y1=\"" + n(y0) + "\" x2=\"" + n(x1) + "\" y2=\"" + n(y1) + "\"/>\n";
}

std::string rect(const Rect& r, const std::string& attrs) {
    return "<rect x=\"" + n(r.x0) + "\" y=\"" + n(r.y0) + "\" width=\"" + n(r.width()) + "\" height=\"" +
           n(r.height()) + "\"" + attrs + "/>\n";
}

std::string polyline(const std::vector<PixelPoint>& pts) {
    std::string s = "<polyline points=\"";
    for (std::size_t i = 0; i < pts.size(); ++i) s += (i ? " " : "") + n(pts[i].x) + "," + n(pts[i].y);
    return s + "\"/>\n";
}

std::string text(const TextItem& t, const PlotTheme& theme) {
    const char* anchor = t.align == TextAlign::Left ? "start" : t.align == TextAlign::Right ? "end" : "middle";
    std::string s = "<text x=\"" + n(t.x) + "\" y=\"" + n(t.y + 0.35f * t.size) + "\" text-anchor=\"" +
                    (t.vertical ? "middle" : anchor) + "\"";
    if (t.size != theme.fontSize) s += " font-size=\"" + n(t.size) + "\"";
    if (t.color != 0 && t.color != theme.text) s += paint("fill", t.color);
    if (t.vertical) s += " transform=\"rotate(-90 " + n(t.x) + " " + n(t.y) + ")\"";
    return s + ">" + xmlEscape(t.text) + "</text>\n";
}

void heatmap(std::string& out, const PlotSpec& spec, const PlotTheme& theme, const PlotLayout& L,
             const SvgOptions& opt) {
    const HeatmapSpec& h = *spec.heatmap;
    if (!opt.heatmapPng.empty()) {
        // Unit image pixel (c, r) -> data (xMin + c*dx, yMin + r*dy) -> frame pixels, as one matrix.
        const float ax = L.x.toPixel(h.xMin), bx = L.x.toPixel(h.xMax);
        const float ay = L.y.toPixel(h.yMin), by = L.y.toPixel(h.yMax);
        out += "<image x=\"0\" y=\"0\" width=\"" + std::to_string(h.cols) + "\" height=\"" + std::to_string(h.rows) +
               "\" preserveAspectRatio=\"none\" image-rendering=\"optimizeSpeed\" style=\"image-rendering:pixelated\""
               " transform=\"matrix(" +
               n((bx - ax) / static_cast<double>(h.cols)) + " 0 0 " + n((by - ay) / static_cast<double>(h.rows)) + " " +
               n(ax) + " " + n(ay) + ")\" href=\"data:image/png;base64," + base64Encode(opt.heatmapPng) + "\"/>\n";
        return;
    }
    const std::vector<ColorBlock> blocks = heatmapBlocks(L, h, theme.masked, kMaxSvgBlocks);
    if (blocks.empty()) return;
    out += "<g shape-rendering=\"crispEdges\">\n";
    for (const ColorBlock& b : blocks) out += rect(b.rect, paint("fill", b.color));
    out += "</g>\n";
}

}  // namespace

std::string base64Encode(const std::uint8_t* data, std::size_t size) {
    constexpr const char* table = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((size + 2) / 3 * 4);
    for (std::size_t i = 0; i < size; i += 3) {
        const std::uint32_t b0 = data[i], b1 = i + 1 < size ? data[i + 1] : 0, b2 = i + 2 < size ? data[i + 2] : 0;
        const std::uint32_t v = (b0 << 16) | (b1 << 8) | b2;
        out += table[(v >> 18) & 63];
        out += table[(v >> 12) & 63];
        out += i + 1 < size ? table[(v >> 6) & 63] : '=';
        out += i + 2 < size ? table[v & 63] : '=';
    }
    return out;
}

std::string xmlEscape(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&apos;";
                break;
            default:
                if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n' || c == '\r') out += c;
        }
    }
    return out;
}

std::string toSvg(const PlotSpec& spec, const PlotTheme& theme, int width, int height, const SvgOptions& opt) {
    const float w = static_cast<float>(std::max(1, width)), h = static_cast<float>(std::max(1, height));
    const std::string error = validate(spec);
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out += "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" + n(w) + "\" height=\"" + n(h) +
           "\" viewBox=\"0 0 " + n(w) + " " + n(h) + "\" font-family=\"" + xmlEscape(theme.fontFamily) +
           "\" font-size=\"" + n(theme.fontSize) + "\"" + paint("fill", theme.text) + ">\n";
    if (!spec.title.empty()) out += "<title>" + xmlEscape(spec.title) + "</title>\n";
    if (!spec.caption.empty()) out += "<desc>" + xmlEscape(spec.caption) + "</desc>\n";
    if (!error.empty()) {
        out += rect({0, 0, w, h}, paint("fill", theme.background));
        out += "<text x=\"8\" y=\"20\">" + xmlEscape("cannot draw plot: " + error) + "</text>\n</svg>\n";
        return out;
    }

    const PlotLayout L = computeLayout(spec, theme, opt.window ? *opt.window : homeWindow(spec), w, h);
    const Rect& P = L.plot;
    const std::string clipId = opt.idPrefix + "-plot", gradId = opt.idPrefix + "-colorbar";

    out += "<defs>\n<clipPath id=\"" + xmlEscape(clipId) + "\">" + rect(P, "") + "</clipPath>\n";
    if (L.hasColorbar) {
        const std::vector<Rgba>& lut = spec.heatmap->lut;
        out += "<linearGradient id=\"" + xmlEscape(gradId) + "\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">\n";
        for (std::size_t i = 0; i < lut.size(); ++i)  // two stops per entry: hard steps, exactly the LUT
            for (std::size_t k = i; k <= i + 1; ++k)
                out += "<stop offset=\"" + n(static_cast<double>(k) / static_cast<double>(lut.size())) +
                       "\" stop-color=\"" + hex(lut[i]) + "\"" +
                       (alphaOf(lut[i]) != 255 ? " stop-opacity=\"" + n(alphaOf(lut[i]) / 255.0) + "\"" : "") + "/>\n";
        out += "</linearGradient>\n";
    }
    out += "</defs>\n";

    out += rect(L.frame, paint("fill", theme.background));
    out += rect(P, paint("fill", theme.plotBackground));

    out += "<g clip-path=\"url(#" + xmlEscape(clipId) + ")\">\n";
    for (int pass = 0; pass < 2; ++pass) {
        const bool major = pass == 1;
        std::string lines;
        if (spec.x.grid)
            for (const TickMark& t : L.xTicks)
                if (t.major == major) lines += line(t.pixel, P.y0, t.pixel, P.y1);
        if (spec.y.grid)
            for (const TickMark& t : L.yTicks)
                if (t.major == major) lines += line(P.x0, t.pixel, P.x1, t.pixel);
        if (!lines.empty())
            out += "<g" + paint("stroke", major ? theme.grid : theme.gridMinor) + " stroke-width=\"" +
                   n(theme.gridWidth) + "\">\n" + lines + "</g>\n";
    }
    if (spec.heatmap) heatmap(out, spec, theme, L, opt);
    for (const ShadedRect& s : spec.shaded)
        if (const auto r = dataRectToPixels(L, s.x0, s.x1, s.y0, s.y1)) out += rect(*r, paint("fill", s.color));
    for (std::size_t i = 0; i < spec.series.size(); ++i) {
        const LineSeries& s = spec.series[i];
        const Rgba color = seriesColor(theme, s, i);
        out += "<g fill=\"none\"" + paint("stroke", color) + " stroke-width=\"" +
               n(s.width > 0 ? s.width : theme.lineWidth) + "\" stroke-linejoin=\"round\" stroke-linecap=\"round\">\n";
        for (const auto& run : seriesRuns(L, s)) out += polyline(run);
        out += "</g>\n";
        if (s.markers) {
            out += "<g" + paint("fill", color) + ">\n";
            for (const PixelPoint& p : seriesMarkers(L, s))
                out += "<circle cx=\"" + n(p.x) + "\" cy=\"" + n(p.y) + "\" r=\"" + n(theme.markerRadius) + "\"/>\n";
            out += "</g>\n";
        }
    }
    for (const RefLine& r : spec.refLines) {
        const bool vertical = r.orientation == Orientation::Vertical;
        const float p = vertical ? L.x.toPixel(r.value) : L.y.toPixel(r.value);
        if (!std::isfinite(p)) continue;
        out += "<line x1=\"" + n(vertical ? p : P.x0) + "\" y1=\"" + n(vertical ? P.y0 : p) + "\" x2=\"" +
               n(vertical ? p : P.x1) + "\" y2=\"" + n(vertical ? P.y1 : p) + "\"" +
               paint("stroke", r.color ? r.color : theme.annotation) + " stroke-width=\"" + n(r.width) + "\"" +
               (r.dashed ? " stroke-dasharray=\"6 4\"" : "") + "/>\n";
    }
    out += "</g>\n";

    out += "<g" + paint("stroke", theme.axis) + " stroke-width=\"" + n(theme.axisWidth) + "\" fill=\"none\">\n";
    out += rect(P, "");
    for (const TickMark& t : L.xTicks)
        out += line(t.pixel, P.y1, t.pixel, P.y1 + (t.major ? theme.tickLength : theme.minorTickLength));
    for (const TickMark& t : L.yTicks)
        out += line(P.x0 - (t.major ? theme.tickLength : theme.minorTickLength), t.pixel, P.x0, t.pixel);
    if (L.hasColorbar)
        for (const TickMark& t : L.colorbarTicks)
            out += line(L.colorbar.x1, t.pixel, L.colorbar.x1 + theme.tickLength, t.pixel);
    out += "</g>\n";
    if (L.hasColorbar) {
        out += rect(L.colorbar, " fill=\"url(#" + xmlEscape(gradId) + ")\"");
        out += rect(L.colorbar,
                    " fill=\"none\"" + paint("stroke", theme.axis) + " stroke-width=\"" + n(theme.axisWidth) + "\"");
    }
    if (L.hasLegend) {
        out += rect(L.legend, paint("fill", theme.legendBackground) + paint("stroke", theme.legendBorder));
        for (const LegendEntry& e : L.legendEntries) {
            const LineSeries& s = spec.series[e.series];
            const Rgba color = seriesColor(theme, s, e.series);
            out += "<line x1=\"" + n(e.x) + "\" y1=\"" + n(e.y) + "\" x2=\"" + n(e.x + theme.legendSwatch) +
                   "\" y2=\"" + n(e.y) + "\"" + paint("stroke", color) + " stroke-width=\"" +
                   n(s.width > 0 ? s.width : theme.lineWidth) + "\"/>\n";
            if (s.markers)
                out += "<circle cx=\"" + n(e.x + theme.legendSwatch * 0.5f) + "\" cy=\"" + n(e.y) + "\" r=\"" +
                       n(theme.markerRadius) + "\"" + paint("fill", color) + "/>\n";
        }
    }
    out += "<g>\n";
    for (const TextItem& t : L.texts) {
        if (t.boxed) out += rect(t.box, paint("fill", theme.legendBackground) + paint("stroke", theme.legendBorder));
        out += text(t, theme);
    }
    out += "</g>\n</svg>\n";
    return out;
}

}  // namespace phaselens::plot
