// Random q/k score sampler: counter-based normal vectors and sampleRandomScores (phaselens/heatmap.h).
#include <array>
#include <stdexcept>
#include <string>
#include <vector>

#include "heatmap_internal.h"

namespace phaselens::core {

using namespace heatmap_detail;

// =====================================================================================================
// [SECTION] Random vectors
// =====================================================================================================
namespace {

constexpr uint64_t kGolden = 0x9E3779B97F4A7C15ull;

inline uint64_t fmix(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}
inline uint64_t splitmix(uint64_t x) {
    return fmix(x + kGolden);
}

// Box–Muller normal generator; the 1024-entry angle table is built per instance (per call).
struct NormalGen {
    uint64_t seed;
    double tc[1024], ts[1024];
    explicit NormalGen(uint64_t s) : seed(s) {
        for (int j = 0; j < 1024; ++j) {
            tc[j] = std::cos(kTwoPi * j / 1024.0);
            ts[j] = std::sin(kTwoPi * j / 1024.0);
        }
    }
    // Writes channel c of the vector at `position` to out[c·stride].
    void fill(VectorRole role, int64_t position, int dim, double* out, Eigen::Index stride) const {
        const uint64_t tag = role == VectorRole::Query ? 0x51u : 0x4Bu;
        const uint64_t sp = splitmix(splitmix(seed ^ tag) ^ static_cast<uint64_t>(position));
        constexpr double kU = 1.0 / 4294967296.0;
        constexpr double kD = kTwoPi / 4294967296.0;
        for (int j = 0; 2 * j < dim; ++j) {
            const uint64_t h = splitmix(sp + static_cast<uint64_t>(j) * kGolden);
            const double u1 = (static_cast<double>(h >> 32) + 1.0) * kU;
            const uint32_t lo = static_cast<uint32_t>(h);
            const double r = std::sqrt(-2.0 * std::log(u1));
            const uint32_t idx = lo >> 22;
            const double d = static_cast<double>(lo & 0x3FFFFFu) * kD, d2 = d * d;
            const double cd = 1.0 - d2 * (1.0 / 2 - d2 * (1.0 / 24 - d2 * (1.0 / 720)));
            const double sd = d * (1.0 - d2 * (1.0 / 6 - d2 * (1.0 / 120 - d2 * (1.0 / 5040))));
            out[(2 * j) * stride] = r * (tc[idx] * cd - ts[idx] * sd);
            if (2 * j + 1 < dim) out[(2 * j + 1) * stride] = r * (ts[idx] * cd + tc[idx] * sd);
        }
    }
};

Eigen::MatrixXd generateRows(const NormalGen& gen, VectorRole role, const std::vector<int64_t>& positions, int dim) {
    Eigen::MatrixXd out(static_cast<Eigen::Index>(positions.size()), dim);
    for (size_t r = 0; r < positions.size(); ++r) gen.fill(role, positions[r], dim, out.data() + r, out.rows());
    return out;
}

}  // namespace

Eigen::MatrixXd randomPositionVectors(uint64_t seed, VectorRole role, const std::vector<int64_t>& positions, int dim) {
    requireInRange("dim", dim, 1, 1 << 20);
    for (int64_t p : positions) requireInRange("position", p, 0, kMaxSampledPositions);
    return generateRows(NormalGen(seed), role, positions, dim);
}

// =====================================================================================================
// [SECTION] Random scores
// =====================================================================================================
namespace {

struct RandomSetup {
    const RandomScoresRequest& req;
    AxisSampling ax, cax;  // rows (queries), columns (keys): windows with one common step
    VisRange vis;
    int threads;
    Eigen::Index half;
    double norm;  // 1 or 1/sqrt(d)
    NormalGen gen;
    Progress* progress;  // optional (units: positions for block means, row groups for min/max)

