#include "model/views.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <stdexcept>

#include "model/number_format.h"
#include "model/state_clamp.h"
#include "model/views_learned.h"
#include "model/views_mrope.h"
#include "model/views_study.h"
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

namespace phaselens::model {

namespace {

constexpr double kTwoPi = 2.0 * M_PI;
constexpr double kMaxStride = 1e6;
constexpr plot::Rgba kNyquistColor = plot::rgba(235, 60, 220);       // magenta: visible on viridis and on red–blue
constexpr plot::Rgba kUnseenColor = plot::rgba(128, 128, 128, 110);  // grey veil: visible on any colormap
constexpr plot::Rgba kMarkerColor = plot::rgba(255, 200, 40);

std::string fmt(const char* format, double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, format, v);
    return buf;
}
std::string num(double v) {
    return plainNumber(v);  // 500000 and 1000000, never 1e+06 (number_format.h)
}
std::string count(int64_t v) {
    return std::to_string(v);
}

const char* quantityLabel(LadderQuantity q) {
    switch (q) {
        case LadderQuantity::Sin:
            return "sin(p·θᵢ)";
        case LadderQuantity::Cos:
            return "cos(p·θᵢ)";
        case LadderQuantity::AngleRaw:
            return "angle p·θᵢ (rad)";
        case LadderQuantity::AngleWrapped:
            return "angle p·θᵢ mod 2π (rad)";
    }
    return "";
}

std::string pairingSentence(const AppState& s, int rotaryDim) {
    if (s.rope.pairing == core::Pairing::HalfSplit)
        return "pair i = channels (i, i + " + std::to_string(rotaryDim / 2) + "), half-split (HF rotate_half)";
    return "pair i = channels (2i, 2i + 1), interleaved (Meta complex / GPT-J)";
}

std::string samplingSentence(const core::SampledMatrix& m) {
    return m.note;
}

// Breaks a caption into lines of at most `width` characters at "; " boundaries (the plot draws '\n' as
// a new line), so long convention sentences stay readable on screen and in exports.
std::string breakAtClauses(const std::string& text, size_t width = 100) {
    std::string out, line;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find("; ", start);
        const std::string part = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (!line.empty() && line.size() + 2 + part.size() > width) {
            out += line + "\n";
            line.clear();
        }
        line += (line.empty() ? "" : "; ") + part;
        if (end == std::string::npos) break;
        start = end + 2;
    }
    return out + line;
}

plot::HeatmapSpec heatmapFrom(const core::SampledMatrix& m, double xMax, double yMax, Colormap map, double vmin,
                              double vmax, std::string label, core::Reduction reduction) {
    plot::HeatmapSpec h;
    h.rows = static_cast<int>(m.values.rows());
    h.cols = static_cast<int>(m.values.cols());
    h.values.assign(m.values.data(), m.values.data() + m.values.size());
    h.xMin = 0;
    h.xMax = xMax;
    h.yMin = 0;
    h.yMax = yMax;
    if (!(vmin < vmax)) {  // constant image: open the range so the color bar has two ends
        vmin -= 0.5;
        vmax += 0.5;
    }
    h.vmin = vmin;
    h.vmax = vmax;
    h.lut = colormapColors(map);
    h.colormap = std::string(render::colormapName(map));
    h.colorbarLabel = std::move(label);
    h.sampling = (m.rows.step == 1 && m.cols.step == 1) ? "exact" : core::reductionName(reduction);
    return h;
}

core::RopeFrequencies ropeFrequencies(const AppState& s) {
    return core::computeRopeFrequencies(ropeParams(s));
}

std::string ropeSummary(const AppState& s, const core::RopeFrequencies& f) {
    std::string out = "RoPE " + std::string(core::ropeTypeName(s.rope.type)) + ", base " + num(s.rope.base) +
                      ", head_dim " + std::to_string(s.rope.headDim) + ", rotary_dim " + std::to_string(f.rotaryDim);
    if (s.rope.type != core::RopeType::Default) out += ", factor " + num(s.rope.factor);
    if (f.attentionFactor != 1.0) out += ", attention factor " + num(f.attentionFactor);
    return out;
}

void addTrainingLine(plot::PlotSpec& spec, const AppState& s, plot::Orientation o) {
    if (s.trainingContext < s.contextLength) {
        plot::RefLine line;
        line.orientation = o;
        line.value = static_cast<double>(s.trainingContext);
        line.label = "training " + count(s.trainingContext);
        spec.refLines.push_back(line);
    }
}

// [SECTION] Per-pair plot helpers ------------------------------------------------------------------------

// x axis of the per-pair plots: pair i at x = i, the plot spanning [−0.5, pairs − 0.5].
plot::AxisSpec pairAxis(Eigen::Index pairs) {
    plot::AxisSpec axis{"pair i (fast → slow)", -0.5, static_cast<double>(pairs) - 0.5};
    axis.integer = true;
    return axis;
}

// Shades the pairs [first, pairs) on a per-pair plot (x = pair index), e.g. "no full turn in training".
void shadePairs(plot::PlotSpec& spec, Eigen::Index first, Eigen::Index last, plot::Rgba color, std::string label) {
    if (first >= last) return;
    plot::ShadedRect rect;
    rect.x0 = static_cast<double>(first) - 0.5;
    rect.x1 = static_cast<double>(last) - 0.5;
    rect.color = color;
    rect.label = std::move(label);
    spec.shaded.push_back(rect);
}

plot::RefLine horizontalLine(double y, std::string label, plot::Rgba color = 0, bool dashed = true) {
    plot::RefLine line;
    line.orientation = plot::Orientation::Horizontal;
    line.value = y;
    line.label = std::move(label);
    line.color = color;
    line.dashed = dashed;
    return line;
}

plot::RefLine verticalLine(double x, std::string label, plot::Rgba color = 0, bool dashed = true) {
    plot::RefLine line = horizontalLine(x, std::move(label), color, dashed);
    line.orientation = plot::Orientation::Vertical;
    return line;
}

// Marks, as markers-only series, the pairs where `mask` holds (points elsewhere are NaN: not drawn).
plot::LineSeries markedPairs(const Eigen::VectorXd& y, const Eigen::Array<bool, Eigen::Dynamic, 1>& mask,
                             std::string name, plot::Rgba color) {
    plot::LineSeries s;
    s.name = std::move(name);
    s.color = color;
    s.markers = true;
    for (Eigen::Index i = 0; i < y.size(); ++i) {
        s.x.push_back(static_cast<double>(i));
        s.y.push_back(mask[i] ? y[i] : std::nan(""));
        s.x.push_back(std::nan(""));  // break: markers only, no connecting line
        s.y.push_back(std::nan(""));
    }
    return s;
}

plot::LineSeries pairSeries(const Eigen::VectorXd& y, std::string name, bool markers = true, plot::Rgba color = 0) {
    plot::LineSeries s;
    s.name = std::move(name);
    s.color = color;
    s.markers = markers;
    for (Eigen::Index i = 0; i < y.size(); ++i) {
        s.x.push_back(static_cast<double>(i));
        s.y.push_back(y[i]);
    }
    return s;
}

// First index from which `mask` holds for every later pair (pairs.size() when the last pair is false).
Eigen::Index suffixStart(const Eigen::Array<bool, Eigen::Dynamic, 1>& mask) {
    Eigen::Index i = mask.size();
    while (i > 0 && mask[i - 1]) --i;
    return i;
}

// [SECTION] Ladder ------------------------------------------------------------------------------------

// The frequencies every pair-based view shows (RoPE after scaling, or sinusoidal) and the sentence that
// names their convention.
struct PairFrequencies {
    Eigen::VectorXd theta;       ///< the frequencies shown (RoPE after scaling)
    Eigen::VectorXd pretrained;  ///< the pretrained model's (unscaled) frequencies: what "training" compares with
    std::string scheme;
};

PairFrequencies pairFrequencies(const AppState& s) {
    PairFrequencies out;
    if (s.ladderScheme == LadderScheme::Rope) {
        const core::RopeFrequencies f = ropeFrequencies(s);
        out.theta = f.invFreq;
        out.pretrained = core::defaultInvFreq(f.rotaryDim, s.rope.base);
        out.scheme = ropeSummary(s, f) + "; " + pairingSentence(s, f.rotaryDim) + "; " + f.rule;
    } else {
        core::SinusoidalParams sp{s.sinusoidalDModel, s.rope.base, s.sinusoidalLayout};
        out.theta = core::sinusoidalFrequencies(sp);
        out.pretrained = out.theta;
        out.scheme =
            "sinusoidal (Vaswani), d_model " + std::to_string(s.sinusoidalDModel) + ", base " + num(s.rope.base) +
            ", ω_k = base^(−2k/d); frequency k in channels " +
            (s.sinusoidalLayout == core::SinusoidalLayout::Interleaved ? "(2k, 2k+1) (interleaved)"
                                                                       : "(k, d/2 + k) (concatenated [sin | cos])");
    }
    return out;
}

Eigen::VectorXd ladderTheta(const AppState& s) {
    return pairFrequencies(s).theta;
}

double checkedStride(const AppState& s) {
    core::requirePositive("position stride", s.positionStride);
    if (s.positionStride > kMaxStride)
        throw std::invalid_argument("position stride must be <= 1e6, got " + num(s.positionStride));
    return s.positionStride;
}

