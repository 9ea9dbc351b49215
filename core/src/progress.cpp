// Progress and cancellation (phaselens/progress.h).
#include "phaselens/progress.h"

#include <algorithm>

namespace phaselens::core {

namespace {
thread_local Progress* tCurrent = nullptr;
}  // namespace

void Progress::start(int64_t totalUnits) noexcept {
    total_.store(std::max<int64_t>(0, totalUnits), std::memory_order_relaxed);
    done_.store(0, std::memory_order_relaxed);
    reported_.store(-1, std::memory_order_relaxed);
}

void Progress::advance(int64_t units) {
    const int64_t done = done_.fetch_add(units, std::memory_order_relaxed) + units;
    const int64_t total = total_.load(std::memory_order_relaxed);
    if (callback_ && total > 0) {
        const double fraction = std::clamp(static_cast<double>(done) / static_cast<double>(total), 0.0, 1.0);
        const auto step = static_cast<int64_t>(fraction * 10000.0);
        if (step > reported_.load(std::memory_order_relaxed)) {
            // The one advance that completes the work waits for a busy callback, so the last report is 1.
            std::unique_lock<std::mutex> lock(callbackMutex_, std::defer_lock);
            if (done >= total)
                lock.lock();
            else
                (void)lock.try_lock();
            // Re-checked under the lock: a callback that cancelled (the lock orders it before this) is the
            // last report, so no thread reports progress of a cancelled computation.
            if (lock.owns_lock() && !cancelled() && step > reported_.load(std::memory_order_relaxed)) {
                reported_.store(step, std::memory_order_relaxed);
                callback_(fraction);
            }
        }
    }
    check();
}

Progress* currentProgress() noexcept {
    return tCurrent;
}

ProgressScope::ProgressScope(Progress* progress) noexcept : previous_(tCurrent) {
    tCurrent = progress;
}

ProgressScope::~ProgressScope() {
    tCurrent = previous_;
}

}  // namespace phaselens::core
