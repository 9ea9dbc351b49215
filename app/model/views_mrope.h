// PhaseLens app — the multimodal RoPE views (core/mrope.h; Qwen2-VL, Qwen2.5-VL, Qwen3-VL, Qwen3.5). Registered in
// views.cpp (buildView, defaultTitle, viewInputsDiffer); drawn by panels/mrope_panel.cpp.
//
//   mrope-axes       channel-allocation strip: axis of every rotary pair (0 time, 1 height, 2 width), chunked
//                    (Qwen2/2.5-VL) and interleaved (Qwen3-VL, Qwen3.5) side by side for the same mrope_section.
//   mrope-ladder     wavelength 2π/θ_j of every pair, one series per axis, for the state's layout: which
//                    frequencies each axis gets (chunked: time the fast pairs, width the slowest).
//   mrope-positions  the sequence builder: the three position-id rows t, h, w per token of mropeSequence (the
//                    authors' get_rope_index rule), vision segments shaded; optionally the transformers rule
//                    (resume at start + max(H, W), PR #43972; int-cast second_per_grid_t before PR #48669) overlaid.
//   mrope-spatial    spatial attention map: q·k of the query patch (frame, row, column) against every patch of one
//                    frame of a T×H×W grid, drawn as an H×W image (all-ones or seeded random q/k).
// Decoder settings (head_dim, rope_theta, partial_rotary_factor) come from state.rope; the sections, the sequence
// and the grid from the state's mrope* fields.
#pragma once

#include <string>

#include "model/views.h"
#include "phaselens/mrope.h"

namespace phaselens::model {

/// The M-RoPE parameters of `state` (validated; throws std::invalid_argument naming mrope_section etc.). When the
/// section does not sum to rotary_dim/2 of the Encoding's head (e.g. head_dim changed to 64 under Qwen2-VL's
/// [16, 24, 24]) and `warning` is given, the section is scaled to the head (H' = floor(H·n/sum), W' likewise,
/// T' = n − H' − W') and *warning says so; without `warning` that is an error, as in `compute mrope`.
core::MropeParams mropeParams(const AppState& state, std::string* warning = nullptr);
/// The sequence-index options of `state` (authors' rule; the transformers overlay sets its own flags).
core::MropeIndexOptions mropeIndexOptions(const AppState& state);

ViewResult buildMropeAxes(const AppState& state);
ViewResult buildMropeLadder(const AppState& state);
ViewResult buildMropePositions(const AppState& state);
ViewResult buildMropeSpatial(const AppState& state);

/// Sets mropeSection, mropeInterleaved and mropeTokensPerSecond from a config file / preset that carries
/// mrope_section (config/mrope_config.h). Returns false and leaves `state` unchanged for any other config (the Model
/// panel calls these after loading a model, so non-multimodal configs are simply not M-RoPE configs).
bool applyMropeFile(const std::string& path, AppState& state);
bool applyMropePreset(const std::string& name, AppState& state);

/// Titles generated from the parameters (views.cpp defaultTitle).
std::string mropeTitle(View view, const AppState& state);

/// Cap on the tokens drawn by mrope-positions (longer sequences show their first kMaxMropePlotTokens tokens).
constexpr int64_t kMaxMropePlotTokens = 4096;
/// Caps of the spatial map grid: frames 1..64, rows and columns 1..256.
constexpr int kMaxMropeGridT = 64, kMaxMropeGridSide = 256;

}  // namespace phaselens::model
