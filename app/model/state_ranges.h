// PhaseLens app — the documented ranges of AppState's numeric fields, checked in 64-bit without overflow. The ranges
// are the parameter table's (parameters.h): the same as the flags of compute/export/the window that set each key. Used
// where a state comes from a file that the window would otherwise trust silently (settings.json): an out-of-range value
// is refused with a message naming the key.
#pragma once

#include <optional>
#include <string>

#include "model/app_state.h"

namespace phaselens::model {

/// The first field of `state` outside its documented range, as "<json key> must be in [lo, hi], got v"
/// (keys as in state_io.h); nullopt when every field is in range.
std::optional<std::string> stateRangeProblem(const AppState& state);

}  // namespace phaselens::model
