#include "config/layer_plan.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "config/config_reader.h"
#include "phaselens/file_read.h"
#include "phaselens/proportional_rope.h"
#include "phaselens/query_scale.h"

namespace phaselens::config {

const char* attentionKindName(AttentionKind kind) {
    switch (kind) {
        case AttentionKind::Full:
            return "full";
        case AttentionKind::Sliding:
            return "sliding";
        case AttentionKind::Chunked:
            return "chunked";
        case AttentionKind::Linear:
            return "linear";
    }
    return "full";
}

const char* ropePairingName(RopePairing pairing) {
    return pairing == RopePairing::Interleaved ? "interleaved" : "half_split";
}

const char* queryScaleRuleName(QueryScaleRule rule) {
    switch (rule) {
        case QueryScaleRule::None:
            return nullptr;
        case QueryScaleRule::Llama4:
            return "llama4";
        case QueryScaleRule::Llama4Beta:
            return "llama4_beta";
    }
    return nullptr;
}

core::RopeFrequencies LayerRope::frequencies() const {
    const core::RopeParams& p = resolved.rope;
    if (proportional) return core::proportionalRopeFrequencies(p.headDim, p.base, proportionalPartial, factor);
    return core::computeRopeFrequencies(p);
}

double LayerSpec::queryScaleAt(int64_t position) const {
    switch (queryScale) {
        case QueryScaleRule::None:
            if (position < 0) throw std::invalid_argument("position must be >= 0, got " + std::to_string(position));
            return 1.0;
        case QueryScaleRule::Llama4:
            return core::llama4QueryScale(position, attnScale, floorScale);
        case QueryScaleRule::Llama4Beta:
            return core::llama4BetaQueryScale(position, beta, betaOriginal);
    }
    return 1.0;
}

namespace {

using namespace detail;

std::string familyOf(std::string type) {
    if (type.size() > 5 && type.compare(type.size() - 5, 5, "_text") == 0) type.resize(type.size() - 5);
    return type;
}

/// Python truthiness of a JSON value (Llama 4 stores "attn_temperature_tuning": 4).
bool truthy(const json* v) {
    if (!v) return false;
    if (v->is_boolean()) return v->get<bool>();
    if (v->is_number()) return v->get<double>() != 0.0;
    if (v->is_string()) return !v->get<std::string>().empty();
    if (v->is_array() || v->is_object()) return !v->empty();
    return false;
}

/// resolveRope hands a layer's rope dict to parseModelConfig as `rope_scaling`; the file may spell it
/// `rope_parameters` or `rope_parameters.<layer type>` (`prefix`, with its trailing dot). Messages name the file's key.
std::string fileKeyed(std::string message, const std::string& prefix) {
    static const std::string kGiven = "rope_scaling";
    if (prefix.empty() || prefix == kGiven + ".") return message;
    const std::string bare = prefix.substr(0, prefix.size() - 1);
    for (size_t at = message.find(kGiven); at != std::string::npos; at = message.find(kGiven, at + bare.size()))
        message.replace(at, kGiven.size(), bare);
    return message;
}

const char* typeKey(AttentionKind kind) {
    switch (kind) {
        case AttentionKind::Full:
            return "full_attention";
        case AttentionKind::Sliding:
            return "sliding_attention";
        case AttentionKind::Chunked:
            return "chunked_attention";
        case AttentionKind::Linear:
            return "linear_attention";
    }
    return "full_attention";
}

class PlanBuilder {
  public:
    PlanBuilder(const Reader& r, const json& root, TransformersRule rule, LayerPlan& plan)
        : r_(r), root_(root), rule_(rule), plan_(plan) {
        const json* text = r.object(root, "", "text_config");
        dec_ = text ? text : &root;
        decoderType_ = plan.model.decoderModelType;
        family_ = familyOf(decoderType_);
        mla_ = Reader::get(*dec_, "qk_rope_head_dim") && Reader::get(*dec_, "qk_nope_head_dim");
        params_ = r.object(*dec_, "", "rope_parameters");
        dictPrefix_ = "rope_parameters.";
        if (!params_) {
            params_ = r.object(*dec_, "", "rope_scaling");
            dictPrefix_ = "rope_scaling.";
        }
        nested_ = params_ && isNestedRopeDict(*params_);
    }

