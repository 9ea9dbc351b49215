// PhaseLens model — effective logits of the selected layer (Scores panel): what multiplies q·k before the softmax
// besides RoPE. The plot is the position-dependent query temperature (core/query_scale.h) against the absolute
// 0-based position p, both rules on the same axes:
//   llama4       1 + attn_scale·ln(1 + ⌊(p + 1)/floor_scale⌋)   (Llama 4 NoPE layers)
//   llama4_beta  1 + β·ln(1 + ⌊p/L0⌋)                          (Ministral 3 / Mistral 4, every layer)
// the selected layer's rule drawn thick (a layer without temperature: a thick line at 1, said in the caption); the
// caption adds the layer's softmax scale, logit softcap and attention sinks (AppState, set by applyLayer).
//
// Sampling: the visible window of positions (deep zoom, view_window.h) at maxPixels positions, evenly or
// geometrically (log axis) spaced; every value is the core function at an integer position. Where two neighbouring
// samples differ by exactly one step, the step's exact position is found by bisection on the core function and
// drawn as a vertical segment, so steps at least a sample apart are exact; finer steps are joined by a line.
// Cost: O(maxPixels · log C) core calls at any context up to 2^31.
#include <algorithm>
#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "model/model_state.h"
#include "model/number_format.h"
#include "model/views_common.h"
#include "phaselens/query_scale.h"

