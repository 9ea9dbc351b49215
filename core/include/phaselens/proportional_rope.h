// PhaseLens core — proportional RoPE ("p-RoPE", Gemma 4 full-attention layers), as transformers v5
// computes it (rope_type "proportional"), in float64.
//
// With head dim D, base B, fraction p (partial_rotary_factor) and factor s:
//   rotated pairs  k = floor(p·D / 2)              (Python: int(p * D // 2))
//   inv_freq_i     = B^(−2i/D) / s    for i < k     (the denominator is the FULL head dim, so the kept
//                  = 0                for k <= i < D/2   frequencies are the fastest k of the ordinary spectrum)
// inv_freq has D/2 entries and pairs are half-split over the whole head: pair i rotates channels
// (i, i + D/2), so with D = 512, p = 0.25 the rotated channels are 0..63 and 256..319. A zero frequency
// gives cos = 1, sin = 0: those channels pass through unchanged (wavelength +inf, kernel term cos 0 = 1).
// This is NOT ordinary partial rotary (which would use B^(−2i/(p·D)) on the first p·D channels).
#pragma once

#include "phaselens/rope_scaling.h"

namespace phaselens::core {

/// Number of non-zero frequencies k = floor(p·D/2). Throws std::invalid_argument naming head_dim (even, >= 2)
/// or partial_rotary_factor ((0, 1]).
int proportionalRotatedPairs(int headDim, double partialRotaryFactor);

/// The frequencies above: rotaryDim = D, invFreq (D/2), wavelength (2π/inv_freq, +inf where 0), scale
/// (s on rotated pairs, 1 on the pass-through ones), attentionFactor 1 (or `attentionFactor` when given, > 0).
/// Validates base (> 1, finite) and factor (>= 1, finite); messages name the field and value.
RopeFrequencies proportionalRopeFrequencies(int headDim, double base, double partialRotaryFactor, double factor = 1.0,
                                            std::optional<double> attentionFactor = std::nullopt);

}  // namespace phaselens::core