    void build() {
        const auto n = r_.firstInteger(*dec_, {"num_hidden_layers", "n_layer", "num_layers", "n_layers"}, 1, 1 << 16);
        if (!n) r_.fail("num_hidden_layers", "missing (a layer plan needs the number of decoder layers)");
        plan_.numLayers = static_cast<int>(*n);
        readNoRope();
        readKinds();
        for (int i = 0; i < plan_.numLayers; ++i) plan_.layers.push_back(layer(i));
        if (plan_.warnings.empty() && ropeCache_.empty()) plan_.warnings = plan_.model.warnings;
    }

  private:
    // -- layer kinds and NoPE ------------------------------------------------------------------------------------
    void readNoRope() {
        const int n = plan_.numLayers;
        hasRope_.assign(static_cast<size_t>(n), true);
        if (const json* list = Reader::get(*dec_, "no_rope_layers")) {
            if (!list->is_array() || static_cast<int>(list->size()) != n)
                r_.fail("no_rope_layers", "expected a list of " + std::to_string(n) + " flags (1 = the layer has RoPE)",
                        shown(*list));
            for (int i = 0; i < n; ++i) {
                const json& e = (*list)[static_cast<size_t>(i)];
                if (!(e.is_number_integer() || e.is_boolean()))
                    r_.fail("no_rope_layers[" + std::to_string(i) + "]", "expected 0 or 1", shown(e));
                hasRope_[static_cast<size_t>(i)] = e.is_boolean() ? e.get<bool>() : e.get<int64_t>() != 0;
            }
            return;
        }
        if (family_ == "llama4" || family_ == "smollm3" || Reader::get(*dec_, "no_rope_layer_interval")) {
            const auto interval = r_.integer(*dec_, "", "no_rope_layer_interval", 1, 1 << 16).value_or(4);
            for (int i = 0; i < n; ++i) hasRope_[static_cast<size_t>(i)] = (i + 1) % interval != 0;
            plan_.notes.push_back("no_rope_layers absent: every " + std::to_string(interval) +
                                  "th layer is NoPE (no_rope_layer_interval)");
        }
    }

