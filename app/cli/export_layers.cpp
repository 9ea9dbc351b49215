// The layer and A/B flags of `phaselens export` (export_layers.h).
#include "cli/export_layers.h"

#include "cli/compute_config.h"
#include "model/layer_selection.h"

namespace phaselens::cli {

namespace {

config::TransformersRule ruleOf(const ParsedArgs& args) {
    return args.has("--transformers-rule") ? config::transformersRuleFromName(args.choice("--transformers-rule"))
                                           : config::TransformersRule::Newest;
}

}  // namespace

void applyLayerFlags(const ParsedArgs& args, model::AppState& state) {
    const bool config = args.has("--config") || args.has("--preset");
    if (config) {
        state.layerModel = args.has("--preset") ? "preset:" + args.raw("--preset") : args.raw("--config");
        state.layerIndex = -1;
        state.layerPositional.clear();
        state.ropeProportionalPartial = 0.0;
        model::clearLayerLogits(state);
    }
    if (!args.has("--layer")) return;
    if (!config) throw CliError("--layer: needs --config FILE or --preset NAME (the layers come from a model config)");
    const int64_t k = args.integer("--layer");
    try {
        model::applyLayer(model::loadLayerSource(state.layerModel, ruleOf(args)), state.layerModel, static_cast<int>(k),
                          state);
    } catch (const std::exception& e) {
        throw flagError("--layer", e.what(), std::to_string(k));
    }
}

std::optional<model::CompareStates> compareFlags(const ParsedArgs& args, const model::AppState& a) {
    const bool preset = args.has("--compare-preset"), file = args.has("--compare-config"),
               layer = args.has("--compare-layer");
    if (!preset && !file && !layer) return std::nullopt;
    if (preset && file)
        throw CliError("--compare-preset and --compare-config: give at most one, got '" + args.raw("--compare-preset") +
                       "' and '" + args.raw("--compare-config") + "'");
    model::CompareSource source;
    if (preset) source.preset = args.raw("--compare-preset");
    if (file) source.configPath = args.raw("--compare-config");
    if (layer) source.layer = static_cast<int>(args.integer("--compare-layer"));
    const char* flag = layer && !preset && !file ? "--compare-layer" : preset ? "--compare-preset" : "--compare-config";
    try {
        return model::compareStates(a, source, ruleOf(args));
    } catch (const std::exception& e) {
        throw CliError(std::string(flag) + ": " + e.what());
    }
}

}  // namespace phaselens::cli
