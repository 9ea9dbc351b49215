// PhaseLens export — Unicode math for figure texts: the ASCII stand-ins some convention strings use
// (they are also printed by `phaselens compute`, which keeps them) written as a paper would.
//   theta_i -> θᵢ   theta'_i -> θ′ᵢ   theta -> θ (not inside identifiers like rope_theta)
//   (position x 4) -> (position × 4)   <= -> ≤   >= -> ≥   != -> ≠   sqrt(d) / sqrt(head_dim) -> √d / √head_dim
//   base^(-2i/rotary_dim) -> base^(−2i/rotary_dim) (a real minus in exponents)
#pragma once

#include <string>

namespace phaselens::exporter {

/// `text` with the replacements above; everything else unchanged.
std::string unicodeMath(const std::string& text);

}  // namespace phaselens::exporter
