#include "model/undo_history.h"

namespace phaselens::model {

namespace {

// Equal apart from the focused view and the zoom windows (no allocation: they are swapped in and back).
bool sameParameters(AppState& committed, const AppState& state) {
    const View keep = committed.view;
    const ViewWindows keepWindows = committed.windows;
    committed.view = state.view;
    committed.windows = state.windows;
    const bool same = committed == state;
    committed.view = keep;
    committed.windows = keepWindows;
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
    return step(undo_, redo_, state);
}

bool UndoHistory::redo(AppState& state) {
    return step(redo_, undo_, state);
}

bool UndoHistory::step(std::deque<AppState>& from, std::deque<AppState>& to, AppState& state) {
    if (from.empty()) return false;
    to.push_back(state);
    const View view = state.view;  // the focused plot and the zoom windows are not parameters: they stay
    const ViewWindows windows = state.windows;
    state = from.back();
    state.view = view;
    state.windows = windows;
    from.pop_back();
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
