#include "phaselens/attention.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#endif

#include "internal.h"
#include "phaselens/validate.h"

namespace phaselens::core {

const char* maskTypeName(MaskType type) {
    switch (type) {
        case MaskType::None:
            return "none";
        case MaskType::Causal:
            return "causal";
        case MaskType::SlidingWindow:
            return "sliding-window";
    }
    return "none";
}

MaskType maskTypeFromName(const std::string& name) {
    if (name == "none") return MaskType::None;
    if (name == "causal") return MaskType::Causal;
    if (name == "sliding-window" || name == "sliding_window") return MaskType::SlidingWindow;
    throw std::invalid_argument("mask must be one of none, causal, sliding-window; got '" + name + "'");
}

void validate(const MaskParams& mask) {
    if (mask.type == MaskType::SlidingWindow && mask.window < 1)
        throw std::invalid_argument("window must be >= 1, got " + std::to_string(mask.window));
}

bool isVisible(const MaskParams& mask, int64_t i, int64_t j) {
    switch (mask.type) {
        case MaskType::None:
            return true;
        case MaskType::Causal:
            return j <= i;
        case MaskType::SlidingWindow:
            return j <= i && i - j < mask.window;
    }
    return true;
}

namespace {
void requireFiniteMatrix(const char* name, const Eigen::MatrixXd& m) {
    if (!m.allFinite()) throw std::invalid_argument(std::string(name) + " must contain only finite values");
}

// -----------------------------------------------------------------------------------------------------
// Large products C = A·Bᵀ (A: m × k, B: n × k, C: m × n, all column-major). Below kLargeProduct
// multiply-adds Eigen's product is used as is. Above, C is allocated with huge-page advice and its
// columns are split over the hardware threads; on x86-64 CPUs with AVX2 + FMA (checked at run time, so
// the binary still runs on any x86-64) an 8 × 6 register-blocked kernel over packed panels computes
// every entry as one FMA chain over k in order, so each entry is the same for any thread count. Only raw
// pointers cross into the AVX2 code: no Eigen template is compiled with other flags than the rest.
// -----------------------------------------------------------------------------------------------------
constexpr int64_t kLargeProduct = int64_t{1} << 22;
constexpr int kMr = 8, kNr = 6;    // micro-tile: rows × columns of C
constexpr int64_t kNcPanels = 16;  // column panels of packed B per block (96 columns, ~100 KB at k = 128)

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define PHASELENS_GEMM_AVX2 1

// c (kMr × kNr tile, column stride ldc) = Σ_p ap[p·kMr + r]·bp[p·kNr + j]
__attribute__((target("avx2,fma"))) void tileAvx2(int64_t k, const double* ap, const double* bp, double* c,
                                                  int64_t ldc) {
    __m256d c00 = _mm256_setzero_pd(), c01 = _mm256_setzero_pd(), c10 = _mm256_setzero_pd(), c11 = _mm256_setzero_pd(),
            c20 = _mm256_setzero_pd(), c21 = _mm256_setzero_pd(), c30 = _mm256_setzero_pd(), c31 = _mm256_setzero_pd(),
            c40 = _mm256_setzero_pd(), c41 = _mm256_setzero_pd(), c50 = _mm256_setzero_pd(), c51 = _mm256_setzero_pd();
    for (int64_t p = 0; p < k; ++p, ap += kMr, bp += kNr) {
        const __m256d a0 = _mm256_loadu_pd(ap), a1 = _mm256_loadu_pd(ap + 4);
        __m256d b = _mm256_broadcast_sd(bp);
        c00 = _mm256_fmadd_pd(a0, b, c00);
        c01 = _mm256_fmadd_pd(a1, b, c01);
        b = _mm256_broadcast_sd(bp + 1);
        c10 = _mm256_fmadd_pd(a0, b, c10);
        c11 = _mm256_fmadd_pd(a1, b, c11);
        b = _mm256_broadcast_sd(bp + 2);
        c20 = _mm256_fmadd_pd(a0, b, c20);
        c21 = _mm256_fmadd_pd(a1, b, c21);
        b = _mm256_broadcast_sd(bp + 3);
        c30 = _mm256_fmadd_pd(a0, b, c30);
        c31 = _mm256_fmadd_pd(a1, b, c31);
        b = _mm256_broadcast_sd(bp + 4);
        c40 = _mm256_fmadd_pd(a0, b, c40);
        c41 = _mm256_fmadd_pd(a1, b, c41);
        b = _mm256_broadcast_sd(bp + 5);
        c50 = _mm256_fmadd_pd(a0, b, c50);
        c51 = _mm256_fmadd_pd(a1, b, c51);
    }
    _mm256_storeu_pd(c, c00);
    _mm256_storeu_pd(c + 4, c01);
    _mm256_storeu_pd(c + ldc, c10);
    _mm256_storeu_pd(c + ldc + 4, c11);
    _mm256_storeu_pd(c + 2 * ldc, c20);
    _mm256_storeu_pd(c + 2 * ldc + 4, c21);
    _mm256_storeu_pd(c + 3 * ldc, c30);
    _mm256_storeu_pd(c + 3 * ldc + 4, c31);
    _mm256_storeu_pd(c + 4 * ldc, c40);
    _mm256_storeu_pd(c + 4 * ldc + 4, c41);
    _mm256_storeu_pd(c + 5 * ldc, c50);
    _mm256_storeu_pd(c + 5 * ldc + 4, c51);
}

bool haveAvx2Fma() {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

// Columns [c0, c1) of C = A·Bᵀ from A packed in kMr-row panels (zero-padded).
void productColumnsAvx2(const std::vector<double>& packedA, const Eigen::MatrixXd& B, Eigen::MatrixXd& C, int64_t c0,
                        int64_t c1) {
    const int64_t m = C.rows(), k = B.cols(), rowPanels = (m + kMr - 1) / kMr;
    const int64_t blockCols = std::min(kNcPanels * kNr, (c1 - c0 + kNr - 1) / kNr * kNr);
    std::vector<double> packedB(static_cast<size_t>(blockCols * k));
    double tile[kMr * kNr];
    for (int64_t jc = c0; jc < c1; jc += kNcPanels * kNr) {
        const int64_t nc = std::min(c1 - jc, kNcPanels * kNr), colPanels = (nc + kNr - 1) / kNr;
        for (int64_t jp = 0; jp < colPanels; ++jp)  // packedB[jp][p][j] = B(jc + jp·kNr + j, p), zero beyond nc
            for (int64_t p = 0; p < k; ++p)
                for (int64_t j = 0; j < kNr; ++j) {
                    const int64_t col = jp * kNr + j;
                    packedB[static_cast<size_t>((jp * k + p) * kNr + j)] = col < nc ? B(jc + col, p) : 0.0;
                }
        for (int64_t ip = 0; ip < rowPanels; ++ip) {
            const double* ap = packedA.data() + ip * kMr * k;
            const int64_t i0 = ip * kMr, mr = std::min<int64_t>(kMr, m - i0);
            for (int64_t jp = 0; jp < colPanels; ++jp) {
                const double* bp = packedB.data() + jp * kNr * k;
                const int64_t j0 = jc + jp * kNr, nr = std::min<int64_t>(kNr, nc - jp * kNr);
                if (mr == kMr && nr == kNr) {
                    tileAvx2(k, ap, bp, &C(i0, j0), C.outerStride());
                } else {
                    tileAvx2(k, ap, bp, tile, kMr);
                    for (int64_t j = 0; j < nr; ++j)
                        for (int64_t i = 0; i < mr; ++i) C(i0 + i, j0 + j) = tile[j * kMr + i];
                }
            }
        }
    }
}
#endif

Eigen::MatrixXd largeProduct(const Eigen::MatrixXd& A, const Eigen::MatrixXd& B) {
    const int64_t m = A.rows(), n = B.rows(), k = A.cols();
    Eigen::MatrixXd C = detail::largeMatrix(m, n);
    const int threads = detail::resolveThreadCount(0);
#ifdef PHASELENS_GEMM_AVX2
    static const bool avx2 = haveAvx2Fma();
    if (avx2 && k > 0) {
        const int64_t rowPanels = (m + kMr - 1) / kMr;
        std::vector<double> packedA(static_cast<size_t>(rowPanels * kMr * k));
        detail::parallelChunks(rowPanels, threads, 1, [&](int64_t p0, int64_t p1) {
            for (int64_t ip = p0; ip < p1; ++ip)  // packedA[ip][p][i] = A(ip·kMr + i, p), zero beyond m
                for (int64_t p = 0; p < k; ++p)
                    for (int64_t i = 0; i < kMr; ++i) {
                        const int64_t row = ip * kMr + i;
                        packedA[static_cast<size_t>((ip * k + p) * kMr + i)] = row < m ? A(row, p) : 0.0;
                    }
        });
        detail::parallelChunks(n, threads, kNr,
                               [&](int64_t c0, int64_t c1) { productColumnsAvx2(packedA, B, C, c0, c1); });
        return C;
    }
#endif
    detail::parallelChunks(n, threads, 64, [&](int64_t c0, int64_t c1) {
        C.middleCols(c0, c1 - c0).noalias() = A * B.middleRows(c0, c1 - c0).transpose();
    });
    return C;
}

}  // namespace

Eigen::MatrixXd rawScores(const Eigen::MatrixXd& Q, const Eigen::MatrixXd& K, bool scaleBySqrtD) {
    if (Q.cols() != K.cols())
        throw std::invalid_argument("q and k must have the same width, got " + std::to_string(Q.cols()) + " and " +
                                    std::to_string(K.cols()));
    requireFiniteMatrix("q", Q);
    requireFiniteMatrix("k", K);
    const double work = static_cast<double>(Q.rows()) * static_cast<double>(K.rows()) * static_cast<double>(Q.cols());
    Eigen::MatrixXd S =
        work >= static_cast<double>(kLargeProduct) ? largeProduct(Q, K) : Eigen::MatrixXd(Q * K.transpose());
    if (scaleBySqrtD && Q.cols() > 0) S /= std::sqrt(static_cast<double>(Q.cols()));
    return S;
}

Eigen::MatrixXd ropeScores(const Eigen::MatrixXd& Q, const Eigen::MatrixXd& K, const Eigen::VectorXd& qPos,
                           const Eigen::VectorXd& kPos, const Eigen::VectorXd& invFreq, Pairing pairing,
                           double attentionFactor, bool scaleBySqrtD) {
    if (qPos.size() == kPos.size() && qPos == kPos && Q.rows() == qPos.size() && K.rows() == kPos.size()) {
        Eigen::MatrixXd rq, rk;  // one cos/sin table for both (the usual self-attention case)
        detail::rotateRowsSharedPositions(Q, K, qPos, invFreq, pairing, attentionFactor, rq, rk);
        return rawScores(rq, rk, scaleBySqrtD);
    }
    return rawScores(rotateRows(Q, qPos, invFreq, pairing, attentionFactor),
                     rotateRows(K, kPos, invFreq, pairing, attentionFactor), scaleBySqrtD);
}

Eigen::MatrixXd maskMatrix(const MaskParams& mask, int64_t nq, int64_t nk) {
    validate(mask);
    if (nq < 0 || nk < 0) throw std::invalid_argument("seq_len must be >= 0");
    Eigen::MatrixXd m(nq, nk);
    for (int64_t j = 0; j < nk; ++j)
        for (int64_t i = 0; i < nq; ++i) m(i, j) = isVisible(mask, i, j) ? 1.0 : 0.0;
    return m;
}

Eigen::MatrixXd causalMask(int64_t n) {
    return maskMatrix({MaskType::Causal, 0}, n, n);
}

void applyMask(Eigen::MatrixXd& scores, const MaskParams& mask) {
    validate(mask);
    const double ninf = -std::numeric_limits<double>::infinity();
    for (Eigen::Index j = 0; j < scores.cols(); ++j)
        for (Eigen::Index i = 0; i < scores.rows(); ++i)
            if (!isVisible(mask, i, j)) scores(i, j) = ninf;
}

Eigen::MatrixXd rowSoftmax(const Eigen::MatrixXd& scores) {
    if (scores.array().isNaN().any()) throw std::invalid_argument("scores must not contain NaN");
    Eigen::MatrixXd out(scores.rows(), scores.cols());
    for (Eigen::Index i = 0; i < scores.rows(); ++i) {
        const double mx = scores.cols() > 0 ? scores.row(i).maxCoeff() : 0.0;
        if (mx == std::numeric_limits<double>::infinity())
            throw std::invalid_argument("scores must not contain +inf (row " + std::to_string(i) + ")");
        if (!std::isfinite(mx)) {  // every entry −inf: nothing visible
            out.row(i).setZero();
            continue;
        }
        const Eigen::ArrayXd e = (scores.row(i).array() - mx).exp();  // exp(−inf) = 0
        out.row(i) = (e / e.sum()).matrix().transpose();
    }
    return out;
}

Eigen::MatrixXd addBias(const Eigen::MatrixXd& scores, const Eigen::MatrixXd& bias) {
    if (scores.rows() != bias.rows() || scores.cols() != bias.cols())
        throw std::invalid_argument("bias shape (" + std::to_string(bias.rows()) + "x" + std::to_string(bias.cols()) +
                                    ") must match scores (" + std::to_string(scores.rows()) + "x" +
                                    std::to_string(scores.cols()) + ")");
    if (bias.array().isNaN().any()) throw std::invalid_argument("bias must not contain NaN");
    return scores + bias;
}

}  // namespace phaselens::core