    void readKinds() {
        const int n = plan_.numLayers;
        kinds_.assign(static_cast<size_t>(n), AttentionKind::Full);
        if (const json* list = Reader::get(*dec_, "layer_types")) {
            if (!list->is_array() || static_cast<int>(list->size()) != n)
                r_.fail("layer_types", "expected a list of " + std::to_string(n) + " layer type names", shown(*list));
            static const std::map<std::string, AttentionKind> kNames = {{"full_attention", AttentionKind::Full},
                                                                        {"sliding_attention", AttentionKind::Sliding},
                                                                        {"chunked_attention", AttentionKind::Chunked},
                                                                        {"linear_attention", AttentionKind::Linear}};
            for (int i = 0; i < n; ++i) {
                const json& e = (*list)[static_cast<size_t>(i)];
                const auto it = e.is_string() ? kNames.find(e.get<std::string>()) : kNames.end();
                if (it == kNames.end())
                    r_.fail("layer_types[" + std::to_string(i) + "]",
                            "expected full_attention, sliding_attention, chunked_attention or linear_attention",
                            shown(e));
                kinds_[static_cast<size_t>(i)] = it->second;
            }
            return;
        }
        if (const json* list = Reader::get(*dec_, "attn_type_list")) {
            // MiniMax (Text-01, M1, M2): 1 = softmax attention, 0 = lightning (linear) attention with no position.
            if (!list->is_array() || static_cast<int>(list->size()) != n)
                r_.fail("attn_type_list", "expected a list of " + std::to_string(n) + " flags (1 = softmax attention)",
                        shown(*list));
            for (int i = 0; i < n; ++i) {
                const json& e = (*list)[static_cast<size_t>(i)];
                if (!e.is_number_integer() || (e.get<int64_t>() != 0 && e.get<int64_t>() != 1))
                    r_.fail("attn_type_list[" + std::to_string(i) + "]", "expected 0 (linear) or 1 (softmax)",
                            shown(e));
                kinds_[static_cast<size_t>(i)] = e.get<int64_t>() == 1 ? AttentionKind::Full : AttentionKind::Linear;
            }
            return;
        }
        auto everyNth = [&](const char* key, int64_t def, bool plusOne, AttentionKind other) {
            const int64_t p = r_.integer(*dec_, "", key, 1, 1 << 16).value_or(def);
            for (int i = 0; i < n; ++i)
                kinds_[static_cast<size_t>(i)] = ((plusOne ? i + 1 : i) % p == 0) ? AttentionKind::Full : other;
        };
        const bool slidingGiven = Reader::get(*dec_, "sliding_window") != nullptr;
        if (family_ == "gemma3" || family_ == "gemma4") {
            everyNth("sliding_window_pattern", 6, true, AttentionKind::Sliding);
            if (family_ == "gemma4") kinds_.back() = AttentionKind::Full;
        } else if (family_ == "cohere2") {
            everyNth("sliding_window_pattern", 4, true, AttentionKind::Sliding);
        } else if (family_ == "gemma2" || family_ == "gpt_oss") {
            for (int i = 0; i < n; ++i)
                kinds_[static_cast<size_t>(i)] = i % 2 == 0 ? AttentionKind::Sliding : AttentionKind::Full;
        } else if (family_ == "olmo3") {  // Olmo3Config: every 4th layer full, the others sliding
            for (int i = 0; i < n; ++i)
                kinds_[static_cast<size_t>(i)] = (i + 1) % 4 == 0 ? AttentionKind::Full : AttentionKind::Sliding;
        } else if (family_ == "modernbert") {
            everyNth("global_attn_every_n_layers", 3, false, AttentionKind::Sliding);
        } else if (family_ == "qwen3_next") {
            everyNth("full_attention_interval", 4, true, AttentionKind::Linear);
        } else if (family_ == "llama4") {
            const bool chunked = Reader::get(*dec_, "attention_chunk_size") != nullptr;
            for (int i = 0; i < n; ++i)
                kinds_[static_cast<size_t>(i)] =
                    hasRope_[static_cast<size_t>(i)] && chunked ? AttentionKind::Chunked : AttentionKind::Full;
        } else if (Reader::has(*dec_, "use_sliding_window")) {
            const bool use = r_.boolean(*dec_, "", "use_sliding_window").value_or(false) && slidingGiven;
            const int64_t from = r_.integer(*dec_, "", "max_window_layers", 0, 1 << 16).value_or(0);
            for (int i = 0; i < n; ++i)
                kinds_[static_cast<size_t>(i)] = use && i >= from ? AttentionKind::Sliding : AttentionKind::Full;
        } else if (slidingGiven) {
            kinds_.assign(static_cast<size_t>(n), AttentionKind::Sliding);
        }
    }

    // -- per-layer-type rope -------------------------------------------------------------------------------------
    const json* dictFor(AttentionKind kind, std::string& prefix) const {
        if (!params_) return nullptr;
        prefix = dictPrefix_;
        if (!nested_) return params_;
        const std::string key = nestedRopeKey(*params_, typeKey(kind));
        prefix += key + ".";
        return &(*params_)[key];
    }

    int headDimFor(AttentionKind kind) const {
        if (mla_)
            return static_cast<int>(*r_.integer(*dec_, "", "qk_nope_head_dim", 0, kMaxDim) +
                                    *r_.integer(*dec_, "", "qk_rope_head_dim", 2, kMaxDim));
        if (family_ == "gemma4" && kind == AttentionKind::Full)
            if (auto g = r_.integer(*dec_, "", "global_head_dim", 2, kMaxDim)) return static_cast<int>(*g);
        if (family_ != "cohere2")
            if (auto h = r_.integer(*dec_, "", "head_dim", 1, kMaxDim)) return static_cast<int>(*h);
        const auto hidden = r_.firstInteger(*dec_, {"hidden_size", "n_embd", "d_model"}, 1, kMaxDim * 64);
        const auto heads = r_.firstInteger(*dec_, {"num_attention_heads", "n_head", "num_heads"}, 1, kMaxDim);
        if (hidden && heads && *hidden / *heads >= 1) return static_cast<int>(*hidden / *heads);
        return plan_.model.headDim;
    }

