// PhaseLens export — every plot of every view as PNG, SVG, CSV, NPY and a sidecar JSON.
//
// One ExportRequest says what to export (a View and the AppState that parameterizes it), how the figure
// looks (size, theme, font scale, line width, transparency, title and caption) and where it goes. The
// CLI (`phaselens export`, cli/export_command.h) and the app's export dialog (ui/panels/export_dialog.cpp,
// run between frames by the desktop loop) both call exportView() / ExportJob, so a figure exported from the
// window and one exported headless from the same state are identical.
//
//     exporter::ExportRequest request;
//     request.view = model::View::Scores;
//     request.state = state;                      // parameters; state.theme/fontScale/title style the figure
//     request.path = "scores.png";                // format from the extension (or set request.format)
//     request.width = 3840; request.height = 2160;
//     exporter::ExportResult r = exporter::exportView(request);   // writes scores.png and scores.png.json
//
// Index of this file:
// [SECTION] Formats and errors
// [SECTION] Request and result
// [SECTION] Figure: the plot, its theme and the texts (pure, no GL)
// [SECTION] Data files: CSV, NPY, sidecar JSON (pure, deterministic)
// [SECTION] Images: PNG encoding, SVG, offscreen PNG rendering (GL)
// [SECTION] Running an export: ExportJob (staged, for progress) and exportView
//
// Files. Every file is written through export/safe_write.h: an exclusive, unpredictable temporary name in
// the target directory, fsync, rename; so a failure (unwritable directory, full disk, a bug, a signal) never
// leaves a partial file, and an existing file is only replaced on success. A destination that exists and is
// not a regular file (FIFO, device, directory, symbolic link) is refused. Image and data exports also write
// a sidecar `<path>.json` (request.sidecar, on by default; `--no-sidecar` in the CLI); the file and its
// sidecar are committed as one unit (both renamed only when both are complete; old files never removed).
//
// Formats:
//   png   rendered offscreen into a framebuffer object with the same ImGui draw code as the window
//         (plot::renderPlot), at width x height pixels (16..7680 x 16..4320), independent of any window.
//         The font is rasterized at the figure's font size (figureFontSize), so text is crisp at 4K.
//         transparent = true: background and plot area alpha 0 (colors un-premultiplied before encoding).
//         Encoded with stb_image_write (zlib as its deflate, fixed filter; RGB when opaque) - see encodePng.
//   svg   plot::toSvg: axes, ticks, text and curves as vector elements, the heatmap as an embedded PNG
//         (one pixel per sample, colored on the CPU with the same rule as the GPU), linked with SVG 1.1's
//         xlink:href so older viewers (Inkscape 0.92) read it as well as browsers. Needs no GL.
//   csv   the plotted numbers, see toCsv.   npy   the plotted numbers as float64, see toNpy.
//   json  the sidecar alone (see sidecarJson).
//   pdf   vector PDF through cairo (pdf_writer.h): the same layout as PNG/SVG, real text, the heatmap as an
//         embedded image; the page is 6.4 in wide by default (request.dpi sets pixels per inch).
// A sidecar or any state file is accepted by `--state` (model::loadStateFile ignores the "_phaselens" block);
// `phaselens export --state X.json` also takes the figure settings from that block (applyFigureSettings),
// so re-exporting from a sidecar reproduces exactly the same plot and byte-identical CSV / NPY.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/app_state.h"
#include "model/views.h"
#include "plot/plot_spec.h"
#include "plot/plot_theme.h"

namespace phaselens::render {
class GlContext;
struct RgbaImage;
}  // namespace phaselens::render

