// Kernel curve sampler: sampleKernelCurve (formulas in phaselens/heatmap.h).
#include <stdexcept>
#include <string>
#include <vector>

#include "heatmap_internal.h"
#include "heatmap_segments_sampled.h"

namespace phaselens::core {

using namespace heatmap_detail;

// =====================================================================================================
// [SECTION] Kernel curves
// =====================================================================================================

KernelCurve sampleKernelCurve(const ToeplitzKernel& kernel, int64_t firstDelta, int64_t lastDelta, int64_t maxPoints,
                              Reduction reduction, int threads, Progress* progress) {
    requireOffset("first_delta", firstDelta);
    requireOffset("last_delta", lastDelta);
    if (firstDelta > lastDelta)
        throw std::invalid_argument("first_delta must be <= last_delta, got " + std::to_string(firstDelta) + " > " +
                                    std::to_string(lastDelta));
    requireInRange("max_points", maxPoints, 1, kMaxSampledPixels);
    const int64_t count = lastDelta - firstDelta + 1;
    requireInRange("offset count", count, 1, kMaxSampledPositions);
    const Kern k(kernel);
    threads = resolveThreadCount(threads);
    Progress* const prog = progressOr(progress);
    checkCancelled(prog);
    KernelCurve c;
    c.axis = axisSampling(count, maxPoints);
    const AxisSampling& ax = c.axis;
    const int64_t P = ax.pixels;
    c.x.resize(P);
    c.y.resize(P);
    const VisRange all{-kBig, kBig};
    int64_t sampledOffsets = 0;  // > 0: min / max over this many evaluated offsets only
    for (int64_t j = 0; j < P; ++j)
        c.x[j] = reduction == Reduction::Point ? dbl(firstDelta + ax.blockCentre(j))
                                               : dbl(firstDelta + ax.blockStart(j)) + 0.5 * dbl(ax.blockLength(j) - 1);
    if (reduction == Reduction::Point) {
        parallelItems(
            P, threads, 64, [&](int64_t j) { c.y[j] = k.at(firstDelta + ax.blockCentre(j)); }, prog);
    } else if (reduction == Reduction::Mean) {
        BlockFactor one, fac[2];
        one.length = 1;
        fac[0].length = ax.step;
        fac[1].length = ax.blockLength(P - 1);
        if (k.kind == ToeplitzKernel::Cosine) {
            one = blockFactor(k, 1);
            fac[0] = blockFactor(k, ax.step);
            fac[1] = blockFactor(k, ax.blockLength(P - 1));
        }
        parallelItems(
            P, threads, 1,
            [&](int64_t j) {
                c.y[j] = classMean(k, firstDelta + ax.blockStart(j), fac[j == P - 1 ? 1 : 0], one, all, 1);
            },
            prog);
    } else {
        const bool wantMax = reduction == Reduction::Max;
        if (k.kind == ToeplitzKernel::AlibiLinear || k.kind == ToeplitzKernel::AlibiSymmetric) {
            for (int64_t j = 0; j < P; ++j) {
                const int64_t lo = firstDelta + ax.blockStart(j), hi = lo + ax.blockLength(j) - 1;
                double a = std::min(k.at(lo), k.at(hi)), b = std::max(k.at(lo), k.at(hi));
                if (k.kind == ToeplitzKernel::AlibiSymmetric && lo <= 0 && hi >= 0) {
                    a = std::min(a, k.at(0));
                    b = std::max(b, k.at(0));
                }
                c.y[j] = wantMax ? b : a;
            }
        } else {
            std::vector<std::pair<int64_t, int64_t>> iv;
            for (int64_t j = 0; j < P; ++j) {
                const int64_t lo = firstDelta + ax.blockStart(j);
                iv.push_back({lo, lo + ax.blockLength(j) - 1});
            }
            // Past kSegmentBudget offsets: runs of them per block (heatmap_segments_sampled.h), approximate.
            Segments seg;
            if (count <= kSegmentBudget) {
                seg = buildSegments(k, false, iv, false, threads, prog);
            } else {
                SampledSegments ss = buildSegmentsSampled(k, false, iv, false, kSegmentBudget, threads, prog);
                sampledOffsets = ss.sampledSegments > 0 ? ss.evaluated : 0;
                seg = std::move(ss.segments);
            }
            for (int64_t j = 0; j < P; ++j) {
                const auto r = seg.run(iv[static_cast<size_t>(j)].first, iv[static_cast<size_t>(j)].second);
                double a = kInf, b = -kInf;
                for (size_t s = r.first; s < r.second; ++s) a = std::min(a, seg.mn[s]), b = std::max(b, seg.mx[s]);
                c.y[j] = wantMax ? b : a;
            }
        }
    }
    c.note = std::string(toeplitzKindName(kernel.kind)) + " kernel f(delta), delta in [" + std::to_string(firstDelta) +
             ", " + std::to_string(lastDelta) + "]: " +
             (reduction == Reduction::Point
                  ? (ax.step == 1 ? std::string("every offset") : "point-sampled at block centres, " + blockText(ax))
                  : std::string(reductionName(reduction)) + " over each block of offsets (exact), " + blockText(ax));
    if (sampledOffsets > 0) {
        c.note.erase(c.note.find(" (exact)"), 8);
        c.note += "; approximate: f evaluated at " + std::to_string(sampledOffsets) + " of the " +
                  std::to_string(count) + " offsets (runs of " + std::to_string(kSampleRun) +
                  " at both ends of every block and evenly spaced between)";
    }
    return c;
}

}  // namespace phaselens::core
