// --config / --preset / --transformers-rule for every command, and the `presets` and `learned` quantities.
//
// Contents
//   [SECTION] Flags and formatting
//   [SECTION] ModelConfig → flag values
//   [SECTION] applyConfigFlags
//   [SECTION] Report
//   [SECTION] presets (learned: compute_learned.cpp)

#include "cli/compute_config.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <set>
#include <type_traits>

#include "cli/compute_layers.h"
#include "phaselens/validate.h"

namespace phaselens::cli {

namespace {

using config::ModelConfig;
using config::Scheme;
using core::RopeType;

// -----------------------------------------------------------------------------
// [SECTION] Flags and formatting
// -----------------------------------------------------------------------------

const char* const kConfigHelp =
    "\nModel configs: --config FILE (a Hugging Face config.json) or --preset NAME (see 'phaselens compute presets')\n"
    "fills this command's flags from the model (flags marked required may come from it); flags typed on the\n"
    "command line override the file's values.\n"
    "--transformers-rule chooses how fields whose meaning changed between transformers versions are read\n"
    "(newest: transformers 5 / main; legacy: 4.45). The output gains \"config\" (name, file, source, revision,\n"
    "scheme, rule, each derived flag with its config field, overridden flags, notes) and the config's ambiguities\n"
    "in \"warnings\".\n";

// Shortest text that parses back to the same double, in the syntax the flag parser accepts ("500000", "1e+06").
std::string numberText(double v) {
    char buf[64];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    return ec == std::errc() ? std::string(buf, end) : core::formatDouble(v);
}

std::string listText(const std::vector<double>& values) {
    std::string out;
    for (double v : values) {
        if (!out.empty()) out += ',';
        out += numberText(v);
    }
    return out;
}

bool declares(const std::vector<FlagSpec>& specs, const std::string& flag) {
    return std::any_of(specs.begin(), specs.end(), [&](const FlagSpec& s) { return s.name == flag; });
}

std::string flagName(const std::string& token) {
    return token.substr(0, token.find('='));
}

// -----------------------------------------------------------------------------
// [SECTION] ModelConfig → flag values
// -----------------------------------------------------------------------------

std::string headDimField(const ModelConfig& cfg) {
    for (const auto& note : cfg.notes) {
        if (note.rfind("rotary channels per head from qk_rope_head_dim", 0) == 0) return "qk_rope_head_dim";
        if (note.rfind("head_dim = ", 0) == 0 && note.find(" = ", 11) != std::string::npos &&
            note.find("given explicitly") == std::string::npos) {
            const size_t eq = note.find(" = ", 11);
            return note.substr(11, eq - 11);  // "hidden_size/num_attention_heads"
        }
    }
    return "head_dim";
}

// Config values by kind: the value itself plus its text (shortest round-trip form) for reports and messages.
ConfigFlagValue integerValue(const std::string& flag, int64_t v, const std::string& field, bool report = true) {
    return {flag, std::to_string(v), field, report, v};
}

ConfigFlagValue numberValue(const std::string& flag, double v, const std::string& field) {
    return {flag, numberText(v), field, true, v};
}

ConfigFlagValue listValue(const std::string& flag, const std::vector<double>& v, const std::string& field) {
    return {flag, listText(v), field, true, v};
}

ConfigFlagValue choiceValue(const std::string& flag, const std::string& v, const std::string& field) {
    return {flag, v, field, true, v};
}

void addRope(const ModelConfig& cfg, std::vector<ConfigFlagValue>& out) {
    const core::RopeParams& p = cfg.rope;
    const std::string s = "rope_scaling.";
    auto add = [&](ConfigFlagValue v) { out.push_back(std::move(v)); };
    add(integerValue("--head-dim", p.headDim, headDimField(cfg)));
    add(numberValue("--rope-theta", p.base, "rope_theta"));
    if (p.partialRotaryFactor != 1.0)
        add(numberValue("--partial-rotary-factor", p.partialRotaryFactor, "partial_rotary_factor"));
    if (p.type != RopeType::Default) {
        add(choiceValue("--rope-type", core::ropeTypeName(p.type), s + "rope_type"));
        add(numberValue("--factor", p.factor, s + "factor"));
    }
    // The fields the type reads (core RoPE-type table), each as its flag (the field's key with '-' for '_'):
    // numbers and lists always, optional lengths and mscales when set, truncate and the LongRoPE rule when not the
    // default. The config loader (model_config.cpp) resolved every value and says which field L0 came from; M
    // (max_position_embeddings) is reported where the type requires it or stands in for an unset L0.
    const core::RopeTypeInfo& info = core::ropeTypeInfo(p.type);
    auto fieldOf = [&](core::RopeField f, const char* key) -> std::string {
        if (f == core::RopeField::OriginalMaxPositionEmbeddings && !cfg.originalMaxPositionEmbeddingsField.empty())
            return cfg.originalMaxPositionEmbeddingsField;
        if (f == core::RopeField::MaxPositionEmbeddings) return key;
        if (f == core::RopeField::LongRopeRule)
            return "transformers rule " + std::string(config::transformersRuleName(cfg.rule));
        return s + key;
    };
    core::forEachRopeField([&](core::RopeField f, const char* key, auto member) {
        if (!info.uses.has(f) || f == core::RopeField::Factor || f == core::RopeField::SeqLen) return;
        if (f == core::RopeField::MaxPositionEmbeddings && !info.required.has(f) && p.originalMaxPositionEmbeddings)
            return;
        std::string flag = std::string("--") + key;
        std::replace(flag.begin(), flag.end(), '_', '-');
        const auto& v = p.*member;
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::optional<int64_t>>) {
            if (v) add(integerValue(flag, *v, fieldOf(f, key)));
        } else if constexpr (std::is_same_v<T, std::optional<double>>) {
            if (v) add(numberValue(flag, *v, fieldOf(f, key)));
        } else if constexpr (std::is_same_v<T, double>) {
            add(numberValue(flag, v, fieldOf(f, key)));
        } else if constexpr (std::is_same_v<T, std::vector<double>>) {
            add(listValue(flag, v, fieldOf(f, key)));
        } else if constexpr (std::is_same_v<T, bool>) {
            if (v != core::RopeParams{}.*member) add(choiceValue(flag, v ? "true" : "false", fieldOf(f, key)));
        } else {
            static_assert(std::is_same_v<T, core::LongRopeRule>, "a RopeParams field kind the report does not know");
            if (v != core::LongRopeRule::Auto) add(choiceValue(flag, core::longRopeRuleName(v), fieldOf(f, key)));
        }
    });
    if (p.attentionFactor) add(numberValue("--attention-factor", *p.attentionFactor, s + "attention_factor"));
    // `compute phase`: the model's context and its training context.
    if (cfg.maxPositionEmbeddings > 0)
        add(integerValue("--context", cfg.maxPositionEmbeddings, "max_position_embeddings", false));
    if (cfg.originalMaxPositionEmbeddings)
        add(integerValue("--training-context", *cfg.originalMaxPositionEmbeddings, "original_max_position_embeddings",
                         false));
}

}  // namespace

