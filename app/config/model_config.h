// PhaseLens config — reads a Hugging Face `config.json` (or a pinned preset) and resolves exactly what its
// positional-encoding fields mean, including the places where transformers versions disagree.
//
// Contents
//   [SECTION] Schemes and transformers rules
//   [SECTION] Errors
//   [SECTION] ModelConfig
//   [SECTION] Loading
//   [SECTION] Presets (embedded at build time)
//
// Fields read (everything else is ignored, so real config.json files load unchanged):
//   RoPE     rope_theta | rotary_emb_base (default 10000, noted); rope_scaling (or transformers-5
//            rope_parameters) with rope_type | legacy type (a name or alias of the core RoPE-type table,
//            core::ropeTypes(); also proportional, mrope), factor, original_max_position_embeddings, beta_fast,
//            beta_slow, mscale, mscale_all_dim, attention_factor, truncate, low_freq_factor, high_freq_factor,
//            short_factor, long_factor; head_dim | qk_rope_head_dim (DeepSeek MLA) | hidden_size/num_attention_heads
//            (also n_embd, d_model, n_embed / n_head, n_heads, num_heads); partial_rotary_factor | rotary_pct |
//            rotary_dim (GPT-J); max_position_embeddings; top-level original_max_position_embeddings (Phi-3).
//   ALiBi    alibi: true, model_type "bloom", attn_config.alibi (MPT) with attn_config.alibi_bias_max; heads from
//            num_attention_heads | n_head | n_heads.
//   T5       model_type t5/mt5/umt5/longt5 or relative_attention_num_buckets; relative_attention_max_distance
//            (default 128 when absent, noted).
//   Learned  model_type gpt2/gpt_neo/gpt_bigcode/opt/bert/roberta/..., n_positions | max_position_embeddings |
//            max_seq_len (MPT without ALiBi).
//   Provenance: a top-level "_phaselens": {"source", "revision", "notes"} block (presets carry one).
//
//   Layout   multimodal files (Gemma 3/4, Llama 4, Qwen3-VL) keep the decoder under text_config: every field above is
//            read from it (provenance and model_type from the top level).
//   Layers   per-layer settings (layer_types, sliding windows, NoPE layers, per-type rope_parameters) are resolved
//            by config/layer_plan.h; this file shows one RoPE per model and warns when layers differ.
// Scheme detection order: ALiBi, T5, RoPE (any rope/rotary field or a RoPE model_type), learned, sinusoidal
// (marian, pegasus, fsmt). A config matching none is a ConfigError naming model_type.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "phaselens/rope_scaling.h"
#include "phaselens/t5_buckets.h"

namespace phaselens::config {

// [SECTION] Schemes and transformers rules ------------------------------------------------------------------------

enum class Scheme { Rope, Alibi, T5, Learned, Sinusoidal, NoPE };

/// "rope", "alibi", "t5", "learned", "sinusoidal", "nope".
const char* schemeName(Scheme scheme);

/// Which Hugging Face transformers behaviour resolves fields whose meaning changed between versions. Every difference
/// below is also reported in ModelConfig::warnings when a config is affected (s = factor, L0 = original length).
///
/// Newest (transformers 5 / main):
///   YaRN      L0 = top-level original_max_position_embeddings, else rope_scaling.original_max_position_embeddings,
///             else max_position_embeddings. s = rope_scaling.factor; max/original only when factor is missing.
///             attention factor (0.1·mscale·ln s + 1)/(0.1·mscale_all_dim·ln s + 1) when both are set; truncate read.
///   LongRoPE  L0 as for YaRN; s = rope_scaling.factor, else max/original. Active list: long iff seq_len > L0
///             (core::LongRopeRule::SeqLen; short while no seq_len is set).
///   Llama-3   L0 = rope_scaling.original_max_position_embeddings (top-level original or max as fallbacks).
/// Legacy (transformers 4.45, modeling_rope_utils of that release):
///   YaRN      L0 = max_position_embeddings; every original_max_position_embeddings is ignored. factor required.
///             mscale / mscale_all_dim ignored (attention factor 0.1·ln s + 1); truncate ignored (always floor/ceil).
///   LongRoPE  with a top-level original_max_position_embeddings (Phi-3): L0 = it and s = max/original (replacing
///             rope_scaling.factor); otherwise L0 = max_position_embeddings and s = rope_scaling.factor (required).
///             Active list: long whenever s > 1 (core::LongRopeRule::FactorAboveOne).
///   Llama-3   rope_scaling.original_max_position_embeddings required.
/// Both rules read the legacy key rope_scaling.type as rope_type (with a warning) and use head_dim when it is given.
///
/// Between these two, transformers releases from the DeepSeek-V3 support (early 2025) until PR #40320 (Aug 2025,
/// issue #38224) replaced YaRN's factor by max/original whenever rope_scaling.original_max_position_embeddings was
/// set — for Qwen2.5's documented snippet (factor 4, original 32768, max 32768) that meant factor 1, i.e. no YaRN.
/// That behaviour is not selectable; it is named in the warning whenever it would have changed the numbers.
enum class TransformersRule { Newest, Legacy };

/// "newest" / "legacy"; transformersRuleFromName also accepts "4.45" and throws listing valid names.
const char* transformersRuleName(TransformersRule rule);
TransformersRule transformersRuleFromName(const std::string& name);

// [SECTION] Errors ------------------------------------------------------------------------------------------------

/// Every problem with a config file: unreadable file, invalid JSON, a missing, mistyped or absurd field, or a value
/// the core rejects (its std::invalid_argument is wrapped). what() is "<file>: <field>: <problem>" followed by
/// " (got <value>)" when a value is at fault, e.g.
///   "cfg.json: rope_theta: expected a number (got "10000")"
///   "cfg.json: (json): invalid JSON: ... at line 3, column 5"
/// `field` is a dotted JSON path ("rope_scaling.factor"), "(file)" for I/O errors or "(json)" for syntax errors.
class ConfigError : public std::invalid_argument {
  public:
    ConfigError(const std::string& file, const std::string& field, const std::string& problem,
                const std::string& got = "");
    const std::string& file() const { return file_; }
    const std::string& field() const { return field_; }
    const std::string& problem() const { return problem_; }
    const std::string& got() const { return got_; }  ///< the offending value as shown, "" when none