// Positions the ladders sample: 0, S, 2S, ... below C, i.e. floor((C − 1)/S) + 1 of them.
int64_t strideSamples(const AppState& s) {
    const double samples = std::floor((static_cast<double>(s.contextLength) - 1.0) / checkedStride(s)) + 1.0;
    if (samples > static_cast<double>(core::kMaxSampledPositions))
        throw std::invalid_argument("position stride " + num(s.positionStride) + " samples more than 2^31 of the " +
                                    count(s.contextLength) + " positions");
    return static_cast<int64_t>(samples);
}

// Apparent frequency sentence for the first aliased pairs, e.g. "pair 0: θ·S = 4 → 2.283 rad/sample".
std::string aliasSentence(const core::PhaseReport& rep, double stride, int maxPairs = 2) {
    std::string out;
    int shown = 0, aliased = 0;
    for (Eigen::Index i = 0; i < rep.aliased.size(); ++i) {
        if (!rep.aliased[i]) continue;
        ++aliased;
        if (shown++ < maxPairs)
            out += "; pair " + std::to_string(i) + ": θ·S = " + fmt("%.4g", rep.invFreq[i] * stride) +
                   " rad → appears as " + fmt("%.4g", rep.apparentFrequency[i]) + " rad per sample";
    }
    if (aliased == 0) return "no pair aliases (every θᵢ·S <= π)";
    return std::to_string(aliased) + " pair" + (aliased == 1 ? "" : "s") + " alias (θᵢ·S > π)" + out +
           (aliased > maxPairs ? "; and " + std::to_string(aliased - maxPairs) + " more" : std::string());
}

// Veils the (pair, position) cells whose phase the PRETRAINED model never reached (core/pretraining.h): pair i
// with (L0 − 1)·θᵢ < 2π (θ unscaled) is unseen from p₁ = ⌊(L0 − 1)·θᵢ/θ′ᵢ⌋ + 1 in every turn of the scaled pair,
// i.e. at [kλ′ + p₁, (k + 1)λ′) within [0, end). Rows with the same single interval are merged. Returns false
// when a pair turns too often to draw and its whole row [p₁, end) was veiled instead.
bool shadeUnseenPhase(plot::PlotSpec& spec, const PairFrequencies& pf, double l0, double end) {
    constexpr size_t kMaxRects = 4096;
    constexpr int64_t kMaxTurnsPerPair = 512;
    bool exact = true;
    const size_t firstRect = spec.shaded.size();
    std::vector<std::pair<double, double>> prev;
    for (Eigen::Index i = 0; i < pf.theta.size(); ++i) {
        const int64_t budget = std::min<int64_t>(
            kMaxTurnsPerPair, static_cast<int64_t>(kMaxRects - std::min(kMaxRects, spec.shaded.size())));
        core::UnseenIntervals u =
            core::unseenIntervals(pf.pretrained[i], pf.theta[i], l0, end, std::max<int64_t>(1, budget));
        exact = exact && u.complete;
        const std::vector<std::pair<double, double>>& cur = u.intervals;
        if (!cur.empty() && cur == prev && spec.shaded.size() > firstRect && cur.size() == 1) {
            spec.shaded.back().y1 = static_cast<double>(i + 1);  // merge into the row above
        } else {
            for (const auto& [a, b] : cur) {
                plot::ShadedRect rect;
                rect.x0 = a;
                rect.x1 = b;
                rect.y0 = static_cast<double>(i);
                rect.y1 = static_cast<double>(i + 1);
                rect.color = kUnseenColor;
                spec.shaded.push_back(rect);
            }
        }
        prev = cur;
    }
    plot::ShadedRect* largest = nullptr;  // labelled once, on the largest block
    for (size_t k = firstRect; k < spec.shaded.size(); ++k) {
        plot::ShadedRect& rect = spec.shaded[k];
        if (!largest ||
            (rect.x1 - rect.x0) * (rect.y1 - rect.y0) > (largest->x1 - largest->x0) * (largest->y1 - largest->y0))
            largest = &rect;
    }
    if (largest) largest->label = "phase never seen in pretraining";
    return exact;
}

void addPositionMarker(plot::PlotSpec& spec, const AppState& s, double end) {
    if (s.positionMarker < 0 || static_cast<double>(s.positionMarker) > end) return;
    plot::RefLine m;
    m.orientation = plot::Orientation::Vertical;
    m.value = static_cast<double>(s.positionMarker);
    m.label = "p = " + count(s.positionMarker);
    m.color = kMarkerColor;
    m.width = 2.0f;
    m.dashed = false;
    spec.refLines.push_back(m);
}

ViewResult buildLadder(View view, const AppState& s) {
    ViewResult r;
    const PairFrequencies pf = pairFrequencies(s);
    const Eigen::VectorXd& theta = pf.theta;
    const core::Reduction reduction = view == View::LadderPoint  ? core::Reduction::Point
                                      : view == View::LadderMean ? core::Reduction::Mean
                                                                 : s.reduction;
    // The position stride S belongs to the aliasing panel (its two ladders); the main ladder samples every position.
    const double stride = view == View::Ladder ? 1.0 : checkedStride(s);
    core::LadderRequest req;
    req.theta = theta;
    req.quantity = s.ladderQuantity;
    req.positions = view == View::Ladder ? s.contextLength : strideSamples(s);
    req.maxPixels = s.maxPixels;
    req.reduction = reduction;
    req.positionScale = stride;
    const core::SampledMatrix m = core::sampleLadder(req);
    const double end = static_cast<double>(req.positions) * stride;  // the samples cover [0, end)
    double vmin = -1, vmax = 1;
    if (s.ladderQuantity == LadderQuantity::AngleWrapped) vmin = 0, vmax = kTwoPi;
    if (s.ladderQuantity == LadderQuantity::AngleRaw) vmin = 0, vmax = std::max(m.vmax, 1e-9);
    const Colormap map = (s.ladderQuantity == LadderQuantity::Sin || s.ladderQuantity == LadderQuantity::Cos)
                             ? s.ladderColormap
                             : (s.ladderColormap == Colormap::Diverging ? Colormap::Viridis : s.ladderColormap);
    const double pairs = static_cast<double>(theta.size());
    plot::PlotSpec& spec = r.spec;
    spec.heatmap = heatmapFrom(m, end, pairs, map, vmin, vmax, quantityLabel(s.ladderQuantity), reduction);
    spec.x = {stride == 1.0 ? "position p" : "position p (sampled every " + num(stride) + ")", 0.0, end};
    spec.x.integer = true;
    spec.y = {"pair i (fast → slow)", 0.0, pairs};
    spec.y.integer = true;
    spec.y.invert = true;
    spec.y.grid = false;
    spec.x.grid = false;
    addTrainingLine(spec, s, plot::Orientation::Vertical);
    const bool exactShading =
        !s.showUnseenVeil || shadeUnseenPhase(spec, pf, static_cast<double>(s.trainingContext), end);
    // Sampling aliasing: a horizontal Nyquist line between the aliased pairs (θᵢ·S > π) and the rest.
    const core::PhaseReport rep =
        core::phaseReport(theta, static_cast<double>(s.contextLength), static_cast<double>(s.trainingContext), stride);
    Eigen::Index aliased = 0;
    while (aliased < theta.size() && rep.aliased[aliased]) ++aliased;
    bool prefix = true;
    for (Eigen::Index i = aliased; i < theta.size(); ++i) prefix = prefix && !rep.aliased[i];
    if (aliased > 0 && prefix) {
        plot::RefLine nyq;
        nyq.orientation = plot::Orientation::Horizontal;
        nyq.value = static_cast<double>(aliased);
        nyq.label =
            "Nyquist θᵢ·S = π: " + std::to_string(aliased) + " pair" + (aliased == 1 ? "" : "s") + " above alias";
        nyq.color = kNyquistColor;
        nyq.width = 2.0f;
        nyq.dashed = false;
        spec.refLines.push_back(nyq);
    } else if (!prefix) {
        for (Eigen::Index i = 0; i < theta.size(); ++i) {
            if (!rep.aliased[i]) continue;
            plot::ShadedRect rect;
            rect.y0 = static_cast<double>(i);
            rect.y1 = static_cast<double>(i + 1);
            rect.color = plot::withAlpha(kNyquistColor, 60);
            spec.shaded.push_back(rect);
        }
    }
    addPositionMarker(spec, s, end);
    spec.title = s.title.empty() ? defaultTitle(view, s) : s.title;
    std::string brief = pf.scheme.substr(0, pf.scheme.find("; ")) + "; " + samplingSentence(m);  // for the caption
    r.convention = pf.scheme + "; " + samplingSentence(m);
    std::string extra;
    if (stride != 1.0)
        extra += "; positions sampled every S = " + num(stride) + " (" + count(req.positions) + " samples); " +
                 aliasSentence(rep, stride, 1);
    if (!exactShading) extra += "; unseen-phase shading covers whole rows where a pair turns too often to draw";
    if (s.showUnseenVeil && s.trainingContext < s.contextLength)
        extra += "; grey veil: phases the pretrained model (unscaled θᵢ, positions 0.." + count(s.trainingContext - 1) +
                 ") never reached";
    if (view != View::Ladder) {
        const bool fits = m.cols.step == 1;
        extra += fits ? "; every column is one sample: raise the context above " + std::to_string(s.maxPixels) +
                            " positions to see display aliasing"
                 : reduction == core::Reduction::Point
                     ? "; one sample per " + count(m.cols.step) + " positions: fast pairs alias (moiré)"
                     : "; the mean over " + count(m.cols.step) + " positions fades fast pairs to 0";
    }
    r.convention += extra;
    spec.caption = breakAtClauses(view == View::Ladder ? r.convention : brief + extra);
    return r;
}

