#include "phaselens/rope.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <thread>
#include <vector>

#include "internal.h"
#include "phaselens/validate.h"

namespace phaselens::core {

const char* pairingName(Pairing pairing) {
    return pairing == Pairing::HalfSplit ? "half-split" : "interleaved";
}

Pairing pairingFromName(const std::string& name) {
    if (name == "half-split" || name == "half" || name == "rotate_half") return Pairing::HalfSplit;
    if (name == "interleaved" || name == "rotate_every_two") return Pairing::Interleaved;
    throw std::invalid_argument("pairing must be one of half-split, interleaved; got '" + name + "'");
}

int rotaryDim(int headDim, double partialRotaryFactor) {
    if (headDim < 2) throw std::invalid_argument("head_dim must be >= 2, got " + std::to_string(headDim));
    requireFinite("partial_rotary_factor", partialRotaryFactor);
    if (!(partialRotaryFactor > 0.0 && partialRotaryFactor <= 1.0))
        throw std::invalid_argument("partial_rotary_factor must be in (0, 1], got " +
                                    formatDouble(partialRotaryFactor));
    const int r = static_cast<int>(headDim * partialRotaryFactor);
    if (r < 2 || r % 2 != 0)
        throw std::invalid_argument("rotary_dim = int(head_dim * partial_rotary_factor) must be even and >= 2, got " +
                                    std::to_string(r) + " (head_dim " + std::to_string(headDim) +
                                    ", partial_rotary_factor " + formatDouble(partialRotaryFactor) + ")");
    return r;
}

Eigen::VectorXd defaultInvFreq(int rotaryDim, double base) {
    if (rotaryDim < 2 || rotaryDim % 2 != 0)
        throw std::invalid_argument("rotary_dim must be even and >= 2, got " + std::to_string(rotaryDim));
    requireGreater("rope_theta", base, 1.0);
    Eigen::VectorXd theta(rotaryDim / 2);
    for (int i = 0; i < rotaryDim / 2; ++i) theta[i] = 1.0 / std::pow(base, static_cast<double>(2 * i) / rotaryDim);
    return theta;
}

Eigen::VectorXd wavelengths(const Eigen::VectorXd& invFreq) {
    Eigen::VectorXd out(invFreq.size());
    for (Eigen::Index i = 0; i < invFreq.size(); ++i) {
        requirePositive("inv_freq", invFreq[i]);
        out[i] = 2.0 * M_PI / invFreq[i];
        if (!std::isfinite(out[i]))
            throw std::invalid_argument("wavelength of pair " + std::to_string(i) + " overflows (inv_freq " +
                                        formatDouble(invFreq[i]) + ")");
    }
    return out;
}

namespace {

void checkRotateArgs(Eigen::Index width, const Eigen::VectorXd& invFreq, double attentionFactor) {
    if (invFreq.size() < 1) throw std::invalid_argument("inv_freq must not be empty");
    if (width < 2 * invFreq.size())
        throw std::invalid_argument("vector length must be >= rotary_dim = " + std::to_string(2 * invFreq.size()) +
                                    ", got " + std::to_string(width));
    requireFinite("attention_factor", attentionFactor);
}

// Channel indices (first, second) of pair i for a rotary block of r/2 = half pairs.
inline void pairChannels(Pairing pairing, Eigen::Index i, Eigen::Index half, Eigen::Index& a, Eigen::Index& b) {
    if (pairing == Pairing::HalfSplit) {
        a = i;
        b = i + half;
    } else {
        a = 2 * i;
        b = 2 * i + 1;
    }
}

}  // namespace

Eigen::VectorXd rotate(const Eigen::VectorXd& x, double position, const Eigen::VectorXd& invFreq, Pairing pairing,
                       double attentionFactor) {
    checkRotateArgs(x.size(), invFreq, attentionFactor);
    requireFinite("position", position);
    Eigen::VectorXd out = x;
    const Eigen::Index half = invFreq.size();
    for (Eigen::Index i = 0; i < half; ++i) {
        Eigen::Index a, b;
        pairChannels(pairing, i, half, a, b);
        const double angle = position * invFreq[i];
        const double c = std::cos(angle) * attentionFactor, s = std::sin(angle) * attentionFactor;
        out[a] = x[a] * c - x[b] * s;
        out[b] = x[b] * c + x[a] * s;
    }
    return out;
}

namespace {

// Work below this many (position, pair) entries stays on the calling thread.
constexpr int64_t kParallelRotateEntries = 1 << 16;

void checkRotateRowsArgs(const Eigen::MatrixXd& X, const Eigen::VectorXd& positions, const Eigen::VectorXd& invFreq,
                         double attentionFactor) {
    checkRotateArgs(X.cols(), invFreq, attentionFactor);
    if (positions.size() != X.rows())
        throw std::invalid_argument("positions must have one entry per row (" + std::to_string(X.rows()) + "), got " +
                                    std::to_string(positions.size()));
    for (Eigen::Index r = 0; r < positions.size(); ++r) requireFinite("positions", positions[r]);
}

// Rotates pairs [i0, i1) of every matrix in `xs` into the matching `outs` (pass-through channels are
// copied by the caller): one cos/sin column per pair, shared by all matrices.
void rotatePairs(const std::vector<const Eigen::MatrixXd*>& xs, const std::vector<Eigen::MatrixXd*>& outs,
                 const Eigen::VectorXd& positions, const Eigen::VectorXd& invFreq, Pairing pairing,
                 double attentionFactor, Eigen::Index i0, Eigen::Index i1) {
    const Eigen::Index n = positions.size(), half = invFreq.size();
    Eigen::ArrayXd c(n), s(n);
    for (Eigen::Index i = i0; i < i1; ++i) {
        Eigen::Index a, b;
        pairChannels(pairing, i, half, a, b);
        for (Eigen::Index r = 0; r < n; ++r) {
            const double angle = positions[r] * invFreq[i];
            c[r] = std::cos(angle) * attentionFactor;
            s[r] = std::sin(angle) * attentionFactor;
        }
        for (size_t m = 0; m < xs.size(); ++m) {
            const Eigen::MatrixXd& X = *xs[m];
            Eigen::MatrixXd& out = *outs[m];
            out.col(a) = (X.col(a).array() * c - X.col(b).array() * s).matrix();
            out.col(b) = (X.col(b).array() * c + X.col(a).array() * s).matrix();
        }
    }
}

void rotateAll(const std::vector<const Eigen::MatrixXd*>& xs, const std::vector<Eigen::MatrixXd*>& outs,
               const Eigen::VectorXd& positions, const Eigen::VectorXd& invFreq, Pairing pairing,
               double attentionFactor) {
    for (size_t m = 0; m < xs.size(); ++m) {
        const Eigen::Index rotated = 2 * invFreq.size(), width = xs[m]->cols();
        outs[m]->resize(xs[m]->rows(), width);
        if (width > rotated) outs[m]->rightCols(width - rotated) = xs[m]->rightCols(width - rotated);
    }
    const int64_t entries = static_cast<int64_t>(positions.size()) * invFreq.size();
    const int threads = entries >= kParallelRotateEntries ? detail::resolveThreadCount(0) : 1;
    detail::parallelChunks(invFreq.size(), threads, 1, [&](int64_t i0, int64_t i1) {
        rotatePairs(xs, outs, positions, invFreq, pairing, attentionFactor, i0, i1);
    });
}

}  // namespace

Eigen::MatrixXd rotateRows(const Eigen::MatrixXd& X, const Eigen::VectorXd& positions, const Eigen::VectorXd& invFreq,
                           Pairing pairing, double attentionFactor) {
    checkRotateRowsArgs(X, positions, invFreq, attentionFactor);
    Eigen::MatrixXd out;
    rotateAll({&X}, {&out}, positions, invFreq, pairing, attentionFactor);
    return out;
}

void detail::rotateRowsSharedPositions(const Eigen::MatrixXd& X, const Eigen::MatrixXd& Y,
                                       const Eigen::VectorXd& positions, const Eigen::VectorXd& invFreq,
                                       Pairing pairing, double attentionFactor, Eigen::MatrixXd& outX,
                                       Eigen::MatrixXd& outY) {
    checkRotateRowsArgs(X, positions, invFreq, attentionFactor);
    checkRotateRowsArgs(Y, positions, invFreq, attentionFactor);
    rotateAll({&X, &Y}, {&outX, &outY}, positions, invFreq, pairing, attentionFactor);
}

Eigen::VectorXd kernelWeighted(const Eigen::VectorXd& invFreq, const Eigen::VectorXd& weights,
                               const Eigen::VectorXd& deltas) {
    if (weights.size() != invFreq.size())
        throw std::invalid_argument("weights must have one entry per pair (" + std::to_string(invFreq.size()) +
                                    "), got " + std::to_string(weights.size()));
    Eigen::VectorXd out(deltas.size());
    for (Eigen::Index j = 0; j < deltas.size(); ++j) {
        requireFinite("deltas", deltas[j]);
        double sum = 0.0;
        for (Eigen::Index i = 0; i < invFreq.size(); ++i) sum += weights[i] * std::cos(deltas[j] * invFreq[i]);
        out[j] = sum;
    }
    return out;
}

Eigen::VectorXd kernelSumCos(const Eigen::VectorXd& invFreq, const Eigen::VectorXd& deltas) {
    return kernelWeighted(invFreq, Eigen::VectorXd::Ones(invFreq.size()), deltas);
}

namespace {

// kernelSumCosRange: out[k] = Σ_i w_i·cos((first + k)·θ_i) by the angle-addition identity with an exact
// anchor every kAnchor offsets. For the anchor Δa = first + a and j < kAnchor:
//   w_i·cos((Δa + j)·θ_i) = cos(Δa·θ_i)·T_ij − sin(Δa·θ_i)·U_ij,  T_ij = w_i·cos(j·θ_i), U_ij = w_i·sin(j·θ_i),
// every product Δ·θ taken exactly (detail::sinCosOfProduct). The tables are built once per call; the inner
// loop runs over the offsets of a block (vectorized; AVX2 when the CPU has it — no FMA, so the rounding is
// the same on every x86-64) and sums the pairs in a fixed order, four at a time.
constexpr int64_t kAnchor = 256;

struct KernelTables {
    int64_t pairs = 0;
    std::vector<double> t, u;  // [pair][j], kAnchor entries per pair
};

inline __attribute__((always_inline)) void accumulateBlock(const KernelTables& tab, const double* c, const double* s,
                                                           int64_t len, double* __restrict acc) {
    for (int64_t j = 0; j < len; ++j) acc[j] = 0.0;
    int64_t i = 0;
    for (; i + 4 <= tab.pairs; i += 4) {
        const double* t0 = tab.t.data() + i * kAnchor;
        const double* u0 = tab.u.data() + i * kAnchor;
        const double c0 = c[i], c1 = c[i + 1], c2 = c[i + 2], c3 = c[i + 3];
        const double s0 = s[i], s1 = s[i + 1], s2 = s[i + 2], s3 = s[i + 3];
        for (int64_t j = 0; j < len; ++j)
            acc[j] += ((c0 * t0[j] - s0 * u0[j]) + (c1 * t0[kAnchor + j] - s1 * u0[kAnchor + j])) +
                      ((c2 * t0[2 * kAnchor + j] - s2 * u0[2 * kAnchor + j]) +
                       (c3 * t0[3 * kAnchor + j] - s3 * u0[3 * kAnchor + j]));
    }
    for (; i < tab.pairs; ++i) {
        const double* t0 = tab.t.data() + i * kAnchor;
        const double* u0 = tab.u.data() + i * kAnchor;
        for (int64_t j = 0; j < len; ++j) acc[j] += c[i] * t0[j] - s[i] * u0[j];
    }
}

void accumulateBlockDefault(const KernelTables& tab, const double* c, const double* s, int64_t len, double* acc) {
    accumulateBlock(tab, c, s, len, acc);
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
__attribute__((target("avx2"))) void accumulateBlockAvx2(const KernelTables& tab, const double* c, const double* s,
                                                         int64_t len, double* acc) {
    accumulateBlock(tab, c, s, len, acc);
}
#endif

void kernelRangeChunk(const KernelTables& tab, const Eigen::VectorXd& theta, int64_t first, int64_t begin, int64_t end,
                      double* out) {
    using Block = void (*)(const KernelTables&, const double*, const double*, int64_t, double*);
    Block block = accumulateBlockDefault;
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    if (detail::cpuHasAvx2()) block = accumulateBlockAvx2;
#endif
    std::vector<double> c(static_cast<size_t>(tab.pairs)), s(static_cast<size_t>(tab.pairs));
    for (int64_t k0 = begin; k0 < end; k0 += kAnchor) {
        const double delta0 = static_cast<double>(first + k0);
        for (int64_t i = 0; i < tab.pairs; ++i) detail::sinCosOfProduct(delta0, theta[i], s[i], c[i]);
        block(tab, c.data(), s.data(), std::min(kAnchor, end - k0), out + k0);
    }
}

}  // namespace

Eigen::VectorXd kernelSumCosRange(const Eigen::VectorXd& invFreq, const Eigen::VectorXd& weights, int64_t first,
                                  int64_t count, int threads) {
    if (weights.size() != invFreq.size())
        throw std::invalid_argument("weights must have one entry per pair (" + std::to_string(invFreq.size()) +
                                    "), got " + std::to_string(weights.size()));
    if (count < 0) throw std::invalid_argument("count must be >= 0, got " + std::to_string(count));
    for (Eigen::Index i = 0; i < invFreq.size(); ++i) requireFinite("inv_freq", invFreq[i]);
    Eigen::VectorXd out(count);
    if (count == 0) return out;
    KernelTables tab;
    tab.pairs = invFreq.size();
    tab.t.resize(static_cast<size_t>(tab.pairs * kAnchor));
    tab.u.resize(static_cast<size_t>(tab.pairs * kAnchor));
    const int64_t tableLen = std::min(kAnchor, count);
    for (int64_t i = 0; i < tab.pairs; ++i)
        for (int64_t j = 0; j < tableLen; ++j) {
            double sn, cs;
            detail::sinCosOfProduct(static_cast<double>(j), invFreq[i], sn, cs);
            tab.t[static_cast<size_t>(i * kAnchor + j)] = weights[i] * cs;
            tab.u[static_cast<size_t>(i * kAnchor + j)] = weights[i] * sn;
        }
    threads = count < 65536 ? 1 : detail::resolveThreadCount(threads);
    // Chunks start on anchors (multiples of kAnchor after `first`), so every offset is computed from the
    // same anchor whatever the thread count: the result is bit-identical for any number of threads.
    detail::parallelChunks(count, threads, kAnchor,
                           [&](int64_t b, int64_t e) { kernelRangeChunk(tab, invFreq, first, b, e, out.data()); });
    return out;
}

Eigen::MatrixXd kernelMatrix(const Eigen::VectorXd& invFreq, const Eigen::VectorXd& weights, int64_t n) {
    if (n < 1) throw std::invalid_argument("seq_len must be >= 1, got " + std::to_string(n));
    // buf[j] = s(j − (n − 1)), j = 0 .. 2n − 2; s is even, so compute s(0..n−1) once and mirror.
    const Eigen::VectorXd half = kernelSumCosRange(invFreq, weights, 0, n);
    Eigen::VectorXd buf(2 * n - 1);
    for (int64_t j = 0; j < n; ++j) {
        buf[n - 1 + j] = half[j];
        buf[n - 1 - j] = half[j];
    }
    Eigen::MatrixXd K = detail::largeMatrix(n, n);
    const int threads = n >= 256 ? detail::resolveThreadCount(0) : 1;
    detail::parallelChunks(n, threads, 1, [&](int64_t c0, int64_t c1) {
        for (int64_t col = c0; col < c1; ++col) K.col(col) = buf.segment(n - 1 - col, n);  // K[m][col] = s(m − col)
    });
    return K;
}

}  // namespace phaselens::core
