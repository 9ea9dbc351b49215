// PhaseLens core — sinusoidal absolute position encodings (Vaswani et al. 2017, "Attention Is All
// You Need", section 3.5).
//
// Frequencies: omega_k = base^(-2k/d_model), k = 0 .. d_model/2 - 1, in radians per position.
// Layouts (same numbers, different channel order):
//   Interleaved  (Vaswani, DistilBERT):        pe[p][2k] = sin(p·omega_k), pe[p][2k+1] = cos(p·omega_k)
//   Concatenated (fairseq, tensor2tensor, GPT-J): pe[p][k] = sin(p·omega_k), pe[p][d/2 + k] = cos(p·omega_k)
// (fairseq additionally spaces its frequencies by ln(base)/(d/2 - 1); that variant is not modelled.)
// Positions are doubles so fractional (interpolated) positions can be shown; all math is float64.
#pragma once

#include <Eigen/Dense>

namespace phaselens::core {

enum class SinusoidalLayout { Interleaved, Concatenated };

struct SinusoidalParams {
    int dModel = 512;       ///< model width d, even, >= 2
    double base = 10000.0;  ///< frequency base, finite, > 1
    SinusoidalLayout layout = SinusoidalLayout::Interleaved;
};

/// Throws std::invalid_argument naming d_model or base when invalid.
void validate(const SinusoidalParams& params);

/// omega_k = base^(-2k/d), shape (d/2). Radians per position.
Eigen::VectorXd sinusoidalFrequencies(const SinusoidalParams& params);

/// Table of shape (positions.size(), d): one row per requested position, layout as chosen.
Eigen::MatrixXd sinusoidalTable(const SinusoidalParams& params, const Eigen::VectorXd& positions);

/// Table for positions 0..numPositions-1 (rows), the benchmark/heatmap case.
Eigen::MatrixXd sinusoidalTable(const SinusoidalParams& params, int64_t numPositions);

/// Channel index (0-based) in the chosen layout that carries frequency k and component
/// (isCos = false → sin, true → cos).
int sinusoidalChannel(const SinusoidalParams& params, int k, bool isCos);

}  // namespace phaselens::core
