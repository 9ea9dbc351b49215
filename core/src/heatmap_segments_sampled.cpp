// Per-segment min / max / logsumexp of f with a bounded number of evaluations (heatmap_segments_sampled.h).
#include "heatmap_segments_sampled.h"

#include <algorithm>
#include <stdexcept>

#include "segment_stats.h"

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
    const std::vector<int> depthAt = cutAxis(s, intervals);
    return s.cuts.size() < 2 ? 0 : coveredOffsets(s, depthAt);
}

SampledSegments buildSegmentsSampled(const Kern& k, bool folded,
                                     const std::vector<std::pair<int64_t, int64_t>>& intervals, bool wantLse,
                                     int64_t budget, int threads, Progress* progress) {
    SampledSegments out;
    Segments& s = out.segments;
    s.folded = folded;
    const std::vector<int> depthAt = cutAxis(s, intervals);
    const size_t nseg = depthAt.size();
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
    std::vector<RunStats> stats(runs.size());
    parallelItems(
        static_cast<int64_t>(runs.size()), threads, 64,
        [&](int64_t it) {
            const Run& r = runs[static_cast<size_t>(it)];
            double buf[kSampleRun];
            k.range(r.first, r.count, buf);
            if (!runStats(buf, r.count, wantLse, stats[static_cast<size_t>(it)]))
                throw std::invalid_argument("softmax needs kernel values, but f is NaN near offset " +
                                            std::string(folded ? "|delta| = " : "delta = ") + std::to_string(r.first));
            if (progress) progress->advance(r.count);
        },
        progress);
    foldRunStats(s, nseg, runs, stats, wantLse);
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
