// PhaseLens export — an A/B comparison in one file (compare_export.h).
#include "export/compare_export.h"

#include <chrono>
#include <cstring>
#include <limits>
#include <tuple>

#include "export/pdf_writer.h"
#include "export/safe_write.h"
#include "json_text.h"
#include "model/state_io.h"
#include "phaselens/learned.h"
#include "plot/svg_writer.h"
#include "render/image_io.h"

namespace phaselens::exporter {

namespace {

// Rows, columns and the first data byte of a 2-D '<f8' NPY written by core::toNpy.
struct Npy2 {
    size_t rows = 0, cols = 0, data = 0;
};

Npy2 readNpy2(const std::string& bytes) {
    if (bytes.size() < 10) throw ExportError(ErrorKind::Internal, "NPY: too short");
    const size_t headerLen = static_cast<unsigned char>(bytes[8]) | (static_cast<unsigned char>(bytes[9]) << 8);
    const std::string header = bytes.substr(10, headerLen);
    const size_t open = header.find("'shape': (");
    if (open == std::string::npos) throw ExportError(ErrorKind::Internal, "NPY: no shape");
    Npy2 n;
    n.rows = std::stoull(header.substr(open + 10));
    n.cols = std::stoull(header.substr(header.find(',', open + 10) + 1));
    n.data = 10 + headerLen;
    if (bytes.size() < n.data + 8 * n.rows * n.cols) throw ExportError(ErrorKind::Internal, "NPY: truncated");
    return n;
}

// The two plots in one SVG: nested <svg> documents side by side, ids made unique by toSvg's prefix.
std::string svgPanels(const Figure& a, const Figure& b, int wA, int wB, int height) {
    auto one = [&](const Figure& f, int w, const char* prefix) {
        plot::SvgOptions options;
        options.idPrefix = prefix;
        if (f.view.spec.heatmap) options.heatmapPng = heatmapPng(*f.view.spec.heatmap, f.theme.masked);
        std::string svg = plot::toSvg(f.view.spec, f.theme, w, height, options);
        if (const size_t decl = svg.find("<?xml"); decl != std::string::npos)
            svg.erase(decl, svg.find("?>", decl) + 2 - decl);
        const std::string plain = " href=\"data:image/png;base64,";  // SVG 1.1 viewers read xlink:href
        for (size_t at = svg.find(plain); at != std::string::npos; at = svg.find(plain, at + plain.size() + 6))
            svg.replace(at, plain.size(), " xlink:href=\"data:image/png;base64,");
        return svg;
    };
    std::string left = one(a, wA, "a"), right = one(b, wB, "b");
    const std::string root = "<svg ";
    if (const size_t at = right.find(root); at != std::string::npos)
        right.insert(at + root.size(), "x=\"" + std::to_string(wA) + "\" ");
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
           "xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"" +
           std::to_string(wA + wB) + "\" height=\"" + std::to_string(height) + "\" viewBox=\"0 0 " +
           std::to_string(wA + wB) + " " + std::to_string(height) + "\">\n" + left + "\n" + right + "\n</svg>\n";
}

std::string pngPanels(const Figure& a, const Figure& b, int wA, int wB, int height, bool transparent,
                      render::GlContext* gl) {
    PngRenderer renderer(gl);
    const render::RgbaImage left = renderer.render(a, wA, height, transparent);
    const render::RgbaImage right = renderer.render(b, wB, height, transparent);
    const int width = wA + wB;
    std::vector<std::uint8_t> rgba(static_cast<size_t>(width) * static_cast<size_t>(height) * 4);
    for (int y = 0; y < height; ++y) {
        std::memcpy(&rgba[static_cast<size_t>(y) * static_cast<size_t>(width) * 4], left.at(0, y),
                    static_cast<size_t>(wA) * 4);
        std::memcpy(&rgba[(static_cast<size_t>(y) * static_cast<size_t>(width) + static_cast<size_t>(wA)) * 4],
                    right.at(0, y), static_cast<size_t>(wB) * 4);
    }
    const std::vector<std::uint8_t> png = encodePng(rgba.data(), width, height, !transparent);
    return std::string(png.begin(), png.end());
}

const char* dataSentence(Format format) {
    switch (format) {
        case Format::Csv:
            return "panel A's CSV, then a '# panel B' line and panel B's CSV";
        case Format::Npy:
            return "float64 (2, R, C): [0] panel A, [1] panel B, NaN-padded to the larger shape";
        case Format::Png:
        case Format::Svg:
        case Format::Pdf:
            return "one figure: panel A left, panel B right, shared x/y ranges and color scale";
        case Format::Json:
            break;
    }
    return "the sidecar alone";
}

}  // namespace

std::string stackNpy(const std::string& a, const std::string& b) {
    const Npy2 na = readNpy2(a), nb = readNpy2(b);
    const size_t rows = std::max(na.rows, nb.rows), cols = std::max(na.cols, nb.cols);
    Eigen::MatrixXd m = Eigen::MatrixXd::Constant(static_cast<Eigen::Index>(2 * rows), static_cast<Eigen::Index>(cols),
                                                  std::numeric_limits<double>::quiet_NaN());
    for (const auto& [bytes, n, panel] : {std::tuple{&a, na, size_t{0}}, std::tuple{&b, nb, size_t{1}}})
        for (size_t r = 0; r < n.rows; ++r)
            for (size_t c = 0; c < n.cols; ++c) {
                double v;
                std::memcpy(&v, bytes->data() + n.data + 8 * (r * n.cols + c), 8);
                m(static_cast<Eigen::Index>(panel * rows + r), static_cast<Eigen::Index>(c)) = v;
            }
    // A (2R, C) C-order array is byte for byte the (2, R, C) one: only the header's shape differs.
    std::string out = core::toNpy(m);
    const std::string from = "'shape': (" + std::to_string(2 * rows) + ", " + std::to_string(cols) + ")";
    const std::string to = "'shape': (2, " + std::to_string(rows) + ", " + std::to_string(cols) + ")";
    const size_t headerLen = static_cast<unsigned char>(out[8]) | (static_cast<unsigned char>(out[9]) << 8);
    std::string header = out.substr(10, headerLen);
    header.replace(header.find(from), from.size(), to);
    // Keep the header padded to a multiple of 64 bytes (ends in '\n').
    std::string dict = header.substr(0, header.find('}') + 1);
    const size_t total = 10 + dict.size() + 1;
    dict.append((64 - total % 64) % 64, ' ');
    dict.push_back('\n');
    std::string result = out.substr(0, 8);
    result.push_back(static_cast<char>(dict.size() & 0xff));
    result.push_back(static_cast<char>((dict.size() >> 8) & 0xff));
    result += dict;
    result += out.substr(10 + headerLen);
    return result;
}

ExportResult exportComparison(const ExportRequest& request, const model::CompareStates& states, render::GlContext* gl) {
    const auto t0 = std::chrono::steady_clock::now();
    validateRequest(request);
    checkWritable(request.path);
    if (request.sidecar && request.format != Format::Json) checkWritable(request.path + ".json");
    const int wA = request.width / 2, wB = request.width - wA;
    ExportRequest ra = request, rb = request;
    ra.width = wA;
    rb.width = wB;
    rb.state = states.b;
    rb.state.view = request.view;
    rb.state.title.clear();  // a custom title is A's
    if (request.width / 2 < kMinSize) throw ExportError(ErrorKind::BadInput, "width must be >= 32 for two panels");
    Figure fa, fb;
    try {
        fa = buildFigure(ra);
    } catch (const ExportError& e) {
        throw ExportError(e.kind(), std::string("A: ") + e.what());
    }
    try {
        fb = buildFigure(rb);
    } catch (const ExportError& e) {
        throw ExportError(e.kind(), std::string("B: ") + e.what());
    }
    model::shareAxes(fa.view.spec, fb.view.spec, states.labelA, states.labelB);
    std::string bytes;
    switch (request.format) {
        case Format::Png:
            bytes = pngPanels(fa, fb, wA, wB, request.height, request.transparent, gl);
            break;
        case Format::Svg:
            bytes = svgPanels(fa, fb, wA, wB, request.height);
            break;
        case Format::Pdf:
            bytes = toPdfPanels({&fa, &fb}, {wA, wB}, request.height, request.dpi);
            break;
        case Format::Csv:
            bytes = "# panel A: " + states.labelA + "\n" + toCsv(fa, request.view) + "# panel B: " + states.labelB +
                    "\n" + toCsv(fb, request.view);
            break;
        case Format::Npy:
            bytes = stackNpy(toNpyBytes(fa), toNpyBytes(fb));
            break;
        case Format::Json:
            break;
    }
    ExportRequest sidecarRequest = request;
    nlohmann::json sidecar = sidecarJson(sidecarRequest, fa);
    nlohmann::json compare;
    compare["label_a"] = states.labelA;
    compare["label_b"] = states.labelB;
    compare["state_b"] = model::stateToJson(rb.state);
    compare["data"] = dataSentence(request.format);
    compare["notes"] = states.notes;
    sidecar["_phaselens"]["compare"] = compare;
    const std::string sidecarText = phaselens::json_text::dump(sidecar, 2) + "\n";
    ExportResult result;
    safe_write::WriteSet unit;
    if (request.format == Format::Json) {
        unit.addBytes(request.path, sidecarText);
        result.files.push_back(request.path);
    } else {
        unit.addBytes(request.path, bytes);
        result.files.push_back(request.path);
        if (request.sidecar) {
            unit.addBytes(request.path + ".json", sidecarText);
            result.files.push_back(request.path + ".json");
        }
    }
    unit.commit();
    for (const std::string& w : fa.view.warnings) result.warnings.push_back("A: " + w);
    for (const std::string& w : fb.view.warnings) result.warnings.push_back("B: " + w);
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return result;
}

}  // namespace phaselens::exporter
