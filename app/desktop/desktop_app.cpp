#include "desktop/desktop_app.h"

#include <imgui.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cfloat>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "desktop/app_export.h"
#include "desktop/window_modes.h"
#include "desktop/window_options.h"
#include "export/safe_write.h"
#include "model/animation.h"
#include "model/state_io.h"
#include "model/state_ranges.h"
#include "model/window_settings.h"
#include "plot/fonts.h"
#include "render/gl_context.h"
#include "render/image_io.h"
#include "render/imgui_backend.h"
#include "ui/file_open.h"
#include "ui/frame_guard.h"
#include "ui/key_tap_queue.h"
#include "ui/presentation.h"
#include "ui/stage_mode.h"
#include "ui/ui_context.h"

namespace phaselens::desktop {

namespace fs = std::filesystem;

namespace {

fs::path configDir() {
    if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg) return fs::path(xdg) / "phaselens";
    if (const char* home = std::getenv("HOME"); home && *home) return fs::path(home) / ".config" / "phaselens";
    return fs::current_path() / ".phaselens";
}

// Moves `path` to a new name "<path>.corrupt-<time>-<pid>[-k]" that no other file has (link(2) never replaces a
// file, so two processes, or two corrupt files in one second, never overwrite each other's backup). Returns the
// new name, or "" when it could not be moved.
std::string moveAside(const fs::path& path) {
    const std::string stem =
        path.string() + ".corrupt-" + std::to_string(std::time(nullptr)) + "-" + std::to_string(::getpid());
    for (int k = 0; k < 1000; ++k) {
        const std::string aside = k == 0 ? stem : stem + "-" + std::to_string(k);
        if (::link(path.c_str(), aside.c_str()) == 0) {
            ::unlink(path.c_str());
            return aside;
        }
        if (errno != EEXIST) break;
    }
    return "";
}

// Loads settings.json; a corrupt file, or one with a value outside its documented range, is moved aside under a
// unique name (moveAside) with a warning, and defaults are used.
model::AppState loadSettings(const fs::path& path, std::string& warning) {
    std::error_code ec;
    if (!fs::exists(path, ec)) return {};
    std::string problem;
    try {
        const model::AppState s = model::loadStateFile(path.string());
        const std::optional<std::string> range = model::stateRangeProblem(s);
        if (!range) return s;
        problem = safe_write::printable(path.string()) + ": " + *range;
    } catch (const std::exception& e) {
        problem = e.what();
    }
    const std::string aside = moveAside(path);
    warning = "settings were unreadable (" + safe_write::printable(problem, 400) + "); " +
              (aside.empty() ? std::string("left in place") : "moved to " + safe_write::printable(aside)) +
              ", using defaults";
    return {};
}

// Reads recent.json (the Model section's recent config files); a missing file is an empty list, a corrupt one
// is reported in `warning` and ignored (it is rewritten on the next load).
std::vector<std::string> loadRecentFiles(const fs::path& path, std::string& warning) {
    std::error_code ec;
    if (!fs::exists(path, ec)) return {};
    try {
        return model::recentFilesFromJson(model::readJsonInput(path.string()));
    } catch (const std::exception& e) {
        warning += (warning.empty() ? "" : "; ") + path.string() + " ignored: " + e.what();
        return {};
    }
}

// The animation player's sweep of the focused plot as a GIF, MP4 or PNG sequence (model/animation.h), rendered
// between frames with the window's GL context at the export dialog's theme and the player's size.
void exportAnimation(const model::AppState& state, ui::UiContext& ui, render::GlContext& gl) {
    model::AnimationState& a = ui.animation;
    a.exportRequested = false;
    try {
        exporter::ExportRequest request;
        request.view = state.view;
        request.width = a.exportWidth;
        request.height = a.exportHeight;
        exporter::PngRenderer renderer(&gl);
        const std::vector<std::string> files = model::writeAnimation(
            a.exportPath, model::animationStates(state, a.spec),
            [&](const model::AppState& frame) {
                request.state = frame;
                request.state.theme = ui.exportDialog.theme;
                return renderer.render(exporter::buildFigure(request), request.width, request.height, false);
            },
            model::gifDelayCs(a.framesPerSecond), {}, nullptr, a.framesPerSecond, a.gifTolerance);
        a.exportMessage = "wrote " + files.front() + (files.size() > 1 ? " … " + files.back() : std::string());
    } catch (const std::exception& e) {
        a.exportMessage = std::string("animation export failed: ") + e.what();
    }
    ui.status = a.exportMessage;
}

}  // namespace

