#include "ui/menu_bar.h"

#include <imgui.h>

#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "model/state_io.h"
#include "ui/deck_editor.h"
#include "ui/shortcuts.h"
#include "ui/stage_mode.h"
#include "ui/ui_context.h"
#include "ui/window_layout.h"

namespace phaselens::ui {

namespace {

bool item(const char* label, Action action, AppState& state, UiContext& ui, bool selected = false) {
    if (!ImGui::MenuItem(label, shortcutKeys(action), selected)) return false;
    runAction(action, state, ui);
    return true;
}

View firstViewOf(Panel panel) {
    for (int v = 0; v < static_cast<int>(View::Count); ++v)
        if (panelOf(static_cast<View>(v)) == panel) return static_cast<View>(v);
    return View::Ladder;
}

// A text field for a path, Enter or the button confirms. Returns true when confirmed with a non-empty path.
bool pathField(const char* button, std::string& path) {
    char buffer[1024];
    std::snprintf(buffer, sizeof buffer, "%s", path.c_str());
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 32.0f);
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    const bool enter = ImGui::InputText("##path", buffer, sizeof buffer, ImGuiInputTextFlags_EnterReturnsTrue);
    path = buffer;
    ImGui::SameLine();
    return (ImGui::Button(button) || enter) && !path.empty();
}

}  // namespace

bool openConfigOrSession(const std::string& path, AppState& state, UiContext& ui) {
    std::string sessionError;
    try {
        state = loadStateFile(path);
        for (auto& view : ui.plotViews) plot::resetView(view);
        ui.selectPanelPending = true;
        ui.status = "opened session " + path;
        ui.pathError.clear();
        return true;
    } catch (const std::invalid_argument& e) {
        sessionError = e.what();
    }
    if (loadModelFile(path, state, ui.model)) {
        ui.selectPanelPending = true;
        ui.status = "loaded config " + path;
        ui.pathError.clear();
        return true;
    }
    ui.pathError = ui.model.error.empty() ? sessionError : ui.model.error;
    return false;
}

void drawMenuBar(AppState& state, UiContext& ui) {
    if (!ImGui::BeginMenuBar()) return;
    if (ImGui::BeginMenu("File")) {
        item("Open config or session…", Action::OpenConfig, state, ui);
        item("Save session", Action::Save, state, ui);
        item("Save session as…", Action::SaveAs, state, ui);
        ImGui::Separator();
        item("Export…", Action::Export, state, ui);
        ImGui::Separator();
        item("Quit", Action::Quit, state, ui);
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("View")) {
        item("Control panel", Action::ToggleControls, state, ui, !ui.controlsCollapsed);
        if (ImGui::BeginMenu("Panels")) {
            for (int p = 0; p < static_cast<int>(Panel::Count); ++p) {
                const Panel panel = static_cast<Panel>(p);
                if (ImGui::MenuItem(panelTitle(panel), nullptr, panelOf(state.view) == panel)) {
                    state.view = firstViewOf(panel);
                    ui.selectPanelPending = true;
                }
            }
            ImGui::EndMenu();
        }
        ImGui::MenuItem("Captions under plots", nullptr, &ui.showCaptions);
        item("Reset zoom", Action::ResetView, state, ui);
        ImGui::Separator();
        item("Presentation", Action::Presentation, state, ui, ui.presentation && !ui.stage);
        item("Stage mode", Action::Stage, state, ui, ui.stage);
        if (ImGui::BeginMenu("Stage aspect")) {
            for (int a = 0; a < 3; ++a)
                if (ImGui::MenuItem(stageAspectName(static_cast<StageAspect>(a)), nullptr, ui.stageAspect == a))
                    ui.stageAspect = a;
            ImGui::EndMenu();
        }
        ImGui::Separator();
        if (ImGui::BeginMenu("UI scale")) {
            for (float s : uiScaleSteps()) {
                char label[16];
                std::snprintf(label, sizeof label, "%d%%", static_cast<int>(std::lround(s * 100.0f)));
                if (ImGui::MenuItem(label, nullptr, std::fabs(ui.uiScale - s) < 1e-3f)) ui.uiScale = s;
            }
            ImGui::Separator();
            item("Larger", Action::UiScaleUp, state, ui);
            item("Smaller", Action::UiScaleDown, state, ui);
            ImGui::EndMenu();
        }
        if (ImGui::BeginMenu("Theme")) {
            if (ImGui::MenuItem("Dark", nullptr, state.theme == ThemeChoice::Dark)) state.theme = ThemeChoice::Dark;
            if (ImGui::MenuItem("Light", nullptr, state.theme == ThemeChoice::Light)) state.theme = ThemeChoice::Light;
            ImGui::EndMenu();
        }
        ImGui::EndMenu();
    }
    drawDeckMenu(state, ui);  // ui/deck_editor.h
    if (ImGui::BeginMenu("Help")) {
        item("Keyboard shortcuts", Action::ShowShortcuts, state, ui, ui.showShortcuts);
        if (ImGui::MenuItem("Guided tour (Study tab)")) {
            state.view = firstViewOf(Panel::Study);
            ui.selectPanelPending = true;
        }
        ImGui::EndMenu();
    }
    ImGui::EndMenuBar();
}

void drawPathPopups(AppState& state, UiContext& ui) {
    if (ui.openConfigRequested) {
        ui.openConfigRequested = false;
        ui.pathError.clear();
        ImGui::OpenPopup("Open config or session");
    }
    if (ui.saveAsRequested) {
        ui.saveAsRequested = false;
        ui.pathError.clear();
        ui.pathInput = ui.statePath;
        ImGui::OpenPopup("Save session as");
    }
    if (ImGui::BeginPopupModal("Open config or session", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::TextUnformatted("A saved session (.json from Ctrl+S or an export sidecar) or a model's config.json:");
        if (pathField("Open", ui.pathInput) && openConfigOrSession(ui.pathInput, state, ui)) ImGui::CloseCurrentPopup();
        if (!ui.pathError.empty()) ImGui::TextWrapped("%s", ui.pathError.c_str());
        if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
    if (ImGui::BeginPopupModal("Save session as", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::TextUnformatted("Save the session to (Ctrl+S keeps saving there):");
        if (pathField("Save", ui.pathInput)) {
            ui.statePath = ui.pathInput;
            if (ui.onSave) ui.onSave(state);
            ImGui::CloseCurrentPopup();
        }
        if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
}

}  // namespace phaselens::ui
