#include "model/model_state.h"

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>

#include "json_text.h"
#include "model/views_mrope.h"
#include "phaselens/validate.h"

namespace phaselens::model {

namespace {

using config::ModelConfig;
using config::Scheme;
using core::RopeType;

std::string num(double v) {
    return core::formatDouble(v);
}
std::string count(int64_t v) {
    return std::to_string(v);
}

bool onBiasPanel(View v) {
    return v == View::Alibi || v == View::AlibiSlopes || v == View::T5;
}

// [SECTION] Scheme mappings

void mapRope(const ModelConfig& cfg, AppState& s, ModelMapping& m) {
    const core::RopeParams& p = cfg.rope;
    core::RopeParams r = defaultAppRope();  // from defaults, so nothing of a previously loaded model survives
    r.headDim = p.headDim;
    r.base = p.base;
    r.partialRotaryFactor = p.partialRotaryFactor;
    r.type = p.type;
    r.factor = p.type == RopeType::Default ? 1.0 : p.factor;
    const bool interleaved = cfg.modelType == "gptj" || cfg.modelType == "codegen";
    const core::Pairing pairing = interleaved ? core::Pairing::Interleaved : core::Pairing::HalfSplit;
    m.applied.push_back("RoPE " + std::string(core::ropeTypeName(p.type)) + ", head_dim " + count(p.headDim) +
                        ", base " + num(p.base) +
                        (p.partialRotaryFactor != 1.0 ? ", partial rotary " + num(p.partialRotaryFactor) : "") +
                        (p.type != RopeType::Default ? ", factor " + num(p.factor) : ""));
    m.applied.push_back(interleaved
                            ? "pairing interleaved (2i, 2i+1): transformers' rotate_every_two for " + cfg.modelType
                            : "pairing half-split (i, i + r/2): transformers' rotate_half");

    // Every other field the type reads, as the config loader resolved it (model_config.cpp): one rule for the window
    // and the CLI. The lengths follow the app's rule below; seq_len is the app's own (the context for dynamic NTK).
    using F = core::RopeField;
    const core::RopeTypeInfo& info = core::ropeTypeInfo(p.type);
    core::RopeFieldSet copied = info.uses;
    for (F own : {F::Factor, F::OriginalMaxPositionEmbeddings, F::SeqLen}) copied.bits &= ~core::RopeFieldSet{own}.bits;
    core::copyRopeFields(copied, p, r);
    r.attentionFactor = p.attentionFactor;

    // L0, always set in the app (the extension views' training length). Dynamic NTK's M is max_position_embeddings:
    // it is also kept as L0 (its fallback for M in the core).
    std::optional<int64_t> l0 = cfg.originalMaxPositionEmbeddings;
    if (p.type == RopeType::Dynamic) l0 = p.maxPositionEmbeddings;
    if (!l0 && cfg.maxPositionEmbeddings > 0) l0 = cfg.maxPositionEmbeddings;
    if (l0) {
        r.originalMaxPositionEmbeddings = *l0;
        if (info.uses.has(F::OriginalMaxPositionEmbeddings))
            m.applied.push_back(
                std::string(p.type == RopeType::Dynamic ? "M (max_position_embeddings) " : "original length L0 ") +
                count(*l0) + " (" + config::transformersRuleName(cfg.rule) + " rule)");
    }
    std::string fields;
    core::forEachRopeField([&](F f, const char* key, auto member) {
        if (!copied.has(f)) return;
        const auto& v = r.*member;
        using T = std::decay_t<decltype(v)>;
        std::string text;
        if constexpr (std::is_same_v<T, std::optional<int64_t>>) {
            if (v) text = count(*v);
        } else if constexpr (std::is_same_v<T, std::optional<double>>) {
            if (v) text = num(*v);
        } else if constexpr (std::is_same_v<T, double>) {
            text = num(v);
        } else if constexpr (std::is_same_v<T, std::vector<double>>) {
            text = "list of " + count(static_cast<int64_t>(v.size())) + " pairs";
        } else if constexpr (std::is_same_v<T, bool>) {
            text = v ? "true" : "false";
        } else {
            text = core::longRopeRuleName(v);
        }
        if (!text.empty()) fields += (fields.empty() ? "" : ", ") + std::string(key) + " " + text;
    });
    if (!fields.empty()) m.applied.push_back(std::string(info.legend) + ": " + fields);
    if (p.attentionFactor)
        m.applied.push_back("attention factor " + num(*p.attentionFactor) + " (rope_scaling.attention_factor)");
    s.rope = r;
    s.ropePairing = pairing;
    s.ladderScheme = LadderScheme::Rope;

    // Keep the phase pairs inside 0 .. r/2-1 (default spread 3/16, 7/16, 11/16 of the pairs: 12, 28, 44 for 64).
    const int pairs = core::rotaryDim(r.headDim, r.partialRotaryFactor) / 2;
    const bool outOfRange = std::any_of(s.phasePairs.begin(), s.phasePairs.end(), [&](int i) { return i >= pairs; });
    if (outOfRange && pairs > 0) {
        std::vector<int> spread;
        for (int sixteenths : {3, 7, 11}) {
            const int i = std::min(pairs - 1, pairs * sixteenths / 16);
            if (std::find(spread.begin(), spread.end(), i) == spread.end()) spread.push_back(i);
        }
        s.phasePairs = spread;
        std::string list;
        for (int i : spread) list += (list.empty() ? "" : ", ") + count(i);
        m.applied.push_back("phase pairs " + list + " (the model has " + count(pairs) + " pairs)");
    }
    if (onBiasPanel(s.view)) {
        s.view = View::Ladder;
        m.focusChanged = true;
    }
}

void mapAlibi(const ModelConfig& cfg, AppState& s, ModelMapping& m) {
    int heads = cfg.alibiHeads;
    if (heads > kMaxUiAlibiHeads) {
        m.notes.push_back(count(heads) + " ALiBi heads: the app shows at most " + count(kMaxUiAlibiHeads) +
                          " (phaselens compute alibi-slopes --config gives all)");
        heads = kMaxUiAlibiHeads;
    }
    s.alibiHeads = std::max(1, heads);
    s.alibiSelectedHead = std::clamp(s.alibiSelectedHead, 0, s.alibiHeads - 1);
    s.alibiSlopeOverride = false;
    s.alibiCausal = true;
    const bool bloom = cfg.modelType == "bloom";
    s.alibiForm = bloom ? core::AlibiForm::KeyIndex : core::AlibiForm::Linear;
    m.applied.push_back("ALiBi " + count(s.alibiHeads) + " heads (num_attention_heads), causal");
    m.applied.push_back(bloom ? "bias form key-index m·j (what BLOOM adds; same softmax as −m(i−j))"
                              : "bias form −m(i−j) (the paper's)");
    if (s.view != View::Alibi && s.view != View::AlibiSlopes) {
        s.view = View::Alibi;
        m.focusChanged = true;
    }
}

void mapT5(const ModelConfig& cfg, AppState& s, ModelMapping& m) {
    s.t5NumBuckets = cfg.t5.numBuckets;
    s.t5MaxDistance = cfg.t5.maxDistance;
    s.t5Bidirectional = true;
    m.applied.push_back("T5 " + count(cfg.t5.numBuckets) + " buckets, max distance " + count(cfg.t5.maxDistance) +
                        ", bidirectional (encoder; the decoder's self-attention is unidirectional)");
    if (s.view != View::T5) {
        s.view = View::T5;
        m.focusChanged = true;
    }
}

void mapSinusoidal(const ModelConfig& cfg, AppState& s, ModelMapping& m) {
    s.ladderScheme = LadderScheme::Sinusoidal;
    s.rope.base = 10000.0;
    m.applied.push_back("ladder: sinusoidal table, base 10000 (shared with the RoPE base control)");
    if (cfg.hiddenSize >= 2 && cfg.hiddenSize % 2 == 0) {
        s.sinusoidalDModel = cfg.hiddenSize;
        m.applied.push_back("d_model " + count(cfg.hiddenSize));
    } else {
        m.notes.push_back("no even d_model in the config: the sinusoidal width is unchanged (" +
                          count(s.sinusoidalDModel) + ")");
    }
    if (onBiasPanel(s.view)) {
        s.view = View::Ladder;
        m.focusChanged = true;
    }
}

void mapLearned(const ModelConfig& cfg, AppState& s, ModelMapping& m) {
    m.notes.push_back("learned absolute positions: a table of T_max = " + count(cfg.learnedPositions) +
                      " rows (n_positions); position p reads row p and positions >= " + count(cfg.learnedPositions) +
                      " have no embedding. The Learned positions tab shows a synthetic table of that size until the "
                      "checkpoint's table is opened there; other controls are unchanged");
    s.learnedPositions = std::clamp<int64_t>(cfg.learnedPositions, 2, 65536);
    m.applied.push_back("synthetic learned table rows " + count(s.learnedPositions) + " (n_positions)");
}

int64_t clampContext(int64_t value, const char* what, ModelMapping& m) {
    const int64_t c = std::clamp(value, kMinContext, kMaxContext);
    if (c != value)
        m.notes.push_back(std::string(what) + " " + count(value) + " is outside the slider range " +
                          count(kMinContext) + " .. " + count(kMaxContext) + ": set to " + count(c));
    return c;
}

}  // namespace

// [SECTION] ModelConfig → AppState

ModelMapping applyModelConfig(const ModelConfig& cfg, AppState& state) {
    ModelMapping m;
    switch (cfg.scheme) {
        case Scheme::Rope:
            mapRope(cfg, state, m);
            break;
        case Scheme::Alibi:
            mapAlibi(cfg, state, m);
            break;
        case Scheme::T5:
            mapT5(cfg, state, m);
            break;
        case Scheme::Sinusoidal:
            mapSinusoidal(cfg, state, m);
            break;
        case Scheme::Learned:
            mapLearned(cfg, state, m);
            break;
        case Scheme::NoPE:
            state.scoreScheme = ScoreScheme::NoPE;
            m.applied.push_back("scores: NoPE (mask only)");
            break;
    }
    if (cfg.maxPositionEmbeddings > 0) {
        state.contextLength = clampContext(cfg.maxPositionEmbeddings, "context (max_position_embeddings)", m);
        m.applied.push_back("context " + count(state.contextLength) + " (max_position_embeddings)");
        const bool original = cfg.originalMaxPositionEmbeddings.has_value();
        state.trainingContext =
            clampContext(original ? *cfg.originalMaxPositionEmbeddings : cfg.maxPositionEmbeddings,
                         original ? "training context (original length)" : "training context (max positions)", m);
        m.applied.push_back("training context " + count(state.trainingContext) +
                            (original ? " (original length)" : " (max_position_embeddings)"));
        if (cfg.scheme == Scheme::Rope && cfg.rope.type == RopeType::Dynamic) {
            state.rope.seqLen = state.contextLength;
            m.applied.push_back("dynamic NTK current length " + count(state.contextLength) + " (= context)");
        }
    } else {
        m.notes.push_back("the config gives no max_position_embeddings: context and training context unchanged");
    }
    return m;
}

// [SECTION] Loading

namespace {

// Applies `cfg` (already loaded) to a copy of the state and commits both only if nothing threw.
bool commit(const ModelConfig& cfg, ModelOrigin origin, AppState& state, ModelPanelState& panel) {
    try {
        AppState next = state;
        ModelMapping mapping = applyModelConfig(cfg, next);
        state = std::move(next);
        panel.mapping = std::move(mapping);
        panel.loaded = cfg;
        panel.origin = std::move(origin);
        panel.error.clear();
        return true;
    } catch (const std::exception& e) {
        panel.error = cfg.source + ": " + e.what();
        return false;
    }
}

}  // namespace

bool loadModelFile(const std::string& given, AppState& state, ModelPanelState& panel) {
    // A model folder (as downloaded from the Hub) stands for its config.json.
    std::error_code ec;
    const std::string path =
        std::filesystem::is_directory(given, ec) ? (std::filesystem::path(given) / "config.json").string() : given;
    ModelConfig cfg;
    try {
        if (path != given && !std::filesystem::exists(path, ec))
            throw std::invalid_argument(given +
                                        ": a folder without config.json (give the model folder or its "
                                        "config.json)");
        cfg = config::loadModelConfig(path, panel.rule);
    } catch (const std::exception& e) {
        panel.error = e.what();
        return false;
    }
    if (!commit(cfg, {ModelOrigin::Kind::File, path}, state, panel)) return false;
    applyMropeFile(path, state);  // M-RoPE sections when the config has them (views_mrope.h)
    panel.pathInput = path;
    addRecentFile(panel.recentFiles, path);
    if (panel.onRecentChanged) panel.onRecentChanged(panel.recentFiles);
    return true;
}

bool loadModelPreset(const std::string& name, AppState& state, ModelPanelState& panel) {
    ModelConfig cfg;
    try {
        cfg = config::loadPreset(name, panel.rule);
    } catch (const std::exception& e) {
        panel.error = e.what();
        return false;
    }
    if (!commit(cfg, {ModelOrigin::Kind::Preset, name}, state, panel)) return false;
    applyMropePreset(name, state);  // M-RoPE sections when the preset has them (views_mrope.h)
    return true;
}

bool reloadModel(AppState& state, ModelPanelState& panel) {
    switch (panel.origin.kind) {
        case ModelOrigin::Kind::File:
            return loadModelFile(panel.origin.name, state, panel);
        case ModelOrigin::Kind::Preset:
            return loadModelPreset(panel.origin.name, state, panel);
        case ModelOrigin::Kind::None:
            break;
    }
    return false;
}

// [SECTION] Recent files

void addRecentFile(std::vector<std::string>& list, const std::string& path) {
    list.erase(std::remove(list.begin(), list.end(), path), list.end());
    list.insert(list.begin(), path);
    if (list.size() > kMaxRecentConfigs) list.resize(kMaxRecentConfigs);
}

std::string recentFilesToJson(const std::vector<std::string>& list) {
    nlohmann::json j;
    j["phaselens_recent"] = 1;
    j["config_files"] = list;
    return phaselens::json_text::dump(j, 2) + "\n";
}

std::vector<std::string> recentFilesFromJson(const std::string& text) {
    nlohmann::json j;
    try {
        j = phaselens::json_text::parse(text);
    } catch (const nlohmann::json::exception& e) {
        throw std::invalid_argument(std::string("invalid JSON: ") + e.what());
    }
    if (!j.is_object()) throw std::invalid_argument("expected a JSON object");
    const auto it = j.find("config_files");
    if (it == j.end()) throw std::invalid_argument("config_files: missing");
    if (!it->is_array()) throw std::invalid_argument("config_files: expected a list of paths");
    std::vector<std::string> out;
    for (const auto& v : *it) {
        if (!v.is_string() || v.get<std::string>().empty())
            throw std::invalid_argument("config_files: expected non-empty strings, got " +
                                        phaselens::json_text::dumpLenient(v));
        if (std::find(out.begin(), out.end(), v.get<std::string>()) == out.end()) out.push_back(v.get<std::string>());
        if (out.size() == kMaxRecentConfigs) break;
    }
    return out;
}

}  // namespace phaselens::model
