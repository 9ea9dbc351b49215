// PhaseLens app — a sensible scaling factor when the user picks a scaling type.
//
// Choosing YaRN, Llama-3, PI, ... while the factor is still 1 changes nothing (every rule is the identity at
// s = 1), which reads as "the method does nothing". So a change of scaling type with factor 1 sets the factor:
// the context over the training context when the context is longer (s = C/T, rounded, at least 2), else the
// common published value of the type (PI / NTK / dynamic / YaRN / LongRoPE 4, Llama-3 8). The returned note
// says what was set, for the status bar. Any other factor is the user's choice and is kept.
#pragma once

#include <string>

#include "model/app_state.h"

namespace phaselens::model {

/// Call after state.rope.type changed from `previous`. Returns the note ("" when nothing was changed).
std::string applyScalingDefaults(AppState& state, core::RopeType previous);

}  // namespace phaselens::model
