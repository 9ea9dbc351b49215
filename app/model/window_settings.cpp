#include "model/window_settings.h"

#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "model/state_io.h"

namespace phaselens::model {

std::string windowSettingsToJson(const WindowSettings& settings) {
    nlohmann::json j = nlohmann::json::object();
    if (settings.uiScalePercent != 0) j["ui_scale_percent"] = settings.uiScalePercent;
    return j.dump(2) + "\n";
}

WindowSettings windowSettingsFromJson(const std::string& text) {
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        throw std::invalid_argument(std::string("not JSON: ") + e.what());
    }
    if (!j.is_object()) throw std::invalid_argument("expected a JSON object, got " + std::string(j.type_name()));
    WindowSettings s;
    if (j.contains("ui_scale_percent")) {
        const nlohmann::json& v = j["ui_scale_percent"];
        if (!v.is_number_integer()) throw std::invalid_argument("ui_scale_percent must be an integer, got " + v.dump());
        const auto p = v.get<long long>();
        if (p != 0 && (p < kMinUiScalePercent || p > kMaxUiScalePercent))
            throw std::invalid_argument("ui_scale_percent must be in " + std::to_string(kMinUiScalePercent) + ".." +
                                        std::to_string(kMaxUiScalePercent) + ", got " + std::to_string(p));
        s.uiScalePercent = static_cast<int>(p);
    }
    return s;
}

WindowSettings loadWindowSettings(const std::string& path, std::string& warning) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return {};
    try {
        return windowSettingsFromJson(readJsonInput(path));
    } catch (const std::exception& e) {
        warning += (warning.empty() ? "" : "; ") + path + " ignored: " + e.what();
        return {};
    }
}

void saveWindowSettings(const std::string& path, const WindowSettings& settings) {
    writeFileAtomic(path, windowSettingsToJson(settings));
}

int uiScaleToPercent(float scale) {
    return static_cast<int>(std::lround(static_cast<double>(scale) * 100.0));
}

}  // namespace phaselens::model
