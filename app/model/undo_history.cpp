#include "model/undo_history.h"

namespace phaselens::model {

namespace {

// Equal apart from the focused view (no allocation: the view is swapped in and back).
bool sameParameters(AppState& committed, const AppState& state) {
    const View keep = committed.view;
    committed.view = state.view;
    const bool same = committed == state;
    committed.view = keep;
    return same;
}

}  // namespace

void UndoHistory::record(const AppState& state, bool interacting, bool transient) {
    if (!started_) {
        committed_ = state;
        started_ = true;
        return;
    }
    if (interacting || sameParameters(committed_, state)) return;
    if (!transient) {
        undo_.push_back(committed_);
        if (undo_.size() > kMaxSteps) undo_.pop_front();
        redo_.clear();
    }
    committed_ = state;
}

bool UndoHistory::undo(AppState& state) {
    if (undo_.empty()) return false;
    redo_.push_back(state);
    const View view = state.view;
    state = undo_.back();
    state.view = view;
    undo_.pop_back();
    committed_ = state;
    return true;
}

bool UndoHistory::redo(AppState& state) {
    if (redo_.empty()) return false;
    undo_.push_back(state);
    const View view = state.view;
    state = redo_.back();
    state.view = view;
    redo_.pop_back();
    committed_ = state;
    return true;
}

AppState defaultsKeepingLook(const AppState& state) {
    AppState d;
    d.view = state.view;
    d.theme = state.theme;
    d.fontScale = state.fontScale;
    return d;
}

}  // namespace phaselens::model
