// Brute-force references for the heatmap tests: full matrices reduced block by block.
#pragma once

#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <cmath>
#include <limits>
#include <string>

#include "phaselens/heatmap.h"

namespace phaselens::test {

constexpr double kNegInf = -std::numeric_limits<double>::infinity();

/// Reduces a full matrix (masked entries = −inf, everything else finite) to the pixel grid.
inline Eigen::MatrixXd reduceBlocks(const Eigen::MatrixXd& full, const core::AxisSampling& rows,
                                    const core::AxisSampling& cols, core::Reduction red) {
    Eigen::MatrixXd out(rows.pixels, cols.pixels);
    for (int64_t a = 0; a < rows.pixels; ++a)
        for (int64_t b = 0; b < cols.pixels; ++b) {
            if (red == core::Reduction::Point) {
                out(a, b) = full(rows.blockCentre(a), cols.blockCentre(b));
                continue;
            }
            double sum = 0, lo = std::numeric_limits<double>::infinity(), hi = kNegInf;
            int64_t cnt = 0;
            for (int64_t u = rows.blockStart(a); u < rows.blockStart(a) + rows.blockLength(a); ++u)
                for (int64_t v = cols.blockStart(b); v < cols.blockStart(b) + cols.blockLength(b); ++v) {
                    const double x = full(u, v);
                    if (x == kNegInf) continue;
                    sum += x, ++cnt, lo = std::min(lo, x), hi = std::max(hi, x);
                }
            if (cnt == 0) {
                out(a, b) = kNegInf;
                continue;
            }
            out(a, b) = red == core::Reduction::Mean  ? sum / static_cast<double>(cnt)
                        : red == core::Reduction::Min ? lo
                                                      : hi;
        }
    return out;
}

/// Sets masked entries to −inf.
inline void maskFull(Eigen::MatrixXd& m, const core::MaskParams& mask) {
    for (Eigen::Index i = 0; i < m.rows(); ++i)
        for (Eigen::Index j = 0; j < m.cols(); ++j)
            if (!core::isVisible(mask, i, j)) m(i, j) = kNegInf;
}

inline bool close(double actual, double expected, double tol) {
    if (expected == kNegInf || actual == kNegInf) return actual == expected;
    return std::abs(actual - expected) <= tol * std::max(1.0, std::abs(expected));
}

/// Checks the float64 values, the float image (the cast of them) and the colour-bar extremes.
inline void expectImage(const core::SampledMatrix& s, const Eigen::MatrixXd& expected, double tol = 1e-9) {
    ASSERT_EQ(s.valuesFloat64.rows(), expected.rows());
    ASSERT_EQ(s.valuesFloat64.cols(), expected.cols());
    ASSERT_EQ(s.values.rows(), expected.rows());
    ASSERT_EQ(s.values.cols(), expected.cols());
    int bad = 0;
    float lo = 0, hi = 0;
    bool any = false;
    for (Eigen::Index r = 0; r < expected.rows(); ++r)
        for (Eigen::Index c = 0; c < expected.cols(); ++c) {
            const double a = s.valuesFloat64(r, c), e = expected(r, c);
            if (!close(a, e, tol) && bad++ < 5)
                ADD_FAILURE() << "pixel (" << r << ", " << c << "): got " << a << ", expected " << e << " (diff "
                              << a - e << ")";
            EXPECT_EQ(s.values(r, c), static_cast<float>(a));
            const float f = s.values(r, c);
            if (std::isfinite(f)) {
                if (!any) lo = hi = f, any = true;
                lo = std::min(lo, f), hi = std::max(hi, f);
            }
        }
    EXPECT_EQ(bad, 0) << "mismatching pixels";
    EXPECT_EQ(s.vmin, static_cast<double>(lo));
    EXPECT_EQ(s.vmax, static_cast<double>(hi));
}

inline std::string maskLabel(const core::MaskParams& m) {
    return std::string(core::maskTypeName(m.type)) +
           (m.type == core::MaskType::SlidingWindow ? std::to_string(m.window) : "");
}

}  // namespace phaselens::test
