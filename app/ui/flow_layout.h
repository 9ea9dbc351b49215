// PhaseLens ui — rows of controls that wrap: an item goes on the same line as the one before only when it still
// fits in the window, so a narrow window (1024×640, a large UI scale) shows a second row instead of cutting items.
//
//     ImGui::SetNextItemWidth(w);  sliderInt64("training L0", ...);
//     sameLineIfFits(labeledItemWidth(w, "dynamic NTK length L"), ImGui::GetFontSize() * 1.5f);
//     ImGui::SetNextItemWidth(w);  sliderInt64("dynamic NTK length L", ...);
#pragma once

namespace phaselens::ui {

/// Width (px) of a framed item `itemWidth` wide with `label` beside it (text after "##" hidden): the frame, the
/// style's inner spacing and the label.
float labeledItemWidth(float itemWidth, const char* label);
/// Width (px) of a radio button or checkbox with `label`: the square, the inner spacing and the label.
float checkItemWidth(const char* label);
/// Width (px) of an ImGui::SmallButton with `label` (no vertical padding, the horizontal one on both sides).
float smallButtonWidth(const char* label);
/// Call between two items: continues the row (ImGui::SameLine(0, spacing); spacing < 0: the style's) when the next
/// item, `nextWidth` px wide, still ends inside the window's content region; otherwise the next item starts a line.
void sameLineIfFits(float nextWidth, float spacing = -1.0f);

}  // namespace phaselens::ui
