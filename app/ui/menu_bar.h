// PhaseLens app — the window's menu bar (File, View, Help) and the path popups of File > Open… / Save as….
// Every item that has a shortcut shows shortcutKeys(action) and runs runAction(action) (shortcuts.h), so a menu and
// its key always do the same thing.
#pragma once

#include "model/app_state.h"

namespace phaselens::ui {

using namespace phaselens::model;

struct UiContext;

/// The menu bar of the current window (which needs ImGuiWindowFlags_MenuBar).
void drawMenuBar(AppState& state, UiContext& ui);

/// The "Open config or session" and "Save state as" popups, opened by ui.openConfigRequested / ui.saveAsRequested.
/// Call once per frame in the host window.
void drawPathPopups(AppState& state, UiContext& ui);

/// Opens `path`: a saved session (state JSON or an export sidecar) replaces the state; anything else is loaded as
/// a Hugging Face config.json (the Model section). Returns false with ui.pathError set when neither works.
bool openConfigOrSession(const std::string& path, AppState& state, UiContext& ui);

}  // namespace phaselens::ui
