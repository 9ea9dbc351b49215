// Toeplitz kernels: builders, validation and evaluation (formulas in phaselens/heatmap.h).
#include <stdexcept>
#include <string>
#include <vector>

#include "heatmap_internal.h"

namespace phaselens::core {

using namespace heatmap_detail;

// =====================================================================================================
// [SECTION] Kernels
// =====================================================================================================

ToeplitzKernel ropeOnesKernel(const Eigen::VectorXd& theta, double attentionFactor) {
    requireFinite("attention_factor", attentionFactor);
    ToeplitzKernel k;
    k.kind = ToeplitzKernel::Cosine;
    k.theta = theta;
    k.weight = Eigen::VectorXd::Constant(theta.size(), 2.0 * attentionFactor * attentionFactor);
    validate(k);
    return k;
}

ToeplitzKernel ropeRepeatedTokenKernel(const Eigen::VectorXd& theta, const Eigen::VectorXd& v, Pairing pairing,
                                       double attentionFactor) {
    requireFinite("attention_factor", attentionFactor);
    const Eigen::Index half = theta.size();
    if (half < 1) throw std::invalid_argument("theta must not be empty");
    if (v.size() < 2 * half)
        throw std::invalid_argument("token vector length must be >= rotary_dim = " + std::to_string(2 * half) +
                                    ", got " + std::to_string(v.size()));
    if (!v.allFinite()) throw std::invalid_argument("token vector must contain only finite values");
    const double af2 = attentionFactor * attentionFactor;
    double pass = 0.0;
    for (Eigen::Index c = 2 * half; c < v.size(); ++c) pass += v[c] * v[c];
    const Eigen::Index extra = v.size() > 2 * half ? 1 : 0;
    ToeplitzKernel k;
    k.kind = ToeplitzKernel::Cosine;
    k.theta.resize(half + extra);
    k.weight.resize(half + extra);
    for (Eigen::Index i = 0; i < half; ++i) {
        const Eigen::Index a = pairing == Pairing::HalfSplit ? i : 2 * i;
        const Eigen::Index b = pairing == Pairing::HalfSplit ? i + half : 2 * i + 1;
        k.theta[i] = theta[i];
        k.weight[i] = af2 * (v[a] * v[a] + v[b] * v[b]);
    }
    if (extra) {
        k.theta[half] = 0.0;  // pass-through channels: constant term Σ v_c²
        k.weight[half] = pass;
    }
    validate(k);
    return k;
}

ToeplitzKernel xposOnesKernel(const XposParams& params) {
    const Eigen::VectorXd zeta = xposZeta(params);
    ToeplitzKernel k;
    k.kind = ToeplitzKernel::Cosine;
    k.theta = xposInvFreq(params);
    k.weight = Eigen::VectorXd::Constant(k.theta.size(), 2.0);
    k.logDecay = (zeta.array().log() / params.scaleBase).matrix();
    validate(k);
    return k;
}

ToeplitzKernel alibiKernel(double slope, bool symmetric) {
    ToeplitzKernel k;
    k.kind = symmetric ? ToeplitzKernel::AlibiSymmetric : ToeplitzKernel::AlibiLinear;
    k.slope = slope;
    validate(k);
    return k;
}

ToeplitzKernel t5Kernel(const T5BucketParams& params) {
    ToeplitzKernel k;
    k.kind = ToeplitzKernel::T5Bucket;
    k.t5 = params;
    validate(k);
    return k;
}

void validate(const ToeplitzKernel& k) {
    requireFinite("scale", k.scale);
    switch (k.kind) {
        case ToeplitzKernel::Cosine: {
            if (k.theta.size() < 1) throw std::invalid_argument("theta must not be empty");
            if (k.weight.size() != k.theta.size())
                throw std::invalid_argument("weight must have one entry per theta (" + std::to_string(k.theta.size()) +
                                            "), got " + std::to_string(k.weight.size()));
            if (k.logDecay.size() != 0 && k.logDecay.size() != k.theta.size())
                throw std::invalid_argument("log_decay must be empty or have one entry per theta (" +
                                            std::to_string(k.theta.size()) + "), got " +
                                            std::to_string(k.logDecay.size()));
            for (Eigen::Index i = 0; i < k.theta.size(); ++i) {
                requireFinite("theta", k.theta[i]);
                requireFinite("weight", k.weight[i]);
            }
            for (Eigen::Index i = 0; i < k.logDecay.size(); ++i) {
                requireFinite("log_decay", k.logDecay[i]);
                if (std::abs(k.logDecay[i]) > 1.0)
                    throw std::invalid_argument("log_decay entries must be in [-1, 1], got " +
                                                formatDouble(k.logDecay[i]));
            }
            return;
        }
        case ToeplitzKernel::AlibiLinear:
        case ToeplitzKernel::AlibiSymmetric:
            requireFinite("slope", k.slope);
            return;
        case ToeplitzKernel::T5Bucket:
            validate(k.t5);
            return;
    }
    throw std::invalid_argument("kernel kind must be one of cosine, alibi-linear, alibi-symmetric, t5-bucket; got " +
                                std::to_string(static_cast<int>(k.kind)));
}

bool kernelIsEven(const ToeplitzKernel& k) {
    if (k.kind == ToeplitzKernel::AlibiSymmetric) return true;
    if (k.kind != ToeplitzKernel::Cosine) return false;
    return k.logDecay.size() == 0 || (k.logDecay.array() == 0.0).all();
}

double evaluateKernel(const ToeplitzKernel& kernel, int64_t delta) {
    requireOffset("delta", delta);
    const Kern k(kernel, false);  // no range tables for one value
    return k.at(delta);
}

Eigen::VectorXd evaluateKernel(const ToeplitzKernel& kernel, const std::vector<int64_t>& deltas) {
    for (int64_t d : deltas) requireOffset("delta", d);
    const Kern k(kernel, false);
    Eigen::VectorXd out(static_cast<Eigen::Index>(deltas.size()));
    for (size_t j = 0; j < deltas.size(); ++j) out[static_cast<Eigen::Index>(j)] = k.at(deltas[j]);
    return out;
}

namespace {
void rangeParallel(const Kern& k, int64_t first, int64_t count, double* out, int threads, Progress* progress) {
    const int64_t items = (count + kItem - 1) / kItem;
    parallelItems(
        items, threads, 1,
        [&](int64_t it) {
            const int64_t b = it * kItem;
            k.range(first + b, std::min(kItem, count - b), out + b);
            if (progress) progress->advance(std::min(kItem, count - b));
        },
        progress);
}
}  // namespace

Eigen::VectorXd evaluateKernelRange(const ToeplitzKernel& kernel, int64_t first, int64_t count, int threads,
                                    Progress* progress) {
    requireInRange("count", count, 0, kMaxSampledPositions);
    requireOffset("first", first);
    if (count > 0) requireOffset("last offset", first + count - 1);
    const Kern k(kernel);
    Eigen::VectorXd out(count);
    Progress* prog = progressOr(progress);
    if (prog) prog->start(count);
    rangeParallel(k, first, count, out.data(), threads, prog);
    return out;
}

}  // namespace phaselens::core
