// PhaseLens core — the one thread helper of the core (internal, not installed).
//
//   resolveThreadCount(t)            t > 0 as given, 0 = std::thread::hardware_concurrency() (at least 1).
//   parallelChunks(n, t, grain, fn)  calls fn(begin, end) on contiguous chunks of [0, n) whose starts are
//                                    multiples of `grain`, one chunk per thread, the first on the calling
//                                    thread. Each index is handled by exactly one call, so results that
//                                    depend only on the index are identical for every thread count. When a
//                                    thread cannot be started (std::system_error), its chunk runs inline on
//                                    the calling thread. An exception in any chunk is rethrown on the
//                                    calling thread after all threads joined.
//   parallelItems(n, t, grain, body) calls body(i) for every i in [0, n); t = 0 means hardware concurrency.
//                                    Items are claimed dynamically in runs of `grain` (load balancing for
//                                    items of uneven cost) by workers started through parallelChunks, so the
//                                    same inline fallback applies. After the first exception no new items
//                                    are claimed and that exception is rethrown. Each item must write its
//                                    own outputs only, so results never depend on the thread count. With
//                                    a Progress, every claim first polls it (core::Cancelled ends the loop
//                                    like any exception).
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

#include "phaselens/progress.h"

namespace phaselens::core::detail {

inline int resolveThreadCount(int threads) {
    if (threads > 0) return threads;
    return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

template <class Fn>
void parallelChunks(int64_t n, int threads, int64_t grain, Fn&& fn) {
    if (n <= 0) return;
    grain = std::max<int64_t>(1, grain);
    const int64_t grains = (n + grain - 1) / grain;
    const int64_t t = std::min<int64_t>(std::max(1, threads), grains);
    const int64_t per = (grains + t - 1) / t * grain;
    // An exception in a worker (std::bad_alloc) is rethrown here after every thread has joined.
    std::vector<std::exception_ptr> errors(static_cast<size_t>(t));
    std::vector<std::thread> pool;
    pool.reserve(static_cast<size_t>(t));
    for (int64_t i = 1; i < t; ++i) {
        const int64_t b = i * per, e = std::min(n, b + per);
        if (b >= e) continue;
        std::exception_ptr* slot = &errors[static_cast<size_t>(i)];
        auto chunk = [&fn, b, e, slot] {
            try {
                fn(b, e);
            } catch (...) {
                *slot = std::current_exception();
            }
        };
        try {
            pool.emplace_back(chunk);
        } catch (const std::system_error&) {  // no thread could be started: do the chunk here
            chunk();
        }
    }
    try {
        fn(int64_t{0}, std::min(n, per));
    } catch (...) {
        errors[0] = std::current_exception();
    }
    for (auto& th : pool) th.join();
    for (const auto& error : errors)
        if (error) std::rethrow_exception(error);
}

template <class Body>
void parallelItems(int64_t count, int threads, int64_t grain, const Body& body, const Progress* progress = nullptr) {
    if (count <= 0) return;
    grain = std::max<int64_t>(1, grain);
    const int64_t workers = std::min<int64_t>(resolveThreadCount(threads), (count + grain - 1) / grain);
    if (workers <= 1) {
        for (int64_t b = 0; b < count; b += grain) {
            checkCancelled(progress);
            for (int64_t i = b; i < std::min(count, b + grain); ++i) body(i);
        }
        return;
    }
    std::atomic<int64_t> next{0};
    std::exception_ptr error;
    std::mutex errorMutex;
    auto run = [&]() {
        try {
            for (;;) {
                const int64_t b = next.fetch_add(grain);
                if (b >= count) break;
                checkCancelled(progress);
                const int64_t e = std::min(count, b + grain);
                for (int64_t i = b; i < e; ++i) body(i);
            }
        } catch (...) {
            std::lock_guard<std::mutex> lock(errorMutex);
            if (!error) error = std::current_exception();
            next.store(count);
        }
    };
    // One chunk per worker; each worker claims items until none are left.
    parallelChunks(workers, static_cast<int>(workers), 1, [&](int64_t w0, int64_t w1) {
        for (int64_t w = w0; w < w1; ++w) run();
    });
    if (error) std::rethrow_exception(error);
}

}  // namespace phaselens::core::detail
