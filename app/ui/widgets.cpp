#include "ui/widgets.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "export/unicode_math.h"

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
// Double-click (or Ctrl+click) a slider to type a value: the click is seen through the item's hover state of the
// previous frame (kept in ImGui's per-window storage, keyed by the item id); SetKeyboardFocusHere() then opens the
// slider's own text input, as Tab does. While typing, the slider uses a plain scanf-able format.
struct TypeIn {
    ImGuiID hoverKey = 0, editKey = 0;
    bool editing = false;
};

TypeIn beginTypeIn(const char* label) {
    TypeIn t;
    const ImGuiID id = ImGui::GetID(label);
    t.hoverKey = id ^ 0x9E3779B9u;
    t.editKey = id ^ 0x7F4A7C15u;
    ImGuiStorage* storage = ImGui::GetStateStorage();
    const ImGuiIO& io = ImGui::GetIO();
    if (storage->GetBool(t.hoverKey) && (io.MouseDoubleClicked[0] || (io.MouseClicked[0] && io.KeyCtrl))) {
        ImGui::SetKeyboardFocusHere();
        storage->SetBool(t.editKey, true);
    }
    t.editing = storage->GetBool(t.editKey);
    return t;
}

void endTypeIn(const TypeIn& t) {
    ImGuiStorage* storage = ImGui::GetStateStorage();
    storage->SetBool(t.hoverKey, ImGui::IsItemHovered());
    if (t.editing && !ImGui::IsItemActive() && !ImGui::IsItemFocused()) storage->SetBool(t.editKey, false);
}

// The value as the slider shows it (a literal printf format: '%' never occurs in these texts).
void literalFormat(char* out, size_t size, const std::string& text) {
    std::snprintf(out, size, "%s", text.c_str());
}

}  // namespace

void tooltip(const char* text) {
    if (text && ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32.0f);
        ImGui::TextUnformatted(exporter::unicodeMath(text).c_str());  // θᵢ, not theta_i (only while hovered)
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
}

void typeTooltip(const char* text) {
    if (!ImGui::IsItemHovered() || ImGui::IsItemActive()) return;
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32.0f);
    if (text) ImGui::TextUnformatted(text);
    ImGui::TextDisabled("Double-click (or Ctrl+click) to type a value; arrow keys nudge it.");
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
}

bool sliderDouble(const char* label, double& value, double lo, double hi, bool log, double step, const char* format,
                  const char* tip) {
    (void)format;  // values are shown as plain numbers (plainNumber), never in exponent form like 1.05e+06
    const TypeIn typeIn = beginTypeIn(label);
    char shown[64];
    literalFormat(shown, sizeof shown, plainNumber(value));
    bool changed = ImGui::SliderScalar(label, ImGuiDataType_Double, &value, &lo, &hi, typeIn.editing ? "%.10g" : shown,
                                       log ? ImGuiSliderFlags_Logarithmic : ImGuiSliderFlags_None);
    endTypeIn(typeIn);
    typeTooltip(tip);
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
    const TypeIn typeIn = beginTypeIn(label);
    char shown[64];
    literalFormat(shown, sizeof shown, groupedInteger(value));
    bool changed = ImGui::SliderScalar(label, ImGuiDataType_S64, &value, &lo, &hi, typeIn.editing ? "%lld" : shown,
                                       log ? ImGuiSliderFlags_Logarithmic : ImGuiSliderFlags_None);
    endTypeIn(typeIn);
    typeTooltip(tip);
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
    const TypeIn typeIn = beginTypeIn(label);
    bool changed = ImGui::SliderInt(label, &value, lo, hi);
    endTypeIn(typeIn);
    typeTooltip(tip);
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

// [SECTION] Optional values

namespace {

template <typename T, typename Slider>
bool optionalSlider(const char* label, std::optional<T>& value, T unsetShows, const Slider& slider) {
    bool set = value.has_value();
    ImGui::PushID(label);
    bool changed = ImGui::Checkbox("##set", &set);
    ImGui::PopID();
    tooltip(set ? "set: untick to leave it unset" : "unset: tick to set it");
    ImGui::SameLine(0, ImGui::GetStyle().ItemInnerSpacing.x);
    if (changed) value = set ? std::optional<T>(unsetShows) : std::nullopt;
    T shown = value.value_or(unsetShows);
    if (!set) ImGui::BeginDisabled();
    if (slider(shown) && set) {
        value = shown;
        changed = true;
    }
    if (!set) ImGui::EndDisabled();
    return changed;
}

}  // namespace

bool optionalSliderDouble(const char* label, std::optional<double>& value, double unsetShows, double lo, double hi,
                          bool log, double step, const char* format, const char* tip) {
    return optionalSlider(label, value, unsetShows,
                          [&](double& v) { return sliderDouble(label, v, lo, hi, log, step, format, tip); });
}

bool optionalSliderInt64(const char* label, std::optional<int64_t>& value, int64_t unsetShows, int64_t lo, int64_t hi,
                         bool log, int64_t step, const char* tip) {
    return optionalSlider(label, value, unsetShows,
                          [&](int64_t& v) { return sliderInt64(label, v, lo, hi, log, step, tip); });
}

}  // namespace phaselens::ui
