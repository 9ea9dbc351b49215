// PhaseLens core — per-segment min / max / logsumexp of a Toeplitz kernel with a bounded number of evaluations
// (internal; the formulas are documented in heatmap.h, Toeplitz matrices).
//
// buildSegments (heatmap_internal.h) evaluates f at every offset of the needed intervals: O(N) work, exact. When
// that exceeds a budget (contexts of tens of millions of positions), buildSegmentsSampled cuts the axis the same
// way but evaluates, per segment longer than its share of the budget, only runs of kSampleRun consecutive offsets:
// the first run (at the segment start: Δ = 0 and every class's range end are cut points), the last run (ending at
// the segment end) and evenly spaced runs between, ~budget offsets in all. Min / max are then over the evaluated
// offsets (a lower / upper estimate), the logsumexp of a segment is that of its evaluated offsets plus
// log(length / evaluated). Deterministic and thread-count independent; the caller marks the result approximate.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "heatmap_internal.h"

namespace phaselens::core::heatmap_detail {

constexpr int64_t kSampleRun = 256;  // consecutive offsets per evaluated run
// Offsets evaluated at most (about): 2^24 keeps Llama 4 Scout's 10,485,760 positions exact (an even kernel or one
// mask side: ~1.05e7 offsets), ~0.8–1.0 s for min / max / softmax at d = 128 on 2 cores.
constexpr int64_t kSegmentBudget = int64_t(1) << 24;

struct SampledSegments {
    Segments segments;
    int64_t sampledSegments = 0;  // segments evaluated only in part (0: every offset, exact)
    int64_t evaluated = 0;        // offsets evaluated in all
};

/// Offsets buildSegments would evaluate for these intervals (the union's size).
int64_t segmentOffsets(const std::vector<std::pair<int64_t, int64_t>>& intervals);

/// As buildSegments, evaluating about `budget` offsets at most (see above). progress: start(evaluated), advanced.
SampledSegments buildSegmentsSampled(const Kern& k, bool folded,
                                     const std::vector<std::pair<int64_t, int64_t>>& intervals, bool wantLse,
                                     int64_t budget, int threads, Progress* progress = nullptr);

}  // namespace phaselens::core::heatmap_detail
