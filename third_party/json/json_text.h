// phaselens::json_text: the text side of nlohmann::json (nlohmann-json3-dev), compiled once.
//
// nlohmann::json is header-only, so every translation unit that calls json::parse or json::dump instantiates the
// whole lexer/parser (about 5 s of compile time per file with sanitizers) or the serializer. Calling these two
// functions instead keeps that code in one object file (json_text.cpp); behaviour is exactly nlohmann's.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace phaselens::json_text {

// nlohmann::json::parse(text): throws nlohmann::json::parse_error on malformed text.
nlohmann::json parse(std::string_view text);

// value.dump(indent): compact with indent < 0; throws nlohmann::json::type_error on invalid UTF-8.
std::string dump(const nlohmann::json& value, int indent = -1);

// value.dump(-1) with invalid UTF-8 replaced by U+FFFD: for quoting user input in error messages.
std::string dumpLenient(const nlohmann::json& value);

}  // namespace phaselens::json_text
