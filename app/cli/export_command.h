// PhaseLens CLI — `phaselens export`: any view of the app as PNG, SVG, CSV, NPY or sidecar JSON, headless.
//
//   phaselens export --view VIEW --out FILE.(png|svg|csv|npy|json) [--width W --height H]
//                    [--theme light|dark] [--state FILE.json | the parameter flags of compute] [...]
//   phaselens export --list-views          the view names, one per line
//   phaselens export --help                every flag
//
// PNGs are rendered offscreen through a headless EGL context (Mesa surfaceless), never a window: no display
// or X server is needed. Every image or data export also writes the sidecar `<FILE>.json` (all parameters,
// conventions and figure settings) unless --no-sidecar; `--state <sidecar>` reproduces the same plot.
// The logic lives in app/export (export.h); this file maps flags onto an exporter::ExportRequest.
//
// Exit codes: 0 success (one "wrote FILE" line per file on stdout); 2 bad input: unknown view, format or
// flag, a size outside 16..7680 x 16..4320, invalid parameters, an unwritable path or a full disk (one line
// on stderr naming the problem; no file is left behind); 1 internal error (e.g. no EGL/OpenGL).
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace phaselens::cli {

/// Runs `phaselens export ARGS...`; `args` are the words after "export". Never throws.
int runExportCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

/// The `phaselens export --help` text.
void printExportHelp(std::ostream& out);

}  // namespace phaselens::cli
