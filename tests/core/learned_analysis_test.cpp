// phaselens/learned_analysis.h — resizing (against a direct evaluation of torch's linear interpolation formula),
// cosine similarity, row norms, PCA, the power spectrum and the synthetic table.
#include "phaselens/learned_analysis.h"

#include <cmath>

#include "phaselens/sinusoidal.h"
#include "test_util.h"

namespace phaselens::test {
namespace {

constexpr double kPi = 3.14159265358979323846;

// torch.nn.functional.interpolate(x[None].T, size=n, mode="linear", align_corners=ac) for one output index,
// written out from the documented rule (ATen area_pixel_compute_scale / _source_index), independently of the core.
Eigen::RowVectorXd directLinear(const Eigen::MatrixXd& w, int64_t n, bool ac, int64_t i) {
    const double t = static_cast<double>(w.rows());
    double src;
    if (ac) {
        src = n > 1 ? (t - 1) / static_cast<double>(n - 1) * static_cast<double>(i) : 0.0;
    } else {
        src = t / static_cast<double>(n) * (static_cast<double>(i) + 0.5) - 0.5;
        if (src < 0) src = 0;
    }
    const double f = std::floor(src);
    const int64_t i0 = std::min<int64_t>(static_cast<int64_t>(f), w.rows() - 1);
    const int64_t i1 = std::min<int64_t>(i0 + 1, w.rows() - 1);
    const double l = src - static_cast<double>(i0);
    return (1 - l) * w.row(i0) + l * w.row(i1);
}

TEST(LearnedResize, MatchesTheDirectFormulaBothAlignments) {
    const Eigen::MatrixXd w = randomMatrix(37, 5, 3);
    for (bool ac : {false, true})
        for (int64_t n : {1, 2, 5, 36, 37, 38, 74, 100, 1000}) {
            const Eigen::MatrixXd r = core::resizeTableLinear(w, n, ac);
            ASSERT_EQ(r.rows(), n);
            ASSERT_EQ(r.cols(), 5);
            for (int64_t i = 0; i < n; ++i)
                EXPECT_LT((r.row(i) - directLinear(w, n, ac, i)).cwiseAbs().maxCoeff(), 1e-15) << n << " " << ac;
        }
}

TEST(LearnedResize, KnownValues) {
    Eigen::MatrixXd w(3, 1);
    w << 0, 10, 20;
    // align_corners=False, 3 → 6: src = 0.5 i - 0.25 → clamp: [0, 0.25, 0.75, 1.25, 1.75, 2.25→ i0=2]
    Eigen::VectorXd expect(6);
    expect << 0, 2.5, 7.5, 12.5, 17.5, 20;
    EXPECT_LT(maxAbsDiff(core::resizeTableLinear(w, 6, false), expect), 1e-12);
    // align_corners=True, 3 → 5: scale 0.5, src = 0.5 i → 0, 5, 10, 15, 20 (corners kept exactly)
    Eigen::VectorXd corners(5);
    corners << 0, 5, 10, 15, 20;
    EXPECT_LT(maxAbsDiff(core::resizeTableLinear(w, 5, true), corners), 1e-12);
    // Same size: identity.
    const Eigen::MatrixXd g = randomMatrix(64, 8, 9);
    EXPECT_EQ(core::resizeTableLinear(g, 64, false), g);
    EXPECT_EQ(core::resizeTableLinear(g, 64, true), g);
    // A linear table stays linear with align_corners=True: row i = (T-1)/(N-1) · i.
    Eigen::MatrixXd lin(512, 1);
    for (int p = 0; p < 512; ++p) lin(p, 0) = p;
    const Eigen::MatrixXd up = core::resizeTableLinear(lin, 1024, true);
    for (int i = 0; i < 1024; ++i) EXPECT_NEAR(up(i, 0), 511.0 / 1023.0 * i, 1e-9);
}

TEST(LearnedResize, RejectsBadSizes) {
    const Eigen::MatrixXd w = randomMatrix(4, 2, 1);
    EXPECT_TRUE(throwsInvalidArgument([&] { core::resizeTableLinear(w, 0, false); }, {"resize", "0"}));
    EXPECT_TRUE(throwsInvalidArgument([&] { core::resizeTableLinear(w, int64_t{1} << 30, false); }, {"resize"}));
    EXPECT_TRUE(throwsInvalidArgument([] { core::resizeTableLinear(Eigen::MatrixXd(0, 3), 4, false); }, {"table"}));
}

TEST(LearnedAnalysis, NormsAndCosine) {
    Eigen::MatrixXd w(4, 2);
    w << 3, 4, 0, 0, -6, -8, 1, 0;
    const Eigen::VectorXd n = core::tableRowNorms(w);
    EXPECT_DOUBLE_EQ(n(0), 5.0);
    EXPECT_DOUBLE_EQ(n(1), 0.0);
    EXPECT_DOUBLE_EQ(n(2), 10.0);
    const Eigen::MatrixXd c = core::tableCosineSimilarity(w);
    EXPECT_DOUBLE_EQ(c(0, 0), 1.0);
    EXPECT_DOUBLE_EQ(c(0, 2), -1.0);
    EXPECT_DOUBLE_EQ(c(0, 3), 0.6);
    EXPECT_EQ(c(1, 1), 0.0);  // zero row
    EXPECT_EQ(c(1, 0), 0.0);
    const Eigen::MatrixXd r = randomMatrix(50, 16, 4);
    const Eigen::MatrixXd cr = core::tableCosineSimilarity(r);
    EXPECT_LT(maxAbsDiff(cr, cr.transpose()), 1e-15);
    EXPECT_LE(cr.cwiseAbs().maxCoeff(), 1.0);
}

TEST(LearnedAnalysis, PcaOfASinusoidalPairIsACircle) {
    // Two channels sin/cos of one frequency: the first two components span them, projections lie on a circle.
    const int t = 256;
    Eigen::MatrixXd w(t, 6);
    for (int p = 0; p < t; ++p) {
        const double a = 2 * kPi * 4 * p / t;
        w.row(p) << std::sin(a), std::cos(a), 0.01 * std::sin(3 * a), 0, 0, 0;
    }
    const core::TablePca pca = core::tablePca(w, 3);
    ASSERT_EQ(pca.projections.rows(), t);
    ASSERT_EQ(pca.projections.cols(), 3);
    EXPECT_NEAR(pca.explained(0) + pca.explained(1), 1.0, 1e-3);
    for (int p = 0; p < t; ++p) EXPECT_NEAR(pca.projections.row(p).head(2).norm(), 1.0, 0.02);
    EXPECT_LT(maxAbsDiff(pca.components.transpose() * pca.components, Eigen::MatrixXd::Identity(3, 3)), 1e-10);
    // Wide tables (T < d) use the Gram matrix: same explained variance as the covariance route on the transpose.
    const Eigen::MatrixXd wide = randomMatrix(10, 40, 5);
    const core::TablePca pw = core::tablePca(wide, 4);
    EXPECT_EQ(pw.projections.rows(), 10);
    EXPECT_EQ(pw.components.rows(), 40);
    const Eigen::MatrixXd x = wide.rowwise() - wide.colwise().mean();
    const double total = x.squaredNorm();
    for (int c = 0; c < 4; ++c) EXPECT_NEAR(pw.projections.col(c).squaredNorm() / total, pw.explained(c), 1e-10);
    EXPECT_TRUE(throwsInvalidArgument([&] { core::tablePca(wide, 0); }, {"components", "0"}));
}

TEST(LearnedAnalysis, SpectrumPeaksAtTheSinusoidsFrequency) {
    for (int t : {64, 100, 1024, 1000}) {  // radix-2 and Bluestein lengths
        Eigen::MatrixXd w(t, 2);
        for (int p = 0; p < t; ++p) w.row(p) << std::cos(2 * kPi * 5 * p / t) + 3.0, std::sin(2 * kPi * 17 * p / t);
        const Eigen::MatrixXd s = core::tablePowerSpectrum(w);
        ASSERT_EQ(s.rows(), t / 2 + 1);
        Eigen::Index k0, k1;
        s.col(0).maxCoeff(&k0);
        s.col(1).maxCoeff(&k1);
        EXPECT_EQ(k0, 5);
        EXPECT_EQ(k1, 17);
        EXPECT_NEAR(s(5, 0), t / 4.0, 1e-8 * t);  // |X_k| = T/2 → |X|²/T = T/4
        EXPECT_NEAR(s(0, 0), 0.0, 1e-8);          // mean removed
        // Parseval: Σ|X_k|² over all k = T Σ x², so the one-sided sum is half of Σ x² (no DC, no Nyquist here).
        EXPECT_NEAR(s.col(1).sum(), 0.5 * w.col(1).squaredNorm(), 1e-8 * t);
    }
    // A direct DFT on a random length-30 column.
    const Eigen::MatrixXd r = randomMatrix(30, 1, 8);
    const Eigen::MatrixXd s = core::tablePowerSpectrum(r);
    const double mean = r.mean();
    for (int k = 0; k <= 15; ++k) {
        double re = 0, im = 0;
        for (int p = 0; p < 30; ++p) {
            re += (r(p, 0) - mean) * std::cos(2 * kPi * k * p / 30);
            im -= (r(p, 0) - mean) * std::sin(2 * kPi * k * p / 30);
        }
        EXPECT_NEAR(s(k, 0), (re * re + im * im) / 30, 1e-12);
    }
}

TEST(LearnedAnalysis, SinusoidalTableSpectrumIsTheLadder) {
    core::SinusoidalParams sp;
    sp.dModel = 16;
    const Eigen::MatrixXd table = core::sinusoidalTable(sp, 1024);
    const Eigen::MatrixXd s = core::tablePowerSpectrum(table);
    const Eigen::VectorXd omega = core::sinusoidalFrequencies(sp);
    for (int k = 0; k < 3; ++k) {  // high frequencies: the peak bin is ω T / 2π
        Eigen::Index arg;
        s.col(core::sinusoidalChannel(sp, k, false)).maxCoeff(&arg);
        EXPECT_NEAR(static_cast<double>(arg), omega(k) * 1024 / (2 * kPi), 1.0) << k;
    }
}

TEST(LearnedAnalysis, SyntheticTableIsSeededSmoothAndNoisierNearTheCap) {
    const Eigen::MatrixXd a = core::learnedTableSynthetic(1024, 64, 7);
    EXPECT_EQ(a, core::learnedTableSynthetic(1024, 64, 7));
    EXPECT_GT(maxAbsDiff(a, core::learnedTableSynthetic(1024, 64, 8)), 1e-3);
    // Neighbouring rows are similar (smooth); the last rows are noisier (larger row-to-row differences).
    const Eigen::MatrixXd c = core::tableCosineSimilarity(a);
    EXPECT_GT(c(100, 101), 0.8);
    double early = 0, late = 0;
    for (int p = 100; p < 150; ++p) early += (a.row(p + 1) - a.row(p)).norm();
    for (int p = 970; p < 1020; ++p) late += (a.row(p + 1) - a.row(p)).norm();
    EXPECT_GT(late, 2.0 * early);
    EXPECT_TRUE(throwsInvalidArgument([] { core::learnedTableSynthetic(1, 4, 0); }, {"max_positions", "1"}));
}

}  // namespace
}  // namespace phaselens::test