    Eigen::MatrixXd rotated(VectorRole role, const std::vector<int64_t>& pos) const {
        Eigen::MatrixXd X = generateRows(gen, role, pos, req.headDim);
        Eigen::VectorXd p(static_cast<Eigen::Index>(pos.size()));
        for (size_t j = 0; j < pos.size(); ++j) p[static_cast<Eigen::Index>(j)] = dbl(pos[j]);
        return rotateRows(X, p, req.theta, req.pairing, req.attentionFactor);
    }

    // A·Bᵀ·norm, rows of A split over threads.
    Eigen::MatrixXd product(const Eigen::MatrixXd& A, const Eigen::MatrixXd& B) const {
        Eigen::MatrixXd S(A.rows(), B.rows());
        const int64_t chunk = 64, items = (A.rows() + chunk - 1) / chunk;
        parallelItems(
            items, threads, 1,
            [&](int64_t it) {
                const Eigen::Index r0 = it * chunk, nr = std::min<Eigen::Index>(chunk, A.rows() - r0);
                S.middleRows(r0, nr).noalias() = A.middleRows(r0, nr) * B.transpose();
            },
            progress);
        if (norm != 1.0) S *= norm;
        return S;
    }

    // Bounding box [u0, u1] × [v0, v1] (block-relative) of the visible pairs of block (a, b).
    void visibleBox(int64_t a, int64_t b, int64_t& u0, int64_t& u1, int64_t& v0, int64_t& v1) const {
        const int64_t d0 = ax.blockStart(a) - cax.blockStart(b), bu = ax.blockLength(a), bv = cax.blockLength(b);
        u0 = std::max<int64_t>(0, vis.lo - d0);
        u1 = std::min(bu - 1, vis.hi - d0 + bv - 1);
        v0 = std::max<int64_t>(0, d0 - vis.hi);
        v1 = std::min(bv - 1, d0 + bu - 1 - vis.lo);
    }

    // Statistic over the visible pairs of a g × g grid on the visible box of block (a, b).
    // Returns {mean, min, max}; exact is cleared when the grid is a subsample.
    std::array<double, 3> boxGrid(int64_t a, int64_t b, int64_t g, bool& exact) const {
        int64_t u0, u1, v0, v1;
        visibleBox(a, b, u0, u1, v0, v1);
        const int64_t ra = ax.blockStart(a), cb = cax.blockStart(b);
        const std::vector<int64_t> rp = gridPositions(ra + u0, u1 - u0 + 1, g);
        const std::vector<int64_t> cp = gridPositions(cb + v0, v1 - v0 + 1, g);
        if (u1 - u0 + 1 > g || v1 - v0 + 1 > g) exact = false;
        const Eigen::MatrixXd Sg = rotated(VectorRole::Query, rp) * rotated(VectorRole::Key, cp).transpose() * norm;
        double sum = 0.0, lo = kInf, hi = -kInf;
        int64_t cnt = 0;
        for (size_t i = 0; i < rp.size(); ++i)
            for (size_t j = 0; j < cp.size(); ++j)
                if (isVisible(req.mask, rp[i], cp[j])) {
                    const double v = Sg(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j));
                    sum += v, ++cnt;
                    lo = std::min(lo, v), hi = std::max(hi, v);
                }
        if (cnt > 0) return {sum / dbl(cnt), lo, hi};
        // No grid pair visible: the pair at the centre of the visible region.
        const int64_t d0 = ra - cb, bv = cax.blockLength(b);
        for (int64_t u : {(u0 + u1) / 2, u0, u1}) {
            const int64_t vlo = std::max<int64_t>(0, d0 + u - vis.hi), vhi = std::min(bv - 1, d0 + u - vis.lo);
            if (vlo > vhi) continue;
            const int64_t v = (vlo + vhi) / 2;
            const double s =
                (rotated(VectorRole::Query, {ra + u}) * rotated(VectorRole::Key, {cb + v}).transpose())(0, 0) * norm;
            return {s, s, s};
        }
        return {-kInf, -kInf, -kInf};
    }

