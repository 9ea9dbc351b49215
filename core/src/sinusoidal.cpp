#include "phaselens/sinusoidal.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "phaselens/validate.h"

namespace phaselens::core {

void validate(const SinusoidalParams& params) {
    if (params.dModel < 2 || params.dModel % 2 != 0)
        throw std::invalid_argument("d_model must be even and >= 2, got " + std::to_string(params.dModel));
    requireGreater("base", params.base, 1.0);
}

Eigen::VectorXd sinusoidalFrequencies(const SinusoidalParams& params) {
    validate(params);
    const int half = params.dModel / 2;
    Eigen::VectorXd omega(half);
    for (int k = 0; k < half; ++k) omega[k] = std::pow(params.base, -2.0 * k / params.dModel);
    return omega;
}

int sinusoidalChannel(const SinusoidalParams& params, int k, bool isCos) {
    if (params.layout == SinusoidalLayout::Interleaved) return 2 * k + (isCos ? 1 : 0);
    return k + (isCos ? params.dModel / 2 : 0);
}

Eigen::MatrixXd sinusoidalTable(const SinusoidalParams& params, const Eigen::VectorXd& positions) {
    const Eigen::VectorXd omega = sinusoidalFrequencies(params);
    for (Eigen::Index r = 0; r < positions.size(); ++r) requireFinite("positions", positions[r]);
    const Eigen::Index n = positions.size();
    const int half = params.dModel / 2;
    Eigen::MatrixXd pe(n, params.dModel);
    for (int k = 0; k < half; ++k) {
        const int cs = sinusoidalChannel(params, k, false), cc = sinusoidalChannel(params, k, true);
        for (Eigen::Index r = 0; r < n; ++r) {
            const double angle = positions[r] * omega[k];
            pe(r, cs) = std::sin(angle);
            pe(r, cc) = std::cos(angle);
        }
    }
    return pe;
}

Eigen::MatrixXd sinusoidalTable(const SinusoidalParams& params, int64_t numPositions) {
    if (numPositions < 0) throw std::invalid_argument("num_positions must be >= 0, got " + std::to_string(numPositions));
    return sinusoidalTable(params, Eigen::VectorXd::LinSpaced(numPositions, 0.0, static_cast<double>(numPositions - 1)));
}

}  // namespace phaselens::core
