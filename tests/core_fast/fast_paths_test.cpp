// The large-size fast paths of core (chosen by size, so the small cases of tests/core never reach them) against the
// definitions: the packed/threaded product behind rawScores and ropeScores, the shared cos/sin table of ropeScores,
// threaded rotateRows, the anchored sinusoidal table, ALiBi and kernel matrices copied from their 2N − 1 values, and
// the table-based kernelSumCosRange. References use long double where the double formula itself rounds.
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <cmath>
#include <cstdint>
#include <random>

#include "phaselens/alibi.h"
#include "phaselens/attention.h"
#include "phaselens/rope.h"
#include "phaselens/sinusoidal.h"

namespace phaselens::test {
namespace {

namespace core = phaselens::core;

Eigen::MatrixXd randomMatrix(Eigen::Index rows, Eigen::Index cols, uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal;
    Eigen::MatrixXd m(rows, cols);
    for (Eigen::Index j = 0; j < cols; ++j)
        for (Eigen::Index i = 0; i < rows; ++i) m(i, j) = normal(rng);
    return m;
}

double maxAbsDiff(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
    EXPECT_EQ(a.rows(), b.rows());
    EXPECT_EQ(a.cols(), b.cols());
    return (a - b).cwiseAbs().maxCoeff();
}

// [SECTION] Products

TEST(FastPaths, LargeProductsMatchEigenForEveryTileShape) {
    // Shapes above the fast-path threshold (2^22 multiply-adds) with rows and columns that are not multiples of the
    // 8 × 6 tile, a depth of 1, and a single row or column.
    struct Shape {
        Eigen::Index m, n, k;
    };
    for (const Shape s : {Shape{1001, 997, 37}, Shape{5, 1000, 1000}, Shape{1000, 7, 1000}, Shape{4099, 1025, 1},
                          Shape{1, 5000, 1000}, Shape{3000, 1, 2000}}) {
        const Eigen::MatrixXd Q = randomMatrix(s.m, s.k, 1), K = randomMatrix(s.n, s.k, 2);
        const Eigen::MatrixXd reference = Q * K.transpose();
        const double tol = 1e-14 * static_cast<double>(s.k) * 8.0;
        EXPECT_LT(maxAbsDiff(core::rawScores(Q, K), reference), tol) << s.m << "x" << s.n << "x" << s.k;
        EXPECT_LT(maxAbsDiff(core::rawScores(Q, K, true), reference / std::sqrt(double(s.k))), tol)
            << s.m << "x" << s.n << "x" << s.k << " scaled";
    }
}

TEST(FastPaths, LargeProductIsDeterministic) {
    const Eigen::MatrixXd Q = randomMatrix(777, 64, 3), K = randomMatrix(901, 64, 4);
    const Eigen::MatrixXd a = core::rawScores(Q, K), b = core::rawScores(Q, K);
    EXPECT_TRUE(a == b);
}

TEST(FastPaths, RopeScoresWithSharedPositionsEqualRotateRowsThenProduct) {
    const int64_t n = 1500;
    const Eigen::VectorXd theta = core::defaultInvFreq(64, 10000.0);
    const Eigen::MatrixXd Q = randomMatrix(n, 80, 5), K = randomMatrix(n, 80, 6);  // 16 pass-through channels
    const Eigen::VectorXd pos = Eigen::VectorXd::LinSpaced(n, 0.0, double(n - 1));
    for (core::Pairing p : {core::Pairing::HalfSplit, core::Pairing::Interleaved}) {
        const Eigen::MatrixXd rq = core::rotateRows(Q, pos, theta, p, 1.3),
                              rk = core::rotateRows(K, pos, theta, p, 1.3);
        const Eigen::MatrixXd reference = rq * rk.transpose();
        EXPECT_LT(maxAbsDiff(core::ropeScores(Q, K, pos, pos, theta, p, 1.3), reference), 1e-11)
            << core::pairingName(p);
        // Different key positions take the other path; shifting both keeps the scores (RoPE is relative).
        const Eigen::VectorXd shifted = pos.array() + 37.0;
        EXPECT_LT(maxAbsDiff(core::ropeScores(Q, K, shifted, shifted, theta, p, 1.3), reference), 1e-9);
    }
}

TEST(FastPaths, ThreadedRotateRowsEqualsRotateOneVectorAtATime) {
    const int64_t n = 2048;  // n · pairs above the threading threshold
    const Eigen::VectorXd theta = core::defaultInvFreq(128, 500000.0);
    const Eigen::MatrixXd X = randomMatrix(n, 130, 7);
    const Eigen::VectorXd pos = Eigen::VectorXd::LinSpaced(n, -100.0, double(n - 101)) * 3.5;
    for (core::Pairing p : {core::Pairing::HalfSplit, core::Pairing::Interleaved}) {
        const Eigen::MatrixXd all = core::rotateRows(X, pos, theta, p, 0.9);
        for (Eigen::Index r : {Eigen::Index(0), Eigen::Index(1), Eigen::Index(1000), Eigen::Index(n - 1)}) {
            const Eigen::VectorXd one = core::rotate(X.row(r).transpose(), pos[r], theta, p, 0.9);
            EXPECT_TRUE(all.row(r).transpose() == one) << "row " << r << " " << core::pairingName(p);
        }
    }
}

// [SECTION] Tables

TEST(FastPaths, AnchoredSinusoidalTableIsAccurateToAFewUlp) {
    // Consecutive integer positions use exact anchors every 256 positions and the exact products p·ω; the
    // reference takes sin/cos of the long double product (error <= 2^-64·|p·ω| <= 4e-15 here).
    const int64_t n = 70000;
    for (auto layout : {core::SinusoidalLayout::Interleaved, core::SinusoidalLayout::Concatenated}) {
        const core::SinusoidalParams params{64, 10000.0, layout};
        const Eigen::VectorXd pos = Eigen::VectorXd::LinSpaced(n, -3000.0, double(n - 3001));
        const Eigen::MatrixXd pe = core::sinusoidalTable(params, pos);
        const Eigen::VectorXd omega = core::sinusoidalFrequencies(params);
        double worst = 0.0;
        for (int64_t r = 0; r < n; r += 7)
            for (int k = 0; k < 32; ++k) {
                const long double angle = static_cast<long double>(pos[r]) * static_cast<long double>(omega[k]);
                worst = std::max(worst, std::abs(pe(r, core::sinusoidalChannel(params, k, false)) -
                                                 static_cast<double>(std::sin(angle))));
                worst = std::max(worst, std::abs(pe(r, core::sinusoidalChannel(params, k, true)) -
                                                 static_cast<double>(std::cos(angle))));
            }
        EXPECT_LT(worst, 1e-14);
        EXPECT_EQ(pe(3000, core::sinusoidalChannel(params, 5, false)), 0.0);  // position 0
        EXPECT_EQ(pe(3000, core::sinusoidalChannel(params, 5, true)), 1.0);
    }
    const core::SinusoidalParams params{16, 10000.0, core::SinusoidalLayout::Interleaved};
    EXPECT_TRUE(core::sinusoidalTable(params, n) ==
                core::sinusoidalTable(params, Eigen::VectorXd::LinSpaced(n, 0.0, double(n - 1))));
}

TEST(FastPaths, SinusoidalTableOfOtherPositionsIsTheDirectFormula) {
    const core::SinusoidalParams params{32, 10000.0, core::SinusoidalLayout::Interleaved};
    const Eigen::VectorXd pos = Eigen::VectorXd::LinSpaced(4000, 0.0, 3999.0) * 0.5;  // half positions
    const Eigen::MatrixXd pe = core::sinusoidalTable(params, pos);
    const Eigen::VectorXd omega = core::sinusoidalFrequencies(params);
    for (int64_t r : {int64_t(0), int64_t(1), int64_t(2999), int64_t(3999)})
        for (int k = 0; k < 16; ++k) {
            EXPECT_EQ(pe(r, 2 * k), std::sin(pos[r] * omega[k]));
            EXPECT_EQ(pe(r, 2 * k + 1), std::cos(pos[r] * omega[k]));
        }
}

TEST(FastPaths, AlibiBiasIsTheFormulaForEveryForm) {
    for (auto form : {core::AlibiForm::Linear, core::AlibiForm::Symmetric, core::AlibiForm::KeyIndex}) {
        const int64_t n = 301;
        const Eigen::MatrixXd b = core::alibiBias(0.0625, n, form);
        ASSERT_EQ(b.rows(), n);
        for (int64_t i = 0; i < n; i += 3)
            for (int64_t j = 0; j < n; ++j)
                ASSERT_EQ(b(i, j), core::alibiBiasValue(0.0625, i, j, form)) << i << "," << j;
    }
    EXPECT_EQ(core::alibiBias(0.5, 0).size(), 0);
}

TEST(FastPaths, KernelMatrixIsToeplitzOfTheRange) {
    const Eigen::VectorXd theta = core::defaultInvFreq(128, 10000.0);
    const Eigen::VectorXd w = Eigen::VectorXd::Constant(64, 2.0);
    const int64_t n = 700;
    const Eigen::MatrixXd K = core::kernelMatrix(theta, w, n);
    const Eigen::VectorXd s = core::kernelSumCosRange(theta, w, 0, n);
    for (int64_t m = 0; m < n; m += 5)
        for (int64_t c = 0; c < n; ++c) ASSERT_EQ(K(m, c), s[std::abs(m - c)]) << m << "," << c;
}

// [SECTION] Kernel range

TEST(FastPaths, KernelRangeAgreesWithLongDoubleNearZero) {
    const Eigen::VectorXd theta = core::defaultInvFreq(128, 10000.0);
    const Eigen::VectorXd w = randomMatrix(64, 1, 8).col(0).cwiseAbs();
    const int64_t first = -2000, count = 4001;
    const Eigen::VectorXd fast = core::kernelSumCosRange(theta, w, first, count, 1);
    double worst = 0.0;
    for (int64_t k = 0; k < count; ++k) {
        long double ref = 0;
        for (int i = 0; i < 64; ++i)
            ref += static_cast<long double>(w[i]) *
                   std::cos(static_cast<long double>(first + k) * static_cast<long double>(theta[i]));
        worst = std::max(worst, std::abs(fast[k] - static_cast<double>(ref)));
    }
    EXPECT_LT(worst, 1e-13);
}

TEST(FastPaths, KernelRangeFarOutDiffersFromTheDirectSumOnlyByItsArgumentRounding) {
    // Near 2^31 the direct sum's cos(Δ·θ) carries the rounding of Δ·θ (up to ulp(Δ·θ)/2 per term); the range takes
    // the exact product, so the two differ by at most that.
    const Eigen::VectorXd theta = core::defaultInvFreq(64, 10000.0);
    const Eigen::VectorXd w = Eigen::VectorXd::Ones(32);
    const int64_t first = (int64_t{1} << 31) - 1000, count = 70000;  // threaded, spans the anchors
    const Eigen::VectorXd fast = core::kernelSumCosRange(theta, w, first, count);
    double bound = 1e-12;
    for (int i = 0; i < 32; ++i) bound += std::ldexp(double(first + count) * theta[i], -52);
    for (int64_t k = 0; k < count; k += 997) {
        const double direct = core::kernelSumCos(theta, Eigen::VectorXd::Constant(1, double(first + k)))[0];
        EXPECT_LT(std::abs(fast[k] - direct), bound) << "offset " << first + k;
    }
    EXPECT_TRUE(fast == core::kernelSumCosRange(theta, w, first, count, 1));  // thread count does not matter
}

}  // namespace
}  // namespace phaselens::test
