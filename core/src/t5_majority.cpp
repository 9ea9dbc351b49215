#include "phaselens/t5_majority.h"

#include <algorithm>
#include <string>
#include <vector>

namespace phaselens::core {

namespace {

struct Run {
    int64_t first, last;  // relative positions d in [first, last]
    int bucket;
};

// Σ_{d=a..b} max(0, min(r1, c1 − d) − max(r0, c0 − d)), exact: linear between the breakpoints c1 − r1, c0 − r0.
int64_t pairsWithOffsetIn(int64_t a, int64_t b, int64_t r0, int64_t r1, int64_t c0, int64_t c1) {
    a = std::max(a, c0 - r1 + 1);  // outside [c0 − r1 + 1, c1 − 1 − r0] the count is 0
    b = std::min(b, c1 - 1 - r0);
    if (a > b) return 0;
    auto f = [&](int64_t d) { return std::min(r1, c1 - d) - std::max(r0, c0 - d); };
    const int64_t p1 = std::min(c1 - r1, c0 - r0), p2 = std::max(c1 - r1, c0 - r0);
    int64_t total = 0;
    auto series = [&](int64_t x, int64_t y) {  // f is linear on [x, y]
        if (x > y) return;
        total += (f(x) + f(y)) * (y - x + 1) / 2;
    };
    series(a, std::min(b, p1));
    series(std::max(a, p1 + 1), std::min(b, p2));
    series(std::max(a, p2 + 1), b);
    return total;
}

std::vector<Run> bucketRuns(const T5BucketParams& p, int64_t n) {
    // bucket(d) is constant for |d| >= max_distance; scan one past it on each side, then extend the end runs.
    const int64_t reach = std::min<int64_t>(n - 1, static_cast<int64_t>(p.maxDistance) + 1);
    std::vector<Run> runs;
    for (int64_t d = -reach; d <= reach; ++d) {
        const int b = t5Bucket(p, d);
        if (!runs.empty() && runs.back().bucket == b)
            runs.back().last = d;
        else
            runs.push_back({d, d, b});
    }
    runs.front().first = -(n - 1);
    runs.back().last = n - 1;
    return runs;
}

}  // namespace

SampledMatrix sampleT5Majority(const T5BucketParams& params, int64_t n, int64_t maxPixels, const AxisWindow& rows,
                               const AxisWindow& cols) {
    validate(params);
    SampledMatrix m;
    const auto axes = windowAxes(n, rows, cols, maxPixels);
    m.rows = axes.first;
    m.cols = axes.second;
    const std::vector<Run> runs = bucketRuns(params, n);
    std::vector<int64_t> counts(static_cast<size_t>(params.numBuckets), 0);
    m.values.resize(m.rows.pixels, m.cols.pixels);
    int lo = params.numBuckets, hi = 0;
    for (int64_t r = 0; r < m.rows.pixels; ++r) {
        const int64_t r0 = m.rows.blockStart(r), r1 = r0 + m.rows.blockLength(r);
        for (int64_t c = 0; c < m.cols.pixels; ++c) {
            const int64_t c0 = m.cols.blockStart(c), c1 = c0 + m.cols.blockLength(c);
            const int64_t dLo = c0 - r1 + 1, dHi = c1 - 1 - r0;
            auto it = std::upper_bound(runs.begin(), runs.end(), dLo,
                                       [](int64_t d, const Run& run) { return d < run.first; });
            if (it != runs.begin()) --it;
            int best = -1;
            for (auto k = it; k != runs.end() && k->first <= dHi; ++k)
                counts[static_cast<size_t>(k->bucket)] += pairsWithOffsetIn(k->first, k->last, r0, r1, c0, c1);
            for (auto k = it; k != runs.end() && k->first <= dHi; ++k) {  // read and reset the touched ids
                const int b = k->bucket;
                const int64_t cnt = counts[static_cast<size_t>(b)];
                if (cnt > 0 && (best < 0 || cnt > counts[static_cast<size_t>(best)] ||
                                (cnt == counts[static_cast<size_t>(best)] && b < best)))
                    best = b;
            }
            for (auto k = it; k != runs.end() && k->first <= dHi; ++k) counts[static_cast<size_t>(k->bucket)] = 0;
            best = std::max(best, 0);  // a block is never empty: some run always counts
            m.values(r, c) = static_cast<float>(best);
            lo = std::min(lo, best);
            hi = std::max(hi, best);
        }
    }
    m.vmin = lo;
    m.vmax = hi;
    m.note = m.rows.step == 1 ? std::string("every entry exact")
                              : "majority bucket id over blocks of " + std::to_string(m.rows.step) +
                                    " positions (ids are categories: never averaged)";
    return m;
}

}  // namespace phaselens::core
