// PhaseLens core — internal helpers shared by core sources (not installed, not part of the API).
//
//   resolveThreadCount, parallelChunks, parallelItems   the thread helpers, see parallel.h
//   adviseHugePages(p, bytes)    asks Linux for transparent huge pages on a fresh allocation before it
//                                is first written (what NumPy does for its large arrays): a 128 MB result
//                                then costs 64 page faults instead of 32768. A no-op elsewhere.
//   largeMatrix(rows, cols)      an uninitialized Eigen::MatrixXd with that advice applied.
//   sinCosOfProduct(x, w, s, c)  sin and cos of the exact real product x·w (its rounding residual from a
//                                Dekker two-product applied to first order): accurate to ~1 ulp even when
//                                x·w is large, where sin(x*w) carries the rounding of x*w (7e-12 at 65536).
//   cpuHasAvx2()                 run-time check, for kernels compiled with __attribute__((target("avx2"))).
//   rotateRowsSharedPositions    rope.cpp: rotateRows of two matrices at the same positions from one
//                                cos/sin table (ropeScores with qPos == kPos); same values as rotateRows.
#pragma once

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "parallel.h"
#include "phaselens/rope.h"

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace phaselens::core::detail {

inline void adviseHugePages(void* data, size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    constexpr uintptr_t kHuge = uintptr_t{2} << 20;
    if (bytes < 2 * kHuge) return;
    const uintptr_t begin = (reinterpret_cast<uintptr_t>(data) + kHuge - 1) & ~(kHuge - 1);
    const uintptr_t end = (reinterpret_cast<uintptr_t>(data) + bytes) & ~(kHuge - 1);
    if (end > begin) (void)madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
#else
    (void)data;
    (void)bytes;
#endif
}

inline Eigen::MatrixXd largeMatrix(Eigen::Index rows, Eigen::Index cols) {
    Eigen::MatrixXd m(rows, cols);
    adviseHugePages(m.data(), static_cast<size_t>(m.size()) * sizeof(double));
    return m;
}

// hi + lo = a·b exactly (Dekker/Veltkamp splitting, no FMA needed); a·b must not overflow.
inline void twoProduct(double a, double b, double& hi, double& lo) {
    constexpr double kSplit = 134217729.0;  // 2^27 + 1
    hi = a * b;
    const double ta = kSplit * a, ah = ta - (ta - a), al = a - ah;
    const double tb = kSplit * b, bh = tb - (tb - b), bl = b - bh;
    lo = ((ah * bh - hi) + ah * bl + al * bh) + al * bl;
}

inline void sinCosOfProduct(double x, double w, double& sn, double& cs) {
    double hi, lo;
    twoProduct(x, w, hi, lo);
    const double s = std::sin(hi), c = std::cos(hi);
    if (!std::isfinite(lo)) lo = 0.0;  // huge |x·w| (splitting overflows): the rounded product alone
    sn = s + lo * c;
    cs = c - lo * s;
}

inline bool cpuHasAvx2() {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2");
#else
    return false;
#endif
}

/// Defined in rope.cpp. X and Y must have positions.size() rows; arguments checked as rotateRows.
void rotateRowsSharedPositions(const Eigen::MatrixXd& X, const Eigen::MatrixXd& Y, const Eigen::VectorXd& positions,
                               const Eigen::VectorXd& invFreq, Pairing pairing, double attentionFactor,
                               Eigen::MatrixXd& outX, Eigen::MatrixXd& outY);

}  // namespace phaselens::core::detail
