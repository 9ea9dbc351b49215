// Progress and cancellation of the heatmap samplers (phaselens/progress.h): a cancelled Progress stops a
// sampler over a 2^31-position context after a small count of cells (units), never by timing; the
// numbers do not depend on whether a Progress is attached.
#include <gtest/gtest.h>

#include <atomic>
#include <vector>

#include "phaselens/heatmap.h"
#include "phaselens/progress.h"
#include "phaselens/rope.h"
#include "phaselens/xpos.h"

namespace pc = phaselens::core;

namespace {

constexpr int64_t kHuge = int64_t{1} << 31;

// Cancels itself at its first report (fraction >= 1/10000) and records every fraction it saw.
struct CancelAtFirstReport {
    pc::Progress progress{[this](double f) {
        fractions.push_back(f);
        progress.cancel();
    }};
    std::vector<double> fractions;
};

// After cancel-at-first-report the sampler may only finish the poll interval each worker was in: far
// below 1% of the declared work.
void expectStoppedEarly(const pc::Progress& p) {
    ASSERT_GT(p.unitsTotal(), 0);
    EXPECT_LT(p.unitsDone(), p.unitsTotal() / 100) << p.unitsDone() << " of " << p.unitsTotal();
}

pc::ToeplitzKernel smallRope() {
    return pc::ropeOnesKernel(pc::defaultInvFreq(8, 10000.0));
}

}  // namespace

// Past 1024 positions per block the means are taken over a 64-position grid per block and each block is one
// poll (it advances by the block's length): 1024 pixels make a block 1/1024 of an axis, so the blocks the two
// workers are in when the cancel lands stay far below 1% (with 64 pixels one block alone is 0.8%).
TEST(HeatmapProgress, RandomScoresMeanOver2To31StopsAfterFewCells) {
    CancelAtFirstReport c;
    pc::RandomScoresRequest r;
    r.theta = pc::defaultInvFreq(2, 10000.0);
    r.headDim = 2;
    r.n = kHuge;
    r.maxPixels = 1024;
    r.reduction = pc::Reduction::Mean;
    r.threads = 2;
    r.progress = &c.progress;
    EXPECT_THROW(pc::sampleRandomScores(r), pc::Cancelled);
    ASSERT_EQ(c.fractions.size(), 1u);
    EXPECT_EQ(c.progress.unitsTotal(), 2 * kHuge);
    expectStoppedEarly(c.progress);
}

TEST(HeatmapProgress, ToeplitzMaxOver2To31StopsAfterFewCells) {
    CancelAtFirstReport c;
    pc::MatrixSampleRequest r;
    r.kernel = smallRope();
    r.n = kHuge;
    r.maxPixels = 64;
    r.reduction = pc::Reduction::Max;
    r.threads = 2;
    r.progress = &c.progress;
    EXPECT_THROW(pc::sampleToeplitzMatrix(r), pc::Cancelled);
    expectStoppedEarly(c.progress);
}

TEST(HeatmapProgress, LadderMinAndCurveMaxOver2To31StopAfterFewCells) {
    {
        CancelAtFirstReport c;
        pc::LadderRequest r;
        r.theta = pc::defaultInvFreq(64, 10000.0);
        r.positions = kHuge;
        r.maxPixels = 64;
        r.reduction = pc::Reduction::Min;
        r.threads = 2;
        r.progress = &c.progress;
        EXPECT_THROW(pc::sampleLadder(r), pc::Cancelled);
        expectStoppedEarly(c.progress);
    }
    {
        CancelAtFirstReport c;
        EXPECT_THROW(pc::sampleKernelCurve(smallRope(), 0, kHuge - 1, 64, pc::Reduction::Max, 2, &c.progress),
                     pc::Cancelled);
        expectStoppedEarly(c.progress);
    }
}

TEST(HeatmapProgress, CancelledBeforeStartVisitsNothing) {
    pc::Progress p;
    p.cancel();
    pc::MatrixSampleRequest m;
    m.kernel = smallRope();
    m.n = kHuge;
    m.reduction = pc::Reduction::Mean;
    m.mask.type = pc::MaskType::Causal;
    m.progress = &p;
    EXPECT_THROW(pc::sampleToeplitzMatrix(m), pc::Cancelled);
    pc::RandomScoresRequest r;
    r.theta = pc::defaultInvFreq(8, 10000.0);
    r.headDim = 8;
    r.n = kHuge;
    r.reduction = pc::Reduction::Max;
    r.progress = &p;
    EXPECT_THROW(pc::sampleRandomScores(r), pc::Cancelled);
    EXPECT_THROW(pc::evaluateKernelRange(smallRope(), 0, kHuge, 0, &p), pc::Cancelled);
    pc::XposParams x;
    x.headDim = 64;
    EXPECT_THROW(pc::xposKernelOnes(x, Eigen::VectorXd::LinSpaced(1000, -500.0, 500.0), &p), pc::Cancelled);
    EXPECT_EQ(p.unitsDone(), 0);
}

TEST(HeatmapProgress, AmbientScopeIsUsedWhenNoneIsPassed) {
    pc::Progress p;
    p.cancel();
    pc::LadderRequest r;
    r.theta = pc::defaultInvFreq(8, 10000.0);
    r.positions = kHuge;
    r.reduction = pc::Reduction::Max;
    {
        const pc::ProgressScope scope(&p);
        EXPECT_EQ(pc::currentProgress(), &p);
        EXPECT_THROW(pc::sampleLadder(r), pc::Cancelled);
    }
    EXPECT_EQ(pc::currentProgress(), nullptr);
    r.positions = 4096;
    EXPECT_NO_THROW(pc::sampleLadder(r));  // the scope ended: not cancelled any more
}

TEST(HeatmapProgress, ReportsAreMonotoneAndValuesUnchanged) {
    pc::MatrixSampleRequest m;
    m.kernel = smallRope();
    m.n = 3000000;
    m.maxPixels = 128;
    m.reduction = pc::Reduction::Min;
    m.mask.type = pc::MaskType::Causal;
    m.alsoFloat64 = true;
    const pc::SampledMatrix plain = pc::sampleToeplitzMatrix(m);
    std::vector<double> seen;
    pc::Progress p([&](double f) { seen.push_back(f); });
    m.progress = &p;
    const pc::SampledMatrix watched = pc::sampleToeplitzMatrix(m);
    EXPECT_TRUE(plain.valuesFloat64 == watched.valuesFloat64);
    ASSERT_FALSE(seen.empty());
    for (size_t i = 1; i < seen.size(); ++i) EXPECT_GT(seen[i], seen[i - 1]);
    EXPECT_DOUBLE_EQ(seen.back(), 1.0);
    EXPECT_EQ(p.unitsDone(), p.unitsTotal());

    pc::RandomScoresRequest r;
    r.theta = pc::defaultInvFreq(16, 10000.0);
    r.headDim = 16;
    r.n = 1 << 20;
    r.maxPixels = 64;
    r.reduction = pc::Reduction::Mean;
    r.alsoFloat64 = true;
    const pc::SampledMatrix a = pc::sampleRandomScores(r);
    pc::Progress q;
    r.progress = &q;
    const pc::SampledMatrix b = pc::sampleRandomScores(r);
    EXPECT_TRUE(a.valuesFloat64 == b.valuesFloat64);
    EXPECT_EQ(q.unitsDone(), 2 * r.n);
}
