#include "ui/plot_actions.h"

#include <imgui.h>

#include "ui/shortcuts.h"
#include "ui/ui_context.h"

namespace phaselens::ui {

namespace {

std::string joinedHoverLines(const plot::PlotSpec& spec, double x, double y) {
    std::string text;
    for (const std::string& line : plot::hoverLines(spec, x, y)) {
        if (!text.empty()) text += '\n';
        text += line;
    }
    return text;
}

void copy(UiContext& ui, const std::string& text) {
    ImGui::SetClipboardText(text.c_str());
    ui.copiedText = text;
    const size_t newline = text.find('\n');
    ui.status = "copied " + (newline == std::string::npos ? text : text.substr(0, newline) + " …");
}

}  // namespace

std::string hoveredValueText(UiContext& ui) {
    for (size_t v = 0; v < ui.plotViews.size(); ++v) {
        const plot::PlotViewState& pv = ui.plotViews[v];
        if (!pv.hovered) continue;
        const CachedView& entry = ui.cache.peek(static_cast<View>(v));
        if (!entry.hasResult) continue;
        return joinedHoverLines(entry.result.spec, pv.mouseX, pv.mouseY);
    }
    return "";
}

bool copyHoveredValue(UiContext& ui) {
    const std::string text = hoveredValueText(ui);
    if (text.empty()) return false;
    copy(ui, text);
    return true;
}

void drawPlotContextMenu(View view, AppState& state, UiContext& ui) {
    const plot::PlotViewState& pv = ui.plotViews[static_cast<size_t>(view)];
    if (ImGui::IsItemClicked(ImGuiMouseButton_Right)) {  // the value where the menu opens, not where it is clicked
        const CachedView& entry = ui.cache.peek(view);
        ui.plotMenuText =
            pv.hovered && entry.hasResult ? joinedHoverLines(entry.result.spec, pv.mouseX, pv.mouseY) : std::string();
    }
    if (!ImGui::BeginPopupContextItem("##plot menu")) return;
    if (ImGui::MenuItem("Copy value", shortcutKeys(Action::CopyValue), false, !ui.plotMenuText.empty()))
        copy(ui, ui.plotMenuText);
    if (ImGui::MenuItem("Export this plot…")) openExportDialog(view, state, ui);
    if (ImGui::MenuItem("Reset zoom", "double-click")) plot::resetView(ui.plotViews[static_cast<size_t>(view)]);
    ImGui::EndPopup();
}

}  // namespace phaselens::ui
