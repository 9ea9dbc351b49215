// The core's thread helpers (core/src/parallel.h on the persistent workers of core/src/worker_pool.h): the same
// chunks wherever they run, every index exactly once, exceptions (core::Cancelled included) on the caller as
// before, nested and concurrent calls that always finish, and threads that are reused instead of started per call.
#include "../../core/src/parallel.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "phaselens/progress.h"

namespace phaselens::core::detail {
namespace {

std::vector<std::pair<int64_t, int64_t>> chunksOf(int64_t n, int threads, int64_t grain) {
    std::mutex m;
    std::vector<std::pair<int64_t, int64_t>> out;
    parallelChunks(n, threads, grain, [&](int64_t b, int64_t e) {
        const std::lock_guard<std::mutex> lock(m);
        out.emplace_back(b, e);
    });
    std::sort(out.begin(), out.end());
    return out;
}

TEST(ParallelChunks, ChunksDependOnSizeThreadsAndGrainOnly) {
    for (int64_t n : {1, 2, 7, 64, 1000, 4097})
        for (int threads : {1, 2, 3, 8, 100})
            for (int64_t grain : {1, 3, 64}) {
                const int64_t grains = (n + grain - 1) / grain;
                const int64_t t = std::min<int64_t>(threads, grains);
                const int64_t per = (grains + t - 1) / t * grain;
                std::vector<std::pair<int64_t, int64_t>> expected;
                for (int64_t i = 0; i < t; ++i)
                    if (i * per < n) expected.emplace_back(i * per, std::min(n, (i + 1) * per));
                for (int repeat = 0; repeat < 3; ++repeat)
                    ASSERT_EQ(chunksOf(n, threads, grain), expected) << n << " " << threads << " " << grain;
            }
    EXPECT_TRUE(chunksOf(0, 4, 1).empty());
}

TEST(ParallelChunks, FirstChunkRunsOnTheCallerWithItsProgress) {
    Progress progress;
    const ProgressScope scope(&progress);
    const std::thread::id caller = std::this_thread::get_id();
    std::atomic<int> wrong{0};
    for (int repeat = 0; repeat < 50; ++repeat)
        parallelChunks(8, 4, 1, [&](int64_t b, int64_t) {
            if (b == 0 && (std::this_thread::get_id() != caller || currentProgress() != &progress)) ++wrong;
            if (b != 0 && currentProgress() != nullptr) ++wrong;  // as on a thread of its own
        });
    EXPECT_EQ(wrong.load(), 0);
    EXPECT_EQ(currentProgress(), &progress);
}

TEST(ParallelChunks, LowestChunksExceptionIsRethrownAfterEveryChunkFinished) {
    for (int repeat = 0; repeat < 20; ++repeat) {
        std::atomic<int> finished{0};
        try {
            parallelChunks(4, 4, 1, [&](int64_t b, int64_t) {
                if (b == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
                ++finished;
                if (b >= 2) throw std::runtime_error("chunk " + std::to_string(b));
            });
            FAIL() << "no exception";
        } catch (const std::runtime_error& e) {
            EXPECT_STREQ(e.what(), "chunk 2");
        }
        EXPECT_EQ(finished.load(), 4);
    }
}

TEST(ParallelItems, EveryItemOnceAndCancelledReachesTheCaller) {
    for (int threads : {1, 2, 5, 16}) {
        std::vector<std::atomic<int>> seen(1000);
        parallelItems(1000, threads, 7, [&](int64_t i) { ++seen[static_cast<size_t>(i)]; });
        for (const auto& s : seen) ASSERT_EQ(s.load(), 1) << threads;
    }
    Progress progress;
    std::atomic<int64_t> items{0};
    EXPECT_THROW(parallelItems(
                     1 << 20, 4, 1,
                     [&](int64_t) {
                         if (++items == 100) progress.cancel();
                     },
                     &progress),
                 Cancelled);
    EXPECT_LT(items.load(), int64_t{1} << 20);
}

TEST(ParallelItems, NestedCallsFromWorkersFinish) {
    // Three levels, more chunks than cores and than idle workers: inner calls run inline when nobody is free.
    std::atomic<int64_t> total{0};
    parallelItems(16, 8, 1, [&](int64_t) {
        parallelChunks(64, 8, 1, [&](int64_t b, int64_t e) { parallelItems(e - b, 4, 1, [&](int64_t) { ++total; }); });
    });
    EXPECT_EQ(total.load(), 16 * 64);
}

TEST(ParallelItems, ConcurrentCallersGetTheirOwnResults) {
    std::vector<std::thread> callers;
    std::atomic<int> wrong{0};
    for (int c = 0; c < 4; ++c)
        callers.emplace_back([&, c] {
            for (int repeat = 0; repeat < 200; ++repeat) {
                std::vector<int64_t> out(257, -1);
                parallelItems(257, 3, 5, [&](int64_t i) { out[static_cast<size_t>(i)] = i * c; });
                for (int64_t i = 0; i < 257; ++i)
                    if (out[static_cast<size_t>(i)] != i * c) ++wrong;
            }
        });
    for (std::thread& t : callers) t.join();
    EXPECT_EQ(wrong.load(), 0);
}

// Counts the threads that ever ran a chunk: a thread_local is constructed once per thread.
std::atomic<int> gThreadsSeen{0};
struct ThreadMark {
    ThreadMark() { ++gThreadsSeen; }
};
thread_local ThreadMark tMark;

TEST(ParallelChunks, ThreadsAreReusedAcrossCalls) {
    parallelChunks(4, 4, 1, [](int64_t, int64_t) { (void)&tMark; });  // the workers exist
    const int before = gThreadsSeen.load();
    for (int repeat = 0; repeat < 500; ++repeat) parallelChunks(4, 4, 1, [](int64_t, int64_t) { (void)&tMark; });
    // One thread per chunk and call would be 1500 new threads; only workers the pool did not have yet are new.
    EXPECT_LE(gThreadsSeen.load() - before, kMaxPoolWorkers);
}

}  // namespace
}  // namespace phaselens::core::detail
