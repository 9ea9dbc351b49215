// PhaseLens config — the table of preset files compiled into the binary. Internal to app/config: the generated
// presets_embedded.cpp (written by embed_presets.cmake from assets/presets/*.json) defines it; presets.cpp reads it.
#pragma once

namespace phaselens::config::embedded {

struct Preset {
    const char* name;  ///< file stem, e.g. "llama-3.1-8b"
    const char* path;  ///< repository-relative source, e.g. "assets/presets/llama-3.1-8b.json"
    const char* text;  ///< the file's bytes (UTF-8 JSON)
};

extern const Preset kPresets[];  ///< sorted by name
extern const int kPresetCount;

}  // namespace phaselens::config::embedded
