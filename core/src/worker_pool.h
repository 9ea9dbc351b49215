// PhaseLens core — the persistent worker threads behind parallel.h (internal, not installed).
//
//   runChunks(count, task)   runs task(i) exactly once for every i in [0, count) and returns when every one has
//                            finished: chunk 0 first on the calling thread, the others on idle pool workers or,
//                            when none is idle, on the calling thread after chunk 0. task must not throw
//                            (parallel.h captures each chunk's exception in a slot of its own).
//
// Why a pool: every parallel call used to start and join its own std::threads; under the sanitizers a thread
// start/join costs about 1-4 ms (ASan's fake stack of detect_stack_use_after_return, shadow, TLB shootdowns), and
// the views start thousands of short parallel calls.
// The pool starts workers lazily, up to kMaxPoolWorkers in all; workers live until the program exits (joined by a
// static destructor). The calling thread never waits for a chunk that nobody has claimed: it claims the unclaimed
// chunks itself and then waits only for chunks that are already running. So a nested call (from inside a chunk,
// on a worker or not) always makes progress, and if no worker could be started (std::system_error) or all are busy,
// the chunks simply run inline, one after the other, on the calling thread.
// A chunk that runs on the calling thread runs under ProgressScope(nullptr), as it would on a fresh thread (so the
// ambient Progress, core::currentProgress(), is the caller's in chunk 0 only, as before).
#pragma once

#include <cstdint>

namespace phaselens::core::detail {

inline constexpr int kMaxPoolWorkers = 64;

/// A non-owning reference to a callable `void(int64_t)` (no allocation per parallel call).
struct ChunkTask {
    void* context = nullptr;
    void (*call)(void* context, int64_t chunk) noexcept = nullptr;
    void operator()(int64_t chunk) const noexcept { call(context, chunk); }
};

void runChunks(int64_t count, ChunkTask task);

}  // namespace phaselens::core::detail
