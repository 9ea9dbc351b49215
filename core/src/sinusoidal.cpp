#include "phaselens/sinusoidal.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "internal.h"
#include "phaselens/validate.h"

namespace phaselens::core {

void validate(const SinusoidalParams& params) {
    if (params.dModel < 2 || params.dModel % 2 != 0)
        throw std::invalid_argument("d_model must be even and >= 2, got " + std::to_string(params.dModel));
    requireGreater("base", params.base, 1.0);
}

Eigen::VectorXd sinusoidalFrequencies(const SinusoidalParams& params) {
    validate(params);
    const int half = params.dModel / 2;
    Eigen::VectorXd omega(half);
    for (int k = 0; k < half; ++k) omega[k] = std::pow(params.base, -2.0 * k / params.dModel);
    return omega;
}

int sinusoidalChannel(const SinusoidalParams& params, int k, bool isCos) {
    if (params.layout == SinusoidalLayout::Interleaved) return 2 * k + (isCos ? 1 : 0);
    return k + (isCos ? params.dModel / 2 : 0);
}

namespace {

// Consecutive integer positions p0, p0 + 1, ... use the angle-addition identity with an exact anchor every
// kTableAnchor positions: with A = (p0 + a)·ω and t_j = j·ω (j < kTableAnchor), both taken as exact real products
// (the rounding residual of each product from a Dekker two-product, applied to first order),
//   sin(A + t_j) = sin A·cos t_j + cos A·sin t_j,   cos(A + t_j) = cos A·cos t_j − sin A·sin t_j.
// The error is a few ulp of 1: smaller than that of direct sin(p·ω), whose argument p·ω is rounded first
// (up to 7e-12 at p = 65536). Two multiply-adds per entry instead of a sin and a cos.
constexpr int64_t kTableAnchor = 256;
constexpr double kMaxTablePosition = 4503599627370496.0;  // 2^52: p0 + n stays an exact integer

bool consecutiveIntegers(const Eigen::VectorXd& positions) {
    const Eigen::Index n = positions.size();
    if (n < 2 * kTableAnchor) return false;  // small tables: the direct formula
    const double p0 = positions[0];
    if (!(std::abs(p0) + static_cast<double>(n) < kMaxTablePosition) || p0 != std::floor(p0)) return false;
    for (Eigen::Index r = 1; r < n; ++r)
        if (positions[r] != p0 + static_cast<double>(r)) return false;
    return true;
}

void fillAnchored(Eigen::MatrixXd& pe, double p0, double omega, int cs, int cc) {
    const Eigen::Index n = pe.rows();
    double tabCos[kTableAnchor], tabSin[kTableAnchor];
    for (int64_t j = 0; j < kTableAnchor; ++j)
        detail::sinCosOfProduct(static_cast<double>(j), omega, tabSin[j], tabCos[j]);
    double* sinCol = pe.col(cs).data();
    double* cosCol = pe.col(cc).data();
    for (int64_t a = 0; a < n; a += kTableAnchor) {
        double sa, ca;
        detail::sinCosOfProduct(p0 + static_cast<double>(a), omega, sa, ca);
        const int64_t len = std::min<int64_t>(kTableAnchor, n - a);
        double* so = sinCol + a;
        double* co = cosCol + a;
        for (int64_t j = 0; j < len; ++j) {
            so[j] = sa * tabCos[j] + ca * tabSin[j];
            co[j] = ca * tabCos[j] - sa * tabSin[j];
        }
    }
}

}  // namespace

Eigen::MatrixXd sinusoidalTable(const SinusoidalParams& params, const Eigen::VectorXd& positions) {
    const Eigen::VectorXd omega = sinusoidalFrequencies(params);
    for (Eigen::Index r = 0; r < positions.size(); ++r) requireFinite("positions", positions[r]);
    const Eigen::Index n = positions.size();
    const int half = params.dModel / 2;
    Eigen::MatrixXd pe = detail::largeMatrix(n, params.dModel);
    const bool anchored = consecutiveIntegers(positions);
    const int threads = static_cast<int64_t>(n) * half >= (int64_t{1} << 16) ? detail::resolveThreadCount(0) : 1;
    // Threads take frequencies (whole columns), so each writes its own part of the table.
    detail::parallelChunks(half, threads, 1, [&](int64_t k0, int64_t k1) {
        for (int64_t k = k0; k < k1; ++k) {
            const int kk = static_cast<int>(k);
            const int cs = sinusoidalChannel(params, kk, false), cc = sinusoidalChannel(params, kk, true);
            if (anchored) {
                fillAnchored(pe, positions[0], omega[k], cs, cc);
                continue;
            }
            for (Eigen::Index r = 0; r < n; ++r) {
                const double angle = positions[r] * omega[k];
                pe(r, cs) = std::sin(angle);
                pe(r, cc) = std::cos(angle);
            }
        }
    });
    return pe;
}

Eigen::MatrixXd sinusoidalTable(const SinusoidalParams& params, int64_t numPositions) {
    if (numPositions < 0)
        throw std::invalid_argument("num_positions must be >= 0, got " + std::to_string(numPositions));
    return sinusoidalTable(params,
                           Eigen::VectorXd::LinSpaced(numPositions, 0.0, static_cast<double>(numPositions - 1)));
}

}  // namespace phaselens::core