std::vector<FlagSpec> configFlagSpecs() {
    return {
        textFlag("--config", "FILE",
                 "Hugging Face config.json whose fields fill this command's flags (typed flags override them)"),
        textFlag("--preset", "NAME", "a pinned model config compiled into phaselens (list: phaselens compute presets)"),
        choiceFlag("--transformers-rule", "R",
                   "how fields whose meaning changed between transformers versions are read (with --config/--preset)",
                   {"newest", "legacy"})
            .withDefault("newest"),
    };
}

void appendConfigFlags(std::vector<FlagSpec>& specs) {
    for (FlagSpec& s : configFlagSpecs())
        if (!declares(specs, s.name)) specs.push_back(std::move(s));
}

bool isConfigFlag(const std::string& name) {
    return name == "--config" || name == "--preset" || name == "--transformers-rule";
}

std::vector<ConfigFlagValue> configFlagValues(const ModelConfig& cfg) {
    std::vector<ConfigFlagValue> out;
    switch (cfg.scheme) {
        case Scheme::Rope:
            addRope(cfg, out);
            break;
        case Scheme::Alibi:
            out.push_back(integerValue("--heads", cfg.alibiHeads, "num_attention_heads"));
            break;
        case Scheme::T5:
            out.push_back(integerValue("--num-buckets", cfg.t5.numBuckets, "relative_attention_num_buckets"));
            out.push_back(integerValue("--max-distance", cfg.t5.maxDistance, "relative_attention_max_distance"));
            break;
        case Scheme::Learned:
            out.push_back(integerValue("--n-positions", cfg.learnedPositions, "n_positions"));
            break;
        case Scheme::Sinusoidal:
            if (cfg.hiddenSize > 0) out.push_back(integerValue("--d-model", cfg.hiddenSize, "d_model"));
            break;
        case Scheme::NoPE:
            break;
    }
    return out;
}

std::string primaryConfigFlag(Scheme scheme) {
    switch (scheme) {
        case Scheme::Rope:
            return "--head-dim";
        case Scheme::Alibi:
            return "--heads";
        case Scheme::T5:
            return "--num-buckets";
        case Scheme::Learned:
            return "--n-positions";
        case Scheme::Sinusoidal:
            return "--d-model";
        case Scheme::NoPE:
            return "";
    }
    return "";
}

