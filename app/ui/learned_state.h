// PhaseLens app — opening a learned position table in the window (Learned positions tab, drag and drop).
//
// The table itself lives in AppState (learnedTablePath, learnedTensor: saved with sessions and export sidecars);
// this is the window-only part: the path being typed, the recent tables and the last error.
#pragma once

#include <string>
#include <vector>

#include "ui/app_state.h"

namespace phaselens::ui {

struct UiContext;

struct LearnedPanelState {
    std::string pathInput;                 ///< the path field
    std::string tensorInput;               ///< the tensor field ("" = by its usual name)
    std::vector<std::string> recentFiles;  ///< most recent first, at most 8
    std::string error;                     ///< the last open error ("" = none)
};

/// True for paths that name a table file: *.npy, *.safetensors, *.safetensors.index.json.
bool isLearnedTableFile(const std::string& path);

/// Opens the table at `path` (tensor `tensor`, "" = by name): on success sets state.learnedTablePath/learnedTensor,
/// focuses the learned-table view, adds the path to the recent list and returns true; on failure keeps the state,
/// sets ui.learned.error and ui.status to the message (file and field) and returns false.
bool openLearnedTable(const std::string& path, AppState& state, UiContext& ui, const std::string& tensor = "");

}  // namespace phaselens::ui
