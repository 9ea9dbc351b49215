// phaselens/rope.h — closed-form properties of rotations and positional kernels.
//
// Contents
//   [SECTION] Frequencies
//   [SECTION] Rotations: norms, pass-through, relative positions, pairing permutation
//   [SECTION] Kernels: sum of cosines, fast range, Toeplitz matrix

#include "phaselens/rope.h"

#include <cmath>
#include <vector>

#include "phaselens/attention.h"
#include "test_util.h"

namespace phaselens::test {
namespace {

using core::Pairing;
constexpr Pairing kPairings[] = {Pairing::HalfSplit, Pairing::Interleaved};

// -----------------------------------------------------------------------------
// [SECTION] Frequencies
// -----------------------------------------------------------------------------

TEST(RopeFrequencies, ThetaIsBasePowerOfRotaryDim) {
    const Eigen::VectorXd theta = core::defaultInvFreq(128, 10000.0);
    ASSERT_EQ(theta.size(), 64);
    EXPECT_EQ(theta[0], 1.0);
    EXPECT_NEAR(theta[16], 0.1, 1e-16);  // 10000^(−32/128) = 10^−1
    EXPECT_NEAR(theta[32], 0.01, 1e-17);
    for (int i = 0; i < 64; ++i) EXPECT_NEAR(theta[i], std::pow(10000.0, -2.0 * i / 128), 1e-15 * theta[i]) << i;
    for (int i = 1; i < 64; ++i) EXPECT_LT(theta[i], theta[i - 1]);
}

TEST(RopeFrequencies, PartialRotaryUsesRotaryDimInTheExponent) {
    // CONVENTIONS pitfall 1: 96 × 0.25 → 24 rotated channels, 12 frequencies 10000^(−2i/24).
    EXPECT_EQ(core::rotaryDim(96, 0.25), 24);
    EXPECT_EQ(core::rotaryDim(128, 1.0), 128);
    EXPECT_EQ(core::rotaryDim(80, 0.5), 40);
    const Eigen::VectorXd theta = core::defaultInvFreq(core::rotaryDim(96, 0.25), 10000.0);
    ASSERT_EQ(theta.size(), 12);
    EXPECT_NEAR(theta[11], std::pow(10000.0, -22.0 / 24.0), 1e-18);
    EXPECT_NEAR(theta[6], 0.01, 1e-17);
}

TEST(RopeFrequencies, WavelengthIsTwoPiOverTheta) {
    const Eigen::VectorXd theta = core::defaultInvFreq(64, 500000.0);
    const Eigen::VectorXd lambda = core::wavelengths(theta);
    EXPECT_DOUBLE_EQ(lambda[0], kTwoPi);
    for (Eigen::Index i = 0; i < theta.size(); ++i) EXPECT_NEAR(lambda[i] * theta[i], kTwoPi, 1e-13);
}

TEST(RopeFrequencies, PairingNamesRoundTrip) {
    for (Pairing p : kPairings) EXPECT_EQ(core::pairingFromName(core::pairingName(p)), p);
    EXPECT_STREQ(core::pairingName(Pairing::HalfSplit), "half-split");
    EXPECT_STREQ(core::pairingName(Pairing::Interleaved), "interleaved");
    EXPECT_TRUE(throwsInvalidArgument([] { core::pairingFromName("diagonal"); },
                                      {"pairing", "diagonal", "half-split", "interleaved"}));
}

// -----------------------------------------------------------------------------
// [SECTION] Rotations: norms, pass-through, relative positions, pairing permutation
// -----------------------------------------------------------------------------

TEST(RopeRotation, PositionZeroIsIdentity) {
    const Eigen::VectorXd theta = core::defaultInvFreq(32, 10000.0);
    const Eigen::VectorXd x = randomVector(32, 1);
    for (Pairing p : kPairings) EXPECT_EQ(core::rotate(x, 0.0, theta, p), x) << core::pairingName(p);
}

TEST(RopeRotation, PreservesNormBothPairings) {
    const Eigen::VectorXd theta = core::defaultInvFreq(64, 10000.0);
    for (uint64_t seed = 0; seed < 20; ++seed) {
        const Eigen::VectorXd x = randomVector(64, seed);
        for (double pos : {1.0, 7.0, 123.5, 4095.0, 1e5, -300.0})
            for (Pairing p : kPairings)
                EXPECT_NEAR(core::rotate(x, pos, theta, p).norm(), x.norm(), 1e-13 * x.norm())
                    << "seed " << seed << " pos " << pos << " " << core::pairingName(p);
    }
}

TEST(RopeRotation, PreservesNormOfEveryPair) {
    // A rotation acts pair by pair: each pair's 2-norm is kept, not only the total.
    const int r = 16, h = r / 2;
    const Eigen::VectorXd theta = core::defaultInvFreq(r, 10000.0);
    const Eigen::VectorXd x = randomVector(r, 9);
    const Eigen::VectorXd yh = core::rotate(x, 77.0, theta, Pairing::HalfSplit);
    const Eigen::VectorXd yi = core::rotate(x, 77.0, theta, Pairing::Interleaved);
    for (int j = 0; j < h; ++j) {
        EXPECT_NEAR(std::hypot(yh[j], yh[j + h]), std::hypot(x[j], x[j + h]), 1e-14) << j;
        EXPECT_NEAR(std::hypot(yi[2 * j], yi[2 * j + 1]), std::hypot(x[2 * j], x[2 * j + 1]), 1e-14) << j;
    }
}

TEST(RopeRotation, FirstPairTurnsByPositionRadians) {
    // theta_0 = 1: pair 0 of e_0 at position p is (cos p, sin p).
    const Eigen::VectorXd theta = core::defaultInvFreq(8, 10000.0);
    Eigen::VectorXd e0 = Eigen::VectorXd::Zero(8);
    e0[0] = 1.0;
    const Eigen::VectorXd yh = core::rotate(e0, 2.0, theta, Pairing::HalfSplit);
    EXPECT_DOUBLE_EQ(yh[0], std::cos(2.0));
    EXPECT_DOUBLE_EQ(yh[4], std::sin(2.0));  // half-split partner of channel 0 is channel r/2
    const Eigen::VectorXd yi = core::rotate(e0, 2.0, theta, Pairing::Interleaved);
    EXPECT_DOUBLE_EQ(yi[0], std::cos(2.0));
    EXPECT_DOUBLE_EQ(yi[1], std::sin(2.0));  // interleaved partner is channel 1
}

TEST(RopeRotation, PartialRotaryPassesTheRestThroughUnchanged) {
    const int headDim = 96, r = core::rotaryDim(headDim, 0.25);
    const Eigen::VectorXd theta = core::defaultInvFreq(r, 10000.0);
    const Eigen::VectorXd x = randomVector(headDim, 3);
    for (Pairing p : kPairings)
        for (double af : {1.0, 1.3}) {
            const Eigen::VectorXd y = core::rotate(x, 2047.0, theta, p, af);
            EXPECT_EQ(y.tail(headDim - r), x.tail(headDim - r)) << core::pairingName(p) << " af " << af;
            EXPECT_NEAR(y.head(r).norm(), af * x.head(r).norm(), 1e-13) << core::pairingName(p) << " af " << af;
        }
}

TEST(RopeRotation, AttentionFactorScalesRotatedChannelsOnly) {
    const Eigen::VectorXd theta = core::defaultInvFreq(8, 10000.0);
    const Eigen::VectorXd x = randomVector(12, 4);
    for (Pairing p : kPairings) {
        const Eigen::VectorXd y1 = core::rotate(x, 5.0, theta, p, 1.0);
        const Eigen::VectorXd y2 = core::rotate(x, 5.0, theta, p, 1.75);
        EXPECT_LT(maxAbsDiff(y2.head(8), 1.75 * y1.head(8)), 1e-15);
        EXPECT_EQ(y2.tail(4), x.tail(4));
    }
}

TEST(RopeRotation, DotProductDependsOnlyOnOffset) {
    const int d = 64;
    const Eigen::VectorXd theta = core::defaultInvFreq(d, 10000.0);
    const Eigen::VectorXd q = randomVector(d, 11), k = randomVector(d, 12);
    for (Pairing p : kPairings)
        for (double m : {0.0, 3.0, 100.0})
            for (double n : {0.0, 5.0, 90.0}) {
                const double ref = core::rotate(q, m, theta, p).dot(core::rotate(k, n, theta, p));
                for (double shift : {1.0, 17.0, 1000.0, 12345.0}) {
                    const double shifted =
                        core::rotate(q, m + shift, theta, p).dot(core::rotate(k, n + shift, theta, p));
                    EXPECT_NEAR(shifted, ref, 1e-10) << core::pairingName(p) << " m " << m << " n " << n;
                }
            }
}

TEST(RopeRotation, RotationsCompose) {
    // R(a)·R(b) = R(a + b): rotating twice equals rotating once by the sum.
    const Eigen::VectorXd theta = core::defaultInvFreq(16, 10000.0);
    const Eigen::VectorXd x = randomVector(16, 21);
    for (Pairing p : kPairings) {
        const Eigen::VectorXd twice = core::rotate(core::rotate(x, 37.0, theta, p), 55.0, theta, p);
        EXPECT_LT(maxAbsDiff(twice, core::rotate(x, 92.0, theta, p)), 1e-13);
        const Eigen::VectorXd back = core::rotate(core::rotate(x, 37.0, theta, p), -37.0, theta, p);
        EXPECT_LT(maxAbsDiff(back, x), 1e-14);
    }
}

/// Half-split layout → interleaved layout: y[2j] = x[j], y[2j+1] = x[j + r/2]; channels >= r unchanged.
Eigen::VectorXd halfToInterleaved(const Eigen::VectorXd& x, int r) {
    Eigen::VectorXd y = x;
    for (int j = 0; j < r / 2; ++j) {
        y[2 * j] = x[j];
        y[2 * j + 1] = x[j + r / 2];
    }
    return y;
}

TEST(RopeRotation, PairingsDifferByAFixedChannelPermutation) {
    const int headDim = 40, r = 24;
    const Eigen::VectorXd theta = core::defaultInvFreq(r, 10000.0);
    for (uint64_t seed = 0; seed < 5; ++seed) {
        const Eigen::VectorXd x = randomVector(headDim, 100 + seed);
        for (double pos : {1.0, 10.0, 2047.0}) {
            const Eigen::VectorXd half = core::rotate(x, pos, theta, Pairing::HalfSplit);
            const Eigen::VectorXd inter = core::rotate(halfToInterleaved(x, r), pos, theta, Pairing::Interleaved);
            EXPECT_LT(maxAbsDiff(halfToInterleaved(half, r), inter), 1e-15) << "pos " << pos;
            // ... yet the same x gives different vectors under the two pairings.
            EXPECT_GT(maxAbsDiff(half, core::rotate(x, pos, theta, Pairing::Interleaved)), 1e-3) << "pos " << pos;
        }
    }
}

TEST(RopeRotation, AllOnesKernelIsTheSameForBothPairings) {
    const Eigen::VectorXd theta = core::defaultInvFreq(32, 10000.0);
    const Eigen::VectorXd ones = Eigen::VectorXd::Ones(32);
    for (double delta : {1.0, 9.0, 500.0, 70000.0}) {
        const double h = core::rotate(ones, delta, theta, Pairing::HalfSplit).dot(ones);
        const double i = core::rotate(ones, delta, theta, Pairing::Interleaved).dot(ones);
        EXPECT_NEAR(h, i, 1e-12) << delta;
    }
}

TEST(RopeRotation, RotateRowsMatchesRotateRowByRow) {
    const Eigen::VectorXd theta = core::defaultInvFreq(16, 10000.0);
    const Eigen::MatrixXd X = randomMatrix(6, 20, 5);
    const Eigen::VectorXd pos = (Eigen::VectorXd(6) << 0, 1, 2, 50, 4095, 1e5).finished();
    for (Pairing p : kPairings) {
        const Eigen::MatrixXd Y = core::rotateRows(X, pos, theta, p, 1.1);
        for (Eigen::Index r = 0; r < 6; ++r)
            EXPECT_LT(maxAbsDiff(Y.row(r).transpose(), core::rotate(X.row(r).transpose(), pos[r], theta, p, 1.1)),
                      1e-15);
    }
}

TEST(RopeRotation, FullHeadAllOnesDotIncludesPassThroughConstant) {
    // q = k = 1 over the whole head: rotated part gives 2·af²·s(Δ), pass-through adds head_dim − r.
    const int headDim = 96, r = 24;
    const Eigen::VectorXd theta = core::defaultInvFreq(r, 10000.0);
    const Eigen::VectorXd ones = Eigen::VectorXd::Ones(headDim);
    const Eigen::VectorXd deltas = (Eigen::VectorXd(4) << 0, 3, 128, 65536).finished();
    const Eigen::VectorXd s = core::kernelSumCos(theta, deltas);
    for (Pairing p : kPairings)
        for (Eigen::Index j = 0; j < deltas.size(); ++j) {
            const double dot = core::rotate(ones, deltas[j], theta, p, 1.2).dot(core::rotate(ones, 0.0, theta, p, 1.2));
            EXPECT_NEAR(dot, 2.0 * 1.44 * s[j] + (headDim - r), 1e-10) << deltas[j];
        }
}

// -----------------------------------------------------------------------------
// [SECTION] Kernels: sum of cosines, fast range, Toeplitz matrix
// -----------------------------------------------------------------------------

TEST(RopeKernel, SumCosAtZeroIsPairCountAndEven) {
    const Eigen::VectorXd theta = core::defaultInvFreq(128, 10000.0);
    const Eigen::VectorXd deltas = (Eigen::VectorXd(5) << 0, 1, 37, 1000, 131072).finished();
    const Eigen::VectorXd pos = core::kernelSumCos(theta, deltas), neg = core::kernelSumCos(theta, -deltas);
    EXPECT_EQ(pos[0], 64.0);
    EXPECT_LT(maxAbsDiff(pos, neg), 1e-15);
    for (Eigen::Index j = 0; j < 5; ++j) {
        double ref = 0;
        for (Eigen::Index i = 0; i < 64; ++i) ref += std::cos(deltas[j] * theta[i]);
        EXPECT_NEAR(pos[j], ref, 1e-12) << deltas[j];
    }
}

TEST(RopeKernel, WeightedKernelIsTheRepeatedTokenScore) {
    // w_i = af²·(a_i² + b_i²) over the pairs of v gives (R_m v)·(R_n v) = s_w(m − n).
    const int r = 16;
    const double af = 1.15;
    const Eigen::VectorXd theta = core::defaultInvFreq(r, 10000.0);
    const Eigen::VectorXd v = randomVector(r, 8);
    for (Pairing p : kPairings) {
        Eigen::VectorXd w(r / 2);
        for (int j = 0; j < r / 2; ++j) {
            const double a = p == Pairing::HalfSplit ? v[j] : v[2 * j];
            const double b = p == Pairing::HalfSplit ? v[j + r / 2] : v[2 * j + 1];
            w[j] = af * af * (a * a + b * b);
        }
        for (double m : {0.0, 10.0, 400.0})
            for (double n : {0.0, 3.0, 399.0}) {
                const double dot = core::rotate(v, m, theta, p, af).dot(core::rotate(v, n, theta, p, af));
                const double kernel = core::kernelWeighted(theta, w, Eigen::VectorXd::Constant(1, m - n))[0];
                EXPECT_NEAR(dot, kernel, 1e-12) << core::pairingName(p) << " m " << m << " n " << n;
            }
    }
}

TEST(RopeKernel, RangeEqualsDirectSumFromZero) {
    for (double base : {10000.0, 500000.0}) {
        const Eigen::VectorXd theta = core::defaultInvFreq(128, base);
        const Eigen::VectorXd ones = Eigen::VectorXd::Ones(64);
        const int64_t count = 70001;
        const Eigen::VectorXd fast = core::kernelSumCosRange(theta, ones, 0, count, 1);
        const Eigen::VectorXd direct =
            core::kernelSumCos(theta, Eigen::VectorXd::LinSpaced(count, 0.0, static_cast<double>(count - 1)));
        EXPECT_LT(maxAbsDiff(fast, direct), 1e-9) << "base " << base;
    }
}

TEST(RopeKernel, RangeEqualsDirectSumFromLargeNegativeStart) {
    const Eigen::VectorXd theta = core::defaultInvFreq(64, 10000.0);
    const Eigen::VectorXd w = randomVector(32, 31).cwiseAbs();
    const int64_t first = -1'000'003, count = 5000;
    const Eigen::VectorXd fast = core::kernelSumCosRange(theta, w, first, count, 1);
    const Eigen::VectorXd direct = core::kernelWeighted(
        theta, w,
        Eigen::VectorXd::LinSpaced(count, static_cast<double>(first), static_cast<double>(first + count - 1)));
    EXPECT_LT(maxAbsDiff(fast, direct), 1e-9);
}

TEST(RopeKernel, RangeIsIndependentOfThreadCount) {
    // Results must not depend on the machine: threads = 1, 2, 3 and 0 (hardware) give identical bits.
    const Eigen::VectorXd theta = core::defaultInvFreq(128, 10000.0);
    const Eigen::VectorXd ones = Eigen::VectorXd::Ones(64);
    const int64_t count = 70001;  // above the single-thread cut-off
    const Eigen::VectorXd one = core::kernelSumCosRange(theta, ones, -123, count, 1);
    for (int threads : {2, 3, 0}) {
        const Eigen::VectorXd many = core::kernelSumCosRange(theta, ones, -123, count, threads);
        ASSERT_EQ(many.size(), count);
        Eigen::Index firstDiff = -1;
        for (Eigen::Index k = 0; k < count && firstDiff < 0; ++k)
            if (many[k] != one[k]) firstDiff = k;
        EXPECT_EQ(firstDiff, -1) << "threads " << threads << ": first differing offset index " << firstDiff
                                 << " (|diff| " << (firstDiff >= 0 ? std::abs(many[firstDiff] - one[firstDiff]) : 0.0)
                                 << "), max |diff| " << maxAbsDiff(many, one);
    }
}

TEST(RopeKernel, RangeEdgeCounts) {
    const Eigen::VectorXd theta = core::defaultInvFreq(8, 10000.0);
    const Eigen::VectorXd ones = Eigen::VectorXd::Ones(4);
    EXPECT_EQ(core::kernelSumCosRange(theta, ones, 5, 0).size(), 0);
    const Eigen::VectorXd one = core::kernelSumCosRange(theta, ones, 5, 1);
    ASSERT_EQ(one.size(), 1);
    EXPECT_NEAR(one[0], core::kernelSumCos(theta, Eigen::VectorXd::Constant(1, 5.0))[0], 1e-15);
}

TEST(RopeKernel, KernelMatrixIsToeplitzAndSymmetric) {
    const Eigen::VectorXd theta = core::defaultInvFreq(32, 10000.0);
    const Eigen::VectorXd w = Eigen::VectorXd::Constant(16, 2.0);
    const int64_t n = 33;
    const Eigen::MatrixXd K = core::kernelMatrix(theta, w, n);
    ASSERT_EQ(K.rows(), n);
    ASSERT_EQ(K.cols(), n);
    for (int64_t m = 0; m < n; ++m)
        for (int64_t c = 0; c < n; ++c) {
            EXPECT_EQ(K(m, c), K(std::abs(m - c), 0)) << m << "," << c;  // depends on |m − n| only
            EXPECT_NEAR(K(m, c), core::kernelWeighted(theta, w, Eigen::VectorXd::Constant(1, double(m - c)))[0], 1e-12);
        }
    EXPECT_EQ(K(0, 0), 32.0);
}

TEST(RopeKernel, KernelMatrixEqualsAllOnesRopeScores) {
    const int r = 32;
    const double af = 1.2;
    const Eigen::VectorXd theta = core::defaultInvFreq(r, 10000.0);
    const int64_t n = 40;
    const Eigen::MatrixXd K = core::kernelMatrix(theta, Eigen::VectorXd::Constant(r / 2, 2.0 * af * af), n);
    const Eigen::MatrixXd ones = Eigen::MatrixXd::Ones(n, r);
    const Eigen::VectorXd pos = Eigen::VectorXd::LinSpaced(n, 0.0, double(n - 1));
    for (Pairing p : kPairings)
        EXPECT_LT(maxAbsDiff(core::ropeScores(ones, ones, pos, pos, theta, p, af), K), 1e-11) << core::pairingName(p);
}

}  // namespace
}  // namespace phaselens::test
