#include "ui/shortcuts.h"

#include <imgui.h>

#include <algorithm>
#include <array>

#include "ui/deck_editor.h"
#include "ui/plot_actions.h"
#include "ui/presentation.h"
#include "ui/ui_context.h"

namespace phaselens::ui {

namespace {

// GLFW key codes (ImGui 1.86 reads io.KeysDown by backend code).
constexpr int kSpace = 32, kMinus = 45, kEqual = 61, kEscape = 256, kRight = 262, kLeft = 263, kDown = 264, kUp = 265,
              kPageUp = 266, kPageDown = 267, kHome = 268, kEnd = 269, kF1 = 290, kF11 = 300;

constexpr Shortcut kTable[] = {
    {Action::OpenConfig, 'O', true, false, Scope::Normal, "Ctrl+O", "open a config.json or a saved session"},
    {Action::Save, 'S', true, false, Scope::Window, "Ctrl+S", "save the session"},
    {Action::SaveAs, 'S', true, true, Scope::Normal, "Ctrl+Shift+S", "save the session as…"},
    {Action::Export, 'E', true, false, Scope::Normal, "Ctrl+E", "export the focused plot (PNG, SVG, PDF, data)"},
    {Action::Quit, 'Q', true, false, Scope::Window, "Ctrl+Q", "quit (the session is saved)"},
    {Action::Undo, 'Z', true, false, Scope::Window, "Ctrl+Z", "undo a parameter change"},
    {Action::Redo, 'Z', true, true, Scope::Window, "Ctrl+Shift+Z", "redo"},
    {Action::Redo, 'Y', true, false, Scope::Window, "Ctrl+Y", "redo"},
    {Action::CopyValue, 'C', true, false, Scope::Window, "Ctrl+C", "copy the hovered plot value"},
    {Action::ResetView, 'R', false, false, Scope::Window, "R", "reset every plot's zoom (double-click: one plot)"},
    {Action::ToggleControls, 'B', true, false, Scope::Normal, "Ctrl+B", "hide / show the control panel"},
    {Action::UiScaleUp, kEqual, true, false, Scope::Window, "Ctrl+=", "larger UI (up to 200%)"},
    {Action::UiScaleDown, kMinus, true, false, Scope::Window, "Ctrl+-", "smaller UI (down to 75%)"},
    {Action::Presentation, kF11, false, false, Scope::Window, "F11",
     "presentation mode (the focused plot fills the window)"},
    {Action::Stage, kF11, false, true, Scope::Window, "Shift+F11", "stage mode: fullscreen, projector fonts, no hints"},
    {Action::ShowShortcuts, kF1, false, false, Scope::Window, "F1", "this list of shortcuts"},
    {Action::NextSlide, kRight, false, false, Scope::Deck, "→", "next slide (deck)"},
    {Action::NextSlide, kPageDown, false, false, Scope::Deck, "PageDown", "next slide (deck)"},
    {Action::NextSlide, kSpace, false, false, Scope::Deck, "Space", "next slide (deck)"},
    {Action::PreviousSlide, kLeft, false, false, Scope::Deck, "←", "previous slide (deck)"},
    {Action::PreviousSlide, kPageUp, false, false, Scope::Deck, "PageUp", "previous slide (deck)"},
    {Action::FirstSlide, kHome, false, false, Scope::Deck, "Home", "first slide (deck)"},
    {Action::LastSlide, kEnd, false, false, Scope::Deck, "End", "last slide (deck)"},
    {Action::LeavePresentation, kEscape, false, false, Scope::Presenting, "Esc", "leave presentation / stage mode"},
    {Action::StageCaptions, 'C', false, false, Scope::Presenting, "C", "show / hide captions while presenting"},
    {Action::StageHints, 'H', false, false, Scope::Presenting, "H", "show / hide the key-hint bar while presenting"},
    {Action::CycleAspect, 'A', false, false, Scope::Presenting, "A", "stage aspect: 16:9 → 4:3 → fill"},
    {Action::PlayPause, kSpace, false, false, Scope::Window, "Space", "play / pause the animation"},
    {Action::PreviousLayer, '[', false, false, Scope::Normal, "[", "previous layer of the loaded model"},
    {Action::NextLayer, ']', false, false, Scope::Normal, "]", "next layer of the loaded model"},
    // The Deck menu's items (deck_editor.cpp draws the menu from deckMenuItems(), which names these actions).
    {Action::AddSlide, 'D', true, false, Scope::Normal, "Ctrl+D", "deck: add this view as a slide"},
    {Action::MoveSlideUp, kUp, true, true, Scope::Normal, "Ctrl+Shift+↑", "deck: move the current slide up"},
    {Action::MoveSlideDown, kDown, true, true, Scope::Normal, "Ctrl+Shift+↓", "deck: move the current slide down"},
    {Action::DeleteSlide, 'D', true, true, Scope::Normal, "Ctrl+Shift+D", "deck: delete the current slide"},
    {Action::SaveDeck, 'K', true, true, Scope::Normal, "Ctrl+Shift+K", "deck: save (to the Deck menu's file)"},
    {Action::OpenDeck, 'O', true, true, Scope::Normal, "Ctrl+Shift+O", "deck: open (the Deck menu's file)"},
    {Action::PresentDeck, kF11, true, false, Scope::Normal, "Ctrl+F11", "deck: present it from the current slide"},
};

constexpr float kScales[] = {0.75f, 1.0f, 1.25f, 1.5f, 1.75f, 2.0f};

bool scopeApplies(Scope scope, const UiContext& ui) {
    switch (scope) {
        case Scope::Window:
            return true;
        case Scope::Normal:
            return !ui.presentation;
        case Scope::Deck:
            return ui.presentation && !ui.deck.empty();
        case Scope::Presenting:
            return ui.presentation;
    }
    return false;
}

void stepScale(UiContext& ui, int direction) {
    const auto* it =
        std::find_if(std::begin(kScales), std::end(kScales), [&](float s) { return s >= ui.uiScale - 1e-3f; });
    int i = static_cast<int>(it - std::begin(kScales));
    if (direction < 0 && it != std::end(kScales) && *it > ui.uiScale + 1e-3f) ++i;  // between steps: round down
    i = std::clamp(i + direction, 0, static_cast<int>(std::size(kScales)) - 1);
    ui.uiScale = kScales[i];
    ui.status = "UI scale " + std::to_string(static_cast<int>(ui.uiScale * 100.0f + 0.5f)) + "%";
}

}  // namespace

std::span<const Shortcut> shortcutTable() {
    return kTable;
}

std::span<const float> uiScaleSteps() {
    return kScales;
}

const char* shortcutKeys(Action action) {
    for (const Shortcut& s : kTable)
        if (s.action == action) return s.keys;
    return "";
}

bool runAction(Action action, AppState& state, UiContext& ui) {
    switch (action) {
        case Action::OpenConfig:
            ui.openConfigRequested = true;
            return true;
        case Action::Save:
            if (ui.onSave) ui.onSave(state);
            return true;
        case Action::SaveAs:
            ui.saveAsRequested = true;
            return true;
        case Action::Export:
            openExportDialog(state.view, state, ui);
            return true;
        case Action::Quit:
            ui.quitRequested = true;
            return true;
        case Action::Undo:
            ui.status = ui.undo.undo(state) ? "undo" : "nothing to undo";
            return true;
        case Action::Redo:
            ui.status = ui.undo.redo(state) ? "redo" : "nothing to redo";
            return true;
        case Action::CopyValue:
            return copyHoveredValue(ui);
        case Action::ResetView:
            for (auto& view : ui.plotViews) plot::resetView(view);
            for (auto& view : ui.comparePlots) plot::resetView(view);  // A | B
            ui.status = "view reset";
            return true;
        case Action::ToggleControls:
            ui.controlsCollapsed = !ui.controlsCollapsed;
            return true;
        case Action::UiScaleUp:
            stepScale(ui, +1);
            return true;
        case Action::UiScaleDown:
            stepScale(ui, -1);
            return true;
        case Action::Presentation:
            ui.presentation = !ui.presentation;
            ui.stage = false;
            return true;
        case Action::Stage:
            ui.stage = !ui.stage;
            ui.presentation = ui.stage;
            return true;
        case Action::ShowShortcuts:
            ui.showShortcuts = !ui.showShortcuts;
            return true;
        case Action::NextSlide:
        case Action::PreviousSlide:
        case Action::FirstSlide:
        case Action::LastSlide: {
            if (ui.deck.empty()) return false;
            const int last = static_cast<int>(ui.deck.size()) - 1;
            const int next = action == Action::NextSlide       ? ui.slide + 1
                             : action == Action::PreviousSlide ? ui.slide - 1
                             : action == Action::FirstSlide    ? 0
                                                               : last;
            if (std::clamp(next, 0, last) != ui.slide) goToSlide(state, ui, next);
            return true;
        }
        case Action::LeavePresentation:
            if (!ui.presentation) return false;
            ui.presentation = false;
            ui.stage = false;
            return true;
        case Action::StageCaptions:
            ui.stageCaptions = !ui.stageCaptions;
            return true;
        case Action::StageHints:
            ui.stageHints = !ui.stageHints;
            return true;
        case Action::CycleAspect:
            ui.stageAspect = (ui.stageAspect + 1) % 3;
            return true;
        case Action::PlayPause:
            if (ImGui::IsAnyItemActive() || ImGui::GetIO().NavVisible) return false;
            togglePlaying(ui.animation);
            return true;
        case Action::PreviousLayer:
        case Action::NextLayer:
            if (!stepLayer(ui.layers, action == Action::NextLayer ? 1 : -1, state))
                ui.status = "no layer plan: [ and ] step the layers of a loaded model (preset or config.json)";
            return true;
        case Action::AddSlide:
        case Action::MoveSlideUp:
        case Action::MoveSlideDown:
        case Action::DeleteSlide:
        case Action::SaveDeck:
        case Action::OpenDeck:
        case Action::PresentDeck:
            runDeckAction(action, state, ui);  // deck_editor.h; says in the status what happened
            return true;
        case Action::Count:
            break;
    }
    return false;
}

Action handleShortcuts(AppState& state, UiContext& ui) {
    const ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput) return Action::Count;
    for (const Shortcut& s : kTable) {
        if (!scopeApplies(s.scope, ui) || io.KeyCtrl != s.ctrl || io.KeyShift != s.shift) continue;
        if (!ImGui::IsKeyPressed(s.key, false)) continue;
        if (runAction(s.action, state, ui)) return s.action;
    }
    return Action::Count;
}

