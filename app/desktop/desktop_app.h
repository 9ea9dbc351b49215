// PhaseLens app — the desktop window: GLFW + OpenGL 3.3 + Dear ImGui, the run loop, screenshots and
// persistence (imgui.ini and settings.json under $XDG_CONFIG_HOME/phaselens or ~/.config/phaselens).
//
//   phaselens                                   open the window (last parameters restored)
//   phaselens --frames N --screenshot FILE.png  run N frames, save the framebuffer as PNG, exit 0
//            [--state FILE.json] [--view NAME] [--size WxH] [--theme light|dark] [--frame-times]
//
// Exit codes: 0 success; 2 bad arguments or unreadable --state (message names the flag/file);
// 1 no display or no OpenGL 3.3 ("no display: ..."), or a failure while writing the screenshot.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace phaselens::desktop {

/// True when `args` select the window (no arguments, or a window flag such as --frames first).
bool isDesktopInvocation(const std::vector<std::string>& args);

/// Runs the window (see the header comment). Returns the process exit code.
int runDesktop(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

/// The `--help` text of the window mode.
void printDesktopHelp(std::ostream& out);

}  // namespace phaselens::desktop
