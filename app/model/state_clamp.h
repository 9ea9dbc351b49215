// PhaseLens app — dependent selections kept valid: no state empties a view.
//
// Some fields select something whose range another field sets: the phase pairs (0 .. pairs − 1, where pairs =
// rotary_dim/2 for RoPE or d_model/2 for sinusoidal), the ALiBi selected head (0 .. heads − 1) and T5's
// max_distance (> max_exact = num_buckets/4 bidirectional, /2 otherwise; bidirectional needs num_buckets >= 4), and the
// M-RoPE spatial map's query patch and key frame (inside the T × H × W grid). When a
// change of the other field makes the selection invalid (head dim 128 → 64 with pair 44 selected), the selection is
// clamped into range and a short note says so, instead of an error replacing the plot. buildView() applies this
// to its copy of the state (so `phaselens export --head-dim 64 --view phase-circle` works) and the window applies
// it to the live state after every frame's widgets (so the sliders show the clamped values).
#pragma once

#include <string>
#include <vector>

#include "model/app_state.h"

namespace phaselens::model {

/// One clamped selection: the note shown under the plots of `views`.
struct ClampNote {
    std::vector<View> views;
    std::string text;
};

/// Clamps the dependent selections of `state` in place; returns one note per clamped selection (empty when the
/// state was already consistent: no allocation then). Never throws; fields that are themselves invalid (e.g. an
/// odd rotary_dim) are left for the views to report.
std::vector<ClampNote> clampDependentSelections(AppState& state);

}  // namespace phaselens::model
