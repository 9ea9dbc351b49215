#include "ui/deck_editor.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <exception>
#include <utility>

#include "model/state_io.h"
#include "model/view_registry.h"
#include "ui/presentation.h"
#include "ui/ui_context.h"

namespace phaselens::ui {

namespace {

std::string slideText(const UiContext& ui) {
    return "slide " + std::to_string(ui.slide + 1) + "/" + std::to_string(ui.deck.size());
}

}  // namespace

void addSlide(const AppState& state, UiContext& ui) {
    const int at = ui.deck.empty() ? 0 : std::clamp(ui.slide + 1, 0, static_cast<int>(ui.deck.size()));
    ui.deck.insert(ui.deck.begin() + at, state);
    ui.slide = at;
    ui.status = "added " + slideText(ui);
}

bool moveSlide(UiContext& ui, int delta) {
    const int n = static_cast<int>(ui.deck.size());
    if (n == 0) return false;
    const int from = std::clamp(ui.slide, 0, n - 1), to = from + delta;
    if (to < 0 || to >= n) return false;
    AppState moved = std::move(ui.deck[static_cast<size_t>(from)]);  // the others keep their order
    ui.deck.erase(ui.deck.begin() + from);
    ui.deck.insert(ui.deck.begin() + to, std::move(moved));
    ui.slide = to;
    ui.status = "moved to " + slideText(ui);
    return true;
}

bool deleteSlide(UiContext& ui) {
    if (ui.deck.empty()) return false;
    const int at = std::clamp(ui.slide, 0, static_cast<int>(ui.deck.size()) - 1);
    ui.deck.erase(ui.deck.begin() + at);
    ui.slide = std::min(at, std::max(0, static_cast<int>(ui.deck.size()) - 1));
    ui.status = ui.deck.empty() ? "deleted the last slide; the deck is empty" : "deleted; now " + slideText(ui);
    return true;
}

bool saveDeck(UiContext& ui, const std::string& path) {
    if (ui.deck.empty()) {
        ui.status = "deck not saved: it has no slides (Deck > Add this view as a slide)";
        return false;
    }
    try {
        writeFileAtomic(path, deckToJson(ui.deck).dump(2) + "\n");
    } catch (const std::exception& e) {
        ui.status = std::string("deck not saved: ") + e.what();
        return false;
    }
    ui.deckPath = path;
    ui.status = "saved " + std::to_string(ui.deck.size()) + " slides to " + path + " (phaselens --deck " + path + ")";
    return true;
}

bool openDeck(AppState& state, UiContext& ui, const std::string& path) {
    try {
        std::vector<AppState> slides = loadDeckFile(path);
        ui.deck = std::move(slides);
    } catch (const std::exception& e) {
        ui.status = std::string("deck not opened: ") + e.what();
        return false;
    }
    ui.deckPath = path;
    goToSlide(state, ui, 0);
    ui.status = "opened " + path + ": " + slideText(ui);
    return true;
}

namespace {

constexpr DeckMenuItem kDeckItems[] = {
    {Action::AddSlide, "Add this view as a slide"},
    {Action::MoveSlideUp, "Move slide up"},
    {Action::MoveSlideDown, "Move slide down"},
    {Action::DeleteSlide, "Delete slide"},
    {Action::SaveDeck, "Save deck"},
    {Action::OpenDeck, "Open deck"},
    {Action::PresentDeck, "Present deck"},
};

const std::string& deckPathOf(UiContext& ui) {
    if (ui.deckPath.empty()) ui.deckPath = "phaselens_deck.json";
    return ui.deckPath;
}

}  // namespace

std::span<const DeckMenuItem> deckMenuItems() {
    return kDeckItems;
}

bool deckActionEnabled(Action action, const UiContext& ui) {
    const bool has = !ui.deck.empty();
    switch (action) {
        case Action::MoveSlideUp:
            return has && ui.slide > 0;
        case Action::MoveSlideDown:
            return has && ui.slide + 1 < static_cast<int>(ui.deck.size());
        case Action::DeleteSlide:
        case Action::SaveDeck:
        case Action::PresentDeck:
            return has;
        default:
            return true;
    }
}

bool runDeckAction(Action action, AppState& state, UiContext& ui) {
    switch (action) {
        case Action::AddSlide:
            addSlide(state, ui);
            return true;
        case Action::MoveSlideUp:
        case Action::MoveSlideDown:
            if (moveSlide(ui, action == Action::MoveSlideUp ? -1 : +1)) return true;
            ui.status = ui.deck.empty() ? "no deck: Deck > Add this view as a slide" : "the slide cannot move further";
            return false;
        case Action::DeleteSlide:
            if (deleteSlide(ui)) return true;
            ui.status = "no slide to delete";
            return false;
        case Action::SaveDeck:
            return saveDeck(ui, deckPathOf(ui));
        case Action::OpenDeck:
            return openDeck(state, ui, deckPathOf(ui));
        case Action::PresentDeck:
            if (ui.deck.empty()) {
                ui.status = "no deck to present: Deck > Add this view as a slide";
                return false;
            }
            goToSlide(state, ui, ui.slide);
            ui.presentation = true;
            return true;
        default:
            return false;
    }
}

void drawDeckMenu(AppState& state, UiContext& ui) {
    if (!ImGui::BeginMenu("Deck")) return;
    deckPathOf(ui);
    for (const DeckMenuItem& item : kDeckItems) {
        if (item.action == Action::SaveDeck) {  // the file field, before Save and Open
            ImGui::Separator();
            ImGui::SetNextItemWidth(ImGui::GetFontSize() * 16);
            ImGui::InputText("file##deck", &ui.deckPath);
        }
        if (item.action == Action::PresentDeck) ImGui::Separator();
        if (ImGui::MenuItem(item.label, shortcutKeys(item.action), false, deckActionEnabled(item.action, ui)))
            runAction(item.action, state, ui);
        if (item.action == Action::DeleteSlide && !ui.deck.empty() && ImGui::BeginMenu("Go to slide")) {
            for (int i = 0; i < static_cast<int>(ui.deck.size()); ++i) {
                const std::string label = std::to_string(i + 1) + ": " + viewName(ui.deck[static_cast<size_t>(i)].view);
                if (ImGui::MenuItem(label.c_str(), nullptr, i == ui.slide)) goToSlide(state, ui, i);
            }
            ImGui::EndMenu();
        }
    }
    ImGui::EndMenu();
}

}  // namespace phaselens::ui