// -----------------------------------------------------------------------------
// [SECTION] applyConfigFlags
// -----------------------------------------------------------------------------

namespace {

// "compute rope, compute phase, ..." for the quantities that can use configs of `scheme`.
std::string commandsFor(Scheme scheme) {
    const std::string primary = primaryConfigFlag(scheme);
    std::string names;
    if (primary.empty()) return names;
    for (const Quantity& q : allQuantities())
        if (declares(q.flags, "--config") && declares(q.flags, primary))
            names += (names.empty() ? "compute " : ", compute ") + q.name;
    return names;
}

// A derived value must pass the flag's own checks; otherwise name the file and the config field.
void checkDerived(const std::vector<FlagSpec>& specs, const TypedFlagValue& v, const std::string& field,
                  const std::string& file) {
    for (const FlagSpec& spec : specs) {
        if (spec.name != v.flag) continue;
        try {
            checkTypedValue(spec, v);
        } catch (const CliError& e) {
            throw CliError(file + ": " + field + ": " + e.what());
        }
    }
}

}  // namespace

std::optional<ModelConfig> loadConfigFlags(const ParsedArgs& args, std::string& file) {
    const bool fromFile = args.has("--config"), fromPreset = args.has("--preset");
    if (fromFile && fromPreset)
        throw CliError("--config and --preset: give at most one, got '" + args.raw("--config") + "' and '" +
                       args.raw("--preset") + "'");
    if (!fromFile && !fromPreset) {
        if (args.has("--transformers-rule"))
            throw flagError("--transformers-rule", "needs --config or --preset", args.raw("--transformers-rule"));
        return std::nullopt;
    }
    const config::TransformersRule rule = config::transformersRuleFromName(args.choice("--transformers-rule"));
    if (fromFile) {
        file = args.raw("--config");
        return config::loadModelConfig(file, rule);
    }
    const std::string name = args.raw("--preset");
    file = "preset " + name;
    const std::vector<std::string> names = config::listPresets();
    if (std::find(names.begin(), names.end(), name) == names.end()) {
        std::string valid;
        for (const auto& n : names) valid += (valid.empty() ? "" : ", ") + n;
        throw flagError("--preset", "unknown preset; expected one of " + valid, name);
    }
    return config::loadPreset(name, rule);
}

ConfigFlags applyConfigFlags(const std::vector<std::string>& tokens, const std::vector<FlagSpec>& specs,
                             const std::string& commandName) {
    ConfigFlags result;
    result.tokens = tokens;
    if (!declares(specs, "--config")) return result;

    // Every typed token is checked first (required flags may come from the config, so none is required here).
    std::vector<FlagSpec> relaxed = specs;
    appendConfigFlags(relaxed);
    for (FlagSpec& s : relaxed) s.isRequired = false;
    const ParsedArgs typed = parseFlags(relaxed, tokens, commandName);
    std::optional<ModelConfig> loaded = loadConfigFlags(typed, result.file);
    if (!loaded) return result;
    ModelConfig cfg = std::move(*loaded);
    // --layer K (compute rope): the flags come from layer K's own resolved RoPE; the command reloads the plan for
    // the layer's extra keys, so the config flags stay in the tokens.
    const bool perLayer = declares(specs, "--layer") && typed.has("--layer");
    if (perLayer) {
        std::string file;
        const config::LayerPlan plan = *loadLayerPlanFlags(typed, file);
        cfg = selectLayer(plan, typed.integer("--layer"), true).rope->resolved;
        cfg.warnings = plan.warnings;
    }

    const std::string primary = primaryConfigFlag(cfg.scheme);
    if (primary.empty() || !declares(specs, primary)) {
        const std::string others = commandsFor(cfg.scheme);
        throw CliError(result.file + ": model_type: " + config::schemeName(cfg.scheme) + " model ('" + cfg.modelType +
                       "') gives nothing to '" + commandName + "'" +
                       (others.empty()
                            ? ""
                            : "; " + std::string(config::schemeName(cfg.scheme)) + " configs work with: " + others));
    }

    // Typed tokens (config flags removed); the config's values for every flag not typed go to the overlay.
    result.tokens.clear();
    for (size_t i = 0; i < tokens.size(); ++i) {
        if (!perLayer && isConfigFlag(flagName(tokens[i]))) {
            if (tokens[i].find('=') == std::string::npos) ++i;  // skip the value token
            continue;
        }
        result.tokens.push_back(tokens[i]);
    }
    result.warnings = cfg.warnings;
    std::set<std::string> usedFields, unusedFields;
    std::vector<std::string> unusedOrder;
    for (const ConfigFlagValue& v : configFlagValues(cfg)) {
        if (!declares(specs, v.flag)) {
            if (v.report && !unusedFields.count(v.field)) {
                unusedFields.insert(v.field);
                unusedOrder.push_back(v.field + " = " + v.value);
            }
            continue;
        }
        usedFields.insert(v.field);
        if (typed.has(v.flag)) {
            result.overridden.push_back({v.flag, typed.raw(v.flag), v.value, v.field});
            continue;
        }
        TypedFlagValue typedValue{v.flag, v.typed, v.value};
        checkDerived(specs, typedValue, v.field, result.file);
        result.overlay.push_back(std::move(typedValue));
        result.used.push_back(v);
    }
    if (!result.overridden.empty()) {
        std::string list;
        for (const auto& o : result.overridden)
            list += (list.empty() ? "" : ", ") + o.flag + " " + o.typed + " over " + o.field + " = " + o.fromConfig;
        result.warnings.push_back("typed flags replace config values (" + list +
                                  "); the config's warnings above describe the file as written");
    }
    for (const std::string& entry : unusedOrder) {
        const std::string field = entry.substr(0, entry.find(" = "));
        if (!usedFields.count(field))
            result.warnings.push_back("config field " + entry + " is not used by '" + commandName + "'");
    }
    result.model = std::move(cfg);
    return result;
}