bool isDesktopInvocation(const std::vector<std::string>& args) {
    if (args.empty()) return true;
    const std::string& a = args[0];
    return isWindowFlag(a);  // the window's flags of the parameter table (window_options.h)
}

void printDesktopHelp(std::ostream& out) {
    out << "Window mode:\n"
           "  phaselens                          open the PhaseLens window (restores the last session)\n"
           "  phaselens --frames N --screenshot FILE.png [--state FILE.json] [--view NAME] [--size WxH]\n"
           "            [--theme light|dark] [--frame-times] [--present] [--deck FILE.json [--slide K]]\n"
           "      run N frames (default 3 with --screenshot), save the window as PNG, exit 0.\n"
           "      --view: any name of 'phaselens export --list-views'.  --size default 1600x900.\n"
           "      Needs a display (use xvfb-run on servers).\n"
           "  phaselens --deck FILE.json          present a talk: FILE.json is a JSON array of saved states\n"
           "      (Ctrl+S files or export sidecars); Right/PageDown/Space next slide, Left/PageUp back,\n"
           "      Home/End first/last, Esc leaves presentation mode. --present starts presenting without a deck.\n"
           "  --settings-dir DIR  read settings.json from DIR at start and save it there at exit, also with\n"
           "      --frames (default $XDG_CONFIG_HOME/phaselens, interactive runs only); a corrupt file is moved "
           "aside.\n"
           "  --quit-after S  run the interactive loop (idle waits, background work) for S seconds, then exit;\n"
           "      with --frame-times it prints one line per rendered frame and its cause (start, result, event, "
           "settle,\n"
           "      active; an idle window renders none).\n"
           "  --stage  start in stage mode (Shift+F11): fullscreen on the current monitor, the plot letterboxed\n"
           "      to 16:9 (A cycles 16:9, 4:3, fill), captions (C) and key hints (H) hidden, projector fonts.\n"
           "  --ui-scale PERCENT  UI size, 75..200 (default: the monitor's content scale; View > UI scale).\n"
           "  Keys: F1 lists every shortcut. Arrows nudge the hovered slider (Shift: larger steps), R resets plot\n"
           "  zoom, Ctrl+S saves the session, Ctrl+Shift+S saves it as, Ctrl+O opens a config or session, Ctrl+E\n"
           "  exports, Ctrl+C copies the hovered value, Ctrl+B hides the controls, Ctrl+Q quits, F11 toggles\n"
           "  presentation mode, Space plays/pauses the animation (Controls > Animation).\n"
           "  Models: drop a Hugging Face config.json on the window, or use Controls > Model (path, presets,\n"
           "  transformers rule, the last 8 files in recent.json next to settings.json).\n"
           "Window flags (--flag value or --flag=value; the same names and ranges as compute and export):\n"
        << cli::formatFlagHelp(windowFlags());
}

