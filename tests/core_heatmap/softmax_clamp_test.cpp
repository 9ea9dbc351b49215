// Softmax of a kernel that overflows float64 (issue 17): xPos with scale_base 2 run backwards (Δ < 0, mask none)
// has ζ^(Δ/2) beyond 1e308 from |Δ| ~ 1100 on, +inf in torchscale's XPOS too. The logits are clamped to ±2^30 and
// the note says so; rows still sum to 1 and match a direct softmax of the clamped logits.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "phaselens/heatmap.h"
#include "phaselens/xpos.h"

namespace pc = phaselens::core;

namespace {

constexpr double kClamp = 0x1p30;

// Row softmax of the xPos all-ones scores with scale_base 2 (no mask).
pc::MatrixSampleRequest xposSoftmax(int headDim, int64_t n, int64_t maxPixels) {
    pc::XposParams xp;
    xp.headDim = headDim;
    xp.scaleBase = 2.0;
    pc::MatrixSampleRequest req;
    req.kernel = pc::xposOnesKernel(xp);
    req.n = n;
    req.maxPixels = maxPixels;
    req.softmax = true;
    req.alsoFloat64 = true;
    return req;
}

TEST(SoftmaxClamp, XposSmallScaleBaseLongContextIsClampedAndSaysSo) {
    pc::MatrixSampleRequest req = xposSoftmax(64, 4301, 64);
    pc::SampledMatrix s;
    ASSERT_NO_THROW(s = pc::sampleToeplitzMatrix(req));
    EXPECT_NE(s.note.find("clamped"), std::string::npos) << s.note;
    for (Eigen::Index r = 0; r < s.values.rows(); ++r)
        for (Eigen::Index c = 0; c < s.values.cols(); ++c)
            ASSERT_TRUE(std::isfinite(s.values(r, c))) << r << " " << c << " " << s.valuesFloat64(r, c);
    // Brute force per sampled row: every key, f clamped, softmax in long double.
    for (int64_t a : {int64_t{0}, int64_t{1}, int64_t{31}, s.rows.pixels - 1}) {
        const int64_t m = s.rows.blockCentre(a);
        std::vector<double> logit(static_cast<size_t>(req.n));
        double hi = -INFINITY;
        for (int64_t n = 0; n < req.n; ++n) {
            const double f = pc::evaluateKernel(req.kernel, m - n);
            logit[static_cast<size_t>(n)] = std::clamp(f, -kClamp, kClamp);
            hi = std::max(hi, logit[static_cast<size_t>(n)]);
        }
        long double sum = 0;
        for (double l : logit) sum += std::exp(static_cast<long double>(l - hi));
        for (int64_t b = 0; b < s.cols.pixels; ++b) {
            const int64_t n = s.cols.blockCentre(b);
            const double want =
                static_cast<double>(std::exp(static_cast<long double>(logit[static_cast<size_t>(n)] - hi)) / sum);
            EXPECT_NEAR(s.valuesFloat64(a, b), want, 1e-9 + 1e-6 * want) << "row " << m << " key " << n;
        }
    }
    // The causal half decays instead: no clamping, no note.
    req.mask.type = pc::MaskType::Causal;
    const pc::SampledMatrix c = pc::sampleToeplitzMatrix(req);
    EXPECT_EQ(c.note.find("clamped"), std::string::npos) << c.note;
}

TEST(SoftmaxClamp, FullResolutionRowsSumToOne) {
    const pc::MatrixSampleRequest req = xposSoftmax(16, 3000, 3000);  // one position per pixel: every key shown
    const pc::SampledMatrix s = pc::sampleToeplitzMatrix(req);
    EXPECT_NE(s.note.find("clamped"), std::string::npos) << s.note;
    for (Eigen::Index a : {0, 1, 1500, 2999})
        EXPECT_NEAR(s.valuesFloat64.row(a).sum(), 1.0, 0x1p-22) << a;  // L_m resolved to ulp(2^30)
}

}  // namespace
