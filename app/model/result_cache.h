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
//
// Background work (setBackground(true), the interactive window): a computation expected to take longer than a few
// frames (expectSlow: random q/k reduced over blocks of a long context, where every position's vector is generated)
// runs on a worker thread instead. get() then returns at once with the previous result and `pending` set, and takes
// the new result on the first call after it is done; a result whose inputs were superseded meanwhile is dropped and
// the latest inputs are computed next. Polling a running job allocates nothing. Off by default (tests, screenshots
// and exports want the result in the same frame). A zoom or pan (only the view's deep-zoom window changed,
// view_window.h) is always re-sampled in the background, so the wheel and drags never wait for the core.
//
// Progress and Cancel (core/progress.h): each background job runs under its own core::Progress.
// backgroundProgress(view) is its fraction (0..1, for a progress bar); cancelBackground(view) stops it at its
// next poll, and the view then shows "computation cancelled" (inputs recorded: no retry until they change).
// A job whose inputs were superseded is cancelled too, so the latest inputs start sooner.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <string>

#include "model/app_state.h"
#include "model/views.h"
#include "phaselens/progress.h"

namespace phaselens::model {

struct CachedView {
    bool computed = false;      ///< buildView has run at least once for this view
    bool hasResult = false;     ///< `result` holds a good result (possibly older than the inputs on error)
    AppState inputs;            ///< the state of the last computation
    ViewResult result;          ///< last good result
    std::string error;          ///< message of the last computation, empty when it succeeded
    uint64_t version = 0;       ///< increments whenever `result` changes (textures re-upload on change)
    uint64_t computeCount = 0;  ///< number of buildView calls for this view
    double lastMillis = 0;      ///< wall time of the last buildView call, ms
    bool pending = false;       ///< the result for `inputs` is being computed in the background
};

/// True when buildView(view, state) is expected to take well over a frame (seeded random q/k on the score view,
/// reduced over blocks of more than one position, with context × head_dim above 2^24: about 0.1 s and up).
bool expectSlow(View view, const AppState& state);

class ResultCache {
  public:
    ResultCache() = default;
    ResultCache(const ResultCache&) = delete;
    ResultCache& operator=(const ResultCache&) = delete;
    ~ResultCache();  ///< waits for running background computations

    /// The up-to-date entry of `view` for `state` (recomputed here if its inputs changed), or with background work
    /// on and a slow computation, the previous result with `pending` set (see above).
    CachedView& get(View view, const AppState& state);
    /// Slow computations on a worker thread (true) or in get() itself (false, the default).
    void setBackground(bool on) { background_ = on; }
    /// True while any view waits for a background result.
    bool busy() const;
    /// True when a background computation has ended and the next get() of its view collects it.
    bool backgroundResultReady() const;
    /// Called on the worker thread as a background computation ends (the window wakes its event loop with it,
    /// render::GlContext::postEmptyEvent). Set before the first get(); empty = none.
    void setOnBackgroundDone(std::function<void()> callback) { onBackgroundDone_ = std::move(callback); }
    /// Fraction done of the background computation of `view` (0..1), or -1 when none is running.
    double backgroundProgress(View view) const;
    /// Asks the background computation of `view` to stop (no-op when none is running).
    void cancelBackground(View view);
    /// Blocks until every started background computation has ended (the next get() collects or drops it).
    void waitForBackground();
    /// Entry without recomputing (may be stale or empty).
    const CachedView& peek(View view) const { return views_[static_cast<size_t>(view)]; }
    uint64_t computeCount(View view) const { return peek(view).computeCount; }
    /// Forget everything (next get recomputes).
    void clear();

  private:
    struct Outcome {
        bool ok = false;
        ViewResult result;
        std::string error;
        double millis = 0;
    };
    struct Job {
        std::future<Outcome> future;                    ///< valid while running or not yet collected
        AppState inputs;                                ///< what it computes
        std::shared_ptr<core::Progress> progress;       ///< its progress and cancel flag
        std::shared_ptr<std::atomic<double>> fraction;  ///< written by the progress callback
    };
    static Outcome compute(View view, const AppState& state, core::Progress* progress = nullptr);
    void apply(CachedView& entry, Outcome&& outcome);
    void start(View view, const AppState& state);

    std::array<CachedView, static_cast<size_t>(View::Count)> views_;
    std::array<Job, static_cast<size_t>(View::Count)> jobs_;
    bool background_ = false;
    std::function<void()> onBackgroundDone_;
};

}  // namespace phaselens::model