    // 0 = fully masked, 1 = fully visible, 2 = on the mask edge.
    int blockState(int64_t a, int64_t b) const {
        const int64_t d0 = ax.blockStart(a) - cax.blockStart(b);
        const int64_t lo = d0 - (cax.blockLength(b) - 1), hi = d0 + ax.blockLength(a) - 1;
        if (std::max(lo, vis.lo) > std::min(hi, vis.hi)) return 0;
        return (lo >= vis.lo && hi <= vis.hi) ? 1 : 2;
    }
};

// Block means of the rotated vectors of one role over every position of the axis (rows = blocks).
Eigen::MatrixXd rotatedBlockMeans(const RandomSetup& st, VectorRole role) {
    const RandomScoresRequest& req = st.req;
    const AxisSampling& ax = role == VectorRole::Query ? st.ax : st.cax;
    const int d = req.headDim;
    const Eigen::Index half = st.half;
    const NormalGen& gen = st.gen;
    // Pieces: blocks cut into fixed lengths (multiples of kTab), independent of the thread count.
    const int64_t pieceLen = std::max<int64_t>(4096, ((req.n / 4096 + kTab - 1) / kTab) * kTab);
    struct Piece {
        int64_t block, first, count;
    };
    std::vector<Piece> pieces;
    for (int64_t a = 0; a < ax.pixels; ++a)
        for (int64_t b = 0; b < ax.blockLength(a); b += pieceLen)
            pieces.push_back({a, ax.blockStart(a) + b, std::min(pieceLen, ax.blockLength(a) - b)});
    // e^{ikθ} tables, k < kTab.
    const int64_t tabLen = std::min(kTab, ax.step);
    Eigen::MatrixXd tc(tabLen, half), ts(tabLen, half);
    for (Eigen::Index i = 0; i < half; ++i)
        for (int64_t q = 0; q < tabLen; ++q) {
            tc(q, i) = std::cos(dbl(q) * req.theta[i]);
            ts(q, i) = std::sin(dbl(q) * req.theta[i]);
        }
    Eigen::MatrixXd partial(d, static_cast<Eigen::Index>(pieces.size()));
    parallelItems(
        static_cast<int64_t>(pieces.size()), st.threads, 1,
        [&](int64_t it) {
            const Piece& pc = pieces[static_cast<size_t>(it)];
            Eigen::MatrixXd X(tabLen, d);  // column c = channel c over the chunk's positions
            Eigen::VectorXd acc = Eigen::VectorXd::Zero(d);
            for (int64_t c0 = 0; c0 < pc.count; c0 += tabLen) {
                const int64_t len = std::min(tabLen, pc.count - c0);
                const int64_t p0 = pc.first + c0;
                for (int64_t q = 0; q < len; ++q) gen.fill(role, p0 + q, d, X.data() + q, X.rows());
                for (Eigen::Index i = 0; i < half; ++i) {
                    const Eigen::Index ca = req.pairing == Pairing::HalfSplit ? i : 2 * i;
                    const Eigen::Index cb = req.pairing == Pairing::HalfSplit ? i + half : 2 * i + 1;
                    const auto x = X.col(ca).head(len), y = X.col(cb).head(len);
                    const auto c = tc.col(i).head(len), s = ts.col(i).head(len);
                    const double re = c.dot(x) - s.dot(y), im = c.dot(y) + s.dot(x);
                    const double ang = dbl(p0) * req.theta[i];
                    const double cA = std::cos(ang), sA = std::sin(ang);
                    acc[ca] += cA * re - sA * im;
                    acc[cb] += sA * re + cA * im;
                }
                for (Eigen::Index ch = 2 * half; ch < d; ++ch) acc[ch] += X.col(ch).head(len).sum();
                if (st.progress) st.progress->advance(len);  // every tabLen (<= 256) positions: polls cancel
            }
            partial.col(it) = acc;
        },
        st.progress);
    Eigen::MatrixXd means = Eigen::MatrixXd::Zero(ax.pixels, d);
    for (size_t it = 0; it < pieces.size(); ++it)
        means.row(pieces[it].block) += partial.col(static_cast<Eigen::Index>(it)).transpose();
    for (int64_t a = 0; a < ax.pixels; ++a) {
        means.row(a) /= dbl(ax.blockLength(a));
        for (Eigen::Index i = 0; i < half; ++i) {
            const Eigen::Index ca = req.pairing == Pairing::HalfSplit ? i : 2 * i;
            const Eigen::Index cb = req.pairing == Pairing::HalfSplit ? i + half : 2 * i + 1;
            means(a, ca) *= req.attentionFactor;
            means(a, cb) *= req.attentionFactor;
        }
    }
    return means;
}

// Blocks longer than kExactMeanBlock use a deterministic grid of kMeanSubsamples positions per block for the block
// means of q̂ and k̂ (approximate; the work per pixel is then bounded): contexts up to 1024 × the pixels stay exact.
constexpr int64_t kExactMeanBlock = 1024;
constexpr int64_t kMeanSubsamples = 64;

// Block means of the rotated vectors over the grid gridPositions(block, kMeanSubsamples) of every block.
Eigen::MatrixXd rotatedGridMeans(const RandomSetup& st, VectorRole role) {
    const AxisSampling& ax = role == VectorRole::Query ? st.ax : st.cax;
    Eigen::MatrixXd means(ax.pixels, st.req.headDim);
    parallelItems(
        ax.pixels, st.threads, 1,
        [&](int64_t a) {
            const Eigen::MatrixXd r =
                st.rotated(role, gridPositions(ax.blockStart(a), ax.blockLength(a), kMeanSubsamples));
            means.row(a) = r.colwise().mean();
            if (st.progress) st.progress->advance(ax.blockLength(a));
        },
        st.progress);
    return means;
}

}  // namespace

