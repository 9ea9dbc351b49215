// Float64 phase precision near p = 2^31 (issue 17), against long-double references (x86-64: 64-bit mantissa, so the
// reference angle p·θ is exact to ~2^-64 relative, 2000 times tighter than the bound tested). The stated bound
// (rope.h, heatmap.h "Precision"): the angle fl(fl(p·s)·θ) differs from the real p·s·θ by at most |p·s·θ|·2^-52
// (two roundings), so cos / sin differ by at most that plus one ulp; a kernel Σ w_i·cos(Δθ_i) by Σ|w_i| times it
// plus the rounding of the sum.
#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>
#include <vector>

#include "phaselens/heatmap.h"
#include "phaselens/rope.h"

namespace pc = phaselens::core;

namespace {

static_assert(LDBL_MANT_DIG >= 64, "the references need an extended long double (x86-64)");

constexpr int64_t k2To31 = int64_t{1} << 31;

// Bound on |computed − exact| for cos or sin of the angle p·s·θ (radians, absolute).
double angleBound(long double angle) {
    return static_cast<double>(std::fabs(angle)) * 0x1p-52 + 0x1p-52;
}

std::vector<int64_t> positionsNear2To31() {
    return {k2To31 - 1, k2To31 - 2, k2To31 - 1000, k2To31 - 123457, k2To31, 2000000000, 1999999999};
}

TEST(PhasePrecision, CosSinOfPTheta) {
    for (double base : {10000.0, 500000.0})
        for (double theta : pc::defaultInvFreq(128, base)) {
            for (int64_t p : positionsNear2To31()) {
                const double angle = static_cast<double>(p) * theta;
                const long double exact = static_cast<long double>(p) * static_cast<long double>(theta);
                const double tol = angleBound(exact);
                EXPECT_NEAR(std::cos(angle), static_cast<double>(std::cos(exact)), tol) << p << " " << theta;
                EXPECT_NEAR(std::sin(angle), static_cast<double>(std::sin(exact)), tol) << p << " " << theta;
            }
        }
    // The bound is reached in order of magnitude at θ = 1: the rounding error of p·θ itself.
    const long double exact = static_cast<long double>(k2To31 - 1) * 1.0L;
    EXPECT_LE(std::fabs(static_cast<long double>(static_cast<double>(k2To31 - 1) * 1.0) - exact), 2.4e-7L);
    EXPECT_NEAR(static_cast<double>(k2To31) * 0x1p-53, 2.384e-7, 1e-10);
}

TEST(PhasePrecision, LadderPointValues) {
    pc::LadderRequest req;
    req.theta = pc::defaultInvFreq(128, 10000.0);
    req.positions = k2To31;
    req.maxPixels = 4096;
    req.reduction = pc::Reduction::Point;
    req.alsoFloat64 = true;
    for (double stride : {1.0, 1.5}) {
        req.positionScale = stride;
        for (auto q : {pc::LadderRequest::Sin, pc::LadderRequest::Cos, pc::LadderRequest::AngleRaw}) {
            req.quantity = q;
            const pc::SampledMatrix s = pc::sampleLadder(req);
            for (int64_t k : {int64_t{4095}, int64_t{4000}, int64_t{2048}}) {
                const int64_t p = s.cols.blockCentre(k);
                for (Eigen::Index i : {0, 1, 10, 63}) {
                    const long double a = static_cast<long double>(p) * static_cast<long double>(stride) *
                                          static_cast<long double>(req.theta[i]);
                    const double want = q == pc::LadderRequest::Sin   ? static_cast<double>(std::sin(a))
                                        : q == pc::LadderRequest::Cos ? static_cast<double>(std::cos(a))
                                                                      : static_cast<double>(a);
                    // AngleRaw: the rounding of the angle itself (relative 2^-52, no +ulp of a cos).
                    const double tol =
                        q == pc::LadderRequest::AngleRaw ? static_cast<double>(std::fabs(a)) * 0x1p-52 : angleBound(a);
                    EXPECT_NEAR(s.valuesFloat64(i, k), want, tol) << "pair " << i << " p " << p;
                }
            }
        }
    }
}

TEST(PhasePrecision, KernelNear2To31) {
    const Eigen::VectorXd theta = pc::defaultInvFreq(128, 10000.0);
    const pc::ToeplitzKernel k = pc::ropeOnesKernel(theta, 1.0);  // f(Δ) = Σ 2·cos(Δ·θ_i)
    auto reference = [&](int64_t delta) {
        long double s = 0.0L;
        for (Eigen::Index i = 0; i < theta.size(); ++i)
            s += 2.0L * std::cos(static_cast<long double>(delta) * static_cast<long double>(theta[i]));
        return s;
    };
    auto bound = [&](int64_t delta) {
        double b = 0.0;
        for (Eigen::Index i = 0; i < theta.size(); ++i)
            b += 2.0 * angleBound(static_cast<long double>(delta) * static_cast<long double>(theta[i]));
        return b + 2.0 * static_cast<double>(theta.size()) * 0x1p-50;  // the sum's own rounding
    };
    for (int64_t delta : {k2To31 - 1, -(k2To31 - 1), k2To31 - 77777, int64_t{2000000000}}) {
        EXPECT_NEAR(pc::evaluateKernel(k, delta), static_cast<double>(reference(delta)), bound(delta)) << delta;
    }
    // The streamed range (exact anchors every 256 offsets) keeps the same bound at the end of the axis.
    const int64_t first = k2To31 - 1000;
    const Eigen::VectorXd r = pc::evaluateKernelRange(k, first, 1000, 1);
    for (int64_t j : {0, 255, 256, 511, 999})
        EXPECT_NEAR(r[j], static_cast<double>(reference(first + j)), bound(first + j)) << first + j;
}

}  // namespace
