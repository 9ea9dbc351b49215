// Toeplitz matrix sampler: sampleToeplitzMatrix (formulas in phaselens/heatmap.h).
#include <array>
#include <string>
#include <vector>

#include "heatmap_internal.h"
#include "heatmap_segments_sampled.h"
#include "segment_stats.h"

namespace phaselens::core {

using namespace heatmap_detail;

namespace {

// Iterative segment tree for logsumexp over segment ranges.
struct LseTree {
    size_t size = 1;
    std::vector<double> node;
    explicit LseTree(const std::vector<double>& leaves) {
        while (size < leaves.size()) size *= 2;
        node.assign(2 * size, -kInf);
        for (size_t j = 0; j < leaves.size(); ++j) node[size + j] = leaves[j];
        for (size_t j = size - 1; j >= 1; --j) node[j] = logAddExp(node[2 * j], node[2 * j + 1]);
    }
    double query(size_t lo, size_t hi) const {  // [lo, hi)
        double left = -kInf, right = -kInf;
        for (lo += size, hi += size; lo < hi; lo /= 2, hi /= 2) {
            if (lo & 1) left = logAddExp(left, node[lo++]);
            if (hi & 1) right = logAddExp(node[--hi], right);
        }
        return logAddExp(left, right);
    }
};

// What the min / max / softmax segments evaluated: every offset, or (past kSegmentBudget) runs of them.
struct SegmentSampling {
    int64_t sampledSegments = 0, evaluated = 0, total = 0;
};

// buildSegments, or buildSegmentsSampled when the union of the intervals exceeds kSegmentBudget offsets (the work
// per pixel is then bounded; heatmap_segments_sampled.h).
Segments segmentsWithin(const Kern& k, bool folded, const std::vector<std::pair<int64_t, int64_t>>& intervals,
                        bool wantLse, int threads, Progress* prog, SegmentSampling& sampling) {
    const int64_t total = segmentOffsets(intervals);
    if (total <= kSegmentBudget) return buildSegments(k, folded, intervals, wantLse, threads, prog);
    SampledSegments ss = buildSegmentsSampled(k, folded, intervals, wantLse, kSegmentBudget, threads, prog);
    sampling.sampledSegments += ss.sampledSegments;
    sampling.evaluated += ss.evaluated;
    sampling.total += total;
    return std::move(ss.segments);
}

}  // namespace

// =====================================================================================================
// [SECTION] Toeplitz matrices
// =====================================================================================================

SampledMatrix sampleToeplitzMatrix(const MatrixSampleRequest& req) {
    requireInRange("n", req.n, 1, kMaxSampledPositions);
    requireMaxPixels(req.maxPixels);
    validate(req.mask);
    const Kern k(req.kernel);
    const int threads = resolveThreadCount(req.threads);
    // Rows (queries) and columns (keys) may be windows; both share the step S. Class (ta, tb, d): row block type
    // ta (0 = full, 1 = the shorter last row block), column block type tb, d = a − b; Δ0 = off + d·S.
    const auto axes = windowAxes(req.n, req.rows, req.cols, req.maxPixels);
    const AxisSampling rax = axes.first, cax = axes.second;
    const int64_t Pr = rax.pixels, Pc = cax.pixels, S = rax.step, Lr = rax.blockLength(Pr - 1),
                  Lc = cax.blockLength(Pc - 1);
    const int64_t off = rax.first - cax.first;
    const bool partialR = Lr != S, partialC = Lc != S;
    const int64_t lensR[2] = {S, Lr}, lensC[2] = {S, Lc};
    const int64_t aLo[2] = {0, Pr - 1}, aHi[2] = {partialR ? Pr - 2 : Pr - 1, Pr - 1};
    const int64_t bLo[2] = {0, Pc - 1}, bHi[2] = {partialC ? Pc - 2 : Pc - 1, Pc - 1};
    const bool hasR[2] = {true, partialR}, hasC[2] = {true, partialC};
    const int64_t D = Pr + Pc - 1;
    const VisRange vis = visibility(req.mask);
    const Reduction red = req.softmax ? Reduction::Point : req.reduction;
    SegmentSampling sampling;
    Progress* const prog = progressOr(req.progress);
    checkCancelled(prog);

    struct Cls {
        int ta, tb;
        int64_t d;
    };
    std::vector<Cls> classes;
    for (int ta = 0; ta < 2; ++ta)
        for (int tb = 0; tb < 2; ++tb) {
            if (!hasR[ta] || !hasC[tb]) continue;
            for (int64_t d = aLo[ta] - bHi[tb]; d <= aHi[ta] - bLo[tb]; ++d) classes.push_back({ta, tb, d});
        }
    std::vector<double> value(static_cast<size_t>(4 * D), -kInf);
    auto slot = [&](int ta, int tb, int64_t d) { return static_cast<size_t>((ta * 2 + tb) * D + d + Pc - 1); };
    auto delta0 = [&](const Cls& c) { return off + c.d * S; };
    auto rangeOf = [&](const Cls& c, int64_t& lo, int64_t& hi) {
        lo = delta0(c) - (lensC[c.tb] - 1);
        hi = delta0(c) + (lensR[c.ta] - 1);
    };

    if (red == Reduction::Point) {
        parallelItems(
            static_cast<int64_t>(classes.size()), threads, 64,
            [&](int64_t i) {
                const Cls& c = classes[static_cast<size_t>(i)];
                const int64_t dc = delta0(c) + (lensR[c.ta] - 1) / 2 - (lensC[c.tb] - 1) / 2;
                // Softmax: visible logits clamped here, so that −inf keeps meaning "masked" below.
                const bool visible = dc >= vis.lo && dc <= vis.hi;
                value[slot(c.ta, c.tb, c.d)] = !visible ? -kInf : req.softmax ? clampLogit(k.at(dc)) : k.at(dc);
            },
            prog);
    } else if (red == Reduction::Mean) {
        BlockFactor facR[2], facC[2];
        if (k.kind == ToeplitzKernel::Cosine) {
            facR[0] = blockFactor(k, S);
            facR[1] = partialR ? blockFactor(k, Lr) : facR[0];
            facC[0] = facR[0];
            facC[1] = !partialC ? facC[0] : (partialR && Lc == Lr) ? facR[1] : blockFactor(k, Lc);
        } else {
            facR[0].length = facC[0].length = S;
            facR[1].length = Lr;
            facC[1].length = Lc;
        }
        // Classes needing a long explicit sum run one at a time with inner threads; the rest in parallel.
        std::vector<size_t> heavy, light;
        int64_t heavyOffsets = 0;  // progress units: offsets summed explicitly by the heavy classes
        for (size_t i = 0; i < classes.size(); ++i) {
            int64_t lo, hi;
            rangeOf(classes[i], lo, hi);
            const bool full = lo >= vis.lo && hi <= vis.hi;
            const bool closed = full && (k.kind == ToeplitzKernel::Cosine || k.kind == ToeplitzKernel::AlibiLinear ||
                                         (k.kind == ToeplitzKernel::AlibiSymmetric && (lo >= 0 || hi <= 0)));
            const bool big = !closed && explicitLength(k, std::max(lo, vis.lo), std::min(hi, vis.hi)) > kItem;
            (big ? heavy : light).push_back(i);
            if (big) heavyOffsets += explicitLength(k, std::max(lo, vis.lo), std::min(hi, vis.hi));
        }
        auto eval = [&](size_t i, int inner, Progress* p) {
            const Cls& c = classes[i];
            value[slot(c.ta, c.tb, c.d)] = classMean(k, delta0(c), facR[c.ta], facC[c.tb], vis, inner, p);
        };
        parallelItems(
            static_cast<int64_t>(light.size()), threads, 16,
            [&](int64_t j) { eval(light[static_cast<size_t>(j)], 1, nullptr); }, prog);
        if (prog) prog->start(heavyOffsets);
        for (size_t i : heavy) eval(i, threads, prog);
    } else {  // Min / Max
        const bool wantMax = red == Reduction::Max;
        if (k.kind == ToeplitzKernel::AlibiLinear || k.kind == ToeplitzKernel::AlibiSymmetric) {
            for (const Cls& c : classes) {
                int64_t lo, hi;
                rangeOf(c, lo, hi);
                lo = std::max(lo, vis.lo);
                hi = std::min(hi, vis.hi);
                if (lo > hi) continue;
                double a = std::min(k.at(lo), k.at(hi)), b = std::max(k.at(lo), k.at(hi));
                if (k.kind == ToeplitzKernel::AlibiSymmetric && lo <= 0 && hi >= 0) {
                    a = std::min(a, k.at(0));
                    b = std::max(b, k.at(0));
                }
                value[slot(c.ta, c.tb, c.d)] = wantMax ? b : a;
            }
        } else {
            const bool folded = k.even;
            std::vector<std::pair<int64_t, int64_t>> intervals;
            std::vector<int> pieces(classes.size());
            std::vector<std::array<int64_t, 4>> axisIv(classes.size());
            for (size_t i = 0; i < classes.size(); ++i) {
                int64_t lo, hi, iv[2][2];
                rangeOf(classes[i], lo, hi);
                const int np = toAxis(folded, std::max(lo, vis.lo), std::min(hi, vis.hi), iv);
                pieces[i] = np;
                for (int p = 0; p < np; ++p) {
                    intervals.push_back({iv[p][0], iv[p][1]});
                    axisIv[i][static_cast<size_t>(2 * p)] = iv[p][0];
                    axisIv[i][static_cast<size_t>(2 * p + 1)] = iv[p][1];
                }
            }
            const Segments seg = segmentsWithin(k, folded, intervals, false, threads, prog, sampling);
            parallelItems(
                static_cast<int64_t>(classes.size()), threads, 64,
                [&](int64_t ii) {
                    const size_t i = static_cast<size_t>(ii);
                    if (pieces[i] == 0) return;
                    double a = kInf, b = -kInf;
                    for (int p = 0; p < pieces[i]; ++p) {
                        const auto r =
                            seg.run(axisIv[i][static_cast<size_t>(2 * p)], axisIv[i][static_cast<size_t>(2 * p + 1)]);
                        for (size_t j = r.first; j < r.second; ++j) {
                            a = std::min(a, seg.mn[j]);
                            b = std::max(b, seg.mx[j]);
                        }
                    }
                    const Cls& c = classes[i];
                    value[slot(c.ta, c.tb, c.d)] = wantMax ? b : a;
                },
                prog);
        }
    }

    // Softmax: exact log-normalizer per sampled row (approximate past the evaluation budget, as min / max).
    std::vector<double> lognorm;
    bool clampedLogits = false;
    if (req.softmax) {
        const bool folded = k.even;
        std::vector<std::pair<int64_t, int64_t>> intervals;
        std::vector<std::array<int64_t, 5>> rowIv(static_cast<size_t>(Pr));
        for (int64_t a = 0; a < Pr; ++a) {
            const int64_t m = rax.blockCentre(a);
            int64_t iv[2][2];
            const int np = toAxis(folded, std::max(m - (req.n - 1), vis.lo), std::min(m, vis.hi), iv);
            auto& r = rowIv[static_cast<size_t>(a)];
            r[4] = np;
            for (int p = 0; p < np; ++p) {
                intervals.push_back({iv[p][0], iv[p][1]});
                r[static_cast<size_t>(2 * p)] = iv[p][0];
                r[static_cast<size_t>(2 * p + 1)] = iv[p][1];
            }
        }
        const Segments seg = segmentsWithin(k, folded, intervals, true, threads, prog, sampling);
        clampedLogits = anyClampedLogit(seg);
        const LseTree tree(seg.lse);
        lognorm.assign(static_cast<size_t>(Pr), -kInf);
        for (int64_t a = 0; a < Pr; ++a) {
            const auto& r = rowIv[static_cast<size_t>(a)];
            double l = -kInf;
            for (int64_t p = 0; p < r[4]; ++p) {
                const auto run = seg.run(r[static_cast<size_t>(2 * p)], r[static_cast<size_t>(2 * p + 1)]);
                l = logAddExp(l, tree.query(run.first, run.second));
            }
            lognorm[static_cast<size_t>(a)] = l;
        }
    }

    SampledMatrix out;
    out.rows = rax;
    out.cols = cax;
    allocImage(out, Pr, Pc, req.alsoFloat64);
    parallelItems(
        Pr, threads, 8,
        [&](int64_t a) {
            const int ta = (partialR && a == Pr - 1) ? 1 : 0;
            for (int64_t b = 0; b < Pc; ++b) {
                const int tb = (partialC && b == Pc - 1) ? 1 : 0;
                double v = value[slot(ta, tb, a - b)];
                if (req.softmax) v = v == -kInf ? -kInf : std::exp(v - lognorm[static_cast<size_t>(a)]);
                putPixel(out, a, b, v);
            }
        },
        prog);
    setExtremes(out);
    std::string what;
    if (req.softmax) {
        what = "softmax over all " + std::to_string(req.n) + " keys per row (" + maskTypeName(req.mask.type) +
               " mask), exact; " +
               (S == 1 ? "one position per pixel" : "point-sampled at block centres, " + blockText(rax));
        if (req.reduction != Reduction::Point)
            what += "; " + std::string(reductionName(req.reduction)) +
                    " block reductions are not available for softmax, point values shown";
    } else if (red == Reduction::Point) {
        what = S == 1 ? "exact: one position per pixel" : "point-sampled at block centres, " + blockText(rax);
    } else {
        what = std::string(reductionName(red)) + " over the visible entries of each " + std::to_string(S) + "x" +
               std::to_string(S) + "-position block" + (partialR ? " (last block " + std::to_string(Lr) + ")" : "") +
               ", exact";
    }
    if (sampling.sampledSegments > 0) {
        out.exact = false;
        if (const size_t e = what.find(", exact"); e != std::string::npos) what.erase(e, 7);
        what += "; approximate: f evaluated at " + std::to_string(sampling.evaluated) + " offsets (runs of " +
                std::to_string(kSampleRun) +
                " at both ends of every offset segment and evenly spaced between), not all " +
                std::to_string(sampling.total);
    }
    if (clampedLogits) {
        if (const size_t e = what.find(", exact"); e != std::string::npos) what.erase(e, 7);
        what +=
            "; logits beyond +-2^30 clamped to +-2^30 before the softmax (f overflows float64 at these offsets, "
            "e.g. a decay run backwards as xPos zeta^(delta/scale_base) for delta < 0, as in the reference code; "
            "the clamped keys of a row share its mass)";
    }
    const std::string wr = windowText(rax, req.n, "queries"), wc = windowText(cax, req.n, "keys");
    if (!wr.empty() || !wc.empty())
        what += "; window: " + (wr.empty() ? "all queries" : wr) + ", " + (wc.empty() ? "all keys" : wc);
    out.note = std::string(toeplitzKindName(req.kernel.kind)) + " kernel: " + what;
    return out;
}

}  // namespace phaselens::core
