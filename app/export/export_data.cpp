// PhaseLens export — the plotted numbers (CSV, NPY) and the sidecar JSON. Pure and deterministic.
#include <cmath>
#include <cstdio>
#include <limits>

#include "export/export.h"
#include "json_text.h"
#include "model/state_io.h"
#include "phaselens/learned.h"

#ifndef PHASELENS_VERSION
#define PHASELENS_VERSION "unknown"
#endif

namespace phaselens::exporter {

namespace {

using nlohmann::json;

std::string number(double v, int digits) {
    if (std::isnan(v)) return "nan";
    if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.*g", digits, v);
    return buf;
}
std::string d17(double v) {
    return number(v, 17);
}  // float64: round-trips
std::string f9(float v) {
    return number(v, 9);
}  // float32 samples: round-trip

// RFC 4180 field: quoted when it contains a comma, quote or line break.
std::string field(const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

// "# key: text" comment lines; multi-line text continues on further "# " lines.
std::string comment(const std::string& key, const std::string& text) {
    std::string out = "# " + key + ": ";
    for (char c : text) out += c == '\n' ? std::string("\n#   ") : std::string(1, c);
    return out + "\n";
}

std::string seriesName(const plot::LineSeries& s, std::size_t k) {
    return s.name.empty() ? "series " + std::to_string(k) : s.name;
}

// Data edge of sample `i` of `n` over [lo, hi], multiplying first (exact for integer extents).
double edge(double lo, double hi, int i, int n) {
    return lo + (hi - lo) * static_cast<double>(i) / static_cast<double>(n);
}

bool isHeatmapFigure(const Figure& f) {
    return f.view.spec.heatmap.has_value();
}

}  // namespace

// [SECTION] CSV -------------------------------------------------------------------------------------------

std::string toCsv(const Figure& figure, model::View view) {
    const plot::PlotSpec& spec = figure.view.spec;
    std::string out = comment("phaselens export", std::string("view ") + model::viewName(view));
    out += comment("title", spec.title);
    if (isHeatmapFigure(figure)) {
        const plot::HeatmapSpec& h = *spec.heatmap;
        out += comment("rows", (spec.y.label.empty() ? "y" : spec.y.label) + "; row r covers [y0, y1)");
        out += comment("columns",
                       (spec.x.label.empty() ? "x" : spec.x.label) + "; the column named x0:x1 covers [x0, x1)");
        out += comment("values", h.colorbarLabel + "; sampling " + (h.sampling.empty() ? "unspecified" : h.sampling) +
                                     "; color limits [" + d17(h.vmin) + ", " + d17(h.vmax) + "]; colormap " +
                                     h.colormap + "; masked entries are -inf or nan");
        out += comment("caption", figure.caption);
        out += "row,y0,y1";
        for (int c = 0; c < h.cols; ++c)
            out += "," + d17(edge(h.xMin, h.xMax, c, h.cols)) + ":" + d17(edge(h.xMin, h.xMax, c + 1, h.cols));
        out += "\n";
        for (int r = 0; r < h.rows; ++r) {
            out += std::to_string(r) + "," + d17(edge(h.yMin, h.yMax, r, h.rows)) + "," +
                   d17(edge(h.yMin, h.yMax, r + 1, h.rows));
            const float* row = h.values.data() + static_cast<std::size_t>(r) * static_cast<std::size_t>(h.cols);
            for (int c = 0; c < h.cols; ++c) out += "," + f9(row[c]);
            out += "\n";
        }
        return out;
    }
    out += comment("x", spec.x.label);
    out += comment("y", spec.y.label);
    out += comment("caption", figure.caption);
    out += comment("format", "one line per point; nan rows break a line");
    out += "series,x,y\n";
    for (std::size_t k = 0; k < spec.series.size(); ++k) {
        const plot::LineSeries& s = spec.series[k];
        const std::string name = field(seriesName(s, k));
        for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i)
            out += name + "," + d17(s.x[i]) + "," + d17(s.y[i]) + "\n";
    }
    return out;
}

// [SECTION] NPY -------------------------------------------------------------------------------------------

std::string toNpyBytes(const Figure& figure) {
    const plot::PlotSpec& spec = figure.view.spec;
    if (isHeatmapFigure(figure)) {
        const plot::HeatmapSpec& h = *spec.heatmap;
        Eigen::MatrixXd m(h.rows, h.cols);
        for (int r = 0; r < h.rows; ++r)
            for (int c = 0; c < h.cols; ++c)
                m(r, c) = h.values[static_cast<std::size_t>(r) * static_cast<std::size_t>(h.cols) + c];
        return core::toNpy(m);
    }
    std::size_t n = 0;
    for (const plot::LineSeries& s : spec.series) n = std::max(n, std::min(s.x.size(), s.y.size()));
    Eigen::MatrixXd m =
        Eigen::MatrixXd::Constant(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(2 * spec.series.size()),
                                  std::numeric_limits<double>::quiet_NaN());
    for (std::size_t k = 0; k < spec.series.size(); ++k) {
        const plot::LineSeries& s = spec.series[k];
        for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
            m(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(2 * k)) = s.x[i];
            m(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(2 * k + 1)) = s.y[i];
        }
    }
    return core::toNpy(m);
}

// [SECTION] Sidecar ---------------------------------------------------------------------------------------