// [SECTION] Wavelengths -------------------------------------------------------------------------------

ViewResult buildWavelengths(const AppState& s) {
    ViewResult r;
    plot::PlotSpec& spec = r.spec;
    plot::LineSeries scaled, unscaled;
    if (s.ladderScheme == LadderScheme::Rope) {
        const core::RopeFrequencies f = ropeFrequencies(s);
        const Eigen::VectorXd base = core::defaultInvFreq(f.rotaryDim, s.rope.base);
        for (Eigen::Index i = 0; i < f.wavelength.size(); ++i) {
            scaled.x.push_back(static_cast<double>(i));
            scaled.y.push_back(f.wavelength[i]);
            unscaled.x.push_back(static_cast<double>(i));
            unscaled.y.push_back(kTwoPi / base[i]);
        }
        scaled.name = s.rope.type == core::RopeType::Default ? "λᵢ = 2π/θᵢ"
                                                             : "λᵢ " + std::string(core::ropeTypeName(s.rope.type));
        r.convention = ropeSummary(s, f) + "; " + f.rule;
        if (f.band.size() > 0) {
            int counts[3] = {0, 0, 0};
            for (Eigen::Index i = 0; i < f.band.size(); ++i) counts[f.band[i]]++;
            r.convention += "; llama3 bands: " + std::to_string(counts[0]) + " kept, " + std::to_string(counts[1]) +
                            " blended, " + std::to_string(counts[2]) + " divided";
        }
    } else {
        const Eigen::VectorXd w = core::sinusoidalFrequencies({s.sinusoidalDModel, s.rope.base, s.sinusoidalLayout});
        for (Eigen::Index i = 0; i < w.size(); ++i) {
            scaled.x.push_back(static_cast<double>(i));
            scaled.y.push_back(kTwoPi / w[i]);
        }
        scaled.name = "λ_k = 2π/ω_k";
        r.convention = "sinusoidal, d_model " + std::to_string(s.sinusoidalDModel) + ", base " + num(s.rope.base);
    }
    scaled.markers = true;
    spec.series.push_back(scaled);
    // Pairs whose PRETRAINED (unscaled) wavelength exceeds the training context never completed a turn in
    // pretraining (core/pretraining.h: L0·θᵢ < 2π): shade them and ring them on the shown wavelength.
    Eigen::VectorXd lambda(static_cast<Eigen::Index>(scaled.y.size()));
    for (size_t i = 0; i < scaled.y.size(); ++i) lambda[static_cast<Eigen::Index>(i)] = scaled.y[i];
    const PairFrequencies pf = pairFrequencies(s);
    const Eigen::Array<bool, Eigen::Dynamic, 1> noTurn =
        !core::pretrainingReport(pf.pretrained, pf.theta, static_cast<double>(s.trainingContext),
                                 static_cast<double>(s.contextLength))
             .fullTurnInPretraining;
    if (noTurn.any()) {
        shadePairs(spec, suffixStart(noTurn), lambda.size(), plot::rgba(230, 60, 60, 36), "no full turn in training");
        const std::string name = "no full turn in training (" + std::to_string(noTurn.count()) + ")";
        spec.series.push_back(markedPairs(lambda, noTurn, name, kNyquistColor));
    }
    if (s.ladderScheme == LadderScheme::Rope && s.rope.type != core::RopeType::Default) {
        unscaled.name = "λᵢ unscaled";
        unscaled.markers = false;
        spec.series.push_back(unscaled);
    }
    spec.x = {"pair i", -0.5, static_cast<double>(scaled.x.size()) - 0.5};
    spec.x.integer = true;
    spec.y = {"wavelength (positions per turn)"};
    spec.y.log = true;
    double lo = lambda.minCoeff(), hi = std::max({lambda.maxCoeff(), static_cast<double>(s.contextLength),
                                                  static_cast<double>(s.trainingContext)});
    for (double v : unscaled.y) lo = std::min(lo, v), hi = std::max(hi, v);
    if (lo > 0) {
        plot::fitRange(spec.y, lo, hi);
    }
    plot::RefLine ctx;
    ctx.orientation = plot::Orientation::Horizontal;
    ctx.value = static_cast<double>(s.contextLength);
    ctx.label = "context " + count(s.contextLength);
    spec.refLines.push_back(ctx);
    plot::RefLine train = ctx;
    train.value = static_cast<double>(s.trainingContext);
    train.label = "training " + count(s.trainingContext);
    if (s.trainingContext != s.contextLength) spec.refLines.push_back(train);
    spec.title = s.title.empty() ? defaultTitle(View::Wavelengths, s) : s.title;
    spec.caption =
        breakAtClauses(r.convention +
                       "; pairs above a line complete less than one turn within that context; \"no full turn in "
                       "training\": the pretrained model (unscaled λᵢ > training context " +
                       count(s.trainingContext) + ") never completed one");
    return r;
}

// [SECTION] Phase ---------------------------------------------------------------------------------------

std::vector<int> validPairs(const AppState& s, Eigen::Index pairs) {
    std::vector<int> out;
    for (int p : s.phasePairs) {
        if (p < 0 || p >= pairs)
            throw std::invalid_argument("phase pair " + std::to_string(p) + " is outside 0.." +
                                        std::to_string(pairs - 1));
        out.push_back(p);
    }
    return out;
}

ViewResult buildPhaseCircle(const AppState& s) {
    ViewResult r;
    plot::PlotSpec& spec = r.spec;
    const Eigen::VectorXd theta = ladderTheta(s);
    if (s.phasePositions < 1 || s.phasePositions > core::kMaxSampledPositions)
        throw std::invalid_argument("trail positions must be in [1, 2^31], got " + count(s.phasePositions));
    plot::LineSeries circle;
    for (int k = 0; k <= 360; ++k) {
        circle.x.push_back(std::cos(k * kTwoPi / 360));
        circle.y.push_back(std::sin(k * kTwoPi / 360));
    }
    circle.color = plot::rgba(128, 128, 128, 160);
    circle.width = 1.0f;
    spec.series.push_back(circle);
    const int64_t step = std::max<int64_t>(1, (s.phasePositions + 4095) / 4096);
    int slot = 0;  // the k-th selected pair has palette color k here and on the sawtooth
    for (int pair : validPairs(s, theta.size())) {
        plot::LineSeries trail;
        trail.paletteIndex = slot++;
        trail.name = "pair " + std::to_string(pair) + ": θ = " + num(theta[pair]) + " rad/pos";
        for (int64_t p = 0; p <= s.phasePositions; p += step) {
            const double a = static_cast<double>(p) * theta[pair];
            trail.x.push_back(std::cos(a));
            trail.y.push_back(std::sin(a));
        }
        trail.markers = true;
        spec.series.push_back(trail);
    }
    spec.x = {"x (first channel of the pair)", -1.25, 1.25};
    spec.y = {"y (second channel)", -1.25, 1.25};
    spec.equalAspect = true;  // the unit circle stays round in any frame
    spec.title = s.title.empty() ? defaultTitle(View::PhaseCircle, s) : s.title;
    r.convention = "unit vector (1, 0) of each pair rotated by +p·θᵢ: (cos p·θᵢ, sin p·θᵢ), p = 0.." +
                   count(s.phasePositions) + (step > 1 ? " every " + count(step) + " positions" : "");
    spec.caption = breakAtClauses(r.convention);
    return r;
}

ViewResult buildPhaseSawtooth(const AppState& s) {
    ViewResult r;
    plot::PlotSpec& spec = r.spec;
    const Eigen::VectorXd theta = ladderTheta(s);
    const int64_t c = s.contextLength;
    const int64_t step = std::max<int64_t>(1, (c + 4095) / 4096);
    int slot = 0;  // same palette slot as on the phase circle
    for (int pair : validPairs(s, theta.size())) {
        plot::LineSeries saw;
        saw.paletteIndex = slot++;
        const double turns = static_cast<double>(c) * theta[pair] / kTwoPi;
        saw.name = "pair " + std::to_string(pair) + ": " + fmt("%.4g", turns) + " turns in " + count(c);
        double prev = -1;
        for (int64_t p = 0; p <= c; p += step) {
            const double w = core::wrapAngle(static_cast<double>(p) * theta[pair]);
            if (prev >= 0 && w < prev) {  // wrapped: break the line instead of drawing the drop
                saw.x.push_back(std::nan(""));
                saw.y.push_back(std::nan(""));
            }
            saw.x.push_back(static_cast<double>(p));
            saw.y.push_back(w);
            prev = w;
        }
        spec.series.push_back(saw);
    }
    spec.x = {"position p", 0.0, static_cast<double>(c)};
    spec.x.integer = true;
    spec.y = {"phase p·θᵢ mod 2π (rad)", 0.0, kTwoPi};
    addTrainingLine(spec, s, plot::Orientation::Vertical);
    addPositionMarker(spec, s, static_cast<double>(c));
    spec.title = s.title.empty() ? defaultTitle(View::PhaseSawtooth, s) : s.title;
    r.convention = "phase wrapped to [0, 2π); turns = C·θᵢ/(2π)" +
                   (step > 1 ? "; point-sampled every " + count(step) + " positions (aliasing possible)"
                             : std::string("; every position"));
    spec.caption = breakAtClauses(r.convention);
    return r;
}