    const LayerRope& ropeFor(AttentionKind kind) {
        const std::string key = typeKey(kind);
        const auto it = ropeCache_.find(key);
        if (it != ropeCache_.end()) return it->second;
        return ropeCache_.emplace(key, resolveRope(kind)).first->second;
    }

    LayerRope resolveRope(AttentionKind kind) {
        json view = *dec_;
        for (const char* k : {"text_config", "vision_config", "rope_parameters", "rope_scaling", "layer_types",
                              "rope_local_base_freq", "no_rope_layers", "global_rope_theta", "local_rope_theta"})
            view.erase(k);
        if (!view.contains("model_type") && !decoderType_.empty()) view["model_type"] = decoderType_;
        std::string prefix;
        const json* given = dictFor(kind, prefix);
        json dict = given ? *given : json();
        const bool sliding = kind == AttentionKind::Sliding;
        if (!given && family_ == "gemma4")  // Gemma4TextConfig defaults
            dict = sliding
                       ? json{{"rope_type", "default"}, {"rope_theta", 10000.0}}
                       : json{{"rope_type", "proportional"}, {"rope_theta", 1.0e6}, {"partial_rotary_factor", 0.25}};
        if (!nested_ && sliding && (family_ == "gemma3")) {
            // v4 Gemma 3: sliding layers use rope_local_base_freq, unscaled.
            dict = json();
            view["rope_theta"] = r_.number(*dec_, "", "rope_local_base_freq").value_or(10000.0);
        }
        if (!nested_ && sliding && family_ == "olmo3" && dict.is_object() && !dict.empty()) {
            // OLMo 3: the rope dict scales the full-attention layers only; sliding layers keep plain RoPE at the
            // same theta (OLMo-core; transformers Olmo3Model.rotary_embs {"sliding_attention": rope_type default}).
            if (dict.contains("rope_theta")) view["rope_theta"] = dict["rope_theta"];
            std::string type = "default";
            for (const char* k : {"type", "rope_type"})
                if (dict.contains(k) && dict[k].is_string()) type = dict[k].get<std::string>();
            if (type != "default")
                plan_.warnings.push_back(
                    "olmo3: " + dictPrefix_ + "rope_type '" + type +
                    "' applies to the full_attention layers only, sliding layers use default RoPE (as OLMo-core and "
                    "transformers' Olmo3Model.rotary_embs compute it; some transformers 5 releases applied it to the "
                    "sliding layers too)");
            dict = json();
        }
        if (!nested_ && family_ == "modernbert" && (!dict.is_object() || !dict.contains("rope_theta"))) {
            view["rope_theta"] = sliding ? r_.number(*dec_, "", "local_rope_theta").value_or(10000.0)
                                         : r_.number(*dec_, "", "global_rope_theta").value_or(160000.0);
        }
        LayerRope lr;
        const int headDim = headDimFor(kind);
        if (family_ == "gemma4" && kind == AttentionKind::Full) view["head_dim"] = headDim;
        if (family_ == "cohere2") view.erase("head_dim");
        std::string typeName = "default";
        if (dict.is_object()) {
            if (dict.contains("rope_type") && dict["rope_type"].is_string())
                typeName = dict["rope_type"].get<std::string>();
            else if (dict.contains("type") && dict["type"].is_string())
                typeName = dict["type"].get<std::string>();
        }
        if (typeName == "proportional") {
            lr.proportional = true;
            const auto top = r_.number(*dec_, "", "partial_rotary_factor");
            const auto inner = r_.number(dict, prefix, "partial_rotary_factor");
            lr.proportionalPartial = top ? *top : inner.value_or(1.0);
            lr.factor = r_.number(dict, prefix, "factor").value_or(1.0);
            dict["rope_type"] = lr.factor != 1.0 ? "linear" : "default";
            dict.erase("partial_rotary_factor");
            view.erase("partial_rotary_factor");
            view.erase("rotary_dim");
        }
        if (dict.is_object() && !dict.empty()) view["rope_scaling"] = dict;
        try {
            lr.resolved = parseModelConfig(view.dump(), r_.file(), rule_);
        } catch (const ConfigError& e) {
            throw ConfigError(e.file(), fileKeyed(e.field(), prefix), fileKeyed(e.problem(), prefix), e.got());
        }
        for (auto& list : {&lr.resolved.warnings, &lr.resolved.notes})
            for (auto& m : *list) m = fileKeyed(m, prefix);
        for (const auto& w : lr.resolved.warnings)
            if (std::find(plan_.warnings.begin(), plan_.warnings.end(), w) == plan_.warnings.end())
                plan_.warnings.push_back(w);
        lr.headDim = headDim;
        if (lr.proportional) {
            lr.ropeType = "proportional";
            lr.rotaryDim = lr.resolved.rope.headDim;
            core::proportionalRotatedPairs(lr.resolved.rope.headDim, lr.proportionalPartial);  // validates p
        } else {
            lr.ropeType = core::ropeTypeName(lr.resolved.rope.type);
            lr.factor = lr.resolved.rope.factor;
        }
        const core::RopeFrequencies f = lr.frequencies();
        if (!lr.proportional) lr.rotaryDim = f.rotaryDim;
        lr.rotatedPairs = static_cast<int>((f.invFreq.array() != 0.0).count());
        lr.attentionFactor = f.attentionFactor;
        const bool interleaveFamily = family_ == "llama4" || family_ == "cohere2" || family_ == "cohere" ||
                                      family_ == "glm" || family_ == "glm4" || family_ == "chatglm";
        const bool mlaInterleave = mla_ && r_.boolean(*dec_, "", "rope_interleave").value_or(true);
        lr.pairing = interleaveFamily || mlaInterleave ? RopePairing::Interleaved : RopePairing::HalfSplit;
        if (dict.is_object() && dict.contains("mrope_section")) {
            for (double v : r_.numberList(dict, prefix, "mrope_section")) {
                if (v != std::floor(v) || v < 0 || v > kMaxDim)
                    r_.fail(prefix + "mrope_section", "expected non-negative integers", fmt(v));
                lr.mropeSection.push_back(static_cast<int>(v));
            }
            lr.mropeInterleaved = r_.boolean(dict, prefix, "mrope_interleaved").value_or(false);
        }
        return lr;
    }

