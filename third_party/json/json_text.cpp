#include "json_text.h"

namespace phaselens::json_text {

nlohmann::json parse(std::string_view text) {
    return nlohmann::json::parse(text);
}

std::string dump(const nlohmann::json& value, int indent) {
    return value.dump(indent, ' ', false, nlohmann::json::error_handler_t::strict);
}

std::string dumpLenient(const nlohmann::json& value) {
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace phaselens::json_text
