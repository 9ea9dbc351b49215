// The Layers section (the loaded model's layer strip) and the Compare A/B picker of the controls.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <string>

#include "ui/ui_context.h"
#include "ui/widgets.h"

namespace phaselens::ui {

namespace {

void drawStrip(AppState& state, UiContext& ui) {
    const LayerPlanState& L = ui.layers;
    if (!L.plan) {
        ImGui::TextDisabled("%s", L.error.empty() ? "Load a model (preset or config.json) to see its layers."
                                                  : ("no layer plan: " + L.error).c_str());
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
    else
        ImGui::TextDisabled("%d layers; none selected (the config's one-RoPE reading)", n);
    ui.layerStripRows.clear();
    const float rowHeight = ImGui::GetTextLineHeightWithSpacing();
    const int visible = std::min<int>(static_cast<int>(L.rows.size()), 9);
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable("layer strip", 5, flags, ImVec2(0.0f, rowHeight * static_cast<float>(visible + 1) + 4.0f)))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("layers");
    ImGui::TableSetupColumn("attention");
    ImGui::TableSetupColumn("pos.");
    ImGui::TableSetupColumn("θ / scaling", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("n");
    ImGui::TableHeadersRow();
    for (size_t i = 0; i < L.rows.size(); ++i) {
        const LayerRow& row = L.rows[i];
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        const bool isSelected = selected && state.layerIndex >= row.first && state.layerIndex <= row.last;
        const std::string range = row.first == row.last ? std::to_string(row.first)
                                                        : std::to_string(row.first) + "–" + std::to_string(row.last);
        ImGui::PushID(static_cast<int>(i));
        if (ImGui::Selectable(range.c_str(), isSelected, ImGuiSelectableFlags_SpanAllColumns))
            selectLayer(L, row.first, state);  // one state change: one undo step
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s\nclick: select layer %d", row.label().c_str(), row.first);
        const ImVec2 lo = ImGui::GetItemRectMin(), hi = ImGui::GetItemRectMax();
        ui.layerStripRows.push_back(ImVec4(lo.x, lo.y, hi.x, hi.y));
        ImGui::PopID();
        ImGui::TableSetColumnIndex(1);
        ImGui::TextUnformatted(row.attention.c_str());
        ImGui::TableSetColumnIndex(2);
        ImGui::TextUnformatted(row.positional.c_str());
        ImGui::TableSetColumnIndex(3);
        const std::string theta = row.theta + (row.scaling.empty() ? "" : " " + row.scaling);
        ImGui::TextUnformatted(theta.c_str());
        ImGui::TableSetColumnIndex(4);
        ImGui::Text("×%d", row.count());
    }
    ImGui::EndTable();
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
