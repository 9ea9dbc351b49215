// PhaseLens app — real models in the desktop app: a loaded Hugging Face config (config::ModelConfig) mapped onto
// AppState, the state of the "Model" section of the controls, and the recent-files list.
//
// Contents
//   [SECTION] ModelConfig → AppState (pure: no ImGui, no I/O)
//   [SECTION] Model panel state and loading (never throws; errors become panel.error)
//   [SECTION] Recent files (persisted by the desktop app as recent.json in the settings directory)
//   [SECTION] Panel (model_panel.cpp)
//
// What a config sets (everything else in AppState is left as it was):
//   RoPE        rope: head_dim, rope_theta, partial rotary factor, pairing (interleaved for gptj/codegen, else
//               half-split as transformers' rotate_half), rope type, factor, original length L0 (dynamic NTK: its
//               M = max_position_embeddings), YaRN betas and mscales, Llama-3 factors, LongRoPE lists and the rule's
//               list choice; the phase pairs are moved into range; the ladder shows RoPE.
//   ALiBi       alibiHeads (clamped to 1..128), selected head kept in range, no slope override, causal, form:
//               key-index m·j for BLOOM (what it adds), the paper's −m(i−j) otherwise; focus: the bias panel.
//   T5          t5NumBuckets, t5MaxDistance, bidirectional (the encoder); focus: the bias panel.
//   sinusoidal  the ladder shows the sinusoidal table with d_model and base 10000.
//   learned     nothing to draw (AppState has no learned table): the panel shows T_max = n_positions.
//   all         contextLength = max_position_embeddings and trainingContext = the original length (else max),
//               both clamped to the sliders' 8 .. 2^31; a config without a length leaves them unchanged.
// Values outside a slider's range are kept exactly (sliders clamp only when moved), except the clamps named above,
// each of which is reported in ModelMapping::notes.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "config/model_config.h"
#include "model/app_state.h"

namespace phaselens::model {

// [SECTION] ModelConfig → AppState -------------------------------------------------------------------------------

/// What applyModelConfig changed, in words, for the panel (and the tests).
struct ModelMapping {
    std::vector<std::string> applied;  ///< one line per control set, e.g. "context 131072 (max_position_embeddings)"
    std::vector<std::string> notes;    ///< what the app cannot show or had to clamp (learned tables, truncate=false)
    bool focusChanged = false;         ///< state.view was moved to the scheme's panel (select it in the tab bar)
};

/// Sets the fields of `state` that `cfg` determines (see the header comment). Pure and deterministic.
ModelMapping applyModelConfig(const config::ModelConfig& cfg, AppState& state);

/// Slider range of contextLength / trainingContext (positions); longer model contexts are clamped to it.
constexpr int64_t kMinContext = 8;
constexpr int64_t kMaxContext = int64_t{1} << 31;  ///< = core::kMaxSampledPositions
/// Upper end of the ALiBi head slider.
constexpr int kMaxUiAlibiHeads = 128;

// [SECTION] Model panel state and loading ---------------------------------------------------------------------

/// Where the loaded config came from, so a change of the transformers rule can reload it.
struct ModelOrigin {
    enum class Kind { None, File, Preset };
    Kind kind = Kind::None;
    std::string name;  ///< file path or preset name
};

constexpr size_t kMaxRecentConfigs = 8;

/// Everything the Model section keeps between frames (UiContext::model).
struct ModelPanelState {
    std::string pathInput;                                             ///< the path field's text
    config::TransformersRule rule = config::TransformersRule::Newest;  ///< rule used for every load
    std::vector<std::string> recentFiles;                              ///< most recent first, at most kMaxRecentConfigs
    ModelOrigin origin;                                                ///< what `loaded` was read from
    std::optional<config::ModelConfig> loaded;  ///< the last config that loaded (facts, warnings, notes)
    ModelMapping mapping;                       ///< what loading it changed in AppState
    std::string error;                          ///< last failure "<file>: <field>: <problem>" (red)
    std::vector<std::string> presetNames;       ///< config::listPresets(), filled on first use
    /// Called after recentFiles changed (the desktop app writes recent.json); may be empty.
    std::function<void(const std::vector<std::string>&)> onRecentChanged;
};

/// Reads `path` (a config.json, or a model folder: its config.json) under panel.rule and applies it to `state`. On
/// success: panel.loaded/origin/mapping set, error cleared, path put first in recentFiles (onRecentChanged called). On
/// failure: panel.error set to the one-line message naming the file and field, `state` and the loaded config untouched.
/// Returns success. Never throws.
bool loadModelFile(const std::string& path, AppState& state, ModelPanelState& panel);
/// As loadModelFile for an embedded preset (not added to recentFiles).
bool loadModelPreset(const std::string& name, AppState& state, ModelPanelState& panel);
/// Reloads panel.origin under panel.rule (after the rule toggle); false when nothing is loaded or it failed.
bool reloadModel(AppState& state, ModelPanelState& panel);

// [SECTION] Recent files ---------------------------------------------------------------------------------------

/// Puts `path` first in `list`, removing an older copy, keeping at most kMaxRecentConfigs entries.
void addRecentFile(std::vector<std::string>& list, const std::string& path);
/// {"phaselens_recent": 1, "config_files": [...]}, pretty-printed.
std::string recentFilesToJson(const std::vector<std::string>& list);
/// Parses recentFilesToJson's format (at most kMaxRecentConfigs entries kept). Throws std::invalid_argument naming
/// the problem for malformed text.
std::vector<std::string> recentFilesFromJson(const std::string& text);

}  // namespace phaselens::model
