#include "ui/presentation.h"

#include <imgui.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "export/safe_write.h"
#include "json_text.h"
#include "model/state_io.h"
#include "ui/stage_mode.h"
#include "ui/ui_context.h"

namespace phaselens::ui {

std::vector<AppState> deckFromJson(const nlohmann::json& json) {
    const nlohmann::json* slides = &json;
    if (json.is_object() && json.contains("slides")) slides = &json["slides"];
    if (!slides->is_array())
        throw std::invalid_argument("deck must be a JSON array of states (or {\"slides\": [...]})");
    if (slides->empty()) throw std::invalid_argument("deck has no slides");
    std::vector<AppState> out;
    for (size_t i = 0; i < slides->size(); ++i) {
        try {
            out.push_back(stateFromJson((*slides)[i]));
        } catch (const std::invalid_argument& e) {
            throw std::invalid_argument("slide " + std::to_string(i + 1) + ": " + e.what());
        }
    }
    return out;
}

nlohmann::json deckToJson(const std::vector<AppState>& slides) {
    nlohmann::json out = nlohmann::json::array();
    for (const AppState& s : slides) out.push_back(stateToJson(s));
    return out;
}

std::vector<AppState> loadDeckFile(const std::string& path) {
    const nlohmann::json j = parseJsonInput(path, readJsonInput(path));
    try {
        return deckFromJson(j);
    } catch (const std::invalid_argument& e) {
        throw std::invalid_argument(safe_write::printable(path) + ": " + safe_write::printable(e.what(), 400));
    }
}

void goToSlide(AppState& state, UiContext& ui, int index) {
    if (ui.deck.empty()) return;
    ui.slide = std::clamp(index, 0, static_cast<int>(ui.deck.size()) - 1);
    state = ui.deck[static_cast<size_t>(ui.slide)];
    for (auto& view : ui.plotViews) plot::resetView(view);
    ui.selectPanelPending = true;
    ui.animation.playing = false;
}

void updatePresentationStyle(const AppState& state, UiContext& ui) {
    if (ui.presentation == ui.presentationStyled) return;
    ui.presentationStyled = ui.presentation;
    applyThemeStyle(ui.presentation || state.theme == ThemeChoice::Light);
    // Without a presentation font (headless tests, missing font file) scale the atlas font instead.
    ImGui::GetIO().FontGlobalScale = (ui.presentation && !ui.presentationFont) ? ui.presentationFontScale : 1.0f;
}

AppState presentationLook(const AppState& state, const UiContext& ui) {
    AppState look = state;
    look.theme = ThemeChoice::Light;
    look.fontScale = std::clamp(state.fontScale * ui.presentationFontScale, 0.5f, 6.0f);
    return look;
}

void drawPresentationBar(const AppState& state, UiContext& ui) {
    ImGui::Separator();
    std::string line;
    if (!ui.deck.empty())
        line = "slide " + std::to_string(ui.slide + 1) + "/" + std::to_string(ui.deck.size()) +
               "  |  → PgDn Space next, ← PgUp back, Esc leave, C captions, F1 keys";
    else
        line = std::string(viewName(state.view)) + "  |  Esc or F11 leave, Space play/pause, C captions, F1 keys";
    ImGui::TextDisabled("%s", line.c_str());
    if (!ui.status.empty()) {
        ImGui::SameLine();
        ImGui::TextUnformatted(("  |  " + ui.status).c_str());
    }
}

}  // namespace phaselens::ui
