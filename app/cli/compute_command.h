// PhaseLens CLI — `phaselens compute <quantity> [flags]`: the quantities of quantity.h as one JSON object.
// Links the core, config and nlohmann json only (library phaselens_compute: no ImGui, GL, GLFW or EGL).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace phaselens::cli {

/// The JSON text for `compute <quantity> [flags]` (args after "compute"), or std::nullopt after printing help to
/// `out`. Throws CliError (bad flags, one line naming the flag and value) or std::invalid_argument.
std::optional<std::string> runCompute(const std::vector<std::string>& args, std::ostream& out);
/// The same as a JSON document for writeJson (json_output.h: large matrices are still deferred, already
/// checked), or std::nullopt after printing help. Same errors as runCompute.
std::optional<nlohmann::ordered_json> runComputeJson(const std::vector<std::string>& args, std::ostream& out);

/// True for -h / --help.
bool isHelp(const std::string& token);
/// The quantity names, comma-separated (for help texts and errors).
std::string quantityNames();
/// `text` with newlines replaced, for the one-line error contract.
std::string oneLine(const std::string& text);

}  // namespace phaselens::cli
