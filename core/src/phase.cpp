#include "phaselens/phase.h"

#include <cmath>
#include <stdexcept>

#include "phaselens/validate.h"

namespace phaselens::core {

double wrapAngle(double angle) {
    const double twoPi = 2.0 * M_PI;
    double w = angle - twoPi * std::floor(angle / twoPi);
    if (w >= twoPi) w -= twoPi;  // guards the rounding edge where floor() lands one short
    if (w < 0) w += twoPi;
    return w;
}

double apparentFrequency(double x) {
    return std::abs(wrapAngle(x + M_PI) - M_PI);
}

PhaseReport phaseReport(const Eigen::VectorXd& invFreq, double context, double trainingContext, double stride) {
    requireAtLeast("context", context, 1.0);
    requireAtLeast("training_context", trainingContext, 1.0);
    requirePositive("position_stride", stride);
    for (Eigen::Index i = 0; i < invFreq.size(); ++i) requirePositive("inv_freq", invFreq[i]);
    const double twoPi = 2.0 * M_PI;
    PhaseReport r;
    const Eigen::Index n = invFreq.size();
    r.invFreq = invFreq;
    r.wavelength = (twoPi / invFreq.array()).matrix();
    r.turnsInContext = invFreq * (context / twoPi);
    r.turnsInTraining = invFreq * (trainingContext / twoPi);
    r.fullTurnInTraining.resize(n);
    r.aliased.resize(n);
    r.apparentFrequency.resize(n);
    for (Eigen::Index i = 0; i < n; ++i) {
        r.fullTurnInTraining[i] = trainingContext * invFreq[i] >= twoPi;
        r.aliased[i] = invFreq[i] * stride > M_PI;
        r.apparentFrequency[i] = apparentFrequency(invFreq[i] * stride);
    }
    return r;
}

}  // namespace phaselens::core
