// PhaseLens model — Attention scores and the positional kernel s(Δ) (Scores panel).
// Builders, titles and registry entries (view_registry.h) of this panel's views.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "model/number_format.h"
#include "model/views_common.h"
#include "phaselens/alibi.h"
#include "phaselens/heatmap.h"
#include "phaselens/phase.h"
#include "phaselens/pretraining.h"
#include "phaselens/rope.h"
#include "phaselens/sinusoidal.h"
#include "phaselens/t5_buckets.h"
#include "phaselens/t5_majority.h"
#include "phaselens/validate.h"
#include "phaselens/xpos.h"
#include "plot/axis_fit.h"
#include "plot/plot_layout.h"
#include "render/colormap.h"

namespace phaselens::model {

using namespace detail;

namespace {

struct ScoreKernel {
    core::ToeplitzKernel kernel;
    std::string what;
};

ScoreKernel scoreKernel(const AppState& s, ViewResult& r, bool forCurve) {
    ScoreKernel k;
    if (s.scoreScheme == ScoreScheme::NoPE) {
        k.kernel = core::alibiKernel(0.0);
        k.what = "NoPE: no positional term; the causal mask is the only position signal";
        return k;
    }
    if (s.scoreScheme == ScoreScheme::Xpos) {
        core::XposParams xp{s.rope.headDim, s.xposScaleBase, s.rope.base};
        k.kernel = core::xposOnesKernel(xp);
        k.what = "xPos (torchscale), head_dim " + std::to_string(s.rope.headDim) + ", scale_base " +
                 num(s.xposScaleBase) + ", q = k = all ones: Σ 2·ζᵢ^(Δ/scale_base)·cos(Δ·θᵢ)";
        if (s.scoreSource != ScoreSource::Ones && !forCurve)
            r.warnings.push_back("xPos scores are shown for all-ones q = k; random vectors apply to RoPE only");
        return k;
    }
    const core::RopeFrequencies f = ropeFrequencies(s);
    if (s.scoreSource == ScoreSource::RepeatedToken && !forCurve) {
        const Eigen::MatrixXd v = core::randomPositionVectors(s.seed, core::VectorRole::Query, {0}, f.rotaryDim);
        k.kernel = core::ropeRepeatedTokenKernel(f.invFreq, v.row(0).transpose(), s.ropePairing, f.attentionFactor);
        k.what = ropeSummary(s, f) + "; one token repeated (seed " + std::to_string(s.seed) + "), " +
                 pairingSentence(s, f.rotaryDim);
    } else {
        k.kernel = core::ropeOnesKernel(f.invFreq, f.attentionFactor);
        k.what = ropeSummary(s, f) +
                 "; q = k = all ones over the rotary channels (pass-through channels add the constant " +
                 std::to_string(s.rope.headDim - f.rotaryDim) + "): 2·af²·Σ cos(Δ·θᵢ)";
    }
    return k;
}

ViewResult buildScores(const AppState& s) {
    ViewResult r;
    core::MaskParams mask{s.mask, s.slidingWindow};
    if (s.scoreScheme == ScoreScheme::NoPE) mask.type = core::MaskType::Causal;
    const double scale = s.scaleBySqrtD ? 1.0 / std::sqrt(static_cast<double>(s.rope.headDim)) : 1.0;
    core::SampledMatrix m;
    std::string what;
    // Deep zoom: visible queries (y) and keys (x).
    const DataWindow& zoom = s.windows[View::Scores];
    const core::AxisWindow rows = sampleWindow(zoom.y, s.contextLength), cols = sampleWindow(zoom.x, s.contextLength);
    if (s.scoreScheme == ScoreScheme::Rope && s.scoreSource == ScoreSource::Random) {
        const core::RopeFrequencies f = ropeFrequencies(s);
        core::RandomScoresRequest req;
        req.theta = f.invFreq;
        req.pairing = s.ropePairing;
        req.headDim = s.rope.headDim;
        req.attentionFactor = f.attentionFactor;
        req.seed = s.seed;
        req.n = s.contextLength;
        req.maxPixels = s.maxPixels;
        req.reduction = s.reduction;
        req.mask = mask;
        req.scaleBySqrtD = s.scaleBySqrtD;
        req.rows = rows;
        req.cols = cols;
        m = core::sampleRandomScores(req);
        what = ropeSummary(s, f) + "; seeded random q, k (seed " + std::to_string(s.seed) + "); " +
               pairingSentence(s, f.rotaryDim);
        if (s.softmax) r.warnings.push_back("softmax is available for all-ones and repeated-token vectors");
    } else {
        ScoreKernel k = scoreKernel(s, r, false);
        k.kernel.scale *= scale;
        core::MatrixSampleRequest req;
        req.kernel = k.kernel;
        req.n = s.contextLength;
        req.maxPixels = s.maxPixels;
        req.reduction = s.reduction;
        req.mask = mask;
        req.softmax = s.softmax;
        req.rows = rows;
        req.cols = cols;
        m = core::sampleToeplitzMatrix(req);
        what = k.what;
    }
    const double n = static_cast<double>(s.contextLength);
    double vmin = m.vmin, vmax = m.vmax;
    if (s.softmax && !(s.scoreScheme == ScoreScheme::Rope && s.scoreSource == ScoreSource::Random)) vmin = 0;
    r.spec.heatmap =
        heatmapFrom(m, n, n, s.scoresColormap, vmin, vmax, s.softmax ? "attention weight" : "score q·k", s.reduction);
    if (!zoom.whole()) placeWindowedHeatmap(*r.spec.heatmap, m.rows, m.cols);
    setQueryKeyAxes(r.spec, n);
    r.spec.title = s.title.empty() ? defaultTitle(View::Scores, s) : s.title;
    r.convention = what + (s.scaleBySqrtD ? "; divided by sqrt(head_dim)" : "; raw (no 1/sqrt(d))") + "; mask " +
                   core::maskTypeName(mask.type) +
                   (mask.type == core::MaskType::SlidingWindow ? " (window " + count(mask.window) + ")" : "") +
                   (s.softmax ? "; row softmax over keys" : "") + "; rows = queries, columns = keys; " + m.note;
    r.spec.caption = breakAtClauses(r.convention);
    return r;
}

ViewResult buildKernel(const AppState& s) {
    ViewResult r;
    const int64_t c = s.contextLength;
    // Deep zoom: the visible offsets [first, last] are re-sampled; the y axis keeps the range fitted to the whole
    // curve, so the plot's home window does not move with the zoom.
    const DataWindow& zoom = s.windows[View::Kernel];
    // Δ in [0, C]; at the documented maximum C = 2^31 the core's count limit (2^31 offsets) ends at C - 1, the
    // largest offset a context of C tokens has.
    const int64_t last = std::min<int64_t>(c, core::kMaxSampledPositions - 1);
    const std::pair<int64_t, int64_t> zoomRange = offsetWindow(zoom.x, 0, last);
    const int64_t zoomFirst = zoomRange.first, zoomLast = zoomRange.second;  // (clang 14: no captured bindings)
    std::vector<plot::LineSeries> whole;  // the unzoomed curves (only for the y range of a zoomed plot)
    auto curve = [&](const core::ToeplitzKernel& kernel, const std::string& name) {
        auto line = [&](int64_t first, int64_t end) {
            const core::KernelCurve kc = core::sampleKernelCurve(kernel, first, end, 2048, s.reduction);
            plot::LineSeries l;
            l.name = name;
            l.x.assign(kc.x.data(), kc.x.data() + kc.x.size());
            l.y.assign(kc.y.data(), kc.y.data() + kc.y.size());
            return std::make_pair(l, kc.note);
        };
        if (zoomFirst == 0 && zoomLast == last) return line(0, last);
        whole.push_back(line(0, last).first);
        return line(zoomFirst, zoomLast);
    };
    // The kernel follows the q/k choice: one repeated token has its own Toeplitz kernel; seeded random q/k differ
    // at every position (no function of Δ alone), so the all-ones kernel is drawn and the caption says so.
    const bool random = s.scoreSource == ScoreSource::Random && s.scoreScheme == ScoreScheme::Rope;
    const bool repeated = s.scoreSource == ScoreSource::RepeatedToken && s.scoreScheme == ScoreScheme::Rope;
    ViewResult scratch;
    ScoreKernel k = scoreKernel(s, scratch, random);
    auto [main, note] =
        curve(k.kernel, s.scoreScheme == ScoreScheme::Xpos   ? "xPos"
                        : s.scoreScheme == ScoreScheme::NoPE ? "NoPE (0)"
                                                             : "RoPE " + std::string(core::ropeTypeName(s.rope.type)));
    r.spec.series.push_back(main);
    if (s.scoreScheme == ScoreScheme::Rope && s.rope.type != core::RopeType::Default) {
        AppState plain = s;
        plain.rope.type = core::RopeType::Default;
        r.spec.series.push_back(curve(scoreKernel(plain, scratch, random).kernel, "before scaling (default)").first);
    }
    r.spec.x = {"offset Δ = i − j (positions)", 0.0, static_cast<double>(c)};
    r.spec.x.integer = true;
    r.spec.y = {repeated ? "q·k for one token repeated (seed " + std::to_string(s.seed) + ")"
                         : "q·k for q = k = all ones"};
    addTrainingLine(r.spec, s, plot::Orientation::Vertical);
    r.spec.title = s.title.empty() ? defaultTitle(View::Kernel, s) : s.title;
    r.convention = (random ? "seeded random q, k (seed " + std::to_string(s.seed) +
                                 ") are not a function of Δ alone: the kernel is shown for q = k = all ones; "
                           : std::string()) +
                   k.what + "; " + note;
    if (s.scoreScheme == ScoreScheme::Xpos && s.scoreSource != ScoreSource::Ones)
        r.convention = "xPos kernel for q = k = all ones (the chosen vectors apply to RoPE only); " + r.convention;
    if (!whole.empty()) {  // the y range the whole curves fit to (the home window of the unzoomed plot)
        plot::PlotSpec full = r.spec;
        full.series = whole;
        const plot::ViewWindow home = plot::homeWindow(full);
        r.spec.y.min = home.yMin;
        r.spec.y.max = home.yMax;
    }
    r.spec.caption = breakAtClauses(r.convention);
    return r;
}

constexpr FieldSet kScoreInputs =
    kRopeFields | FieldSet{Field::trainingContext, Field::scoreScheme,   Field::scoreSource,   Field::seed,
                           Field::scaleBySqrtD,    Field::mask,          Field::slidingWindow, Field::softmax,
                           Field::xposScaleBase,   Field::scoresColormap};

std::string scoresTitle(const AppState& s) {
    const char* scheme = s.scoreScheme == ScoreScheme::Rope   ? "RoPE"
                         : s.scoreScheme == ScoreScheme::Xpos ? "xPos"
                                                              : "NoPE";
    return std::string(s.softmax ? "Attention weights" : "Attention scores") + " (" + scheme + ", context " +
           count(s.contextLength) + ")";
}

}  // namespace

template <>
ViewDef viewDef<View::Scores>() {
    return {[](View, const AppState& s) { return buildScores(s); },
            [](View, const AppState& s) -> std::string { return scoresTitle(s); },
            kScoreInputs | FieldSet{Field::windows}, "scores_colormap"};
}

template <>
ViewDef viewDef<View::Kernel>() {
    return {[](View, const AppState& s) { return buildKernel(s); },
            [](View, const AppState& s) -> std::string {
                return "Positional kernel s(Δ), context " + count(s.contextLength);
            },
            kScoreInputs | FieldSet{Field::windows}, "scores_colormap"};
}

}  // namespace phaselens::model
