// PhaseLens model — A/B comparison states and shared axes (compare.h).
#include "model/compare.h"

#include <algorithm>
#include <filesystem>
#include <stdexcept>

#include "model/layer_selection.h"
#include "model/model_state.h"
#include "plot/plot_layout.h"

namespace phaselens::model {

namespace {

// The name of the model a layer source names: the preset name, else the config's name (its file name when unread).
std::string modelNameOf(const std::string& source, config::TransformersRule rule) {
    if (source.empty()) return "";
    if (source.rfind("preset:", 0) == 0) return source.substr(7);
    try {
        return config::loadModelConfig(source, rule).name;
    } catch (const std::exception&) {
        return std::filesystem::path(source).filename().string();
    }
}

}  // namespace

std::string stateLabel(const AppState& s, const std::string& modelName, const std::string& fallback) {
    const std::string layer = layerLabel(s);
    const std::string model = modelName.empty() ? fallback : modelName;
    return layer.empty() ? model : model + " · " + layer;
}

CompareStates compareStates(const AppState& a, const CompareSource& src, config::TransformersRule rule) {
    if (src.empty()) throw std::invalid_argument("compare: give a preset, a config or a layer for B");
    if (!src.preset.empty() && !src.configPath.empty())
        throw std::invalid_argument("compare: give a preset or a config for B, not both ('" + src.preset + "', '" +
                                    src.configPath + "')");
    CompareStates out;
    out.b = a;
    std::string bSource = a.layerModel;
    if (!src.preset.empty() || !src.configPath.empty()) {
        config::ModelConfig cfg;
        try {
            cfg = src.preset.empty() ? config::loadModelConfig(src.configPath, rule)
                                     : config::loadPreset(src.preset, rule);
        } catch (const std::exception& e) {
            throw std::invalid_argument(std::string(src.preset.empty() ? "compare config: " : "compare preset: ") +
                                        e.what());
        }
        const ModelMapping mapping = applyModelConfig(cfg, out.b);
        out.b.view = a.view;                    // the compared plot, whatever panel B's scheme would focus
        out.b.contextLength = a.contextLength;  // both panels span the same positions
        out.b.layerIndex = -1;
        out.b.layerPositional.clear();
        out.b.ropeProportionalPartial = 0.0;
        bSource = src.preset.empty() ? src.configPath : "preset:" + src.preset;
        out.b.layerModel = bSource;
        for (const std::string& w : cfg.warnings) out.notes.push_back("B: " + w);
        for (const std::string& n : mapping.notes) out.notes.push_back("B: " + n);
    }
    if (src.layer >= 0) {
        if (bSource.empty())
            throw std::invalid_argument("compare layer: " + std::to_string(src.layer) +
                                        ": A has no model to take the layer from (give --preset/--config, or a "
                                        "compare preset/config)");
        try {
            applyLayer(loadLayerSource(bSource, rule), bSource, src.layer, out.b);
        } catch (const std::exception& e) {
            throw std::invalid_argument(std::string("compare layer: ") + e.what());
        }
    }
    out.labelA = stateLabel(a, modelNameOf(a.layerModel, rule), "current parameters");
    out.labelB = stateLabel(out.b, modelNameOf(bSource, rule), "current parameters");
    const bool oneModel = bSource == a.layerModel && !bSource.empty() && a.layerIndex >= 0 && out.b.layerIndex >= 0;
    out.shortA = oneModel ? layerLabel(a) : out.labelA;
    out.shortB = oneModel ? layerLabel(out.b) : out.labelB;
    return out;
}

void shareAxes(plot::PlotSpec& a, plot::PlotSpec& b, const std::string& labelA, const std::string& labelB) {
    const plot::ViewWindow wa = plot::homeWindow(a), wb = plot::homeWindow(b);
    const bool sameX = a.x.log == b.x.log, sameY = a.y.log == b.y.log;
    if (sameX) {
        a.x.min = b.x.min = std::min(wa.xMin, wb.xMin);
        a.x.max = b.x.max = std::max(wa.xMax, wb.xMax);
    }
    if (sameY) {
        a.y.min = b.y.min = std::min(wa.yMin, wb.yMin);
        a.y.max = b.y.max = std::max(wa.yMax, wb.yMax);
    }
    if (a.heatmap && b.heatmap) {
        const double lo = std::min(a.heatmap->vmin, b.heatmap->vmin), hi = std::max(a.heatmap->vmax, b.heatmap->vmax);
        a.heatmap->vmin = b.heatmap->vmin = lo;
        a.heatmap->vmax = b.heatmap->vmax = hi;
        if (b.heatmap->lut != a.heatmap->lut) b.heatmap->lut = a.heatmap->lut;  // one color scale
    }
    // Short titles: the two panels show the same view, what differs is the model and the layer (the view's own
    // title stays in the export's sidecar and caption).
    a.title = "A · " + labelA;
    b.title = "B · " + labelB;
}

CompareResult buildComparison(View view, const AppState& a, const CompareStates& states) {
    CompareResult r;
    try {
        r.a = buildView(view, a);
    } catch (const std::invalid_argument& e) {
        throw std::invalid_argument(std::string("A: ") + e.what());
    }
    try {
        r.b = buildView(view, states.b);
    } catch (const std::invalid_argument& e) {
        throw std::invalid_argument(std::string("B: ") + e.what());
    }
    shareAxes(r.a.spec, r.b.spec, states.labelA, states.labelB);
    return r;
}

CompareSource compareSourceOf(const CompareWindowState& c) {
    CompareSource s;
    switch (c.kind) {
        case CompareWindowState::Kind::Preset:
            s.preset = c.preset;
            if (c.useLayer) s.layer = c.layer;
            break;
        case CompareWindowState::Kind::Config:
            s.configPath = c.pathInput;
            if (c.useLayer) s.layer = c.layer;
            break;
        case CompareWindowState::Kind::Layer:
            s.layer = c.layer;
            break;
    }
    return s;
}

bool updateCompareStates(CompareWindowState& c, const AppState& a, config::TransformersRule rule) {
    const CompareSource source = compareSourceOf(c);
    const bool same = c.forSource.preset == source.preset && c.forSource.configPath == source.configPath &&
                      c.forSource.layer == source.layer;
    if (same && (c.haveStates || !c.error.empty()) && c.forA == a) return c.haveStates;
    c.forA = a;
    c.forSource = source;
    c.haveStates = false;
    c.error.clear();
    if (source.empty() || (c.kind == CompareWindowState::Kind::Preset && source.preset.empty()) ||
        (c.kind == CompareWindowState::Kind::Config && source.configPath.empty())) {
        c.error = "choose B: a preset, a config.json or a layer";
        return false;
    }
    try {
        c.states = compareStates(a, source, rule);
        c.haveStates = true;
    } catch (const std::exception& e) {
        c.error = e.what();
    }
    return c.haveStates;
}

CompareResult* comparePair(CompareWindowState& c, View view, const CachedView& a, const CachedView& b) {
    if (!a.hasResult || !b.hasResult) return nullptr;
    if (c.pairView != view || c.versionA != a.version + 1 || c.versionB != b.version + 1) {
        c.pair.a = a.result;
        c.pair.b = b.result;
        shareAxes(c.pair.a.spec, c.pair.b.spec, c.states.labelA, c.states.labelB);
        c.pairView = view;
        c.versionA = a.version + 1;
        c.versionB = b.version + 1;
    }
    return &c.pair;
}

}  // namespace phaselens::model
