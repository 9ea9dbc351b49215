// PhaseLens config (internal) — typed, validated access to a parsed config.json, shared by the model loader
// (model_config.cpp) and the layer plan (layer_plan.cpp). Every failure is a ConfigError naming the file and the
// dotted JSON path of the field.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "config/model_config.h"
#include "json_text.h"
#include "phaselens/validate.h"

namespace phaselens::config::detail {

using json = nlohmann::json;

inline constexpr size_t kMaxBytes = size_t{16} << 20;
inline constexpr int kMaxDepth = 64;
inline constexpr int64_t kMaxLength = int64_t{1} << 40;  // positions
inline constexpr int64_t kMaxDim = 65536;                // channels, heads
inline constexpr size_t kMaxListLength = 65536;

/// Deepest [ / { nesting outside strings: configs nested deeper than kMaxDepth are rejected before nlohmann builds
/// (and recursively dumps) the tree.
inline int maxNesting(const std::string& text) {
    int depth = 0, deepest = 0;
    bool inString = false, escaped = false;
    for (char c : text) {
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            deepest = std::max(deepest, ++depth);
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return deepest;
}

inline std::string shown(const json& value) {
    std::string s = phaselens::json_text::dumpLenient(value);
    return s.size() > 80 ? s.substr(0, 77) + "..." : s;
}

inline std::string fmt(double v) {
    return core::formatDouble(v);
}

class Reader {
  public:
    explicit Reader(std::string file) : file_(std::move(file)) {}
    const std::string& file() const { return file_; }

    [[noreturn]] void fail(const std::string& field, const std::string& problem, const std::string& got = "") const {
        throw ConfigError(file_, field, problem, got);
    }

    /// The member, or nullptr when absent or JSON null (transformers treats null as unset).
    static const json* get(const json& obj, const std::string& key) {
        if (!obj.is_object()) return nullptr;
        const auto it = obj.find(key);
        return it == obj.end() || it->is_null() ? nullptr : &*it;
    }
    static bool has(const json& obj, const std::string& key) { return obj.is_object() && obj.contains(key); }

    std::optional<double> number(const json& obj, const std::string& prefix, const std::string& key) const {
        const json* v = get(obj, key);
        if (!v) return std::nullopt;
        if (!v->is_number()) fail(prefix + key, "expected a number", shown(*v));
        const double d = v->get<double>();
        if (!std::isfinite(d)) fail(prefix + key, "must be a finite number", shown(*v));
        return d;
    }

    std::optional<int64_t> integer(const json& obj, const std::string& prefix, const std::string& key, int64_t lo,
                                   int64_t hi) const {
        const json* v = get(obj, key);
        if (!v) return std::nullopt;
        const std::string path = prefix + key;
        if (!v->is_number()) fail(path, "expected an integer", shown(*v));
        const std::string range = "must be between " + std::to_string(lo) + " and " + std::to_string(hi);
        int64_t n = 0;
        if (v->is_number_unsigned()) {
            const auto u = v->get<uint64_t>();
            if (u > static_cast<uint64_t>(hi)) fail(path, range, shown(*v));
            n = static_cast<int64_t>(u);
        } else if (v->is_number_integer()) {
            n = v->get<int64_t>();
        } else {
            const double d = v->get<double>();
            if (!std::isfinite(d) || d != std::floor(d)) fail(path, "expected an integer", shown(*v));
            if (d < static_cast<double>(lo) || d > static_cast<double>(hi)) fail(path, range, shown(*v));
            n = static_cast<int64_t>(d);
        }
        if (n < lo || n > hi) fail(path, range, shown(*v));
        return n;
    }

    std::optional<std::string> string(const json& obj, const std::string& prefix, const std::string& key) const {
        const json* v = get(obj, key);
        if (!v) return std::nullopt;
        if (!v->is_string()) fail(prefix + key, "expected a string", shown(*v));
        return v->get<std::string>();
    }

    std::optional<bool> boolean(const json& obj, const std::string& prefix, const std::string& key) const {
        const json* v = get(obj, key);
        if (!v) return std::nullopt;
        if (!v->is_boolean()) fail(prefix + key, "expected true or false", shown(*v));
        return v->get<bool>();
    }

    const json* object(const json& obj, const std::string& prefix, const std::string& key) const {
        const json* v = get(obj, key);
        if (v && !v->is_object()) fail(prefix + key, "expected an object or null", shown(*v));
        return v;
    }

    std::vector<double> numberList(const json& obj, const std::string& prefix, const std::string& key) const {
        const json* v = get(obj, key);
        const std::string path = prefix + key;
        if (!v) return {};
        if (!v->is_array()) fail(path, "expected a list of numbers", shown(*v));
        if (v->size() > kMaxListLength)
            fail(path, "list is longer than " + std::to_string(kMaxListLength), std::to_string(v->size()) + " entries");
        std::vector<double> out;
        out.reserve(v->size());
        for (size_t i = 0; i < v->size(); ++i) {
            const json& e = (*v)[i];
            const std::string ePath = path + "[" + std::to_string(i) + "]";
            if (!e.is_number()) fail(ePath, "expected a number", shown(e));
            const double d = e.get<double>();
            if (!std::isfinite(d)) fail(ePath, "must be a finite number", shown(e));
            out.push_back(d);
        }
        return out;
    }

    /// First present key of `keys` as an integer in [lo, hi]; `which` receives the key used.
    std::optional<int64_t> firstInteger(const json& obj, std::initializer_list<const char*> keys, int64_t lo,
                                        int64_t hi, std::string* which = nullptr) const {
        for (const char* key : keys) {
            if (auto v = integer(obj, "", key, lo, hi)) {
                if (which) *which = key;
                return v;
            }
        }
        return std::nullopt;
    }

  private:
    std::string file_;
};

/// True when a rope dict (rope_parameters / rope_scaling) is nested by layer type: every non-null member is an
/// object, or a member named "*_attention" is one (some transformers 5 files keep flat leftovers such as
/// "rope_theta": null beside the per-type objects).
inline bool isNestedRopeDict(const json& d) {
    if (!d.is_object() || d.empty()) return false;
    bool anyObject = false, allObjects = true;
    for (auto it = d.begin(); it != d.end(); ++it) {
        const std::string& key = it.key();
        if (it->is_object()) {
            anyObject = true;
            if (key.size() > 10 && key.compare(key.size() - 10, 10, "_attention") == 0) return true;
        } else if (!it->is_null()) {
            allObjects = false;
        }
    }
    return anyObject && allObjects;
}

/// The member of a nested rope dict used for `wanted` layers: that key when it holds an object, else
/// full_attention, else the first object member.
inline std::string nestedRopeKey(const json& d, const std::string& wanted) {
    for (const std::string& key : {wanted, std::string("full_attention")})
        if (d.contains(key) && d[key].is_object()) return key;
    for (auto it = d.begin(); it != d.end(); ++it)
        if (it->is_object()) return it.key();
    return wanted;
}

/// Size and nesting checks, then the JSON parse; a ConfigError names the key of an out-of-range number. The top level
/// must be an object. Defined in model_config.cpp.
json parseDocument(const Reader& r, const std::string& jsonText);

/// The transformers config class default of rope_theta for a decoder model_type ("llama4_text" → 5e5,
/// "gpt_oss" → 1.5e5, "smollm3" → 2e6, "minimax_m2" → 5e6, Gemma 3/4 global layers → 1e6, ModernBERT global →
/// 160000), else 1e4. Defined in model_config.cpp.
double familyDefaultTheta(const std::string& decoderModelType);

}  // namespace phaselens::config::detail
