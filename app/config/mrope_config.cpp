#include "config/mrope_config.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "config/config_reader.h"
#include "phaselens/file_read.h"
#include "phaselens/rope.h"
#include "phaselens/validate.h"

namespace phaselens::config {

namespace {

using json = nlohmann::json;

using detail::kMaxDepth;
using detail::kMaxDim;
using detail::maxNesting;

using detail::shown;

/// Member or nullptr (absent, or JSON null: transformers treats null as unset).
const json* member(const json& obj, const std::string& key) {
    if (!obj.is_object()) return nullptr;
    const auto it = obj.find(key);
    return it == obj.end() || it->is_null() ? nullptr : &*it;
}

std::string join(const std::string& prefix, const std::string& key) {
    return prefix.empty() ? key : prefix + "." + key;
}

class Reader {
  public:
    explicit Reader(std::string file) : file_(std::move(file)) {}

    [[noreturn]] void fail(const std::string& field, const std::string& problem, const std::string& got = "") const {
        throw ConfigError(file_, field, problem, got);
    }

    std::optional<double> number(const json& obj, const std::string& prefix, const std::string& key) const {
        const json* v = member(obj, key);
        if (v == nullptr) return std::nullopt;
        if (!v->is_number()) fail(join(prefix, key), "expected a number", shown(*v));
        const double d = v->get<double>();
        if (!std::isfinite(d)) fail(join(prefix, key), "must be finite", shown(*v));
        return d;
    }

    std::optional<int64_t> integer(const json& obj, const std::string& prefix, const std::string& key, int64_t lo,
                                   int64_t hi) const {
        const json* v = member(obj, key);
        if (v == nullptr) return std::nullopt;
        int64_t i = 0;
        if (v->is_number_integer()) {
            i = v->get<int64_t>();
            if (v->is_number_unsigned() && v->get<uint64_t>() > static_cast<uint64_t>(hi)) i = hi + 1;
        } else if (v->is_number_float() && std::isfinite(v->get<double>()) &&
                   v->get<double>() == std::floor(v->get<double>()) && std::abs(v->get<double>()) <= 1e15) {
            i = static_cast<int64_t>(v->get<double>());
        } else {
            fail(join(prefix, key), "expected an integer", shown(*v));
        }
        if (i < lo || i > hi)
            fail(join(prefix, key), "must be in " + std::to_string(lo) + ".." + std::to_string(hi), shown(*v));
        return i;
    }