// [SECTION] Scores and kernel ----------------------------------------------------------------------------

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
        k.kernel = core::ropeRepeatedTokenKernel(f.invFreq, v.row(0).transpose(), s.rope.pairing, f.attentionFactor);
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
    if (s.scoreScheme == ScoreScheme::Rope && s.scoreSource == ScoreSource::Random) {
        const core::RopeFrequencies f = ropeFrequencies(s);
        core::RandomScoresRequest req;
        req.theta = f.invFreq;
        req.pairing = s.rope.pairing;
        req.headDim = s.rope.headDim;
        req.attentionFactor = f.attentionFactor;
        req.seed = s.seed;
        req.n = s.contextLength;
        req.maxPixels = s.maxPixels;
        req.reduction = s.reduction;
        req.mask = mask;
        req.scaleBySqrtD = s.scaleBySqrtD;
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
        m = core::sampleToeplitzMatrix(req);
        what = k.what;
    }
    const double n = static_cast<double>(s.contextLength);
    double vmin = m.vmin, vmax = m.vmax;
    if (s.softmax && !(s.scoreScheme == ScoreScheme::Rope && s.scoreSource == ScoreSource::Random)) vmin = 0;
    r.spec.heatmap =
        heatmapFrom(m, n, n, s.scoresColormap, vmin, vmax, s.softmax ? "attention weight" : "score q·k", s.reduction);
    r.spec.x = {"key position j", 0.0, n};
    r.spec.x.integer = true;
    r.spec.y = {"query position i", 0.0, n};
    r.spec.y.integer = true;
    r.spec.y.invert = true;
    r.spec.x.grid = r.spec.y.grid = false;
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
    auto curve = [&](const core::ToeplitzKernel& kernel, const std::string& name) {
        // Δ in [0, C]; at the documented maximum C = 2^31 the core's count limit (2^31 offsets) ends at C - 1, the
        // largest offset a context of C tokens has.
        const int64_t last = std::min<int64_t>(c, core::kMaxSampledPositions - 1);
        const core::KernelCurve kc = core::sampleKernelCurve(kernel, 0, last, 2048, s.reduction);
        plot::LineSeries line;
        line.name = name;
        line.x.assign(kc.x.data(), kc.x.data() + kc.x.size());
        line.y.assign(kc.y.data(), kc.y.data() + kc.y.size());
        return std::make_pair(line, kc.note);
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
    r.spec.caption = breakAtClauses(r.convention);
    return r;
}

// [SECTION] Bias matrices ----------------------------------------------------------------------------------

double alibiSlopeFor(const AppState& s) {
    const Eigen::VectorXd slopes = core::alibiSlopes(s.alibiHeads);
    if (s.alibiSelectedHead < 0 || s.alibiSelectedHead >= s.alibiHeads)
        throw std::invalid_argument("selected head must be in 1.." + std::to_string(s.alibiHeads) + ", got " +
                                    std::to_string(s.alibiSelectedHead + 1));
    if (s.alibiSlopeOverride) {
        core::requirePositive("slope", s.alibiSlopeValue);
        return s.alibiSlopeValue;
    }
    return slopes[s.alibiSelectedHead];
}

core::SampledMatrix keyIndexBias(double slope, const AppState& s) {
    core::SampledMatrix m;
    m.rows = core::axisSampling(s.biasContext, s.maxPixels);
    m.cols = m.rows;
    m.values.resize(m.rows.pixels, m.cols.pixels);
    const bool mean = s.reduction == core::Reduction::Mean;
    m.vmin = 0;
    m.vmax = 0;
    for (int64_t r = 0; r < m.rows.pixels; ++r)
        for (int64_t c = 0; c < m.cols.pixels; ++c) {
            const int64_t i = m.rows.blockCentre(r);
            double j = static_cast<double>(m.cols.blockCentre(c));
            if (mean)
                j = static_cast<double>(m.cols.blockStart(c)) + static_cast<double>(m.cols.blockLength(c) - 1) / 2.0;
            if (s.reduction == core::Reduction::Max)
                j = static_cast<double>(m.cols.blockStart(c) + m.cols.blockLength(c) - 1);
            if (s.reduction == core::Reduction::Min) j = static_cast<double>(m.cols.blockStart(c));
            const bool visible = !s.alibiCausal || m.cols.blockStart(c) <= i;
            const float v = visible ? static_cast<float>(slope * j) : -INFINITY;
            m.values(r, c) = v;
            if (visible) m.vmax = std::max(m.vmax, static_cast<double>(v));
        }
    m.note = std::string(core::reductionName(s.reduction)) + " over blocks of " + count(m.rows.step) + " positions";
    return m;
}

ViewResult buildAlibi(const AppState& s) {
    ViewResult r;
    const double slope = alibiSlopeFor(s);
    if (s.biasContext < 1 || s.biasContext > core::kMaxSampledPositions)
        throw std::invalid_argument("bias context must be in [1, 2^31], got " + count(s.biasContext));
    core::SampledMatrix m;
    if (s.alibiForm == core::AlibiForm::KeyIndex) {
        m = keyIndexBias(slope, s);
    } else {
        core::MatrixSampleRequest req;
        req.kernel = core::alibiKernel(slope, s.alibiForm == core::AlibiForm::Symmetric);
        req.n = s.biasContext;
        req.maxPixels = s.maxPixels;
        req.reduction = s.reduction;
        req.mask = {s.alibiCausal ? core::MaskType::Causal : core::MaskType::None, 0};
        m = core::sampleToeplitzMatrix(req);
    }
    const double n = static_cast<double>(s.biasContext);
    r.spec.heatmap = heatmapFrom(m, n, n, s.biasColormap, m.vmin, m.vmax, "bias added to the logit", s.reduction);
    r.spec.x = {"key position j", 0.0, n};
    r.spec.x.integer = true;
    r.spec.y = {"query position i", 0.0, n};
    r.spec.y.integer = true;
    r.spec.y.invert = true;
    r.spec.x.grid = r.spec.y.grid = false;
    r.spec.title = s.title.empty() ? defaultTitle(View::Alibi, s) : s.title;
    std::string form;
    switch (s.alibiForm) {
        case core::AlibiForm::Linear:
            form = "paper form −m·(i − j)";
            break;
        case core::AlibiForm::Symmetric:
            form = "symmetric −m·|i − j|";
            break;
        case core::AlibiForm::KeyIndex:
            form = "fairseq/BLOOM form m·j (the paper's matrix plus m·i per row: same softmax)";
            break;
    }
    r.convention = "ALiBi (Press et al.), head " + std::to_string(s.alibiSelectedHead + 1) + " of " +
                   std::to_string(s.alibiHeads) + ", slope m = " + num(slope) +
                   (s.alibiSlopeOverride ? " (override)" : "") + "; " + form +
                   (s.alibiCausal ? "; causal: keys j > i masked" : "; unmasked") + "; " + m.note;
    r.spec.caption = breakAtClauses(r.convention);
    return r;
}

ViewResult buildAlibiSlopes(const AppState& s) {
    ViewResult r;
    const Eigen::VectorXd slopes = core::alibiSlopes(s.alibiHeads);
    plot::LineSeries line;
    line.name = "m_h";
    for (Eigen::Index h = 0; h < slopes.size(); ++h) {
        line.x.push_back(static_cast<double>(h + 1));
        line.y.push_back(slopes[h]);
    }
    line.markers = true;
    r.spec.series.push_back(line);
    r.spec.x = {"head h", 0.5, static_cast<double>(s.alibiHeads) + 0.5};
    r.spec.x.integer = true;
    r.spec.y = {"slope m_h"};
    r.spec.y.log = true;
    r.spec.title = s.title.empty() ? defaultTitle(View::AlibiSlopes, s) : s.title;
    int c = 1;
    while (c * 2 <= s.alibiHeads) c *= 2;
    r.convention = c == s.alibiHeads
                       ? "n = " + std::to_string(s.alibiHeads) + " (a power of two): m_h = 2^(−8h/n)"
                       : "n = " + std::to_string(s.alibiHeads) + ": the " + std::to_string(c) + " slopes of the " +
                             std::to_string(c) + "-head sequence, then every other slope of the " +
                             std::to_string(2 * c) + "-head sequence (not monotonic)";
    r.spec.caption = breakAtClauses(r.convention);
    return r;
}

// Discrete colors for categories 0..k−1 (k <= 256): the colormap stepped into k bands, bucket b colored at
// b/(k − 1); with color limits [−0.5, k − 0.5] each id falls in the middle of its band.
std::vector<plot::Rgba> categoricalLut(Colormap map, int k) {
    const std::vector<plot::Rgba> smooth = colormapColors(map);
    std::vector<plot::Rgba> out(smooth.size());
    const size_t n = smooth.size();
    for (size_t e = 0; e < n; ++e) {
        const size_t id = std::min(static_cast<size_t>(k) - 1, e * static_cast<size_t>(k) / n);
        out[e] = smooth[k > 1 ? id * (n - 1) / static_cast<size_t>(k - 1) : 0];
    }
    return out;
}

