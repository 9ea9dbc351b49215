// PhaseLens export — requests, figures, the staged job. Data files: export_data.cpp; PNG/SVG bytes:
// export_image.cpp; the GL renderer: png_renderer.cpp.
#include "export/export.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <new>

#include "export/pdf_writer.h"
#include "export/safe_write.h"
#include "export/unicode_math.h"
#include "json_text.h"
#include "model/state_io.h"
#include "model/view_window.h"
#include "phaselens/progress.h"
#include "plot/plot_layout.h"
#include "render/image_io.h"

namespace phaselens::exporter {

namespace fs = std::filesystem;

namespace {

constexpr float kBaseFontSize = 13.0f;  // lightTheme()/darkTheme() font size, the reference for scaling

[[noreturn]] void badInput(const std::string& message) {
    throw ExportError(ErrorKind::BadInput, message);
}

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string sizeText(int w, int h) {
    return std::to_string(w) + "×" + std::to_string(h);
}

}  // namespace

// [SECTION] Formats ---------------------------------------------------------------------------------------

const char* formatName(Format format) {
    switch (format) {
        case Format::Png:
            return "png";
        case Format::Svg:
            return "svg";
        case Format::Csv:
            return "csv";
        case Format::Npy:
            return "npy";
        case Format::Json:
            return "json";
        case Format::Pdf:
            return "pdf";
    }
    return "?";
}

std::vector<std::string> formatNames() {
    return {"png", "svg", "csv", "npy", "json", "pdf"};
}

Format formatFromName(const std::string& name) {
    for (Format f : {Format::Png, Format::Svg, Format::Csv, Format::Npy, Format::Json, Format::Pdf})
        if (name == formatName(f)) return f;
    badInput("unknown format '" + name + "'; valid formats: png, svg, csv, npy, json, pdf");
}

std::optional<Format> formatFromPath(const std::string& path) {
    const std::string ext = lower(fs::path(path).extension().string());
    for (Format f : {Format::Png, Format::Svg, Format::Csv, Format::Npy, Format::Json, Format::Pdf})
        if (ext == std::string(".") + formatName(f)) return f;
    return std::nullopt;
}

// [SECTION] Validation ------------------------------------------------------------------------------------

void validateRequest(const ExportRequest& r) {
    if (r.width < kMinSize || r.width > kMaxWidth)
        badInput("width must be in [" + std::to_string(kMinSize) + ", " + std::to_string(kMaxWidth) + "], got " +
                 std::to_string(r.width));
    if (r.height < kMinSize || r.height > kMaxHeight)
        badInput("height must be in [" + std::to_string(kMinSize) + ", " + std::to_string(kMaxHeight) + "], got " +
                 std::to_string(r.height));
    if (!(r.state.fontScale >= 0.5f && r.state.fontScale <= 3.0f))
        badInput("font scale must be in [0.5, 3], got " + std::to_string(r.state.fontScale));
    if (!(r.dpi == 0 || (r.dpi >= 10 && r.dpi <= 2400)))
        badInput("dpi must be 0 (6.4 in wide) or in [10, 2400], got " + std::to_string(r.dpi));
    if (!(r.lineWidth >= 0.0f && r.lineWidth <= 64.0f))
        badInput("line width must be in [0, 64] px (0 = theme default), got " + std::to_string(r.lineWidth));
    if (r.path.empty()) badInput("output path is empty");
    const std::string ext = fs::path(r.path).extension().string();
    if (const auto f = formatFromPath(r.path); !ext.empty() && f && *f != r.format)
        badInput("'" + r.path + "' has extension " + ext + " but the format is " + formatName(r.format));
}

void checkWritable(const std::string& path) {
    try {
        safe_write::checkDestination(path);  // also refuses FIFOs, devices, sockets and symbolic links
    } catch (const std::runtime_error& e) {
        badInput(e.what());
    }
}

// [SECTION] Figure ---------------------------------------------------------------------------------------

float figureFontSize(int width, int height, float fontScale, double dpi) {
    constexpr double kPoints = 10.0, kInches = 6.4;
    if (dpi > 0) return static_cast<float>(kPoints * dpi / 72.0 * kLineHeightPerEm) * fontScale;
    const double byWidth = kPoints * (static_cast<double>(width) / kInches) / 72.0 * kLineHeightPerEm;
    const double size = std::max(8.0, std::min(byWidth, static_cast<double>(height) / 20.0));
    return static_cast<float>(size) * fontScale;
}

plot::PlotTheme figureTheme(model::ThemeChoice choice, float fontScale, int width, int height, float lineWidth,
                            bool transparent, double dpi) {
    plot::PlotTheme t = choice == model::ThemeChoice::Dark ? plot::darkTheme() : plot::lightTheme();
    const float s = figureFontSize(width, height, 1.0f, dpi) / kBaseFontSize;  // geometry follows the text
    t.fontSize = figureFontSize(width, height, fontScale, dpi);
    t.charAdvance = 0.55f;  // px per px of line height: 0.64 em, DejaVu Sans digits (0.636 em) and wider
    for (float* v :
         {&t.padding, &t.labelGap, &t.tickLength, &t.minorTickLength, &t.xTickSpacing, &t.yTickSpacing, &t.colorbarGap,
          &t.colorbarWidth, &t.lineWidth, &t.markerRadius, &t.axisWidth, &t.gridWidth, &t.legendSwatch})
        *v *= s;
    if (lineWidth > 0) t.lineWidth = lineWidth;
    if (transparent) {
        t.background = plot::withAlpha(t.background, 0);
        t.plotBackground = plot::withAlpha(t.plotBackground, 0);
    }
    return t;
}

// Deep zoom (--x-range / --y-range, model/view_window.h): the range must lie on the view's axis (its home extent,
// which the builders keep); then the figure's axes show exactly the window. A heatmap cell or a position p occupies
// [p, p + 1), so a heatmap axis [0, n] takes A..B with B <= n − 1; a curve's x axis [0, C] takes B <= C.
namespace {
void showZoomWindow(plot::PlotSpec& spec, const model::DataWindow& zoom) {
    if (zoom.whole()) return;
    const plot::ViewWindow home = plot::homeWindow(spec);
    auto check = [&](const char* flag, const model::AxisRange& r, double lo, double hi, bool cells) {
        if (r.whole()) return;
        const double last = cells ? std::ceil(hi) - 1.0 : std::floor(hi);
        if (r.lo < std::ceil(lo) || r.hi - 1.0 > last)
            badInput(std::string(flag) + ": " + std::to_string(static_cast<long long>(r.lo)) + ":" +
                     std::to_string(static_cast<long long>(r.hi - 1.0)) + " is outside the view's axis " +
                     std::to_string(static_cast<long long>(std::ceil(lo))) + ":" +
                     std::to_string(static_cast<long long>(last)));
    };
    if (!spec.heatmap && !zoom.y.whole())
        badInput("--y-range: " + std::to_string(static_cast<long long>(zoom.y.lo)) + ":" +
                 std::to_string(static_cast<long long>(zoom.y.hi - 1.0)) +
                 ": this view's y axis shows values, not positions (only --x-range re-samples it)");
    check("--x-range", zoom.x, home.xMin, home.xMax, spec.heatmap.has_value());
    check("--y-range", zoom.y, home.yMin, home.yMax, true);
    model::showWindow(spec, zoom);
}
}  // namespace

Figure buildFigure(const ExportRequest& request) {
    Figure f;
    try {
        f.view = model::buildView(request.view, request.state);
    } catch (const std::invalid_argument& e) {
        badInput(std::string(model::viewName(request.view)) + ": " + e.what());
    }
    showZoomWindow(f.view.spec, request.state.windows[request.view]);
    f.theme = figureTheme(request.state.theme, request.state.fontScale, request.width, request.height,
                          request.lineWidth, request.transparent, request.dpi);
    f.scale = figureFontSize(request.width, request.height, 1.0f, request.dpi) / kBaseFontSize;
    plot::PlotSpec& spec = f.view.spec;
    if (!request.caption.empty())
        spec.caption = request.caption;
    else
        spec.caption = unicodeMath(spec.caption);  // generated texts: θᵢ, not theta_i
    if (request.state.title.empty()) spec.title = unicodeMath(spec.title);
    f.caption = spec.caption;
    if (!request.captionInImage) spec.caption.clear();  // papers set captions themselves; the sidecar keeps it
    for (plot::LineSeries& s : spec.series)
        s.width *= f.scale;  // explicit widths (e.g. the phase circle's guide) follow the figure size
    for (plot::RefLine& r : spec.refLines) r.width *= f.scale;
    return f;
}

// [SECTION] ExportJob -------------------------------------------------------------------------------------

struct ExportJob::State {
    ExportRequest request;
    render::GlContext* gl = nullptr;
    std::vector<std::pair<std::string, std::function<void()>>> stages;
    std::size_t next = 0;
    Figure figure;
    render::RgbaImage image;
    std::string bytes;  // the main file
    std::vector<std::string> written;
    ExportResult result;
    std::chrono::steady_clock::time_point start;
    std::string doneText = "done";
    std::unique_ptr<safe_write::WriteSet> unit;  // the file and its sidecar, committed together
};

ExportJob::ExportJob(ExportRequest request, render::GlContext* gl) : s_(std::make_unique<State>()) {
    validateRequest(request);
    checkWritable(request.path);
    s_->request = std::move(request);
    s_->gl = gl;
    s_->start = std::chrono::steady_clock::now();
    State& s = *s_;
    const ExportRequest& r = s.request;
    const std::string sidecarPath = r.path + ".json";
    const bool sidecar = r.sidecar && r.format != Format::Json;
    if (sidecar) checkWritable(sidecarPath);

    s.stages.emplace_back(std::string("computing ") + model::viewName(r.view),
                          [&s] { s.figure = buildFigure(s.request); });
    switch (r.format) {
        case Format::Png:
            s.stages.emplace_back("rendering " + sizeText(r.width, r.height), [&s] {
                PngRenderer renderer(s.gl);
                s.image = renderer.render(s.figure, s.request.width, s.request.height, s.request.transparent);
            });
            s.stages.emplace_back("encoding PNG", [&s] {
                const std::vector<std::uint8_t> png =
                    encodePng(s.image.pixels.data(), s.image.width, s.image.height, !s.request.transparent);
                s.bytes.assign(png.begin(), png.end());
                s.image = {};
            });
            break;
        case Format::Svg:
            s.stages.emplace_back("writing SVG",
                                  [&s] { s.bytes = toSvgDocument(s.figure, s.request.width, s.request.height); });
            break;
        case Format::Csv:
            s.stages.emplace_back("writing CSV", [&s] { s.bytes = toCsv(s.figure, s.request.view); });
            break;
        case Format::Npy:
            s.stages.emplace_back("writing NPY", [&s] { s.bytes = toNpyBytes(s.figure); });
            break;
        case Format::Pdf:
            s.stages.emplace_back("writing PDF", [&s] {
                s.bytes = toPdfDocument(s.figure, s.request.width, s.request.height, s.request.dpi);
            });
            break;
        case Format::Json:
            s.stages.emplace_back("writing JSON", [&s] {
                s.bytes = phaselens::json_text::dump(sidecarJson(s.request, s.figure), 2) + "\n";
            });
            break;
    }
    // The file and its sidecar are one unit (safe_write::WriteSet): both are written under temporary names and
    // renamed only when both are complete, so a failure or a kill never pairs a new file with an old sidecar and
    // never removes the old files.
    const auto guarded = [](const std::function<void()>& f) {
        try {
            f();
        } catch (const std::runtime_error& e) {  // unwritable, full disk, not a regular file: bad input
            if (dynamic_cast<const ExportError*>(&e)) throw;
            badInput(e.what());
        }
    };
    s.stages.emplace_back("saving " + r.path, [&s, sidecar, guarded] {
        guarded([&] {
            s.unit = std::make_unique<safe_write::WriteSet>();
            s.unit->addBytes(s.request.path, s.bytes);
            s.bytes.clear();
            if (!sidecar) {
                core::checkCancelled(core::currentProgress());  // an interrupted export never commits
                s.unit->commit();
                s.written.push_back(s.request.path);
            }
        });
    });
    if (sidecar)
        s.stages.emplace_back("saving " + sidecarPath, [&s, sidecarPath, guarded] {
            guarded([&] {
                s.unit->addBytes(sidecarPath, phaselens::json_text::dump(sidecarJson(s.request, s.figure), 2) + "\n");
                core::checkCancelled(core::currentProgress());  // an interrupted export never commits
                s.unit->commit();
                s.written = {s.request.path, sidecarPath};
            });
        });
}

ExportJob::~ExportJob() = default;

bool ExportJob::step() {
    State& s = *s_;
    if (done()) return true;
    const std::string what = s.stages[s.next].first;
    const auto fail = [&s] {
        s.next = s.stages.size();  // a failed job stays failed
        s.doneText = "failed";
        s.unit.reset();  // its temporary files go now; the old files were never touched
    };
    try {
        s.stages[s.next].second();
    } catch (const ExportError&) {
        fail();
        throw;
    } catch (const core::Cancelled&) {  // interrupted (core/progress.h): the boundary stops cleanly
        fail();
        throw;
    } catch (const std::bad_alloc&) {
        fail();
        throw ExportError(ErrorKind::Internal, "out of memory while " + what);
    } catch (const std::exception& e) {
        fail();
        throw ExportError(ErrorKind::Internal, what + ": " + e.what());
    }
    ++s.next;
    if (done()) {
        s.result.files = s.written;
        s.result.warnings = s.figure.view.warnings;
        s.result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - s.start).count();
    }
    return done();
}

bool ExportJob::done() const {
    return s_->next >= s_->stages.size();
}

float ExportJob::progress() const {
    return static_cast<float>(s_->next) / static_cast<float>(s_->stages.size());
}

const std::string& ExportJob::stage() const {
    return done() ? s_->doneText : s_->stages[s_->next].first;
}

const ExportResult& ExportJob::result() const {
    return s_->result;
}

const ExportRequest& ExportJob::request() const {
    return s_->request;
}

ExportResult exportView(const ExportRequest& request, render::GlContext* gl) {
    ExportJob job(request, gl);
    while (!job.step()) {
    }
    return job.result();
}

}  // namespace phaselens::exporter
