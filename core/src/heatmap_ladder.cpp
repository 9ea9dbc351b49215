// Position × pair ladder sampler: sampleLadder (formulas in phaselens/heatmap.h).
#include <stdexcept>
#include <string>

#include "heatmap_internal.h"
#include "ladder_extremes.h"
#include "phaselens/phase.h"
#include "rotation_extremes.h"

namespace phaselens::core {

using namespace heatmap_detail;

namespace {

constexpr int64_t kExactLadderBlock = 1024;  // min / max blocks up to this length: every sample evaluated
constexpr int64_t kMaxLadderArcs = 32768;    // longer blocks: at most this many evaluations (ladder_extremes.h)
constexpr int64_t kLadderSubsamples = 4096;  // otherwise a deterministic grid of this many positions (approximate)

CircleQuantity circleQuantity(LadderRequest::Quantity q) {
    return q == LadderRequest::Sin ? CircleQuantity::Sin
                                   : (q == LadderRequest::Cos ? CircleQuantity::Cos : CircleQuantity::AngleWrapped);
}

bool anySet(const std::vector<char>& flags) {
    return std::any_of(flags.begin(), flags.end(), [](char c) { return c != 0; });
}

std::string longBlockNote(Reduction reduction, bool proof, bool arcs, bool rotation, bool subsampled,
                          const AxisSampling& ax) {
    std::string s = std::string(reductionName(reduction)) + " per block, " + blockText(ax) + ": ";
    std::string how;
    if (rotation)
        how =
            "exact (the positions within float64 rounding of the extreme of p*theta mod 2pi, Euclid recursion on "
            "the rotation)";
    if (arcs)
        how += std::string(how.empty() ? "" : "; ") +
               "exact (the samples next to the extreme on each non-wrapping arc, three-distance theorem)";
    if (proof)
        how += std::string(how.empty() ? "" : "; ") +
               "+-1 where the largest gap between samples proves it to float precision (1 - cos(pi*G) < 2^-26)";
    if (subsampled)
        how += std::string(how.empty() ? "" : "; ") + "approximate on some pairs: over a deterministic grid of " +
               std::to_string(kLadderSubsamples) + " positions per block";
    return s + how;
}

}  // namespace

// =====================================================================================================
// [SECTION] Ladders
// =====================================================================================================

SampledMatrix sampleLadder(const LadderRequest& req) {
    const Eigen::Index pairs = req.theta.size();
    requireInRange("theta size", pairs, 1, kMaxSampledPixels);
    for (Eigen::Index i = 0; i < pairs; ++i) requireAtLeast("theta", req.theta[i], 0.0);
    requireInRange("positions", req.positions, 1, kMaxSampledPositions);
    requireMaxPixels(req.maxPixels);
    requirePositive("position_scale", req.positionScale);
    if (req.quantity < LadderRequest::Sin || req.quantity > LadderRequest::AngleWrapped)
        throw std::invalid_argument("ladder quantity must be one of sin, cos, angle-raw, angle-wrapped; got " +
                                    std::to_string(static_cast<int>(req.quantity)));
    const auto win = resolveWindow(req.window, req.positions, "positions_window");
    AxisSampling ax = axisSampling(win.second, req.maxPixels);
    ax.first = win.first;
    const int threads = resolveThreadCount(req.threads);
    Progress* const prog = progressOr(req.progress);
    checkCancelled(prog);
    const double ps = req.positionScale;
    const auto q = req.quantity;
    const int64_t P = ax.pixels;

    auto valueAt = [&](double angle) {
        switch (q) {
            case LadderRequest::Sin:
                return std::sin(angle);
            case LadderRequest::Cos:
                return std::cos(angle);
            case LadderRequest::AngleRaw:
                return angle;
            case LadderRequest::AngleWrapped:
                return wrapAngle(angle);
        }
        return angle;
    };

    SampledMatrix out;
    out.rows = AxisSampling{pairs, 1, pairs};
    out.cols = ax;
    allocImage(out, pairs, P, req.alsoFloat64);
    // Work items: (pair, group of blocks), fixed.
    const int64_t group = std::max<int64_t>(1, 65536 / ax.step);
    const int64_t groups = (P + group - 1) / group;
    const int64_t tabLen = std::min(kTab, ax.step);
    const bool needTab = (req.reduction == Reduction::Min || req.reduction == Reduction::Max) &&
                         (q == LadderRequest::Sin || q == LadderRequest::Cos);
    Eigen::MatrixXd tc, ts;
    if (needTab) {
        tc.resize(tabLen, pairs);
        ts.resize(tabLen, pairs);
        for (Eigen::Index i = 0; i < pairs; ++i)
            for (int64_t k = 0; k < tabLen; ++k) {
                tc(k, i) = std::cos(dbl(k) * (ps * req.theta[i]));
                ts(k, i) = std::sin(dbl(k) * (ps * req.theta[i]));
            }
    }
    // Long blocks (min / max of sin, cos, wrapped angle): one circle cover per pair and block length.
    const bool longBlocks = (req.reduction == Reduction::Min || req.reduction == Reduction::Max) &&
                            q != LadderRequest::AngleRaw && ax.step > kExactLadderBlock;
    std::vector<CircleCover> covers;
    if (longBlocks) {
        covers.resize(static_cast<size_t>(2 * pairs));
        const int64_t lastLength = ax.blockLength(P - 1);
        for (Eigen::Index i = 0; i < pairs; ++i) {
            covers[static_cast<size_t>(2 * i)] = circleCover(ps * req.theta[i], ax.step, kMaxLadderArcs);
            covers[static_cast<size_t>(2 * i + 1)] = circleCover(ps * req.theta[i], lastLength, kMaxLadderArcs);
        }
    }
    std::vector<char> usedProof(static_cast<size_t>(pairs * groups), 0), usedArcs(usedProof), subsampled(usedProof),
        usedRotation(usedProof);
    if (prog) prog->start(pairs * ax.count);  // units: positions × pairs
    parallelItems(
        pairs * groups, threads, 1,
        [&](int64_t item) {
            const Eigen::Index i = item / groups;
            const int64_t g = item % groups;
            const double th = req.theta[i], alpha = ps * th;
            auto phi = [&](int64_t p) { return (dbl(p) * ps) * th; };
            for (int64_t kb = g * group; kb < std::min(P, (g + 1) * group); ++kb) {
                const int64_t p0 = ax.blockStart(kb), B = ax.blockLength(kb), p1 = p0 + B - 1;
                double v = 0.0;
                if (req.reduction == Reduction::Point) {
                    v = valueAt(phi(ax.blockCentre(kb)));
                } else if (req.reduction == Reduction::Mean) {
                    const double phc = ((dbl(p0) + 0.5 * dbl(B - 1)) * ps) * th;
                    const double D = dirichletMean(alpha, B);
                    switch (q) {
                        case LadderRequest::Sin:
                            v = std::sin(phc) * D;
                            break;
                        case LadderRequest::Cos:
                            v = std::cos(phc) * D;
                            break;
                        case LadderRequest::AngleRaw:
                            v = phc;
                            break;
                        case LadderRequest::AngleWrapped:
                            v = std::abs(D) < 1e-9 ? M_PI : wrapAngle(D > 0 ? phc : phc + M_PI);
                            break;
                    }
                } else {
                    const bool wantMax = req.reduction == Reduction::Max;
                    double lo = kInf, hi = -kInf;
                    auto take = [&](double x) {
                        lo = std::min(lo, x);
                        hi = std::max(hi, x);
                    };
                    if (q == LadderRequest::AngleRaw || alpha == 0.0) {
                        take(valueAt(phi(p0)));
                        take(valueAt(phi(p1)));
                    } else if (q == LadderRequest::AngleWrapped && B <= kExactLadderBlock) {
                        const double k0 = std::floor(phi(p0) / kTwoPi), k1 = std::floor(phi(p1) / kTwoPi);
                        if ((k1 - k0) * 4.0 + 2.0 >= dbl(B)) {
                            for (int64_t p = p0; p <= p1; ++p) take(wrapAngle(phi(p)));
                        } else {
                            take(wrapAngle(phi(p0)));
                            take(wrapAngle(phi(p1)));
                            for (double t = k0 + 1.0; t <= k1; t += 1.0) {
                                const int64_t ps0 = static_cast<int64_t>(std::ceil(t * kTwoPi / alpha));
                                for (int64_t p = std::max(p0, ps0 - 2); p <= std::min(p1, ps0 + 1); ++p)
                                    take(wrapAngle(phi(p)));
                            }
                        }
                    } else if (B > kExactLadderBlock) {
                        const CircleQuantity cq = circleQuantity(q);
                        double ext = 0.0;
                        bool proved = false;
                        if (q == LadderRequest::AngleWrapped && wrappedBlockExtreme(wantMax, p0, B, ps, th, ext)) {
                            take(ext);
                            usedRotation[static_cast<size_t>(item)] = 1;
                        } else if (circleBlockExtreme(cq, wantMax,
                                                      covers[static_cast<size_t>(2 * i + (B == ax.step ? 0 : 1))], p0,
                                                      B, ps, th, ext, proved)) {
                            take(ext);
                            (proved ? usedProof : usedArcs)[static_cast<size_t>(item)] = 1;
                        } else {
                            for (int64_t p : gridPositions(p0, B, kLadderSubsamples)) take(valueAt(phi(p)));
                            subsampled[static_cast<size_t>(item)] = 1;
                        }
                    } else {
                        const bool isSin = q == LadderRequest::Sin;
                        for (int64_t c0 = 0; c0 < B; c0 += tabLen) {
                            const int64_t len = std::min(tabLen, B - c0);
                            const double A = phi(p0 + c0), cA = std::cos(A), sA = std::sin(A);
                            for (int64_t k = 0; k < len; ++k) {
                                const double c = tc(k, i), s = ts(k, i);
                                take(isSin ? sA * c + cA * s : cA * c - sA * s);
                            }
                        }
                    }
                    v = wantMax ? hi : lo;
                }
                putPixel(out, i, kb, v);
            }
            if (prog) {
                const int64_t b0 = g * group, b1 = std::min(P, (g + 1) * group);
                prog->advance(ax.blockStart(b1 - 1) + ax.blockLength(b1 - 1) - ax.blockStart(b0));
            }
        },
        prog);
    setExtremes(out);
    std::string what = std::string(ladderQuantityName(q)) + " of (position x " + formatDouble(ps) +
                       ")·theta_i, one row per pair (pair 0 at the top); ";
    if (req.reduction == Reduction::Point) {
        what += ax.step == 1 ? "exact: one position per pixel" : "point-sampled at block centres, " + blockText(ax);
    } else if (req.reduction == Reduction::Mean) {
        switch (q) {
            case LadderRequest::Sin:
            case LadderRequest::Cos:
                what += "exact block mean (closed form), " + blockText(ax);
                break;
            case LadderRequest::AngleRaw:
                what += "angle at the block's mean position (exact mean), " + blockText(ax);
                break;
            case LadderRequest::AngleWrapped:
                what +=
                    "circular mean of the wrapped angle in [0, 2pi) (pi where the phasors cancel), " + blockText(ax);
                break;
        }
    } else if (!longBlocks) {
        what +=
            std::string(reductionName(req.reduction)) + " over every position of each block (exact), " + blockText(ax);
    } else {
        what += longBlockNote(req.reduction, anySet(usedProof), anySet(usedArcs), anySet(usedRotation),
                              anySet(subsampled), ax);
        out.exact = !anySet(subsampled);
    }
    const std::string wp = windowText(ax, req.positions, "positions");
    out.note = wp.empty() ? what : what + "; window: " + wp;
    return out;
}

}  // namespace phaselens::core
