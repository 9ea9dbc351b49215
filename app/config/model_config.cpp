#include "config/model_config.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "config/config_reader.h"
#include "json_text.h"
#include "phaselens/alibi.h"
#include "phaselens/file_read.h"
#include "phaselens/validate.h"

namespace phaselens::config {

using json = nlohmann::json;

// [SECTION] Names and errors

const char* schemeName(Scheme scheme) {
    switch (scheme) {
        case Scheme::Rope:
            return "rope";
        case Scheme::Alibi:
            return "alibi";
        case Scheme::T5:
            return "t5";
        case Scheme::Learned:
            return "learned";
        case Scheme::Sinusoidal:
            return "sinusoidal";
        case Scheme::NoPE:
            return "nope";
    }
    return "rope";
}

const char* transformersRuleName(TransformersRule rule) {
    return rule == TransformersRule::Newest ? "newest" : "legacy";
}

TransformersRule transformersRuleFromName(const std::string& name) {
    if (name == "newest") return TransformersRule::Newest;
    if (name == "legacy" || name == "4.45") return TransformersRule::Legacy;
    throw std::invalid_argument("transformers rule must be one of newest, legacy (4.45); got '" + name + "'");
}

ConfigError::ConfigError(const std::string& file, const std::string& field, const std::string& problem,
                         const std::string& got)
    : std::invalid_argument(file + ": " + field + ": " + problem + (got.empty() ? "" : " (got " + got + ")")),
      file_(file),
      field_(field),
      problem_(problem),
      got_(got) {}

namespace {

using namespace detail;

/// The object key whose value starts at or before `pos` ("rope_theta" for `"rope_theta": 1e400`), or "(json)".
std::string keyBefore(const std::string& text, size_t pos) {
    const size_t colon = text.rfind(':', pos);
    if (colon == std::string::npos) return "(json)";
    const size_t close = text.rfind('"', colon);
    if (close == std::string::npos || close == 0) return "(json)";
    const size_t open = text.rfind('"', close - 1);
    if (open == std::string::npos) return "(json)";
    return text.substr(open + 1, close - open - 1);
}

bool isPowerOfTwo(int64_t n) {
    return n > 0 && (n & (n - 1)) == 0;
}

/// Typed, validated access to one document; every failure is a ConfigError naming the file and the JSON path.

const std::set<std::string> kRopeModelTypes = {
    "llama", "mistral", "mixtral", "qwen2", "qwen2_moe", "qwen3", "qwen3_moe", "gemma", "gemma2", "gemma3_text", "phi",
    "phi3", "phimoe", "gpt_neox", "gptj", "deepseek_v2", "deepseek_v3", "falcon", "stablelm", "starcoder2", "olmo",
    "olmo2", "cohere", "internlm2", "granite", "persimmon", "codegen", "yi", "exaone",
    // Layered models of 2025-2026 (config/layer_plan.h resolves their layers).
    "gemma3", "gemma4", "gemma4_text", "llama4", "llama4_text", "gpt_oss", "smollm3", "modernbert", "cohere2",
    "qwen3_next", "minimax_m2", "glm", "glm4", "glm4_moe", "olmo3", "ministral", "ministral3", "mistral3", "kimi_k2",
    "deepseek_v32"};
const std::set<std::string> kLearnedModelTypes = {"gpt2",    "gpt_neo", "gpt_bigcode", "opt",
                                                  "bert",    "roberta", "distilbert",  "xlm-roberta",
                                                  "electra", "bart",    "mbart",       "biogpt"};
const std::set<std::string> kT5ModelTypes = {"t5", "mt5", "umt5", "longt5", "switch_transformers"};
const std::set<std::string> kSinusoidalModelTypes = {"marian", "pegasus", "fsmt"};

/// Keys of rope_scaling that the core names in its messages; they are reported with the rope_scaling prefix.
const std::set<std::string> kScalingKeys = {"factor",           "original_max_position_embeddings",
                                            "beta_fast",        "beta_slow",
                                            "mscale",           "mscale_all_dim",
                                            "attention_factor", "low_freq_factor",
                                            "high_freq_factor", "short_factor",
                                            "long_factor"};

[[noreturn]] void rethrowCore(const Reader& r, const std::invalid_argument& e, const std::string& scalingPrefix) {
    const std::string message = e.what();
    const size_t space = message.find(' ');
    std::string field = message.substr(0, space);
    const std::string problem = space == std::string::npos ? "rejected by the core" : message.substr(space + 1);
    const size_t bracket = field.find('[');
    if (kScalingKeys.count(field.substr(0, bracket))) field = scalingPrefix + field;
    if (field == "rotary_dim") field = "rotary_dim (head_dim x partial_rotary_factor)";
    r.fail(field, problem);
}

// [SECTION] RoPE

struct RopeInputs {
    const json* scaling = nullptr;
    std::string prefix;  // "rope_scaling." or "rope_parameters."
};

RopeInputs findScaling(const Reader& r, const json& root, ModelConfig& cfg) {
    RopeInputs in;
    const json* params = r.object(root, "", "rope_parameters");
    const json* scaling = r.object(root, "", "rope_scaling");
    if (params) {
        in.scaling = params;
        in.prefix = "rope_parameters.";
        // transformers 5 nests per layer type (Gemma 3: full_attention / sliding_attention).
        if (isNestedRopeDict(*params)) {
            std::string key = nestedRopeKey(*params, "full_attention");
            // Gemma 4: the full layers' p-RoPE has no one-RoPE-per-model form; show the sliding layers' RoPE.
            const json& chosen = (*params)[key];
            if (chosen.contains("rope_type") && chosen["rope_type"] == "proportional" &&
                params->contains("sliding_attention") && (*params)["sliding_attention"].is_object())
                key = "sliding_attention";
            in.scaling = &(*params)[key];
            in.prefix = "rope_parameters." + key + ".";
            cfg.warnings.push_back("rope_parameters is given per layer type; showing '" + key +
                                   "' (other layer types use their own parameters: see compute layers, compute rope "
                                   "--layer)");
        }
        if (scaling) cfg.notes.push_back("both rope_parameters and rope_scaling given: rope_parameters used");
    } else if (scaling) {
        in.scaling = scaling;
        in.prefix = "rope_scaling.";
    }
    return in;
}

void resolveHead(const Reader& r, const json& root, ModelConfig& cfg) {
    std::string hiddenKey, headsKey;
    const auto hidden =
        r.firstInteger(root, {"hidden_size", "n_embd", "d_model", "n_embed"}, 1, kMaxDim * 64, &hiddenKey);
    const auto heads =
        r.firstInteger(root, {"num_attention_heads", "n_head", "n_heads", "num_heads"}, 1, kMaxDim, &headsKey);
    const auto kvHeads = r.integer(root, "", "num_key_value_heads", 1, kMaxDim);
    // Cohere2 computes hidden_size / num_attention_heads whatever head_dim says.
    const auto headDim = cfg.decoderModelType == "cohere2" ? std::nullopt : r.integer(root, "", "head_dim", 2, kMaxDim);
    const auto ropeHeadDim = r.integer(root, "", "qk_rope_head_dim", 2, kMaxDim);
    cfg.hiddenSize = static_cast<int>(hidden.value_or(0));
    cfg.numAttentionHeads = static_cast<int>(heads.value_or(0));
    cfg.numKeyValueHeads = static_cast<int>(kvHeads.value_or(0));

    if (ropeHeadDim) {
        cfg.headDim = static_cast<int>(*ropeHeadDim);
        cfg.notes.push_back("rotary channels per head from qk_rope_head_dim = " + std::to_string(*ropeHeadDim) +
                            " (DeepSeek MLA: only the decoupled rope part of each head rotates)");
    } else if (headDim) {
        cfg.headDim = static_cast<int>(*headDim);
        if (hidden && heads && *hidden / *heads != *headDim)
            cfg.notes.push_back("head_dim = " + std::to_string(*headDim) + " given explicitly (" + hiddenKey + "/" +
                                headsKey + " would be " + std::to_string(*hidden / *heads) + ")");
    } else if (hidden && heads) {
        const int64_t d = *hidden / *heads;
        if (d < 2)
            r.fail("head_dim", hiddenKey + "/" + headsKey + " must be at least 2",
                   std::to_string(*hidden) + "/" + std::to_string(*heads));
        cfg.headDim = static_cast<int>(d);
        cfg.notes.push_back("head_dim = " + hiddenKey + "/" + headsKey + " = " + std::to_string(d) +
                            (*hidden % *heads ? " (integer division, as transformers)" : ""));
    } else {
        r.fail("head_dim", "missing: give head_dim, or hidden_size and num_attention_heads");
    }
}

void resolvePartial(const Reader& r, const json& root, const RopeInputs& in, ModelConfig& cfg) {
    // A top-level partial_rotary_factor overwrites the one in the rope dict (transformers 5 standardize_rope_params).
    const auto top = r.number(root, "", "partial_rotary_factor");
    const auto inner = in.scaling ? r.number(*in.scaling, in.prefix, "partial_rotary_factor") : std::nullopt;
    const auto partial = top ? top : inner;
    const auto pct = r.number(root, "", "rotary_pct");
    const auto rotaryDim = r.integer(root, "", "rotary_dim", 2, kMaxDim);
    for (const auto& [key, v] : {std::pair{"partial_rotary_factor", partial}, std::pair{"rotary_pct", pct}})
        if (v && !(*v > 0.0 && *v <= 1.0)) r.fail(key, "must be in (0, 1]", fmt(*v));
    if (top && inner && *top != *inner)
        cfg.warnings.push_back("partial_rotary_factor " + fmt(*top) + " (top level) and " + in.prefix +
                               "partial_rotary_factor " + fmt(*inner) +
                               " disagree: the top-level value replaces it (transformers 5); the config is "
                               "inconsistent");
    double p = 1.0;
    if (rotaryDim) {  // an absolute channel count (GPT-J, CodeGen, MiniMax-M2) wins over any factor
        if (*rotaryDim > cfg.headDim)
            r.fail("rotary_dim", "must not exceed head_dim = " + std::to_string(cfg.headDim),
                   std::to_string(*rotaryDim));
        p = static_cast<double>(*rotaryDim) / cfg.headDim;
        cfg.notes.push_back("rotary_dim = " + std::to_string(*rotaryDim) + " of head_dim " +
                            std::to_string(cfg.headDim) + " (channel count)");
        if (partial && *partial != p)
            cfg.warnings.push_back("rotary_dim " + std::to_string(*rotaryDim) + " and partial_rotary_factor " +
                                   fmt(*partial) + " disagree: rotary_dim used");
    } else if (partial) {
        p = *partial;
        if (pct && *pct != *partial)
            cfg.warnings.push_back("partial_rotary_factor " + fmt(*partial) + " and rotary_pct " + fmt(*pct) +
                                   " disagree: partial_rotary_factor used");
    } else if (pct) {
        p = *pct;
        cfg.notes.push_back("partial rotary factor from rotary_pct = " + fmt(*pct) + " (GPT-NeoX)");
    }
    cfg.rope.partialRotaryFactor = p;
}

void resolveBase(const Reader& r, const json& root, const RopeInputs& in, ModelConfig& cfg) {
    // transformers 5 (standardize_rope_params): a rope_theta inside rope_parameters wins over the top-level one.
    const auto top = r.number(root, "", "rope_theta");
    const auto inner = in.scaling ? r.number(*in.scaling, in.prefix, "rope_theta") : std::nullopt;
    auto theta = inner ? inner : top;
    std::string key = inner ? in.prefix + "rope_theta" : "rope_theta";
    if (inner && top && *inner != *top)
        cfg.warnings.push_back(in.prefix + "rope_theta " + fmt(*inner) + " and top-level rope_theta " + fmt(*top) +
                               " disagree: the one inside " + in.prefix.substr(0, in.prefix.size() - 1) +
                               " is used (transformers 5)");
    const auto neox = r.number(root, "", "rotary_emb_base");
    if (theta && neox && *theta != *neox)
        cfg.warnings.push_back("rope_theta " + fmt(*theta) + " and rotary_emb_base " + fmt(*neox) +
                               " disagree: rope_theta used");
    if (!theta && neox) {
        theta = neox;
        key = "rotary_emb_base";
    }
    if (!theta) {  // ModernBERT v4: global layers' theta (local layers: see layer_plan.h)
        theta = r.number(root, "", "global_rope_theta");
        key = "global_rope_theta";
    }
    if (!theta) {
        theta = familyDefaultTheta(cfg.decoderModelType);
        cfg.notes.push_back("rope_theta absent: transformers default " + fmt(*theta) +
                            (cfg.decoderModelType.empty() ? "" : " for model_type '" + cfg.decoderModelType + "'") +
                            " used");
    }
    if (!(*theta > 1.0) || *theta > 1e12) r.fail(key, "must be > 1 and <= 1e12", fmt(*theta));
    cfg.rope.base = *theta;
}

core::RopeType resolveType(const Reader& r, const RopeInputs& in, ModelConfig& cfg) {
    if (!in.scaling) return core::RopeType::Default;
    const json& s = *in.scaling;
    const auto ropeType = r.string(s, in.prefix, "rope_type");
    const auto legacyType = r.string(s, in.prefix, "type");
    std::string name = "default", key = in.prefix + "rope_type";
    if (ropeType) {
        name = *ropeType;
        if (legacyType && *legacyType != *ropeType)
            cfg.warnings.push_back(in.prefix + "rope_type '" + *ropeType + "' and type '" + *legacyType +
                                   "' disagree: rope_type used (transformers reads rope_type first)");
    } else if (legacyType) {
        name = *legacyType;
        key = in.prefix + "type";
        cfg.warnings.push_back("only the legacy key " + in.prefix + "type = '" + name +
                               "' is present: read as rope_type '" + name +
                               "' (transformers >= 4.43 renamed the key and still reads type; tools that read "
                               "only rope_type would fall back to default RoPE)");
    } else if (r.get(s, "factor")) {
        cfg.warnings.push_back(in.prefix.substr(0, in.prefix.size() - 1) +
                               " has neither rope_type nor type: treated as 'default' as transformers does, so its "
                               "factor is ignored");
    }
    if (name == "su") {  // an alias in the core RoPE-type table
        cfg.warnings.push_back("rope type 'su' is the old name of 'longrope' (Phi-3): read as longrope");
    } else if (name == "proportional") {
        cfg.warnings.push_back(
            "rope type 'proportional' (p-RoPE, Gemma 4 global layers) rotates only the fastest pairs of the full "
            "head: the one-RoPE-per-model view shows default frequencies; compute layers / compute rope --layer "
            "give the exact per-layer spectrum");
        cfg.rope.partialRotaryFactor = 1.0;
        name = "default";
    } else if (name == "mrope") {
        cfg.warnings.push_back(
            "rope type 'mrope' (multimodal sections) is not modelled: text positions shown with "
            "default frequencies");
        name = "default";
    }
    try {
        return core::ropeTypeFromName(name);
    } catch (const std::invalid_argument&) {
        r.fail(key, "must be one of " + core::ropeTypeNameList() + ", proportional (or su, mrope)", "\"" + name + "\"");
    }
}

void resolveYarn(const Reader& r, const RopeInputs& in, std::optional<double> factor, std::optional<int64_t> origTop,
                 std::optional<int64_t> origScaling, std::optional<int64_t> maxPos, bool mla, ModelConfig& cfg) {
    const json& s = *in.scaling;
    const std::string p = in.prefix;
    core::RopeParams& rope = cfg.rope;
    if (auto v = r.number(s, p, "beta_fast"); v && *v != 0.0) rope.betaFast = *v;  // transformers: `or 32`
    if (auto v = r.number(s, p, "beta_slow"); v && *v != 0.0) rope.betaSlow = *v;  // transformers: `or 1`
    if (rope.betaFast < rope.betaSlow)  // transformers warns and computes the (inverted) correction range anyway
        cfg.warnings.push_back(p + "beta_fast " + fmt(rope.betaFast) + " < " + p + "beta_slow " + fmt(rope.betaSlow) +
                               ": transformers only warns; the inverted ramp is shown as computed");
    const auto mscale = r.number(s, p, "mscale");
    const auto mscaleAll = r.number(s, p, "mscale_all_dim");
    const auto truncate = r.boolean(s, p, "truncate");
    const std::optional<int64_t> given = origTop ? origTop : origScaling;
    const std::string givenName = origTop ? "original_max_position_embeddings" : p + "original_max_position_embeddings";
    if (origTop && origScaling && *origTop != *origScaling)
        cfg.warnings.push_back("YaRN original length given twice: top-level original_max_position_embeddings " +
                               std::to_string(*origTop) + " and " + p + "original_max_position_embeddings " +
                               std::to_string(*origScaling) + "; the top-level value wins in newest transformers");

    if (cfg.rule == TransformersRule::Newest) {
        const std::optional<int64_t> l0 = given ? given : maxPos;
        if (!l0)
            r.fail(p + "original_max_position_embeddings", "missing (and no max_position_embeddings to fall back on)");
        if (!given)
            cfg.warnings.push_back(
                "YaRN original length: no original_max_position_embeddings, so the correction range "
                "uses max_position_embeddings = " +
                std::to_string(*l0) + " (both rules)");
        else if (maxPos && *maxPos != *given)
            cfg.warnings.push_back("YaRN original length could come from two fields: newest uses " + givenName + " = " +
                                   std::to_string(*given) +
                                   "; legacy (4.45) uses max_position_embeddings = " + std::to_string(*maxPos));
        if (!factor) {
            if (!maxPos) r.fail(p + "factor", "missing (and no max_position_embeddings to derive max/original)");
            factor = static_cast<double>(*maxPos) / static_cast<double>(*l0);
            cfg.notes.push_back("YaRN factor absent: max_position_embeddings/original = " + fmt(*factor) + " (newest)");
        } else if (maxPos && given) {
            const double implicit = static_cast<double>(*maxPos) / static_cast<double>(*given);
            if (implicit == 1.0 && *factor != 1.0)
                cfg.warnings.push_back("YaRN factor " + fmt(*factor) +
                                       " but max_position_embeddings = original = " + std::to_string(*given) +
                                       " (max not raised to the extended length): factor " + fmt(*factor) +
                                       " used (newest). transformers releases between DeepSeek-V3 support "
                                       "and PR #40320 (2025) replaced factor by max/original = 1, i.e. no YaRN at all");
            else if (implicit != *factor)
                cfg.warnings.push_back("YaRN factor " + fmt(*factor) +
                                       " disagrees with max_position_embeddings/original "
                                       "= " +
                                       std::to_string(*maxPos) + "/" + std::to_string(*given) + " = " + fmt(implicit) +
                                       ": factor " + fmt(*factor) +
                                       " used (newest; transformers warns). "
                                       "Releases before PR #40320 (2025) used " +
                                       fmt(implicit));
        }
        rope.originalMaxPositionEmbeddings = l0;
        cfg.originalMaxPositionEmbeddingsField = given ? givenName : "max_position_embeddings";
        cfg.originalMaxPositionEmbeddings = l0;
        if (truncate) rope.yarnTruncate = *truncate;
        rope.mscale = mscale;
        rope.mscaleAllDim = mscaleAll;
    } else {
        if (!factor) r.fail(p + "factor", "missing (transformers 4.45 requires it for yarn)");
        if (!maxPos)
            r.fail("max_position_embeddings", "missing (transformers 4.45 takes YaRN's original length from it)");
        if (given && *given != *maxPos)
            cfg.warnings.push_back(
                "YaRN original length could come from two fields: legacy (4.45) uses "
                "max_position_embeddings = " +
                std::to_string(*maxPos) + " and ignores " + givenName + " = " + std::to_string(*given) +
                " (newest uses " + std::to_string(*given) + ")");
        cfg.originalMaxPositionEmbeddings = maxPos;  // the core falls back to rope.maxPositionEmbeddings
        if (truncate && !*truncate) cfg.warnings.push_back(p + "truncate = false is ignored by legacy (4.45)");
        if ((mscale && *mscale != 0.0) || (mscaleAll && *mscaleAll != 0.0))
            cfg.warnings.push_back(
                "legacy (4.45) ignores mscale/mscale_all_dim: attention factor 0.1*ln(factor)+1 "
                "(newest uses their ratio)");
    }
    rope.factor = *factor;
    // Only MLA attention (DeepSeek-V3, Kimi K2, Mistral 4) squares mscale into its softmax scale; Ministral 3 carries
    // the same keys and keeps head_dim^-0.5.
    if (mla && mscaleAll && *mscaleAll != 0.0 && rope.factor > 1.0) {
        const double m = 0.1 * *mscaleAll * std::log(rope.factor) + 1.0;
        cfg.notes.push_back(
            "MLA attention (as DeepSeek-V3's) also multiplies its softmax scale by (0.1*mscale_all_dim*ln(factor)"
            "+1)^2 = " +
            fmt(m * m) + "; that is outside RoPE and not included here");
    }
}

void resolveLongRope(const Reader& r, const RopeInputs& in, std::optional<double> factor,
                     std::optional<int64_t> origTop, std::optional<int64_t> origScaling, std::optional<int64_t> maxPos,
                     ModelConfig& cfg) {
    const json& s = *in.scaling;
    const std::string p = in.prefix;
    core::RopeParams& rope = cfg.rope;
    rope.shortFactor = r.numberList(s, p, "short_factor");
    rope.longFactor = r.numberList(s, p, "long_factor");
    if (!r.get(s, "short_factor")) r.fail(p + "short_factor", "missing (required for longrope)");
    if (!r.get(s, "long_factor")) r.fail(p + "long_factor", "missing (required for longrope)");

    std::optional<int64_t> l0;
    if (cfg.rule == TransformersRule::Newest) {
        l0 = origTop ? origTop : origScaling ? origScaling : maxPos;
        if (!l0) r.fail("original_max_position_embeddings", "missing (and no max_position_embeddings to fall back on)");
        if (!factor) {
            if (!maxPos) r.fail(p + "factor", "missing (and no max_position_embeddings to derive max/original)");
            factor = static_cast<double>(*maxPos) / static_cast<double>(*l0);
            cfg.notes.push_back("LongRoPE factor = max_position_embeddings/original = " + std::to_string(*maxPos) +
                                "/" + std::to_string(*l0) + " = " + fmt(*factor));
        } else if (maxPos && (origTop || origScaling) &&
                   static_cast<double>(*maxPos) / static_cast<double>(*l0) != *factor) {
            cfg.warnings.push_back("LongRoPE factor " + fmt(*factor) +
                                   " disagrees with max_position_embeddings/original "
                                   "= " +
                                   fmt(static_cast<double>(*maxPos) / static_cast<double>(*l0)) + ": factor " +
                                   fmt(*factor) +
                                   " used (newest); legacy (4.45) uses the ratio when the original is "
                                   "top-level");
        }
        rope.originalMaxPositionEmbeddings = l0;
        cfg.originalMaxPositionEmbeddingsField = origTop       ? "original_max_position_embeddings"
                                                 : origScaling ? p + "original_max_position_embeddings"
                                                               : "max_position_embeddings";
        rope.longRopeRule = core::LongRopeRule::SeqLen;
        cfg.warnings.push_back("LongRoPE list depends on the sequence length: short_factor up to " +
                               std::to_string(*l0) +
                               " tokens, long_factor beyond (newest; set seq_len to choose). Legacy (4.45) uses "
                               "long_factor whenever factor > 1");
    } else {
        if (origTop) {
            if (!maxPos) r.fail("max_position_embeddings", "missing (needed for factor = max/original)");
            l0 = origTop;
            const double ratio = static_cast<double>(*maxPos) / static_cast<double>(*origTop);
            if (factor && *factor != ratio)
                cfg.warnings.push_back("legacy (4.45) replaces " + p + "factor " + fmt(*factor) +
                                       " by max_position_embeddings/original_max_position_embeddings = " + fmt(ratio));
            else if (!factor)
                cfg.notes.push_back("LongRoPE factor = max_position_embeddings/original = " + fmt(ratio));
            factor = ratio;
            rope.originalMaxPositionEmbeddings = l0;
            cfg.originalMaxPositionEmbeddingsField = "original_max_position_embeddings";
        } else {
            if (!maxPos)
                r.fail("max_position_embeddings", "missing (transformers 4.45 takes LongRoPE's length from it)");
            if (!factor) r.fail(p + "factor", "missing (transformers 4.45 needs factor without a top-level original)");
            l0 = maxPos;
            if (origScaling && *origScaling != *maxPos)
                cfg.warnings.push_back("legacy (4.45) ignores " + p +
                                       "original_max_position_embeddings = " + std::to_string(*origScaling) +
                                       " and uses max_position_embeddings = " + std::to_string(*maxPos));
        }
        rope.longRopeRule = core::LongRopeRule::FactorAboveOne;
        cfg.warnings.push_back(std::string("LongRoPE list: legacy (4.45) uses long_factor whenever factor > 1, so ") +
                               (*factor > 1.0 ? "long_factor" : "short_factor") + " (factor " + fmt(*factor) +
                               "). Newest switches to long_factor only beyond " + std::to_string(*l0) + " tokens");
    }
    cfg.originalMaxPositionEmbeddings = l0;
    rope.factor = *factor;
}

/// Resolves every RoPE field into cfg.rope; returns the JSON prefix of the scaling block for core messages.
std::string parseRope(const Reader& r, const json& root, ModelConfig& cfg) {
    const RopeInputs in = findScaling(r, root, cfg);
    if (const auto local = r.number(root, "", "rope_local_base_freq"))
        cfg.warnings.push_back("sliding-window layers use rope_local_base_freq = " + fmt(*local) +
                               " (unscaled); shown: the global layers' RoPE. compute layers and compute rope --layer "
                               "give each layer");
    for (const char* key : {"no_rope_layers", "layer_types", "no_rope_layer_interval", "global_rope_theta"})
        if (r.get(root, key)) {
            cfg.notes.push_back(std::string(key) +
                                " present: layers differ (compute layers lists each layer's positional settings)");
            break;
        }
    resolveHead(r, root, cfg);
    cfg.rope.headDim = cfg.headDim;
    resolvePartial(r, root, in, cfg);
    resolveBase(r, root, in, cfg);
    const auto maxPos = r.integer(root, "", "max_position_embeddings", 1, kMaxLength);
    cfg.maxPositionEmbeddings = maxPos.value_or(0);
    cfg.rope.maxPositionEmbeddings = maxPos;
    const core::RopeType type = resolveType(r, in, cfg);
    cfg.rope.type = type;
    if (type == core::RopeType::Default) return in.prefix.empty() ? "rope_scaling." : in.prefix;

    const json& s = *in.scaling;
    const std::string& p = in.prefix;
    auto factor = r.number(s, p, "factor");
    if (factor && (!(*factor >= 1.0) || *factor > 1e6)) r.fail(p + "factor", "must be >= 1 and <= 1e6", fmt(*factor));
    const auto origTop = r.integer(root, "", "original_max_position_embeddings", 1, kMaxLength);
    const auto origScaling = r.integer(s, p, "original_max_position_embeddings", 1, kMaxLength);
    if (auto af = r.number(s, p, "attention_factor")) {
        if (!(*af > 0.0) || *af > 1e6) r.fail(p + "attention_factor", "must be > 0 and <= 1e6", fmt(*af));
        cfg.rope.attentionFactor = af;
    }

    switch (type) {
        case core::RopeType::Yarn:
            resolveYarn(r, in, factor, origTop, origScaling, maxPos, r.get(root, "qk_rope_head_dim") != nullptr, cfg);
            break;
        case core::RopeType::LongRope:
            resolveLongRope(r, in, factor, origTop, origScaling, maxPos, cfg);
            break;
        case core::RopeType::Llama3: {
            if (!factor) r.fail(p + "factor", "missing (required for llama3)");
            const auto low = r.number(s, p, "low_freq_factor");
            const auto high = r.number(s, p, "high_freq_factor");
            if (!low) r.fail(p + "low_freq_factor", "missing (required for llama3)");
            if (!high) r.fail(p + "high_freq_factor", "missing (required for llama3)");
            // Newest: a top-level original_max_position_embeddings (Phi-3 style) overwrites the dict's.
            std::optional<int64_t> l0 = origScaling;
            std::string l0Field = p + "original_max_position_embeddings";
            if (cfg.rule == TransformersRule::Newest && origTop) {
                l0 = origTop;
                l0Field = "original_max_position_embeddings";
            }
            if (!l0 && cfg.rule == TransformersRule::Newest) {
                l0 = maxPos;
                l0Field = "max_position_embeddings";
            }
            if (!l0) r.fail(p + "original_max_position_embeddings", "missing (required for llama3)");
            if (!origScaling)
                cfg.warnings.push_back("llama3 without " + p + "original_max_position_embeddings: newest uses " +
                                       std::to_string(*l0) + "; legacy (4.45) rejects the config");
            if (!(*low > 0.0)) r.fail(p + "low_freq_factor", "must be > 0", fmt(*low));
            if (!(*high > 0.0)) r.fail(p + "high_freq_factor", "must be > 0", fmt(*high));
            if (*high <= *low)
                cfg.warnings.push_back(p + "high_freq_factor " + fmt(*high) + " <= " + p + "low_freq_factor " +
                                       fmt(*low) +
                                       ": accepted as transformers does (it only warns); there is no blend band, so "
                                       "each frequency is kept (wavelength < original/low_freq_factor) or divided "
                                       "by factor");
            cfg.rope.factor = *factor;
            cfg.rope.lowFreqFactor = *low;
            cfg.rope.highFreqFactor = *high;
            cfg.rope.originalMaxPositionEmbeddings = l0;
            cfg.originalMaxPositionEmbeddingsField = l0Field;
            cfg.originalMaxPositionEmbeddings = l0;
            if (maxPos && static_cast<double>(*maxPos) / static_cast<double>(*l0) != *factor)
                cfg.notes.push_back("llama3 factor " + fmt(*factor) + " differs from max/original = " +
                                    fmt(static_cast<double>(*maxPos) / static_cast<double>(*l0)) +
                                    "; llama3 scaling never uses max_position_embeddings (all versions)");
            break;
        }
        default:  // linear, ntk, dynamic
            if (!factor) r.fail(p + "factor", std::string("missing (required for ") + core::ropeTypeName(type) + ")");
            cfg.rope.factor = *factor;
            if (type == core::RopeType::Dynamic && !maxPos)
                r.fail("max_position_embeddings", "missing (dynamic NTK scales relative to it)");
            break;
    }
    return p;
}

// [SECTION] ALiBi, T5, learned, sinusoidal

void parseAlibi(const Reader& r, const json& root, const json* attn, ModelConfig& cfg) {
    std::string hiddenKey;
    const auto heads = r.firstInteger(root, {"num_attention_heads", "n_head", "n_heads"}, 1, core::kMaxAlibiHeads);
    if (!heads)
        r.fail("num_attention_heads", "missing: ALiBi needs the head count (num_attention_heads, n_head or n_heads)");
    cfg.alibiHeads = static_cast<int>(*heads);
    cfg.numAttentionHeads = cfg.alibiHeads;
    cfg.hiddenSize = static_cast<int>(
        r.firstInteger(root, {"hidden_size", "n_embed", "n_embd", "d_model"}, 1, kMaxDim * 64, &hiddenKey).value_or(0));
    if (cfg.hiddenSize) cfg.headDim = cfg.hiddenSize / cfg.alibiHeads;
    cfg.maxPositionEmbeddings =
        r.firstInteger(root, {"max_position_embeddings", "max_seq_len", "seq_length", "n_positions"}, 1, kMaxLength)
            .value_or(0);
    if (attn) {
        if (auto m = r.number(*attn, "attn_config.", "alibi_bias_max")) {
            if (!(*m > 0.0) || *m > 1e3) r.fail("attn_config.alibi_bias_max", "must be > 0 and <= 1000", fmt(*m));
            cfg.alibiBiasMax = *m;
            if (*m != 8.0)
                cfg.warnings.push_back("attn_config.alibi_bias_max = " + fmt(*m) +
                                       ": slopes are shown for the standard maximum 8");
        }
        if (!isPowerOfTwo(cfg.alibiHeads))
            cfg.warnings.push_back(
                "MPT orders the extra slopes of a non-power-of-two head count differently from the "
                "paper; the paper's order is shown");
        if (r.boolean(root, "", "learned_pos_emb").value_or(false))
            cfg.notes.push_back("learned_pos_emb is also true; with attn_config.alibi the ALiBi bias is shown");
    }
    if (cfg.modelType == "bloom")
        cfg.notes.push_back("BLOOM adds m_h*j (key-index form); the paper's -m_h*(i-j) has the same softmax");
}

void parseT5(const Reader& r, const json& root, ModelConfig& cfg) {
    const auto buckets = r.integer(root, "", "relative_attention_num_buckets", 4, 1 << 20);
    const auto distance = r.integer(root, "", "relative_attention_max_distance", 1, int64_t{1} << 30);
    if (!buckets) cfg.notes.push_back("relative_attention_num_buckets absent: T5 default 32");
    if (!distance) cfg.notes.push_back("relative_attention_max_distance absent: T5 default 128");
    cfg.t5.numBuckets = static_cast<int>(buckets.value_or(32));
    cfg.t5.maxDistance = static_cast<int>(distance.value_or(128));
    cfg.t5.bidirectional = true;
    cfg.notes.push_back("encoder self-attention uses bidirectional buckets; decoder self-attention unidirectional");
    try {
        core::validate(cfg.t5);
    } catch (const std::invalid_argument& e) {
        const std::string m = e.what();
        r.fail(m.rfind("max_distance", 0) == 0 ? "relative_attention_max_distance" : "relative_attention_num_buckets",
               m);
    }
    cfg.numAttentionHeads = static_cast<int>(r.integer(root, "", "num_heads", 1, kMaxDim).value_or(0));
    cfg.hiddenSize = static_cast<int>(r.integer(root, "", "d_model", 1, kMaxDim * 64).value_or(0));
    cfg.headDim = static_cast<int>(r.integer(root, "", "d_kv", 1, kMaxDim).value_or(0));
    cfg.maxPositionEmbeddings = r.integer(root, "", "n_positions", 1, kMaxLength).value_or(0);
    if (cfg.maxPositionEmbeddings)
        cfg.notes.push_back("n_positions = " + std::to_string(cfg.maxPositionEmbeddings) +
                            " is a training length, not a limit of relative buckets");
}

void parseLearned(const Reader& r, const json& root, ModelConfig& cfg) {
    std::string key;
    const auto n = r.firstInteger(root, {"n_positions", "max_position_embeddings", "max_seq_len"}, 1, 1 << 24, &key);
    if (!n) r.fail("n_positions", "missing: a learned table needs n_positions or max_position_embeddings");
    cfg.learnedPositions = *n;
    cfg.maxPositionEmbeddings = *n;
    if (const auto ctx = r.integer(root, "", "n_ctx", 1, kMaxLength); ctx && *ctx != *n)
        cfg.warnings.push_back("n_ctx " + std::to_string(*ctx) + " differs from " + key + " " + std::to_string(*n) +
                               ": the table has " + key + " rows");
    cfg.hiddenSize =
        static_cast<int>(r.firstInteger(root, {"n_embd", "hidden_size", "d_model"}, 1, kMaxDim * 64).value_or(0));
    cfg.numAttentionHeads =
        static_cast<int>(r.firstInteger(root, {"n_head", "num_attention_heads", "num_heads"}, 1, kMaxDim).value_or(0));
    if (cfg.hiddenSize && cfg.numAttentionHeads) cfg.headDim = cfg.hiddenSize / cfg.numAttentionHeads;
}

void parseSinusoidal(const Reader& r, const json& root, ModelConfig& cfg) {
    cfg.maxPositionEmbeddings = r.integer(root, "", "max_position_embeddings", 1, kMaxLength).value_or(0);
    cfg.hiddenSize = static_cast<int>(r.firstInteger(root, {"d_model", "hidden_size"}, 1, kMaxDim * 64).value_or(0));
}

// [SECTION] Document

void readProvenance(const Reader& r, const json& root, ModelConfig& cfg) {
    if (auto n = r.string(root, "", "_name_or_path"); n && !n->empty()) cfg.name = *n;
    const json* meta = r.object(root, "", "_phaselens");
    if (!meta) return;
    if (auto v = r.string(*meta, "_phaselens.", "source")) cfg.source = *v;
    if (auto v = r.string(*meta, "_phaselens.", "revision")) cfg.revision = *v;
    if (auto v = r.string(*meta, "_phaselens.", "notes")) cfg.provenanceNotes = *v;
}

Scheme detectScheme(const Reader& r, const json& root, const json* attn, const std::string& modelType) {
    const bool alibiFlag = r.boolean(root, "", "alibi").value_or(false);
    const bool mptAlibi = attn && r.boolean(*attn, "attn_config.", "alibi").value_or(false);
    if (alibiFlag || mptAlibi || modelType == "bloom") return Scheme::Alibi;
    if (kT5ModelTypes.count(modelType) || Reader::has(root, "relative_attention_num_buckets")) return Scheme::T5;
    for (const char* key :
         {"rope_theta", "rotary_emb_base", "rope_scaling", "rope_parameters", "rotary_pct", "partial_rotary_factor",
          "rotary_dim", "qk_rope_head_dim", "global_rope_theta", "rope_local_base_freq"})
        if (Reader::has(root, key)) return Scheme::Rope;
    if (kRopeModelTypes.count(modelType)) return Scheme::Rope;
    if (kLearnedModelTypes.count(modelType) || Reader::has(root, "n_positions") || modelType == "mpt")
        return Scheme::Learned;
    if (kSinusoidalModelTypes.count(modelType)) return Scheme::Sinusoidal;
    r.fail("model_type",
           "cannot tell the positional scheme: no rope/rotary fields, ALiBi flag, T5 buckets or "
           "learned-table size",
           modelType.empty() ? "nothing" : "\"" + modelType + "\"");
}

}  // namespace

// [SECTION] Public

double detail::familyDefaultTheta(const std::string& decoderModelType) {
    static const std::vector<std::pair<const char*, double>> kDefaults = {
        {"llama4", 5.0e5},  {"gpt_oss", 1.5e5}, {"smollm3", 2.0e6}, {"minimax_m2", 5.0e6},
        {"minimax", 5.0e6}, {"gemma3", 1.0e6},  {"gemma4", 1.0e6},  {"modernbert", 160000.0},
    };
    std::string family = decoderModelType;
    if (family.size() > 5 && family.compare(family.size() - 5, 5, "_text") == 0) family.resize(family.size() - 5);
    for (const auto& [name, theta] : kDefaults)
        if (family == name) return theta;
    return 10000.0;
}

json detail::parseDocument(const Reader& r, const std::string& jsonText) {
    if (jsonText.size() > kMaxBytes) r.fail("(file)", "larger than 16 MiB", std::to_string(jsonText.size()) + " bytes");
    if (maxNesting(jsonText) > kMaxDepth)
        r.fail("(json)", "nested deeper than " + std::to_string(kMaxDepth) + " levels");
    json root;
    try {
        root = phaselens::json_text::parse(jsonText);
    } catch (const json::exception& e) {
        std::string m = e.what();
        if (const size_t pos = m.find("] "); pos != std::string::npos) m = m.substr(pos + 2);
        // 1e400 and the like: nlohmann reports the token but not where it is; name the key it belongs to.
        const size_t quote = m.find('\'');
        if (e.id == 406 && quote != std::string::npos && m.back() == '\'') {
            const std::string token = m.substr(quote + 1, m.size() - quote - 2);
            const size_t at = jsonText.find(token);
            r.fail(at == std::string::npos ? "(json)" : keyBefore(jsonText, at), "number too large for a double",
                   token);
        }
        r.fail("(json)", "invalid JSON: " + m);
    }
    if (!root.is_object()) r.fail("(json)", "expected a JSON object at the top level", shown(root));
    return root;
}

ModelConfig parseModelConfig(const std::string& jsonText, const std::string& sourceName, TransformersRule rule) {
    const Reader r(sourceName);
    const json root = parseDocument(r, jsonText);

    ModelConfig cfg;
    cfg.rule = rule;
    cfg.source = sourceName;
    const size_t slash = sourceName.find_last_of('/');
    cfg.name = slash == std::string::npos ? sourceName : sourceName.substr(slash + 1);
    readProvenance(r, root, cfg);
    cfg.modelType = r.string(root, "", "model_type").value_or("");
    // Multimodal files (Gemma 3/4, Llama 4, Qwen3-VL) keep the decoder under text_config.
    const json* textConfig = r.object(root, "", "text_config");
    const json& dec = textConfig ? *textConfig : root;
    cfg.decoderModelType = r.string(dec, "", "model_type").value_or(cfg.modelType);
    if (textConfig)
        cfg.notes.push_back("decoder fields read from text_config (model_type '" + cfg.decoderModelType + "')");
    const json* attn = r.object(dec, "", "attn_config");
    cfg.scheme = detectScheme(r, dec, attn, cfg.decoderModelType);

    switch (cfg.scheme) {
        case Scheme::Rope: {
            const std::string prefix = parseRope(r, dec, cfg);
            try {
                (void)core::computeRopeFrequencies(cfg.rope);
            } catch (const std::invalid_argument& e) {
                rethrowCore(r, e, prefix);
            }
            break;
        }
        case Scheme::Alibi:
            parseAlibi(r, dec, attn, cfg);
            break;
        case Scheme::T5:
            parseT5(r, dec, cfg);
            break;
        case Scheme::Learned:
            parseLearned(r, dec, cfg);
            break;
        case Scheme::Sinusoidal:
            parseSinusoidal(r, dec, cfg);
            break;
        case Scheme::NoPE:
            break;
    }
    return cfg;
}

ModelConfig loadModelConfig(const std::string& path, TransformersRule rule) {
    std::string text;
    try {
        text = core::readRegularFile(path, kMaxBytes);  // "larger than 16 MiB", as parseModelConfig says
    } catch (const std::invalid_argument& e) {
        throw ConfigError(path, "(file)", e.what());
    }
    return parseModelConfig(text, path, rule);
}

}  // namespace phaselens::config
