// PhaseLens app — undo / redo of every state change, and "reset to defaults".
//
// After each frame the window calls record(): when the parameters differ from the last committed state and no
// widget is being dragged, the committed state becomes one undo step (so a slider drag, however many frames it
// lasts, is one step). Which plot is focused (AppState::view) and animation frames are not steps. Ctrl+Z undoes,
// Ctrl+Shift+Z (or Ctrl+Y) redoes; a new change clears the redo list. At most kMaxSteps are kept. An unchanged
// frame compares the two states field by field and allocates nothing.
#pragma once

#include <cstddef>
#include <deque>
#include <string>

#include "model/app_state.h"

namespace phaselens::model {

class UndoHistory {
  public:
    static constexpr size_t kMaxSteps = 256;

    /// Records `state` after a frame. `interacting`: a widget is active (a drag in progress) — the change is taken
    /// when it ends. `transient`: the change is not the user's (an animation frame) — it becomes the new base
    /// without an undo step.
    void record(const AppState& state, bool interacting, bool transient = false);
    /// Restores the state before the last step into `state` (keeping state.view); false when there is none.
    bool undo(AppState& state);
    /// Re-applies the last undone step; false when there is none.
    bool redo(AppState& state);
    size_t undoSteps() const { return undo_.size(); }
    size_t redoSteps() const { return redo_.size(); }

  private:
    bool started_ = false;
    AppState committed_;
    std::deque<AppState> undo_, redo_;
    /// Moves one state from `from` to `state` (saving `state` on `to`): undo and redo are mirror images.
    bool step(std::deque<AppState>& from, std::deque<AppState>& to, AppState& state);
};

/// The default parameters, keeping what is not a parameter of the figures: the focused view, theme and font scale.
AppState defaultsKeepingLook(const AppState& state);

}  // namespace phaselens::model
