// phaselens/t5_majority.h — block-majority T5 bucket ids against a brute-force histogram of every entry.
#include "phaselens/t5_majority.h"

#include <map>

#include "test_util.h"

namespace phaselens::test {
namespace {

int bruteMajority(const core::T5BucketParams& p, int64_t r0, int64_t r1, int64_t c0, int64_t c1) {
    std::map<int, int64_t> hist;
    for (int64_t i = r0; i < r1; ++i)
        for (int64_t j = c0; j < c1; ++j) ++hist[core::t5Bucket(p, j - i)];
    int best = -1;
    int64_t bestCount = -1;
    for (const auto& [b, n] : hist)  // ascending ids: ties keep the smaller
        if (n > bestCount) best = b, bestCount = n;
    return best;
}

TEST(T5Majority, MatchesABruteForceHistogramOfEveryBlock) {
    for (const core::T5BucketParams p : {core::T5BucketParams{32, 128, true}, core::T5BucketParams{32, 128, false},
                                         core::T5BucketParams{8, 20, true}, core::T5BucketParams{256, 4096, true}}) {
        for (int64_t n : {int64_t{7}, int64_t{100}, int64_t{333}, int64_t{1000}}) {
            for (int64_t px : {int64_t{16}, int64_t{37}, int64_t{64}}) {
                const core::SampledMatrix m = core::sampleT5Majority(p, n, px);
                for (int64_t r = 0; r < m.rows.pixels; ++r)
                    for (int64_t c = 0; c < m.cols.pixels; ++c) {
                        const int64_t r0 = m.rows.blockStart(r), c0 = m.cols.blockStart(c);
                        const int expected =
                            bruteMajority(p, r0, r0 + m.rows.blockLength(r), c0, c0 + m.cols.blockLength(c));
                        ASSERT_EQ(m.values(r, c), static_cast<float>(expected))
                            << p.numBuckets << " " << p.bidirectional << " n " << n << " px " << px << " at " << r
                            << "," << c;
                    }
            }
        }
    }
}

TEST(T5Majority, IdsAreWholeNumbersAtAMillionPositions) {
    const core::T5BucketParams p{32, 128, true};
    const core::SampledMatrix m = core::sampleT5Majority(p, int64_t{1} << 20, 1024);
    ASSERT_EQ(m.values.rows(), 1024);
    for (Eigen::Index k = 0; k < m.values.size(); ++k) {
        const float v = m.values.data()[k];
        ASSERT_EQ(v, std::floor(v));
        ASSERT_GE(v, 0.0f);
        ASSERT_LE(v, 31.0f);
    }
    // Far below the diagonal (key long before the query) the bucket is the last "past" id 15; far above, 31.
    EXPECT_EQ(m.values(1023, 0), 15.0f);
    EXPECT_EQ(m.values(0, 1023), 31.0f);
    EXPECT_THROW(core::sampleT5Majority({3, 128, true}, 10, 10), std::invalid_argument);
}

}  // namespace
}  // namespace phaselens::test