// -----------------------------------------------------------------------------
// [SECTION] Report
// -----------------------------------------------------------------------------

Json configProvenance(const ModelConfig& cfg, const std::string& file) {
    Json c;
    c["name"] = cfg.name;
    c["file"] = file;
    c["source"] = cfg.source;
    c["revision"] = cfg.revision;
    c["model_type"] = cfg.modelType;
    c["scheme"] = config::schemeName(cfg.scheme);
    c["transformers_rule"] = config::transformersRuleName(cfg.rule);
    return c;
}

void putConfigReport(Json& result, const ConfigFlags& flags) {
    if (!flags.model) return;
    const ModelConfig& cfg = *flags.model;
    Json warnings = Json::array();
    for (const auto& w : flags.warnings) warnings.push_back(w);
    if (result.contains("warnings") && result["warnings"].is_array())
        for (const auto& w : result["warnings"]) warnings.push_back(w);
    result["warnings"] = std::move(warnings);

    Json c = configProvenance(cfg, flags.file);
    Json used = Json::array();
    for (const auto& v : flags.used) used.push_back(Json{{"flag", v.flag}, {"value", v.value}, {"field", v.field}});
    c["flags"] = std::move(used);
    Json overridden = Json::array();
    for (const auto& o : flags.overridden)
        overridden.push_back(
            Json{{"flag", o.flag}, {"value", o.typed}, {"config_value", o.fromConfig}, {"field", o.field}});
    c["overridden"] = std::move(overridden);
    c["notes"] = cfg.notes;
    result["config"] = std::move(c);
}

Quantity withConfigFlags(Quantity q) {
    appendConfigFlags(q.flags);
    q.description += kConfigHelp;
    return q;
}

// -----------------------------------------------------------------------------
// [SECTION] presets (learned: compute_learned.cpp)
// -----------------------------------------------------------------------------

namespace {

Json computePresets(const ParsedArgs&) {
    Json list = Json::array();
    for (const std::string& name : config::listPresets()) {
        const ModelConfig cfg = config::loadPreset(name);
        Json p;
        p["name"] = name;
        p["scheme"] = config::schemeName(cfg.scheme);
        if (cfg.scheme == Scheme::Rope) p["rope_type"] = core::ropeTypeName(cfg.rope.type);
        p["model_type"] = cfg.modelType;
        p["source"] = cfg.source;
        p["revision"] = cfg.revision;
        list.push_back(std::move(p));
    }
    Json j;
    j["quantity"] = "presets";
    j["count"] = list.size();
    j["presets"] = std::move(list);
    return j;
}

}  // namespace

Quantity presetsQuantity() {
    Quantity q;
    q.name = "presets";
    q.summary = "the pinned model configs usable with --preset (name, scheme, source, revision)";
    q.usage = "";
    q.description =
        "Lists the model configs compiled into phaselens from assets/presets/*.json, sorted by name. Output keys:\n"
        "count, presets: [{name, scheme (rope, alibi, t5, learned, sinusoidal), rope_type (RoPE only), model_type,\n"
        "source (Hugging Face repo id), revision (the pinned commit)}].\n";
    q.compute = computePresets;
    return q;
}

}  // namespace phaselens::cli
