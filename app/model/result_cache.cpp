#include "model/result_cache.h"

#include <chrono>
#include <stdexcept>

namespace phaselens::model {

bool expectSlow(View view, const AppState& s) {
    // The base-bound searches (study-base-*) take 0.1–3 s.
    if (view == View::StudyBaseBound || view == View::StudyBaseWindows) return true;
    return view == View::Scores && s.scoreScheme == ScoreScheme::Rope && s.scoreSource == ScoreSource::Random &&
           s.reduction != core::Reduction::Point && s.contextLength > s.maxPixels &&
           static_cast<double>(s.contextLength) * s.rope.headDim > 16777216.0;
}

ResultCache::~ResultCache() {
    waitForBackground();
}

ResultCache::Outcome ResultCache::compute(View view, const AppState& state, core::Progress* progress) {
    Outcome out;
    const auto start = std::chrono::steady_clock::now();
    try {
        const core::ProgressScope scope(core::progressOr(progress));  // the core samplers poll it
        out.result = buildView(view, state);
        out.ok = true;
    } catch (const std::invalid_argument& e) {
        out.error = e.what();
    } catch (const core::Cancelled&) {
        out.error = "computation cancelled";
    }
    out.millis = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return out;
}

void ResultCache::apply(CachedView& entry, Outcome&& outcome) {
    if (outcome.ok) {
        entry.result = std::move(outcome.result);
        entry.hasResult = true;
        entry.error.clear();
        ++entry.version;
    } else {
        entry.error = std::move(outcome.error);
    }
    entry.lastMillis = outcome.millis;
}

void ResultCache::start(View view, const AppState& state) {
    Job& job = jobs_[static_cast<size_t>(view)];
    job.inputs = state;
    job.fraction = std::make_shared<std::atomic<double>>(0.0);
    job.progress = std::make_shared<core::Progress>(
        [fraction = job.fraction](double f) { fraction->store(f, std::memory_order_relaxed); });
    job.future = std::async(std::launch::async, [view, state, done = onBackgroundDone_, progress = job.progress] {
        Outcome outcome = compute(view, state, progress.get());
        if (done) done();
        return outcome;
    });
}

CachedView& ResultCache::get(View view, const AppState& state) {
    CachedView& entry = views_[static_cast<size_t>(view)];
    Job& job = jobs_[static_cast<size_t>(view)];
    // Collect a finished background job: its result counts only if nothing newer was asked for meanwhile.
    if (job.future.valid() && job.future.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
        Outcome outcome = job.future.get();
        if (entry.pending && !viewInputsDiffer(view, job.inputs, entry.inputs)) {
            apply(entry, std::move(outcome));
            entry.pending = false;
        } else if (entry.pending) {
            start(view, entry.inputs);  // superseded while running: compute the latest inputs
        }
    }
    if (entry.computed && !viewInputsDiffer(view, entry.inputs, state)) return entry;
    // A zoom or pan (only the view's window changed) re-samples in the background: the current image stays.
    bool zoomOnly = false;
    if (background_ && entry.hasResult && !(entry.inputs.windows[view] == state.windows[view])) {
        AppState probe = state;
        probe.windows = entry.inputs.windows;
        zoomOnly = !viewInputsDiffer(view, entry.inputs, probe);
    }
    entry.inputs = state;
    entry.computed = true;
    ++entry.computeCount;
    if (job.future.valid() && job.progress) job.progress->cancel();  // superseded: its result would be dropped
    if (background_ && (zoomOnly || expectSlow(view, state))) {
        entry.pending = true;
        if (!job.future.valid()) start(view, state);  // else: restarted with these inputs when the running one ends
        return entry;
    }
    entry.pending = false;  // a running job's result is dropped when it ends (its inputs are older)
    apply(entry, compute(view, state));
    return entry;
}

double ResultCache::backgroundProgress(View view) const {
    const Job& job = jobs_[static_cast<size_t>(view)];
    if (!job.future.valid() || !job.fraction) return -1.0;
    return job.fraction->load(std::memory_order_relaxed);
}

void ResultCache::cancelBackground(View view) {
    Job& job = jobs_[static_cast<size_t>(view)];
    if (job.future.valid() && job.progress) job.progress->cancel();
}

void ResultCache::waitForBackground() {
    for (Job& job : jobs_)
        if (job.future.valid()) job.future.wait();
}

bool ResultCache::busy() const {
    for (const CachedView& entry : views_)
        if (entry.pending) return true;
    return false;
}

bool ResultCache::backgroundResultReady() const {
    for (const Job& job : jobs_)
        if (job.future.valid() && job.future.wait_for(std::chrono::seconds(0)) == std::future_status::ready)
            return true;
    return false;
}

void ResultCache::clear() {
    waitForBackground();
    views_ = {};
    jobs_ = {};
}

}  // namespace phaselens::model