SampledMatrix sampleRandomScores(const RandomScoresRequest& req) {
    requireInRange("n", req.n, 1, kMaxSampledPositions);
    requireMaxPixels(req.maxPixels);
    validate(req.mask);
    if (req.theta.size() < 1) throw std::invalid_argument("theta must not be empty");
    for (Eigen::Index i = 0; i < req.theta.size(); ++i) requireFinite("theta", req.theta[i]);
    if (req.headDim < 2 * req.theta.size() || req.headDim > (1 << 16))
        throw std::invalid_argument("head_dim must be in [2·theta.size() = " + std::to_string(2 * req.theta.size()) +
                                    ", 65536], got " + std::to_string(req.headDim));
    requireFinite("attention_factor", req.attentionFactor);
    requireInRange("mean_boundary_samples", req.meanBoundarySamples, 1, 1024);
    requireInRange("min_max_samples", req.minMaxSamples, 1, 1024);

    const auto axes = windowAxes(req.n, req.rows, req.cols, req.maxPixels);
    const AxisSampling ax = axes.first, cax = axes.second;
    const RandomSetup st{req,
                         ax,
                         cax,
                         visibility(req.mask),
                         resolveThreadCount(req.threads),
                         req.theta.size(),
                         req.scaleBySqrtD ? 1.0 / std::sqrt(static_cast<double>(req.headDim)) : 1.0,
                         NormalGen(req.seed),
                         progressOr(req.progress)};
    checkCancelled(st.progress);
    const int64_t P = ax.pixels, Pc = cax.pixels;
    std::vector<int64_t> centres(static_cast<size_t>(P)), centresC(static_cast<size_t>(Pc));
    for (int64_t a = 0; a < P; ++a) centres[static_cast<size_t>(a)] = ax.blockCentre(a);
    for (int64_t b = 0; b < Pc; ++b) centresC[static_cast<size_t>(b)] = cax.blockCentre(b);

    Eigen::MatrixXd img(P, Pc);
    SampledMatrix out;
    out.rows = ax;
    out.cols = cax;
    std::string what;
    const std::string head = "random q/k (seed " + std::to_string(req.seed) + ", " + pairingName(req.pairing) + "): ";

    if (req.reduction == Reduction::Point || ax.step == 1) {
        img = st.product(st.rotated(VectorRole::Query, centres), st.rotated(VectorRole::Key, centresC));
        for (int64_t a = 0; a < P; ++a)
            for (int64_t b = 0; b < Pc; ++b)
                if (!isVisible(req.mask, centres[static_cast<size_t>(a)], centresC[static_cast<size_t>(b)]))
                    img(a, b) = -kInf;
        what = ax.step == 1 ? "exact: one position per pixel" : "point-sampled at block centres, " + blockText(ax);
        if (ax.step == 1 && req.reduction != Reduction::Point)
            what = std::string(reductionName(req.reduction)) + ", exact: one position per pixel";
    } else if (req.reduction == Reduction::Mean) {
        if (st.progress) st.progress->start(ax.count + cax.count);  // every position once per role
        const bool gridMeans = ax.step > kExactMeanBlock;
        img = gridMeans ? st.product(rotatedGridMeans(st, VectorRole::Query), rotatedGridMeans(st, VectorRole::Key))
                        : st.product(rotatedBlockMeans(st, VectorRole::Query), rotatedBlockMeans(st, VectorRole::Key));
        std::vector<std::pair<int64_t, int64_t>> edge;
        for (int64_t a = 0; a < P; ++a)
            for (int64_t b = 0; b < Pc; ++b) {
                const int s = st.blockState(a, b);
                if (s == 0) img(a, b) = -kInf;
                if (s == 2) edge.push_back({a, b});
            }
        std::vector<char> edgeExact(edge.size(), 1);
        parallelItems(
            static_cast<int64_t>(edge.size()), st.threads, 4,
            [&](int64_t e) {
                bool ex = true;
                const auto& ab = edge[static_cast<size_t>(e)];
                img(ab.first, ab.second) = st.boxGrid(ab.first, ab.second, req.meanBoundarySamples, ex)[0];
                edgeExact[static_cast<size_t>(e)] = ex ? 1 : 0;
            },
            st.progress);
        const bool allExact = std::all_of(edgeExact.begin(), edgeExact.end(), [](char c) { return c != 0; });
        out.exact = allExact && !gridMeans;
        what = "mean over each block's visible entries, " + blockText(ax) + ", exact by bilinearity";
        if (gridMeans)
            what = "mean over each block's visible entries, " + blockText(ax) + ", approximate: over a deterministic " +
                   std::to_string(kMeanSubsamples) + "x" + std::to_string(kMeanSubsamples) +
                   " grid of positions per block (exact by bilinearity over the grid)";
        if (!allExact)
            what += "; approximate on mask-boundary blocks (mean over a " + std::to_string(req.meanBoundarySamples) +
                    "x" + std::to_string(req.meanBoundarySamples) + " grid of visible pairs)";
    } else {  // Min / Max with step > 1
        const bool wantMax = req.reduction == Reduction::Max;
        const double budget = std::sqrt(16777216.0 / (dbl(P) * dbl(Pc)));
        const int64_t s = std::max<int64_t>(1, std::min<int64_t>(req.minMaxSamples, static_cast<int64_t>(budget)));
        // Grids over whole blocks for the fully visible ones.
        auto grids = [s](const AxisSampling& axis, std::vector<int64_t>& gp, std::vector<int64_t>& offsets) {
            offsets.assign(static_cast<size_t>(axis.pixels + 1), 0);
            for (int64_t a = 0; a < axis.pixels; ++a) {
                const auto g = gridPositions(axis.blockStart(a), axis.blockLength(a), s);
                gp.insert(gp.end(), g.begin(), g.end());
                offsets[static_cast<size_t>(a + 1)] = static_cast<int64_t>(gp.size());
            }
        };
        std::vector<int64_t> gp, off, gpC, offC;
        grids(ax, gp, off);
        grids(cax, gpC, offC);
        const Eigen::MatrixXd Qs = st.rotated(VectorRole::Query, gp), Ks = st.rotated(VectorRole::Key, gpC);
        // Row blocks in groups of ~128 grid rows so that each GEMM is reasonably shaped; only the column
        // range holding fully visible blocks is multiplied.
        const int64_t group = std::max<int64_t>(1, 128 / s), groups = (P + group - 1) / group;
        std::vector<char> edgeExact(static_cast<size_t>(groups), 1);
        if (st.progress) st.progress->start(groups);
        parallelItems(
            groups, st.threads, 1,
            [&](int64_t g) {
                const int64_t a0 = g * group, a1 = std::min(P, a0 + group);
                int64_t bmin = Pc, bmax = -1;
                for (int64_t a = a0; a < a1; ++a)
                    for (int64_t b = 0; b < Pc; ++b)
                        if (st.blockState(a, b) == 1) bmin = std::min(bmin, b), bmax = std::max(bmax, b);
                Eigen::MatrixXd M;
                Eigen::Index rBase = 0, cBase = 0;
                if (bmax >= 0) {
                    rBase = off[static_cast<size_t>(a0)];
                    cBase = offC[static_cast<size_t>(bmin)];
                    M = Qs.middleRows(rBase, off[static_cast<size_t>(a1)] - rBase) *
                        Ks.middleRows(cBase, offC[static_cast<size_t>(bmax + 1)] - cBase).transpose() * st.norm;
                }
                bool ex = true;
                for (int64_t a = a0; a < a1; ++a) {
                    const Eigen::Index r0 = off[static_cast<size_t>(a)] - rBase,
                                       nr = off[static_cast<size_t>(a + 1)] - off[static_cast<size_t>(a)];
                    for (int64_t b = 0; b < Pc; ++b) {
                        const int state = st.blockState(a, b);
                        if (state == 0) {
                            img(a, b) = -kInf;
                        } else if (state == 2) {
                            const auto r = st.boxGrid(a, b, s, ex);
                            img(a, b) = wantMax ? r[2] : r[1];
                        } else {
                            if (ax.blockLength(a) > s || cax.blockLength(b) > s) ex = false;
                            const Eigen::Index c0 = offC[static_cast<size_t>(b)] - cBase,
                                               nc = offC[static_cast<size_t>(b + 1)] - offC[static_cast<size_t>(b)];
                            const auto blk = M.block(r0, c0, nr, nc);
                            img(a, b) = wantMax ? blk.maxCoeff() : blk.minCoeff();
                        }
                    }
                }
                edgeExact[static_cast<size_t>(g)] = ex ? 1 : 0;
                if (st.progress) st.progress->advance(1);
            },
            st.progress);
        const bool exact = std::all_of(edgeExact.begin(), edgeExact.end(), [](char c) { return c != 0; });
        out.exact = exact;
        what = std::string(reductionName(req.reduction)) + ", " + blockText(ax) +
               (exact ? ", exact (every position of each block evaluated)"
                      : ", approximate: over a deterministic " + std::to_string(s) + "x" + std::to_string(s) +
                            " subsample per block (exact only when step <= " + std::to_string(s) + ")");
    }
    finishImage(out, img, req.alsoFloat64);
    const std::string wr = windowText(ax, req.n, "queries"), wc = windowText(cax, req.n, "keys");
    if (!wr.empty() || !wc.empty())
        what += "; window: " + (wr.empty() ? "all queries" : wr) + ", " + (wc.empty() ? "all keys" : wc);
    out.note = head + what;
    return out;
}

}  // namespace phaselens::core
