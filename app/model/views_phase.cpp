// PhaseLens model — The rotation of each pair: unit-circle trails and phase wraparound (Phase panel).
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
#include "render/colormap.h"

namespace phaselens::model {

using namespace detail;

namespace {

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
    // Deep zoom: the visible positions [p0, p1] are re-sampled (at most ~4096 points, every position when they fit).
    const auto [p0, p1] = offsetWindow(s.windows[View::PhaseSawtooth].x, 0, c);
    const int64_t step = std::max<int64_t>(1, (p1 - p0 + 4095) / 4096);
    int slot = 0;  // same palette slot as on the phase circle
    for (int pair : validPairs(s, theta.size())) {
        plot::LineSeries saw;
        saw.paletteIndex = slot++;
        const double turns = static_cast<double>(c) * theta[pair] / kTwoPi;
        saw.name = "pair " + std::to_string(pair) + ": " + fmt("%.4g", turns) + " turns in " + count(c);
        double prev = -1;
        for (int64_t p = p0; p <= p1; p += step) {
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
                             : std::string("; every position")) +
                   (p0 > 0 || p1 < c ? "; positions " + count(p0) + ".." + count(p1) + " shown" : std::string());
    spec.caption = breakAtClauses(r.convention);
    return r;
}

}  // namespace

template <>
ViewDef viewDef<View::PhaseCircle>() {
    return {[](View, const AppState& s) { return buildPhaseCircle(s); },
            [](View, const AppState& s) -> std::string {
                return "Rotation of each pair, positions 0.." + count(s.phasePositions);
            },
            kPairFrequencyInputs | FieldSet{Field::phasePairs, Field::phasePositions, Field::positionMarker}, nullptr};
}

template <>
ViewDef viewDef<View::PhaseSawtooth>() {
    return {[](View, const AppState& s) { return buildPhaseSawtooth(s); },
            [](View, const AppState& s) -> std::string { return "Phase wraparound (" + ropeTitle(s) + ")"; },
            kPairFrequencyInputs |
                FieldSet{Field::phasePairs, Field::phasePositions, Field::positionMarker, Field::windows},
            nullptr};
}

}  // namespace phaselens::model
