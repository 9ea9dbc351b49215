#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "config/mrope_config.h"
#include "model/views_mrope.h"
#include "ui/flow_layout.h"
#include "ui/ui_context.h"
#include "ui/widgets.h"

namespace phaselens::ui {

namespace {

// Sets the decoder fields (head_dim, rope_theta, partial rotary) and the M-RoPE fields from an embedded preset.
void applyMropePresetButton(const char* name, AppState& state, UiContext& ui) {
    try {
        const config::MropeConfig cfg = config::loadMropePreset(name);
        state.rope.headDim = cfg.params.headDim;
        state.rope.base = cfg.params.ropeTheta;
        state.rope.partialRotaryFactor = cfg.params.partialRotaryFactor;
        applyMropePreset(name, state);
        ui.status = std::string("M-RoPE settings of ") + name;
    } catch (const std::exception& e) {
        ui.status = e.what();
    }
}

}  // namespace

// Multimodal RoPE: sections and layout, a text/image/video sequence, the grid of the spatial map, then the four
// M-RoPE plots (channel strip, ladder per axis, position ids, spatial map).
void drawMropePanel(AppState& state, UiContext& ui) {
    const float item = ImGui::GetFontSize() * 5;
    if (state.mropeSection.size() != 3) state.mropeSection = {16, 24, 24};
    ImGui::SetNextItemWidth(item * 1.6f);
    ImGui::InputInt3("mrope_section T,H,W", state.mropeSection.data());
    tooltip(
        "Rotary pairs per axis (time, height, width); must sum to rotary_dim/2 (head_dim and partial rotary "
        "factor from the Encoding controls).");
    ImGui::SameLine();
    checkbox("interleaved", state.mropeInterleaved,
             "Qwen3-VL / Qwen3.5: pair j is height if j%3==1 and j<3H, width if j%3==2 and j<3W, else time. "
             "Off: chunked blocks (Qwen2-VL, Qwen2.5-VL).");
    float gap = ImGui::GetFontSize();
    for (const char* preset : {"qwen2-vl-7b", "qwen2.5-vl-7b", "qwen3-vl-8b"}) {
        sameLineIfFits(smallButtonWidth(preset), gap);
        if (ImGui::SmallButton(preset)) applyMropePresetButton(preset, state, ui);
        gap = -1.0f;
    }
    sameLineIfFits(smallButtonWidth("Qwen3.5 (256 x 0.25)"));
    if (ImGui::SmallButton("Qwen3.5 (256 x 0.25)")) {
        state.rope.headDim = 256;
        state.rope.partialRotaryFactor = 0.25;
        state.mropeSection = {11, 11, 10};
        state.mropeInterleaved = true;
    }

    char buf[512];
    std::snprintf(buf, sizeof buf, "%s", state.mropeSequence.c_str());
    ImGui::SetNextItemWidth(item * 3);
    if (ImGui::InputText("sequence", buf, sizeof buf, ImGuiInputTextFlags_EnterReturnsTrue) ||
        ImGui::IsItemDeactivatedAfterEdit())
        state.mropeSequence = buf;
    tooltip(
        "Segments text:N, image:HxW, video:TxHxW (grids in LLM tokens, after the 2x2 spatial merge). "
        "Press Enter to apply.");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(item);
    sliderDouble("tokens/s", state.mropeTokensPerSecond, 0.0, 8.0, false, 0.5, "%.3g",
                 "vision_config.tokens_per_second (Qwen2.5-VL: 2). 0 = Qwen2-VL: the time index is the frame index.");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(item);
    sliderDouble("s/grid", state.mropeSecondPerGridT, 0.0, 4.0, false, 0.25, "%.3g",
                 "second_per_grid_t of every video: time index floor(f * s * tokens_per_second).");
    checkbox("overlay: resume at max(H,W)", state.mropeResumeMaxHW,
             "Overlay transformers since PR #43972 (Feb 2026): text after a vision segment resumes at start + "
             "max(H, W), not at the segment's largest id + 1 (they differ after videos).");
    ImGui::SameLine();
    checkbox("int-cast s", state.mropeCastSecondPerGridT,
             "Overlay transformers before PR #48669 (Sep 2026): second_per_grid_t truncated to an integer first.");

    ImGui::SetNextItemWidth(item);
    sliderInt("grid T", state.mropeGridT, 1, kMaxMropeGridT, 1, "Frames of the spatial map's grid.");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(item);
    sliderInt("H", state.mropeGridH, 1, kMaxMropeGridSide, 1, "Rows of the grid (LLM tokens).");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(item);
    sliderInt("W", state.mropeGridW, 1, kMaxMropeGridSide, 1, "Columns of the grid (LLM tokens).");
    state.mropeQueryFrame = std::min(state.mropeQueryFrame, state.mropeGridT - 1);
    state.mropeKeyFrame = std::min(state.mropeKeyFrame, state.mropeGridT - 1);
    state.mropeQueryRow = std::min(state.mropeQueryRow, state.mropeGridH - 1);
    state.mropeQueryCol = std::min(state.mropeQueryCol, state.mropeGridW - 1);
    ImGui::SameLine();
    checkbox("random q/k", state.mropeRandomQk, "Seeded random q and k (the Scores seed) instead of all-ones.");
    ImGui::SetNextItemWidth(item);
    sliderInt("query row", state.mropeQueryRow, 0, state.mropeGridH - 1, 1, "Row of the query patch.");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(item);
    sliderInt("query col", state.mropeQueryCol, 0, state.mropeGridW - 1, 1, "Column of the query patch.");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(item);
    sliderInt("query frame", state.mropeQueryFrame, 0, state.mropeGridT - 1, 1, "Frame of the query patch.");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(item);
    sliderInt("key frame", state.mropeKeyFrame, 0, state.mropeGridT - 1, 1,
              "Frame whose patches are the keys (time decay across frames).");

    drawViewGrid({View::MropeAxes, View::MropeLadder, View::MropePositions, View::MropeSpatial}, state, ui);
}

}  // namespace phaselens::ui
