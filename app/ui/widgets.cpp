#include "ui/widgets.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>

namespace phaselens::ui {

namespace {
// ImGui 1.86: named keys go through io.KeyMap (the backend's key codes).
bool keyPressed(ImGuiKey key) {
    const int index = ImGui::GetKeyIndex(key);
    return index >= 0 && ImGui::IsKeyPressed(index);
}

// -1, 0 or +1 from the arrow keys while the last item is hovered or focused (not while typing).
int arrowNudge(bool& big) {
    if (!(ImGui::IsItemHovered() || ImGui::IsItemFocused()) || ImGui::IsItemActive()) return 0;
    const ImGuiIO& io = ImGui::GetIO();
    big = io.KeyShift;
    if (keyPressed(ImGuiKey_RightArrow) || keyPressed(ImGuiKey_UpArrow)) return 1;
    if (keyPressed(ImGuiKey_LeftArrow) || keyPressed(ImGuiKey_DownArrow)) return -1;
    return 0;
}
}  // namespace

void tooltip(const char* text) {
    if (text && ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32.0f);
        ImGui::TextUnformatted(text);
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
}

bool sliderDouble(const char* label, double& value, double lo, double hi, bool log, double step, const char* format,
                  const char* tip) {
    bool changed = ImGui::SliderScalar(label, ImGuiDataType_Double, &value, &lo, &hi, format,
                                       log ? ImGuiSliderFlags_Logarithmic : ImGuiSliderFlags_None);
    tooltip(tip);
    bool big = false;
    if (const int d = arrowNudge(big)) {
        if (log)
            value *= std::pow(big ? 2.0 : 1.05, d);
        else
            value += d * step * (big ? 10 : 1);
        changed = true;
    }
    if (changed && std::isfinite(value)) value = std::clamp(value, lo, hi);
    return changed;
}

bool sliderInt64(const char* label, int64_t& value, int64_t lo, int64_t hi, bool log, int64_t step, const char* tip) {
    bool changed = ImGui::SliderScalar(label, ImGuiDataType_S64, &value, &lo, &hi, "%lld",
                                       log ? ImGuiSliderFlags_Logarithmic : ImGuiSliderFlags_None);
    tooltip(tip);
    bool big = false;
    if (const int d = arrowNudge(big)) {
        if (log)
            value = d > 0 ? value * (big ? 16 : 2) : value / (big ? 16 : 2);
        else
            value += d * step * (big ? 10 : 1);
        changed = true;
    }
    if (changed) value = std::clamp(value, lo, hi);
    return changed;
}

bool sliderInt(const char* label, int& value, int lo, int hi, int step, const char* tip) {
    bool changed = ImGui::SliderInt(label, &value, lo, hi);
    tooltip(tip);
    bool big = false;
    if (const int d = arrowNudge(big)) {
        value += d * step * (big ? 10 : 1);
        changed = true;
    }
    if (changed) value = std::clamp(value, lo, hi);
    return changed;
}

bool comboIndex(const char* label, int& index, const char* const* names, int count, const char* tip) {
    const bool changed = ImGui::Combo(label, &index, names, count);
    tooltip(tip);
    return changed;
}

bool checkbox(const char* label, bool& value, const char* tip) {
    const bool changed = ImGui::Checkbox(label, &value);
    tooltip(tip);
    return changed;
}

}  // namespace phaselens::ui
