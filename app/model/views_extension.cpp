// PhaseLens model — Context extension compared: PI, NTK, dynamic NTK, YaRN, Llama-3 and LongRoPE at one factor
// (Extension panel). Builders, titles and registry entries (view_registry.h) of this panel's views.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iterator>
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
                      ", L0 = " + count(ropeOriginalLength(s)) + ", target " + count(extensionTarget(s)) +
                      "; dynamic NTK at L = " + count(s.extensionCurrentLength);
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
    const double l0 = static_cast<double>(ropeOriginalLength(s));
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
    const double l0 = static_cast<double>(ropeOriginalLength(s));
    spec.refLines.push_back(horizontalLine(l0, "training L0 " + count(ropeOriginalLength(s))));
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
    spec.refLines.push_back(
        verticalLine(static_cast<double>(ropeOriginalLength(s)), "L0 " + count(ropeOriginalLength(s))));
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
        // Short, so it fits inside the plot next to its point on the logit-scale curve (af itself: the caption).
        note.text = std::string(c.name) + ": logits ×" + fmt("%.4f", a * a);
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
        std::string(s.rope.mscale.value_or(0.0) > 0 ? " (with mscale/mscale_all_dim as set)" : "") +
        "; LongRoPE af = sqrt(1 + ln s / ln L0), L0 = " + count(ropeOriginalLength(s)) + values;
    spec.caption = breakAtClauses(r.convention, 110);
    return r;
}

constexpr FieldSet kExtensionInputs = kRopeFields | FieldSet{Field::extensionFactor, Field::extensionCurrentLength};

}  // namespace

template <>
ViewDef viewDef<View::ExtensionScale>() {
    return {[](View, const AppState& s) { return buildExtensionScale(s); },
            [](View, const AppState& s) -> std::string {
                return "Per-pair scale θ/θ' at factor " + num(s.extensionFactor);
            },
            kExtensionInputs, nullptr};
}

template <>
ViewDef viewDef<View::ExtensionWavelengths>() {
    return {[](View, const AppState& s) { return buildExtensionWavelengths(s); },
            [](View, const AppState& s) -> std::string {
                return "Wavelengths after extension, factor " + num(s.extensionFactor);
            },
            kExtensionInputs, nullptr};
}

template <>
ViewDef viewDef<View::ExtensionKernel>() {
    return {[](View, const AppState& s) { return buildExtensionKernel(s); },
            [](View, const AppState& s) -> std::string {
                return "Kernel s(Δ) before and after extension, factor " + num(s.extensionFactor);
            },
            kExtensionInputs, nullptr};
}

template <>
ViewDef viewDef<View::AttentionFactor>() {
    return {[](View, const AppState& s) { return buildAttentionFactor(s); },
            [](View, const AppState&) -> std::string { return "Attention factor and logit scale (af²)"; },
            kExtensionInputs, nullptr};
}

}  // namespace phaselens::model
