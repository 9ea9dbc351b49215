// PhaseLens model — the selected layer of a layered model: the plan (config::LayerPlan, a model as a stack of
// layers) as the window's layer strip shows it, and what selecting layer K does to AppState. No ImGui.
//
// Contents
//   [SECTION] Strip rows (runs of identical layers collapsed)
//   [SECTION] The loaded plan and the selection
//   [SECTION] Views of a layer without positional encoding, proportional RoPE
//
// Selecting layer K (applyLayer) sets, from the plan's layer K (CONTRACT.md §0 rules, app/config/layer_plan.h):
//   rope          the layer's resolved RoPE (θ, head dim, rotary dim, scaling and its parameters) exactly as
//                 `phaselens compute rope --layer K` computes it, mapped like a loaded config (applyModelConfig);
//                 pairing interleaved or half-split as the layer's; MLA layers show the rotary part
//                 (qk_rope_head_dim channels); proportional layers (Gemma 4) set ropeProportionalPartial = p and
//                 the views use core::proportionalRopeFrequencies (head_dim/2 frequencies, zeros after p·D/2).
//   scores        scoreScheme NoPE on a layer without RoPE (back to RoPE when a RoPE layer is selected);
//                 the sliding-window mask with the layer's window on sliding layers (a sliding mask becomes
//                 causal on other layers). Chunked attention has no mask of its own in the app: noted.
//   layer fields  layerModel, layerIndex, layerPositional (AppState).
//   logits        queryTemperature and its constants, layerSoftmaxScale, layerLogitSoftcap, layerSinks
//                 (applyLayerLogits; the effective-logits view, views_logits.cpp).
// Context, training context and every other control are left as they are, so stepping layers ([ / ]) compares
// them at the same context. Each selection is one state change: one undo step.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "config/layer_plan.h"
#include "model/app_state.h"
#include "model/model_state.h"
#include "model/views.h"
#include "phaselens/rope_scaling.h"

namespace phaselens::model {

// [SECTION] Strip rows ---------------------------------------------------------------------------------------

/// One row of the layer strip: consecutive layers [first, last] with identical settings.
struct LayerRow {
    int first = 0, last = 0;  ///< 0-based, inclusive
    std::string attention;    ///< "full", "sliding 1024", "chunked 8192", "linear"
    std::string positional;   ///< "RoPE", "NoPE", "none", "ALiBi", "T5", ...
    std::string theta;        ///< "θ 1e4" ("" without RoPE)
    std::string scaling;      ///< "linear ×8", "llama3 ×16", "yarn ×40", "p-RoPE 0.25", "" (default RoPE)
    std::string extra;        ///< "head 512", "temp llama4", "softcap 50", "sinks" ("" when none), ", " separated
    int count() const { return last - first + 1; }
    /// "0–4 sliding 1024, RoPE θ 1e4 ×5": the row in one line (tooltips, tests).
    std::string label() const;
};

/// The plan's layers as strip rows, runs of consecutive identical layers collapsed (Gemma 3 27B: 0–4 sliding θ 1e4,
/// 5 full θ 1e6 linear ×8, 6–10 sliding, ...).
std::vector<LayerRow> layerRows(const config::LayerPlan& plan);

/// θ in the strip's short form: 10000 → "1e4", 500000 → "5e5", 160000 → "1.6e5", 8 → "8".
std::string shortTheta(double theta);

// [SECTION] The loaded plan and the selection ------------------------------------------------------------------

/// The plan the window shows (UiContext::layers); filled by syncLayerPlan, read by the strip panel.
struct LayerPlanState {
    std::optional<config::LayerPlan> plan;
    std::string source;  ///< "preset:NAME" or a config path; "" = none
    config::TransformersRule rule = config::TransformersRule::Newest;
    std::string error;           ///< why the source has no plan (e.g. no num_hidden_layers), "" = none
    std::vector<LayerRow> rows;  ///< layerRows(*plan)
    ModelOrigin seenOrigin;      ///< the model panel's origin when last synced
    config::TransformersRule seenRule = config::TransformersRule::Newest;
};

/// "preset:NAME" for a preset origin, the path for a file, "" for none.
std::string layerSourceOf(const ModelOrigin& origin);

/// Loads the plan of `source` ("preset:NAME" or a config path) under `rule`. Throws config::ConfigError /
/// std::invalid_argument naming the file and field.
config::LayerPlan loadLayerSource(const std::string& source, config::TransformersRule rule);

/// Keeps `layers` in step with the model panel and the state, once per frame (never throws):
///   - a model newly loaded in the panel (its origin or rule changed): its plan is loaded, state.layerModel set to
///     its source and the selection cleared (the model's one-RoPE reading, as the panel applied it);
///   - otherwise a state whose layerModel names another source (a state file, an undo): that plan is loaded.
/// A source without a plan (no num_hidden_layers, an unreadable file) leaves rows empty and says why in error.
void syncLayerPlan(const ModelPanelState& panel, LayerPlanState& layers, AppState& state);

/// Applies layer `index` of `plan` to `state` (header comment). Throws std::invalid_argument when index is outside
/// 0 .. num_layers − 1 ("layer 70 is outside 0 .. 61 (Gemma 3 27B has 62 layers)").
void applyLayer(const config::LayerPlan& plan, const std::string& source, int index, AppState& state);

/// The effective-logit fields of `layer` into `state` (part of applyLayer): query temperature rule and constants
/// (the compared rule gets the same constants, so the two curves differ only by the rule; a layer without a rule
/// keeps the state's constants), softmax scale, logit softcap, sinks.
void applyLayerLogits(const config::LayerSpec& layer, AppState& state);
/// No layer: no temperature rule, softmax scale unknown (0), no softcap, no sinks (the constants stay).
void clearLayerLogits(AppState& state);

/// Selects layer `index` of the loaded plan (clamped to the plan); false when no plan is loaded.
bool selectLayer(const LayerPlanState& layers, int index, AppState& state);
/// [ and ]: the previous / next layer (from none: the first / the last); false when no plan is loaded.
bool stepLayer(const LayerPlanState& layers, int delta, AppState& state);

/// "layer 5 (RoPE θ 1e6, linear ×8)", "layer 3 (NoPE)" for the selected layer; "" when none is selected.
std::string layerLabel(const AppState& state);

// [SECTION] Views ----------------------------------------------------------------------------------------------

/// For a state whose selected layer has no positional encoding (NoPE, linear attention): the result every view
/// that shows RoPE frequencies gives instead of a plot of the (meaningless) rope fields — an empty plot titled
/// "layer K has no positional encoding" with the reason as its caption. nullopt for every other state or view
/// (the NoPE scores and kernel still draw: a NoPE layer's scores are the mask alone).
std::optional<ViewResult> layerWithoutPositionResult(View view, const AppState& state);

/// Proportional RoPE of the state (ropeProportionalPartial > 0): core::proportionalRopeFrequencies(head_dim, θ, p,
/// factor), with factor 1 when `unscaled` (the pretrained frequencies) or the type has none.
core::RopeFrequencies layerProportionalFrequencies(const AppState& state, bool unscaled);

}  // namespace phaselens::model