  private:
    std::string file_;
};

bool isMropeDict(const json& d) {
    return d.is_object() &&
           (member(d, "mrope_section") != nullptr || member(d, "rope_type") != nullptr || member(d, "type") != nullptr);
}

// The rope dict holding mrope_section: flat, or nested by layer type. `field` receives its dotted path.
const json* findRopeDict(const json& decoder, const std::string& decoderPrefix, const json& root, std::string& field) {
    const std::pair<const json*, std::string> scopes[] = {{&decoder, decoderPrefix}, {&root, ""}};
    for (const auto& [scope, prefix] : scopes) {
        for (const char* key : {"rope_parameters", "rope_scaling"}) {
            const json* d = member(*scope, key);
            if (d == nullptr || !d->is_object()) continue;
            const std::string path = join(prefix, key);
            if (isMropeDict(*d)) {
                field = path;
                return d;
            }
            const json* full = member(*d, "full_attention");
            if (full != nullptr && isMropeDict(*full)) {
                field = path + ".full_attention";
                return full;
            }
            for (const auto& [name, sub] : d->items())
                if (isMropeDict(sub) && member(sub, "mrope_section") != nullptr) {
                    field = path + "." + name;
                    return &sub;
                }
        }
        if (scope == &root) break;
    }
    return nullptr;
}

}  // namespace

MropeConfig parseMropeConfig(const std::string& text, const std::string& sourceName) {
    const Reader r(sourceName);
    if (text.size() > core::kMaxJsonFileBytes) r.fail("(file)", "larger than 16 MiB");
    if (maxNesting(text) > kMaxDepth) r.fail("(json)", "nested deeper than 64 levels");
    json root;
    try {
        root = json::parse(text);
    } catch (const json::exception& e) {
        r.fail("(json)", std::string("invalid JSON: ") + e.what());
    }
    if (!root.is_object()) r.fail("(json)", "expected a JSON object at the top level");

    MropeConfig cfg;
    cfg.name = std::filesystem::path(sourceName).filename().string();
    cfg.source = sourceName;
    if (const json* meta = member(root, "_phaselens"); meta != nullptr && meta->is_object()) {
        if (const json* s = member(*meta, "source"); s != nullptr && s->is_string()) cfg.source = s->get<std::string>();
        if (const json* s = member(*meta, "revision"); s != nullptr && s->is_string())
            cfg.revision = s->get<std::string>();
    }
    if (const json* t = member(root, "model_type"); t != nullptr && t->is_string())
        cfg.modelType = t->get<std::string>();

    // Decoder fields: text_config when present.
    const json* textConfig = member(root, "text_config");
    if (textConfig != nullptr && !textConfig->is_object())
        r.fail("text_config", "expected an object", shown(*textConfig));
    const json& dec = textConfig != nullptr ? *textConfig : root;
    const std::string decPrefix = textConfig != nullptr ? "text_config" : "";

    std::string ropeField;
    const json* rope = findRopeDict(dec, decPrefix, root, ropeField);
    if (rope == nullptr)
        r.fail(join(decPrefix, "rope_scaling"),
               "no mrope_section in rope_scaling or rope_parameters (not a multimodal-RoPE config)");
    cfg.ropeField = ropeField;

    // Type: "mrope" (legacy) and "default" are the default frequencies.
    for (const char* key : {"rope_type", "type"}) {
        const json* t = member(*rope, key);
        if (t == nullptr) continue;
        if (!t->is_string()) r.fail(join(ropeField, key), "expected a string", shown(*t));
        const std::string type = t->get<std::string>();
        if (type != "mrope" && type != "default")
            r.fail(join(ropeField, key), "M-RoPE with scaled frequencies is not modelled; expected mrope or default",
                   shown(*t));
        if (type == "mrope") cfg.notes.push_back(join(ropeField, key) + " = \"mrope\" read as default frequencies");
        break;
    }

    // Section and layout.
    const json* sec = member(*rope, "mrope_section");
    const std::string secField = join(ropeField, "mrope_section");
    if (sec == nullptr) r.fail(secField, "missing (a list [T, H, W] of rotary pairs per axis)");
    if (!sec->is_array() || sec->size() != 3)
        r.fail(secField, "expected a list of three integers [T, H, W]", shown(*sec));
    for (int a = 0; a < 3; ++a) {
        const json& v = (*sec)[static_cast<size_t>(a)];
        if (!v.is_number_integer() || v.get<int64_t>() < 0 || v.get<int64_t>() > kMaxDim)
            r.fail(secField, "entries must be integers in 0..65536", shown(*sec));
        cfg.params.section[static_cast<size_t>(a)] = static_cast<int>(v.get<int64_t>());
    }
    if (const json* il = member(*rope, "mrope_interleaved"); il != nullptr) {
        if (!il->is_boolean()) r.fail(join(ropeField, "mrope_interleaved"), "expected true or false", shown(*il));
        cfg.params.layout = il->get<bool>() ? core::MropeLayout::Interleaved : core::MropeLayout::Chunked;
    }

    // Head dim.
    if (auto hd = r.integer(dec, decPrefix, "head_dim", 2, kMaxDim)) {
        cfg.params.headDim = static_cast<int>(*hd);
    } else {
        const auto hidden = r.integer(dec, decPrefix, "hidden_size", 1, kMaxDim * 64);
        const auto heads = r.integer(dec, decPrefix, "num_attention_heads", 1, kMaxDim);
        if (!hidden || !heads)
            r.fail(join(decPrefix, "head_dim"), "missing: give head_dim, or hidden_size and num_attention_heads");
        cfg.params.headDim = static_cast<int>(*hidden / *heads);
        cfg.notes.push_back("head_dim = hidden_size / num_attention_heads = " + std::to_string(*hidden) + " / " +
                            std::to_string(*heads) + " = " + std::to_string(cfg.params.headDim));
    }

    // rope_theta: inside the dict wins; partial_rotary_factor: the decoder's overwrites the dict's.
    if (auto theta = r.number(*rope, ropeField, "rope_theta")) {
        cfg.params.ropeTheta = *theta;
    } else if (auto top = r.number(dec, decPrefix, "rope_theta")) {
        cfg.params.ropeTheta = *top;
    } else {
        cfg.params.ropeTheta = 10000.0;
        cfg.notes.push_back("rope_theta absent: transformers default 10000");
    }
    if (auto prf = r.number(dec, decPrefix, "partial_rotary_factor")) {
        cfg.params.partialRotaryFactor = *prf;
    } else if (auto inDict = r.number(*rope, ropeField, "partial_rotary_factor")) {
        cfg.params.partialRotaryFactor = *inDict;
    }

    // Vision.
    if (const json* vision = member(root, "vision_config"); vision != nullptr && vision->is_object()) {
        if (auto tps = r.number(*vision, "vision_config", "tokens_per_second")) {
            if (!(*tps > 0)) r.fail("vision_config.tokens_per_second", "must be > 0", core::formatDouble(*tps));
            cfg.tokensPerSecond = *tps;
        }
        if (auto sms = r.integer(*vision, "vision_config", "spatial_merge_size", 1, 1024))
            cfg.spatialMergeSize = static_cast<int>(*sms);
    }

    // Validate against the core (names the config fields).
    try {
        core::validate(cfg.params);
    } catch (const std::invalid_argument& e) {
        const std::string what = e.what();
        const std::string field = what.rfind("mrope_section", 0) == 0 ? secField
                                  : what.rfind("rope_theta", 0) == 0  ? join(ropeField, "rope_theta")
                                  : what.find("partial_rotary_factor") != std::string::npos
                                      ? join(decPrefix, "partial_rotary_factor")
                                      : join(decPrefix, "head_dim");
        r.fail(field, what);
    }
    return cfg;
}

MropeConfig loadMropeConfig(const std::string& path) {
    std::string text;
    try {
        text = core::readRegularFile(path, core::kMaxJsonFileBytes);
    } catch (const std::invalid_argument& e) {
        throw ConfigError(path, "(file)", e.what());
    }
    return parseMropeConfig(text, path);
}

MropeConfig loadMropePreset(const std::string& name) {
    const std::string& text = presetText(name);
    MropeConfig cfg = parseMropeConfig(text, "preset " + name + " (assets/presets/" + name + ".json)");
    cfg.name = name;
    return cfg;
}

}  // namespace phaselens::config