ViewResult buildT5(const AppState& s) {
    ViewResult r;
    core::T5BucketParams tp{s.t5NumBuckets, s.t5MaxDistance, s.t5Bidirectional};
    core::validate(tp);
    // Bucket ids are categories: point sample, or the block's majority id; never a mean, min or max.
    const bool point = s.reduction == core::Reduction::Point;
    core::SampledMatrix m;
    if (point) {
        core::MatrixSampleRequest req;
        req.kernel = core::t5Kernel(tp);
        req.n = s.biasContext;
        req.maxPixels = s.maxPixels;
        req.reduction = core::Reduction::Point;
        m = core::sampleToeplitzMatrix(req);
    } else {
        m = core::sampleT5Majority(tp, s.biasContext, s.maxPixels);
    }
    const double n = static_cast<double>(s.biasContext);
    r.spec.heatmap = heatmapFrom(m, n, n, s.biasColormap, -0.5, s.t5NumBuckets - 0.5, "bucket id", s.reduction);
    r.spec.heatmap->lut = categoricalLut(s.biasColormap, s.t5NumBuckets);
    if (m.rows.step > 1) r.spec.heatmap->sampling = point ? "point" : "majority";
    r.spec.x = {"key position j", 0.0, n};
    r.spec.x.integer = true;
    r.spec.y = {"query position i", 0.0, n};
    r.spec.y.integer = true;
    r.spec.y.invert = true;
    r.spec.x.grid = r.spec.y.grid = false;
    r.spec.title = s.title.empty() ? defaultTitle(View::T5, s) : s.title;
    r.convention = std::string("T5 relative buckets (HF _relative_position_bucket), ") +
                   (s.t5Bidirectional ? "bidirectional" : "unidirectional") + ", num_buckets " +
                   std::to_string(s.t5NumBuckets) + ", max_distance " + std::to_string(s.t5MaxDistance) +
                   "; bucket of relative position key − query; one discrete color per bucket id 0.." +
                   std::to_string(s.t5NumBuckets - 1) + " (categories, never averaged); " + m.note;
    if (!point && s.reduction != core::Reduction::Mean && m.rows.step > 1)
        r.warnings.push_back(std::string("bucket ids are categories: the block majority is shown instead of the ") +
                             core::reductionName(s.reduction));
    r.spec.caption = breakAtClauses(r.convention);
    return r;
}

// [SECTION] Wraparound and aliasing ----------------------------------------------------------------------

ViewResult buildTurns(const AppState& s) {
    ViewResult r;
    const PairFrequencies pf = pairFrequencies(s);
    const double c = static_cast<double>(s.contextLength), t = static_cast<double>(s.trainingContext);
    const core::PhaseReport rep = core::phaseReport(pf.theta, c, t, 1.0);
    const core::PretrainingReport pre = core::pretrainingReport(pf.pretrained, pf.theta, t, c);
    const bool scaled = pf.pretrained != pf.theta;
    const Eigen::VectorXd pretrainedTurns = pf.pretrained * (t / kTwoPi);  // L0·θᵢ/(2π), unscaled
    plot::PlotSpec& spec = r.spec;
    const Eigen::Array<bool, Eigen::Dynamic, 1> noTurn = !pre.fullTurnInPretraining;
    const Eigen::Index never = noTurn.count();
    const Eigen::Index tail = suffixStart(noTurn);
    shadePairs(spec, tail, pf.theta.size(), plot::rgba(230, 60, 60, 40), "no full turn in training");
    spec.series.push_back(pairSeries(rep.turnsInContext, "turns in context C = " + count(s.contextLength)));
    spec.series.push_back(pairSeries(
        rep.turnsInTraining, "turns in training T = " + count(s.trainingContext) + (scaled ? " (scaled θ′)" : "")));
    if (scaled)
        spec.series.push_back(
            pairSeries(pretrainedTurns, "turns in pretraining T = " + count(s.trainingContext) + " (unscaled θ)"));
    spec.series.push_back(markedPairs(pretrainedTurns, noTurn,
                                      "no full turn in training (" + std::to_string(never) + ")", kNyquistColor));
    spec.x = pairAxis(pf.theta.size());
    spec.y = {"turns (full rotations)"};
    spec.y.log = true;
    spec.refLines.push_back(horizontalLine(1.0, "one full turn", kNyquistColor));
    spec.title = s.title.empty() ? defaultTitle(View::Turns, s) : s.title;
    const std::string facts =
        "turns in L positions = L·θᵢ/(2π); full turn in training iff T·θᵢ >= 2π with the pretrained (unscaled) θᵢ; " +
        std::to_string(never) + " of " + std::to_string(pf.theta.size()) +
        " pairs never complete one: the pretrained model never saw their phases past (T − 1)·θᵢ";
    r.convention = pf.scheme + "; " + facts;
    if (never > 0) {
        Eigen::Index first = 0;
        while (!noTurn[first]) ++first;
        r.convention += "; first such pair " + std::to_string(first) +
                        ", unscaled λ = " + fmt("%.6g", kTwoPi / pf.pretrained[first]) + " positions, " +
                        fmt("%.4g", pretrainedTurns[first]) + " turns in training, " +
                        fmt("%.4g", rep.turnsInContext[first]) + " in the context";
    }
    spec.caption = breakAtClauses(r.convention.substr(pf.scheme.size() + 2));  // the scheme is in the title
    return r;
}

ViewResult buildAliasing(const AppState& s) {
    ViewResult r;
    const PairFrequencies pf = pairFrequencies(s);
    const double stride = checkedStride(s);
    const core::PhaseReport rep = core::phaseReport(pf.theta, static_cast<double>(s.contextLength),
                                                    static_cast<double>(s.trainingContext), stride);
    plot::PlotSpec& spec = r.spec;
    const Eigen::Index aliased = rep.aliased.count();
    Eigen::Index last = 0;  // the aliased pairs are a prefix for monotone frequencies; shade each run
    for (Eigen::Index i = 0; i < rep.aliased.size();) {
        if (!rep.aliased[i]) {
            ++i;
            continue;
        }
        Eigen::Index j = i;
        while (j < rep.aliased.size() && rep.aliased[j]) ++j;
        shadePairs(spec, i, j, plot::withAlpha(kNyquistColor, 40), last == 0 ? "aliased: θᵢ·S > π" : "");
        last = j;
        i = j;
    }
    const Eigen::VectorXd step = pf.theta * stride;
    spec.series.push_back(pairSeries(step, "true step θᵢ·S (rad per sample)", false));
    spec.series.push_back(pairSeries(rep.apparentFrequency, "apparent frequency (rad per sample)", true));
    spec.series.push_back(markedPairs(rep.apparentFrequency, rep.aliased,
                                      "aliased pairs (" + std::to_string(aliased) + ")", kNyquistColor));
    spec.x = pairAxis(pf.theta.size());
    spec.y = {"radians per sampled position"};
    spec.y.log = true;
    double lo = M_PI, hi = M_PI;  // keep the Nyquist line in view
    for (Eigen::Index i = 0; i < step.size(); ++i)
        if (step[i] > 0) lo = std::min(lo, step[i]), hi = std::max(hi, step[i]);
    for (Eigen::Index i = 0; i < rep.apparentFrequency.size(); ++i)
        if (rep.apparentFrequency[i] > 0) lo = std::min(lo, rep.apparentFrequency[i]);
    plot::fitRange(spec.y, lo, hi);
    spec.refLines.push_back(horizontalLine(M_PI, "Nyquist π", kNyquistColor, false));
    spec.title = s.title.empty() ? defaultTitle(View::Aliasing, s) : s.title;
    const std::string facts = "positions sampled every S = " + num(stride) +
                              " (scaled θ already divide by a PI factor); apparent = |((θᵢ·S + π) mod 2π) − π|; " +
                              aliasSentence(rep, stride);
    r.convention = pf.scheme + "; " + facts;
    spec.caption = breakAtClauses(facts);
    return r;
}

// [SECTION] Context extension compared -------------------------------------------------------------------

struct ExtensionMethod {
    core::RopeType type;
    std::string label;
    plot::Rgba color;
    core::RopeFrequencies f;
};

// Every method compared, in the order of the core RoPE-type table with its legend label, and a fixed color
// (Okabe–Ito by type index), the same in all four extension plots.
constexpr plot::Rgba kMethodPalette[] = {
    plot::rgba(136, 136, 136), plot::rgba(213, 94, 0),  plot::rgba(0, 114, 178),   plot::rgba(86, 180, 233),
    plot::rgba(0, 158, 115),   plot::rgba(230, 159, 0), plot::rgba(204, 121, 167),
};

plot::Rgba methodColor(core::RopeType type) {
    return kMethodPalette[static_cast<size_t>(type) % std::size(kMethodPalette)];
}

// A method whose rule is undefined for these parameters (NTK-aware and dynamic NTK need rotary_dim > 2) is left out
// of the comparison with a note in `skipped`, so the other methods still show.
std::vector<ExtensionMethod> extensionMethods(const AppState& s, bool withOriginal, std::vector<std::string>& skipped) {
    std::vector<ExtensionMethod> out;
    for (const core::RopeTypeInfo& m : core::ropeTypes()) {
        if (m.type == core::RopeType::Default && !withOriginal) continue;
        try {
            out.push_back(
                {m.type, m.legend, methodColor(m.type), core::computeRopeFrequencies(extensionParams(s, m.type))});
        } catch (const std::invalid_argument& e) {
            if (m.type == core::RopeType::Default) throw;
            skipped.push_back(std::string(m.legend) + " left out: " + e.what());
        }
    }
    return out;
}

bool defaultLongRopeLists(const AppState& s, int rotaryDim) {
    return s.rope.shortFactor.size() * 2 != static_cast<size_t>(rotaryDim) ||
           s.rope.longFactor.size() * 2 != static_cast<size_t>(rotaryDim);
}

