// PhaseLens model — shared helpers of the view builders (views_common.h) and the public RoPE parameter mapping of
// views.h (ropeParams, extensionParams, extensionTarget, colormapColors).
#include "model/views_common.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include "model/number_format.h"
#include "phaselens/pretraining.h"
#include "phaselens/rope.h"
#include "phaselens/sinusoidal.h"
#include "phaselens/validate.h"
#include "plot/axis_fit.h"
#include "render/colormap.h"

namespace phaselens::model {

namespace detail {

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
std::string breakAtClauses(const std::string& text, size_t width) {
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
    setHeatmapColors(h, vmin, vmax, map, std::move(label));
    h.sampling = (m.rows.step == 1 && m.cols.step == 1) ? "exact" : core::reductionName(reduction);
    return h;
}

void placeWindowedHeatmap(plot::HeatmapSpec& h, const core::AxisSampling& rows, const core::AxisSampling& cols,
                          double xUnit) {
    h.xMin = static_cast<double>(cols.first) * xUnit;
    h.xMax = static_cast<double>(cols.first + cols.count) * xUnit;
    h.yMin = static_cast<double>(rows.first);
    h.yMax = static_cast<double>(rows.first + rows.count);
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

plot::RefLine horizontalLine(double y, std::string label, plot::Rgba color, bool dashed) {
    plot::RefLine line;
    line.orientation = plot::Orientation::Horizontal;
    line.value = y;
    line.label = std::move(label);
    line.color = color;
    line.dashed = dashed;
    return line;
}

plot::RefLine verticalLine(double x, std::string label, plot::Rgba color, bool dashed) {
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

plot::LineSeries pairSeries(const Eigen::VectorXd& y, std::string name, bool markers, plot::Rgba color) {
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
std::string aliasSentence(const core::PhaseReport& rep, double stride, int maxPairs) {
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

void setHeatmapColors(plot::HeatmapSpec& h, double vmin, double vmax, Colormap map, std::string label) {
    if (!(vmin < vmax)) {  // constant image: open the range so the color bar has two ends
        vmin -= 0.5;
        vmax += 0.5;
    }
    h.vmin = vmin;
    h.vmax = vmax;
    h.lut = colormapColors(map);
    h.colormap = std::string(render::colormapName(map));
    h.colorbarLabel = std::move(label);
}

void setQueryKeyAxes(plot::PlotSpec& spec, double n) {
    spec.x = {"key position j", 0.0, n};
    spec.x.integer = true;
    spec.y = {"query position i", 0.0, n};
    spec.y.integer = true;
    spec.y.invert = true;
    spec.x.grid = spec.y.grid = false;
}

std::string ropeTitle(const AppState& s) {
    return s.ladderScheme == LadderScheme::Rope
               ? "RoPE " + std::string(core::ropeTypeName(s.rope.type)) + ", base " + num(s.rope.base)
               : "sinusoidal, base " + num(s.rope.base);
}

}  // namespace detail

using namespace detail;

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

}  // namespace phaselens::model
