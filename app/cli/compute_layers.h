// PhaseLens CLI — layered models (CONTRACT.md §1–3): `compute layers`, `compute logit-scale` and the --layer flag of
// `compute rope`.
//
//   phaselens compute layers (--config F | --preset N) [--transformers-rule R]
//       num_layers, layers [{index, attention, window, chunk, positional, rope, softmax_scale, logit_softcap, sinks,
//       query_scale}], warnings, config. rope: null or {rope_type, rope_theta, head_dim, rotary_dim, rotated_pairs,
//       pairing, factor, attention_factor[, mrope_section, mrope_interleaved]}.
//   phaselens compute logit-scale (--config F | --preset N) --layer K --positions LIST
//       query_scale (one per position), softmax_scale, logit_softcap, sinks, query_scale_rule, warnings, config.
//   phaselens compute rope (--config F | --preset N) --layer K [--deltas LIST]
//       the rope output computed from layer K's resolved parameters (applyConfigFlags fills the flags from the layer,
//       see layerModelConfig) plus the rope keys above; proportional layers: head_dim/2 frequencies with zeros,
//       wavelength null where the frequency is 0.
// --layer out of range, or a layer without RoPE for `compute rope`: exit 2 with a message naming --layer.
// Rules: config/layer_plan.h.
#pragma once

#include <optional>
#include <string>

#include "cli/arg_parser.h"
#include "cli/json_output.h"
#include "config/layer_plan.h"

namespace phaselens::cli {

/// --layer K: a 0-based decoder layer index.
FlagSpec layerFlag();

/// The plan named by --config/--preset/--transformers-rule in `args` (checked like loadConfigFlags); nullopt when
/// neither is given. `file` receives the path or "preset <name>".
std::optional<config::LayerPlan> loadLayerPlanFlags(const ParsedArgs& args, std::string& file);

/// plan.layers[index] after checking the index ("--layer: must be below num_layers = 48, got 60"); with requireRope
/// also that the layer has a rotary embedding ("--layer: layer 3 has no rotary embedding (positional nope)").
const config::LayerSpec& selectLayer(const config::LayerPlan& plan, int64_t index, bool requireRope);

/// The rope object of CONTRACT.md §1 for one layer.
Json layerRopeJson(const config::LayerRope& rope);

/// For `compute rope --layer`: replaces the generic keys of `j` (built from the layer's flags) by the layer's
/// rope_type, head_dim, rotary_dim, rotated_pairs, pairing, factor, attention_factor; for proportional layers also
/// inv_freq, wavelength (null where 0), scale and, with `deltas`, the kernels.
void putLayerRope(Json& j, const config::LayerRope& rope, const std::optional<std::vector<double>>& deltas);

}  // namespace phaselens::cli