// One line for the caption: the shared parameters of the comparison.
std::string extensionSetup(const AppState& s, const std::vector<ExtensionMethod>& methods) {
    const core::RopeFrequencies& f = methods.front().f;
    std::string out = "base " + num(s.rope.base) + ", head_dim " + std::to_string(s.rope.headDim) + ", rotary_dim " +
                      std::to_string(f.rotaryDim) + ", s = " + num(s.extensionFactor) +
                      ", L0 = " + count(s.rope.originalMaxPositionEmbeddings) + ", target " +
                      count(extensionTarget(s)) + "; dynamic NTK at L = " + count(s.extensionCurrentLength);
    if (defaultLongRopeLists(s, f.rotaryDim)) out += "; LongRoPE lists not loaded: long = s for every pair (= PI)";
    return out;
}

// The convention of a sidecar: the setup plus the rule each method applied.
std::string extensionRules(const AppState& s, const std::vector<ExtensionMethod>& methods) {
    std::string out = extensionSetup(s, methods);
    for (const ExtensionMethod& m : methods)
        if (m.type != core::RopeType::Default) out += "; " + m.label + ": " + m.f.rule;
    return out;
}

// Pair index (continuous) where the ORIGINAL wavelength equals `length`: i = r·ln(length/2π)/(2·ln base).
double pairAtWavelength(const AppState& s, int rotaryDim, double length) {
    return rotaryDim * std::log(length / kTwoPi) / (2.0 * std::log(s.rope.base));
}

// Shades the pairs whose original wavelength exceeds L0: they never complete a turn in training.
void markTrainingBoundary(plot::PlotSpec& spec, const AppState& s, int rotaryDim, Eigen::Index pairs) {
    const double l0 = static_cast<double>(s.rope.originalMaxPositionEmbeddings);
    const double i = pairAtWavelength(s, rotaryDim, l0);
    if (i < static_cast<double>(pairs) - 0.5) {
        plot::ShadedRect rect;
        rect.x0 = std::max(-0.5, i);
        rect.x1 = static_cast<double>(pairs) - 0.5;
        rect.color = plot::rgba(128, 128, 128, 40);
        rect.label = "λ > L0";
        spec.shaded.push_back(rect);
    }
}

ViewResult buildExtensionScale(const AppState& s) {
    ViewResult r;
    const std::vector<ExtensionMethod> methods = extensionMethods(s, true, r.warnings);
    const Eigen::Index pairs = methods.front().f.invFreq.size();
    plot::PlotSpec& spec = r.spec;
    markTrainingBoundary(spec, s, methods.front().f.rotaryDim, pairs);
    double lo = 1.0, hi = s.extensionFactor;
    for (const ExtensionMethod& m : methods) {
        if (m.type == core::RopeType::Default) continue;
        spec.series.push_back(pairSeries(m.f.scale, m.label, true, m.color));
        lo = std::min(lo, m.f.scale.minCoeff());
        hi = std::max(hi, m.f.scale.maxCoeff());
    }
    spec.x = pairAxis(pairs);
    spec.y = {"scale θᵢ/θ'ᵢ (1 = kept, s = interpolated)"};
    spec.y.log = true;
    plot::fitRange(spec.y, lo, hi);
    spec.refLines.push_back(horizontalLine(1.0, ""));
    spec.refLines.push_back(horizontalLine(s.extensionFactor, "s = " + num(s.extensionFactor)));
    spec.title = s.title.empty() ? defaultTitle(View::ExtensionScale, s) : s.title;
    std::string bandText;
    for (const ExtensionMethod& m : methods)
        if (m.f.band.size() > 0) {
            int bands[3] = {0, 0, 0};
            for (Eigen::Index i = 0; i < m.f.band.size(); ++i) bands[m.f.band[i]]++;
            bandText = "Llama-3 bands: " + std::to_string(bands[0]) + " kept, " + std::to_string(bands[1]) +
                       " blended, " + std::to_string(bands[2]) + " divided";
        }
    for (const ExtensionMethod& m : methods)
        if (m.type == core::RopeType::Yarn && m.f.correctionLow && m.f.correctionHigh)
            bandText += "; YaRN ramp over pairs " + num(*m.f.correctionLow) + ".." + num(*m.f.correctionHigh);
    bandText += "; shaded: λ > L0 (no full turn in training)";
    r.convention = extensionRules(s, methods) + "; " + bandText;
    spec.caption = breakAtClauses(extensionSetup(s, methods) + "; " + bandText);
    return r;
}

ViewResult buildExtensionWavelengths(const AppState& s) {
    ViewResult r;
    const std::vector<ExtensionMethod> methods = extensionMethods(s, true, r.warnings);
    const Eigen::Index pairs = methods.front().f.invFreq.size();
    plot::PlotSpec& spec = r.spec;
    markTrainingBoundary(spec, s, methods.front().f.rotaryDim, pairs);
    double lo = kTwoPi, hi = static_cast<double>(extensionTarget(s));
    for (const ExtensionMethod& m : methods) {
        spec.series.push_back(pairSeries(m.f.wavelength, m.label, m.type == core::RopeType::Default, m.color));
        lo = std::min(lo, m.f.wavelength.minCoeff());
        hi = std::max(hi, m.f.wavelength.maxCoeff());
    }
    spec.series.front().width = 3.0f;  // the original, under the others
    spec.x = pairAxis(pairs);
    spec.y = {"wavelength (positions per turn)"};
    spec.y.log = true;
    plot::fitRange(spec.y, lo, hi);
    const double l0 = static_cast<double>(s.rope.originalMaxPositionEmbeddings);
    spec.refLines.push_back(horizontalLine(l0, "training L0 " + count(s.rope.originalMaxPositionEmbeddings)));
    const int64_t target = extensionTarget(s);
    spec.refLines.push_back(horizontalLine(static_cast<double>(target), "target " + count(target)));
    spec.title = s.title.empty() ? defaultTitle(View::ExtensionWavelengths, s) : s.title;
    const std::string what = "a pair above a line completes less than one turn within that context; shaded: λ > L0";
    r.convention = extensionRules(s, methods) + "; " + what;
    spec.caption = breakAtClauses(extensionSetup(s, methods) + "; " + what);
    return r;
}

// Mean of s(Δ) = Σᵢ cos(Δ·θᵢ) over the n integer offsets a, a + 1, ..., a + n − 1, exactly:
// Σᵢ cos(θᵢ·(a + (n − 1)/2))·Dₙ(θᵢ), Dₙ(θ) = sin(nθ/2)/(n·sin(θ/2)) (1 when sin(θ/2) = 0).
double kernelBlockMean(const Eigen::VectorXd& theta, int64_t a, int64_t n) {
    const double centre = static_cast<double>(a) + (static_cast<double>(n) - 1.0) / 2.0;
    double sum = 0;
    for (Eigen::Index i = 0; i < theta.size(); ++i) {
        const double half = std::sin(theta[i] / 2);
        const double nd = static_cast<double>(n);
        const double d = std::abs(half) < 1e-300 ? 1.0 : std::sin(nd * theta[i] / 2) / (nd * half);
        sum += std::cos(theta[i] * centre) * d;
    }
    return sum;
}

ViewResult buildExtensionKernel(const AppState& s) {
    ViewResult r;
    const std::vector<ExtensionMethod> methods = extensionMethods(s, true, r.warnings);
    const int64_t target = extensionTarget(s);
    plot::PlotSpec& spec = r.spec;
    // Log-spaced bins of offsets [e_k, e_{k+1}) from 1 to the target: single offsets near 0, wide blocks far out.
    constexpr int kBins = 320;
    std::vector<int64_t> edges = {1};
    for (int k = 1; k <= kBins; ++k) {
        const int64_t e = std::llround(std::pow(static_cast<double>(target), static_cast<double>(k) / kBins));
        if (e > edges.back()) edges.push_back(e);
    }
    if (edges.back() < target) edges.push_back(target);
    for (const ExtensionMethod& m : methods) {
        plot::LineSeries line;
        line.name = m.label;
        line.color = m.color;
        line.width = m.type == core::RopeType::Default ? 3.0f : 0.0f;
        for (size_t k = 0; k + 1 < edges.size(); ++k) {
            const int64_t n = edges[k + 1] - edges[k];
            line.x.push_back(static_cast<double>(edges[k]) + (static_cast<double>(n) - 1.0) / 2.0);
            line.y.push_back(kernelBlockMean(m.f.invFreq, edges[k], n));
        }
        spec.series.push_back(std::move(line));
    }
    spec.x = {"offset Δ (positions, log)", 1.0, static_cast<double>(target)};
    spec.x.log = true;
    spec.y = {"s(Δ) = Σᵢ cos(Δ·θ'ᵢ), bin mean"};
    spec.refLines.push_back(verticalLine(static_cast<double>(s.rope.originalMaxPositionEmbeddings),
                                         "L0 " + count(s.rope.originalMaxPositionEmbeddings)));
    spec.refLines.push_back(horizontalLine(0.0, ""));
    spec.title = s.title.empty() ? defaultTitle(View::ExtensionKernel, s) : s.title;
    const std::string what = "mean of s over " + std::to_string(edges.size() - 1) +
                             " log-spaced bins of offsets (exact Dirichlet sums); no attention factor (all-ones q·k = "
                             "2·af²·s)";
    r.convention = extensionRules(s, methods) + "; " + what;
    spec.caption = breakAtClauses(extensionSetup(s, methods) + "; " + what);
    return r;
}

