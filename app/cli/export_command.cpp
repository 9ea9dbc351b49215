#include "cli/export_command.h"

#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iomanip>
#include <new>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/arg_parser.h"
#include "cli/compute_config.h"
#include "cli/export_layers.h"
#include "cli/interrupt.h"
#include "cli/parameter_flags.h"
#include "export/compare_export.h"
#include "export/export.h"
#include "export/safe_write.h"
#include "json_text.h"
#include "model/animation.h"
#include "model/model_state.h"
#include "model/state_io.h"
#include "model/view_registry.h"
#include "model/view_window.h"
#include "phaselens/file_read.h"
#include "phaselens/rope_scaling.h"
#include "render/image_io.h"

namespace phaselens::cli {

namespace {

using nlohmann::json;
namespace ex = exporter;

// [SECTION] Flags

// How a parameter flag changes the state: its value under `key`, or a fixed/derived value.
enum class Apply {
    Value,          // the flag's value (integer, number, name, list) as the JSON value of `key`
    SetTrue,        // switch: key = true
    SetFalse,       // switch: key = false
    Boolean,        // choice true|false
    OneBased,       // integer k: key = k - 1
    SlopeOverride,  // number m: alibi_slope_override = true, alibi_slope_value = m
    Colormap,       // name: the colormap key of the exported view
    Window,         // A:B: the exported view's deep-zoom window (model/view_window.h), read by buildRequest
};

struct ParamFlag {
    FlagSpec spec;
    std::string key;  // AppState JSON key (state_io.h)
    Apply apply = Apply::Value;
};

// How each parameter flag of the table (model/parameters.h) applies, where it is not "its value under its key".
ParamFlag paramFlagOf(const model::Parameter& p) {
    ParamFlag f{parameterFlag(p.flag, model::kExport), std::string(p.stateKey)};
    if (p.kind == model::ParamKind::Switch) f.apply = Apply::SetTrue;
    if (p.flag == "--unidirectional") f = {f.spec, "t5_bidirectional", Apply::SetFalse};
    if (p.flag == "--alibi-causal" || p.flag == "--attention-sinks") f.apply = Apply::Boolean;
    if (p.flag == "--alibi-head") f.apply = Apply::OneBased;
    if (p.flag == "--alibi-slope") f.apply = Apply::SlopeOverride;
    if (p.flag == "--colormap") f.apply = Apply::Colormap;
    if (p.flag == "--rope-type") f.spec.choices = core::ropeTypeNames();
    if (p.flag == "--x-range" || p.flag == "--y-range") f.apply = Apply::Window;
    return f;
}

// --layer and the --compare-* flags: read by applyLayerFlags and compareFlags (export_layers.cpp), not a state key.
bool isLayerFlag(std::string_view flag) {
    return flag == "--layer" || flag == "--compare-preset" || flag == "--compare-config" || flag == "--compare-layer";
}

// Every parameter flag of `export`: the table's entries for export, except --state and --view (read by buildRequest).
const std::vector<ParamFlag>& paramFlags() {
    static const std::vector<ParamFlag> flags = [] {
        std::vector<ParamFlag> out;
        for (const model::Parameter& p : model::parameters())
            if ((p.uses & model::kExport) != 0 && p.flag != "--state" && p.flag != "--view" && !isLayerFlag(p.flag))
                out.push_back(paramFlagOf(p));
        return out;
    }();
    return flags;
}

std::vector<FlagSpec> exportFlags() {
    std::vector<FlagSpec> specs = {
        parameterFlag("--view", model::kExport),
        textFlag("--out", "FILE", "output file .png, .svg, .pdf, .csv, .npy or .json (written atomically)"),
        choiceFlag("--format", "F", "output format (default: from the extension of --out)",
                   {"png", "svg", "csv", "npy", "json", "pdf"}),
        integerFlag("--width", "W", "figure width in px (default 1600, or the --state sidecar's)", ex::kMinSize,
                    ex::kMaxWidth),
        integerFlag("--height", "H", "figure height in px (default 1000, or the --state sidecar's)", ex::kMinSize,
                    ex::kMaxHeight),
        numberFlag("--line-width", "PX", "series line width in output px (default: scales with the figure)", 0.25,
                   64.0),
        switchFlag("--transparent", "PNG/SVG: transparent background"),
        textFlag("--caption", "TEXT",
                 "draw a caption under the plot: TEXT, or 'auto' for the generated one (the conventions used); "
                 "without it the image has no caption (the sidecar always has it)"),
        numberFlag("--dpi", "DPI",
                   "pixels per inch: text is 10 pt = DPI·10/72 px (default: the figure is 6.4 in wide, like "
                   "matplotlib)",
                   10.0, 2400.0),
        switchFlag("--no-sidecar", "do not write FILE.json next to an image or data file"),
        parameterFlag("--state", model::kExport),
        switchFlag("--list-views", "print the view names and exit"),
        textFlag("--animate", "PARAM:FROM:TO:FRAMES",
                 "sweep position|context|base|factor over FRAMES frames: --out FILE.gif (animated GIF), FILE.mp4 "
                 "(H.264 video, even sizes) or FILE.png (FILE_0001.png, ...); see model/animation.h"),
        numberFlag("--fps", "N", "frames per second of an --animate GIF or MP4 (default 10)", 1.0, 100.0),
        integerFlag("--gif-tolerance", "T",
                    "--animate GIF: a pixel may show a color up to T levels (of 255) per channel off the lossless "
                    "frame, only where the frame's local contrast is at least T; smaller files (default 8; 0 = "
                    "lossless)",
                    0, 64),
        switchFlag("--progress", "print each stage / frame to stderr (default: only when stderr is a terminal)"),
    };
    for (const ParamFlag& p : paramFlags()) specs.push_back(p.spec);
    for (const char* f : {"--layer", "--compare-preset", "--compare-config", "--compare-layer"})
        specs.push_back(parameterFlag(f, model::kExport));  // export_layers.h
    appendConfigFlags(specs);  // --config FILE, --preset NAME, --transformers-rule (compute_config.h)
    return specs;
}

// [SECTION] Mapping

const char* colormapKey(model::View view) {
    return model::viewInfo(view).def.colormapKey;  // the view registry says which colormap a view draws with
}

// The typed parameter flags as a JSON patch of the state (keys of state_io.h).
json parameterPatch(const ParsedArgs& args, model::View view) {
    if (args.has("--bidirectional") && args.has("--unidirectional"))
        throw CliError("--bidirectional and --unidirectional: give at most one");
    json patch = json::object();
    for (const ParamFlag& p : paramFlags()) {
        const std::string& flag = p.spec.name;
        if (!args.has(flag)) continue;
        switch (p.apply) {
            case Apply::SetTrue:
                patch[p.key] = true;
                break;
            case Apply::SetFalse:
                patch[p.key] = false;
                break;
            case Apply::Boolean:
                patch[p.key] = args.choice(flag) == "true";
                break;
            case Apply::OneBased:
                patch[p.key] = args.integer(flag) - 1;
                break;
            case Apply::SlopeOverride:
                patch["alibi_slope_override"] = true;
                patch[p.key] = args.number(flag);
                break;
            case Apply::Colormap:
                if (const char* key = colormapKey(view)) patch[key] = args.choice(flag);
                break;
            case Apply::Window:
                break;
            case Apply::Value:
                switch (p.spec.kind) {
                    case ValueKind::Integer:
                        patch[p.key] = args.integer(flag);
                        break;
                    case ValueKind::Number:
                        patch[p.key] = args.number(flag);
                        break;
                    case ValueKind::IntegerList:
                        patch[p.key] = args.integerList(flag);
                        break;
                    case ValueKind::NumberList:
                        patch[p.key] = args.numberList(flag);
                        break;
                    default:
                        patch[p.key] = args.choice(flag);
                        break;
                }
                break;
        }
    }
    return patch;
}

// "rope_head_dim: expected ..." → "--head-dim: expected ..." when a flag sets that key.
std::string flagForStateMessage(const std::string& message) {
    for (const ParamFlag& p : paramFlags())
        if (!p.key.empty() && message.rfind(p.key + ":", 0) == 0) return p.spec.name + message.substr(p.key.size());
    return message;
}

json readJsonFile(const std::string& path) {
    std::string text;
    try {
        text = core::readRegularFile(path, core::kMaxJsonFileBytes);
    } catch (const std::invalid_argument& e) {
        throw CliError("--state: cannot read '" + path + "': " + e.what());
    }
    try {
        return model::parseJsonInput(path, text);  // every JSON error, 1e400 included, names the file and the key
    } catch (const std::invalid_argument& e) {
        throw CliError(std::string("--state: ") + e.what());
    }
}

ex::ExportRequest buildRequest(const ParsedArgs& args, std::vector<std::string>& notes) {
    ex::ExportRequest r;
    json stateJson;
    const bool fromState = args.has("--state");
    if (fromState) {
        stateJson = readJsonFile(args.choice("--state"));
        try {
            r.state = model::stateFromJson(stateJson);
        } catch (const std::invalid_argument& e) {
            throw CliError("--state: '" + args.choice("--state") + "': " + e.what());
        }
        try {
            ex::applyFigureSettings(stateJson, r);
        } catch (const ex::ExportError& e) {
            throw CliError("--state: '" + args.choice("--state") + "': " + e.what());
        }
    } else {
        r.state.theme = model::ThemeChoice::Light;  // figures default to the light slide theme
    }
    if (args.has("--view")) {
        try {
            r.view = model::viewFromName(args.choice("--view"));
        } catch (const std::invalid_argument& e) {
            throw CliError(std::string("--view: ") + e.what());
        }
    } else if (fromState) {
        r.view = r.state.view;
    } else {
        throw CliError("--view: required (or --state FILE.json); see 'phaselens export --list-views'");
    }
    std::string configFile;
    if (const std::optional<config::ModelConfig> cfg = loadConfigFlags(args, configFile)) {
        // Like the app's model panel: the config sets the sliders; typed parameter flags still win below.
        const model::ModelMapping mapping = model::applyModelConfig(*cfg, r.state);
        for (const std::string& w : cfg->warnings) notes.push_back(configFile + ": " + w);
        for (const std::string& n : mapping.notes) notes.push_back(configFile + ": " + n);
    }
    applyLayerFlags(args, r.state);  // --layer K of --config/--preset (export_layers.h)
    r.state.view = r.view;
    try {
        r.state = model::stateFromJson(parameterPatch(args, r.view), r.state);
    } catch (const std::invalid_argument& e) {
        throw CliError(flagForStateMessage(e.what()));
    }

    // Deep zoom: the window of the exported view (checked against the view's axes when the figure is built).
    for (const char* flag : {"--x-range", "--y-range"}) {
        if (!args.has(flag)) continue;
        if (!model::viewInfo(r.view).def.inputs.contains(model::Field::windows))
            throw CliError(std::string(flag) + ": the view '" + model::viewName(r.view) +
                           "' does not re-sample a window (heatmaps and position curves do); got '" +
                           args.choice(flag) + "'");
        try {
            model::AxisRange& range = flag[2] == 'x' ? r.state.windows[r.view].x : r.state.windows[r.view].y;
            range = model::parseRangeFlag(flag, args.choice(flag));
        } catch (const std::invalid_argument& e) {
            throw CliError(e.what());
        }
    }

    if (!args.has("--out")) throw CliError("--out: required (the file to write)");
    r.path = args.choice("--out");
    const std::optional<ex::Format> byExtension = ex::formatFromPath(r.path);
    if (args.has("--format")) {
        r.format = ex::formatFromName(args.choice("--format"));
        if (byExtension && *byExtension != r.format)
            throw CliError("--format: '" + args.choice("--format") + "' contradicts the extension of --out '" + r.path +
                           "'");
    } else if (byExtension) {
        r.format = *byExtension;
    } else if (args.has("--animate")) {
        r.format = ex::Format::Png;  // every frame is a PNG render; FILE.gif collects them (exportAnimation)
    } else {
        throw CliError("--out: cannot tell the format of '" + r.path +
                       "'; use the extension .png, .svg, .pdf, .csv, .npy or .json, or --format");
    }
    if (args.has("--width")) r.width = static_cast<int>(args.integer("--width"));
    if (args.has("--height")) r.height = static_cast<int>(args.integer("--height"));
    if (args.has("--line-width")) r.lineWidth = static_cast<float>(args.number("--line-width"));
    if (args.has("--transparent")) r.transparent = true;
    if (args.has("--caption")) {
        r.captionInImage = true;
        r.caption = args.choice("--caption") == "auto" ? std::string() : args.choice("--caption");
    }
    if (args.has("--dpi")) r.dpi = args.number("--dpi");
    r.sidecar = !args.has("--no-sidecar");
    return r;
}

// --animate: every frame rendered like a PNG export of its state (model::animationStates), collected into an
// animated GIF or written as a numbered PNG sequence (model::writeAnimation), plus one sidecar FILE.json (the
// first frame's state and figure, "_phaselens.animation" = the sweep, "_phaselens.fps").
int exportAnimation(const ParsedArgs& args, ex::ExportRequest request, std::ostream& out, std::ostream* progress) {
    if (request.format != ex::Format::Png || !model::isAnimationPath(request.path))
        throw CliError(
            "--animate: --out must end in .gif (animated GIF), .mp4 (H.264 video) or .png (PNG sequence), "
            "got '" +
            request.path + "'");
    model::AnimationSpec spec;
    try {
        spec = model::parseAnimationSpec(args.choice("--animate"));
    } catch (const std::invalid_argument& e) {
        throw CliError(std::string("--animate: ") + e.what());
    }
    const double fps = args.has("--fps") ? args.number("--fps") : 10.0;
    const int gifTolerance =
        args.has("--gif-tolerance") ? static_cast<int>(args.integer("--gif-tolerance")) : model::kDefaultGifTolerance;
    if (args.has("--gif-tolerance") && !model::isGifPath(request.path))
        throw CliError("--gif-tolerance: applies to an --animate GIF only, got --out '" + request.path + "'");
    if (model::isVideoPath(request.path) && (request.width % 2 != 0 || request.height % 2 != 0))
        throw CliError(std::string(request.width % 2 != 0 ? "--width" : "--height") + ": an MP4 (4:2:0 video) needs " +
                       "an even frame size, got " + std::to_string(request.width) + "x" +
                       std::to_string(request.height));
    ex::ExportRequest check = request;  // sizes, fonts, a writable first file
    check.path = model::pngSequencePath(request.path, 1);
    ex::validateRequest(check);
    ex::checkWritable(request.path);
    const std::vector<model::AppState> states = model::animationStates(request.state, spec);
    ex::PngRenderer renderer;
    // Frames and sidecar are one unit: nothing is renamed into place until every file is complete, so a full disk,
    // a failure or Ctrl-C leaves the old files and no new frames (safe_write.h).
    safe_write::WriteSet unit;
    if (request.sidecar) ex::checkWritable(request.path + ".json");
    const std::vector<std::string> files = model::writeAnimation(
        request.path, states,
        [&](const model::AppState& frame) {
            request.state = frame;
            return renderer.render(ex::buildFigure(request), request.width, request.height, request.transparent);
        },
        model::gifDelayCs(fps),
        [progress](int k, int n) {
            core::checkCancelled(core::currentProgress());  // Ctrl-C: stop before the next frame, nothing committed
            if (progress) *progress << "phaselens export: frame " << k + 1 << "/" << n << "\n" << std::flush;
        },
        &unit, fps, gifTolerance);
    std::vector<std::string> written = files;
    if (request.sidecar) {
        request.state = states.front();
        json sidecar = ex::sidecarJson(request, ex::buildFigure(request));
        sidecar["_phaselens"]["animation"] = model::formatAnimationSpec(spec);
        sidecar["_phaselens"]["fps"] = fps;
        if (model::isGifPath(request.path)) sidecar["_phaselens"]["gif_tolerance"] = gifTolerance;
        unit.addBytes(request.path + ".json", phaselens::json_text::dump(sidecar, 2) + "\n");
        written.push_back(request.path + ".json");
    }
    core::checkCancelled(core::currentProgress());  // an interrupted export never commits
    unit.commit();
    for (const std::string& f : written) out << "wrote " << f << "\n";
    out.flush();
    return 0;
}

std::string oneLine(const std::string& text) {
    return safe_write::printable(text, 1000);  // control characters escaped, long values abbreviated
}

}  // namespace

void printExportHelp(std::ostream& out) {
    out << "Usage: phaselens export --view VIEW --out FILE.(png|svg|pdf|csv|npy|json) [--width W --height H]\n"
           "                        [--theme light|dark] [--state FILE.json | parameter flags] [flags]\n"
           "       phaselens export --list-views\n\n"
           "Exports one plot of the app without a window (PNG through headless EGL: no display needed).\n"
           "  png   the figure rendered offscreen at W x H px (16..7680 x 16..4320), like the window draws it\n"
           "  svg   vector axes, ticks, text and curves; heatmaps as an embedded PNG image\n"
           "  pdf   the same as vector PDF (cairo); the page is 6.4 in wide unless --dpi is given\n"
           "  csv   the plotted numbers: heatmaps one row per sample row (columns named by the key range\n"
           "        x0:x1 they cover), line plots as series,x,y\n"
           "  npy   float64: heatmaps rows x cols; line plots (points, 2 x series) = x_0,y_0,x_1,y_1,...\n"
           "        padded with NaN\n"
           "  json  the sidecar alone\n"
           "Sidecar: every png/svg/csv/npy export also writes FILE.json (all parameters, conventions, figure\n"
           "settings) unless --no-sidecar; '--state FILE.json' reproduces exactly the same plot from it.\n"
           "Parameters start from --state (or the defaults), then --config FILE / --preset NAME (a Hugging Face\n"
           "config.json or a pinned preset, mapped like the app's model panel); parameter flags override them.\n"
           "Files are written to a temporary name and renamed: a failure leaves no partial file.\n"
           "Exit codes: 0 success, 1 internal error, 2 bad input (one line on stderr).\n\nViews: ";
    const std::vector<std::string> views = model::viewNames();
    for (std::size_t i = 0; i < views.size(); ++i) out << (i ? ", " : "") << views[i];
    out << "\n\nFlags (--flag value or --flag=value):\n" << formatFlagHelp(exportFlags());
}

int runExportCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    try {
        for (const std::string& a : args)
            if (a == "--help" || a == "-h") {
                printExportHelp(out);
                return 0;
            }
        refuseRenamedFlags(args, model::kExport);  // --seq-len is --bias-context now (model/parameters.h)
        const ParsedArgs parsed = parseFlags(exportFlags(), args, "phaselens export");
        if (parsed.has("--list-views")) {
            for (const std::string& name : model::viewNames()) out << name << "\n";
            return 0;
        }
        std::vector<std::string> notes;
        const ex::ExportRequest request = buildRequest(parsed, notes);
        for (const std::string& n : notes) err << "phaselens export: note: " << oneLine(n) << "\n";
        const bool progress = parsed.has("--progress") || ::isatty(STDERR_FILENO) == 1;
        // Ctrl-C / SIGTERM cancel the work at its next poll: exit 130, no file written (interrupt.h).
        Interruptible work("phaselens export: computing", progress);
        if (parsed.has("--gif-tolerance") && !parsed.has("--animate"))
            throw CliError("--gif-tolerance: applies to an --animate GIF only (no --animate given)");
        if (const std::optional<model::CompareStates> compare = compareFlags(parsed, request.state)) {
            if (parsed.has("--animate")) throw CliError("--animate: cannot be combined with --compare-*");
            const ex::ExportResult result = ex::exportComparison(request, *compare);  // A | B (compare_export.h)
            for (const std::string& n : compare->notes) err << "phaselens export: note: " << oneLine(n) << "\n";
            for (const std::string& w : result.warnings) err << "phaselens export: note: " << oneLine(w) << "\n";
            for (const std::string& f : result.files) out << "wrote " << f << "\n";
            out.flush();
            return 0;
        }
        if (parsed.has("--animate")) return exportAnimation(parsed, request, out, progress ? &err : nullptr);
        // Staged, so long exports report where they are; Ctrl-C stops at once: no file is replaced before the
        // last stage, and the temporary files of that stage are removed by safe_write's signal handler.
        ex::ExportJob job(request);
        const auto t0 = std::chrono::steady_clock::now();
        for (int k = 1; !job.done(); ++k) {
            work.progress().check();
            work.endLine();
            if (progress)
                err << "phaselens export: [" << static_cast<int>(100.0f * job.progress()) << "%] " << job.stage()
                    << " (" << std::fixed << std::setprecision(1)
                    << std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() << " s)\n"
                    << std::flush;
            job.step();
        }
        const ex::ExportResult& result = job.result();
        for (const std::string& w : result.warnings) err << "phaselens export: note: " << oneLine(w) << "\n";
        for (const std::string& f : result.files) out << "wrote " << f << "\n";
        out.flush();
        return 0;
    } catch (const core::Cancelled&) {
        err << "phaselens export: interrupted; no file was written\n";
        return kExitInterrupted;
    } catch (const CliError& e) {
        err << "phaselens export: " << oneLine(e.what()) << "\n";
        return 2;
    } catch (const ex::ExportError& e) {
        err << "phaselens export: " << oneLine(e.what()) << "\n";
        return e.kind() == ex::ErrorKind::BadInput ? 2 : 1;
    } catch (const std::invalid_argument& e) {
        err << "phaselens export: " << oneLine(e.what()) << "\n";
        return 2;
    } catch (const safe_write::WriteError& e) {  // an unwritable path, a full disk: bad input, no file left
        err << "phaselens export: " << oneLine(e.what()) << "\n";
        return 2;
    } catch (const std::bad_alloc&) {
        err << "phaselens export: out of memory\n";
        return 1;
    } catch (const std::exception& e) {
        err << "phaselens export: internal error: " << oneLine(e.what()) << "\n";
        return 1;
    }
}

}  // namespace phaselens::cli
