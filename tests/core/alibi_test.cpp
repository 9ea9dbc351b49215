// phaselens/alibi.h — head slopes and bias forms (CONVENTIONS.md "ALiBi slopes", "ALiBi bias").

#include "phaselens/alibi.h"

#include <cmath>
#include <vector>

#include "phaselens/attention.h"
#include "test_util.h"

namespace phaselens::test {
namespace {

using core::AlibiForm;

/// The reference recursion (ofirpress get_slopes), written independently of core.
std::vector<double> referenceSlopes(int n) {
    const auto powerOfTwo = [](int k) {
        std::vector<double> s;
        for (int h = 0; h < k; ++h) s.push_back(std::exp2(-8.0 * (h + 1) / k));
        return s;
    };
    if ((n & (n - 1)) == 0) return powerOfTwo(n);
    const int c = 1 << static_cast<int>(std::floor(std::log2(n)));
    std::vector<double> s = powerOfTwo(c);
    const std::vector<double> twice = referenceSlopes(2 * c);
    for (int j = 0; j < n - c; ++j) s.push_back(twice[static_cast<size_t>(2 * j)]);
    return s;
}

TEST(AlibiSlopes, EightHeadsArePowersOfOneHalf) {
    const Eigen::VectorXd m = core::alibiSlopes(8);
    ASSERT_EQ(m.size(), 8);
    for (int h = 0; h < 8; ++h) EXPECT_EQ(m[h], std::ldexp(1.0, -(h + 1))) << h;  // 2^−1 … 2^−8
}

TEST(AlibiSlopes, OneHeadIsTwoToTheMinusEight) {
    const Eigen::VectorXd m = core::alibiSlopes(1);
    ASSERT_EQ(m.size(), 1);
    EXPECT_EQ(m[0], 1.0 / 256.0);
}

TEST(AlibiSlopes, TwelveHeadsAreNotMonotonic) {
    const Eigen::VectorXd m = core::alibiSlopes(12);
    ASSERT_EQ(m.size(), 12);
    for (int h = 0; h < 8; ++h) EXPECT_EQ(m[h], std::ldexp(1.0, -(h + 1))) << h;
    const double tail[] = {-0.5, -1.5, -2.5, -3.5};
    for (int j = 0; j < 4; ++j) EXPECT_NEAR(m[8 + j], std::exp2(tail[j]), 1e-16) << j;
    EXPECT_GT(m[8], m[7]);  // jumps back up after the first eight
}

TEST(AlibiSlopes, Bloom112Heads) {
    // c = 64: heads 0..63 are the 64-head sequence, 64..111 take every other slope of the 128-head one.
    const Eigen::VectorXd m = core::alibiSlopes(112);
    ASSERT_EQ(m.size(), 112);
    EXPECT_EQ(m[0], std::exp2(-8.0 / 64.0));
    EXPECT_EQ(m[63], 1.0 / 256.0);                      // last of the 64-head sequence: 2^−8
    EXPECT_NEAR(m[64], std::exp2(-1.0 / 16.0), 1e-16);  // 2^(−8·1/128)
    EXPECT_NEAR(m[64], 0.9576032806985737, 1e-15);
    EXPECT_NEAR(m[65], std::exp2(-3.0 / 16.0), 1e-16);
    EXPECT_NEAR(m[111], std::exp2(-95.0 / 16.0), 1e-18);  // j = 47: 2^(−8·95/128)
}

TEST(AlibiSlopes, MatchReferenceRecursionForEveryHeadCountUpTo200) {
    for (int n = 1; n <= 200; ++n) {
        const Eigen::VectorXd m = core::alibiSlopes(n);
        const std::vector<double> ref = referenceSlopes(n);
        ASSERT_EQ(static_cast<size_t>(m.size()), ref.size()) << n;
        for (int h = 0; h < n; ++h) EXPECT_NEAR(m[h], ref[static_cast<size_t>(h)], 1e-15 * ref[h]) << n << "/" << h;
    }
}

TEST(AlibiBias, FormsByDefinition) {
    const double m = 0.25;
    const Eigen::MatrixXd lin = core::alibiBias(m, 6, AlibiForm::Linear);
    const Eigen::MatrixXd sym = core::alibiBias(m, 6, AlibiForm::Symmetric);
    const Eigen::MatrixXd key = core::alibiBias(m, 6, AlibiForm::KeyIndex);
    for (int i = 0; i < 6; ++i)
        for (int j = 0; j < 6; ++j) {
            EXPECT_EQ(lin(i, j), -m * (i - j));
            EXPECT_EQ(sym(i, j), -m * std::abs(i - j));
            EXPECT_EQ(key(i, j), m * j);
            EXPECT_EQ(core::alibiBiasValue(m, i, j, AlibiForm::Linear), lin(i, j));
        }
    EXPECT_EQ(lin.diagonal(), Eigen::VectorXd::Zero(6));
    EXPECT_EQ(lin(5, 0), -1.25);  // the oldest key gets the largest penalty
}

TEST(AlibiBias, KeyIndexFormDiffersByARowConstantAndGivesTheSameSoftmax) {
    for (double m : core::alibiSlopes(8)) {
        const int n = 9;
        const Eigen::MatrixXd lin = core::alibiBias(m, n, AlibiForm::Linear);
        const Eigen::MatrixXd key = core::alibiBias(m, n, AlibiForm::KeyIndex);
        for (int i = 0; i < n; ++i)
            for (int j = 0; j < n; ++j) EXPECT_NEAR(key(i, j) - lin(i, j), m * i, 1e-15);  // per-row constant
        Eigen::MatrixXd a = lin, b = key;
        core::applyMask(a, {core::MaskType::Causal, 0});
        core::applyMask(b, {core::MaskType::Causal, 0});
        EXPECT_LT(maxAbsDiff(core::rowSoftmax(a), core::rowSoftmax(b)), 1e-15) << "slope " << m;
        EXPECT_NEAR(maxAbsDiff(lin, key), m * (n - 1), 1e-15);  // ... but the matrices themselves differ
    }
}

TEST(AlibiBias, FormNamesRoundTrip) {
    for (AlibiForm f : {AlibiForm::Linear, AlibiForm::Symmetric, AlibiForm::KeyIndex})
        EXPECT_EQ(core::alibiFormFromName(core::alibiFormName(f)), f);
    EXPECT_TRUE(throwsInvalidArgument([] { core::alibiFormFromName("cubic"); }, {"alibi", "cubic", "key-index"}));
}

}  // namespace
}  // namespace phaselens::test
