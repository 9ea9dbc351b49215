// PhaseLens model — A/B comparison: a second state B (another preset or config, or another layer of the same
// model) drawn beside the state A with the same axes, in the window and in `phaselens export --compare-*`.
//
//   B's source   a preset, a config.json, and/or a layer K (of B's model when one is given, else of A's model).
//                B starts as a copy of A (the same view options, seed, pixel cap), then the model is applied as
//                the model panel applies it (applyModelConfig) and layer K as the layer strip selects it
//                (applyLayer); A's context length is kept so both panels span the same positions.
//   Same axes    the two plots get one x range and one y range, the union of their home windows
//                (plot::homeWindow), and heatmaps one color scale [min vmin, max vmax], so a color or a height
//                means the same number in both panels.
//   Titles       "A · <model> · layer K (RoPE θ 1e4)" and "B · ..." (the view itself is the same in both).
#pragma once

#include <string>
#include <vector>

#include "config/model_config.h"
#include "model/app_state.h"
#include "model/result_cache.h"
#include "model/views.h"

namespace phaselens::model {

/// Where B comes from. At least one of the three must be set.
struct CompareSource {
    std::string preset;      ///< a preset name (config::listPresets), or ""
    std::string configPath;  ///< a config.json path, or ""
    int layer = -1;          ///< a layer of B's model (or of A's model without preset/config); -1 = none
    bool empty() const { return preset.empty() && configPath.empty() && layer < 0; }
};

/// B and what was done to make it.
struct CompareStates {
    AppState b;
    std::string labelA, labelB;      ///< "Gemma 3 27B · layer 5 (RoPE θ 1e6)", "Llama-2 7B", "current parameters"
    std::string shortA, shortB;      ///< for narrow panels: the layer alone when both are layers of one model
    std::vector<std::string> notes;  ///< config warnings and mapping notes of B
};

/// The name of the model of `state` (its layerModel's plan name) and its layer: the panel label of A or B.
/// `fallback` is used when the state names no model ("current parameters").
std::string stateLabel(const AppState& state, const std::string& modelName, const std::string& fallback);

/// B for `a` and `source` (header comment). Throws std::invalid_argument naming the flag-like field and value
/// ("compare preset: unknown preset 'x' ...", "compare layer: layer 70 is outside 0 .. 61 ...").
CompareStates compareStates(const AppState& a, const CompareSource& source,
                            config::TransformersRule rule = config::TransformersRule::Newest);

/// Gives both plots one x range, one y range (the union of their home windows) and, when both have a heatmap, one
/// color scale. Titles become "A · labelA" / "B · labelB" (the view is the same in both panels).
void shareAxes(plot::PlotSpec& a, plot::PlotSpec& b, const std::string& labelA, const std::string& labelB);

/// Both results of `view`, axes shared. Throws std::invalid_argument with "A: " or "B: " before the message.
struct CompareResult {
    ViewResult a, b;
};
CompareResult buildComparison(View view, const AppState& a, const CompareStates& states);

// [SECTION] The window's comparison (UiContext::compare; panels/compare_view.cpp draws it)

/// What the window keeps for A/B: the picker's fields, B (rebuilt when A or the source changes), B's result cache
/// and the shared-axes pair of the focused view (rebuilt when either result changes).
struct CompareWindowState {
    enum class Kind { Preset, Config, Layer };
    bool enabled = false;  ///< the toggle: the focused view as A | B instead of the tabs
    Kind kind = Kind::Layer;
    std::string preset;     ///< Kind::Preset: the preset name
    std::string pathInput;  ///< Kind::Config: the config.json path
    int layer = 0;          ///< Kind::Layer: B's layer of A's model; also applied to a preset/config with useLayer
    bool useLayer = false;  ///< Kind::Preset / Config: also select `layer` of B's model
    // derived
    bool haveStates = false;
    AppState forA;  ///< A when `states` was built
    CompareSource forSource;
    CompareStates states;
    std::string error;  ///< why B cannot be built ("" = fine)
    ResultCache cacheB;
    uint64_t versionA = 0, versionB = 0;  ///< 1 + the cache versions the pair was built from; 0 = none
    View pairView = View::Count;
    CompareResult pair;
    uint64_t textsFor = 0;  ///< the window's text pass (Unicode math, short titles) ran for this pair version; 0 = not
};

/// The source the picker describes.
CompareSource compareSourceOf(const CompareWindowState& c);

/// Rebuilds c.states when A (every parameter) or the picker changed; sets c.error instead of throwing. Returns
/// true when B is available.
bool updateCompareStates(CompareWindowState& c, const AppState& a, config::TransformersRule rule);

/// The shared-axes pair of `view` from two cached results (rebuilt only when a version changed); nullptr while
/// either side has no result.
CompareResult* comparePair(CompareWindowState& c, View view, const CachedView& a, const CachedView& b);

}  // namespace phaselens::model
