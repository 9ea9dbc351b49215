// PhaseLens app — small input widgets shared by the panels: sliders that accept arrow-key nudges
// while hovered or focused, logarithmic sliders, combos over enums, and formula tooltips.
// Each returns true when the value changed this frame. Sliders show plain numbers (groupedInteger, plainNumber)
// and accept a typed value after a double-click (or Ctrl+click).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "model/number_format.h"

namespace phaselens::ui {

using namespace phaselens::model;  // the widgets read and write the model (app/model)

/// Double slider; `log` for logarithmic. Arrow keys nudge: ×/÷ 1.05 (log) or ± step (linear);
/// hold Shift for ×10 steps. Value clamped to [lo, hi]. `tooltip` is shown on hover.
bool sliderDouble(const char* label, double& value, double lo, double hi, bool log, double step, const char* format,
                  const char* tooltip);
/// Integer slider (64-bit); `log` for logarithmic (steps ×2 with arrows), else ±step.
bool sliderInt64(const char* label, int64_t& value, int64_t lo, int64_t hi, bool log, int64_t step,
                 const char* tooltip);
bool sliderInt(const char* label, int& value, int lo, int hi, int step, const char* tooltip);
/// Combo over `count` names; value is an index.
bool comboIndex(const char* label, int& index, const char* const* names, int count, const char* tooltip);
template <typename E>
bool comboEnum(const char* label, E& value, const char* const* names, int count, const char* tooltip) {
    int i = static_cast<int>(value);
    if (!comboIndex(label, i, names, count, tooltip)) return false;
    value = static_cast<E>(i);
    return true;
}
bool checkbox(const char* label, bool& value, const char* tooltip);
/// Tooltip for the last item when hovered.
void tooltip(const char* text);
/// A slider's tooltip: `text` (may be null) and the hint that a double-click types a value.
void typeTooltip(const char* text);

/// An optional parameter (core::RopeParams' unset fields): a "set" checkbox, then the slider, greyed out and showing
/// `unsetShows` (what applies while unset) until the box is ticked. Unticking makes the value unset again.
bool optionalSliderDouble(const char* label, std::optional<double>& value, double unsetShows, double lo, double hi,
                          bool log, double step, const char* format, const char* tooltip);
bool optionalSliderInt64(const char* label, std::optional<int64_t>& value, int64_t unsetShows, int64_t lo, int64_t hi,
                         bool log, int64_t step, const char* tooltip);

// plainNumber() and groupedInteger(): number_format.h

}  // namespace phaselens::ui
