// phaselens/t5_buckets.h — T5 relative-position buckets (relative_position = key − query).

#include "phaselens/t5_buckets.h"

#include <vector>

#include "test_util.h"

namespace phaselens::test {
namespace {

using core::T5BucketParams;

const T5BucketParams kBidir{32, 128, true};
const T5BucketParams kUnidir{32, 128, false};

TEST(T5Buckets, BidirectionalExactRangeAndDirectionOffset) {
    // nb = 16 per direction, max_exact = 8: |rel| < 8 is its own bucket; future keys are offset by 16.
    EXPECT_EQ(core::t5Bucket(kBidir, 0), 0);
    for (int r = 1; r < 8; ++r) {
        EXPECT_EQ(core::t5Bucket(kBidir, -r), r) << "past " << r;
        EXPECT_EQ(core::t5Bucket(kBidir, r), 16 + r) << "future " << r;
    }
}

TEST(T5Buckets, BidirectionalLogBoundaries) {
    // bucket(r) = 8 + trunc(ln(r/8)/ln(16)·8): r = 8, 16, 32, 64 land exactly on 8, 10, 12, 14;
    // r = 127 reaches 15 and everything beyond clamps to 15.
    const std::vector<std::pair<int, int>> past = {{8, 8},   {9, 8},   {15, 9},   {16, 10},  {31, 11},  {32, 12},
                                                   {63, 13}, {64, 14}, {127, 15}, {128, 15}, {200, 15}, {100000, 15}};
    for (const auto& [r, bucket] : past) {
        EXPECT_EQ(core::t5Bucket(kBidir, -r), bucket) << "rel −" << r;
        EXPECT_EQ(core::t5Bucket(kBidir, r), 16 + bucket) << "rel +" << r;
    }
}

TEST(T5Buckets, BidirectionalIsMonotoneInDistanceAndInRange) {
    int previousPast = 0, previousFuture = 16;
    for (int r = 0; r <= 300; ++r) {
        const int past = core::t5Bucket(kBidir, -r), future = core::t5Bucket(kBidir, r);
        EXPECT_GE(past, previousPast) << r;
        EXPECT_LE(past, 15) << r;
        if (r > 0) {
            EXPECT_GE(future, previousFuture) << r;
            EXPECT_GE(future, 17) << r;
            EXPECT_LE(future, 31) << r;
            previousFuture = future;
        }
        previousPast = past;
    }
}

TEST(T5Buckets, UnidirectionalMapsEveryFutureKeyToZero) {
    for (int r = 0; r <= 1000; ++r) EXPECT_EQ(core::t5Bucket(kUnidir, r), 0) << r;
}

TEST(T5Buckets, UnidirectionalPastUsesAllBuckets) {
    // nb = 32, max_exact = 16: bucket(r) = 16 + trunc(ln(r/16)/ln(8)·16) for r >= 16, capped at 31.
    for (int r = 0; r < 16; ++r) EXPECT_EQ(core::t5Bucket(kUnidir, -r), r);
    EXPECT_EQ(core::t5Bucket(kUnidir, -16), 16);
    EXPECT_EQ(core::t5Bucket(kUnidir, -32), 21);  // 16 + trunc(16/3)
    EXPECT_EQ(core::t5Bucket(kUnidir, -64), 26);  // 16 + trunc(32/3)
    EXPECT_EQ(core::t5Bucket(kUnidir, -128), 31);
    EXPECT_EQ(core::t5Bucket(kUnidir, -5000), 31);
}

TEST(T5Buckets, VectorAndMatrixFormsAgreeWithScalar) {
    const std::vector<int64_t> rel = {-200, -17, -1, 0, 1, 17, 200};
    const Eigen::VectorXi v = core::t5Buckets(kBidir, rel);
    ASSERT_EQ(v.size(), 7);
    for (size_t k = 0; k < rel.size(); ++k) EXPECT_EQ(v[static_cast<Eigen::Index>(k)], core::t5Bucket(kBidir, rel[k]));
    const Eigen::MatrixXi m = core::t5BucketMatrix(kBidir, 5, 7);
    ASSERT_EQ(m.rows(), 5);
    ASSERT_EQ(m.cols(), 7);
    for (int i = 0; i < 5; ++i)
        for (int j = 0; j < 7; ++j) EXPECT_EQ(m(i, j), core::t5Bucket(kBidir, j - i)) << i << "," << j;  // key − query
    EXPECT_EQ(m(4, 0), 4);   // key 4 in the past
    EXPECT_EQ(m(0, 4), 20);  // key 4 in the future
}

}  // namespace
}  // namespace phaselens::test