namespace phaselens::exporter {

// [SECTION] Formats and errors

enum class Format { Png, Svg, Csv, Npy, Json, Pdf };

/// "png", "svg", "csv", "npy", "json", "pdf".
const char* formatName(Format format);
/// Every format name, in enum order (for help texts and the dialog).
std::vector<std::string> formatNames();
/// Inverse of formatName. Throws ExportError(BadInput) listing the valid names.
Format formatFromName(const std::string& name);
/// Format of a path's extension (case-insensitive: ".PNG" works); nullopt for none or an unknown one.
std::optional<Format> formatFromPath(const std::string& path);

/// BadInput: the request cannot be satisfied as given (unknown view or format, size out of range,
/// a path that cannot be written, a full disk, invalid parameters); the CLI exits 2.
/// Internal: GL or encoder failure, out of memory; the CLI exits 1.
enum class ErrorKind { BadInput, Internal };

/// The one exception type of this module. The message is one line naming the problem and the value
/// or path, e.g. "width must be in [16, 7680], got 9000" or
/// "cannot write '/proc/x.png': cannot create temporary file ...: No such file or directory".
class ExportError : public std::runtime_error {
  public:
    ExportError(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
    ErrorKind kind() const { return kind_; }

  private:
    ErrorKind kind_;
};

// Size limits of image exports, pixels (inclusive).
inline constexpr int kMinSize = 16;
inline constexpr int kMaxWidth = 7680;
inline constexpr int kMaxHeight = 4320;

// [SECTION] Request and result

struct ExportRequest {
    model::View view = model::View::Ladder;  ///< which plot
    model::AppState state;                   ///< every parameter. Styling fields used: theme (light/dark), fontScale
                                             ///< (0.5..3) and title ("" = generated from the parameters)
    Format format = Format::Png;             ///< see formatFromPath; must match the path's extension if it has one
    std::string path;                        ///< output file; its directory must exist
    int width = 1600;                        ///< figure size, px (SVG: user units), kMinSize..kMaxWidth
    int height = 1000;                       ///< kMinSize..kMaxHeight
    float lineWidth = 0.0f;                  ///< series line width, px of the output; 0 = theme default x figure scale
    bool transparent = false;                ///< PNG (and SVG): transparent background and plot area
    std::string caption;                     ///< "" = generated (the view's convention text); else used verbatim
    bool sidecar = true;                     ///< also write `<path>.json` (ignored for Format::Json)
    double dpi = 0;                          ///< pixels per inch of the figure, 0 = width / 6.4 (6.4 in wide, like
                                             ///< matplotlib's default figure); text is 10 pt = 10·dpi/72 px
    bool captionInImage = false;             ///< draw the caption under the plot (it is always in the sidecar)
};

/// Throws ExportError(BadInput) naming the first problem: size outside the limits, empty path, an
/// extension that contradicts `format`, a font scale outside 0.5..3, a negative or > 64 line width.
/// Does not touch the file system.
void validateRequest(const ExportRequest& request);

/// Throws ExportError(BadInput) when `path` cannot be created: its directory does not exist, is not a
/// directory, or is not writable; or `path` names a directory.
void checkWritable(const std::string& path);

struct ExportResult {
    std::vector<std::string> files;     ///< written, main file first
    std::vector<std::string> warnings;  ///< ViewResult::warnings
    double seconds = 0;                 ///< wall time of the whole export
};

// [SECTION] Figure

/// Line height (ascent + descent) of DejaVu Sans per em: ImGui sizes fonts by line height, cairo and
/// matplotlib by em, so a theme fontSize f (ImGui's meaning) is an em of f / kLineHeightPerEm.
inline constexpr double kLineHeightPerEm = 1.164;

/// Font size (px, as ImGui's line height) of a width x height figure, like matplotlib's defaults: 10 pt
/// text (em) at `dpi` pixels per inch, 10·dpi/72 px em, x kLineHeightPerEm, x fontScale. dpi = 0: the
/// figure is 6.4 in wide (dpi = width / 6.4), so text keeps matplotlib's ratio to the figure: 640 x 480
/// -> 13.9 px em, 1600 x 1000 -> 34.7, 3840 x 2160 -> 83.3; then limited to height / 20 (a wide, short
/// banner keeps a plot) and at least 8 px. A given dpi is obeyed.
float figureFontSize(int width, int height, float fontScale, double dpi = 0);

/// lightTheme()/darkTheme() scaled for a figure: fontSize = figureFontSize, every length (padding, ticks,
/// color bar, line and marker sizes, tick spacing) multiplied by fontSize / 13 so a 4K figure looks like
/// an enlarged 720p one. lineWidth > 0 replaces the series line width. transparent: background and plot
/// background get alpha 0.
plot::PlotTheme figureTheme(model::ThemeChoice theme, float fontScale, int width, int height, float lineWidth = 0.0f,
                            bool transparent = false, double dpi = 0);

/// The plot of an export: ViewResult of buildView(request.view, request.state) with the caption override
/// applied and the explicit widths of series and reference lines scaled like the theme. The spec's
/// caption is empty unless request.captionInImage; `caption` always holds the final text (sidecar).
struct Figure {
    model::ViewResult view;  ///< spec (title final; caption only when drawn), convention, warnings
    std::string caption;     ///< the final caption text (generated or request.caption)
    plot::PlotTheme theme;   ///< figureTheme of the request
    float scale = 1.0f;      ///< theme.fontSize / 13
};
/// Throws ExportError(BadInput) with the core's message when the parameters are invalid.
Figure buildFigure(const ExportRequest& request);

// [SECTION] Data files

/// The plotted numbers as CSV (RFC 4180, '\n' line ends, numbers in %.17g so they round-trip; nan, inf,
/// -inf spelled so; deterministic: the same state gives the same bytes). Comment lines start with '#':
/// the view, title, axis labels and, for heatmaps, the value label, color limits and sampling.
///   heatmap views (ladder, scores, alibi, t5): one row per sample row, columns
///       row,y0,y1,<one column per sample column>
///   where [y0, y1) is the data range (axis units, e.g. query positions) the row covers, and each value
///   column is named "x0:x1", the half-open range [x0, x1) it covers (e.g. key positions "0:4").
///   line views (wavelengths, phase-circle, phase-sawtooth, kernel, alibi-slopes): long format
///       series,x,y
///   one line per point, series in drawing order (name as in the legend; unnamed series are
///   "series <k>"); NaN rows are the breaks of a line (e.g. the sawtooth's wraps).
std::string toCsv(const Figure& figure, model::View view);

/// The plotted numbers as NumPy .npy (version 1.0, '<f8', C order; core::toNpy):
///   heatmap views: the rows x cols sample matrix (row 0 = first row of the CSV).
///   line views: a (N, 2·S) matrix for S series: columns x_0, y_0, x_1, y_1, ... in drawing order,
///   N = the longest series; shorter series are padded with NaN. The sidecar names the columns
///   ("_phaselens.data.columns").
std::string toNpyBytes(const Figure& figure);

/// The sidecar: stateToJson(state, with view = request.view) plus a "_phaselens" block:
///   generator (cli::versionString style "phaselens X.Y.Z"), view, format, width, height, theme,
///   font_scale, line_width (the px used), transparent, title, caption (final texts), caption_override
///   (only when request.caption was set), convention, warnings, and data (what CSV/NPY contain: kind
///   "heatmap" with rows, cols, extents, vmin, vmax, colormap, sampling, labels; or kind "series" with
///   the series names and NPY columns). Deterministic (no time stamps).
nlohmann::json sidecarJson(const ExportRequest& request, const Figure& figure);

/// The figure settings of a sidecar's "_phaselens" block applied to `request` (width, height,
/// line_width, transparent, caption_override; x_range / y_range: the deep-zoom window [lo, hi) of the sidecar's
/// view, model/view_window.h); keys that are absent leave the request unchanged. Used
/// by `--state` so a re-export reproduces the figure. Throws ExportError(BadInput) naming a bad key.
void applyFigureSettings(const nlohmann::json& sidecar, ExportRequest& request);

// [SECTION] Images

/// PNG file bytes of an RGBA8 image (rows top first, stride = width * 4) through stb_image_write,
/// with zlib (level 3) as its deflate and the Sub filter on every row: ~0.3 s for 3840 x 2160 instead
/// of several seconds with stb's built-in deflate. opaque = true writes RGB (alpha dropped).
/// Throws ExportError(Internal) if encoding fails.
std::vector<std::uint8_t> encodePng(const std::uint8_t* rgba, int width, int height, bool opaque);

/// The heatmap colored on the CPU (render::colorForValue, the GPU's rule), one pixel per sample, row 0
/// on top, masked samples in `masked`; PNG bytes for plot::SvgOptions::heatmapPng.
std::vector<std::uint8_t> heatmapPng(const plot::HeatmapSpec& heatmap, plot::Rgba masked);

/// The SVG document of the figure at width x height (plot::toSvg with the embedded heatmap PNG).
std::string toSvgDocument(const Figure& figure, int width, int height);

/// Renders figures offscreen with OpenGL and Dear ImGui (the window's draw code, plot::renderPlot).
///
/// GL: with `borrowed` == nullptr the renderer creates its own headless EGL context (Mesa surfaceless,
/// no display needed); otherwise it uses `borrowed`, which must be current (the app's window context).
/// ImGui: every render() creates a private ImGui context with its own font atlas (DejaVu Sans at the
/// theme's font size, glyphs for exactly the texts of the plot) and its own OpenGL3 renderer objects,
/// makes it current, draws one frame into a framebuffer object (render::captureImGuiFrame), then destroys
/// it and makes the previous ImGui context current again - the window's context, fonts and GL objects
/// are never touched. Call between frames of the window, never inside NewFrame/Render.
class PngRenderer {
  public:
    explicit PngRenderer(render::GlContext* borrowed = nullptr);
    ~PngRenderer();
    PngRenderer(const PngRenderer&) = delete;
    PngRenderer& operator=(const PngRenderer&) = delete;

