// The study views (views_study.h): paper figures from phaselens/study.h and rope_scaling.h.
#include "model/views_study.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <tuple>

#include "phaselens/attention.h"
#include "phaselens/rope.h"
#include "phaselens/rope_scaling.h"
#include "phaselens/study.h"

namespace phaselens::model {

namespace {

constexpr plot::Rgba kBlue = plot::rgba(70, 140, 230);
constexpr plot::Rgba kOrange = plot::rgba(240, 150, 40);
constexpr plot::Rgba kGreen = plot::rgba(60, 180, 90);
constexpr plot::Rgba kRed = plot::rgba(225, 70, 70);
constexpr plot::Rgba kPurple = plot::rgba(160, 100, 220);
constexpr plot::Rgba kGrey = plot::rgba(140, 140, 140);
constexpr int64_t kMaxBaseBoundContext = 65536;  // study-base-bound: B_m up to this L
constexpr int64_t kMaxWindowsContext = 8192;     // study-base-windows: largest L scanned

std::string num(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

plot::RefLine line(plot::Orientation o, double value, std::string label, plot::Rgba color = 0, bool dashed = true) {
    plot::RefLine r;
    r.orientation = o;
    r.value = value;
    r.label = std::move(label);
    r.color = color;
    r.dashed = dashed;
    return r;
}

// Splits "a; b; c" into lines of at most ~100 characters (the plot draws '\n' as a new line).
std::string wrap(const std::string& text, size_t width = 100) {
    std::string out, cur;
    size_t start = 0;
    while (true) {
        const size_t end = text.find("; ", start);
        const std::string part = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (!cur.empty() && cur.size() + 2 + part.size() > width) {
            out += cur + "\n";
            cur.clear();
        }
        cur += (cur.empty() ? "" : "; ") + part;
        if (end == std::string::npos) break;
        start = end + 2;
    }
    return out + cur;
}

void finish(ViewResult& r, View view, const AppState& s, const std::string& convention) {
    r.convention = convention;
    r.spec.title = s.title.empty() ? studyTitle(view, s) : s.title;
    r.spec.caption = wrap(convention);
}

// [SECTION] RoFormer decay bound --------------------------------------------------------------------------

ViewResult buildDecay(const AppState& s) {
    const int d = s.rope.headDim;
    const double base = s.rope.base, f = std::max(1.0, s.extensionFactor);
    const double deltaMax = std::max<double>(256.0, static_cast<double>(s.contextLength));
    const Eigen::VectorXd theta = core::defaultInvFreq(d, base);
    struct Curve {
        std::string name;
        Eigen::VectorXd theta;
        plot::Rgba color;
    };
    std::vector<Curve> curves = {{"base " + num(base), theta, kBlue}, {"PI θ/" + num(f), theta / f, kOrange}};
    ViewResult r;
    // NTK-aware base B·s^(D/(D−2)): undefined for D = 2 and overflows for extreme s; then the curve is left out.
    const double ntkBase = d > 2 ? base * std::pow(f, static_cast<double>(d) / (d - 2)) : HUGE_VAL;
    if (std::isfinite(ntkBase))
        curves.push_back({"NTK base " + num(ntkBase), core::defaultInvFreq(d, ntkBase), kGreen});
    else
        r.warnings.push_back("NTK variant left out: B·s^(D/(D−2)) is not finite for D = " + std::to_string(d) +
                             ", s = " + num(f));
    constexpr int kPoints = 400;
    for (const Curve& c : curves) {
        plot::LineSeries series;
        series.name = c.name;
        series.color = c.color;
        for (int k = 0; k < kPoints; ++k) {
            const double delta = std::exp(std::log(deltaMax) * k / (kPoints - 1));
            series.x.push_back(delta);
            series.y.push_back(core::decayBound(c.theta, delta));
        }
        r.spec.series.push_back(series);
    }
    r.spec.x = {"relative distance Δ (positions)", 1.0, deltaMax};
    r.spec.x.log = true;
    r.spec.y = {"relative upper bound (1/(D/2))·Σ|S_j|", 0.0, (d / 2 + 1) / 2.0 * 1.6};
    r.spec.refLines.push_back(line(plot::Orientation::Horizontal, (d / 2 + 1) / 2.0, "Δ = 0: (D/2 + 1)/2", kGrey));
    if (static_cast<double>(s.trainingContext) <= deltaMax)
        r.spec.refLines.push_back(line(plot::Orientation::Vertical, static_cast<double>(s.trainingContext),
                                       "training " + std::to_string(s.trainingContext)));
    finish(r, View::StudyDecay, s,
           "Su et al. 2021 (RoFormer) §3.4.3, Fig. 2: |Σ_j h_j e^{iΔθ_j}| <= max|h_{j+1} − h_j|·Σ_{j=1}^{D/2} |S_j|, "
           "S_j = Σ_{k<j} e^{iΔθ_k}, θ_k = B^(−2k/D); D = " +
               std::to_string(d) + ", B = " + num(base) + "; scaled variants at s = " + num(f) +
               ": PI divides every θ by s (the curve moves right by s), NTK raises the base to B·s^(D/(D−2))");
    return r;
}

// [SECTION] Base bound (Men et al. 2024) -------------------------------------------------------------------

// The context of the base-bound figures: the training context, clamped to the figures' limit (and said so).
int64_t boundContext(const AppState& s, std::vector<std::string>& warnings) {
    // The figure's own limit and the core's work cap (L + 1)·D/2 <= kMaxBaseBoundWork.
    const int64_t pairs = std::max(1, s.rope.headDim / 2);
    const int64_t limit =
        std::min<int64_t>(kMaxBaseBoundContext, static_cast<int64_t>(core::kMaxBaseBoundWork) / pairs - 1);
    if (s.trainingContext <= limit) return s.trainingContext;
    warnings.push_back("training context " + std::to_string(s.trainingContext) +
                       " is above the base-bound figures' limit for head_dim " + std::to_string(s.rope.headDim) +
                       ": shown at L = " + std::to_string(limit));
    return limit;
}

/// The scan of study.h for head_dim d and context L: min_base and the valid windows up to 3·min_base (at most
/// maxWindows). A pure function of (d, L, maxWindows) that takes up to seconds, so results are kept (at most 64,
/// thread-safe): moving another control, resizing the window or exporting at other sizes does not scan again.
struct BaseScan {
    std::optional<double> minBase;
    std::vector<core::BaseWindow> windows;
};

BaseScan baseScan(int d, int64_t L, int maxWindows) {
    static std::mutex mutex;
    static std::map<std::tuple<int, int64_t, int>, BaseScan> kept;
    constexpr size_t kMaxKept = 64;
    const auto key = std::make_tuple(d, L, maxWindows);
    {
        const std::lock_guard<std::mutex> lock(mutex);
        if (const auto it = kept.find(key); it != kept.end()) return it->second;
    }
    BaseScan scan;
    scan.minBase = core::minValidBase(d, L);
    if (scan.minBase) scan.windows = core::validBaseWindows(d, L, *scan.minBase * 3.0, maxWindows);
    const std::lock_guard<std::mutex> lock(mutex);
    if (kept.size() >= kMaxKept) kept.clear();
    kept.emplace(key, scan);
    return scan;
}

ViewResult buildBaseBound(const AppState& s) {
    const int d = s.rope.headDim;
    ViewResult r;
    const int64_t L = boundContext(s, r.warnings);
    const BaseScan scan = baseScan(d, L, 2);
    const std::optional<double>& minBase = scan.minBase;
    struct Curve {
        std::string name;
        double base;
        plot::Rgba color;
    };
    std::vector<Curve> curves = {{"state base " + num(s.rope.base), s.rope.base, kBlue}};
    std::string facts;
    if (minBase) {
        curves.push_back({"lowest valid base " + num(*minBase), *minBase * (1 + 1e-7), kGreen});
        const std::vector<core::BaseWindow>& windows = scan.windows;
        if (!windows.empty() && !windows[0].open) {
            const double gap = windows.size() > 1 ? std::sqrt(windows[0].hi * windows[1].lo) : windows[0].hi * 1.01;
            curves.push_back({"in the first gap " + num(gap), gap, kRed});
            facts = "; lowest window " + num(windows[0].lo) + " – " + num(windows[0].hi) +
                    (windows.size() > 1 ? ", next from " + num(windows[1].lo) : "");
        }
    }
    constexpr int64_t kBuckets = 1500;
    for (const Curve& c : curves) {
        const Eigen::VectorXd bm = core::baseBoundCurve(d, c.base, L);
        plot::LineSeries series;
        series.name = c.name + " (min " + num(bm.minCoeff()) + ")";
        series.color = c.color;
        const int64_t step = std::max<int64_t>(1, (L + 1 + kBuckets - 1) / kBuckets);
        for (int64_t m0 = 0; m0 <= L; m0 += step) {
            const int64_t len = std::min(step, L + 1 - m0);
            Eigen::Index arg = 0;
            const double lo = bm.segment(m0, len).minCoeff(&arg);
            series.x.push_back(static_cast<double>(m0 + arg));
            series.y.push_back(lo);
        }
        r.spec.series.push_back(series);
    }
    r.spec.x = {"m (relative position)", 0.0, static_cast<double>(L)};
    r.spec.y = {"B_m = Σ_i cos(m·θ_i)", -0.25 * d / 2, d / 2 * 1.6};
    r.spec.refLines.push_back(line(plot::Orientation::Horizontal, 0.0, "B_m = 0", kGrey, false));
    finish(r, View::StudyBaseBound, s,
           "Men et al. 2024, Base of RoPE Bounds Context Length: a base b is valid for L when B_m(b) >= 0 for every "
           "m <= L; D = " +
               std::to_string(d) + ", L = " + std::to_string(L) + " (training context)" + facts +
               "; the valid bases are not an interval: windows alternate with gaps; each point is the minimum over "
               "its block of m");
    return r;
}

ViewResult buildBaseWindows(const AppState& s) {
    const int d = s.rope.headDim;
    ViewResult r;
    const int64_t lMax = std::min(boundContext(s, r.warnings), kMaxWindowsContext);
    plot::LineSeries edge;
    edge.name = "lowest valid base (min_base)";
    edge.color = kGreen;
    edge.markers = true;
    std::string facts;
    double yLo = 1e300, yHi = 0;
    bool firstBar = true;
    for (int64_t L = 256; L <= std::max<int64_t>(lMax, 256); L *= 2) {
        const BaseScan scan = baseScan(d, L, 12);
        const std::optional<double>& minBase = scan.minBase;
        if (!minBase) continue;
        const std::vector<core::BaseWindow>& windows = scan.windows;
        edge.x.push_back(static_cast<double>(L));
        edge.y.push_back(*minBase);
        for (const core::BaseWindow& w : windows) {
            plot::LineSeries bar;
            bar.name = firstBar ? "valid windows (up to 3 × min_base)" : "";
            firstBar = false;
            bar.color = kBlue;
            bar.width = 7.0f;
            // A window narrower than the bar's rendering still shows: at least 0.4 % tall on the log axis.
            const double mid = std::sqrt(w.lo * w.hi), half = std::max(std::sqrt(w.hi / w.lo), 1.002);
            bar.x = {static_cast<double>(L), static_cast<double>(L)};
            bar.y = {w.open ? w.lo : mid / half, w.open ? w.hi : mid * half};
            r.spec.series.push_back(bar);
            yLo = std::min(yLo, w.lo);
            yHi = std::max(yHi, w.hi);
        }
        facts +=
            "; L = " + std::to_string(L) + ": " + std::to_string(windows.size()) + " windows from " + num(*minBase);
    }
    r.spec.series.push_back(edge);
    r.spec.x = {"context L", 180.0, static_cast<double>(std::max<int64_t>(lMax, 256)) * 1.4};
    r.spec.x.log = true;
    r.spec.y = {"base b"};
    r.spec.y.log = true;
    if (yHi > 0) {
        r.spec.y.min = yLo / 1.5;
        r.spec.y.max = yHi * 6;
    }
    finish(r, View::StudyBaseWindows, s,
           "Men et al. 2024: bases b with B_m(b) >= 0 for every m <= L, D = " + std::to_string(d) +
               "; scan b = 2·1.0002^k, edges bisected; windows drawn at least 0.4 % tall; above the last open window "
               "every base is valid up to the scan limit" +
               facts);
    return r;
}

// [SECTION] Critical dimension (Liu et al. 2023) ------------------------------------------------------------

ViewResult buildCriticalDim(const AppState& s) {
    const int d = s.rope.headDim;
    const double base = s.rope.base, L = static_cast<double>(s.trainingContext);
    const Eigen::VectorXd theta = core::defaultInvFreq(d, base);
    const int64_t cd = core::criticalDimension(d, base, L);
    ViewResult r;
    plot::LineSeries lambda, seen, unseen;
    lambda.name = "λ_i = 2π·B^(2i/D)";
    lambda.color = kBlue;
    seen.name = "full period within L";
    seen.color = kGreen;
    seen.markers = true;
    unseen.name = "period longer than L";
    unseen.color = kRed;
    unseen.markers = true;
    for (Eigen::Index i = 0; i < theta.size(); ++i) {
        const double w = 2 * M_PI / theta[i];
        lambda.x.push_back(static_cast<double>(i));
        lambda.y.push_back(w);
        (w <= L ? seen : unseen).x.push_back(static_cast<double>(i));
        (w <= L ? seen : unseen).y.push_back(w);
    }
    r.spec.series = {lambda, seen, unseen};
    r.spec.x = {"pair i (dimensions 2i, 2i+1)", -0.5, static_cast<double>(theta.size()) - 0.5};
    r.spec.y = {"wavelength (positions per turn)"};
    r.spec.y.log = true;
    r.spec.refLines.push_back(
        line(plot::Orientation::Horizontal, L, "training L = " + std::to_string(s.trainingContext)));
    const double pairEdge = static_cast<double>(cd) / 2.0 - 0.5;
    r.spec.refLines.push_back(line(plot::Orientation::Vertical, pairEdge,
                                   "critical dimension d_extra = " + std::to_string(cd), kOrange, false));
    finish(r, View::StudyCriticalDim, s,
           "Liu et al. 2023, Scaling Laws of RoPE-based Extrapolation, eq. 13: d_extra = 2·⌈(D/2)·log_B(L/2π)⌉ = " +
               std::to_string(cd) + " for D = " + std::to_string(d) + ", B = " + num(base) +
               ", L = " + std::to_string(s.trainingContext) +
               "; the first d_extra dimensions see every phase in training, the rest extrapolate to unseen angles "
               "(Llama 2: 92)");
    return r;
}

// [SECTION] YaRN ramps of real configs ----------------------------------------------------------------------

struct YarnConfig {
    const char* name;
    int rotaryDim;
    double base, factor, betaFast, betaSlow;
    bool truncate;
    double mscale, mscaleAllDim;  // 0 = unset
    plot::Rgba color;
};

// The extrapolation weight 1 − ramp_i of transformers' YaRN (find_correction_range + linear_ramp_factor):
// i(ρ) = r·ln(L0/(2π·ρ))/(2·ln base), low = floor(i(β_fast)), high = ceil(i(β_slow)) (no floor/ceil when not
// truncating), clamped to [0, r − 1], high += 0.001 when equal; ramp_i = clamp((i − low)/(high − low), 0, 1).
Eigen::VectorXd yarnWeights(int rotaryDim, double base, double l0, double betaFast, double betaSlow, bool truncate) {
    auto dim = [&](double rot) { return rotaryDim * std::log(l0 / (rot * 2 * M_PI)) / (2 * std::log(base)); };
    double low = dim(betaFast), high = dim(betaSlow);
    if (truncate) {
        low = std::floor(low);
        high = std::ceil(high);
    }
    low = std::max(low, 0.0);
    high = std::min(high, static_cast<double>(rotaryDim - 1));
    if (low == high) high += 0.001;
    Eigen::VectorXd w(rotaryDim / 2);
    for (int i = 0; i < rotaryDim / 2; ++i) w[i] = 1.0 - std::clamp((i - low) / (high - low), 0.0, 1.0);
    return w;
}

ViewResult buildYarnRamps(const AppState& s) {
    // rope_scaling of the public config.json files (rotary dims: head_dim 64 / qk_rope_head_dim 64).
    const YarnConfig configs[] = {
        {"GPT-OSS (truncate false)", 64, 150000.0, 32.0, 32.0, 1.0, false, 0, 0, kBlue},
        {"DeepSeek-V3", 64, 10000.0, 40.0, 32.0, 1.0, true, 1.0, 1.0, kOrange},
        {"Kimi K2 (β_fast = β_slow = 1)", 64, 50000.0, 32.0, 1.0, 1.0, true, 1.0, 1.0, kRed},
    };
    constexpr double kL0 = 4096.0;
    ViewResult r;
    std::string facts;
    for (const YarnConfig& c : configs) {
        core::RopeParams p;
        p.headDim = c.rotaryDim;
        p.base = c.base;
        p.type = core::RopeType::Yarn;
        p.factor = c.factor;
        p.originalMaxPositionEmbeddings = static_cast<int64_t>(kL0);
        p.betaFast = c.betaFast;
        p.betaSlow = c.betaSlow;
        p.yarnTruncate = c.truncate;
        if (c.mscale > 0) p.mscale = c.mscale;
        if (c.mscaleAllDim > 0) p.mscaleAllDim = c.mscaleAllDim;
        // transformers accepts β_fast = β_slow (Kimi K2), core::computeRopeFrequencies does not: the weights
        // then come from the same correction-range rule written out here (yarnWeights).
        const Eigen::VectorXd weight = c.betaFast > c.betaSlow
                                           ? core::computeRopeFrequencies(p).extrapolationWeight
                                           : yarnWeights(c.rotaryDim, c.base, kL0, c.betaFast, c.betaSlow, c.truncate);
        const double af = c.mscale > 0 ? (0.1 * c.mscale * std::log(c.factor) + 1.0) /
                                             (0.1 * c.mscaleAllDim * std::log(c.factor) + 1.0)
                                       : core::yarnMscale(c.factor);
        const Eigen::VectorXd turns = core::yarnTurns(core::defaultInvFreq(c.rotaryDim, c.base), kL0);
        plot::LineSeries series;
        series.name = std::string(c.name) + ", s = " + num(c.factor);
        series.color = c.color;
        series.markers = true;
        for (Eigen::Index i = 0; i < turns.size(); ++i) {
            series.x.push_back(turns[i]);
            series.y.push_back(weight[i]);
        }
        r.spec.series.push_back(series);
        facts += std::string("; ") + c.name + ": base " + num(c.base) + ", β " + num(c.betaFast) + "/" +
                 num(c.betaSlow) + ", attention factor " + num(af);
    }
    plot::LineSeries paper;
    paper.name = "paper γ(r), α = 1, β = 32";
    paper.color = kGrey;
    for (int k = 0; k <= 200; ++k) {
        const double rr = std::pow(10.0, -3.0 + 6.0 * k / 200.0);
        paper.x.push_back(rr);
        paper.y.push_back(core::yarnRamp(rr, 1.0, 32.0));
    }
    r.spec.series.insert(r.spec.series.begin(), paper);
    r.spec.x = {"r(d) = L0/λ_d (turns in the original context L0 = 4096)", 1e-3, 1e3};
    r.spec.x.log = true;
    r.spec.y = {"γ: weight of the original θ_d (1 extrapolate, 0 interpolate θ_d/s)", -0.05, 1.7};
    r.spec.refLines.push_back(line(plot::Orientation::Vertical, 1.0, "α = 1", kGrey));
    r.spec.refLines.push_back(line(plot::Orientation::Vertical, 32.0, "β = 32", kGrey));
    finish(r, View::StudyYarnRamps, s,
           "Peng et al. 2023 (YaRN): h(θ_d) = (1 − γ)·θ_d/s + γ·θ_d with γ the ramp of r(d) = L0/λ_d; √(1/t) = "
           "0.1·ln s + 1 (s = 32: " +
               num(core::yarnMscale(32.0)) +
               "); configs as transformers computes them (ramp over the dimension index between the correction dims "
               "of β_fast and β_slow, floor/ceil unless truncate is false)" +
               facts);
    return r;
}

// [SECTION] p-RoPE (Barbero et al. 2024) ---------------------------------------------------------------------

ViewResult buildPRope(const AppState& s) {
    const int d = s.rope.headDim;
    const double ps[] = {0.0, 0.25, 0.75, 1.0};
    const plot::Rgba colors[] = {kGrey, kPurple, kOrange, kBlue};
    ViewResult r;
    std::string facts;
    for (int k = 0; k < 4; ++k) {
        const Eigen::VectorXd f = core::pRopeFrequencies(d, s.rope.base, ps[k]);
        plot::LineSeries kept;
        kept.name = "p = " + num(ps[k]) + ": " + std::to_string((f.array() > 0).count()) + " of " +
                    std::to_string(f.size()) + " pairs rotate";
        kept.color = colors[k];
        kept.markers = true;
        kept.width = 4.0f;
        for (Eigen::Index i = 0; i < f.size(); ++i) {
            kept.x.push_back(static_cast<double>(i));
            kept.y.push_back(f[i] > 0 ? ps[k] : std::nan(""));
        }
        r.spec.series.push_back(kept);
    }
    r.spec.x = {"pair i (θ_i = B^(−2i/D), fastest first)", -0.5, d / 2 - 0.5};
    r.spec.y = {"p (fraction of frequencies kept)", -0.15, 1.9};
    finish(r, View::StudyPRope, s,
           "Barbero et al. 2024, Round and Round We Go!: p-RoPE keeps the int(p·D/2) highest frequencies and sets "
           "the lowest to 0, so those pairs carry semantics without rotation; p = 0 is NoPE, p = 1 is RoPE; D = " +
               std::to_string(d) + ", B = " + num(s.rope.base) + " (Gemma 4's proportional RoPE uses the same rule)");
    return r;
}

// [SECTION] Attention sinks (Xiao et al. 2023) ------------------------------------------------------------------

ViewResult buildSinks(const AppState& s) {
    const double nMax = std::max<double>(64.0, static_cast<double>(s.contextLength));
    ViewResult r;
    const double gaps[] = {2.0, 4.0, 6.0};
    const plot::Rgba colors[] = {kBlue, kOrange, kRed};
    constexpr int kPoints = 200;
    for (int k = 0; k < 3; ++k) {
        plot::LineSeries series;
        series.name = "first token, logit gap " + num(gaps[k]);
        series.color = colors[k];
        for (int j = 0; j < kPoints; ++j) {
            const double n = std::round(std::exp(std::log(nMax) * j / (kPoints - 1)));
            series.x.push_back(n);
            series.y.push_back(core::sinkMass(static_cast<int64_t>(n), 1, gaps[k], 0.0));
        }
        r.spec.series.push_back(series);
    }
    plot::LineSeries learned;
    learned.name = "learned sink logit s = ln 256 (no value)";
    learned.color = kGreen;
    learned.width = 3.0f;
    for (int j = 0; j < kPoints; ++j) {
        const double n = std::round(std::exp(std::log(nMax) * j / (kPoints - 1)));
        learned.x.push_back(n);
        learned.y.push_back(core::learnedSinkShare(static_cast<int64_t>(n), std::log(256.0), 0.0));
    }
    r.spec.series.push_back(learned);
    plot::LineSeries uniform;
    uniform.name = "uniform 1/n";
    uniform.color = kGrey;
    uniform.x = {1.0, nMax};
    uniform.y = {1.0, 1.0 / nMax};
    r.spec.series.push_back(uniform);
    r.spec.x = {"keys n (sequence length)", 1.0, nMax};
    r.spec.x.log = true;
    r.spec.y = {"softmax mass", 1e-4, 30.0};
    r.spec.y.log = true;
    finish(r, View::StudySinks, s,
           "Xiao et al. 2023 (StreamingLLM): a first token whose logit exceeds the others by g keeps e^g/(e^g + n − 1) "
           "of the attention, far above 1/n, so evicting it breaks windowed attention; a learned sink logit s "
           "(GPT-OSS) takes e^s/(e^s + n) and lets a head attend to nothing; other logits 0");
    return r;
}

// [SECTION] Permutation equivariance --------------------------------------------------------------------------

// softmax(Q·Kᵀ/√d + mask)·V for tokens X (rows) at slots 0..n−1; RoPE rotates q and k by the slot.
Eigen::MatrixXd attentionOutput(const Eigen::MatrixXd& X, const Eigen::MatrixXd& wq, const Eigen::MatrixXd& wk,
                                const Eigen::MatrixXd& wv, bool causal, const Eigen::VectorXd* invFreq) {
    Eigen::MatrixXd q = X * wq, k = X * wk;
    if (invFreq) {
        const Eigen::VectorXd pos = Eigen::VectorXd::LinSpaced(X.rows(), 0, static_cast<double>(X.rows() - 1));
        q = core::rotateRows(q, pos, *invFreq, core::Pairing::HalfSplit);
        k = core::rotateRows(k, pos, *invFreq, core::Pairing::HalfSplit);
    }
    Eigen::MatrixXd scores = core::rawScores(q, k, true);
    if (causal) {
        core::MaskParams m;
        m.type = core::MaskType::Causal;
        core::applyMask(scores, m);
    }
    return core::rowSoftmax(scores) * (X * wv);
}

ViewResult buildPermutation(const AppState& s) {
    constexpr int kTokens = 12;
    const int d = std::min(s.rope.headDim, 64);
    std::mt19937_64 rng(s.seed);
    std::normal_distribution<double> g(0.0, 1.0);
    auto random = [&](int rows, int cols) {
        Eigen::MatrixXd m(rows, cols);
        for (int c = 0; c < cols; ++c)
            for (int r = 0; r < rows; ++r) m(r, c) = g(rng);
        return m;
    };
    const Eigen::MatrixXd X = random(kTokens, d), wq = random(d, d), wk = random(d, d), wv = random(d, d);
    std::vector<int> perm(kTokens);
    for (int r = 0; r < kTokens; ++r) perm[static_cast<size_t>(r)] = r;
    std::shuffle(perm.begin(), perm.end(), rng);
    Eigen::MatrixXd px(kTokens, d);
    for (int r = 0; r < kTokens; ++r) px.row(r) = X.row(perm[static_cast<size_t>(r)]);
    const Eigen::VectorXd theta = core::defaultInvFreq(d, s.rope.base);
    struct Setting {
        const char* name;
        bool causal;
        bool rope;
        plot::Rgba color;
    };
    const Setting settings[] = {{"NoPE, no mask: equivariant", false, false, kGreen},
                                {"NoPE + causal mask", true, false, kOrange},
                                {"RoPE, no mask", false, true, kRed}};
    ViewResult r;
    double top = 0;
    std::string facts;
    for (const Setting& st : settings) {
        const Eigen::MatrixXd out = attentionOutput(X, wq, wk, wv, st.causal, st.rope ? &theta : nullptr);
        const Eigen::MatrixXd outP = attentionOutput(px, wq, wk, wv, st.causal, st.rope ? &theta : nullptr);
        plot::LineSeries series;
        series.name = st.name;
        series.color = st.color;
        series.markers = true;
        double worst = 0;
        for (int row = 0; row < kTokens; ++row) {
            const double dev = (outP.row(row) - out.row(perm[static_cast<size_t>(row)])).cwiseAbs().maxCoeff();
            series.x.push_back(row);
            series.y.push_back(dev);
            worst = std::max(worst, dev);
        }
        top = std::max(top, worst);
        facts += std::string("; ") + st.name + ": max deviation " + num(worst);
        r.spec.series.push_back(series);
    }
    r.spec.x = {"slot of the shuffled sequence", -0.5, kTokens - 0.5};
    r.spec.y = {"max |out(P·X)[r] − out(X)[π(r)]|", 0.0, std::max(top, 1e-3) * 1.7};
    finish(r, View::StudyPermutation, s,
           "Self-attention without positions is permutation-equivariant: shuffling the tokens (rows of X) shuffles the "
           "outputs the same way, so order is invisible; a causal mask or RoPE (slot positions) breaks it; " +
               std::to_string(kTokens) + " random tokens, width " + std::to_string(d) + ", seed " +
               std::to_string(s.seed) + facts);
    return r;
}

}  // namespace

bool isStudyView(View view) {
    switch (view) {
        case View::StudyDecay:
        case View::StudyBaseBound:
        case View::StudyBaseWindows:
        case View::StudyCriticalDim:
        case View::StudyYarnRamps:
        case View::StudyPRope:
        case View::StudySinks:
        case View::StudyPermutation:
            return true;
        default:
            return false;
    }
}

ViewResult buildStudyView(View view, const AppState& s) {
    switch (view) {
        case View::StudyDecay:
            return buildDecay(s);
        case View::StudyBaseBound:
            return buildBaseBound(s);
        case View::StudyBaseWindows:
            return buildBaseWindows(s);
        case View::StudyCriticalDim:
            return buildCriticalDim(s);
        case View::StudyYarnRamps:
            return buildYarnRamps(s);
        case View::StudyPRope:
            return buildPRope(s);
        case View::StudySinks:
            return buildSinks(s);
        case View::StudyPermutation:
            return buildPermutation(s);
        default:
            break;
    }
    throw std::invalid_argument("not a study view");
}

std::string studyTitle(View view, const AppState& s) {
    const std::string dims = "D = " + std::to_string(s.rope.headDim);
    switch (view) {
        case View::StudyDecay:
            return "RoFormer long-term decay bound (" + dims + ", base " + num(s.rope.base) + ")";
        case View::StudyBaseBound:
            return "Base bounds context: B_m against m (" + dims + ", L = " + std::to_string(s.trainingContext) + ")";
        case View::StudyBaseWindows:
            return "Valid windows of the RoPE base against context L (" + dims + ")";
        case View::StudyCriticalDim:
            return "Critical dimension (" + dims + ", base " + num(s.rope.base) +
                   ", L = " + std::to_string(s.trainingContext) + ")";
        case View::StudyYarnRamps:
            return "YaRN ramps of real configs";
        case View::StudyPRope:
            return "p-RoPE: frequencies kept (" + dims + ")";
        case View::StudySinks:
            return "Attention sinks: softmax mass on the first token";
        case View::StudyPermutation:
            return "Permutation equivariance: shuffle the tokens, compare the outputs";
        default:
            return "";
    }
}

template <>
ViewDef viewDef<View::StudyDecay>() {
    return {&buildStudyView, &studyTitle,
            FieldSet{Field::ropeHeadDim, Field::ropeBase, Field::extensionFactor, Field::trainingContext}, nullptr};
}

template <>
ViewDef viewDef<View::StudyBaseBound>() {
    return {&buildStudyView, &studyTitle, FieldSet{Field::ropeHeadDim, Field::ropeBase, Field::trainingContext},
            nullptr};
}

template <>
ViewDef viewDef<View::StudyBaseWindows>() {
    return {&buildStudyView, &studyTitle, FieldSet{Field::ropeHeadDim, Field::trainingContext}, nullptr};
}

template <>
ViewDef viewDef<View::StudyCriticalDim>() {
    return {&buildStudyView, &studyTitle, FieldSet{Field::ropeHeadDim, Field::ropeBase, Field::trainingContext},
            nullptr};
}

template <>
ViewDef viewDef<View::StudyYarnRamps>() {
    return {&buildStudyView, &studyTitle, FieldSet{}, nullptr};
}

template <>
ViewDef viewDef<View::StudyPRope>() {
    return {&buildStudyView, &studyTitle, FieldSet{Field::ropeHeadDim, Field::ropeBase}, nullptr};
}

template <>
ViewDef viewDef<View::StudySinks>() {
    return {&buildStudyView, &studyTitle, FieldSet{}, nullptr};
}

template <>
ViewDef viewDef<View::StudyPermutation>() {
    return {&buildStudyView, &studyTitle, FieldSet{Field::ropeHeadDim, Field::ropeBase, Field::seed}, nullptr};
}

}  // namespace phaselens::model
