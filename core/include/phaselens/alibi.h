// PhaseLens core — ALiBi, attention with linear biases (Press, Smith & Lewis 2022, "Train Short, Test
// Long", arXiv:2108.12409; reference get_slopes in ofirpress/attention_with_linear_biases, BLOOM's
// build_alibi_tensor).
//
// Slopes, head h = 0 .. n−1, in head order:
//   n a power of two:  m_h = 2^(−8(h+1)/n)                       (8 heads: 1/2, 1/4, ..., 1/256)
//   otherwise:         c = 2^floor(log2 n); the c slopes of the c-head sequence, then
//                      2^(−8(2j+1)/(2c)) for j = 0 .. n−c−1 (every other slope of the 2c-head sequence).
//                      Not monotonic (12 heads: 1/2 … 1/256, then 2^−0.5, 2^−1.5, …). n = 1 gives 2^−8.
// Bias for head h, query i, key j (0-based), AlibiForm:
//   Linear     −m_h·(i − j)     the paper's matrix; causal models use it on j <= i and mask j > i.
//              For j > i the formula's linear continuation is returned (positive), unmasked.
//   Symmetric  −m_h·|i − j|     bidirectional variant.
//   KeyIndex   m_h·j            what fairseq and BLOOM add: Linear plus the per-row constant m_h·i, so the
//                               softmax over j is identical but the matrix is not.
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <string>

namespace phaselens::core {

enum class AlibiForm { Linear, Symmetric, KeyIndex };

/// "linear", "symmetric", "key-index"; alibiFormFromName throws listing valid names.
const char* alibiFormName(AlibiForm form);
AlibiForm alibiFormFromName(const std::string& name);

constexpr int kMaxAlibiHeads = 65536;

/// Slopes m_h for numHeads heads (1 .. kMaxAlibiHeads), shape (numHeads).
Eigen::VectorXd alibiSlopes(int numHeads);

/// One bias value (no mask applied).
double alibiBiasValue(double slope, int64_t i, int64_t j, AlibiForm form = AlibiForm::Linear);

/// n × n bias matrix for one head with the given slope: [i][j] per the form (no mask applied).
Eigen::MatrixXd alibiBias(double slope, int64_t n, AlibiForm form = AlibiForm::Linear);

}  // namespace phaselens::core
