// PhaseLens core — the per-run statistics of buildSegments and buildSegmentsSampled (internal): the min, max and
// log-sum-exp of f over a run of consecutive offsets, and their fold into the segments of the cut offset axis.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

#include "heatmap_internal.h"

namespace phaselens::core::heatmap_detail {

/// Softmax logits beyond ±this are clamped to it (heatmap.h, Softmax): a decaying kernel run backwards (xPos with a
/// small scale_base, ζ^(Δ/scale_base) for Δ < 0) exceeds float64 there, for the reference code as well.
/// 2^30 keeps the log-normalizer resolved to 2^-22 (the clamped entries of a row share its mass).
constexpr double kSoftmaxLogitClamp = 0x1p30;

inline double clampLogit(double v) {
    return std::clamp(v, -kSoftmaxLogitClamp, kSoftmaxLogitClamp);
}

/// min, max and log Σ e^v of one run of kernel values (min / max of the raw values, lse of the clamped ones).
struct RunStats {
    double mn = kInf, mx = -kInf, lse = -kInf;
};

/// Statistics of v[0 .. n) (n >= 1); lse only when wantLse, as h + log Σ e^(c(v) − h), c = clampLogit, h = c(mx).
/// Returns false (lse left at −inf) when wantLse and a value is NaN: the caller says which offset.
inline bool runStats(const double* v, int64_t n, bool wantLse, RunStats& r) {
    bool nan = false;
    for (int64_t q = 0; q < n; ++q) {
        r.mn = std::min(r.mn, v[q]);
        r.mx = std::max(r.mx, v[q]);
        nan = nan || std::isnan(v[q]);
    }
    if (!wantLse) return true;
    if (nan) return false;
    const double h = clampLogit(r.mx);
    double sum = 0.0;
    for (int64_t q = 0; q < n; ++q) sum += std::exp(clampLogit(v[q]) - h);
    r.lse = h + std::log(sum);
    return true;
}

/// True when a segment of s holds a value that the softmax clamps.
inline bool anyClampedLogit(const Segments& s) {
    for (size_t j = 0; j < s.mn.size(); ++j)
        if (s.mn[j] < -kSoftmaxLogitClamp || s.mx[j] > kSoftmaxLogitClamp) return true;
    return false;
}

/// Cuts the axis at both ends of every interval (segment j = [cuts[j], cuts[j+1])) and returns how many intervals
/// cover each segment.
inline std::vector<int> cutAxis(Segments& s, const std::vector<std::pair<int64_t, int64_t>>& intervals) {
    s.cuts.clear();
    for (const auto& iv : intervals) {
        s.cuts.push_back(iv.first);
        s.cuts.push_back(iv.second + 1);
    }
    std::sort(s.cuts.begin(), s.cuts.end());
    s.cuts.erase(std::unique(s.cuts.begin(), s.cuts.end()), s.cuts.end());
    const size_t nseg = s.cuts.size() > 0 ? s.cuts.size() - 1 : 0;
    std::vector<int> cover(nseg + 1, 0), depthAt(nseg, 0);
    for (const auto& iv : intervals) {
        const auto r = s.run(iv.first, iv.second);
        cover[r.first] += 1;
        cover[r.second] -= 1;
    }
    int depth = 0;
    for (size_t j = 0; j < nseg; ++j) depthAt[j] = depth += cover[j];
    return depthAt;
}

/// Folds the statistics of the runs (each with a member `seg`, its segment) into s.mn, s.mx and (wantLse) s.lse.
template <class Run>
void foldRunStats(Segments& s, size_t nseg, const std::vector<Run>& runs, const std::vector<RunStats>& stats,
                  bool wantLse) {
    s.mn.assign(nseg, kInf);
    s.mx.assign(nseg, -kInf);
    if (wantLse) s.lse.assign(nseg, -kInf);
    for (size_t it = 0; it < runs.size(); ++it) {
        const size_t j = runs[it].seg;
        s.mn[j] = std::min(s.mn[j], stats[it].mn);
        s.mx[j] = std::max(s.mx[j], stats[it].mx);
        if (wantLse) s.lse[j] = logAddExp(s.lse[j], stats[it].lse);
    }
}

}  // namespace phaselens::core::heatmap_detail
