#include <imgui.h>

#include "ui/ui_context.h"
#include "ui/views_study.h"
#include "ui/widgets.h"

namespace phaselens::ui {

namespace {

struct StudyEntry {
    View view;
    const char* label;
    const char* paper;
};

constexpr StudyEntry kStudies[] = {
    {View::StudyDecay, "Decay bound", "Su et al. 2021, RoFormer §3.4.3"},
    {View::StudyBaseBound, "B_m vs m", "Men et al. 2024, Base of RoPE Bounds Context Length"},
    {View::StudyBaseWindows, "Valid bases vs L", "Men et al. 2024"},
    {View::StudyCriticalDim, "Critical dimension", "Liu et al. 2023, Scaling Laws of RoPE-based Extrapolation"},
    {View::StudyYarnRamps, "YaRN ramps", "Peng et al. 2023, YaRN"},
    {View::StudyPRope, "p-RoPE", "Barbero et al. 2024, Round and Round We Go!"},
    {View::StudySinks, "Attention sinks", "Xiao et al. 2023, StreamingLLM"},
};

}  // namespace

// The paper figures: one selector row, the parameters they share, and the selected figure filling the panel.
void drawStudyPanel(AppState& state, UiContext& ui) {
    const View shown = isStudyView(state.view) ? state.view : View::StudyDecay;
    for (const StudyEntry& e : kStudies) {
        if (&e != &kStudies[0]) ImGui::SameLine();
        if (ImGui::RadioButton(e.label, shown == e.view)) state.view = e.view;
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", e.paper);
    }
    const float item = ImGui::GetFontSize() * 9;
    ImGui::SetNextItemWidth(item);
    int headDim = state.rope.headDim;
    if (ImGui::SliderInt("head_dim D", &headDim, 4, 512)) state.rope.headDim = headDim + (headDim % 2);
    ImGui::SameLine(0, ImGui::GetFontSize());
    ImGui::SetNextItemWidth(item);
    sliderDouble("base B", state.rope.base, 10.0, 1e8, true, 0, "%.6g", "rope_theta: θ_i = B^(-2i/D).");
    ImGui::SameLine(0, ImGui::GetFontSize());
    ImGui::SetNextItemWidth(item);
    sliderInt64("training L", state.trainingContext, 64, 65536, true, 0,
                "Training context: L of the base bound and of the critical dimension.");
    ImGui::SameLine(0, ImGui::GetFontSize());
    ImGui::SetNextItemWidth(item);
    sliderDouble("factor s", state.extensionFactor, 1.0, 128.0, true, 0, "%.4g",
                 "Scale of the PI and NTK variants of the decay bound.");
    drawViewPlot(shown, state, ui, 0, 0);
}

}  // namespace phaselens::ui
