// PhaseLens app — the learned-* views: a learned absolute position table (GPT-2 wpe, BERT position_embeddings)
// read from a checkpoint or .npy (config/learned_table_file.h), or a seeded synthetic stand-in when no file is given.
//
// Views (the `--view` names):
//   learned-table               the table W as a heatmap: positions (rows, down) × dimensions; block means when the
//                               table has more rows or columns than the pixels (deep zoom as everywhere)
//   learned-similarity          cos(W[a], W[b]) between positions (GPT-2's band structure), point-sampled positions
//                               when T exceeds the pixels
//   learned-norms               ‖W[p]‖ against position, the cap: positions >= T_max shaded as "no embedding" up to
//                               the context length (or 1.25 T_max)
//   learned-pca                 the rows' first two principal components as a trajectory over positions, beside a
//                               sinusoidal table of the same width and length (each scaled to unit RMS radius)
//   learned-spectrum            log10 power of each dimension along positions (k cycles per T positions), dims
//                               sorted by their peak frequency
//   learned-sinusoidal-spectrum the same for the sinusoidal table of the same width: the frequency ladder
//   learned-resized             the table resized to N rows (torch interpolate, linear, align_corners as set)
//   learned-resized-similarity  its cosine-similarity matrix, beside the original's
//
// Synthetic table (no file): core::learnedTableSynthetic(learnedPositions, learnedDim, learnedSeed), smooth
// sinusoids with low frequencies strongest plus noise that grows over the last 10% of rows (learned_analysis.h).
// The loaded table is cached (one entry, keyed by path, tensor, file size and modification time), so changing other
// sliders does not reread the file; the cache is guarded by a mutex (views are built on a worker thread too).
#pragma once

#include <Eigen/Dense>
#include <string>

#include "model/views.h"

namespace phaselens::model {

/// The table the learned views show and where it came from.
struct LearnedSource {
    Eigen::MatrixXd table;    ///< T × d, float64
    std::string description;  ///< "wpe.weight [1024, 768] F32 from /path/model.safetensors" or "synthetic ..."
    bool synthetic = true;
};

/// The table of `state` (cached). Throws std::invalid_argument naming the file and field for a bad file.
LearnedSource learnedSource(const AppState& state);

/// True for the learned-* views.
bool isLearnedView(View view);

/// Builds one learned-* view. Throws std::invalid_argument for invalid parameters or a bad file.
ViewResult buildLearnedView(View view, const AppState& state);

/// The generated title of a learned-* view.
std::string learnedTitle(View view, const AppState& state);

}  // namespace phaselens::model