namespace phaselens::model {

using namespace detail;

namespace {

using Rule = std::function<double(int64_t)>;

// The two rules with the state's constants (the core functions, nothing re-derived here).
Rule llama4Rule(const AppState& s) {
    return [a = s.temperatureAttnScale, f = s.temperatureFloorScale](int64_t p) {
        return core::llama4QueryScale(p, a, f);
    };
}
Rule betaRule(const AppState& s) {
    return [b = s.temperatureBeta, l0 = s.temperatureL0](int64_t p) { return core::llama4BetaQueryScale(p, b, l0); };
}

// Smallest q in (a, b] with f(q) == f(b) (f monotone in its step index, f(a) != f(b)).
int64_t firstOfLastStep(const Rule& f, int64_t a, int64_t b, double vb) {
    int64_t lo = a, hi = b;  // f(lo) != vb, f(hi) == vb
    while (hi - lo > 1) {
        const int64_t mid = lo + (hi - lo) / 2;
        (f(mid) == vb ? hi : lo) = mid;
    }
    return hi;
}

// The positions sampled in [first, last]: `n` of them evenly spaced, or geometrically spaced from max(first, 1).
std::vector<int64_t> samplePositions(int64_t first, int64_t last, int n, bool log) {
    std::vector<int64_t> out;
    out.reserve(static_cast<size_t>(n) + 1);
    if (log) first = std::max<int64_t>(first, 1);
    if (last <= first) return {first};
    const double l0 = std::log(static_cast<double>(first)), l1 = std::log(static_cast<double>(last));
    for (int i = 0; i < n; ++i) {
        int64_t p = 0;
        if (log) {
            p = static_cast<int64_t>(std::llround(std::exp(l0 + (l1 - l0) * i / (n - 1))));
        } else {
            p = first + (last - first) * i / (n - 1);  // <= 2^31 · 4096: no overflow
        }
        p = std::clamp(p, first, last);
        if (out.empty() || p > out.back()) out.push_back(p);
    }
    if (out.back() != last) out.push_back(last);
    return out;
}

struct Curve {
    plot::LineSeries line;
    int64_t exactSteps = 0;   ///< steps drawn at their exact position
    int64_t joinedSteps = 0;  ///< sample intervals holding more than one step (finer than a sample)
};

// The staircase of `f` over the sampled positions (header comment).
Curve staircase(const Rule& f, const std::vector<int64_t>& xs) {
    Curve c;
    double prev = f(xs.front());
    c.line.x.push_back(static_cast<double>(xs.front()));
    c.line.y.push_back(prev);
    for (size_t i = 1; i < xs.size(); ++i) {
        const double v = f(xs[i]);
        if (v != prev) {
            const int64_t q = firstOfLastStep(f, xs[i - 1], xs[i], v);
            if (f(q - 1) == prev) {  // exactly one step in (xs[i-1], xs[i]]: drawn where it is
                c.line.x.push_back(static_cast<double>(q));
                c.line.y.push_back(prev);
                if (q != xs[i]) {  // (xs[i], v) follows anyway
                    c.line.x.push_back(static_cast<double>(q));
                    c.line.y.push_back(v);
                }
                ++c.exactSteps;
            } else {
                ++c.joinedSteps;
            }
        }
        c.line.x.push_back(static_cast<double>(xs[i]));
        c.line.y.push_back(v);
        prev = v;
    }
    return c;
}

// The first position where f differs from f(0), or -1 when it is constant on [0, last].
int64_t firstStep(const Rule& f, int64_t last) {
    const double v0 = f(0), vl = f(last);
    if (vl == v0) return -1;
    int64_t lo = 0, hi = last;  // f(lo) == v0, f(hi) != v0 (monotone)
    while (hi - lo > 1) {
        const int64_t mid = lo + (hi - lo) / 2;
        (f(mid) == v0 ? lo : hi) = mid;
    }
    return hi;
}

std::string layerName(const AppState& s) {
    if (s.layerIndex < 0) return "";
    std::string out = "layer " + std::to_string(s.layerIndex);
    if (s.layerPositional == "rope") return out + " (RoPE)";
    if (s.layerPositional == "nope") return out + " (NoPE)";
    if (s.layerPositional == "none") return out + " (linear attention)";
    return s.layerPositional.empty() ? out : out + " (" + s.layerPositional + ")";
}

const char* ruleName(QueryTemperature t) {
    return t == QueryTemperature::Llama4 ? "llama4" : t == QueryTemperature::Llama4Beta ? "llama4_beta" : "none";
}

std::string llama4Formula(const AppState& s) {
    return "1 + " + num(s.temperatureAttnScale) + "·ln(1 + ⌊(p+1)/" + num(s.temperatureFloorScale) + "⌋)";
}
std::string betaFormula(const AppState& s) {
    return "1 + " + num(s.temperatureBeta) + "·ln(1 + ⌊p/" + num(s.temperatureL0) + "⌋)";
}

// The softmax scale and where such a number comes from (CONTRACT.md §0 softmax rule, core/query_scale.h).
std::string softmaxSentence(const AppState& s) {
    const double sc = s.layerSoftmaxScale;
    const int headDim = s.rope.headDim;
    if (!(sc > 0.0))
        return "softmax scale: not known without a selected layer (default 1/√head_dim = " +
               fmt("%.6g", 1.0 / std::sqrt(static_cast<double>(headDim))) + ")";
    std::string out = "softmax scale " + fmt("%.6g", sc);
    if (sc == 1.0) return out + " (no 1/√d on q·k: a QK-norm carries the temperature)";
    const double d = 1.0 / (sc * sc), n = std::round(d);
    if (n >= 1.0 && n < 1e9 && std::abs(d - n) <= 1e-9 * n) {
        const std::string nn = plainNumber(n);
        out += " = " + nn + "^(−1/2)";
        if (s.layerPositional == "rope" && n == headDim) return out + " (1/√head_dim)";
        if (s.layerPositional == "rope")
            return out + " (query_pre_attn_scalar " + nn + ", not head_dim " + std::to_string(headDim) + ")";
        return out;  // 1/√head_dim or query_pre_attn_scalar^(−1/2): the number cannot tell
    }
    if (s.rope.mscaleAllDim && *s.rope.mscaleAllDim != 0.0 && s.rope.factor > 1.0) {
        const double m = core::yarnMscale(s.rope.factor, *s.rope.mscaleAllDim);
        const double q = std::round(1.0 / std::pow(sc / (m * m), 2.0));
        if (q >= 1.0 && q < 1e6 &&
            std::abs(core::mlaSoftmaxScale(static_cast<int>(q), s.rope.factor, *s.rope.mscaleAllDim) - sc) <=
                1e-12 * sc)
            return out + " = " + plainNumber(q) + "^(−1/2)·mscale(" + num(s.rope.factor) + ", " +
                   num(*s.rope.mscaleAllDim) + ")² = " + plainNumber(q) + "^(−1/2)·" + fmt("%.6g", m * m) +
                   " (MLA with YaRN: qk_head_dim^(−1/2)·mscale²)";
    }
    return out;
}

ViewResult buildEffectiveLogits(const AppState& s) {
    ViewResult r;
    const int64_t c = s.contextLength;
    // Positions 0 .. C − 1 (at least two). A context that ends before either rule's first step would show two flat
    // lines: the axis then runs to 4 × the larger step length (at most 2^31 − 1) and marks where the context ends.
    const int64_t contextLast = std::max<int64_t>(c - 1, 1);
    int64_t last = contextLast;
    if (firstStep(llama4Rule(s), contextLast) < 0 && firstStep(betaRule(s), contextLast) < 0) {
        const double longer = 4.0 * std::max(s.temperatureFloorScale, s.temperatureL0);
        last = std::max(contextLast, static_cast<int64_t>(std::min(longer, static_cast<double>(kMaxContext))) - 1);
    }
    const bool log = s.temperatureAxis == PositionAxis::Log;
    const DataWindow& zoom = s.windows[View::EffectiveLogits];
    const auto [first, wlast] = offsetWindow(zoom.x, log ? 1 : 0, last);
    const int samples = std::clamp(s.maxPixels, 64, 4096);
    const std::vector<int64_t> xs = samplePositions(first, wlast, samples, log);

    const bool selected = s.layerIndex >= 0;
    const QueryTemperature own = s.queryTemperature;
    const std::string layer = layerName(s);
    const Rule rules[2] = {llama4Rule(s), betaRule(s)};
    const QueryTemperature kinds[2] = {QueryTemperature::Llama4, QueryTemperature::Llama4Beta};
    const plot::Rgba colors[2] = {plot::rgba(31, 119, 180), plot::rgba(230, 110, 20)};
    constexpr float kThick = 3.5f, kMedium = 3.0f, kThin = 1.6f;

    double yLo = 1.0, yHi = 1.0;  // the whole curves' range (monotone: the ends), independent of the zoom
    int64_t joined = 0;
    std::vector<std::pair<int64_t, std::string>> steps;  // first step of each rule inside the context
    for (int i = 0; i < 2; ++i) {
        const bool highlighted = own == kinds[i];
        Curve cv = staircase(rules[i], xs);
        cv.line.name = (highlighted ? (selected ? layer + ": " : std::string()) : std::string("compared: ")) +
                       ruleName(kinds[i]);  // the constants are in the caption's formulas
        cv.line.color = colors[i];
        // With neither rule the layer's, the first compared curve is wider so the second, drawn over it, does not
        // hide it where the two coincide (they differ only by the off-by-one).
        cv.line.width = highlighted ? kThick : (own == QueryTemperature::None && i == 0 ? kMedium : kThin);
        joined += cv.joinedSteps;
        r.spec.series.push_back(std::move(cv.line));
        for (int64_t p : {int64_t{0}, last}) {
            yLo = std::min(yLo, rules[i](p));
            yHi = std::max(yHi, rules[i](p));
        }
        if (const int64_t p = firstStep(rules[i], last); p >= 0) steps.emplace_back(p, ruleName(kinds[i]));
    }
    // The layer's own rule first: drawn under the thin compared curve (which stays visible where they coincide) and
    // listed first in the legend.
    std::stable_partition(r.spec.series.begin(), r.spec.series.end(),
                          [&](const plot::LineSeries& l) { return l.width == kThick; });
    if (own == QueryTemperature::None) {  // the layer's own multiplier: 1 at every position
        plot::LineSeries one;
        one.name = selected ? layer + ": no query temperature (1)" : "no query temperature (1)";
        one.x = {static_cast<double>(xs.front()), static_cast<double>(xs.back())};
        one.y = {1.0, 1.0};
        one.color = plot::rgba(40, 160, 70);
        one.width = kThick;
        r.spec.series.insert(r.spec.series.begin(), std::move(one));
    }

    // First steps: one line per rule, or one line naming both when they fall on the same pixel (the off-by-one).
    const double x0 = log ? 1.0 : 0.0, x1 = static_cast<double>(last);
    auto axisPos = [&](int64_t p) {
        const double x = static_cast<double>(p);
        return log ? std::log(std::max(x, 1.0)) : x;
    };
    if (steps.size() == 2 &&
        std::abs(axisPos(steps[0].first) - axisPos(steps[1].first)) < 0.03 * (axisPos(last) - axisPos(log ? 1 : 0))) {
        r.spec.refLines.push_back(verticalLine(static_cast<double>(std::min(steps[0].first, steps[1].first)),
                                               "first steps: " + steps[0].second + " p = " + count(steps[0].first) +
                                                   ", " + steps[1].second + " p = " + count(steps[1].first)));
    } else {
        for (const auto& [p, name] : steps)
            r.spec.refLines.push_back(verticalLine(static_cast<double>(p), name + " first step p = " + count(p),
                                                   colors[name == "llama4" ? 0 : 1]));
    }

    if (last > contextLast) r.spec.refLines.push_back(verticalLine(static_cast<double>(c), "context " + count(c)));

    r.spec.x = {log ? "position p (log axis from p = 1)" : "position p (0-based)", x0, x1};  // p = 0: the caption says
    r.spec.x.log = log;
    r.spec.x.integer = true;
    const double span = yHi - yLo, pad = span > 1e-9 ? 0.08 * span : 0.05;
    r.spec.y = {"query multiplier", yLo - pad, yHi + pad};
    r.spec.title = s.title.empty() ? defaultTitle(View::EffectiveLogits, s) : s.title;

    // The caption: the layer's rule (or that it has none), the compared rule, the other effective-logit facts.
    std::vector<std::string> clauses;
    const std::string who = selected ? layer : "no layer selected";
    if (own == QueryTemperature::Llama4)
        clauses.push_back(who + ": Llama 4 query temperature q·[" + llama4Formula(s) + "]");
    else if (own == QueryTemperature::Llama4Beta)
        clauses.push_back(who + ": Ministral 3 / Mistral 4 query temperature q·[" + betaFormula(s) + "]");
    else
        clauses.push_back((selected ? who + " has" : who + ":") +
                          " no query temperature: q is not rescaled with position (multiplier 1); the "
                          "two rules are drawn for comparison only");
    if (own != QueryTemperature::Llama4) clauses.push_back("compared: Llama 4 (NoPE layers) " + llama4Formula(s));
    if (own != QueryTemperature::Llama4Beta) clauses.push_back("compared: Ministral 3 / Mistral 4 " + betaFormula(s));
    clauses.push_back(
        "p absolute, 0-based: llama4 steps at p = k·floor_scale − 1, llama4_beta at p = k·L0 (off by one)");
    if (log) clauses.push_back("the log axis starts at p = 1; both multipliers are 1 at p = 0");
    if (last > contextLast)
        clauses.push_back("no step before the context " + count(c) +
                          " ends (both multipliers are 1 there): positions to " + count(last) +
                          " shown, the context's end marked");
    clauses.push_back(softmaxSentence(s));
    clauses.push_back(s.layerLogitSoftcap > 0.0
                          ? "logit softcap " + num(s.layerLogitSoftcap) + ": s ← " + num(s.layerLogitSoftcap) +
                                "·tanh(s/" + num(s.layerLogitSoftcap) + ")"
                          : "no logit softcap");
    clauses.push_back(s.layerSinks ? "learned attention sinks: a softmax row sums below 1" : "no attention sinks");
    clauses.push_back(count(static_cast<int64_t>(xs.size())) + " positions sampled " +
                      (log ? "geometrically" : "evenly") + " in " + count(xs.front()) + " .. " + count(xs.back()) +
                      (joined > 0 ? "; steps closer than a sample are joined by a line (zoom to see them)"
                                  : "; every step drawn at its exact position"));
    std::string convention;
    for (const std::string& cl : clauses) convention += (convention.empty() ? "" : "; ") + cl;
    r.convention = "query multiplier: scales q, so every logit q·k; " + convention;
    // The drawn caption: the same facts in three short lines (the sidecar keeps the whole convention).
    std::string caption = own == QueryTemperature::Llama4 ? who + ": llama4 q·[" + llama4Formula(s) + "]"
                          : own == QueryTemperature::Llama4Beta
                              ? who + ": llama4_beta q·[" + betaFormula(s) + "]"
                              : (selected ? who + " has" : who + ":") +
                                    " no query temperature (multiplier 1); the rules are compared only";
    caption += "\ncompared: ";
    if (own != QueryTemperature::Llama4) caption += "llama4 " + llama4Formula(s);
    if (own == QueryTemperature::None) caption += ", ";
    if (own != QueryTemperature::Llama4Beta) caption += "llama4_beta " + betaFormula(s);
    if (last > contextLast)
        caption += "\nno step within the context " + count(c) + ": the axis runs on to " + count(last + 1);
    r.spec.caption = caption + "\n" +
                     breakAtClauses(softmaxSentence(s) + "; " +
                                        (s.layerLogitSoftcap > 0.0 ? "logit softcap " + num(s.layerLogitSoftcap)
                                                                   : std::string("no logit softcap")) +
                                        "; " + (s.layerSinks ? "attention sinks" : "no attention sinks"),
                                    110);
    return r;
}

std::string effectiveLogitsTitle(const AppState& s) {
    const std::string what = "Query temperature against position";
    if (s.layerIndex < 0)
        return what + (s.queryTemperature == QueryTemperature::None ? ": rules compared"
                                                                    : ": " + std::string(ruleName(s.queryTemperature)));
    return what + ", " + layerName(s) + ": " +
           (s.queryTemperature == QueryTemperature::None ? std::string("none") : ruleName(s.queryTemperature));
}

}  // namespace

template <>
ViewDef viewDef<View::EffectiveLogits>() {
    return {[](View, const AppState& s) { return buildEffectiveLogits(s); },
            [](View, const AppState& s) -> std::string { return effectiveLogitsTitle(s); },
            FieldSet{Field::queryTemperature, Field::temperatureAttnScale, Field::temperatureFloorScale,
                     Field::temperatureBeta, Field::temperatureL0, Field::temperatureAxis, Field::layerSoftmaxScale,
                     Field::layerLogitSoftcap, Field::layerSinks, Field::layerIndex, Field::layerPositional,
                     Field::ropeHeadDim, Field::ropeFactor, Field::ropeMscaleAllDim, Field::windows},
            nullptr};
}

}  // namespace phaselens::model
