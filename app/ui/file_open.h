// PhaseLens app — opening files from the window: the Model section's panel, files dropped on the window, and
// learned tables opened from the Learned positions tab. These write AppState (the model) and the UiContext's panel
// fields (recent lists, errors, status line); the pure config -> state mapping is model/model_state.h.
#pragma once

#include <string>
#include <vector>

#include "model/app_state.h"

namespace phaselens::ui {

using namespace phaselens::model;  // the widgets read and write the model (app/model)

using namespace phaselens::model;
struct UiContext;

// [SECTION] Model section and dropped files
// ----------------------------------------------------------------------------------------------

/// The "Model" section at the top of the controls: path field + Load, preset combo, transformers rule toggle,
/// recent files, and the loaded config's facts, warnings and notes (yellow) or the load error (red).
void drawModelPanel(AppState& state, UiContext& ui);

/// Files dropped on the window: loads the first one (a config.json) and selects the scheme's panel. Call between
/// frames or inside one; touches no ImGui state. Sets ui.status when more than one file was dropped.
void loadDroppedFiles(const std::vector<std::string>& paths, AppState& state, UiContext& ui);

/// Opens the table at `path` (tensor `tensor`, "" = by name): on success sets state.learnedTablePath/learnedTensor,
/// focuses the learned-table view, adds the path to the recent list and returns true; on failure keeps the state,
/// sets ui.learned.error and ui.status to the message (file and field) and returns false.
bool openLearnedTable(const std::string& path, AppState& state, UiContext& ui, const std::string& tensor = "");

}  // namespace phaselens::ui
