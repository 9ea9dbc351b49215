// PhaseLens core — the structure of a learned absolute position table W (T_max rows × d columns, row p the
// embedding of position p): resizing it along positions, cosine similarity between rows, row norms, principal
// components of the rows and the power spectrum of each dimension along positions. All float64, pure.
//
// Resizing (the learned-table form of position interpolation; what loaders do to lengthen a BERT/ViT table)
// follows torch.nn.functional.interpolate(W.T[None], size=N, mode="linear", align_corners=...) exactly (ATen
// UpSample.h area_pixel_compute_scale / area_pixel_compute_source_index, UpSampleKernel.cpp), per column:
//   align_corners = false   scale = T / N,              src(i) = max(0, scale · (i + 0.5) − 0.5)
//   align_corners = true    scale = (T − 1) / (N − 1),  src(i) = scale · i          (scale = 0 when N = 1)
//   i0 = floor(src), i1 = min(i0 + 1, T − 1), λ = src − i0:   out[i] = (1 − λ) · W[i0] + λ · W[i1]
// (PyTorch evaluates this in the tensor's dtype; here in float64.)
//
// Spectrum: for each column j, x = W[:, j] − mean, X_k = Σ_p x_p e^{−2πi k p / T}, power P[k][j] = |X_k|² / T for
// k = 0 .. floor(T/2) (k cycles per T positions; a sinusoid of ω rad/position peaks at k ≈ ω T / 2π). Computed with
// a radix-2 FFT (Bluestein's chirp-z for other lengths), O(T log T) per column.
#pragma once

#include <Eigen/Dense>
#include <cstdint>

namespace phaselens::core {

/// W resized to `newRows` rows by linear interpolation along rows (formula above). Throws for newRows < 1,
/// newRows · cols > 2^28 cells, or an empty table.
Eigen::MatrixXd resizeTableLinear(const Eigen::MatrixXd& table, int64_t newRows, bool alignCorners);

/// ‖W[p]‖₂ for every row, shape (T).
Eigen::VectorXd tableRowNorms(const Eigen::MatrixXd& table);

/// cos(W[a], W[b]) = W[a]·W[b] / (‖W[a]‖ ‖W[b]‖) for every pair of rows, shape (T × T); 0 where a row is all zero.
Eigen::MatrixXd tableCosineSimilarity(const Eigen::MatrixXd& table);

/// Principal components of the rows (centred at the mean row).
struct TablePca {
    Eigen::MatrixXd projections;  ///< (T × k): row p's coordinates along the first k components
    Eigen::MatrixXd components;   ///< (d × k): unit directions, sign fixed so each one's largest |entry| is > 0
    Eigen::VectorXd explained;    ///< (k): fraction of the total variance along each component
};
/// The first k = min(components, d, T) components, by a symmetric eigen-decomposition of the smaller of the
/// covariance (d × d) and the Gram matrix (T × T). Throws for components < 1 or an empty table.
TablePca tablePca(const Eigen::MatrixXd& table, int components);

/// Power spectrum along positions of every column (formula above), shape (floor(T/2) + 1) × d.
Eigen::MatrixXd tablePowerSpectrum(const Eigen::MatrixXd& table);

/// A seeded synthetic "learned" table for demonstrations without a checkpoint (documented stand-in, not a model):
///   W[p][j] = a_j sin(2π f_j p / T + φ_j) + σ(p) · n_{p,j}
/// with f_j log-spaced from 0.5 to T/8 cycles over the table (columns in a seeded random order), a_j = 0.1 / (1 +
/// f_j / 16) (smooth, low frequencies strongest, like GPT-2's wpe), φ_j uniform in [0, 2π), n ~ N(0, 1) from
/// std::mt19937_64(seed), and σ(p) = 0.01 rising linearly to 0.04 over the last 10% of positions (the noisier,
/// rarely trained rows near the cap). Throws for maxPositions < 2, dim < 1 or more than 2^28 cells.
Eigen::MatrixXd learnedTableSynthetic(int64_t maxPositions, int dim, uint64_t seed);

}  // namespace phaselens::core
