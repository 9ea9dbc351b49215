#include "phaselens/proportional_rope.h"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "phaselens/rope.h"
#include "phaselens/validate.h"

namespace phaselens::core {

int proportionalRotatedPairs(int headDim, double partialRotaryFactor) {
    if (headDim < 2 || headDim % 2 != 0)
        throw std::invalid_argument("head_dim must be even and >= 2, got " + std::to_string(headDim));
    requireFinite("partial_rotary_factor", partialRotaryFactor);
    if (!(partialRotaryFactor > 0.0 && partialRotaryFactor <= 1.0))
        throw std::invalid_argument("partial_rotary_factor must be in (0, 1], got " +
                                    formatDouble(partialRotaryFactor));
    return static_cast<int>(std::floor(partialRotaryFactor * headDim / 2.0));
}

RopeFrequencies proportionalRopeFrequencies(int headDim, double base, double partialRotaryFactor, double factor,
                                            std::optional<double> attentionFactor) {
    const int rotated = proportionalRotatedPairs(headDim, partialRotaryFactor);
    requireGreater("rope_theta", base, 1.0);
    requireAtLeast("factor", factor, 1.0);
    if (attentionFactor) requirePositive("attention_factor", *attentionFactor);
    const int pairs = headDim / 2;
    const Eigen::VectorXd theta = defaultInvFreq(headDim, base);
    RopeFrequencies out;
    out.rotaryDim = headDim;
    out.invFreq = Eigen::VectorXd::Zero(pairs);
    out.wavelength = Eigen::VectorXd::Constant(pairs, std::numeric_limits<double>::infinity());
    out.scale = Eigen::VectorXd::Ones(pairs);
    for (int i = 0; i < rotated; ++i) {
        out.invFreq[i] = theta[i] / factor;
        out.wavelength[i] = 2.0 * M_PI / out.invFreq[i];
        out.scale[i] = factor;
    }
    out.attentionFactor = attentionFactor.value_or(1.0);
    out.rule = "proportional: " + std::to_string(rotated) + " of " + std::to_string(pairs) +
               " pairs rotate with rope_theta^(-2i/head_dim)" + (factor != 1.0 ? " / factor" : "") +
               ", the rest have frequency 0 (pairs (i, i + head_dim/2))";
    return out;
}

}  // namespace phaselens::core
