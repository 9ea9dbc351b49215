// Per-segment min / max / logsumexp of f with a bounded number of evaluations (heatmap_segments_sampled.h).
#include "heatmap_segments_sampled.h"

#include <algorithm>
#include <stdexcept>

namespace phaselens::core::heatmap_detail {

namespace {

int64_t coveredOffsets(const Segments& s, const std::vector<int>& depthAt) {
    int64_t total = 0;
    for (size_t j = 0; j + 1 < s.cuts.size(); ++j)
        if (depthAt[j] > 0) total += s.cuts[j + 1] - s.cuts[j];
    return total;
}

}  // namespace

int64_t segmentOffsets(const std::vector<std::pair<int64_t, int64_t>>& intervals) {
    Segments s;
    for (const auto& iv : intervals) {
        s.cuts.push_back(iv.first);
        s.cuts.push_back(iv.second + 1);
    }
    std::sort(s.cuts.begin(), s.cuts.end());
    s.cuts.erase(std::unique(s.cuts.begin(), s.cuts.end()), s.cuts.end());
    if (s.cuts.size() < 2) return 0;
    std::vector<int> cover(s.cuts.size(), 0), depthAt(s.cuts.size() - 1, 0);
    for (const auto& iv : intervals) {
        const auto r = s.run(iv.first, iv.second);
        cover[r.first] += 1;
        cover[r.second] -= 1;
    }
    int depth = 0;
    for (size_t j = 0; j + 1 < s.cuts.size(); ++j) depthAt[j] = depth += cover[j];
    return coveredOffsets(s, depthAt);
}

SampledSegments buildSegmentsSampled(const Kern& k, bool folded,
                                     const std::vector<std::pair<int64_t, int64_t>>& intervals, bool wantLse,
                                     int64_t budget, int threads, Progress* progress) {
    SampledSegments out;
    Segments& s = out.segments;
    s.folded = folded;
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
    const int64_t total = coveredOffsets(s, depthAt);
    // Runs of kSampleRun offsets per segment: every run when the segment is short, else the first and the last run
    // and evenly spaced ones between, so that all segments together evaluate about `budget` offsets.
    const double share = total > 0 ? std::min(1.0, static_cast<double>(budget) / static_cast<double>(total)) : 1.0;
    struct Run {
        size_t seg;
        int64_t first, count;
    };
    std::vector<Run> runs;
    for (size_t j = 0; j < nseg; ++j) {
        if (depthAt[j] <= 0) continue;
        const int64_t a = s.cuts[j], len = s.cuts[j + 1] - s.cuts[j];
        const int64_t all = (len + kSampleRun - 1) / kSampleRun;
        const int64_t want = std::max<int64_t>(2, static_cast<int64_t>(static_cast<double>(all) * share) + 1);
        if (want >= all) {
            for (int64_t b = 0; b < len; b += kSampleRun) runs.push_back({j, a + b, std::min(kSampleRun, len - b)});
            continue;
        }
        out.sampledSegments += 1;
        for (int64_t r = 0; r < want; ++r) {
            // Run r starts at a + floor(r·(len − kSampleRun)/(want − 1)): first at a, last ending at the segment end.
            const int64_t start = a + (r * (len - kSampleRun)) / (want - 1);
            runs.push_back({j, start, kSampleRun});
        }
    }
    // What each run stands for: the segment's length over its evaluated offsets.
    std::vector<int64_t> evaluated(nseg, 0);
    for (const Run& r : runs) evaluated[r.seg] += r.count;
    if (progress) {
        int64_t t = 0;
        for (const Run& r : runs) t += r.count;
        progress->start(t);
    }
    std::vector<double> rmn(runs.size()), rmx(runs.size()), rlse(runs.size());
    parallelItems(
        static_cast<int64_t>(runs.size()), threads, 64,
        [&](int64_t it) {
            const Run& r = runs[static_cast<size_t>(it)];
            double buf[kSampleRun];
            k.range(r.first, r.count, buf);
            double lo = kInf, hi = -kInf;
            for (int64_t q = 0; q < r.count; ++q) {
                lo = std::min(lo, buf[q]);
                hi = std::max(hi, buf[q]);
            }
            rmn[static_cast<size_t>(it)] = lo;
            rmx[static_cast<size_t>(it)] = hi;
            if (wantLse) {
                if (!std::isfinite(lo) || !std::isfinite(hi))
                    throw std::invalid_argument("softmax needs finite kernel values, but f is not finite near offset " +
                                                std::string(folded ? "|delta| = " : "delta = ") +
                                                std::to_string(r.first) + " (decay too strong for this n)");
                double sum = 0.0;
                for (int64_t q = 0; q < r.count; ++q) sum += std::exp(buf[q] - hi);
                rlse[static_cast<size_t>(it)] = hi + std::log(sum);
            }
            if (progress) progress->advance(r.count);
        },
        progress);
    s.mn.assign(nseg, kInf);
    s.mx.assign(nseg, -kInf);
    if (wantLse) s.lse.assign(nseg, -kInf);
    for (size_t it = 0; it < runs.size(); ++it) {
        const size_t j = runs[it].seg;
        s.mn[j] = std::min(s.mn[j], rmn[it]);
        s.mx[j] = std::max(s.mx[j], rmx[it]);
        if (wantLse) s.lse[j] = logAddExp(s.lse[j], rlse[it]);
    }
    // logsumexp of a subsampled segment: the evaluated offsets' one plus log(length / evaluated) (the mean of e^f
    // over the runs times the segment length).
    if (wantLse)
        for (size_t j = 0; j < nseg; ++j) {
            const int64_t len = s.cuts[j + 1] - s.cuts[j];
            if (evaluated[j] > 0 && evaluated[j] < len)
                s.lse[j] += std::log(static_cast<double>(len) / static_cast<double>(evaluated[j]));
        }
    out.evaluated = 0;
    for (int64_t e : evaluated) out.evaluated += e;
    return out;
}

}  // namespace phaselens::core::heatmap_detail
