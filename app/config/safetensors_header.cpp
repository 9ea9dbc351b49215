#include "config/safetensors_header.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "json_text.h"

namespace phaselens::config {

namespace {

using json = nlohmann::json;

json parseJsonText(const std::string& text, const std::string& what) {
    try {
        return json_text::parse(text);
    } catch (const json::exception& e) {
        std::string reason = e.what();
        const size_t colon = reason.find("parse error");
        if (colon != std::string::npos) reason = reason.substr(colon);
        throw std::invalid_argument(what + ": not valid JSON (" + reason + ")");
    }
}

// A JSON number that is a non-negative integer (integral value, no fraction), or throws naming the field.
uint64_t nonNegativeInteger(const json& v, const std::string& where) {
    if (v.is_number_unsigned()) return v.get<uint64_t>();
    if (v.is_number_integer() && v.get<int64_t>() >= 0) return static_cast<uint64_t>(v.get<int64_t>());
    throw std::invalid_argument(where + ": expected a non-negative integer, got " + json_text::dumpLenient(v));
}

// 'name' with control characters escaped and invalid UTF-8 replaced (one-line, printable error messages).
std::string quoted(const std::string& name) {
    const std::string escaped = json_text::dumpLenient(json(name));  // "\"...\""
    return "'" + escaped.substr(1, escaped.size() - 2) + "'";
}

}  // namespace

std::vector<core::SafetensorsEntry> parseSafetensorsHeaderJson(const std::string& text, uint64_t dataSize) {
    const json root = parseJsonText(text, "header");
    if (!root.is_object()) throw std::invalid_argument("header: expected a JSON object");
    std::vector<core::SafetensorsEntry> entries;
    for (auto it = root.begin(); it != root.end(); ++it) {
        const std::string& name = it.key();
        const json& v = it.value();
        if (name == "__metadata__") {
            if (!v.is_object()) throw std::invalid_argument("__metadata__: expected an object of strings");
            for (const auto& m : v.items())
                if (!m.value().is_string())
                    throw std::invalid_argument("__metadata__: " + quoted(m.key()) + ": expected a string");
            continue;
        }
        const std::string where = "tensor " + quoted(name);
        if (!v.is_object()) throw std::invalid_argument(where + ": expected an object {dtype, shape, data_offsets}");
        for (const auto& f : v.items())
            if (f.key() != "dtype" && f.key() != "shape" && f.key() != "data_offsets")
                throw std::invalid_argument(where + ": unknown field " + quoted(f.key()));
        core::SafetensorsEntry e;
        e.name = name;
        const auto dtype = v.find("dtype");
        if (dtype == v.end() || !dtype->is_string()) throw std::invalid_argument(where + ": dtype: expected a string");
        e.dtype = dtype->get<std::string>();
        const auto shape = v.find("shape");
        if (shape == v.end() || !shape->is_array())
            throw std::invalid_argument(where + ": shape: expected an array of non-negative integers");
        for (size_t i = 0; i < shape->size(); ++i) {
            const uint64_t dim = nonNegativeInteger((*shape)[i], where + ": shape[" + std::to_string(i) + "]");
            if (dim > (uint64_t{1} << 62))
                throw std::invalid_argument(where + ": shape[" + std::to_string(i) + "]: " + std::to_string(dim) +
                                            " is too large");
            e.shape.push_back(static_cast<int64_t>(dim));
        }
        const auto offsets = v.find("data_offsets");
        if (offsets == v.end() || !offsets->is_array() || offsets->size() != 2)
            throw std::invalid_argument(where + ": data_offsets: expected [begin, end]");
        e.begin = nonNegativeInteger((*offsets)[0], where + ": data_offsets[0]");
        e.end = nonNegativeInteger((*offsets)[1], where + ": data_offsets[1]");
        entries.push_back(std::move(e));
    }
    core::validateSafetensorsEntries(entries, dataSize);  // nlohmann::json objects iterate sorted by key
    return entries;
}

std::vector<core::SafetensorsEntry> parseSafetensorsBytes(const std::string& bytes) {
    const core::SafetensorsHeader h = core::splitSafetensorsHeader(bytes, bytes.size());
    return parseSafetensorsHeaderJson(h.json, h.dataSize);
}

std::map<std::string, std::string> parseSafetensorsIndexJson(const std::string& text) {
    const json root = parseJsonText(text, "index");
    if (!root.is_object()) throw std::invalid_argument("index: expected a JSON object");
    const auto map = root.find("weight_map");
    if (map == root.end() || !map->is_object())
        throw std::invalid_argument("weight_map: expected an object {tensor name: shard file}");
    std::map<std::string, std::string> out;
    for (const auto& item : map->items()) {
        if (!item.value().is_string())
            throw std::invalid_argument("weight_map: " + quoted(item.key()) + ": expected a shard file name");
        const std::string shard = item.value().get<std::string>();
        bool bad = shard.empty() || shard.front() == '/' || shard.find('\0') != std::string::npos;
        size_t start = 0;
        while (!bad && start <= shard.size()) {
            const size_t slash = std::min(shard.find('/', start), shard.size());
            if (shard.compare(start, slash - start, "..") == 0 && slash - start == 2) bad = true;
            start = slash + 1;
        }
        if (bad)
            throw std::invalid_argument("weight_map: " + quoted(item.key()) + ": shard " + quoted(shard) +
                                        " is not a relative file name inside the checkpoint folder");
        out.emplace(item.key(), shard);
    }
    return out;
}

}  // namespace phaselens::config
