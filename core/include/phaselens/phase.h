// PhaseLens core — phase wraparound and aliasing of rotary / sinusoidal frequencies.
//
// For a pair with frequency theta (radians per position):
//   phase(p)            = p·theta, shown raw or wrapped to [0, 2π).
//   turns in a context C = C·theta/(2π): how many full turns the pair completes over C positions.
//   full turn in training: T·theta >= 2π. A pair that never completes a turn within the training
//                        context T has seen only part of its circle: its phases beyond T·theta were
//                        never seen in training (the "unseen phase" region of the ladder).
//   Sampling aliasing:   sampling positions with stride S advances the angle by theta·S per sample;
//                        above π (Nyquist) the pair aliases and appears to turn at
//                        apparent = |((theta·S + π) mod 2π) − π|  radians per sampled step.
//                        (Position interpolation divides positions, i.e. theta, by the factor.)
#pragma once

#include <Eigen/Dense>
#include <cstdint>

namespace phaselens::core {

/// angle mod 2π in [0, 2π).
double wrapAngle(double angle);

/// |((x + π) mod 2π) − π| for x = theta·stride >= 0: the apparent frequency in [0, π].
double apparentFrequency(double anglePerStep);

struct PhaseReport {
    Eigen::VectorXd invFreq;                                   ///< theta_i
    Eigen::VectorXd wavelength;                                ///< 2π/theta_i
    Eigen::VectorXd turnsInContext;                            ///< C·theta_i/(2π)
    Eigen::VectorXd turnsInTraining;                           ///< T·theta_i/(2π)
    Eigen::Array<bool, Eigen::Dynamic, 1> fullTurnInTraining;  ///< T·theta_i >= 2π
    Eigen::Array<bool, Eigen::Dynamic, 1> aliased;             ///< theta_i·S > π
    Eigen::VectorXd apparentFrequency;                         ///< radians per sampled step
};

/// Per-pair phase facts. Throws std::invalid_argument for context/training < 1, stride <= 0 or
/// non-finite, or invFreq entries that are not finite and > 0.
PhaseReport phaseReport(const Eigen::VectorXd& invFreq, double context, double trainingContext, double stride = 1.0);

}  // namespace phaselens::core
