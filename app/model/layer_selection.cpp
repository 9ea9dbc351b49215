// PhaseLens model — the layer strip's rows, the loaded plan and what selecting a layer does (layer_selection.h).
#include "model/layer_selection.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "model/number_format.h"
#include "phaselens/proportional_rope.h"

namespace phaselens::model {

namespace {

using config::AttentionKind;
using config::LayerPlan;
using config::LayerSpec;

// Everything a strip row shows, and a layer's identity for collapsing runs.
LayerRow rowOf(const LayerSpec& s) {
    LayerRow r;
    r.first = r.last = s.index;
    r.attention = config::attentionKindName(s.attention);
    if (s.window) r.attention += " " + std::to_string(*s.window);
    if (s.chunk) r.attention += " " + std::to_string(*s.chunk);
    r.positional = s.positional == "rope"    ? "RoPE"
                   : s.positional == "nope"  ? "NoPE"
                   : s.positional == "alibi" ? "ALiBi"
                   : s.positional == "t5"    ? "T5"
                                             : s.positional;
    std::vector<std::string> extra;
    if (s.rope) {
        const config::LayerRope& lr = *s.rope;
        r.theta = "θ " + shortTheta(lr.resolved.rope.base);
        if (lr.proportional)
            r.scaling = "p-RoPE " + plainNumber(lr.proportionalPartial) +
                        (lr.factor != 1.0 ? " ×" + plainNumber(lr.factor) : std::string());
        else if (lr.ropeType != "default")
            r.scaling = lr.ropeType + " ×" + plainNumber(lr.factor);
        extra.push_back("head " + std::to_string(lr.headDim));
        if (lr.rotaryDim != lr.headDim) extra.push_back("rotary " + std::to_string(lr.rotaryDim));
        if (lr.pairing == config::RopePairing::Interleaved) extra.push_back("interleaved");
    }
    if (const char* rule = config::queryScaleRuleName(s.queryScale)) extra.push_back(std::string("temp ") + rule);
    if (s.logitSoftcap) extra.push_back("softcap " + plainNumber(*s.logitSoftcap));
    if (s.sinks) extra.push_back("sinks");
    for (const std::string& e : extra) r.extra += (r.extra.empty() ? "" : ", ") + e;
    return r;
}

bool sameRow(const LayerRow& a, const LayerRow& b) {
    return a.attention == b.attention && a.positional == b.positional && a.theta == b.theta && a.scaling == b.scaling &&
           a.extra == b.extra;
}

// Two layers are one run only when every number the views use is equal (rowOf rounds θ for display).
bool sameLayer(const LayerSpec& a, const LayerSpec& b) {
    if (a.attention != b.attention || a.window != b.window || a.chunk != b.chunk || a.positional != b.positional ||
        a.softmaxScale != b.softmaxScale || a.logitSoftcap != b.logitSoftcap || a.sinks != b.sinks ||
        a.queryScale != b.queryScale || a.rope.has_value() != b.rope.has_value())
        return false;
    if (!a.rope) return true;
    const config::LayerRope &x = *a.rope, &y = *b.rope;
    return x.ropeType == y.ropeType && x.resolved.rope.base == y.resolved.rope.base && x.headDim == y.headDim &&
           x.rotaryDim == y.rotaryDim && x.pairing == y.pairing && x.factor == y.factor &&
           x.attentionFactor == y.attentionFactor && x.proportionalPartial == y.proportionalPartial &&
           x.resolved.rope.headDim == y.resolved.rope.headDim;
}

std::string modelName(const LayerPlan& plan) {
    return plan.model.name.empty() ? std::string("the model") : plan.model.name;
}

}  // namespace

// [SECTION] Strip rows

std::string LayerRow::label() const {
    std::string out = first == last ? std::to_string(first) : std::to_string(first) + "–" + std::to_string(last);
    out += " " + attention + ", " + positional;
    if (!theta.empty()) out += " " + theta;
    if (!scaling.empty()) out += " " + scaling;
    if (!extra.empty()) out += " (" + extra + ")";
    if (count() > 1) out += " ×" + std::to_string(count());
    return out;
}

std::string shortTheta(double theta) {
    if (!(theta > 0) || !std::isfinite(theta)) return plainNumber(theta);
    if (theta < 1000.0) return plainNumber(theta);
    const int exponent = static_cast<int>(std::floor(std::log10(theta)));
    const double mantissa = theta / std::pow(10.0, exponent);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g", mantissa);
    std::string m = buf;
    if (std::abs(mantissa - std::stod(m)) > 1e-9 * mantissa) return plainNumber(theta);  // not short: say it all
    return (m == "1" ? "1" : m) + "e" + std::to_string(exponent);
}

std::vector<LayerRow> layerRows(const LayerPlan& plan) {
    std::vector<LayerRow> rows;
    for (size_t i = 0; i < plan.layers.size(); ++i) {
        const LayerSpec& s = plan.layers[i];
        if (!rows.empty() && i > 0 && sameLayer(plan.layers[i - 1], s) && sameRow(rows.back(), rowOf(s))) {
            rows.back().last = s.index;
            continue;
        }
        rows.push_back(rowOf(s));
    }
    return rows;
}

// [SECTION] The loaded plan and the selection

std::string layerSourceOf(const ModelOrigin& origin) {
    switch (origin.kind) {
        case ModelOrigin::Kind::Preset:
            return "preset:" + origin.name;
        case ModelOrigin::Kind::File:
            return origin.name;
        case ModelOrigin::Kind::None:
            break;
    }
    return "";
}

LayerPlan loadLayerSource(const std::string& source, config::TransformersRule rule) {
    if (source.rfind("preset:", 0) == 0) return config::loadPresetLayerPlan(source.substr(7), rule);
    return config::loadLayerPlan(source, rule);
}

namespace {

void loadInto(LayerPlanState& layers, const std::string& source, config::TransformersRule rule) {
    layers.source = source;
    layers.rule = rule;
    layers.plan.reset();
    layers.rows.clear();
    layers.error.clear();
    if (source.empty()) return;
    try {
        layers.plan = loadLayerSource(source, rule);
        layers.rows = layerRows(*layers.plan);
    } catch (const std::exception& e) {
        layers.error = e.what();
    }
}

void clearSelection(AppState& state) {
    state.layerIndex = -1;
    state.layerPositional.clear();
    state.ropeProportionalPartial = 0.0;
    clearLayerLogits(state);
}

}  // namespace

void syncLayerPlan(const ModelPanelState& panel, LayerPlanState& layers, AppState& state) {
    const bool modelChanged = panel.origin.kind != layers.seenOrigin.kind ||
                              panel.origin.name != layers.seenOrigin.name || panel.rule != layers.seenRule;
    layers.seenOrigin = panel.origin;
    layers.seenRule = panel.rule;
    if (modelChanged && panel.origin.kind != ModelOrigin::Kind::None) {
        // The panel just applied the model's one-RoPE reading: no layer is selected.
        loadInto(layers, layerSourceOf(panel.origin), panel.rule);
        state.layerModel = layers.source;
        clearSelection(state);
        return;
    }
    if (state.layerModel != layers.source || (panel.rule != layers.rule && !state.layerModel.empty()))
        loadInto(layers, state.layerModel, panel.rule);
}

void applyLayer(const LayerPlan& plan, const std::string& source, int index, AppState& state) {
    if (index < 0 || index >= plan.numLayers || static_cast<size_t>(index) >= plan.layers.size())
        throw std::invalid_argument("layer " + std::to_string(index) + " is outside 0 .. " +
                                    std::to_string(plan.numLayers - 1) + " (" + modelName(plan) + " has " +
                                    std::to_string(plan.numLayers) + " layers)");
    const LayerSpec& layer = plan.layers[static_cast<size_t>(index)];
    AppState next = state;
    next.layerModel = source;
    next.layerIndex = index;
    next.layerPositional = layer.positional;
    next.ropeProportionalPartial = 0.0;
    if (layer.rope) {
        AppState mapped = next;  // the layer's resolved config mapped like a loaded model, then only RoPE taken
        applyModelConfig(layer.rope->resolved, mapped);
        next.rope = mapped.rope;
        next.phasePairs = mapped.phasePairs;
        next.ladderScheme = LadderScheme::Rope;
        next.ropePairing = layer.rope->pairing == config::RopePairing::Interleaved ? core::Pairing::Interleaved
                                                                                   : core::Pairing::HalfSplit;
        if (layer.rope->proportional) next.ropeProportionalPartial = layer.rope->proportionalPartial;
        if (next.scoreScheme == ScoreScheme::NoPE) next.scoreScheme = ScoreScheme::Rope;
    } else if (layer.positional == "nope" || layer.positional == "none") {
        next.scoreScheme = ScoreScheme::NoPE;
    }
    applyLayerLogits(layer, next);
    if (layer.attention == AttentionKind::Sliding && layer.window && *layer.window >= 1) {
        next.mask = core::MaskType::SlidingWindow;
        next.slidingWindow = *layer.window;
    } else if (next.mask == core::MaskType::SlidingWindow) {
        next.mask = core::MaskType::Causal;
    }
    state = std::move(next);
}

bool selectLayer(const LayerPlanState& layers, int index, AppState& state) {
    if (!layers.plan || layers.plan->numLayers <= 0) return false;
    applyLayer(*layers.plan, layers.source, std::clamp(index, 0, layers.plan->numLayers - 1), state);
    return true;
}

bool stepLayer(const LayerPlanState& layers, int delta, AppState& state) {
    if (!layers.plan || layers.plan->numLayers <= 0) return false;
    const int n = layers.plan->numLayers;
    const bool selected = state.layerIndex >= 0 && state.layerModel == layers.source;
    const int from = selected ? state.layerIndex : (delta > 0 ? -1 : n);
    return selectLayer(layers, std::clamp(from + delta, 0, n - 1), state);
}

std::string layerLabel(const AppState& s) {
    if (s.layerIndex < 0) return "";
    std::string out = "layer " + std::to_string(s.layerIndex);
    if (s.layerPositional == "rope")
        out += " (RoPE θ " + shortTheta(s.rope.base) +
               (s.ropeProportionalPartial > 0.0 ? ", p-RoPE " + plainNumber(s.ropeProportionalPartial) : "") +
               (s.rope.type != core::RopeType::Default
                    ? ", " + std::string(core::ropeTypeName(s.rope.type)) + " ×" + plainNumber(s.rope.factor)
                    : "") +
               ")";
    else if (s.layerPositional == "nope")
        out += " (NoPE)";
    else if (s.layerPositional == "none")
        out += " (linear attention)";
    else if (!s.layerPositional.empty())
        out += " (" + s.layerPositional + ")";
    return out;
}

void clearLayerLogits(AppState& state) {
    state.queryTemperature = QueryTemperature::None;
    state.layerSoftmaxScale = 0.0;
    state.layerLogitSoftcap = 0.0;
    state.layerSinks = false;
}

void applyLayerLogits(const config::LayerSpec& layer, AppState& state) {
    state.layerSoftmaxScale = layer.softmaxScale.value_or(0.0);
    state.layerLogitSoftcap = layer.logitSoftcap.value_or(0.0);
    state.layerSinks = layer.sinks;
    switch (layer.queryScale) {
        case config::QueryScaleRule::Llama4:  // the compared rule gets the same constants: only the rule differs
            state.queryTemperature = QueryTemperature::Llama4;
            state.temperatureAttnScale = state.temperatureBeta = layer.attnScale;
            state.temperatureFloorScale = state.temperatureL0 = layer.floorScale;
            break;
        case config::QueryScaleRule::Llama4Beta:
            state.queryTemperature = QueryTemperature::Llama4Beta;
            state.temperatureAttnScale = state.temperatureBeta = layer.beta;
            state.temperatureFloorScale = state.temperatureL0 = layer.betaOriginal;
            break;
        case config::QueryScaleRule::None:  // the constants stay: the rules are drawn for comparison
            state.queryTemperature = QueryTemperature::None;
            break;
    }
}

// [SECTION] Views

core::RopeFrequencies layerProportionalFrequencies(const AppState& s, bool unscaled) {
    const double factor = unscaled || s.rope.type == core::RopeType::Default ? 1.0 : s.rope.factor;
    return core::proportionalRopeFrequencies(s.rope.headDim, s.rope.base, s.ropeProportionalPartial, factor);
}

}  // namespace phaselens::model
