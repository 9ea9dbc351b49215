// Score matrices at Llama 4 Scout's context (issue 17): 10,485,760 positions fit the segment budget, so min / max
// and softmax are exact (no "approximate" in the note), and pixels equal a brute force over their blocks.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "phaselens/heatmap.h"
#include "phaselens/rope.h"

namespace pc = phaselens::core;

namespace {

constexpr int64_t kScout = 10485760;

// RoPE all-ones scores at Scout's context and θ = 500000.
pc::MatrixSampleRequest scoutScores(int headDim, int64_t maxPixels) {
    pc::MatrixSampleRequest req;
    req.kernel = pc::ropeOnesKernel(pc::defaultInvFreq(headDim, 500000.0));
    req.n = kScout;
    req.maxPixels = maxPixels;
    req.alsoFloat64 = true;
    return req;
}

TEST(LongContextExact, ScoutMinMaxAreExactAndMatchBlocks) {
    pc::MatrixSampleRequest req = scoutScores(128, 1024);
    req.mask.type = pc::MaskType::Causal;
    for (auto red : {pc::Reduction::Min, pc::Reduction::Max}) {
        req.reduction = red;
        const pc::SampledMatrix s = pc::sampleToeplitzMatrix(req);
        EXPECT_TRUE(s.exact) << s.note;
        EXPECT_EQ(s.note.find("approximate"), std::string::npos) << s.note;
        EXPECT_NE(s.note.find(", exact"), std::string::npos) << s.note;
        for (auto [a, b] : {std::pair<int64_t, int64_t>{0, 0}, {5, 3}, {700, 1}, {1023, 1022}, {1023, 0}}) {
            // Block (a, b): offsets Δ = m − n over its rows and columns, the causal ones (Δ >= 0).
            const int64_t m0 = s.rows.blockStart(a), m1 = m0 + s.rows.blockLength(a) - 1;
            const int64_t n0 = s.cols.blockStart(b), n1 = n0 + s.cols.blockLength(b) - 1;
            double want = red == pc::Reduction::Max ? -INFINITY : INFINITY;
            for (int64_t d = std::max<int64_t>(0, m0 - n1); d <= m1 - n0; ++d) {
                const double f = pc::evaluateKernel(req.kernel, d);
                want = red == pc::Reduction::Max ? std::max(want, f) : std::min(want, f);
            }
            EXPECT_NEAR(s.valuesFloat64(a, b), want, 1e-9 * std::max(1.0, std::abs(want))) << a << " " << b;
        }
    }
}

TEST(LongContextExact, ScoutSoftmaxIsExact) {
    pc::MatrixSampleRequest req = scoutScores(16, 256);
    req.softmax = true;
    const pc::SampledMatrix s = pc::sampleToeplitzMatrix(req);
    EXPECT_TRUE(s.exact) << s.note;
    EXPECT_EQ(s.note.find("approximate"), std::string::npos) << s.note;
    // Brute force for one row: the log-normalizer over every key.
    const int64_t a = 100, m = s.rows.blockCentre(a);
    const Eigen::VectorXd f = pc::evaluateKernelRange(req.kernel, m - (kScout - 1), kScout);
    const double hi = f.maxCoeff();
    const double lse = hi + std::log((f.array() - hi).exp().sum());
    for (int64_t b : {int64_t{0}, int64_t{100}, int64_t{255}}) {
        const int64_t n = s.cols.blockCentre(b);
        const double want = std::exp(f[static_cast<Eigen::Index>(m - n - (m - (kScout - 1)))] - lse);
        EXPECT_NEAR(s.valuesFloat64(a, b), want, 1e-9 * want) << b;
    }
}

}  // namespace
