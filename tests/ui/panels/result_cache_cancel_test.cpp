// ResultCache background jobs run under their own core::Progress: Cancel stops a job that would take minutes
// (random q/k block means over 2^31 positions) at its next poll, and the view keeps its previous plot.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "model/result_cache.h"
#include "model/views.h"

namespace phaselens::model {
namespace {

TEST(ResultCacheCancel, CancelStopsALongBackgroundJob) {
    AppState s;
    s.scoreSource = ScoreSource::Random;
    s.reduction = core::Reduction::Mean;
    s.contextLength = int64_t{1} << 31;
    s.maxPixels = 64;
    ASSERT_TRUE(expectSlow(View::Scores, s));
    ResultCache cache;
    cache.setBackground(true);
    ASSERT_TRUE(cache.get(View::Scores, s).pending);
    EXPECT_GE(cache.backgroundProgress(View::Scores), 0.0);
    cache.cancelBackground(View::Scores);
    // Bounded wait (the job would run for minutes if Cancel did nothing): the test fails, it does not hang.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(2);
    while (cache.get(View::Scores, s).pending && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    const CachedView& e = cache.get(View::Scores, s);
    EXPECT_FALSE(e.pending);
    EXPECT_FALSE(e.hasResult);
    EXPECT_EQ(e.error, "computation cancelled");
    EXPECT_LT(cache.backgroundProgress(View::Scores), 0.0);
    EXPECT_FALSE(cache.busy());
}

}  // namespace
}  // namespace phaselens::model
