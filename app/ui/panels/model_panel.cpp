#include <imgui.h>
#include <imgui_stdlib.h>

#include "model/model_state.h"
#include "ui/file_open.h"
#include "ui/ui_context.h"
#include "ui/widgets.h"

namespace phaselens::ui {

namespace {

const ImVec4 kWarningColor(1.0f, 0.82f, 0.25f, 1.0f);
const ImVec4 kNoteColor(0.92f, 0.85f, 0.55f, 1.0f);
const ImVec4 kErrorColor(1.0f, 0.45f, 0.4f, 1.0f);

void coloredWrapped(const ImVec4& color, const std::string& text) {
    ImGui::PushStyleColor(ImGuiCol_Text, color);
    ImGui::TextWrapped("%s", text.c_str());
    ImGui::PopStyleColor();
}

void disabledWrapped(const std::string& text) {
    coloredWrapped(ImGui::GetStyle().Colors[ImGuiCol_TextDisabled], text);
}

void afterLoad(bool ok, UiContext& ui) {
    if (ok && ui.model.mapping.focusChanged) ui.selectPanelPending = true;
}

void drawSource(AppState& state, UiContext& ui) {
    ModelPanelState& m = ui.model;
    const ImGuiStyle& style = ImGui::GetStyle();
    const float buttonWidth = ImGui::CalcTextSize("Load").x + 2.0f * style.FramePadding.x;
    ImGui::SetNextItemWidth(-(buttonWidth + style.ItemInnerSpacing.x));
    const bool enter = ImGui::InputTextWithHint("##config path", "path to config.json (or drop it on the window)",
                                                &m.pathInput, ImGuiInputTextFlags_EnterReturnsTrue);
    tooltip(
        "A Hugging Face config.json. Its positional-encoding fields set the controls below; the file is read "
        "as the transformers rule chooses. Drag and drop a file onto the window to load it.");
    ImGui::SameLine(0.0f, style.ItemInnerSpacing.x);
    if ((ImGui::Button("Load") || enter) && !m.pathInput.empty()) afterLoad(loadModelFile(m.pathInput, state, m), ui);

    if (m.presetNames.empty()) m.presetNames = config::listPresets();
    const bool presetLoaded = m.origin.kind == ModelOrigin::Kind::Preset;
    if (ImGui::BeginCombo("preset", presetLoaded ? m.origin.name.c_str() : "choose a model")) {
        for (const std::string& name : m.presetNames) {
            const bool selected = presetLoaded && m.origin.name == name;
            if (ImGui::Selectable(name.c_str(), selected)) afterLoad(loadModelPreset(name, state, m), ui);
            if (selected) ImGui::SetItemDefaultFocus();
        }
        ImGui::EndCombo();
    }
    tooltip("Pinned config.json files of real models (source repository and revision shown after loading).");

    int rule = m.rule == config::TransformersRule::Newest ? 0 : 1;
    bool ruleChanged = ImGui::RadioButton("newest", &rule, 0);
    tooltip(
        "transformers 5 / main: YaRN and LongRoPE read original_max_position_embeddings, LongRoPE picks its "
        "list by sequence length, mscale/mscale_all_dim and truncate are honoured.");
    ImGui::SameLine();
    ruleChanged |= ImGui::RadioButton("legacy (4.45)", &rule, 1);
    tooltip(
        "transformers 4.45: YaRN's original length is max_position_embeddings, LongRoPE uses long_factor "
        "whenever factor > 1, mscale ignored.");
    ImGui::SameLine();
    ImGui::TextDisabled("transformers rule");
    if (ruleChanged) {
        m.rule = rule == 0 ? config::TransformersRule::Newest : config::TransformersRule::Legacy;
        afterLoad(reloadModel(state, m), ui);
    }

    if (!m.recentFiles.empty() &&
        ImGui::TreeNode("recent", "recent files (%d)", static_cast<int>(m.recentFiles.size()))) {
        std::string chosen;
        for (const std::string& path : m.recentFiles)
            if (ImGui::Selectable(path.c_str(), m.origin.kind == ModelOrigin::Kind::File && m.origin.name == path))
                chosen = path;  // loading reorders the list: not while iterating it
        if (!chosen.empty()) afterLoad(loadModelFile(chosen, state, m), ui);
        ImGui::TreePop();
    }
}

void drawLoaded(const ModelPanelState& m) {
    if (!m.error.empty()) coloredWrapped(kErrorColor, m.error);
    if (!m.loaded) return;
    const config::ModelConfig& c = *m.loaded;
    ImGui::TextWrapped("%s: %s%s%s", c.name.c_str(), config::schemeName(c.scheme),
                       c.modelType.empty() ? "" : ", model_type ", c.modelType.c_str());
    if (!c.revision.empty() || c.source != c.name)
        disabledWrapped(c.source + (c.revision.empty() ? "" : " @ " + c.revision));
    ImGui::TextDisabled("rule applied: %s transformers", config::transformersRuleName(c.rule));
    if (c.scheme == config::Scheme::Learned)
        ImGui::Text("T_max = %lld positions (n_positions)", static_cast<long long>(c.learnedPositions));
    if (!m.mapping.applied.empty() &&
        ImGui::TreeNode("applied", "set by the config (%d)", static_cast<int>(m.mapping.applied.size()))) {
        for (const std::string& line : m.mapping.applied) disabledWrapped("· " + line);
        ImGui::TreePop();
    }
    for (const std::string& w : c.warnings) coloredWrapped(kWarningColor, "warning: " + w);
    for (const std::string& n : m.mapping.notes) coloredWrapped(kWarningColor, "app: " + n);
    for (const std::string& n : c.notes) coloredWrapped(kNoteColor, "note: " + n);
}

}  // namespace

void drawModelPanel(AppState& state, UiContext& ui) {
    if (!ImGui::CollapsingHeader("Model", ImGuiTreeNodeFlags_DefaultOpen)) return;
    ImGui::PushID("model");
    drawSource(state, ui);
    drawLoaded(ui.model);
    ImGui::PopID();
}

}  // namespace phaselens::ui
