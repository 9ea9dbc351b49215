// PhaseLens core — attention score matrices, masks and softmax.
//
// Shapes: Q is (Nq × d), K is (Nk × d); a score matrix S is (Nq × Nk), row i = query i, column j =
// key j, S[i][j] = q_i·k_j (raw; no 1/sqrt(d) unless asked). Masked entries are −inf.
// Masks (i = query position, j = key position, both 0-based):
//   None          every key visible.
//   Causal        visible iff j <= i (decoder models; this is all that NoPE has).
//   SlidingWindow visible iff 0 <= i − j < window (Mistral-style local causal attention).
// Softmax is taken along each row, numerically stable (subtract the row max); −inf entries get
// probability 0; a row with every entry −inf gives all zeros (no key visible) rather than NaN.
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <string>

#include "phaselens/rope.h"

namespace phaselens::core {

enum class MaskType { None, Causal, SlidingWindow };

struct MaskParams {
    MaskType type = MaskType::None;
    int64_t window = 0;  ///< SlidingWindow only: number of visible keys including the query's own, >= 1
};

/// "none", "causal", "sliding-window"; maskTypeFromName throws listing valid names.
const char* maskTypeName(MaskType type);
MaskType maskTypeFromName(const std::string& name);

/// Throws std::invalid_argument for a sliding window < 1.
void validate(const MaskParams& mask);

/// True when key j is visible from query i under the mask.
bool isVisible(const MaskParams& mask, int64_t i, int64_t j);

/// Q·Kᵀ, optionally divided by sqrt(d). Throws when the widths differ or inputs are not finite.
Eigen::MatrixXd rawScores(const Eigen::MatrixXd& Q, const Eigen::MatrixXd& K, bool scaleBySqrtD = false);

/// RoPE scores S[i][j] = (R(qPos_i) q_i)·(R(kPos_j) k_j) with the given pairing and attention factor
/// (both rotated vectors scaled, so S scales by attentionFactor²), optionally / sqrt(d).
Eigen::MatrixXd ropeScores(const Eigen::MatrixXd& Q, const Eigen::MatrixXd& K, const Eigen::VectorXd& qPos,
                           const Eigen::VectorXd& kPos, const Eigen::VectorXd& invFreq, Pairing pairing,
                           double attentionFactor = 1.0, bool scaleBySqrtD = false);

/// (Nq × Nk) matrix of 1 (visible) / 0 (masked), positions 0..Nq−1 and 0..Nk−1.
Eigen::MatrixXd maskMatrix(const MaskParams& mask, int64_t nq, int64_t nk);
/// The causal mask alone, n × n: [i][j] = 1 if j <= i else 0. This is NoPE's whole positional signal.
Eigen::MatrixXd causalMask(int64_t n);

/// Sets masked entries of S (query/key positions = row/column indices) to −inf.
void applyMask(Eigen::MatrixXd& scores, const MaskParams& mask);

/// Row-wise softmax (see header comment for −inf handling). NaN entries throw.
Eigen::MatrixXd rowSoftmax(const Eigen::MatrixXd& scores);

/// scores + bias (same shape; −inf + finite stays −inf). Throws on shape mismatch.
Eigen::MatrixXd addBias(const Eigen::MatrixXd& scores, const Eigen::MatrixXd& bias);

}  // namespace phaselens::core