json sidecarJson(const ExportRequest& request, const Figure& figure) {
    model::AppState state = request.state;
    state.view = request.view;
    json out = model::stateToJson(state);
    const plot::PlotSpec& spec = figure.view.spec;
    json data;
    if (isHeatmapFigure(figure)) {
        const plot::HeatmapSpec& h = *spec.heatmap;
        data = {{"kind", "heatmap"},
                {"rows", h.rows},
                {"cols", h.cols},
                {"x_label", spec.x.label},
                {"y_label", spec.y.label},
                {"x_extent", {h.xMin, h.xMax}},
                {"y_extent", {h.yMin, h.yMax}},
                {"value_label", h.colorbarLabel},
                {"vmin", h.vmin},
                {"vmax", h.vmax},
                {"colormap", h.colormap},
                {"sampling", h.sampling},
                {"npy", "float64 rows x cols, row 0 first"}};
    } else {
        json names = json::array(), columns = json::array();
        for (std::size_t k = 0; k < spec.series.size(); ++k) {
            names.push_back(seriesName(spec.series[k], k));
            columns.push_back("x_" + std::to_string(k));
            columns.push_back("y_" + std::to_string(k));
        }
        data = {{"kind", "series"},
                {"x_label", spec.x.label},
                {"y_label", spec.y.label},
                {"series", names},
                {"columns", columns},
                {"npy", "float64 (points, 2 x series): x_k, y_k per series, shorter series padded with NaN"}};
    }
    json meta = {{"generator", std::string("phaselens ") + PHASELENS_VERSION},
                 {"view", model::viewName(request.view)},
                 {"format", formatName(request.format)},
                 {"width", request.width},
                 {"height", request.height},
                 {"theme", state.theme == model::ThemeChoice::Dark ? "dark" : "light"},
                 {"font_scale", state.fontScale},
                 {"font_size_px", figure.theme.fontSize},
                 {"line_width", request.lineWidth},
                 {"line_width_px", figure.theme.lineWidth},
                 {"transparent", request.transparent},
                 {"title", spec.title},
                 {"caption", figure.caption},
                 {"caption_in_image", request.captionInImage},
                 {"dpi", request.dpi},
                 {"convention", figure.view.convention},
                 {"warnings", figure.view.warnings},
                 {"data", data}};
    if (!request.caption.empty()) meta["caption_override"] = request.caption;
    // Deep zoom (model/view_window.h): the window shown, [lo, hi) in data units, so --state reproduces the figure.
    const model::DataWindow& zoom = request.state.windows[request.view];
    if (!zoom.x.whole()) meta["x_range"] = {zoom.x.lo, zoom.x.hi};
    if (!zoom.y.whole()) meta["y_range"] = {zoom.y.lo, zoom.y.hi};
    out["_phaselens"] = meta;
    return out;
}

void applyFigureSettings(const json& sidecar, ExportRequest& request) {
    if (!sidecar.is_object() || !sidecar.contains("_phaselens")) return;
    const json& m = sidecar["_phaselens"];
    if (!m.is_object()) throw ExportError(ErrorKind::BadInput, "_phaselens: expected an object");
    auto integer = [&](const char* key, int& out) {
        if (!m.contains(key)) return;
        if (!m[key].is_number_integer())
            throw ExportError(ErrorKind::BadInput, std::string("_phaselens.") + key + ": expected an integer, got " +
                                                       phaselens::json_text::dumpLenient(m[key]));
        out = m[key].get<int>();
    };
    integer("width", request.width);
    integer("height", request.height);
    if (m.contains("line_width")) {
        if (!m["line_width"].is_number())
            throw ExportError(ErrorKind::BadInput, "_phaselens.line_width: expected a number, got " +
                                                       phaselens::json_text::dumpLenient(m["line_width"]));
        request.lineWidth = m["line_width"].get<float>();
    }
    if (m.contains("transparent")) {
        if (!m["transparent"].is_boolean())
            throw ExportError(ErrorKind::BadInput, "_phaselens.transparent: expected true or false, got " +
                                                       phaselens::json_text::dumpLenient(m["transparent"]));
        request.transparent = m["transparent"].get<bool>();
    }
    if (m.contains("caption_in_image")) {
        if (!m["caption_in_image"].is_boolean())
            throw ExportError(ErrorKind::BadInput, "_phaselens.caption_in_image: expected true or false, got " +
                                                       phaselens::json_text::dumpLenient(m["caption_in_image"]));
        request.captionInImage = m["caption_in_image"].get<bool>();
    }
    if (m.contains("dpi")) {
        if (!m["dpi"].is_number() ||
            !(m["dpi"].get<double>() == 0 || (m["dpi"].get<double>() >= 10 && m["dpi"].get<double>() <= 2400)))
            throw ExportError(ErrorKind::BadInput, "_phaselens.dpi: expected 0 or a number in [10, 2400], got " +
                                                       phaselens::json_text::dumpLenient(m["dpi"]));
        request.dpi = m["dpi"].get<double>();
    }
    for (const char* key : {"x_range", "y_range"}) {
        if (!m.contains(key)) continue;
        const json& v = m[key];
        if (!v.is_array() || v.size() != 2 || !v[0].is_number() || !v[1].is_number() ||
            !std::isfinite(v[0].get<double>()) || !std::isfinite(v[1].get<double>()) ||
            !(v[0].get<double>() < v[1].get<double>()))
            throw ExportError(ErrorKind::BadInput, std::string("_phaselens.") + key +
                                                       ": expected [lo, hi] with finite lo < hi, got " +
                                                       phaselens::json_text::dumpLenient(v));
        model::DataWindow& zoom = request.state.windows[request.state.view];  // the sidecar's view
        (key[0] == 'x' ? zoom.x : zoom.y) = {v[0].get<double>(), v[1].get<double>()};
    }
    if (m.contains("caption_override")) {
        if (!m["caption_override"].is_string())
            throw ExportError(ErrorKind::BadInput, "_phaselens.caption_override: expected a string, got " +
                                                       phaselens::json_text::dumpLenient(m["caption_override"]));
        request.caption = m["caption_override"].get<std::string>();
    }
}

}  // namespace phaselens::exporter
