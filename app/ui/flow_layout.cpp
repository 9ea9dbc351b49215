#include "ui/flow_layout.h"

#include <imgui.h>

namespace phaselens::ui {

float labeledItemWidth(float itemWidth, const char* label) {
    const float text = ImGui::CalcTextSize(label, nullptr, true).x;
    return itemWidth + (text > 0 ? ImGui::GetStyle().ItemInnerSpacing.x + text : 0.0f);
}

float checkItemWidth(const char* label) {
    return ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(label, nullptr, true).x;
}

float smallButtonWidth(const char* label) {
    return ImGui::CalcTextSize(label, nullptr, true).x + 2 * ImGui::GetStyle().FramePadding.x;
}

void sameLineIfFits(float nextWidth, float spacing) {
    const float gap = spacing < 0 ? ImGui::GetStyle().ItemSpacing.x : spacing;
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    if (ImGui::GetItemRectMax().x + gap + nextWidth <= right) ImGui::SameLine(0, gap);
}

}  // namespace phaselens::ui