    // -- one layer -----------------------------------------------------------------------------------------------
    LayerSpec layer(int i) {
        LayerSpec s;
        s.index = i;
        s.attention = kinds_[static_cast<size_t>(i)];
        const bool linear = s.attention == AttentionKind::Linear;
        bool rope = hasRope_[static_cast<size_t>(i)] && !linear;
        if (family_ == "cohere2" && s.attention == AttentionKind::Full) rope = false;
        switch (plan_.model.scheme) {
            case Scheme::Rope:
                s.positional = linear ? "none" : rope ? "rope" : "nope";
                break;
            case Scheme::Alibi:
                s.positional = "alibi";
                break;
            case Scheme::T5:
                s.positional = "t5";
                break;
            case Scheme::NoPE:
                s.positional = "nope";
                break;
            case Scheme::Learned:
            case Scheme::Sinusoidal:
                s.positional = "none";
                break;
        }
        if (s.positional == "rope") s.rope = ropeFor(s.attention);
        if (s.attention == AttentionKind::Sliding) {
            if (family_ == "modernbert") {
                if (auto w = r_.integer(*dec_, "", "local_attention", 1, kMaxLength)) s.window = *w / 2;
            } else {
                s.window = r_.integer(*dec_, "", "sliding_window", 1, kMaxLength);
            }
        }
        if (s.attention == AttentionKind::Chunked)
            s.chunk = r_.integer(*dec_, "", "attention_chunk_size", 1, kMaxLength);
        s.logitSoftcap = r_.number(*dec_, "", "attn_logit_softcapping");
        s.sinks = family_ == "gpt_oss";
        if (!linear) s.softmaxScale = softmaxScale(s.attention);
        // Position-dependent query temperatures.
        std::string prefix;
        const json* dict = dictFor(s.attention, prefix);
        if (dict && Reader::get(*dict, "llama_4_scaling_beta")) {
            s.queryScale = QueryScaleRule::Llama4Beta;
            s.beta = *r_.number(*dict, prefix, "llama_4_scaling_beta");
            const auto l0 = r_.integer(*dict, prefix, "original_max_position_embeddings", 1, kMaxLength);
            if (!l0) r_.fail(prefix + "original_max_position_embeddings", "missing (llama_4_scaling_beta needs it)");
            s.betaOriginal = static_cast<double>(*l0);
        } else if (family_ == "llama4" && s.positional == "nope" &&
                   truthy(Reader::get(*dec_, "attn_temperature_tuning"))) {
            s.queryScale = QueryScaleRule::Llama4;
            s.attnScale = r_.number(*dec_, "", "attn_scale").value_or(0.1);
            s.floorScale = r_.number(*dec_, "", "floor_scale").value_or(8192.0);
            if (!(s.floorScale > 0.0)) r_.fail("floor_scale", "must be > 0", fmt(s.floorScale));
        }
        return s;
    }