ViewResult buildAttentionFactor(const AppState& s) {
    ViewResult r;
    plot::PlotSpec& spec = r.spec;
    const double sMax = std::max(128.0, 2.0 * s.extensionFactor);
    constexpr int kPoints = 241;
    auto factorAt = [&](core::RopeType type, double factor) {
        AppState at = s;
        at.extensionFactor = factor;
        return core::computeRopeFrequencies(extensionParams(at, type)).attentionFactor;
    };
    struct Curve {
        core::RopeType type;
        const char* name;
    };
    const Curve curves[] = {{core::RopeType::Yarn, core::ropeTypeInfo(core::RopeType::Yarn).legend},
                            {core::RopeType::LongRope, core::ropeTypeInfo(core::RopeType::LongRope).legend}};
    std::string values;
    for (const Curve& c : curves) {
        plot::LineSeries af, logits;
        af.name = std::string(c.name) + " af";
        logits.name = std::string(c.name) + " logit scale af²";
        af.color = logits.color = methodColor(c.type);
        logits.width = 3.0f;
        for (int k = 0; k < kPoints; ++k) {
            const double x = std::exp(std::log(sMax) * k / (kPoints - 1));
            const double a = factorAt(c.type, x);
            af.x.push_back(x);
            af.y.push_back(a);
            logits.x.push_back(x);
            logits.y.push_back(a * a);
        }
        const double a = factorAt(c.type, s.extensionFactor);
        spec.series.push_back(af);
        spec.series.push_back(logits);
        plot::TextNote note;
        note.x = s.extensionFactor;
        note.y = a * a;
        note.text = " " + std::string(c.name) + ": af " + fmt("%.4f", a) + ", logits ×" + fmt("%.4f", a * a);
        note.color = methodColor(c.type);
        spec.notes.push_back(note);
        values += std::string("; ") + c.name + " at s = " + num(s.extensionFactor) + ": af = " + fmt("%.6g", a) +
                  ", logits × af² = " + fmt("%.6g", a * a);
    }
    plot::LineSeries one;
    one.name = "PI, NTK, dynamic NTK, Llama-3: af = 1";
    one.color = methodColor(core::RopeType::Default);
    one.x = {1.0, sMax};
    one.y = {1.0, 1.0};
    spec.series.push_back(one);
    spec.x = {"factor s", 1.0, sMax};
    spec.x.log = true;
    double top = 1.0;
    for (const plot::LineSeries& line : spec.series)
        top = std::max(top, *std::max_element(line.y.begin(), line.y.end()));
    spec.y = {"multiplier"};
    plot::fitRange(spec.y, 1.0, top);
    spec.refLines.push_back(verticalLine(s.extensionFactor, "s = " + num(s.extensionFactor), kMarkerColor, false));
    spec.title = s.title.empty() ? defaultTitle(View::AttentionFactor, s) : s.title;
    r.convention =
        "attention factor af multiplies cos and sin, so both rotated q and k: raw logits scale by af²; "
        "YaRN af = 0.1·ln s + 1" +
        std::string(s.rope.mscale > 0 ? " (with mscale/mscale_all_dim as set)" : "") +
        "; LongRoPE af = sqrt(1 + ln s / ln L0), L0 = " + count(s.rope.originalMaxPositionEmbeddings) + values;
    spec.caption = breakAtClauses(r.convention, 110);
    return r;
}

}  // namespace

// [SECTION] Public ------------------------------------------------------------------------------------------

namespace {

// The RoPE parameters of `rs` for method `type` at scaling factor `factor` and length `seqLen` (everything but the
// LongRoPE lists, which the two callers fill by their own rules).
core::RopeParams ropeParamsOf(const RopeState& rs, core::RopeType type, double factor, int64_t seqLen) {
    core::RopeParams p;
    p.headDim = rs.headDim;
    p.base = rs.base;
    p.partialRotaryFactor = rs.partialRotaryFactor;
    p.type = type;
    p.factor = factor;
    p.originalMaxPositionEmbeddings = rs.originalMaxPositionEmbeddings;
    p.maxPositionEmbeddings = rs.originalMaxPositionEmbeddings;
    p.seqLen = seqLen;
    p.betaFast = rs.betaFast;
    p.betaSlow = rs.betaSlow;
    p.yarnTruncate = rs.yarnTruncate;
    if (rs.mscale > 0) p.mscale = rs.mscale;
    if (rs.mscaleAllDim > 0) p.mscaleAllDim = rs.mscaleAllDim;
    p.lowFreqFactor = rs.lowFreqFactor;
    p.highFreqFactor = rs.highFreqFactor;
    p.longRopeRule = rs.longRopeRule;
    return p;
}

}  // namespace

core::RopeParams ropeParams(const AppState& s) {
    const RopeState& rs = s.rope;
    core::RopeParams p =
        ropeParamsOf(rs, rs.type, rs.factor, rs.type == core::RopeType::Dynamic ? rs.dynamicSeqLen : s.contextLength);
    if (rs.type == core::RopeType::LongRope) {
        const size_t pairs = static_cast<size_t>(core::rotaryDim(rs.headDim, rs.partialRotaryFactor) / 2);
        p.shortFactor = rs.shortFactor.empty() ? std::vector<double>(pairs, 1.0) : rs.shortFactor;
        p.longFactor = rs.longFactor.empty() ? std::vector<double>(pairs, rs.factor) : rs.longFactor;
    }
    return p;
}

int64_t extensionTarget(const AppState& s) {
    core::requireAtLeast("extension factor", s.extensionFactor, 1.0);
    const double target = std::round(s.extensionFactor * static_cast<double>(s.rope.originalMaxPositionEmbeddings));
    if (!(target <= static_cast<double>(core::kMaxSampledPositions)))
        throw std::invalid_argument("extension target context factor·L0 must be <= 2^31, got " + num(target));
    return std::max<int64_t>(1, static_cast<int64_t>(target));
}

core::RopeParams extensionParams(const AppState& s, core::RopeType type) {
    const RopeState& rs = s.rope;
    core::RopeParams p = ropeParamsOf(rs, type, type == core::RopeType::Default ? 1.0 : s.extensionFactor,
                                      type == core::RopeType::Dynamic ? s.extensionCurrentLength : extensionTarget(s));
    if (type == core::RopeType::LongRope) {
        const size_t pairs = static_cast<size_t>(core::rotaryDim(rs.headDim, rs.partialRotaryFactor) / 2);
        p.shortFactor = rs.shortFactor.size() == pairs ? rs.shortFactor : std::vector<double>(pairs, 1.0);
        p.longFactor = rs.longFactor.size() == pairs ? rs.longFactor : std::vector<double>(pairs, s.extensionFactor);
    }
    return p;
}

std::vector<plot::Rgba> colormapColors(Colormap map) {
    std::vector<plot::Rgba> out;
    out.reserve(render::kColormapSize);
    for (const auto& c : render::colormapLut(map)) out.push_back(plot::rgba(c[0], c[1], c[2], c[3]));
    return out;
}

std::string defaultTitle(View view, const AppState& s) {
    const std::string rope = s.ladderScheme == LadderScheme::Rope
                                 ? "RoPE " + std::string(core::ropeTypeName(s.rope.type)) + ", base " + num(s.rope.base)
                                 : "sinusoidal, base " + num(s.rope.base);
    switch (view) {
        case View::Ladder:
            return "Frequency ladder: " + std::string(quantityLabel(s.ladderQuantity)) + " (" + rope + ")";
        case View::Wavelengths:
            return "Wavelength per pair (" + rope + ")";
        case View::PhaseCircle:
            return "Rotation of each pair, positions 0.." + count(s.phasePositions);
        case View::PhaseSawtooth:
            return "Phase wraparound (" + rope + ")";
        case View::Scores: {
            const char* scheme = s.scoreScheme == ScoreScheme::Rope   ? "RoPE"
                                 : s.scoreScheme == ScoreScheme::Xpos ? "xPos"
                                                                      : "NoPE";
            return std::string(s.softmax ? "Attention weights" : "Attention scores") + " (" + scheme + ", context " +
                   count(s.contextLength) + ")";
        }
        case View::Kernel:
            return "Positional kernel s(Δ), context " + count(s.contextLength);
        case View::Alibi:
            return "ALiBi bias, head " + std::to_string(s.alibiSelectedHead + 1) + " of " +
                   std::to_string(s.alibiHeads);
        case View::AlibiSlopes:
            return "ALiBi slopes, " + std::to_string(s.alibiHeads) + " heads";
        case View::T5:
            return "T5 relative position buckets";
        case View::Turns:
            return "Turns per pair in training " + count(s.trainingContext) + " and context " + count(s.contextLength);
        case View::Aliasing:
            return "Sampling aliasing, position stride S = " + num(s.positionStride) + " (" + rope + ")";
        case View::LadderPoint:
            return "Display aliasing: point sampling, context " + count(s.contextLength);
        case View::LadderMean:
            return "Display aliasing: mean over each pixel, context " + count(s.contextLength);
        case View::ExtensionScale:
            return "Per-pair scale θ/θ' at factor " + num(s.extensionFactor);
        case View::ExtensionWavelengths:
            return "Wavelengths after extension, factor " + num(s.extensionFactor);
        case View::ExtensionKernel:
            return "Kernel s(Δ) before and after extension, factor " + num(s.extensionFactor);
        case View::AttentionFactor:
            return "Attention factor and logit scale (af²)";
        case View::LearnedTable:
        case View::LearnedSimilarity:
        case View::LearnedNorms:
        case View::LearnedPca:
        case View::LearnedSpectrum:
        case View::LearnedSinusoidalSpectrum:
        case View::LearnedResized:
        case View::LearnedResizedSimilarity:
            return learnedTitle(view, s);
        case View::StudyDecay:
        case View::StudyBaseBound:
        case View::StudyBaseWindows:
        case View::StudyCriticalDim:
        case View::StudyYarnRamps:
        case View::StudyPRope:
        case View::StudySinks:
        case View::StudyPermutation:
            return studyTitle(view, s);
        case View::MropeAxes:
        case View::MropeLadder:
        case View::MropePositions:
        case View::MropeSpatial:
            return mropeTitle(view, s);
        case View::Count:
            break;
    }
    return "";
}

