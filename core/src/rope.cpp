#include "phaselens/rope.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <thread>
#include <vector>

#include "phaselens/validate.h"

namespace phaselens::core {

const char* pairingName(Pairing pairing) { return pairing == Pairing::HalfSplit ? "half-split" : "interleaved"; }

Pairing pairingFromName(const std::string& name) {
    if (name == "half-split" || name == "half" || name == "rotate_half") return Pairing::HalfSplit;
    if (name == "interleaved" || name == "rotate_every_two") return Pairing::Interleaved;
    throw std::invalid_argument("pairing must be one of half-split, interleaved; got '" + name + "'");
}

int rotaryDim(int headDim, double partialRotaryFactor) {
    if (headDim < 2) throw std::invalid_argument("head_dim must be >= 2, got " + std::to_string(headDim));
    requireFinite("partial_rotary_factor", partialRotaryFactor);
    if (!(partialRotaryFactor > 0.0 && partialRotaryFactor <= 1.0))
        throw std::invalid_argument("partial_rotary_factor must be in (0, 1], got " + formatDouble(partialRotaryFactor));
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

Eigen::MatrixXd rotateRows(const Eigen::MatrixXd& X, const Eigen::VectorXd& positions, const Eigen::VectorXd& invFreq,
                           Pairing pairing, double attentionFactor) {
    checkRotateArgs(X.cols(), invFreq, attentionFactor);
    if (positions.size() != X.rows())
        throw std::invalid_argument("positions must have one entry per row (" + std::to_string(X.rows()) + "), got " +
                                    std::to_string(positions.size()));
    for (Eigen::Index r = 0; r < positions.size(); ++r) requireFinite("positions", positions[r]);
    Eigen::MatrixXd out = X;
    const Eigen::Index half = invFreq.size();
    for (Eigen::Index i = 0; i < half; ++i) {
        Eigen::Index a, b;
        pairChannels(pairing, i, half, a, b);
        const Eigen::ArrayXd angle = positions.array() * invFreq[i];
        const Eigen::ArrayXd c = angle.cos() * attentionFactor, s = angle.sin() * attentionFactor;
        out.col(a) = (X.col(a).array() * c - X.col(b).array() * s).matrix();
        out.col(b) = (X.col(b).array() * c + X.col(a).array() * s).matrix();
    }
    return out;
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

// Fills out[k] = Σ_i w_i cos((first + k)·theta_i) for k in [begin, end) by rotating unit phasors:
// exact anchors every kAnchor steps, one complex multiply per pair per step in between.
void kernelRangeChunk(const Eigen::VectorXd& theta, const Eigen::VectorXd& w, int64_t first, int64_t begin,
                      int64_t end, double* out) {
    constexpr int64_t kAnchor = 1024;
    const Eigen::Index p = theta.size();
    std::vector<double> c(p), s(p), cStep(p), sStep(p);
    for (Eigen::Index i = 0; i < p; ++i) {
        cStep[i] = std::cos(theta[i]);
        sStep[i] = std::sin(theta[i]);
    }
    for (int64_t k0 = begin; k0 < end; k0 += kAnchor) {
        const double delta0 = static_cast<double>(first + k0);
        for (Eigen::Index i = 0; i < p; ++i) {
            c[i] = std::cos(delta0 * theta[i]);
            s[i] = std::sin(delta0 * theta[i]);
        }
        const int64_t k1 = std::min(end, k0 + kAnchor);
        for (int64_t k = k0; k < k1; ++k) {
            double sum = 0.0;
            for (Eigen::Index i = 0; i < p; ++i) {
                sum += w[i] * c[i];
                const double cn = c[i] * cStep[i] - s[i] * sStep[i];
                s[i] = s[i] * cStep[i] + c[i] * sStep[i];
                c[i] = cn;
            }
            out[k] = sum;
        }
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
    if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    if (count < 65536) threads = 1;
    // Chunk boundaries on multiples of the anchor spacing, so the result is bit-identical for any
    // thread count (every chunk starts on an exact anchor).
    constexpr int64_t kAnchorSpacing = 1024;  // = kAnchor in kernelRangeChunk
    const int64_t per = ((count + threads - 1) / threads + kAnchorSpacing - 1) / kAnchorSpacing * kAnchorSpacing;
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t) {
        const int64_t b = t * per, e = std::min(count, b + per);
        if (b < e) pool.emplace_back(kernelRangeChunk, std::cref(invFreq), std::cref(weights), first, b, e, out.data());
    }
    kernelRangeChunk(invFreq, weights, first, 0, std::min(count, per), out.data());
    for (auto& th : pool) th.join();
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
    Eigen::MatrixXd K(n, n);
    for (int64_t col = 0; col < n; ++col) K.col(col) = buf.segment(n - 1 - col, n);  // K[m][col] = s(m − col)
    return K;
}

}  // namespace phaselens::core
