#include <imgui.h>

#include "model/views.h"
#include "ui/flow_layout.h"
#include "ui/ui_context.h"
#include "ui/widgets.h"

namespace phaselens::ui {

// PI, NTK-aware, dynamic NTK, YaRN, Llama-3 and LongRoPE at one factor, side by side: per-pair scale (band
// map), wavelengths with the training and target contexts, the kernel before and after, and the attention
// factor with its square (the logit scale).
void drawExtensionPanel(AppState& state, UiContext& ui) {
    const float item = ImGui::GetFontSize() * 10;
    ImGui::SetNextItemWidth(item);
    sliderDouble("factor s", state.extensionFactor, 1.0, 128.0, true, 0, "%.4g",
                 "The extension factor compared across methods: target context = s * L0.");
    if (state.rope.type != core::RopeType::Default && state.rope.factor != state.extensionFactor) {
        ImGui::SameLine();
        if (ImGui::SmallButton("use the model's factor")) state.extensionFactor = state.rope.factor;
    }
    sameLineIfFits(labeledItemWidth(item, "training L0"), ImGui::GetFontSize() * 1.5f);
    ImGui::SetNextItemWidth(item);
    int64_t l0 =
        state.rope.originalMaxPositionEmbeddings.value_or(defaultAppRope().originalMaxPositionEmbeddings.value());
    if (sliderInt64("training L0", l0, 64, kMaxContext, true, 0,
                    "original_max_position_embeddings: the context the model was trained on."))
        state.rope.originalMaxPositionEmbeddings = l0;
    sameLineIfFits(labeledItemWidth(item, "dynamic NTK length L"), ImGui::GetFontSize() * 1.5f);
    ImGui::SetNextItemWidth(item);
    sliderInt64("dynamic NTK length L", state.extensionCurrentLength, 1, int64_t{1} << 22, true, 0,
                "Dynamic NTK rescales base for the current sequence length: base' = base*(s*L/L0 - (s-1))^(r/(r-2)); "
                "nothing changes while L <= L0.");
    try {
        ImGui::TextDisabled("target context %lld = s × L0; base %.6g, head_dim %d (from Encoding)",
                            static_cast<long long>(extensionTarget(state)), state.rope.base, state.rope.headDim);
    } catch (const std::invalid_argument& e) {
        ImGui::TextDisabled("%s", e.what());
    }
    drawViewGrid({View::ExtensionScale, View::ExtensionWavelengths, View::ExtensionKernel, View::AttentionFactor},
                 state, ui);
}

}  // namespace phaselens::ui
