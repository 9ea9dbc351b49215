#include "ui/window_layout.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>

namespace phaselens::ui {

const char* panelShortTitle(Panel panel) {
    switch (panel) {
        case Panel::Ladder:
            return "Ladder";
        case Panel::Phase:
            return "Phase";
        case Panel::Scores:
            return "Scores";
        case Panel::Bias:
            return "Bias";
        case Panel::Aliasing:
            return "Aliasing";
        case Panel::Extension:
            return "Extension";
        case Panel::Learned:
            return "Learned";
        case Panel::Study:
            return "Study";
        case Panel::Mrope:
            return "M-RoPE";
        case Panel::Count:
            break;
    }
    return "";
}

float controlsPanelWidth(float windowWidth, float em) {
    return std::clamp(0.28f * windowWidth, 15.0f * em, 24.0f * em);
}

float tabBarWidth(bool shortTitles) {
    const ImGuiStyle& style = ImGui::GetStyle();
    float width = 0;
    for (int p = 0; p < static_cast<int>(Panel::Count); ++p) {
        const Panel panel = static_cast<Panel>(p);
        const char* title = shortTitles ? panelShortTitle(panel) : panelTitle(panel);
        width += ImGui::CalcTextSize(title).x + 2.0f * style.FramePadding.x;
        if (p > 0) width += style.ItemInnerSpacing.x;
    }
    return width;
}

void tabLabel(Panel panel, bool shortTitle, char* out, int outSize) {
    std::snprintf(out, static_cast<size_t>(outSize), "%s###tab%d",
                  shortTitle ? panelShortTitle(panel) : panelTitle(panel), static_cast<int>(panel));
}

}  // namespace phaselens::ui
