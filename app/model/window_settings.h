// PhaseLens model — the window's own settings that are not part of a plot's state (AppState, settings.json):
// today the UI scale (View > UI scale, Ctrl+= / Ctrl+-). Kept in window.json next to settings.json, written through
// the one safe-write path (state_io.h writeFileAtomic: temporary file, fsync, rename):
//
//     {"ui_scale_percent": 125}
//
// ui_scale_percent: 75..200, the scale of fonts and sizes in percent; absent (or 0) = follow the monitor's content
// scale. A file that is not that object, or a value outside the range, is refused with std::invalid_argument naming
// the key and the value; loadWindowSettings turns that into a warning and the defaults.
#pragma once

#include <string>

namespace phaselens::model {

constexpr int kMinUiScalePercent = 75;
constexpr int kMaxUiScalePercent = 200;

struct WindowSettings {
    int uiScalePercent = 0;  ///< 75..200 %; 0 = not set (the monitor's content scale)
};

/// The file's JSON text (one line per key, 2-space indent, trailing newline). Keys with their default are left out.
std::string windowSettingsToJson(const WindowSettings& settings);
/// Parses windowSettingsToJson's format; unknown keys are ignored (newer versions may add some). Throws as above.
WindowSettings windowSettingsFromJson(const std::string& text);
/// Reads `path`: a missing file gives the defaults; an unreadable or invalid one the defaults and a line appended to
/// `warning` ("window.json ignored: ...").
WindowSettings loadWindowSettings(const std::string& path, std::string& warning);
/// Writes `path` atomically (state_io.h writeFileAtomic). Throws what it throws.
void saveWindowSettings(const std::string& path, const WindowSettings& settings);
/// A UI scale factor as a whole percent (rounded): 125 for 1.25.
int uiScaleToPercent(float scale);

}  // namespace phaselens::model
