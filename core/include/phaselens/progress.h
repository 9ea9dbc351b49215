// PhaseLens core — progress reports and cooperative cancellation for long computations.
//
// A Progress is shared by one long computation (a heatmap sampler, a long `compute` quantity) and whoever
// watches it (the CLI's Ctrl-C handler and percentage line, a window's progress bar).
//   * cancel() sets an atomic flag (a relaxed store to a lock-free std::atomic<bool>: async-signal-safe, so a
//     SIGINT handler may call it). The computation polls it every few thousand cells (check(), advance())
//     and throws Cancelled; the boundary (CLI, window) turns that into a clean stop. No result is returned,
//     nothing is written.
//   * start(total) declares the work in units (cells: offsets, positions, positions × pairs, rows), and
//     advance(n) adds n done units from any thread. The callback receives fraction = done / total in [0, 1]
//     whenever it grew by at least 1/10000 since the last call; it is never called concurrently (a busy
//     callback makes other threads skip that report, they never wait, except the one advance that completes the
//     work, which waits so that the last report of finished work is 1) and fractions never decrease
//     within one start(). After cancel() no further report is made (a callback that cancels is the last one).
//   * Computations take an optional Progress* (nullptr = none); when none is passed they use the ambient one
//     installed on the calling thread by ProgressScope (so boundaries need not thread a pointer through
//     every layer). Worker threads are started by the computation, which reads the ambient pointer once
//     on the calling thread. With no Progress at all the cost is a null check; results never depend on it.
#pragma once

#include <atomic>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>

namespace phaselens::core {

/// Thrown by a computation whose Progress was cancelled. Deliberately not a std::runtime_error or
/// std::invalid_argument, so handlers that map those to "bad input" do not swallow it.
class Cancelled : public std::exception {
  public:
    const char* what() const noexcept override { return "cancelled"; }
};

class Progress {
  public:
    using Callback = std::function<void(double fraction)>;

    Progress() = default;
    explicit Progress(Callback callback) : callback_(std::move(callback)) {}
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;

    /// Requests cancellation (async-signal-safe).
    void cancel() noexcept { cancelled_.store(true, std::memory_order_relaxed); }
    bool cancelled() const noexcept {
        return cancelled_.load(std::memory_order_relaxed) ||
               (external_ != nullptr && external_->load(std::memory_order_relaxed));
    }
    /// Also treats `flag` (e.g. set by a SIGINT handler; must outlive this object) as a cancel request.
    /// Call before the computation starts.
    void watch(const std::atomic<bool>* flag) noexcept { external_ = flag; }
    /// Throws Cancelled when cancel() was called.
    void check() const {
        if (cancelled()) throw Cancelled();
    }

    /// Declares `totalUnits` (>= 0) of work and resets the done count and the report threshold.
    void start(int64_t totalUnits) noexcept;
    /// Adds `units` done (thread-safe), reports the fraction when it grew by >= 1/10000, then check().
    void advance(int64_t units);
    int64_t unitsDone() const noexcept { return done_.load(std::memory_order_relaxed); }
    int64_t unitsTotal() const noexcept { return total_.load(std::memory_order_relaxed); }

  private:
    std::atomic<bool> cancelled_{false};
    const std::atomic<bool>* external_ = nullptr;
    std::atomic<int64_t> done_{0}, total_{0};
    std::atomic<int64_t> reported_{-1};  // last reported fraction in 1/10000
    Callback callback_;
    std::mutex callbackMutex_;
};

static_assert(std::atomic<bool>::is_always_lock_free, "cancel() must be async-signal-safe");

/// The Progress installed on this thread by the innermost live ProgressScope, or nullptr.
Progress* currentProgress() noexcept;
/// `explicitProgress` when not null, else currentProgress().
inline Progress* progressOr(Progress* explicitProgress) noexcept {
    return explicitProgress != nullptr ? explicitProgress : currentProgress();
}
/// Polls p (nullptr: no-op); throws Cancelled.
inline void checkCancelled(const Progress* p) {
    if (p != nullptr) p->check();
}

/// Installs `progress` as this thread's ambient Progress until destroyed (scopes nest).
class ProgressScope {
  public:
    explicit ProgressScope(Progress* progress) noexcept;
    ~ProgressScope();
    ProgressScope(const ProgressScope&) = delete;
    ProgressScope& operator=(const ProgressScope&) = delete;

  private:
    Progress* previous_;
};

}  // namespace phaselens::core
