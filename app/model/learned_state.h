// PhaseLens app — opening a learned position table in the window (Learned positions tab, drag and drop).
//
// The table itself lives in AppState (learnedTablePath, learnedTensor: saved with sessions and export sidecars);
// this is the window-only part: the path being typed, the recent tables and the last error.
#pragma once

#include <string>
#include <vector>

#include "model/app_state.h"

namespace phaselens::model {

struct LearnedPanelState {
    std::string pathInput;                 ///< the path field
    std::string tensorInput;               ///< the tensor field ("" = by its usual name)
    std::vector<std::string> recentFiles;  ///< most recent first, at most 8
    std::string error;                     ///< the last open error ("" = none)
};

/// True for paths that name a table file: *.npy, *.safetensors, *.safetensors.index.json.
bool isLearnedTableFile(const std::string& path);

}  // namespace phaselens::model
