// The Layers section (the loaded model's layer strip) and the Compare A/B picker of the controls.
#include <imgui.h>
#include <imgui_internal.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <string>

#include "ui/ui_context.h"
#include "ui/widgets.h"

namespace phaselens::ui {

namespace {

// The strip's cells of one row. Wide: one line per row, five columns (layers, attention, pos., θ / scaling, n). Compact
// (when the wide columns do not fit the panel, e.g. at 1024 px): two lines per row and four columns — "0–4" over "×5",
// "sliding" over "1024", "θ 1e4" over "linear ×8" — so every column stays whole in a narrow control panel.
struct StripCells {
    std::string range, attention, positional, theta, count;
};

StripCells stripCells(const LayerRow& row, bool compact) {
    StripCells c;
    c.range =
        row.first == row.last ? std::to_string(row.first) : std::to_string(row.first) + "–" + std::to_string(row.last);
    c.count = "×" + std::to_string(row.count());
    c.attention = row.attention;
    c.positional = row.positional;
    c.theta = row.theta;
    if (!row.scaling.empty()) c.theta += (c.theta.empty() ? "" : compact ? "\n" : " ") + row.scaling;
    if (compact) {
        c.range += "\n" + c.count;
        if (const size_t space = c.attention.find(' '); space != std::string::npos) c.attention[space] = '\n';
        if (c.theta.find('\n') == std::string::npos) c.theta += "\n";  // every row two lines tall
    }
    return c;
}

// Width in px the strip needs with the wide (one-line) rows: the widest text of each column, its cell padding and
// the vertical scroll bar.
float wideStripWidth(const std::vector<LayerRow>& rows) {
    const char* headers[] = {"layers", "attention", "pos.", "θ / scaling", "n"};
    float widths[5];
    for (int k = 0; k < 5; ++k) widths[k] = ImGui::CalcTextSize(headers[k]).x;
    for (const LayerRow& row : rows) {
        const StripCells c = stripCells(row, false);
        const std::string* cells[] = {&c.range, &c.attention, &c.positional, &c.theta, &c.count};
        for (int k = 0; k < 5; ++k) widths[k] = std::max(widths[k], ImGui::CalcTextSize(cells[k]->c_str()).x);
    }
    const ImGuiStyle& style = ImGui::GetStyle();
    float total = style.ScrollbarSize;
    for (float w : widths) total += w + 2.0f * style.CellPadding.x + 1.0f;
    return total;
}

// How far the last item's text (starting at x0, `text` wide) reaches past its column or the table's visible area.
float cellOverflow(float x0, const char* text) {
    const ImGuiTable* table = ImGui::GetCurrentTable();
    if (!table) return 0;
    const ImGuiTableColumn& column = table->Columns[table->CurrentColumn];
    const float right = std::min(column.ClipRect.Max.x, table->InnerClipRect.Max.x);
    return x0 + ImGui::CalcTextSize(text).x - right;
}

void drawStrip(AppState& state, UiContext& ui) {
    const LayerPlanState& L = ui.layers;
    ui.layerStripOverflow = 0;
    if (!L.plan) {
        ImGui::PushTextWrapPos(0.0f);  // wrapped: the control panel is narrow at 1024 px
        ImGui::TextDisabled("%s", L.error.empty() ? "Load a model (preset or config.json) to see its layers."
                                                  : ("no layer plan: " + L.error).c_str());
        ImGui::PopTextWrapPos();
        return;
    }
    const int n = L.plan->numLayers;
    const bool selected = state.layerIndex >= 0 && state.layerModel == L.source;
    if (ImGui::SmallButton("[")) stepLayer(L, -1, state);
    tooltip("Previous layer ([)");
    ImGui::SameLine();
    if (ImGui::SmallButton("]")) stepLayer(L, +1, state);
    tooltip("Next layer (])");
    ImGui::SameLine();
    if (selected)
        ImGui::TextWrapped("%s of %d", layerLabel(state).c_str(), n);
    else {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextDisabled("%d layers; none selected (the config's one-RoPE reading)", n);
        ImGui::PopTextWrapPos();
    }
    ui.layerStripRows.clear();
    const bool compact = wideStripWidth(L.rows) > ImGui::GetContentRegionAvail().x;
    ui.layerStripCompact = compact;
    const int columns = compact ? 4 : 5;
    const float lines = compact ? 2.0f : 1.0f;
    const float rowHeight = ImGui::GetTextLineHeight() * lines + 2.0f * ImGui::GetStyle().CellPadding.y;
    const int visible = std::min<int>(static_cast<int>(L.rows.size()), compact ? 6 : 9);
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_SizingFixedFit;
    const float headerHeight = ImGui::GetTextLineHeightWithSpacing();
    if (!ImGui::BeginTable("layer strip", columns, flags,
                           ImVec2(0.0f, rowHeight * static_cast<float>(visible) + headerHeight + 4.0f)))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("layers");
    ImGui::TableSetupColumn("attention");
    ImGui::TableSetupColumn("pos.");
    ImGui::TableSetupColumn("θ / scaling", ImGuiTableColumnFlags_WidthStretch);
    if (!compact) ImGui::TableSetupColumn("n");
    ImGui::TableHeadersRow();
    float overflow = -1e9f;
    auto cell = [&](int column, const std::string& text) {
        ImGui::TableSetColumnIndex(column);
        const float x0 = ImGui::GetCursorScreenPos().x;
        ImGui::TextUnformatted(text.c_str());
        overflow = std::max(overflow, cellOverflow(x0, text.c_str()));
    };
    for (size_t i = 0; i < L.rows.size(); ++i) {
        const LayerRow& row = L.rows[i];
        const StripCells c = stripCells(row, compact);
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        const bool isSelected = selected && state.layerIndex >= row.first && state.layerIndex <= row.last;
        ImGui::PushID(static_cast<int>(i));
        const float x0 = ImGui::GetCursorScreenPos().x;
        if (ImGui::Selectable(c.range.c_str(), isSelected, ImGuiSelectableFlags_SpanAllColumns))
            selectLayer(L, row.first, state);  // one state change: one undo step
        overflow = std::max(overflow, cellOverflow(x0, c.range.c_str()));
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s\nclick: select layer %d", row.label().c_str(), row.first);
        const ImVec2 lo = ImGui::GetItemRectMin(), hi = ImGui::GetItemRectMax();
        ui.layerStripRows.push_back(ImVec4(lo.x, lo.y, hi.x, hi.y));
        ImGui::PopID();
        cell(1, c.attention);
        cell(2, c.positional);
        cell(3, c.theta);
        if (!compact) cell(4, c.count);
    }
    ImGui::EndTable();
    ui.layerStripOverflow = overflow;
}

void drawComparePicker(const AppState& state, UiContext& ui) {
    CompareWindowState& c = ui.compare;
    checkbox("show A | B", c.enabled,
             "The focused plot as two panels with the same axes and color scale: A (these parameters) and B (the "
             "source below).");
    int kind = static_cast<int>(c.kind);
    const char* kinds[] = {"preset", "config.json", "layer of this model"};
    if (comboIndex("B", kind, kinds, 3, "Where B comes from.")) c.kind = static_cast<CompareWindowState::Kind>(kind);
    if (c.kind == CompareWindowState::Kind::Preset) {
        if (ui.model.presetNames.empty()) ui.model.presetNames = config::listPresets();
        if (ImGui::BeginCombo("B preset", c.preset.empty() ? "choose a model" : c.preset.c_str())) {
            for (const std::string& name : ui.model.presetNames)
                if (ImGui::Selectable(name.c_str(), name == c.preset)) c.preset = name;
            ImGui::EndCombo();
        }
    } else if (c.kind == CompareWindowState::Kind::Config) {
        ImGui::InputTextWithHint("B config", "path to config.json", &c.pathInput);
    }
    if (c.kind != CompareWindowState::Kind::Layer)
        checkbox("and its layer", c.useLayer, "Also select a layer of B's model.");
    if (c.kind == CompareWindowState::Kind::Layer || c.useLayer) {
        const int maxLayer = c.kind == CompareWindowState::Kind::Layer && ui.layers.plan
                                 ? std::max(0, ui.layers.plan->numLayers - 1)
                                 : 255;
        sliderInt("B layer", c.layer, 0, maxLayer, 1, "B's layer (0-based).");
    }
    if (c.enabled && !c.error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.45f, 0.4f, 1.0f));
        ImGui::TextWrapped("B: %s", c.error.c_str());
        ImGui::PopStyleColor();
    } else if (c.enabled && c.haveStates) {
        ImGui::TextDisabled("A: %s", c.states.labelA.c_str());
        ImGui::TextDisabled("B: %s", c.states.labelB.c_str());
    }
    (void)state;
}

}  // namespace

void drawLayerControls(AppState& state, UiContext& ui) {
    if (ImGui::CollapsingHeader("Layers", ImGuiTreeNodeFlags_DefaultOpen)) drawStrip(state, ui);
    if (ImGui::CollapsingHeader("Compare A/B")) drawComparePicker(state, ui);
}

}  // namespace phaselens::ui
