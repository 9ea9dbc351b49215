// PhaseLens core — internal helpers shared by core sources (not installed, not part of the API).
//
//   resolveThreadCount(t)        t > 0 as given, 0 = std::thread::hardware_concurrency() (at least 1)
//   parallelChunks(n, t, grain, fn)  calls fn(begin, end) on contiguous chunks of [0, n) whose starts
//                                are multiples of `grain`, one chunk per thread, the first on the calling
//                                thread. Each index is handled by exactly one call, so results that depend
//                                only on the index are identical for every thread count. An exception in
//                                any chunk is rethrown on the calling thread after all threads joined.
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
#include <exception>
#include <system_error>
#include <thread>
#include <vector>

#include "phaselens/rope.h"

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace phaselens::core::detail {

inline int resolveThreadCount(int threads) {
    if (threads > 0) return threads;
    return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

template <class Fn>
void parallelChunks(int64_t n, int threads, int64_t grain, Fn&& fn) {
    if (n <= 0) return;
    grain = std::max<int64_t>(1, grain);
    const int64_t grains = (n + grain - 1) / grain;
    const int64_t t = std::min<int64_t>(std::max(1, threads), grains);
    const int64_t per = (grains + t - 1) / t * grain;
    // An exception in a worker (std::bad_alloc) is rethrown here after every thread has joined.
    std::vector<std::exception_ptr> errors(static_cast<size_t>(t));
    std::vector<std::thread> pool;
    pool.reserve(static_cast<size_t>(t));
    for (int64_t i = 1; i < t; ++i) {
        const int64_t b = i * per, e = std::min(n, b + per);
        if (b >= e) continue;
        std::exception_ptr* slot = &errors[static_cast<size_t>(i)];
        auto chunk = [&fn, b, e, slot] {
            try {
                fn(b, e);
            } catch (...) {
                *slot = std::current_exception();
            }
        };
        try {
            pool.emplace_back(chunk);
        } catch (const std::system_error&) {  // no thread could be started: do the chunk here
            chunk();
        }
    }
    try {
        fn(int64_t{0}, std::min(n, per));
    } catch (...) {
        errors[0] = std::current_exception();
    }
    for (auto& th : pool) th.join();
    for (const auto& error : errors)
        if (error) std::rethrow_exception(error);
}

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
