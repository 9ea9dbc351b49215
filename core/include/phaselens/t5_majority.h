// PhaseLens core — the T5 bucket-index matrix at display resolution, as CATEGORIES.
//
// Bucket ids are labels, not quantities: averaging ids 12 and 13 gives "12.5", which is no bucket. Each pixel
// therefore shows the bucket id that is most frequent among the entries of its block (the block majority; ties
// go to the smaller id), exactly: the relative positions d = j − i of a block [r0, r1) × [c0, c1) range over
// [c0 − r1 + 1, c1 − 1 − r0], each d occurs count(d) = max(0, min(r1, c1 − d) − max(r0, c0 − d)) times (a
// trapezoid in d), and bucket(d) is constant on runs of d (every |d| >= max_distance shares one id), so a
// block's histogram is a sum of arithmetic series over the runs it overlaps — never a loop over its entries.
// An N × N matrix at 2^20 positions on 1024² pixels takes milliseconds.
#pragma once

#include "phaselens/heatmap.h"
#include "phaselens/t5_buckets.h"

namespace phaselens::core {

/// Block-majority bucket ids of the n × n matrix [i][j] = bucket(j − i) on at most maxPixels per axis (blocks as
/// axisSampling(n, maxPixels)); vmin/vmax are the smallest and largest id shown; note says "majority bucket id
/// over blocks of S positions". Throws std::invalid_argument for invalid params, n or maxPixels.
/// rows / cols: the visible queries / keys (deep zoom; windowAxes of heatmap.h: one common step); default all n.
SampledMatrix sampleT5Majority(const T5BucketParams& params, int64_t n, int64_t maxPixels, const AxisWindow& rows = {},
                               const AxisWindow& cols = {});

}  // namespace phaselens::core
