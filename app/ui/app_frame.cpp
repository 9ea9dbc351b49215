#include <imgui.h>

#include <cstdio>

#include "model/state_clamp.h"
#include "model/state_io.h"
#include "ui/presentation.h"
#include "ui/ui_context.h"

namespace phaselens::ui {

namespace {

// ImGui 1.86 keys are the backend's key codes; GLFW uses ASCII for letters.
bool letterPressed(char upper) {
    return ImGui::IsKeyPressed(static_cast<int>(upper), false);
}

void handleShortcuts(AppState& state, UiContext& ui) {
    const ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput) return;
    if (io.KeyCtrl && letterPressed('S')) {
        if (ui.onSave) ui.onSave(state);
        return;
    }
    if (io.KeyCtrl && letterPressed('E')) {
        openExportDialog(state.view, state, ui);
        return;
    }
    if (io.KeyCtrl && (letterPressed('Z') || letterPressed('Y'))) {  // undo_history.h
        const bool redo = io.KeyShift || letterPressed('Y');
        const bool done = redo ? ui.undo.redo(state) : ui.undo.undo(state);
        ui.status = done ? (redo ? "redo" : "undo") : (redo ? "nothing to redo" : "nothing to undo");
        return;
    }
    if (!io.KeyCtrl && letterPressed('R')) {
        for (auto& view : ui.plotViews) plot::resetView(view);
        ui.status = "view reset";
    }
    constexpr int kGlfwKeyF11 = 300;
    if (ImGui::IsKeyPressed(kGlfwKeyF11, false)) ui.presentation = !ui.presentation;
    if (handlePresentationKeys(state, ui)) return;         // deck slides, Esc (presentation.h)
    const int space = ImGui::GetKeyIndex(ImGuiKey_Space);  // play/pause unless keyboard navigation is in use
    if (space >= 0 && ImGui::IsKeyPressed(space, false) && !ImGui::IsAnyItemActive() && !io.NavVisible)
        togglePlaying(ui.animation);
}

void drawStatusBar(AppState& state, UiContext& ui) {
    const CachedView& e = ui.cache.peek(state.view);
    ImGui::Separator();
    if (ImGui::SmallButton("reset to defaults")) {
        state = defaultsKeepingLook(state);
        ui.status = "parameters reset to defaults (Ctrl+Z undoes)";
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Every parameter back to its default; Ctrl+Z brings them back.");
    ImGui::SameLine();
    ImGui::TextDisabled(
        "focused: %s  |  %s %.1f ms  |  R reset view, Ctrl+Z undo, Ctrl+Shift+Z redo, Ctrl+S save, Ctrl+E export, "
        "F11 presentation",
        viewName(state.view), e.pending ? "computing in the background; previous compute" : "last compute",
        e.lastMillis);
    if (const double done = ui.cache.backgroundProgress(state.view); e.pending && done >= 0.0) {
        ImGui::SameLine();
        ImGui::ProgressBar(static_cast<float>(done), ImVec2(ImGui::GetFontSize() * 8.0f, 0.0f));
        ImGui::SameLine();
        if (ImGui::SmallButton("Cancel")) ui.cache.cancelBackground(state.view);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Stop this computation; the previous plot stays.");
    }
    if (!ui.status.empty()) {
        ImGui::SameLine();
        ImGui::TextUnformatted(("  |  " + ui.status).c_str());
    }
}

}  // namespace

// Dependent selections clamped on the live state (state_clamp.h): the note goes to the status bar.
static void clampLiveState(AppState& state, UiContext& ui) {
    for (const ClampNote& n : clampDependentSelections(state)) ui.status = "clamped " + n.text;
}

void drawApp(AppState& state, UiContext& ui) {
    clampLiveState(state, ui);
    updatePresentationStyle(state, ui);
    handleShortcuts(state, ui);
    stepAnimation(ui.animation, state, ImGui::GetIO().DeltaTime);
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    const ImGuiWindowFlags hostFlags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                       ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::Begin("PhaseLens", nullptr, hostFlags);
    const float statusHeight = ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().ItemSpacing.y;
    if (ui.presentation) {  // light theme, larger text (presentation.h)
        if (ui.presentationFont) ImGui::PushFont(ui.presentationFont);
        AppState look = presentationLook(state, ui);
        const float barHeight = ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().ItemSpacing.y;
        drawViewPlot(state.view, look, ui, 0, -barHeight);
        drawPresentationBar(state, ui);
        if (ui.presentationFont) ImGui::PopFont();
        drawExportDialog(state, ui);  // last in the host window (see export_dialog.cpp)
        ImGui::End();
        return;
    }
    const float controlsWidth = ImGui::GetFontSize() * 24.0f;
    ImGui::BeginChild("controls", ImVec2(controlsWidth, -statusHeight), true);
    drawControlsPanel(state, ui);
    ImGui::EndChild();
    clampLiveState(state, ui);
    ImGui::SameLine();
    ImGui::BeginChild("panels", ImVec2(0, -statusHeight), false);
    if (ImGui::BeginTabBar("views")) {
        const Panel wanted = panelOf(state.view);
        for (int p = 0; p < static_cast<int>(Panel::Count); ++p) {
            const Panel panel = static_cast<Panel>(p);
            const ImGuiTabItemFlags flags =
                (ui.selectPanelPending && panel == wanted) ? ImGuiTabItemFlags_SetSelected : ImGuiTabItemFlags_None;
            if (ImGui::BeginTabItem(panelTitle(panel), nullptr, flags)) {
                if (!ui.selectPanelPending && panelOf(state.view) != panel) {
                    // The user switched tabs: focus the panel's first view.
                    state.view = panel == Panel::Ladder      ? View::Ladder
                                 : panel == Panel::Phase     ? View::PhaseCircle
                                 : panel == Panel::Scores    ? View::Scores
                                 : panel == Panel::Aliasing  ? View::Turns
                                 : panel == Panel::Extension ? View::ExtensionScale
                                 : panel == Panel::Learned   ? View::LearnedTable
                                 : panel == Panel::Study     ? View::StudyDecay
                                 : panel == Panel::Mrope     ? View::MropeAxes
                                                             : View::Alibi;
                }
                switch (panel) {
                    case Panel::Ladder:
                        drawLadderPanel(state, ui);
                        break;
                    case Panel::Phase:
                        drawPhasePanel(state, ui);
                        break;
                    case Panel::Scores:
                        drawScoresPanel(state, ui);
                        break;
                    case Panel::Bias:
                        drawBiasPanel(state, ui);
                        break;
                    case Panel::Aliasing:
                        drawAliasingPanel(state, ui);
                        break;
                    case Panel::Extension:
                        drawExtensionPanel(state, ui);
                        break;
                    case Panel::Learned:
                        drawLearnedPanel(state, ui);
                        break;
                    case Panel::Study:
                        drawStudyPanel(state, ui);
                        break;
                    case Panel::Mrope:
                        drawMropePanel(state, ui);
                        break;
                    case Panel::Count:
                        break;
                }
                ImGui::EndTabItem();
            }
        }
        ui.selectPanelPending = false;
        ImGui::EndTabBar();
    }
    ImGui::EndChild();
    drawStatusBar(state, ui);
    drawExportDialog(state, ui);  // modal, opened by Ctrl+E or a plot's "Export…" button; last in the host window
    ImGui::End();
    clampLiveState(state, ui);
    ui.undo.record(state, ImGui::IsAnyItemActive(), ui.animation.playing);  // a drag is one step
}

}  // namespace phaselens::ui
