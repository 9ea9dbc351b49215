// PhaseLens core — exact min / max of the wrapped ladder angle wrap(φ(p)) over a block of positions in O(log B)
// (internal to heatmap_ladder.cpp; the formulas are documented in heatmap.h, Ladders).
//
// Modulo one turn T (the float64 2π that wrapAngle uses) the ideal angles p·s·θ are a rotation: in fixed point,
// 2^64 units per turn, U(k) = (A·k + B) mod 2^64 with A = round(2^64·frac(s·θ/T)) and B = round(2^64·frac(p0·s·θ/T))
// (s·θ/T and p0·s·θ/T in double-double), within δ_model = 4 + 4·B_len + |p_last·s·θ/T|·2^-30 units of the ideal
// angle of position p0 + k. Two integer Euclid-type recursions on (A, 2^64), exact in 128-bit arithmetic and
// O(log 2^64) steps each, give
//   * minOfLinearMod: m0 = min_{k<n} U(k) (the runs of an increasing rotation start right after a wrap, and the
//     post-wrap values are again a rotation, modulo A: (A' = −2^64 mod A, B' = (B − 2^64) mod A); a decreasing one
//     (A > 2^63, step D = 2^64 − A) ends each run right before a wrap: values (B + i·2^64) mod D; the modulus at
//     least halves per step);
//   * firstInArc: the first k with U(k) in a cyclic arc [s, s + w] (first x with L <= A·x mod M <= R: either
//     ⌈L/A⌉, or, when no multiple of A lies in [L, R], the first y with M·y mod A in [−R, −L] mod A).
// The computed angle wrap(fl(fl(p·s)·θ)) differs from the ideal one by at most E = |φ_last|·2^-49 + 2^-46 rad
// (two roundings of φ, the rounding of wrapAngle's T·⌊φ/T⌋, its seam guards), so with δ = E + δ_model (+ a
// conversion slack) every position whose computed wrapped angle is <= m0 + 2δ has U in the arc [−δ, m0 + 3δ]
// (when m0 + 4δ < 2^64; when the positions next to m0 rounded across the seam, m0 moves to the next U up).
// Every position of that arc is evaluated (at most kMaxRotationCandidates); when the smallest computed value is
// <= m0 + 2δ it is the block minimum, bit for bit the value a loop over every position gives. The maximum is the
// mirror image. Otherwise (a seam case, a near-rational spacing whose arc holds too many positions, an angle
// whose float64 rounding spans a large part of a turn) the function returns false and the caller uses another
// method.
#pragma once

#include <cstdint>

namespace phaselens::core::heatmap_detail {

/// Most positions evaluated per block by wrappedBlockExtreme before it gives up.
constexpr int kMaxRotationCandidates = 64;

/// min_{0<=k<n} (a·k + b) mod 2^64, n >= 1. O(log 2^64) steps.
uint64_t minOfLinearMod(uint64_t a, uint64_t b, int64_t n);

/// Smallest k in [0, n) with (a·k + b − s) mod 2^64 <= w, or n when there is none. O(log 2^64) steps.
int64_t firstInArc(uint64_t a, uint64_t b, uint64_t s, uint64_t w, int64_t n);

/// Exact min (wantMax false) or max of wrapAngle(fl(fl(p·positionScale)·theta)) over p0 .. p0 + count − 1
/// (p0 >= 0, count >= 1, theta >= 0, p0 + count <= 2^53). Returns false, leaving value alone, when the bound
/// above cannot prove the result with at most kMaxRotationCandidates evaluations.
bool wrappedBlockExtreme(bool wantMax, int64_t p0, int64_t count, double positionScale, double theta, double& value);

}  // namespace phaselens::core::heatmap_detail