namespace {

ViewResult buildConsistentView(View view, const AppState& s) {
    if (s.contextLength < 1 || s.contextLength > core::kMaxSampledPositions)
        throw std::invalid_argument("context length must be in [1, 2^31], got " + count(s.contextLength));
    if (s.trainingContext < 1)
        throw std::invalid_argument("training context must be >= 1, got " + count(s.trainingContext));
    switch (view) {
        case View::Ladder:
        case View::LadderPoint:
        case View::LadderMean:
            return buildLadder(view, s);
        case View::Turns:
            return buildTurns(s);
        case View::Aliasing:
            return buildAliasing(s);
        case View::ExtensionScale:
            return buildExtensionScale(s);
        case View::ExtensionWavelengths:
            return buildExtensionWavelengths(s);
        case View::ExtensionKernel:
            return buildExtensionKernel(s);
        case View::AttentionFactor:
            return buildAttentionFactor(s);
        case View::Wavelengths:
            return buildWavelengths(s);
        case View::PhaseCircle:
            return buildPhaseCircle(s);
        case View::PhaseSawtooth:
            return buildPhaseSawtooth(s);
        case View::Scores:
            return buildScores(s);
        case View::Kernel:
            return buildKernel(s);
        case View::Alibi:
            return buildAlibi(s);
        case View::AlibiSlopes:
            return buildAlibiSlopes(s);
        case View::T5:
            return buildT5(s);
        case View::LearnedTable:
        case View::LearnedSimilarity:
        case View::LearnedNorms:
        case View::LearnedPca:
        case View::LearnedSpectrum:
        case View::LearnedSinusoidalSpectrum:
        case View::LearnedResized:
        case View::LearnedResizedSimilarity:
            return buildLearnedView(view, s);
        case View::StudyDecay:
        case View::StudyBaseBound:
        case View::StudyBaseWindows:
        case View::StudyCriticalDim:
        case View::StudyYarnRamps:
        case View::StudyPRope:
        case View::StudySinks:
        case View::StudyPermutation:
            return buildStudyView(view, s);
        case View::MropeAxes:
            return buildMropeAxes(s);
        case View::MropeLadder:
            return buildMropeLadder(s);
        case View::MropePositions:
            return buildMropePositions(s);
        case View::MropeSpatial:
            return buildMropeSpatial(s);
        case View::Count:
            break;
    }
    throw std::invalid_argument("unknown view");
}

}  // namespace

ViewResult buildView(View view, const AppState& state) {
    AppState s = state;  // dependent selections clamped, with a note instead of an error (state_clamp.h)
    const std::vector<ClampNote> notes = clampDependentSelections(s);
    if (view != s.view) s.title.clear();  // a custom (slide) title belongs to the focused plot only
    ViewResult r = buildConsistentView(view, s);
    for (const ClampNote& n : notes)
        if (std::find(n.views.begin(), n.views.end(), view) != n.views.end()) r.warnings.push_back(n.text);
    return r;
}

bool viewInputsDiffer(View view, const AppState& a, const AppState& b) {
    static const std::string kNoTitle;  // the custom title applies to the focused view only (buildView)
    const std::string& titleA = a.view == view ? a.title : kNoTitle;
    const std::string& titleB = b.view == view ? b.title : kNoTitle;
    if (titleA != titleB || a.contextLength != b.contextLength || a.maxPixels != b.maxPixels ||
        a.reduction != b.reduction)
        return true;
    const bool ropeSide = a.rope != b.rope || a.ladderScheme != b.ladderScheme ||
                          a.sinusoidalDModel != b.sinusoidalDModel || a.sinusoidalLayout != b.sinusoidalLayout ||
                          a.trainingContext != b.trainingContext;
    switch (view) {
        case View::Ladder:
        case View::LadderPoint:
        case View::LadderMean:
            return ropeSide || a.ladderQuantity != b.ladderQuantity || a.ladderColormap != b.ladderColormap ||
                   (view != View::Ladder && a.positionStride != b.positionStride) ||
                   a.positionMarker != b.positionMarker || a.showUnseenVeil != b.showUnseenVeil;
        case View::Wavelengths:
        case View::Turns:
            return ropeSide;
        case View::Aliasing:
            return ropeSide || a.positionStride != b.positionStride;
        case View::ExtensionScale:
        case View::ExtensionWavelengths:
        case View::ExtensionKernel:
        case View::AttentionFactor:
            return a.rope != b.rope || a.extensionFactor != b.extensionFactor ||
                   a.extensionCurrentLength != b.extensionCurrentLength;
        case View::PhaseCircle:
        case View::PhaseSawtooth:
            return ropeSide || a.phasePairs != b.phasePairs || a.phasePositions != b.phasePositions ||
                   a.positionMarker != b.positionMarker;
        case View::Scores:
        case View::Kernel:
            return a.rope != b.rope || a.trainingContext != b.trainingContext || a.scoreScheme != b.scoreScheme ||
                   a.scoreSource != b.scoreSource || a.seed != b.seed || a.scaleBySqrtD != b.scaleBySqrtD ||
                   a.mask != b.mask || a.slidingWindow != b.slidingWindow || a.softmax != b.softmax ||
                   a.xposScaleBase != b.xposScaleBase || a.scoresColormap != b.scoresColormap;
        case View::Alibi:
        case View::AlibiSlopes:
            return a.alibiHeads != b.alibiHeads || a.alibiSelectedHead != b.alibiSelectedHead ||
                   a.alibiSlopeOverride != b.alibiSlopeOverride || a.alibiSlopeValue != b.alibiSlopeValue ||
                   a.alibiForm != b.alibiForm || a.alibiCausal != b.alibiCausal || a.biasContext != b.biasContext ||
                   a.biasColormap != b.biasColormap;
        case View::T5:
            return a.t5NumBuckets != b.t5NumBuckets || a.t5MaxDistance != b.t5MaxDistance ||
                   a.t5Bidirectional != b.t5Bidirectional || a.biasContext != b.biasContext ||
                   a.biasColormap != b.biasColormap;
        case View::LearnedTable:
        case View::LearnedSimilarity:
        case View::LearnedNorms:
        case View::LearnedPca:
        case View::LearnedSpectrum:
        case View::LearnedSinusoidalSpectrum:
        case View::LearnedResized:
        case View::LearnedResizedSimilarity:
            return learnedInputsDiffer(a, b);
        case View::StudyDecay:
        case View::StudyBaseBound:
        case View::StudyBaseWindows:
        case View::StudyCriticalDim:
        case View::StudyYarnRamps:
        case View::StudyPRope:
        case View::StudySinks:
        case View::StudyPermutation:
            return studyInputsDiffer(view, a, b);
        case View::MropeAxes:
        case View::MropeLadder:
        case View::MropePositions:
        case View::MropeSpatial:
            return mropeInputsDiffer(view, a, b);
        case View::Count:
            break;
    }
    return true;
}

Panel panelOf(View view) {
    switch (view) {
        case View::Ladder:
        case View::Wavelengths:
            return Panel::Ladder;
        case View::PhaseCircle:
        case View::PhaseSawtooth:
            return Panel::Phase;
        case View::Scores:
        case View::Kernel:
            return Panel::Scores;
        case View::Turns:
        case View::Aliasing:
        case View::LadderPoint:
        case View::LadderMean:
            return Panel::Aliasing;
        case View::ExtensionScale:
        case View::ExtensionWavelengths:
        case View::ExtensionKernel:
        case View::AttentionFactor:
            return Panel::Extension;
        case View::LearnedTable:
        case View::LearnedSimilarity:
        case View::LearnedNorms:
        case View::LearnedPca:
        case View::LearnedSpectrum:
        case View::LearnedSinusoidalSpectrum:
        case View::LearnedResized:
        case View::LearnedResizedSimilarity:
            return Panel::Learned;
        case View::StudyDecay:
        case View::StudyBaseBound:
        case View::StudyBaseWindows:
        case View::StudyCriticalDim:
        case View::StudyYarnRamps:
        case View::StudyPRope:
        case View::StudySinks:
        case View::StudyPermutation:
            return Panel::Study;
        case View::MropeAxes:
        case View::MropeLadder:
        case View::MropePositions:
        case View::MropeSpatial:
            return Panel::Mrope;
        default:
            return Panel::Bias;
    }
}

const char* panelTitle(Panel panel) {
    switch (panel) {
        case Panel::Ladder:
            return "Frequency ladder";
        case Panel::Phase:
            return "Rotation phase";
        case Panel::Scores:
            return "Attention scores";
        case Panel::Bias:
            return "Bias matrices";
        case Panel::Aliasing:
            return "Wraparound & aliasing";
        case Panel::Extension:
            return "Context extension";
        case Panel::Learned:
            return "Learned positions";
        case Panel::Study:
            return "Study";
        case Panel::Mrope:
            return "Multimodal RoPE";
        case Panel::Count:
            break;
    }
    return "";
}

}  // namespace phaselens::model
