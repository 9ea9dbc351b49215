// PhaseLens core — min / max of sin, cos and the wrapped angle over a long block of ladder samples at a cost that
// does not grow with the block (internal to heatmap_ladder.cpp; the formulas are documented in heatmap.h, Ladders).
//
// The samples of a block are φ_k = φ(p0 + k), k < B, with φ(p) = (p·positionScale)·θ; ideally φ_k = φ_0 + k·α.
// Modulo one turn (x = α/2π mod 1, in turns) they are a rotation of the point set {k·x mod 1 : k < B}, so:
//   * circleCover(α, B) walks the Stern–Brocot (slow Euclid) descent of x: the records u = argmin_{1<=k<B} {k·x}
//     (a = {u·x}) and v = argmax_{1<=k<B} {k·x} (b = 1 − {v·x}). By the three-distance theorem (Sós 1958) the B
//     points cut the circle into gaps of lengths a, b and a + b, and the largest is
//       G = a + b  if u + v > B,   max(a, b)  otherwise      (turns).
//     Every angle of the circle is then within π·G of a sample (radians).
//   * It also picks q (a record denominator, or 1): the samples split into q progressions k = r + j·q (r < q) whose
//     angles drift by β = remainder(q·α, 2π) per step, ‖q·x‖ turns: each progression is a monotone arc that
//     travels at most ‖q·x‖·⌈B/q⌉ turns. q is chosen to make q·(turns + 1) small.
// A block extreme of cos, sin or the wrapped angle at target t (cos: 0 / π; sin: π/2 / 3π/2; wrapped: the 2π seam)
// is then found exactly by looking, on every arc, at the samples next to each crossing of t (j* = the arc parameter
// of the crossing, and its neighbours) and at the arc's ends: O(q·(turns + 1)) evaluations instead of B.
#pragma once

#include <cstdint>

namespace phaselens::core::heatmap_detail {

/// What circleCover found for the point set {φ_0 + k·α : k < count}.
struct CircleCover {
    double maxGap = 1.0;  ///< largest gap between neighbouring samples, in turns (three-distance theorem)
    int64_t arcs = 0;     ///< q above (number of progressions), 0 when none is within the cost cap
    double turns = 0.0;   ///< turns one progression travels at most (its target crossings: floor(turns) + 1)
};

/// Largest turns per arc considered when searching inside a batch of the walk.
constexpr double kMaxArcTurns = 64.0;

/// Largest gap and the cheapest arc split for `count` samples spaced `alpha` radians (alpha >= 0, count >= 1): among
/// q = 1, the walk's records and, per batch, the first record whose arcs travel <= kMaxArcTurns turns, the q with
/// the fewest evaluations q·(2 + 4·(floor(turns) + 1)) (or every sample when cheaper); arcs = 0 when that exceeds
/// maxCost evaluations per block. Cost O(log count) for typical alpha (batched Euclid steps).
CircleCover circleCover(double alpha, int64_t count, int64_t maxCost);

/// Ladder quantities handled here (the LadderRequest ones that have a seam or a periodic extreme).
enum class CircleQuantity { Sin, Cos, AngleWrapped };

/// Min (wantMax false) or max of the quantity over positions p0 .. p0 + count − 1 (φ(p) = (p·positionScale)·theta),
/// using `cover` = circleCover(positionScale·theta, count, ...). Returns false (and leaves value alone) when the cover
/// has no arcs and the gap does not prove the value; then the caller subsamples. `proved` is set when the value is
/// the exact ±1 proven by the gap bound (float-exact, see heatmap.h) rather than a sample's value.
bool circleBlockExtreme(CircleQuantity quantity, bool wantMax, const CircleCover& cover, int64_t p0, int64_t count,
                        double positionScale, double theta, double& value, bool& proved);

}  // namespace phaselens::core::heatmap_detail
