#include "desktop/window_options.h"

#include <stdexcept>

#include "cli/parameter_flags.h"
#include "export/safe_write.h"

namespace phaselens::desktop {

namespace {

// "--size 1280x720": width and height checked like integer flags (64..7680 x 64..4320 px).
void parseSize(const std::string& text, WindowOptions& o) {
    const size_t x = text.find('x');
    if (x == std::string::npos) throw cli::flagError("--size", "expected WxH (e.g. 1280x720)", text);
    const std::string w = text.substr(0, x), h = text.substr(x + 1);
    try {
        o.width = static_cast<int>(cli::parseInteger("--size", w, 64, 7680));
        o.height = static_cast<int>(cli::parseInteger("--size", h, 64, 4320));
    } catch (const cli::CliError&) {
        throw cli::flagError("--size", "expected WxH with W in 64..7680 and H in 64..4320 (px)", text);
    }
}

}  // namespace

std::vector<cli::FlagSpec> windowFlags() {
    return cli::parameterFlags(model::kWindow);
}

bool isWindowFlag(const std::string& token) {
    const std::string name = token.substr(0, token.find('='));
    for (const cli::FlagSpec& s : windowFlags())
        if (s.name == name) return true;
    return false;
}

WindowOptions parseWindowOptions(const std::vector<std::string>& args) {
    const cli::ParsedArgs a = cli::parseFlags(windowFlags(), args, "phaselens");
    WindowOptions o;
    if (a.has("--frames")) o.frames = static_cast<int>(a.integer("--frames"));
    if (a.has("--screenshot")) o.screenshot = a.choice("--screenshot");
    if (a.has("--state")) o.statePath = a.choice("--state");
    if (a.has("--view")) o.view = a.choice("--view");
    if (a.has("--theme")) o.theme = a.choice("--theme");
    o.frameTimes = a.has("--frame-times");
    if (a.has("--deck")) {
        o.deckPath = a.choice("--deck");
        o.present = true;
    }
    if (a.has("--slide")) o.slide = static_cast<int>(a.integer("--slide"));
    if (a.has("--present")) o.present = true;
    if (a.has("--settings-dir")) o.settingsDir = a.choice("--settings-dir");
    if (a.has("--quit-after")) o.quitAfter = static_cast<double>(a.integer("--quit-after"));
    if (a.has("--stage")) o.stage = o.present = true;
    if (a.has("--ui-scale")) o.uiScalePercent = static_cast<int>(a.integer("--ui-scale"));
    if (a.has("--size")) parseSize(a.choice("--size"), o);
    if (a.has("--compare-preset")) o.comparePreset = a.choice("--compare-preset");
    if (a.has("--compare-config")) o.compareConfig = a.choice("--compare-config");
    if (a.has("--compare-layer")) o.compareLayer = static_cast<int>(a.integer("--compare-layer"));

    if (!o.screenshot.empty() && o.frames == 0) o.frames = 3;
    if (!o.deckPath.empty() && !o.statePath.empty())
        throw cli::CliError("--deck and --state: give at most one, got '" + o.deckPath + "' and '" + o.statePath + "'");
    if (!o.screenshot.empty() && o.screenshot.size() < 4)
        throw cli::flagError("--screenshot", "expected FILE.png", o.screenshot);
    if (!o.screenshot.empty()) {  // a missing directory or a FIFO fails now, exit 2, not after rendering
        try {
            safe_write::checkDestination(o.screenshot);
        } catch (const std::runtime_error& e) {
            throw cli::CliError(std::string("--screenshot: ") + e.what());
        }
    }
    return o;
}

}  // namespace phaselens::desktop
