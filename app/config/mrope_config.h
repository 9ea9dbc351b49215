// PhaseLens config — the multimodal RoPE (M-RoPE) fields of a Hugging Face config.json (Qwen2-VL, Qwen2.5-VL,
// Qwen3-VL, Qwen3.5), read by `phaselens compute mrope --config/--preset` and the M-RoPE views.
//
// Fields read (../shared/golden/layers/CONTRACT.md §0 and §4; everything else is ignored):
//   decoder      `text_config` when the file has one (Qwen3-VL, Qwen3.5), else the top level:
//                head_dim | hidden_size / num_attention_heads, rope_theta, partial_rotary_factor.
//   rope dict    the decoder's `rope_parameters` (transformers v5) or `rope_scaling` (v4), else the same keys at
//                the top level; flat, or nested by layer type ({"full_attention": {...}, ...}: full_attention,
//                else the first entry carrying mrope_section). rope_type | legacy `type`: "mrope" means default
//                frequencies with sections; "default" is accepted; any other type is a ConfigError (scaled
//                M-RoPE frequencies are not modelled). mrope_section [T, H, W] (required, non-negative
//                integers), mrope_interleaved (bool, default false).
//   precedence   rope_theta inside the dict wins over the decoder's rope_theta (absent: 10000, noted); a
//                decoder-level partial_rotary_factor overwrites the dict's (absent: 1.0).
//   vision       top-level `vision_config`: tokens_per_second (Qwen2.5-VL: 2; absent = Qwen2-VL timing, t index
//                = frame index), spatial_merge_size (informational: the grids of a sequence are after the merge).
// Errors: config::ConfigError "<file>: <field>: <problem> (got <value>)"; the section is validated against
// rotary_dim / 2 here, so a loaded MropeConfig always computes.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "config/model_config.h"
#include "phaselens/mrope.h"

namespace phaselens::config {

/// One model's M-RoPE settings.
struct MropeConfig {
    std::string name;       ///< preset name or the file name
    std::string source;     ///< _phaselens.source, else the file
    std::string revision;   ///< _phaselens.revision, else ""
    std::string modelType;  ///< model_type (top level), "" when absent
    core::MropeParams params;
    std::string ropeField;                  ///< dotted path of the dict read, e.g. "text_config.rope_scaling"
    std::optional<double> tokensPerSecond;  ///< vision_config.tokens_per_second
    std::optional<int> spatialMergeSize;    ///< vision_config.spatial_merge_size
    std::vector<std::string> warnings;      ///< ambiguities (none today; kept for the report format)
    std::vector<std::string> notes;         ///< defaults applied, where each value came from
};

/// Parses config text. `sourceName` names the file in errors. Throws ConfigError only.
MropeConfig parseMropeConfig(const std::string& jsonText, const std::string& sourceName);
/// Reads a file (regular file, at most 16 MiB) and parses it.
MropeConfig loadMropeConfig(const std::string& path);
/// An embedded preset (presetText); throws ConfigError listing the valid names when unknown.
MropeConfig loadMropePreset(const std::string& name);

}  // namespace phaselens::config
