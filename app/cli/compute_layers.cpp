// `compute layers`, `compute logit-scale` and the --layer helpers of `compute rope` (see compute_layers.h).

#include "cli/compute_layers.h"

#include <algorithm>
#include <cmath>

#include "cli/compute_config.h"
#include "cli/parameter_flags.h"
#include "cli/quantity.h"
#include "phaselens/rope.h"

namespace phaselens::cli {

using config::LayerPlan;
using config::LayerSpec;

FlagSpec layerFlag() {
    return parameterFlag("--layer", model::kCompute).core({"layer"});  // the one parameter table (parameters.h)
}

std::optional<LayerPlan> loadLayerPlanFlags(const ParsedArgs& args, std::string& file) {
    if (!loadConfigFlags(args, file)) return std::nullopt;  // flag checks and the whole file, as every command
    const config::TransformersRule rule = config::transformersRuleFromName(args.choice("--transformers-rule"));
    return args.has("--config") ? config::loadLayerPlan(args.raw("--config"), rule)
                                : config::loadPresetLayerPlan(args.raw("--preset"), rule);
}

const LayerSpec& selectLayer(const LayerPlan& plan, int64_t index, bool requireRope) {
    if (index < 0 || index >= plan.numLayers)
        throw flagError("--layer", "must be below num_layers = " + std::to_string(plan.numLayers) + " (0-based)",
                        std::to_string(index));
    const LayerSpec& layer = plan.layers[static_cast<size_t>(index)];
    if (requireRope && !layer.rope)
        throw flagError("--layer",
                        "layer " + std::to_string(index) + " has no rotary embedding (positional " + layer.positional +
                            ", " + config::attentionKindName(layer.attention) + " attention)",
                        std::to_string(index));
    return layer;
}

Json layerRopeJson(const config::LayerRope& rope) {
    Json j;
    j["rope_type"] = rope.ropeType;
    putNumber(j, "rope_theta", rope.resolved.rope.base);
    j["head_dim"] = rope.headDim;
    j["rotary_dim"] = rope.rotaryDim;
    j["rotated_pairs"] = rope.rotatedPairs;
    j["pairing"] = config::ropePairingName(rope.pairing);
    putNumber(j, "factor", rope.factor);
    putNumber(j, "attention_factor", rope.attentionFactor);
    if (!rope.mropeSection.empty()) {
        j["mrope_section"] = rope.mropeSection;
        j["mrope_interleaved"] = rope.mropeInterleaved;
    }
    return j;
}

void putLayerRope(Json& j, const config::LayerRope& rope, const std::optional<std::vector<double>>& deltas) {
    const Json keys = layerRopeJson(rope);
    for (const auto& [key, value] : keys.items()) j[key] = value;
    // Integral offsets are written as integers, as the layered golden cases list them.
    if (deltas && std::all_of(deltas->begin(), deltas->end(), [](double d) { return d == std::floor(d); })) {
        Json ints = Json::array();
        for (double d : *deltas) ints.push_back(static_cast<int64_t>(d));
        j["kernel_delta"] = ints;
    }
    if (!rope.proportional) return;
    const core::RopeFrequencies f = rope.frequencies();
    putArray(j, "inv_freq", f.invFreq);
    Json wavelength = Json::array();
    for (Eigen::Index i = 0; i < f.invFreq.size(); ++i)
        wavelength.push_back(f.invFreq[i] == 0.0 ? Json(nullptr) : Json(f.wavelength[i]));
    j["wavelength"] = wavelength;
    putArray(j, "scale", f.scale);
    j["rule"] = f.rule;
    j["partial_rotary_factor"] = rope.proportionalPartial;
    if (deltas) {
        const Eigen::VectorXd d =
            Eigen::Map<const Eigen::VectorXd>(deltas->data(), static_cast<Eigen::Index>(deltas->size()));
        const Eigen::VectorXd sumCos = core::kernelSumCos(f.invFreq, d);  // a zero frequency contributes cos 0 = 1
        putArray(j, "kernel_sum_cos", sumCos);
        putArray(j, "kernel_dot_ones", (2.0 * f.attentionFactor * f.attentionFactor * sumCos).eval());
    }
}

namespace {

LayerPlan requirePlan(const ParsedArgs& args, std::string& file) {
    auto plan = loadLayerPlanFlags(args, file);
    if (!plan) throw CliError("--config: required (or --preset NAME): the layers come from a model config");
    return std::move(*plan);
}

Json layerJson(const LayerSpec& s) {
    Json j;
    j["index"] = s.index;
    j["attention"] = config::attentionKindName(s.attention);
    j["window"] = s.window ? Json(*s.window) : Json(nullptr);
    j["chunk"] = s.chunk ? Json(*s.chunk) : Json(nullptr);
    j["positional"] = s.positional;
    j["rope"] = s.rope ? layerRopeJson(*s.rope) : Json(nullptr);
    j["softmax_scale"] = s.softmaxScale ? Json(*s.softmaxScale) : Json(nullptr);
    j["logit_softcap"] = s.logitSoftcap ? Json(*s.logitSoftcap) : Json(nullptr);
    j["sinks"] = s.sinks;
    const char* rule = config::queryScaleRuleName(s.queryScale);
    j["query_scale"] = rule ? Json(rule) : Json(nullptr);
    return j;
}

void putPlanReport(Json& j, const LayerPlan& plan, const std::string& file) {
    j["warnings"] = plan.warnings;
    Json provenance = configProvenance(plan.model, file);
    provenance["notes"] = plan.model.notes;
    for (const auto& n : plan.notes) provenance["notes"].push_back(n);
    j["config"] = provenance;
}

Json computeLayers(const ParsedArgs& args) {
    std::string file;
    const LayerPlan plan = requirePlan(args, file);
    Json j;
    j["quantity"] = "layers";
    j["num_layers"] = plan.numLayers;
    Json layers = Json::array();
    for (const LayerSpec& s : plan.layers) layers.push_back(layerJson(s));
    j["layers"] = layers;
    putPlanReport(j, plan, file);
    return j;
}

Json computeLogitScale(const ParsedArgs& args) {
    std::string file;
    const LayerPlan plan = requirePlan(args, file);
    const LayerSpec& s = selectLayer(plan, args.integer("--layer"), false);
    const std::vector<int64_t> positions = args.integerList("--positions");
    Json j;
    j["quantity"] = "logit-scale";
    j["layer"] = s.index;
    j["positions"] = positions;
    std::vector<double> scales;
    scales.reserve(positions.size());
    for (int64_t p : positions) scales.push_back(s.queryScaleAt(p));
    putArray(j, "query_scale", scales);
    const char* rule = config::queryScaleRuleName(s.queryScale);
    j["query_scale_rule"] = rule ? Json(rule) : Json(nullptr);
    j["softmax_scale"] = s.softmaxScale ? Json(*s.softmaxScale) : Json(nullptr);
    j["logit_softcap"] = s.logitSoftcap ? Json(*s.logitSoftcap) : Json(nullptr);
    j["sinks"] = s.sinks;
    putPlanReport(j, plan, file);
    return j;
}

}  // namespace

Quantity layersQuantity() {
    Quantity q;
    q.name = "layers";
    q.summary = "per-layer attention and positional plan of a model config (sliding/full/chunked/linear, NoPE, theta)";
    q.usage = "(--config FILE | --preset NAME) [--transformers-rule newest|legacy]";
    q.description =
        "One object per decoder layer, resolved with the transformers 5 rules (text_config, rope_parameters nested\n"
        "by layer type, layer_types / sliding_window_pattern / no_rope_layers, per-layer head_dim, proportional and\n"
        "MLA rotary layouts). Output keys: num_layers, layers [{index, attention (full|sliding|chunked|linear),\n"
        "window, chunk, positional (rope|nope|alibi|t5|none), rope (null or {rope_type, rope_theta, head_dim,\n"
        "rotary_dim, rotated_pairs, pairing (half_split|interleaved), factor, attention_factor[, mrope_section,\n"
        "mrope_interleaved]}), softmax_scale (what q.k is multiplied by before softmax; null on linear layers),\n"
        "logit_softcap, sinks, query_scale (null|llama4|llama4_beta)}], warnings, config.\n";
    q.flags = configFlagSpecs();
    q.compute = computeLayers;
    q.readsConfigItself = true;
    return q;
}

Quantity logitScaleQuantity() {
    Quantity q;
    q.name = "logit-scale";
    q.summary = "per-position query temperature and the softmax scale, softcap and sinks of one layer";
    q.usage = "(--config FILE | --preset NAME) --layer K --positions LIST";
    q.description =
        "query_scale: one multiplier of q per absolute 0-based position (1.0 where no rule applies):\n"
        "llama4 (Llama 4 NoPE layers): 1 + attn_scale*ln(1 + floor((p+1)/floor_scale));\n"
        "llama4_beta (Ministral 3 / Mistral 4): 1 + beta*ln(1 + floor(p/original_max_position_embeddings)).\n"
        "Also softmax_scale, logit_softcap, sinks (as in compute layers), query_scale_rule, warnings, config.\n";
    q.flags = configFlagSpecs();
    q.flags.push_back(layerFlag().required());
    q.flags.push_back(integerListFlag("--positions", "LIST", "absolute 0-based positions, 0 <= p <= 2^53", 0,
                                      static_cast<int64_t>(kMaxPosition))
                          .required()
                          .core({"position"}));
    q.compute = computeLogitScale;
    q.readsConfigItself = true;
    return q;
}

}  // namespace phaselens::cli
