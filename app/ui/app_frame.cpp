#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <iterator>

#include "model/state_clamp.h"
#include "model/state_io.h"
#include "ui/menu_bar.h"
#include "ui/presentation.h"
#include "ui/shortcuts.h"
#include "ui/stage_mode.h"
#include "ui/ui_context.h"
#include "ui/window_layout.h"

namespace phaselens::ui {

namespace {

// View > UI scale / Ctrl+= / Ctrl+-: ImGui's sizes (padding, spacing, rounding, scrollbars) scaled from the defaults,
// the colors kept. The desktop loop rebuilds the font atlas at the same scale (desktop_app.cpp).
void applyUiScale(UiContext& ui) {
    if (ui.uiScale == ui.uiScaleApplied) return;
    ui.uiScaleApplied = ui.uiScale;
    ImGuiStyle& style = ImGui::GetStyle();
    ImGuiStyle scaled;
    std::copy(std::begin(style.Colors), std::end(style.Colors), std::begin(scaled.Colors));
    scaled.FrameBorderSize = style.FrameBorderSize;
    scaled.ScaleAllSizes(ui.uiScale);
    style = scaled;
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
    ImGui::TextDisabled("focused: %s  |  %s %.1f ms  |  F1 shortcuts", viewName(state.view),
                        e.pending ? "computing in the background; previous compute" : "last compute", e.lastMillis);
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

// The control panel, or a one-button strip when collapsed (Ctrl+B; window_layout.h).
void drawControlsColumn(AppState& state, UiContext& ui, float windowWidth, float statusHeight) {
    const ImGuiStyle& style = ImGui::GetStyle();
    if (ui.controlsCollapsed) {
        const float strip = ImGui::GetFrameHeight() + 2.0f * style.WindowPadding.x;
        ImGui::BeginChild("controls", ImVec2(strip, -statusHeight), true);
        if (ImGui::SmallButton("▶")) ui.controlsCollapsed = false;
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Show the controls (Ctrl+B)");
        ImGui::EndChild();
        return;
    }
    ImGui::BeginChild("controls", ImVec2(controlsPanelWidth(windowWidth, ImGui::GetFontSize()), -statusHeight), true);
    if (ImGui::SmallButton("◀ hide")) ui.controlsCollapsed = true;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Hide the controls: the plots get the whole width (Ctrl+B)");
    drawControlsPanel(state, ui);
    ImGui::EndChild();
}

}  // namespace

// Dependent selections clamped on the live state (state_clamp.h): the note goes to the status bar.
static void clampLiveState(AppState& state, UiContext& ui) {
    for (const ClampNote& n : clampDependentSelections(state)) ui.status = "clamped " + n.text;
}

void drawApp(AppState& state, UiContext& ui) {
    clampLiveState(state, ui);
    syncLayerPlan(ui.model, ui.layers, state);  // the loaded model's layer plan (layer_selection.h)
    updatePresentationStyle(state, ui);
    applyUiScale(ui);
    if (const Action a = handleShortcuts(state, ui); a != Action::Count)  // the shortcut table (shortcuts.h)
        ui.lastShortcut = static_cast<int>(a);
    stepAnimation(ui.animation, state, ImGui::GetIO().DeltaTime);
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    ImGuiWindowFlags hostFlags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
    if (!ui.presentation) hostFlags |= ImGuiWindowFlags_MenuBar;
    ImGui::Begin("PhaseLens", nullptr, hostFlags);
    const float statusHeight = ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().ItemSpacing.y;
    if (ui.presentation) {  // light theme, larger text (presentation.h); stage mode: aspect, no hints (stage_mode.h)
        if (ui.presentationFont) ImGui::PushFont(ui.presentationFont);
        AppState look = presentationLook(state, ui);
        const bool bar = !ui.stage || ui.stageHints;
        const float barHeight = bar ? ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().ItemSpacing.y : 0.0f;
        const ImVec2 avail = ImGui::GetContentRegionAvail();
        const StageAspect aspect = ui.stage ? static_cast<StageAspect>(ui.stageAspect) : StageAspect::Fill;
        const ImVec4 r = stageViewport(aspect, avail.x, avail.y - barHeight);
        const ImVec2 cursor = ImGui::GetCursorPos();
        ImGui::SetCursorPos(ImVec2(cursor.x + r.x, cursor.y + r.y));
        drawViewPlot(state.view, look, ui, r.z, r.w);
        if (bar) {
            ImGui::SetCursorPos(ImVec2(cursor.x, cursor.y + avail.y - barHeight));
            drawPresentationBar(state, ui);
        }
        if (ui.presentationFont) ImGui::PopFont();
        drawExportDialog(state, ui);  // last in the host window (see export_dialog.cpp)
        ImGui::End();
        drawShortcutOverlay(ui);
        return;
    }
    drawMenuBar(state, ui);
    drawControlsColumn(state, ui, vp->WorkSize.x, statusHeight);
    clampLiveState(state, ui);
    ImGui::SameLine();
    ImGui::BeginChild("panels", ImVec2(0, -statusHeight), false);
    // Full tab titles when they all fit, else short ones (window_layout.h); scrolling tabs as a last resort.
    const float tabsAvail = ImGui::GetContentRegionAvail().x;
    const bool shortTitles = tabBarWidth(false) > tabsAvail;
    const ImGuiTabBarFlags barFlags = tabBarWidth(true) > tabsAvail
                                          ? ImGuiTabBarFlags_FittingPolicyScroll | ImGuiTabBarFlags_TabListPopupButton
                                          : ImGuiTabBarFlags_None;
    if (!drawCompareView(state, ui) && ImGui::BeginTabBar("views", barFlags)) {  // A | B replaces the tabs
        const Panel wanted = panelOf(state.view);
        for (int p = 0; p < static_cast<int>(Panel::Count); ++p) {
            const Panel panel = static_cast<Panel>(p);
            const ImGuiTabItemFlags flags =
                (ui.selectPanelPending && panel == wanted) ? ImGuiTabItemFlags_SetSelected : ImGuiTabItemFlags_None;
            char label[96];
            tabLabel(panel, shortTitles, label, sizeof label);
            const bool open = ImGui::BeginTabItem(label, nullptr, flags);
            if (shortTitles && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", panelTitle(panel));
            if (open) {
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
    drawPathPopups(state, ui);    // File > Open… / Save as… (menu_bar.h)
    drawExportDialog(state, ui);  // modal, opened by Ctrl+E or a plot's "Export…" button; last in the host window
    ImGui::End();
    drawShortcutOverlay(ui);
    clampLiveState(state, ui);
    ui.undo.record(state, ImGui::IsAnyItemActive(), ui.animation.playing);  // a drag is one step
}

}  // namespace phaselens::ui
