// PhaseLens model — The frequency ladder and the wavelength of every pair (Ladder panel), and the point- and
// mean-sampled ladders of the Aliasing panel (the same builder). Builders, titles and registry entries
// (view_registry.h) of this panel's views.
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
    // Deep zoom: the visible positions (in samples of S positions) and pairs (a slice of theta).
    const DataWindow& zoom = s.windows[view];
    req.window = sampleWindow(zoom.x, req.positions, stride);
    const core::AxisWindow pairWindow = sampleWindow(zoom.y, theta.size());
    if (pairWindow.count > 0) req.theta = theta.segment(pairWindow.first, pairWindow.count);
    core::SampledMatrix m = core::sampleLadder(req);
    m.rows.first = pairWindow.first;
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
    if (!zoom.whole()) placeWindowedHeatmap(*spec.heatmap, m.rows, m.cols, stride);
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

}  // namespace

template <>
ViewDef viewDef<View::Ladder>() {
    return {[](View view, const AppState& s) { return buildLadder(view, s); },
            [](View, const AppState& s) -> std::string {
                return "Frequency ladder: " + std::string(quantityLabel(s.ladderQuantity)) + " (" + ropeTitle(s) + ")";
            },
            kPairFrequencyInputs | FieldSet{Field::ladderQuantity, Field::ladderColormap, Field::positionMarker,
                                            Field::showUnseenVeil, Field::windows},
            "ladder_colormap"};
}

template <>
ViewDef viewDef<View::Wavelengths>() {
    return {[](View, const AppState& s) { return buildWavelengths(s); },
            [](View, const AppState& s) -> std::string { return "Wavelength per pair (" + ropeTitle(s) + ")"; },
            kPairFrequencyInputs, nullptr};
}

template <>
ViewDef viewDef<View::LadderPoint>() {
    return {[](View view, const AppState& s) { return buildLadder(view, s); },
            [](View, const AppState& s) -> std::string {
                return "Display aliasing: point sampling, context " + count(s.contextLength);
            },
            kPairFrequencyInputs | FieldSet{Field::ladderQuantity, Field::ladderColormap, Field::positionMarker,
                                            Field::showUnseenVeil, Field::positionStride, Field::windows},
            "ladder_colormap"};
}

template <>
ViewDef viewDef<View::LadderMean>() {
    return {[](View view, const AppState& s) { return buildLadder(view, s); },
            [](View, const AppState& s) -> std::string {
                return "Display aliasing: mean over each pixel, context " + count(s.contextLength);
            },
            kPairFrequencyInputs | FieldSet{Field::ladderQuantity, Field::ladderColormap, Field::positionMarker,
                                            Field::showUnseenVeil, Field::positionStride, Field::windows},
            "ladder_colormap"};
}

}  // namespace phaselens::model
