// PhaseLens app — the window's command line (`phaselens --state FILE --view NAME --size WxH ...`), parsed by the CLI's
// flag parser (cli/arg_parser.h) with flags from the one parameter table (model/parameters.h: every entry used by
// model::kWindow). GL-free, so tests parse it without a display. Bad input throws cli::CliError: one line naming
// the flag and the value; runDesktop prints it and exits 2 (an empty value such as '--state ""' is bad input too).
#pragma once

#include <string>
#include <vector>

#include "cli/arg_parser.h"

namespace phaselens::desktop {

struct WindowOptions {
    int frames = 0;                  ///< 0 = until the window closes (3 with --screenshot)
    std::string screenshot;          ///< PNG path, written after the last frame
    std::string statePath;           ///< --state
    std::string deckPath;            ///< --deck: slides for presentation mode (ui/presentation.h)
    int slide = 1;                   ///< --slide: first slide shown (1-based)
    bool present = false;            ///< --present (implied by --deck)
    std::string view;                ///< --view
    int width = 1600, height = 900;  ///< --size WxH, px
    std::string theme;               ///< --theme light|dark ("" = the state's)
    bool frameTimes = false;         ///< print per-frame times (ms) to stdout
    std::string settingsDir;  ///< --settings-dir: settings.json read from (and saved to) here, also in automated runs
    double quitAfter = 0;     ///< --quit-after SECONDS: close the interactive loop after that time (idle tests)
    bool stage = false;       ///< --stage: stage mode (OS fullscreen, aspect preset; ui/stage_mode.h), implies present
    int uiScalePercent = 0;   ///< --ui-scale PERCENT (75..200); 0 = the monitor's content scale (automated runs: 100)
    std::string comparePreset, compareConfig;  ///< --compare-preset / --compare-config: A | B on (model/compare.h)
    int compareLayer = -1;                     ///< --compare-layer K; -1 = none
};

/// The window's flags (parameter table entries for the window), in table order.
std::vector<cli::FlagSpec> windowFlags();

/// True when `token` ("--frames" or "--frames=3") is one of windowFlags().
bool isWindowFlag(const std::string& token);

/// Parses the window's command line. Throws cli::CliError (one line naming flag and value).
WindowOptions parseWindowOptions(const std::vector<std::string>& args);

}  // namespace phaselens::desktop