  private:
    std::string file_, field_, problem_, got_;
};

// [SECTION] ModelConfig -------------------------------------------------------------------------------------------

/// One model's positional encoding, resolved under one TransformersRule. Only the members of the detected scheme
/// are meaningful; the others keep their defaults.
struct ModelConfig {
    std::string name;             ///< preset name, else _name_or_path, else the file name
    std::string source;           ///< _phaselens.source (hub repo id), else the file path
    std::string revision;         ///< _phaselens.revision (commit sha or "main as of <date>"), else ""
    std::string provenanceNotes;  ///< _phaselens.notes, else ""
    std::string modelType;        ///< model_type, "" when absent
    Scheme scheme = Scheme::Rope;
    TransformersRule rule = TransformersRule::Newest;  ///< the rule these numbers were resolved with

    // RoPE: ready for core::computeRopeFrequencies (already validated by it). seqLen is left unset for the caller.
    core::RopeParams rope;
    /// L0 as resolved by the rule (also for Legacy, where rope.originalMaxPositionEmbeddings stays unset so the core
    /// falls back to max_position_embeddings); unset when the type has no original length.
    std::optional<int64_t> originalMaxPositionEmbeddings;
    /// The config field rope.originalMaxPositionEmbeddings was read from
    /// ("rope_scaling.original_max_position_embeddings", "original_max_position_embeddings" or
    /// "max_position_embeddings"); "" while it is unset. Reports name it.
    std::string originalMaxPositionEmbeddingsField;

    int64_t maxPositionEmbeddings = 0;  ///< context limit from the config (0 = none given, e.g. BLOOM)
    int alibiHeads = 0;                 ///< ALiBi: number of heads (1 .. core::kMaxAlibiHeads)
    double alibiBiasMax = 8.0;          ///< ALiBi: MPT's alibi_bias_max (the core's slopes assume 8)
    core::T5BucketParams t5;            ///< T5: encoder (bidirectional) buckets; the decoder is unidirectional
    int64_t learnedPositions = 0;       ///< learned: rows of the position table (GPT-2 n_positions)

    int hiddenSize = 0;         ///< hidden_size / n_embd / d_model (0 if absent)
    int numAttentionHeads = 0;  ///< query heads (0 if absent)
    int numKeyValueHeads = 0;   ///< num_key_value_heads (0 if absent)
    int headDim = 0;            ///< per-head channels the positional encoding acts on (RoPE: rope.headDim)

    /// Ambiguities, each naming the rule applied and what the other transformers behaviour would do. Shown in the UI
    /// and returned by `phaselens compute` as its "warnings" array.
    std::vector<std::string> warnings;
    /// Defaults and derivations that are not ambiguous (e.g. "rope_theta absent: transformers default 10000").
    std::vector<std::string> notes;
    /// model_type of the decoder: text_config.model_type in multimodal files ("gemma3_text"), else model_type.
    std::string decoderModelType;
};

// [SECTION] Loading -----------------------------------------------------------------------------------------------

/// Parses config.json text. `sourceName` is used in error messages and as the default name/source. Validates every
/// field it reads and runs the core's own validation (so RoPE configs are guaranteed to compute). Throws ConfigError
/// only; never crashes on any input (fuzzed). Inputs over 16 MiB or nested deeper than 64 levels are rejected.
ModelConfig parseModelConfig(const std::string& jsonText, const std::string& sourceName,
                             TransformersRule rule = TransformersRule::Newest);

/// Reads and parses a file; ConfigError names the path when it cannot be read.
ModelConfig loadModelConfig(const std::string& path, TransformersRule rule = TransformersRule::Newest);

// [SECTION] Presets -----------------------------------------------------------------------------------------------

/// Names of the presets compiled into the binary from assets/presets/*.json (the file stems, lowercase), sorted:
/// the 16 first-release models (bloom-176b, codellama-7b, deepseek-v3, gemma-7b, gpt-neox-20b, gpt2, llama-2-7b,
/// llama-3.1-8b, llama-3.2-1b,
/// mistral-7b-v0.1, mpt-7b, phi-3-mini-128k, qwen2-7b, qwen2.5-7b-yarn, t5-base, yarn-llama-2-70b-32k) and the
/// layered models of issue 17 (gemma-2-27b, gemma-3-27b-it, gpt-oss-20b, llama-4-scout-17b-16e-instruct,
/// modernbert-base, smollm3-3b, ...; see tests/config/presets_test.cpp for the full list).
std::vector<std::string> listPresets();

/// The embedded JSON text of a preset. Throws ConfigError (field "preset") listing the valid names when unknown.
const std::string& presetText(const std::string& name);

/// parseModelConfig(presetText(name), "preset <name> (assets/presets/<name>.json)", rule), named `name`.
ModelConfig loadPreset(const std::string& name, TransformersRule rule = TransformersRule::Newest);

}  // namespace phaselens::config
