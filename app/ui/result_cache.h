// PhaseLens app — ResultCache: each view's result, recomputed only when its inputs change.
//
// get(view, state) compares `state` with the inputs of the last computation of that view
// (viewInputsDiffer, no allocation) and calls buildView() only on a difference. An idle frame
// therefore does no core work and allocates nothing here. computeCount() lets tests check that a
// change recomputes exactly the affected views.
//
// Errors: when buildView throws std::invalid_argument the message is kept in `error` and the last good
// result stays (the panel shows the message inline next to the plot). The inputs are still recorded,
// so an invalid state is not retried every frame.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "ui/app_state.h"
#include "ui/views.h"

namespace phaselens::ui {

struct CachedView {
    bool computed = false;      ///< buildView has run at least once for this view
    bool hasResult = false;     ///< `result` holds a good result (possibly older than the inputs on error)
    AppState inputs;            ///< the state of the last computation
    ViewResult result;          ///< last good result
    std::string error;          ///< message of the last computation, empty when it succeeded
    uint64_t version = 0;       ///< increments whenever `result` changes (textures re-upload on change)
    uint64_t computeCount = 0;  ///< number of buildView calls for this view
    double lastMillis = 0;      ///< wall time of the last buildView call, ms
};

class ResultCache {
  public:
    /// The up-to-date entry of `view` for `state` (recomputed here if its inputs changed).
    CachedView& get(View view, const AppState& state);
    /// Entry without recomputing (may be stale or empty).
    const CachedView& peek(View view) const { return views_[static_cast<size_t>(view)]; }
    uint64_t computeCount(View view) const { return peek(view).computeCount; }
    /// Forget everything (next get recomputes).
    void clear();

  private:
    std::array<CachedView, static_cast<size_t>(View::Count)> views_;
};

}  // namespace phaselens::ui
