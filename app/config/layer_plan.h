// PhaseLens config — a model as a stack of layers: which attention and which positional encoding each decoder
// layer has, resolved from a Hugging Face config.json with the transformers 5 rules (CONTRACT.md §0).
//
// Contents
//   [SECTION] Layer records
//   [SECTION] Building a plan
//
// Rules (transformers v5 config classes unless stated; "family" = the decoder's model_type without "_text"):
//   decoder      text_config when present (Gemma 3/4, Llama 4, Qwen3-VL), else the top level.
//   layer kinds  layer_types wins (full_attention, sliding_attention, chunked_attention, linear_attention). Else:
//                attn_type_list (MiniMax: 1 softmax = full, 0 lightning = linear). Else:
//                gemma3 / cohere2: full iff (i+1) % sliding_window_pattern == 0 (defaults 6 / 4); gemma2, gpt_oss:
//                even layers sliding; olmo3: full iff (i+1) % 4 == 0; gemma4: pattern 6 (sliding_window_pattern) and
//                the last layer full; llama4: RoPE layers chunked (attention_chunk_size), NoPE layers full; modernbert:
//                full iff i % global_attn_every_n_layers == 0 (default 3); qwen3_next: full iff (i+1) %
//                full_attention_interval == 0 (default 4), else linear; use_sliding_window (Qwen2 family): sliding
//                iff use_sliding_window and i >= max_window_layers; any other sliding_window: every layer sliding.
//   window       sliding_window on sliding layers (modernbert: local_attention // 2, a bidirectional half-width).
//   NoPE         no_rope_layers (1 = the layer HAS RoPE); llama4 / smollm3 default int((i+1) %
//                no_rope_layer_interval != 0) (interval default 4); cohere2: full layers NoPE; linear layers: none.
//   rope dict    rope_parameters (v5) else rope_scaling (v4); flat, or nested by layer type (a missing type falls
//                back to full_attention). v4 per-type fields: gemma3 sliding layers rope_local_base_freq (default
//                1e4, unscaled); modernbert global_rope_theta (160000) / local_rope_theta (10000), rope_scaling for
//                both; olmo3 a flat dict scales the full layers only (sliding layers: default RoPE, same theta). θ:
//                inside the dict, else the per-type field, else rope_theta, else the family default. Every other field
//                (factor, original length, partial factor precedence, YaRN/llama3 rules and their warnings under the
//                chosen TransformersRule) is resolved by parseModelConfig on the layer's view.
//   head dim     head_dim (else hidden_size / num_attention_heads); gemma4 full layers global_head_dim; cohere2
//                hidden_size / num_attention_heads; MLA (qk_nope_head_dim + qk_rope_head_dim present): their sum.
//   rotary dim   MLA qk_rope_head_dim; proportional head_dim; rotary_dim field; else int(head_dim·p).
//   pairing      interleaved (2j, 2j+1) for llama4, cohere2/cohere, glm/glm4/chatglm and MLA unless
//                rope_interleave is false; half_split (j, j + rotary_dim/2) otherwise.
//   softmax      gemma4 1.0; query_pre_attn_scalar^(−1/2) when given (Gemma 2/3); MLA with a scaled rope and
//                non-zero mscale_all_dim: core::mlaSoftmaxScale; else head_dim^(−1/2); null on linear layers.
//   logits       logit_softcap = attn_logit_softcapping; sinks: gpt_oss (learned per-head sinks on every layer).
//   temperature  "llama4" on llama4 NoPE layers when attn_temperature_tuning is truthy (attn_scale default 0.1,
//                floor_scale default 8192); "llama4_beta" on every layer whose rope dict carries
//                llama_4_scaling_beta (L0 = the dict's original_max_position_embeddings). See phaselens/query_scale.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config/model_config.h"
#include "phaselens/rope_scaling.h"

