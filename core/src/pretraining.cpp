#include "phaselens/pretraining.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "phaselens/validate.h"

namespace phaselens::core {

namespace {
constexpr double kTwoPi = 2.0 * M_PI;
}

std::optional<double> firstUnseenPosition(double pretrainedTheta, double scaledTheta, double pretrainingContext) {
    requirePositive("pretrained inv_freq", pretrainedTheta);
    requirePositive("scaled inv_freq", scaledTheta);
    requireAtLeast("pretraining context", pretrainingContext, 1.0);
    const double reached = (pretrainingContext - 1.0) * pretrainedTheta;  // largest angle the pretrained model saw
    if (reached >= kTwoPi) return std::nullopt;
    // (L0 − 1)·(θ/θ′): exact when θ′ = θ or θ/2^k, so unscaled RoPE gives L0 and PI ×8 gives 8·(L0 − 1) + 1.
    return std::floor((pretrainingContext - 1.0) * (pretrainedTheta / scaledTheta)) + 1.0;
}

PretrainingReport pretrainingReport(const Eigen::VectorXd& pretrainedTheta, const Eigen::VectorXd& scaledTheta,
                                    double pretrainingContext, double context) {
    if (pretrainedTheta.size() != scaledTheta.size())
        throw std::invalid_argument(
            "pretrained and scaled inv_freq differ in length: " + std::to_string(pretrainedTheta.size()) + " vs " +
            std::to_string(scaledTheta.size()));
    requireAtLeast("context", context, 1.0);
    PretrainingReport r;
    const Eigen::Index n = pretrainedTheta.size();
    r.firstUnseenPosition.resize(static_cast<size_t>(n));
    r.fullTurnInPretraining.resize(n);
    for (Eigen::Index i = 0; i < n; ++i) {
        std::optional<double> p = firstUnseenPosition(pretrainedTheta[i], scaledTheta[i], pretrainingContext);
        if (p && !(*p < context)) p.reset();
        r.firstUnseenPosition[static_cast<size_t>(i)] = p;
        r.fullTurnInPretraining[i] = pretrainingContext * pretrainedTheta[i] >= kTwoPi;
    }
    return r;
}

UnseenIntervals unseenIntervals(double pretrainedTheta, double scaledTheta, double pretrainingContext, double end,
                                int64_t maxIntervals) {
    UnseenIntervals out;
    const std::optional<double> first = firstUnseenPosition(pretrainedTheta, scaledTheta, pretrainingContext);
    if (!first || !(*first < end)) return out;
    const double lambda = kTwoPi / scaledTheta;
    if (!(*first < lambda)) return out;  // the next turn starts before an integer position passes the seen range
    const double turns = std::ceil(end / lambda);
    if (turns > static_cast<double>(maxIntervals)) {
        out.complete = false;
        out.intervals.emplace_back(*first, end);
        return out;
    }
    for (int64_t k = 0; static_cast<double>(k) < turns; ++k) {
        const double turnStart = static_cast<double>(k) * lambda;
        const double a = turnStart + *first, b = std::min(end, turnStart + lambda);
        if (a < b) out.intervals.emplace_back(a, b);
    }
    return out;
}

}  // namespace phaselens::core
