#include <imgui.h>
#include <imgui_stdlib.h>

#include <string>

#include "model/learned_state.h"
#include "model/views_learned.h"
#include "ui/file_open.h"
#include "ui/flow_layout.h"
#include "ui/ui_context.h"
#include "ui/widgets.h"

namespace phaselens::ui {

namespace {

const ImVec4 kErrorColor(1.0f, 0.45f, 0.4f, 1.0f);

void drawSource(AppState& state, UiContext& ui) {
    LearnedPanelState& l = ui.learned;
    const ImGuiStyle& style = ImGui::GetStyle();
    if (l.pathInput.empty() && !state.learnedTablePath.empty()) l.pathInput = state.learnedTablePath;
    const float buttonWidth = ImGui::CalcTextSize("Open").x + 2.0f * style.FramePadding.x;
    const float synthWidth = ImGui::CalcTextSize("Synthetic").x + 2.0f * style.FramePadding.x;
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 28);
    bool open = ImGui::InputTextWithHint("##table path", "model.safetensors, index.json, folder or .npy (or drop it)",
                                         &l.pathInput, ImGuiInputTextFlags_EnterReturnsTrue);
    tooltip(
        "A checkpoint (model.safetensors, a sharded model.safetensors.index.json, or their folder) or a .npy array. "
        "Only the header and the position table are read. Drag and drop a file onto the window to open it.");
    sameLineIfFits(ImGui::GetFontSize() * 14, style.ItemInnerSpacing.x);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 14);
    open |= ImGui::InputTextWithHint("##tensor", "tensor (default: wpe.weight, ...)", &l.tensorInput,
                                     ImGuiInputTextFlags_EnterReturnsTrue);
    tooltip(
        "The tensor to read; empty = the one named like a position table (wpe.weight, "
        "*.position_embeddings.weight, *.embed_positions.weight, ...).");
    sameLineIfFits(buttonWidth, style.ItemInnerSpacing.x);
    open |= ImGui::Button("Open", ImVec2(buttonWidth, 0));
    if (open && !l.pathInput.empty()) openLearnedTable(l.pathInput, state, ui, l.tensorInput);
    sameLineIfFits(synthWidth, style.ItemInnerSpacing.x);
    if (ImGui::Button("Synthetic", ImVec2(synthWidth, 0))) {
        state.learnedTablePath.clear();
        state.learnedTensor.clear();
        l.error.clear();
    }
    tooltip(
        "A seeded synthetic table: smooth sinusoids (low frequencies strongest) plus noise that grows over the "
        "last 10% of positions. Not a trained model.");
    if (!l.recentFiles.empty()) {
        ImGui::SameLine();
        if (ImGui::BeginCombo("##recent tables", "recent", ImGuiComboFlags_NoPreview)) {
            std::string chosen;
            for (const std::string& p : l.recentFiles)
                if (ImGui::Selectable(p.c_str(), p == state.learnedTablePath)) chosen = p;
            ImGui::EndCombo();
            if (!chosen.empty()) openLearnedTable(chosen, state, ui);
        }
    }
    if (!l.error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
        ImGui::TextWrapped("%s", l.error.c_str());
        ImGui::PopStyleColor();
    }
}

void drawParameters(AppState& state) {
    const float item = ImGui::GetFontSize() * 8;
    if (state.learnedTablePath.empty()) {
        ImGui::SetNextItemWidth(item);
        sliderInt64("T_max", state.learnedPositions, 2, 65536, true, 0, "Rows of the synthetic table.");
        sameLineIfFits(labeledItemWidth(item, "width d"), ImGui::GetFontSize());
        ImGui::SetNextItemWidth(item);
        sliderInt("width d", state.learnedDim, 1, 4096, 0, "Columns of the synthetic table.");
        sameLineIfFits(labeledItemWidth(item, "seed"), ImGui::GetFontSize());
        int seed = static_cast<int>(state.learnedSeed % 100000);
        ImGui::SetNextItemWidth(item);
        if (sliderInt("seed", seed, 0, 99999, 1, "Seed of the synthetic table (std::mt19937_64)."))
            state.learnedSeed = static_cast<uint64_t>(seed);
        sameLineIfFits(labeledItemWidth(item, "resize to N"), ImGui::GetFontSize());
    }
    ImGui::SetNextItemWidth(item);
    sliderInt64("resize to N", state.learnedResize, 1, 65536, true, 0,
                "Rows after resizing: torch.nn.functional.interpolate(mode='linear') along positions.");
    sameLineIfFits(checkItemWidth("align corners"), ImGui::GetFontSize());
    checkbox("align corners", state.learnedAlignCorners,
             "align_corners=True: the first and last rows are kept exactly (scale (T-1)/(N-1)); off: scale T/N with "
             "half-pixel centres, as torch's default.");
}

}  // namespace

// A learned absolute table: the table, cosine similarity, row norms with the cap, PCA trajectory; then the spectra
// (learned and sinusoidal ladder) and the resized table with its similarity.
void drawLearnedPanel(AppState& state, UiContext& ui) {
    drawSource(state, ui);
    drawParameters(state);
    std::string description;
    try {
        description = learnedSource(state).description;
    } catch (const std::exception& e) {
        description = e.what();
    }
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", description.c_str());  // wrapped: a long description is never cut at the window edge
    ImGui::PopStyleColor();
    const bool second = state.view == View::LearnedSpectrum || state.view == View::LearnedSinusoidalSpectrum ||
                        state.view == View::LearnedResized || state.view == View::LearnedResizedSimilarity;
    int page = second ? 1 : 0;
    if (ImGui::RadioButton("structure", &page, 0)) state.view = View::LearnedTable;
    ImGui::SameLine();
    if (ImGui::RadioButton("spectrum and resizing", &page, 1)) state.view = View::LearnedSpectrum;
    if (page == 0)
        drawViewGrid({View::LearnedTable, View::LearnedSimilarity, View::LearnedNorms, View::LearnedPca}, state, ui);
    else
        drawViewGrid({View::LearnedSpectrum, View::LearnedSinusoidalSpectrum, View::LearnedResized,
                      View::LearnedResizedSimilarity},
                     state, ui);
}

}  // namespace phaselens::ui
