// phaselens/sinusoidal.h — Vaswani sinusoidal tables in both channel layouts.

#include "phaselens/sinusoidal.h"

#include <algorithm>
#include <cmath>

#include "test_util.h"

namespace phaselens::test {
namespace {

using core::SinusoidalLayout;
using core::SinusoidalParams;

SinusoidalParams sinus(int d, SinusoidalLayout layout = SinusoidalLayout::Interleaved, double base = 10000.0) {
    SinusoidalParams p;
    p.dModel = d;
    p.base = base;
    p.layout = layout;
    return p;
}

TEST(Sinusoidal, FrequenciesClosedForm) {
    const Eigen::VectorXd w = core::sinusoidalFrequencies(sinus(512));
    ASSERT_EQ(w.size(), 256);
    EXPECT_EQ(w[0], 1.0);
    EXPECT_NEAR(w[64], 0.1, 1e-16);  // 10000^(−128/512)
    EXPECT_NEAR(w[255], std::pow(10000.0, -510.0 / 512.0), 1e-19);
}

TEST(Sinusoidal, InterleavedTableByDefinition) {
    const SinusoidalParams p = sinus(16);
    const Eigen::VectorXd pos = (Eigen::VectorXd(5) << 0, 1, 2.5, 77, 1e5).finished();
    const Eigen::MatrixXd pe = core::sinusoidalTable(p, pos);
    ASSERT_EQ(pe.rows(), 5);
    ASSERT_EQ(pe.cols(), 16);
    for (int r = 0; r < 5; ++r)
        for (int k = 0; k < 8; ++k) {
            const double angle = pos[r] / std::pow(10000.0, 2.0 * k / 16);
            const double tol = 1e-15 * std::max(1.0, 100.0 * std::abs(angle));  // argument rounding grows with p
            EXPECT_NEAR(pe(r, 2 * k), std::sin(angle), tol) << r << "," << k;
            EXPECT_NEAR(pe(r, 2 * k + 1), std::cos(angle), tol) << r << "," << k;
        }
    for (int k = 0; k < 8; ++k) {  // position 0: sin = 0, cos = 1
        EXPECT_EQ(pe(0, 2 * k), 0.0);
        EXPECT_EQ(pe(0, 2 * k + 1), 1.0);
    }
}

TEST(Sinusoidal, ConcatenatedIsAChannelPermutationOfInterleaved) {
    const Eigen::VectorXd pos = Eigen::VectorXd::LinSpaced(20, 0.0, 950.0);
    const Eigen::MatrixXd inter = core::sinusoidalTable(sinus(32), pos);
    const Eigen::MatrixXd conc = core::sinusoidalTable(sinus(32, SinusoidalLayout::Concatenated), pos);
    for (int k = 0; k < 16; ++k) {
        EXPECT_EQ(conc.col(k), inter.col(2 * k)) << k;           // sin block
        EXPECT_EQ(conc.col(16 + k), inter.col(2 * k + 1)) << k;  // cos block
    }
    for (int k = 0; k < 16; ++k) {
        EXPECT_EQ(core::sinusoidalChannel(sinus(32), k, false), 2 * k);
        EXPECT_EQ(core::sinusoidalChannel(sinus(32), k, true), 2 * k + 1);
        EXPECT_EQ(core::sinusoidalChannel(sinus(32, SinusoidalLayout::Concatenated), k, false), k);
        EXPECT_EQ(core::sinusoidalChannel(sinus(32, SinusoidalLayout::Concatenated), k, true), 16 + k);
    }
}

TEST(Sinusoidal, DotProductDependsOnlyOnOffset) {
    // pe(p)·pe(q) = Σ_k cos((p − q)·omega_k).
    const SinusoidalParams p = sinus(64);
    const Eigen::VectorXd w = core::sinusoidalFrequencies(p);
    const Eigen::VectorXd pos = (Eigen::VectorXd(4) << 3, 10, 510, 2000).finished();
    const Eigen::MatrixXd pe = core::sinusoidalTable(p, pos);
    for (int a = 0; a < 4; ++a)
        for (int b = 0; b < 4; ++b) {
            const double expected = (w.array() * (pos[a] - pos[b])).cos().sum();
            EXPECT_NEAR(pe.row(a).dot(pe.row(b)), expected, 1e-11) << a << "," << b;
        }
}

TEST(Sinusoidal, CountOverloadEqualsExplicitPositions) {
    const SinusoidalParams p = sinus(8, SinusoidalLayout::Concatenated, 100.0);
    EXPECT_EQ(core::sinusoidalTable(p, 7), core::sinusoidalTable(p, Eigen::VectorXd::LinSpaced(7, 0.0, 6.0)));
    EXPECT_EQ(core::sinusoidalTable(p, 0).rows(), 0);
}

}  // namespace
}  // namespace phaselens::test