int runDesktop(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    for (const std::string& a : args)
        if (a == "--help" || a == "-h") {  // e.g. `phaselens --frames 1 --help`: the window's flags (parameter table)
            printDesktopHelp(out);
            return 0;
        }
    WindowOptions opt;
    model::AppState state;
    std::vector<model::AppState> deck;  // --deck slides
    std::string warning;
    const bool automated = !args.empty();
    fs::path dir = configDir();
    fs::path settingsPath = dir / "settings.json";
    try {
        opt = parseWindowOptions(args);
        if (!opt.settingsDir.empty()) {
            dir = opt.settingsDir;
            settingsPath = dir / "settings.json";
        }
        if (!opt.statePath.empty()) state = model::loadStateFile(opt.statePath);
        if (!opt.deckPath.empty()) deck = ui::loadDeckFile(opt.deckPath);
        if (!deck.empty())
            state = deck[static_cast<size_t>(std::min<int>(opt.slide, static_cast<int>(deck.size())) - 1)];
        else if (opt.statePath.empty() && (!automated || !opt.settingsDir.empty()))
            state = loadSettings(settingsPath, warning);
        if (!opt.view.empty()) state.view = model::viewFromName(opt.view);
        if (opt.theme == "light")
            state.theme = model::ThemeChoice::Light;
        else if (opt.theme == "dark")  // parseWindowOptions accepts only light|dark
            state.theme = model::ThemeChoice::Dark;
    } catch (const cli::CliError& e) {  // one line naming the flag and the value (window_options.h)
        err << "phaselens: " << safe_write::printable(e.what(), 1000) << "\n";
        return 2;
    } catch (const std::invalid_argument& e) {
        err << "phaselens: " << safe_write::printable(e.what(), 1000) << "\n";
        return 2;
    }
    if (!warning.empty()) err << "phaselens: warning: " << warning << "\n";

    std::unique_ptr<render::GlContext> context;
    try {
        context = render::createGlContext("glfw", opt.width, opt.height, "PhaseLens");
    } catch (const std::exception& e) {
        err << "phaselens: " << e.what() << "\n";
        return 1;
    }
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    std::string iniPath;
    if (!automated) {
        std::error_code ec;
        fs::create_directories(dir, ec);
        iniPath = (dir / "imgui.ini").string();
        io.IniFilename = iniPath.c_str();
    } else {
        io.IniFilename = nullptr;
    }
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    plot::addUiFont(15.0f);
    plot::addUiFont(15.0f * 2.0f);  // presentation mode's font (ui.presentationFontScale = 2): large text stays crisp
    ui::applyThemeStyle(state.theme == model::ThemeChoice::Light);
    int code = 0;
    {
        render::ImGuiGlBackend backend(*context);
        ui::GlTextureProvider textures;
        ui::UiContext uiContext;
        uiContext.textures = &textures;
        // An interactive window computes slow views (random q/k over long contexts) off the UI thread; runs with a
        // frame count (screenshots, tests) compute in the frame so what they capture is current.
        uiContext.cache.setBackground(opt.frames == 0);
        uiContext.status = warning;
        uiContext.statePath = settingsPath.string();
        if (io.Fonts->ConfigData.Size >= 2 && io.Fonts->ConfigData[1].SizePixels > io.Fonts->ConfigData[0].SizePixels)
            uiContext.presentationFont = io.Fonts->Fonts[1];
        uiContext.presentation = opt.present;
        uiContext.stage = opt.stage;
        if (!opt.comparePreset.empty() || !opt.compareConfig.empty() || opt.compareLayer >= 0) {  // model/compare.h
            ui::CompareWindowState& c = uiContext.compare;
            c.enabled = true;
            c.kind = !opt.comparePreset.empty()   ? ui::CompareWindowState::Kind::Preset
                     : !opt.compareConfig.empty() ? ui::CompareWindowState::Kind::Config
                                                  : ui::CompareWindowState::Kind::Layer;
            c.preset = opt.comparePreset;
            c.pathInput = opt.compareConfig;
            c.useLayer = opt.compareLayer >= 0 && c.kind != ui::CompareWindowState::Kind::Layer;
            c.layer = std::max(0, opt.compareLayer);
        }
        // UI scale: --ui-scale, else the one saved in window.json (View > UI scale), else the monitor's content scale
        // in interactive runs (automated runs: 100%). A scale chosen in the window is saved at exit.
        const bool persistent = !automated || !opt.settingsDir.empty();
        const std::string windowSettingsPath = (dir / "window.json").string();
        model::WindowSettings windowSettings;
        if (persistent) windowSettings = model::loadWindowSettings(windowSettingsPath, uiContext.status);
        uiContext.uiScale = opt.uiScalePercent > 0 ? static_cast<float>(opt.uiScalePercent) / 100.0f
                            : windowSettings.uiScalePercent > 0
                                ? static_cast<float>(windowSettings.uiScalePercent) / 100.0f
                            : automated ? 1.0f
                                        : monitorUiScale(context->glfwWindow());
        const float startUiScale = uiContext.uiScale;
        WindowModes windowModes;
        if (!deck.empty()) {
            uiContext.deck = deck;
            uiContext.deckPath = opt.deckPath;
            ui::goToSlide(state, uiContext, std::min<int>(opt.slide, static_cast<int>(deck.size())) - 1);
        }
        // Export dialog jobs run between frames; the last export folder persists in export.json (interactive runs).
        exporter::DialogExportRunner exportRunner(automated ? std::string() : (dir / "export.json").string());
        exportRunner.attach(uiContext);
        // Model section: recent config files persist in recent.json (interactive runs only, like settings.json).
        const fs::path recentPath = dir / "recent.json";
        if (!automated) {
            uiContext.model.recentFiles = loadRecentFiles(recentPath, uiContext.status);
            uiContext.model.onRecentChanged = [&](const std::vector<std::string>& files) {
                try {
                    std::error_code ec;
                    fs::create_directories(dir, ec);
                    model::writeFileAtomic(recentPath.string(), model::recentFilesToJson(files));
                } catch (const std::exception& e) {
                    uiContext.status = std::string("recent files not saved: ") + e.what();
                }
            };
        }
        // A config.json dropped on the window is loaded between frames (the callback runs inside pollEvents).
        std::vector<std::string> dropped;
        context->setDropHandler([&dropped](std::vector<std::string> paths) { dropped = std::move(paths); });
        uiContext.onSave = [&](const model::AppState& s) {
            try {
                std::error_code ec;
                fs::create_directories(dir, ec);
                model::saveStateFile(uiContext.statePath, s);
                uiContext.status = "saved " + uiContext.statePath;
            } catch (const std::exception& e) {
                uiContext.status = std::string("save failed: ") + e.what();
            }
        };
        // Idle means idle: an interactive window sleeps in waitEvents() and renders only after input, while an
        // animation plays or an export runs, while taps are replayed, and when a background result is ready (the
        // worker wakes the loop). A few settle frames follow every event (hover and layout need a frame to catch
        // up). Runs with a frame count (screenshots, tests) never wait.
        ui::KeyTapQueue taps;
        context->setKeyHandler([&taps](int key, int, int action, int) { taps.onKey(key, action); });
        render::GlContext* wake = context.get();
        uiContext.cache.setOnBackgroundDone([wake] { wake->postEmptyEvent(); });
        constexpr int kSettleFrames = 3;
        int settle = kSettleFrames;
        const char* why = "start";  // --frame-times: what caused the frame (start, result, event, settle, active)
        const auto started = std::chrono::steady_clock::now();
        auto secondsSince = [](std::chrono::steady_clock::time_point t) {
            return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
        };
        model::ThemeChoice styled = state.theme;
        for (int frame = 0; !context->shouldClose() && (opt.frames == 0 || frame < opt.frames); ++frame) {
            auto t0 = std::chrono::steady_clock::now();
            const bool active = opt.frames > 0 || settle > 0 || uiContext.animation.playing || taps.pending() ||
                                uiContext.exportDialog.running || uiContext.exportDialog.startRequested ||
                                uiContext.animation.exportRequested;
            if (active) {
                context->pollEvents();
                if (frame > 0 && settle > 0 && settle < kSettleFrames) why = "settle";
                if (settle == 0) why = "active";
            } else {
                // Long sleeps when idle; short ones while a background result is due (its wake-up may race).
                const double timeout = uiContext.cache.busy() ? 0.1 : 0.5;
                context->waitEvents(timeout);
                const bool woken =
                    secondsSince(t0) < timeout * 0.9 || !dropped.empty() || uiContext.cache.backgroundResultReady();
                if (opt.quitAfter > 0 && secondsSince(started) >= opt.quitAfter) break;
                if (!woken) {
                    --frame;  // nothing happened: no frame
                    continue;
                }
                settle = kSettleFrames;
                why = uiContext.cache.backgroundResultReady() ? "result" : "event";
                t0 = std::chrono::steady_clock::now();
            }
            if (settle > 0) --settle;
            if (opt.quitAfter > 0 && secondsSince(started) >= opt.quitAfter) break;
            if (!dropped.empty()) {
                ui::loadDroppedFiles(dropped, state, uiContext);
                dropped.clear();
            }
            if (frame > 0) syncUiFonts(uiContext, windowModes);  // the backend made the first font texture
            syncFullscreen(context->glfwWindow(), uiContext, windowModes);
            backend.newFrame();
            // Screenshots do not depend on where the X pointer happens to be (no hover read-outs).
            if (!opt.screenshot.empty()) ImGui::GetIO().MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
            if (taps.apply(ImGui::GetIO().KeysDown)) settle = std::max(settle, 1);  // queued taps: one per frame
            ImGui::NewFrame();
            // The frame boundary: an exception while drawing becomes a status line, the window keeps running.
            ui::drawFrameGuarded(uiContext, [&] { ui::drawApp(state, uiContext); });
            ImGui::Render();
            if (styled != state.theme) {
                styled = state.theme;
                ui::applyThemeStyle(styled == model::ThemeChoice::Light);
            }
            const bool light = state.theme == model::ThemeChoice::Light;
            backend.renderToScreen(light ? std::array<float, 4>{0.94f, 0.94f, 0.94f, 1.0f}
                                         : std::array<float, 4>{0.08f, 0.08f, 0.09f, 1.0f});
            if (!opt.screenshot.empty() && frame + 1 == opt.frames) {
                try {
                    render::writePngAtomic(opt.screenshot, backend.readScreen());
                } catch (const std::exception& e) {
                    err << "phaselens: --screenshot: " << safe_write::printable(e.what(), 1000) << "\n";
                    code = 2;  // like an export: an unwritable path or a full disk, no file left
                }
            }
            context->swapBuffers();
            exportRunner.betweenFrames(state, uiContext, *context);  // one export stage, if any
            if (uiContext.animation.exportRequested) exportAnimation(state, uiContext, *context);
            if (uiContext.quitRequested) break;  // File > Quit, Ctrl+Q
            if (opt.frameTimes)
                out << "frame " << frame << " "
                    << std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count()
                    << " ms " << why << "\n";
        }
        if (!automated || !opt.settingsDir.empty()) uiContext.onSave(state);
        if (persistent && uiContext.uiScale != startUiScale) {
            windowSettings.uiScalePercent = model::uiScaleToPercent(uiContext.uiScale);
            try {
                std::error_code ec;
                fs::create_directories(dir, ec);
                model::saveWindowSettings(windowSettingsPath, windowSettings);
            } catch (const std::exception& e) {
                err << "phaselens: UI scale not saved: " << e.what() << "\n";
            }
        }
        context->setDropHandler({});
        context->setKeyHandler({});
        uiContext.cache.waitForBackground();
        uiContext.cache.setOnBackgroundDone({});
    }
    ImGui::DestroyContext();
    return code;
}

}  // namespace phaselens::desktop