    /// The figure as width x height RGBA pixels (top row first; straight alpha). Throws
    /// ExportError(Internal) for GL failures.
    render::RgbaImage render(const Figure& figure, int width, int height, bool transparent);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// [SECTION] Running an export

/// An export in stages, so a window can draw a progress bar between them:
///   1 "computing <view>"          buildFigure (all formats)
///   2 "rendering W×H" / "writing SVG" / ...   the bytes of the main file (PNG: GL render + encode)
///   3 "saving <file>"             atomic write of the main file
///   4 "saving <file>.json"        the sidecar (when requested)
/// step() runs one stage; exceptions (ExportError) propagate from step() and leave no file behind.
class ExportJob {
  public:
    /// Validates the request (validateRequest, checkWritable); throws ExportError(BadInput).
    /// `gl`: a current GL context to borrow for PNG (the window's); nullptr = create EGL when needed.
    explicit ExportJob(ExportRequest request, render::GlContext* gl = nullptr);
    ~ExportJob();
    ExportJob(const ExportJob&) = delete;
    ExportJob& operator=(const ExportJob&) = delete;

    /// Runs the next stage. Returns true when the export is complete.
    bool step();
    bool done() const;
    float progress() const;              ///< 0..1, stages done / stages
    const std::string& stage() const;    ///< what the next step() will do, e.g. "rendering 3840×2160"
    const ExportResult& result() const;  ///< complete after done()
    const ExportRequest& request() const;

  private:
    struct State;
    std::unique_ptr<State> s_;
};

/// Runs a whole ExportJob. Throws ExportError.
ExportResult exportView(const ExportRequest& request, render::GlContext* gl = nullptr);

}  // namespace phaselens::exporter
