// PhaseLens CLI — Ctrl-C and progress for long commands (`compute`, `export`).
//
// While an Interruptible is alive:
//   * SIGINT and SIGTERM only store `true` into a std::atomic<bool> (async-signal-safe). Its core::Progress
//     watches that flag, so the running computation stops at its next poll with core::Cancelled; the command
//     then exits with kExitInterrupted (130 = 128 + SIGINT, what a shell reports for Ctrl-C) and writes no
//     file (exports never commit once cancelled; temporary files are removed as the exception unwinds).
//     A second signal ends the process at once, as the signal would, after removing this process's temporary
//     files (safe_write.h).
//   * The Progress is installed as the ambient one of the calling thread (core::ProgressScope), so every core
//     computation under it reports and polls without a pointer being passed through.
//   * With `show` (stderr is a terminal, or --progress), the fraction is printed to stderr as one line
//     "<label>: 37.42%" rewritten in place with '\r' (at most every 0.01%, one write(2) per update, safe from
//     worker threads); the destructor ends that line.
// The previous signal actions are restored by the destructor.
#pragma once

#include <atomic>
#include <csignal>
#include <string>

#include "phaselens/progress.h"

namespace phaselens::cli {

constexpr int kExitInterrupted = 130;

class Interruptible {
  public:
    Interruptible(std::string label, bool show);
    ~Interruptible();
    Interruptible(const Interruptible&) = delete;
    Interruptible& operator=(const Interruptible&) = delete;

    core::Progress& progress() { return progress_; }
    /// True once SIGINT or SIGTERM arrived.
    bool interrupted() const;
    /// Ends a percentage line, if one is showing, so the next message starts on a fresh line.
    void endLine();

  private:
    void show(double fraction);

    std::string label_;
    bool show_;
    std::atomic<int> shownPermille_{-1};
    std::atomic<bool> lineOpen_{false};
    core::Progress progress_;
    core::ProgressScope scope_;
    struct sigaction oldInt_ {};
    struct sigaction oldTerm_ {};
};

/// True when stderr is a terminal (progress is shown without --progress).
bool stderrIsTerminal();

}  // namespace phaselens::cli