    double softmaxScale(AttentionKind kind) const {
        if (family_ == "gemma4") return 1.0;
        if (auto q = r_.number(*dec_, "", "query_pre_attn_scalar")) {
            if (!(*q > 0.0)) r_.fail("query_pre_attn_scalar", "must be > 0", fmt(*q));
            return std::pow(*q, -0.5);
        }
        const int headDim = headDimFor(kind);
        if (mla_) {
            std::string prefix;
            const json* dict = dictFor(kind, prefix);
            if (dict) {
                const auto mAll = r_.number(*dict, prefix, "mscale_all_dim");
                const auto factor = r_.number(*dict, prefix, "factor");
                const auto type = r_.string(*dict, prefix, "rope_type");
                const auto legacy = r_.string(*dict, prefix, "type");
                const std::string t = type ? *type : legacy.value_or("default");
                if (mAll && *mAll != 0.0 && factor && t != "default")
                    return core::mlaSoftmaxScale(headDim, *factor, *mAll);
            }
        }
        return std::pow(static_cast<double>(headDim), -0.5);  // HF: self.head_dim**-0.5
    }

    const Reader& r_;
    const json& root_;
    TransformersRule rule_;
    LayerPlan& plan_;
    const json* dec_ = nullptr;
    std::string decoderType_, family_;
    bool mla_ = false;
    const json* params_ = nullptr;
    std::string dictPrefix_;
    bool nested_ = false;
    std::vector<bool> hasRope_;
    std::vector<AttentionKind> kinds_;
    std::map<std::string, LayerRope> ropeCache_;
};

}  // namespace

LayerPlan parseLayerPlan(const std::string& jsonText, const std::string& sourceName, TransformersRule rule) {
    LayerPlan plan;
    plan.model = parseModelConfig(jsonText, sourceName, rule);
    const Reader r(sourceName);
    const json root = parseDocument(r, jsonText);
    PlanBuilder(r, root, rule, plan).build();
    return plan;
}

LayerPlan loadLayerPlan(const std::string& path, TransformersRule rule) {
    std::string text;
    try {
        text = core::readRegularFile(path, kMaxBytes);
    } catch (const std::invalid_argument& e) {
        throw ConfigError(path, "(file)", e.what());
    }
    return parseLayerPlan(text, path, rule);
}

LayerPlan loadPresetLayerPlan(const std::string& name, TransformersRule rule) {
    LayerPlan plan = parseLayerPlan(presetText(name), "preset " + name + " (assets/presets/" + name + ".json)", rule);
    plan.model.name = name;
    return plan;
}

}  // namespace phaselens::config
