// PhaseLens model — Wraparound and aliasing: turns per pair, sampling aliasing, point- vs mean-sampled ladders
// (Aliasing panel). Builders, titles and registry entries (view_registry.h) of this panel's views.
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
#include "render/colormap.h"

namespace phaselens::model {

using namespace detail;

namespace {

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

}  // namespace

template <>
ViewDef viewDef<View::Turns>() {
    return {[](View, const AppState& s) { return buildTurns(s); },
            [](View, const AppState& s) -> std::string {
                return "Turns per pair in training " + count(s.trainingContext) + " and context " +
                       count(s.contextLength);
            },
            kPairFrequencyInputs, nullptr};
}

template <>
ViewDef viewDef<View::Aliasing>() {
    return {[](View, const AppState& s) { return buildAliasing(s); },
            [](View, const AppState& s) -> std::string {
                return "Sampling aliasing, position stride S = " + num(s.positionStride) + " (" + ropeTitle(s) + ")";
            },
            kPairFrequencyInputs | FieldSet{Field::positionStride}, nullptr};
}

}  // namespace phaselens::model
