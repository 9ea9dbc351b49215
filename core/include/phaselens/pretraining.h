// PhaseLens core — which rotary phases the PRETRAINED model saw, for a scaled (context-extended) model.
//
// Context extension (PI, NTK, YaRN, Llama-3, ...) replaces the pretrained frequency θᵢ of pair i by a
// scaled θ′ᵢ. A phase (angle) is "seen in pretraining" iff the pretrained model reached it at one of its
// positions 0 .. L0 − 1 (L0 = the pretraining context): the angles reached are [0, (L0 − 1)·θᵢ] (mod 2π).
//
//   All phases seen:         (L0 − 1)·θᵢ >= 2π (the pretrained model completed a turn).
//   First unseen position:   otherwise the scaled model first leaves [0, (L0 − 1)·θᵢ] at
//                            p = ⌊(L0 − 1)·θᵢ / θ′ᵢ⌋ + 1 (positions are integers).
//   Unseen positions:        in turn k of the scaled pair (λ′ = 2π/θ′ᵢ), positions [k·λ′ + p₁, (k + 1)·λ′)
//                            (p₁ the first unseen position; within a turn the angle p·θ′ᵢ − 2πk grows past
//                            the largest angle the pretrained model reached).
//   Full turn in pretraining: L0·θᵢ >= 2π (unscaled θ; the wavelength fits in the pretraining context).
//
// Example: PI (linear) ×8, θ′ = θ/8: the first unseen position is ⌊8·(L0 − 1)⌋ + 1 = 8·(L0 − 1) + 1, so at
// context 8·L0 nothing is veiled before 8·(L0 − 1) + 1. Unscaled RoPE (θ′ = θ): p₁ = L0, today's "beyond the
// training context".
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace phaselens::core {

/// The first position at which the scaled pair reaches a phase the pretrained model never reached, or
/// nullopt when (L0 − 1)·θ >= 2π (every phase was seen). θ, θ′ in rad/position (finite, > 0), L0 >= 1
/// positions. Throws std::invalid_argument naming the parameter otherwise.
std::optional<double> firstUnseenPosition(double pretrainedTheta, double scaledTheta, double pretrainingContext);

/// Per-pair pretraining facts for `context` positions of the scaled model.
struct PretrainingReport {
    /// First unseen position per pair; nullopt when every phase was seen or it is not below the context.
    std::vector<std::optional<double>> firstUnseenPosition;
    Eigen::Array<bool, Eigen::Dynamic, 1> fullTurnInPretraining;  ///< L0·θᵢ >= 2π (unscaled θ)
};

/// Throws std::invalid_argument when the vectors differ in length, an entry is not finite and > 0, or
/// L0 / context < 1.
PretrainingReport pretrainingReport(const Eigen::VectorXd& pretrainedTheta, const Eigen::VectorXd& scaledTheta,
                                    double pretrainingContext, double context);

/// The unseen position intervals [a, b) of one pair within [0, end) (see the header comment), at most
/// `maxIntervals` of them. When more would be needed, `complete` is false and the one interval [p₁, end) is
/// returned instead (a whole-row veil).
struct UnseenIntervals {
    std::vector<std::pair<double, double>> intervals;
    bool complete = true;
};
UnseenIntervals unseenIntervals(double pretrainedTheta, double scaledTheta, double pretrainingContext, double end,
                                int64_t maxIntervals);

}  // namespace phaselens::core
