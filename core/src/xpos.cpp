#include "phaselens/xpos.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "phaselens/attention.h"
#include "phaselens/validate.h"

namespace phaselens::core {

void validate(const XposParams& p) {
    if (p.headDim < 2 || p.headDim % 2 != 0)
        throw std::invalid_argument("head_dim must be even and >= 2, got " + std::to_string(p.headDim));
    requirePositive("scale_base", p.scaleBase);
    requireGreater("base", p.base, 1.0);
}

Eigen::VectorXd xposZeta(const XposParams& p) {
    validate(p);
    const int half = p.headDim / 2;
    Eigen::VectorXd z(half);
    for (int i = 0; i < half; ++i) z[i] = (2.0 * i + 0.4 * p.headDim) / (1.4 * p.headDim);
    return z;
}

Eigen::VectorXd xposInvFreq(const XposParams& p) {
    validate(p);
    const int half = p.headDim / 2;
    Eigen::VectorXd t(half);
    for (int i = 0; i < half; ++i) t[i] = 1.0 / std::pow(p.base, static_cast<double>(2 * i) / p.headDim);
    return t;
}

Eigen::MatrixXd xposTransform(const XposParams& p, const Eigen::MatrixXd& X, int64_t offset, bool isKey) {
    validate(p);
    if (X.cols() != p.headDim)
        throw std::invalid_argument("x width must equal head_dim = " + std::to_string(p.headDim) + ", got " +
                                    std::to_string(X.cols()));
    if (offset < 0) throw std::invalid_argument("offset must be >= 0, got " + std::to_string(offset));
    if (!X.allFinite()) throw std::invalid_argument("x must contain only finite values");
    const Eigen::VectorXd zeta = xposZeta(p), theta = xposInvFreq(p);
    const int64_t len = X.rows();
    const int64_t total = len + offset;
    const int64_t minPos = -((total + 1) / 2);  // −ceil(total/2), Python's −(total)//2
    Eigen::MatrixXd out(X.rows(), X.cols());
    for (int64_t t = 0; t < len; ++t) {
        const double n = static_cast<double>(minPos + offset + t);
        const double pos = static_cast<double>(offset + t);
        for (int i = 0; i < p.headDim / 2; ++i) {
            double scale = std::pow(zeta[i], n / p.scaleBase);
            if (isKey) scale = 1.0 / scale;
            const double c = std::cos(pos * theta[i]) * scale, s = std::sin(pos * theta[i]) * scale;
            const double a = X(t, 2 * i), b = X(t, 2 * i + 1);
            out(t, 2 * i) = a * c - b * s;
            out(t, 2 * i + 1) = b * c + a * s;
        }
    }
    return out;
}

Eigen::MatrixXd xposScores(const XposParams& p, const Eigen::MatrixXd& Q, const Eigen::MatrixXd& K, int64_t offset) {
    return rawScores(xposTransform(p, Q, offset, false), xposTransform(p, K, offset, true));
}

Eigen::VectorXd xposKernelOnes(const XposParams& p, const Eigen::VectorXd& deltas, Progress* progress) {
    const Eigen::VectorXd zeta = xposZeta(p), theta = xposInvFreq(p);
    Eigen::VectorXd out(deltas.size());
    for (Eigen::Index j = 0; j < deltas.size(); ++j) requireFinite("deltas", deltas[j]);
    Progress* const prog = progressOr(progress);
    if (prog) prog->start(deltas.size());
    checkCancelled(prog);
    for (Eigen::Index j = 0; j < deltas.size(); ++j) {
        double sum = 0.0;
        for (Eigen::Index i = 0; i < theta.size(); ++i)
            sum += 2.0 * std::pow(zeta[i], deltas[j] / p.scaleBase) * std::cos(deltas[j] * theta[i]);
        out[j] = sum;
        if (prog) prog->advance(1);  // polls cancel once per offset (head_dim/2 terms)
    }
    return out;
}

}  // namespace phaselens::core
