// PhaseLens app — AppState ⇄ JSON (sessions, settings, --state files, export sidecars).
//
// The JSON is an object with a "phaselens_state" version and one key per AppState field (snake_case,
// enums as their CLI names). Reading starts from the defaults and applies the keys present, so old
// files keep working; an unknown key, a wrong type or an invalid enum name is an error naming the key.
// Files are written atomically (temporary file + rename).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "model/app_state.h"

namespace phaselens::model {

constexpr int kStateVersion = 1;

nlohmann::json stateToJson(const AppState& state);
/// Applies the keys of `json` over `base`. Throws std::invalid_argument("<key>: <problem>").
AppState stateFromJson(const nlohmann::json& json, const AppState& base = AppState{});

/// The text of a JSON input file (state, deck, settings): a regular file of at most 16 MiB
/// (core::readRegularFile). Throws std::invalid_argument("<path>: <reason>").
std::string readJsonInput(const std::string& path);
/// Parses the text of a JSON input file. Every JSON error (syntax, a number outside double range such as
/// 1e400) becomes std::invalid_argument("<path>: <key>: <problem>") on one line (control characters escaped).
nlohmann::json parseJsonInput(const std::string& path, const std::string& text);
/// Reads a state file. Throws std::invalid_argument naming the path (and the key) on any problem.
AppState loadStateFile(const std::string& path);
/// Writes `text` to `path` atomically: safe_write::writeFile (export/safe_write.h: exclusive unpredictable
/// temporary file, fsync, rename; a destination that is not a regular file is refused). Throws
/// safe_write::WriteError (a std::runtime_error) naming the path and the reason; never leaves a partial file.
void writeFileAtomic(const std::string& path, const std::string& text);
/// stateToJson, pretty-printed, written atomically.
void saveStateFile(const std::string& path, const AppState& state);

}  // namespace phaselens::model
