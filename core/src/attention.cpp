#include "phaselens/attention.h"

#include <cmath>
#include <limits>
#include <stdexcept>

#include "phaselens/validate.h"

namespace phaselens::core {

const char* maskTypeName(MaskType type) {
    switch (type) {
        case MaskType::None: return "none";
        case MaskType::Causal: return "causal";
        case MaskType::SlidingWindow: return "sliding-window";
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
        case MaskType::None: return true;
        case MaskType::Causal: return j <= i;
        case MaskType::SlidingWindow: return j <= i && i - j < mask.window;
    }
    return true;
}

namespace {
void requireFiniteMatrix(const char* name, const Eigen::MatrixXd& m) {
    if (!m.allFinite()) throw std::invalid_argument(std::string(name) + " must contain only finite values");
}
}  // namespace

Eigen::MatrixXd rawScores(const Eigen::MatrixXd& Q, const Eigen::MatrixXd& K, bool scaleBySqrtD) {
    if (Q.cols() != K.cols())
        throw std::invalid_argument("q and k must have the same width, got " + std::to_string(Q.cols()) + " and " +
                                    std::to_string(K.cols()));
    requireFiniteMatrix("q", Q);
    requireFiniteMatrix("k", K);
    Eigen::MatrixXd S = Q * K.transpose();
    if (scaleBySqrtD && Q.cols() > 0) S /= std::sqrt(static_cast<double>(Q.cols()));
    return S;
}

Eigen::MatrixXd ropeScores(const Eigen::MatrixXd& Q, const Eigen::MatrixXd& K, const Eigen::VectorXd& qPos,
                           const Eigen::VectorXd& kPos, const Eigen::VectorXd& invFreq, Pairing pairing,
                           double attentionFactor, bool scaleBySqrtD) {
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

Eigen::MatrixXd causalMask(int64_t n) { return maskMatrix({MaskType::Causal, 0}, n, n); }

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
