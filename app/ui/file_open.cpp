// PhaseLens app — opening files from the window (file_open.h).
#include "ui/file_open.h"

#include <algorithm>

#include "model/learned_state.h"
#include "model/model_state.h"
#include "model/views_learned.h"

namespace {
constexpr size_t kMaxRecentTables = 8;  // recent learned tables kept in the Learned positions tab
}
#include "ui/ui_context.h"

namespace phaselens::ui {

bool openLearnedTable(const std::string& path, AppState& state, UiContext& ui, const std::string& tensor) {
    AppState next = state;
    next.learnedTablePath = path;
    next.learnedTensor = tensor;
    try {
        learnedSource(next);  // loads (and caches) the table, or throws naming the file and the field
    } catch (const std::exception& e) {
        ui.learned.error = e.what();
        ui.status = std::string("learned table: ") + e.what();
        return false;
    }
    state.learnedTablePath = path;
    state.learnedTensor = tensor;
    if (panelOf(state.view) != Panel::Learned) {
        state.view = View::LearnedTable;
        ui.selectPanelPending = true;
    }
    ui.learned.error.clear();
    ui.learned.pathInput = path;
    ui.learned.tensorInput = tensor;
    auto& recent = ui.learned.recentFiles;
    recent.erase(std::remove(recent.begin(), recent.end(), path), recent.end());
    recent.insert(recent.begin(), path);
    if (recent.size() > kMaxRecentTables) recent.resize(kMaxRecentTables);
    ui.status = "learned table: " + path;
    return true;
}

void loadDroppedFiles(const std::vector<std::string>& paths, AppState& state, UiContext& ui) {
    if (paths.empty()) return;
    if (isLearnedTableFile(paths.front())) {  // a .npy / .safetensors / index.json: the Learned positions tab
        openLearnedTable(paths.front(), state, ui);
        return;
    }
    const bool ok = loadModelFile(paths.front(), state, ui.model);
    if (ok && ui.model.mapping.focusChanged) ui.selectPanelPending = true;
    if (!ok)
        ui.status = "drop: " + ui.model.error;  // also shown in the Model section
    else if (paths.size() > 1)
        ui.status = std::to_string(paths.size()) + " files dropped: loaded the first (" + paths.front() + ")";
}

}  // namespace phaselens::ui
