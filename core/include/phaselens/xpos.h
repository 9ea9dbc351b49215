// PhaseLens core — xPos, extrapolatable position embedding (Sun et al. 2022, "A Length-Extrapolatable
// Transformer", arXiv:2212.10554), as in microsoft/torchscale `xpos_relative_position.py`.
//
// Interleaved pairs (2i, 2i+1), i = 0 .. d/2 − 1, theta_i = base^(−2i/d) (base 10000 in torchscale),
// zeta_i = (2i + 0.4d)/(1.4d) ∈ [2/7, 1). Row t (0-based) of a block of length L with offset o:
//   rotation angle (t + o)·theta_i (not centred);
//   scale exponent n_t = t + o − ceil((L + o)/2) (centred, as torchscale);
//   queries: pair i multiplied by zeta_i^(n_t/scale_base); keys: by zeta_i^(−n_t/scale_base).
// For q at m and k at n the score factor is zeta_i^((m−n)/scale_base): the centring cancels, and
// the kernel for all-ones q = k is  s_x(Δ) = Σ_i 2·zeta_i^(Δ/scale_base)·cos(Δ·theta_i), Δ = m − n.
#pragma once

#include <Eigen/Dense>
#include <cstdint>

#include "phaselens/progress.h"

namespace phaselens::core {

struct XposParams {
    int headDim = 64;        ///< even, >= 2
    double scaleBase = 512;  ///< > 0
    double base = 10000.0;   ///< > 1
};

/// Throws std::invalid_argument naming head_dim, scale_base or base.
void validate(const XposParams& params);

/// zeta_i, shape (d/2).
Eigen::VectorXd xposZeta(const XposParams& params);
/// theta_i, shape (d/2).
Eigen::VectorXd xposInvFreq(const XposParams& params);

/// Transforms the rows of X (L × d) as torchscale XPOS.forward(x, offset, downscale = isKey).
Eigen::MatrixXd xposTransform(const XposParams& params, const Eigen::MatrixXd& X, int64_t offset, bool isKey);

/// Raw scores q_out·k_outᵀ for q and k blocks of the same length (L × d each).
Eigen::MatrixXd xposScores(const XposParams& params, const Eigen::MatrixXd& Q, const Eigen::MatrixXd& K,
                           int64_t offset = 0);

/// s_x(Δ) for each offset Δ (all-ones q = k), see the header comment. progress (progress.h, optional;
/// nullptr = the ambient one): units = offsets, polled once per offset (head_dim/2 terms); throws Cancelled.
Eigen::VectorXd xposKernelOnes(const XposParams& params, const Eigen::VectorXd& deltas, Progress* progress = nullptr);

}  // namespace phaselens::core
