#include <map>

#include "config/model_config.h"
#include "config/presets_embedded.h"

namespace phaselens::config {

namespace {

struct Entry {
    std::string path, text;
};

const std::map<std::string, Entry>& table() {
    static const std::map<std::string, Entry> presets = [] {
        std::map<std::string, Entry> m;
        for (int i = 0; i < embedded::kPresetCount; ++i)
            m[embedded::kPresets[i].name] = {embedded::kPresets[i].path, embedded::kPresets[i].text};
        return m;
    }();
    return presets;
}

const Entry& find(const std::string& name) {
    const auto it = table().find(name);
    if (it != table().end()) return it->second;
    std::string valid;
    for (const auto& [key, entry] : table()) valid += (valid.empty() ? "" : ", ") + key;
    throw ConfigError("presets", "preset", "unknown name; valid names: " + valid, "\"" + name + "\"");
}

}  // namespace

std::vector<std::string> listPresets() {
    std::vector<std::string> names;
    for (const auto& [name, entry] : table()) names.push_back(name);
    return names;
}

const std::string& presetText(const std::string& name) {
    return find(name).text;
}

ModelConfig loadPreset(const std::string& name, TransformersRule rule) {
    const Entry& entry = find(name);
    ModelConfig cfg = parseModelConfig(entry.text, "preset " + name + " (" + entry.path + ")", rule);
    cfg.name = name;
    return cfg;
}

}  // namespace phaselens::config
