// PhaseLens CLI — the layer and A/B flags of `phaselens export` (parameter table entries --layer, --compare-preset,
// --compare-config, --compare-layer; model/layer_selection.h, model/compare.h, export/compare_export.h).
#pragma once

#include <optional>

#include "cli/arg_parser.h"
#include "model/app_state.h"
#include "model/compare.h"

namespace phaselens::cli {

/// --layer K: layer K of --config/--preset applied to `state` (model::applyLayer); with a config, state.layerModel
/// names it even without --layer (so --compare-layer has a model). Throws CliError naming --layer: without a config,
/// or K outside the model's layers.
void applyLayerFlags(const ParsedArgs& args, model::AppState& state);

/// B of an A/B export, or nullopt when no --compare-* flag is given. Throws CliError naming the flag.
std::optional<model::CompareStates> compareFlags(const ParsedArgs& args, const model::AppState& a);

}  // namespace phaselens::cli
