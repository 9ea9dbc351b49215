// PhaseLens model — views: AppState → plot descriptions (plot::PlotSpec), one builder per View (view_registry.h
// lists them; builders in views_<panel>.cpp).
//
// This is the single place where parameters become pictures. The on-screen panels, the headless
// `phaselens export`, the SVG/CSV/NPY writers and the tests all call buildView(), so what a user sees
// and what they export are the same numbers. Values come from phaselens_core at display resolution
// (core/heatmap.h): never an N × N matrix for long contexts.
//
// Every spec carries a caption naming the convention that produced it (pairing layout, scaling rule,
// ALiBi matrix form, T5 sign convention, how a pixel summarizes its block), so an exported figure says
// how it was computed.
#pragma once

#include <string>
#include <vector>

#include "model/app_state.h"
#include "model/view_registry.h"
#include "phaselens/rope_scaling.h"
#include "plot/plot_spec.h"

namespace phaselens::model {

/// The RoPE parameters the app computes with: state.rope as it is (core::RopeParams), with the app's two rules applied:
/// LongRoPE's list choice follows the context shown (seq_len = contextLength for every type but dynamic NTK, whose
/// current length is rope.seqLen), and empty LongRoPE lists stand for 1 (short) and `factor` (long) in every pair.
/// Throws std::invalid_argument for invalid values.
core::RopeParams ropeParams(const AppState& state);

/// Context extension compared (the extension-* views): the RoPE parameters of method `type` at the
/// state's extensionFactor s for rope.base / rope.headDim, training context L0 =
/// rope.originalMaxPositionEmbeddings, seq_len = extensionCurrentLength for dynamic NTK and the target
/// context otherwise (so LongRoPE picks its long list), YaRN / Llama-3 / LongRoPE settings from `rope` (not its
/// max_position_embeddings, nor an explicit attention_factor: each method has its own);
/// LongRoPE lists whose length is not rotary_dim/2 are replaced by short = 1, long = s for every pair.
/// RopeType::Default gives the unscaled frequencies.
core::RopeParams extensionParams(const AppState& state, core::RopeType type);
/// L0: rope.originalMaxPositionEmbeddings, else rope.maxPositionEmbeddings; throws std::invalid_argument when unset.
int64_t ropeOriginalLength(const AppState& state);
/// The target context of the comparison, round(s·L0). Throws for s < 1 or a target above 2^31.
int64_t extensionTarget(const AppState& state);

/// The 256 colors of a colormap as plot::Rgba (for HeatmapSpec::lut).
std::vector<plot::Rgba> colormapColors(Colormap map);

/// A view's plot plus the facts an export sidecar records.
struct ViewResult {
    plot::PlotSpec spec;
    std::string convention;             ///< one paragraph: every convention that produced the numbers
    std::vector<std::string> warnings;  ///< e.g. an xPos request for random vectors that fell back to ones
};

/// Computes `view` for `state`. Dependent selections out of range (phase pairs, ALiBi head) are clamped on a copy
/// and noted in `warnings` (state_clamp.h); state.title replaces the generated title only when view == state.view
/// (a slide's title belongs to its focused plot). Throws std::invalid_argument (message names the parameter and value)
/// when the parameters are invalid; the caller shows it inline.
ViewResult buildView(View view, const AppState& state);

/// The title generated from the parameters (used when state.title is empty).
std::string defaultTitle(View view, const AppState& state);

/// True when a and b differ in a field `view` declares as its input (viewDef's inputs, kCommonViewInputs) or in the
/// custom title of the focused view. Used by the cache; allocates nothing.
bool viewInputsDiffer(View view, const AppState& a, const AppState& b);

}  // namespace phaselens::model
