// Ctrl-C and progress for long commands (interrupt.h).
#include "cli/interrupt.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "export/safe_write.h"

namespace phaselens::cli {

namespace {

std::atomic<bool> gInterrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free, "the signal handler stores into it");

extern "C" void onInterruptSignal(int sig) {
    if (gInterrupted.load(std::memory_order_relaxed)) {  // second signal: stop now, like the default action
        safe_write::removeTempFilesFromSignalHandler();
        std::signal(sig, SIG_DFL);
        std::raise(sig);
        return;
    }
    gInterrupted.store(true, std::memory_order_relaxed);
}

void install(int sig, struct sigaction& old) {
    struct sigaction act {};
    act.sa_handler = onInterruptSignal;
    sigemptyset(&act.sa_mask);
    act.sa_flags = SA_RESTART;  // blocking writes resume; the work notices the flag at its next poll
    ::sigaction(sig, &act, &old);
}

void writeAll(const char* data, size_t size) {
    while (size > 0) {
        const ssize_t n = ::write(STDERR_FILENO, data, size);
        if (n <= 0) return;  // progress is best effort
        data += n;
        size -= static_cast<size_t>(n);
    }
}

}  // namespace

bool stderrIsTerminal() {
    return ::isatty(STDERR_FILENO) == 1;
}

Interruptible::Interruptible(std::string label, bool show)
    : label_(std::move(label)),
      show_(show),
      progress_([this](double fraction) { this->show(fraction); }),
      scope_(&progress_) {
    gInterrupted.store(false, std::memory_order_relaxed);
    progress_.watch(&gInterrupted);
    install(SIGINT, oldInt_);
    install(SIGTERM, oldTerm_);
}

Interruptible::~Interruptible() {
    ::sigaction(SIGINT, &oldInt_, nullptr);
    ::sigaction(SIGTERM, &oldTerm_, nullptr);
    endLine();
}

bool Interruptible::interrupted() const {
    return progress_.cancelled();
}

void Interruptible::show(double fraction) {
    if (!show_) return;
    const int step = static_cast<int>(fraction * 10000.0);  // shown in steps of 0.01%
    if (step == shownPermille_.exchange(step)) return;
    char line[160];
    const int n = std::snprintf(line, sizeof line, "\r%s: %6.2f%%", label_.c_str(), step / 100.0);
    if (n > 0) writeAll(line, std::min(sizeof line - 1, static_cast<size_t>(n)));
    lineOpen_.store(true);
}

void Interruptible::endLine() {
    if (lineOpen_.exchange(false)) writeAll("\n", 1);
    shownPermille_.store(-1);
}

}  // namespace phaselens::cli
