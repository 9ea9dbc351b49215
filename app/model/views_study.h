// PhaseLens app — the study views: standard figures of the positional-encoding papers, live.
//
//   study-decay         RoFormer (Su et al. 2021, §3.4.3, Fig. 2): the relative upper bound of |q·k| against
//                       Δ for the state's base and head_dim, with PI (θ/s) and NTK (base·s^(D/(D−2))) at the
//                       extension factor s overlaid.
//   study-base-bound    Men et al. 2024: B_m = Σ_i cos(m·θ_i) against m = 0..L (L = training context) for the
//                       state's base, the lowest valid base and a base in the first gap above it; the line
//                       B = 0 marks validity. Each drawn point is the minimum of B over its block of m.
//   study-base-windows  Men et al. 2024: the windows of valid bases against L = 256, 512, .. (up to the
//                       training context, at most 16384), each window a vertical bar, the lowest edge joined.
//   study-critical-dim  Liu et al. 2023 (eq. 13): wavelength per pair with the training context and the
//                       critical dimension d_extra = 2·⌈(D/2)·log_B(L/2π)⌉ marked (Llama 2: 92).
//   study-yarn-ramps    Peng et al. 2023 (YaRN): the weight γ of the original θ_d against r(d) = L0/λ_d for the
//                       configs of GPT-OSS (no truncation: continuous), DeepSeek-V3 and Kimi K2 (β_fast = β_slow
//                       = 1: a step), over the paper's ramp α = 1, β = 32; √(1/t) = 0.1·ln s + 1 in the caption.
//   study-p-rope        Barbero et al. 2024: the pairs p-RoPE keeps (θ_i ≠ 0) for p ∈ {0, 0.25, 0.75, 1}.
//   study-sinks         Xiao et al. 2023 (StreamingLLM): softmax mass on the first token against the number
//                       of keys for sink logit gaps 2, 4, 6, and a learned sink logit's share (GPT-OSS style).
//   study-permutation   12 random tokens: max |out(P·X)[r] − out(X)[π(r)]| per slot for NoPE without a mask (0:
//                       equivariant), NoPE with a causal mask and RoPE (both > 0: order becomes visible).
// Parameters come from the shared AppState fields (rope.headDim, rope.base, trainingContext, contextLength,
// extensionFactor), so the Encoding controls vary every figure.
#pragma once

#include "model/views.h"

namespace phaselens::model {

/// True for the study views above.
bool isStudyView(View view);
/// buildView for a study view. Throws std::invalid_argument naming the parameter.
ViewResult buildStudyView(View view, const AppState& state);
/// defaultTitle for a study view.
std::string studyTitle(View view, const AppState& state);

}  // namespace phaselens::model
