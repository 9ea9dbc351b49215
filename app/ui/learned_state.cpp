#include "ui/learned_state.h"

#include <algorithm>
#include <stdexcept>

#include "ui/ui_context.h"
#include "ui/views_learned.h"

namespace phaselens::ui {

namespace {

bool endsWith(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

constexpr size_t kMaxRecentTables = 8;

}  // namespace

bool isLearnedTableFile(const std::string& path) {
    return endsWith(path, ".npy") || endsWith(path, ".safetensors") || endsWith(path, ".safetensors.index.json");
}

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

}  // namespace phaselens::ui
