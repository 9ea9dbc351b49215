// PhaseLens core — learned absolute position tables (GPT-2, BERT) and the NumPy .npy format.
//
// A learned table W has shape (T_max × d): row p is the embedding added at position p. Positions
// >= T_max have no row — the hard context limit of learned encodings — and are an error here.
// Without a real checkpoint the app shows a seeded random table (N(0, std²) entries), which has the
// same shape and limits but none of the trained structure; a real table is loaded from .npy.
//
// .npy (NumPy format versions 1.0, 2.0, 3.0): magic "\x93NUMPY", version, header length, a Python
// dict literal {'descr': '<f8', 'fortran_order': False, 'shape': (T, d), }, then raw data.
// Supported: descr '<f4' or '<f8' (little-endian float32/float64), C or Fortran order, 1-D or 2-D.
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <string>
#include <vector>

namespace phaselens::core {

/// Seeded random table, entries N(0, stddev²) from std::mt19937_64(seed); deterministic per seed.
/// Throws for max_positions < 1, dim < 1, max_positions·dim > 2^28 cells, or stddev <= 0.
Eigen::MatrixXd learnedTableRandom(int64_t maxPositions, int dim, uint64_t seed, double stddev = 0.02);

/// Rows of the table at the given positions. Throws std::invalid_argument
/// "position P is outside the learned table (T_max = T)" for P < 0 or P >= T_max.
Eigen::MatrixXd learnedLookup(const Eigen::MatrixXd& table, const std::vector<int64_t>& positions);

/// Parses .npy bytes into a matrix (1-D arrays become one column). Throws std::invalid_argument with
/// a precise reason for any malformed, truncated or unsupported input; never reads out of bounds.
Eigen::MatrixXd parseNpy(const std::string& bytes);

/// Reads a .npy file. Throws std::invalid_argument naming the path when unreadable or malformed.
Eigen::MatrixXd loadNpy(const std::string& path);

/// Serializes a matrix as .npy version 1.0, '<f8', C order (rows × cols).
std::string toNpy(const Eigen::MatrixXd& m);

}  // namespace phaselens::core
