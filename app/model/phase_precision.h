// PhaseLens app — when float64 phase rounding becomes visible: the note shown under the plots whose values are angles
// p·θ over the context (issue 17). GL- and ImGui-free.
//
// The core computes the angle of position p as fl(fl(p·s)·θ) in float64 (rope.h, "Precision"): its error is at most
// about |p|·θ·2^-53 rad, so sin / cos, kernels and scores inherit an absolute error of that size. Every frequency the
// app shows has θ <= 1 rad per position (θ_0 = base^0 = 1 is the fastest), so over a context C the bound is C·2^-53
// rad: 1.2e-9 at C = 10,485,760 and 2.4e-7 at C = 2^31. The float image stores about 7 significant digits (2^-24 ≈
// 6e-8 near 1), so the note appears once the bound exceeds 2^-24 rad, i.e. for contexts above 2^29 = 536,870,912.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "model/view_registry.h"

namespace phaselens::model {

/// Largest context without the note: C·2^-53 <= 2^-24.
inline constexpr int64_t kPhasePrecisionNoteAbove = int64_t{1} << 29;

/// The bound C·2^-53 (radians) on the rounding of p·θ for p < C and θ <= 1.
double phaseRoundingBound(int64_t context);

/// True for the views whose values are angles p·θ over positions of the context (ladders, scores, kernels).
bool viewShowsContextPhases(View view);

/// The one-line note for `view` at `context`, or nullopt when the bound is below 2^-24 rad or the view has no phases.
std::optional<std::string> phasePrecisionNote(View view, int64_t context);

}  // namespace phaselens::model