namespace phaselens::config {

// [SECTION] Layer records -----------------------------------------------------------------------------------------

enum class AttentionKind { Full, Sliding, Chunked, Linear };
enum class RopePairing { HalfSplit, Interleaved };
enum class QueryScaleRule { None, Llama4, Llama4Beta };

/// "full", "sliding", "chunked", "linear".
const char* attentionKindName(AttentionKind kind);
/// "half_split", "interleaved".
const char* ropePairingName(RopePairing pairing);
/// nullptr for None, "llama4", "llama4_beta".
const char* queryScaleRuleName(QueryScaleRule rule);

/// The rotary embedding of one layer.
struct LayerRope {
    std::string ropeType;       ///< transformers name: default, linear, dynamic, yarn, llama3, longrope, proportional
    ModelConfig resolved;       ///< the layer's view resolved by parseModelConfig (resolved.rope feeds the core)
    bool proportional = false;  ///< Gemma 4 p-RoPE: use core::proportionalRopeFrequencies
    double proportionalPartial = 1.0;  ///< p of proportional RoPE
    int headDim = 0;                   ///< the q·k length of the layer (MLA: qk_nope + qk_rope)
    int rotaryDim = 0;                 ///< rotated channels (proportional: head_dim)
    int rotatedPairs = 0;              ///< non-zero frequencies
    RopePairing pairing = RopePairing::HalfSplit;
    double factor = 1.0;            ///< scaling factor (1 when the type has none)
    double attentionFactor = 1.0;   ///< multiplies cos and sin
    std::vector<int> mropeSection;  ///< M-RoPE sections (T, H, W) in pairs; empty otherwise
    bool mropeInterleaved = false;

    /// The layer's frequencies (proportional: head_dim/2 entries with zeros; else core::computeRopeFrequencies).
    core::RopeFrequencies frequencies() const;
};

/// One decoder layer.
struct LayerSpec {
    int index = 0;
    AttentionKind attention = AttentionKind::Full;
    std::optional<int64_t> window;       ///< sliding layers: the window the attention receives (positions)
    std::optional<int64_t> chunk;        ///< chunked layers: attention_chunk_size (positions)
    std::string positional;              ///< "rope", "nope", "alibi", "t5", "none"
    std::optional<LayerRope> rope;       ///< set iff positional == "rope"
    std::optional<double> softmaxScale;  ///< HF self.scaling; unset on linear-attention layers
    std::optional<double> logitSoftcap;  ///< attn_logit_softcapping
    bool sinks = false;                  ///< learned per-head attention sinks
    QueryScaleRule queryScale = QueryScaleRule::None;
    double attnScale = 0.1, floorScale = 8192.0;  ///< llama4 temperature constants
    double beta = 0.0, betaOriginal = 0.0;        ///< llama4_beta: β and L0

    /// The query multiplier at absolute position p >= 0 (1 when no rule applies).
    double queryScaleAt(int64_t position) const;
};

struct LayerPlan {
    ModelConfig model;  ///< the one-RoPE-per-model view of the same file (name, source, warnings, notes)
    int numLayers = 0;
    std::vector<LayerSpec> layers;
    std::vector<std::string> warnings;  ///< the model's warnings, then each layer view's (deduplicated)
    std::vector<std::string> notes;
};

// [SECTION] Building a plan ---------------------------------------------------------------------------------------

/// Builds the plan of a config.json text; throws ConfigError (like parseModelConfig) naming the file and field,
/// e.g. "cfg.json: num_hidden_layers: missing (a layer plan needs the number of decoder layers)".
LayerPlan parseLayerPlan(const std::string& jsonText, const std::string& sourceName,
                         TransformersRule rule = TransformersRule::Newest);
LayerPlan loadLayerPlan(const std::string& path, TransformersRule rule = TransformersRule::Newest);
LayerPlan loadPresetLayerPlan(const std::string& name, TransformersRule rule = TransformersRule::Newest);

}  // namespace phaselens::config