void drawShortcutOverlay(UiContext& ui) {
    if (!ui.showShortcuts) return;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.5f),
                            ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSizeConstraints(ImVec2(0, 0), ImVec2(vp->WorkSize.x * 0.95f, vp->WorkSize.y * 0.9f));
    ImGui::SetNextWindowBgAlpha(1.0f);  // opaque: readable over busy heatmaps
    const ImGuiWindowFlags flags = ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoCollapse |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoMove;
    if (ImGui::Begin("Keyboard shortcuts (F1)", &ui.showShortcuts, flags)) {
        // One keys | description pair of columns when the list fits the window's height, else two side by side (the
        // rows split in halves) with the descriptions wrapped, so no row is cut or scrolled away at 1024×640.
        const int rows = static_cast<int>(std::size(kTable));
        const float rowHeight = ImGui::GetTextLineHeightWithSpacing() + 2.0f * ImGui::GetStyle().CellPadding.y;
        const bool twoPairs = static_cast<float>(rows + 4) * rowHeight > vp->WorkSize.y * 0.85f;
        const int perColumn = twoPairs ? (rows + 1) / 2 : rows;
        const ImGuiTableFlags tableFlags =
            ImGuiTableFlags_RowBg | (twoPairs ? ImGuiTableFlags_SizingStretchProp : ImGuiTableFlags_SizingFixedFit);
        const ImVec2 outer(twoPairs ? vp->WorkSize.x * 0.9f : 0.0f, 0.0f);
        if (ImGui::BeginTable("shortcuts", twoPairs ? 4 : 2, tableFlags, outer)) {
            if (twoPairs)
                for (int pair = 0; pair < 2; ++pair) {
                    ImGui::TableSetupColumn(pair ? "keys##2" : "keys##1", ImGuiTableColumnFlags_WidthFixed);
                    ImGui::TableSetupColumn(pair ? "what##2" : "what##1", ImGuiTableColumnFlags_WidthStretch);
                }
            for (int r = 0; r < perColumn; ++r) {
                ImGui::TableNextRow();
                for (int pair = 0; pair < (twoPairs ? 2 : 1); ++pair) {
                    const int i = r + pair * perColumn;
                    if (i >= rows) break;
                    const Shortcut& s = kTable[i];
                    ImGui::TableSetColumnIndex(2 * pair);
                    ImGui::TextUnformatted(s.keys);
                    ImGui::TableSetColumnIndex(2 * pair + 1);
                    if (twoPairs)
                        ImGui::TextWrapped("%s", s.description);
                    else
                        ImGui::TextUnformatted(s.description);
                }
            }
            ImGui::EndTable();
        }
        ImGui::TextDisabled(
            "Arrow keys nudge the hovered slider (Shift: larger steps). Mouse: wheel zooms, drag pans,");
        ImGui::TextDisabled("double-click resets a plot, right-click opens its menu.");
    }
    ImGui::End();
}

}  // namespace phaselens::ui
