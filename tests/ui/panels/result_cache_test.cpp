// ResultCache's background work: slow views (expectSlow) computed on a worker thread return at once with the
// previous result and `pending`, then take exactly the result buildView gives for the latest inputs; superseded
// results are dropped, and a fast change made meanwhile is not overwritten.
#include "model/result_cache.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "model/views.h"

namespace phaselens::model {
namespace {

AppState slowState(uint64_t seed) {
    AppState s;
    s.scoreSource = ScoreSource::Random;
    s.reduction = core::Reduction::Mean;
    s.contextLength = int64_t{1} << 18;  // × head_dim 128 = 2^25: slow
    s.maxPixels = 128;
    s.seed = seed;
    return s;
}

// Calls get() (as frames do) until the view is no longer pending; fails after two minutes.
CachedView& settle(ResultCache& cache, View view, const AppState& state) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(2);
    while (cache.get(view, state).pending && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    return cache.get(view, state);
}

std::vector<float> valuesOf(const ViewResult& r) {
    return r.spec.heatmap ? r.spec.heatmap->values : std::vector<float>{};
}

TEST(ResultCacheBackground, OnlyRandomBlockReductionsOfLongContextsAreSlow) {
    EXPECT_TRUE(expectSlow(View::Scores, slowState(1)));
    AppState s = slowState(1);
    s.scoreSource = ScoreSource::Ones;
    EXPECT_FALSE(expectSlow(View::Scores, s));  // closed form
    s = slowState(1);
    s.reduction = core::Reduction::Point;
    EXPECT_FALSE(expectSlow(View::Scores, s));
    s = slowState(1);
    s.contextLength = 4096;
    EXPECT_FALSE(expectSlow(View::Scores, s));
    EXPECT_FALSE(expectSlow(View::Kernel, slowState(1)));
}

TEST(ResultCacheBackground, SlowViewReturnsAtOnceThenTheResultOfTheLatestInputs) {
    ResultCache cache;
    cache.setBackground(true);
    const AppState a = slowState(1), b = slowState(2);
    const CachedView& first = cache.get(View::Scores, a);
    EXPECT_TRUE(first.pending);
    EXPECT_FALSE(first.hasResult);
    EXPECT_TRUE(cache.busy());
    // Superseded while running: the result for `a` must not be shown; `b` is computed next.
    EXPECT_TRUE(cache.get(View::Scores, b).pending);
    const CachedView& done = settle(cache, View::Scores, b);
    EXPECT_FALSE(cache.busy());
    ASSERT_TRUE(done.hasResult);
    EXPECT_TRUE(done.error.empty());
    EXPECT_EQ(valuesOf(done.result), valuesOf(buildView(View::Scores, b)));
    EXPECT_NE(valuesOf(done.result), valuesOf(buildView(View::Scores, a)));
    EXPECT_EQ(done.version, 1u);  // the superseded result never became current
    EXPECT_EQ(done.computeCount, 2u);
    // Idle: nothing recomputed, nothing pending.
    EXPECT_FALSE(cache.get(View::Scores, b).pending);
    EXPECT_EQ(cache.computeCount(View::Scores), 2u);
}

TEST(ResultCacheBackground, AFastChangeMadeWhileASlowOneRunsIsKept) {
    ResultCache cache;
    cache.setBackground(true);
    EXPECT_TRUE(cache.get(View::Scores, slowState(3)).pending);
    AppState fast = slowState(3);
    fast.scoreSource = ScoreSource::Ones;
    const CachedView& now = cache.get(View::Scores, fast);  // computed in the frame
    EXPECT_FALSE(now.pending);
    ASSERT_TRUE(now.hasResult);
    const std::vector<float> expected = valuesOf(buildView(View::Scores, fast));
    EXPECT_EQ(valuesOf(now.result), expected);
    const uint64_t version = now.version;
    cache.waitForBackground();  // the slow job ends; the next get() drops its result
    const CachedView& after = cache.get(View::Scores, fast);
    EXPECT_EQ(after.version, version);
    EXPECT_EQ(valuesOf(after.result), expected);
    EXPECT_FALSE(cache.busy());
}

TEST(ResultCacheBackground, OffByDefaultComputesInTheCall) {
    ResultCache cache;
    const CachedView& e = cache.get(View::Scores, slowState(4));
    EXPECT_FALSE(e.pending);
    EXPECT_TRUE(e.hasResult);
}

}  // namespace
}  // namespace phaselens::model
