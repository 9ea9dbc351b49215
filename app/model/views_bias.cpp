// PhaseLens model — Bias matrices: ALiBi (every head, slopes) and T5 buckets (Bias panel).
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

core::SampledMatrix keyIndexBias(double slope, const AppState& s, const core::AxisWindow& rows,
                                 const core::AxisWindow& cols) {
    core::SampledMatrix m;
    const auto axes = core::windowAxes(s.biasContext, rows, cols, s.maxPixels);
    m.rows = axes.first;
    m.cols = axes.second;
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
    const DataWindow& zoom = s.windows[View::Alibi];  // deep zoom: visible queries (y) and keys (x)
    const core::AxisWindow rows = sampleWindow(zoom.y, s.biasContext), cols = sampleWindow(zoom.x, s.biasContext);
    if (s.alibiForm == core::AlibiForm::KeyIndex) {
        m = keyIndexBias(slope, s, rows, cols);
    } else {
        core::MatrixSampleRequest req;
        req.kernel = core::alibiKernel(slope, s.alibiForm == core::AlibiForm::Symmetric);
        req.n = s.biasContext;
        req.maxPixels = s.maxPixels;
        req.reduction = s.reduction;
        req.mask = {s.alibiCausal ? core::MaskType::Causal : core::MaskType::None, 0};
        req.rows = rows;
        req.cols = cols;
        m = core::sampleToeplitzMatrix(req);
    }
    const double n = static_cast<double>(s.biasContext);
    r.spec.heatmap = heatmapFrom(m, n, n, s.biasColormap, m.vmin, m.vmax, "bias added to the logit", s.reduction);
    if (!zoom.whole()) placeWindowedHeatmap(*r.spec.heatmap, m.rows, m.cols);
    setQueryKeyAxes(r.spec, n);
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
    const DataWindow& zoom = s.windows[View::T5];  // deep zoom: visible queries (y) and keys (x)
    const core::AxisWindow rows = sampleWindow(zoom.y, s.biasContext), cols = sampleWindow(zoom.x, s.biasContext);
    if (point) {
        core::MatrixSampleRequest req;
        req.kernel = core::t5Kernel(tp);
        req.n = s.biasContext;
        req.maxPixels = s.maxPixels;
        req.reduction = core::Reduction::Point;
        req.rows = rows;
        req.cols = cols;
        m = core::sampleToeplitzMatrix(req);
    } else {
        m = core::sampleT5Majority(tp, s.biasContext, s.maxPixels, rows, cols);
    }
    const double n = static_cast<double>(s.biasContext);
    r.spec.heatmap = heatmapFrom(m, n, n, s.biasColormap, -0.5, s.t5NumBuckets - 0.5, "bucket id", s.reduction);
    r.spec.heatmap->lut = categoricalLut(s.biasColormap, s.t5NumBuckets);
    r.spec.heatmap->integerValues = true;  // bucket ids: color-bar ticks at integers only
    if (!zoom.whole()) placeWindowedHeatmap(*r.spec.heatmap, m.rows, m.cols);
    if (m.rows.step > 1) r.spec.heatmap->sampling = point ? "point" : "majority";
    setQueryKeyAxes(r.spec, n);
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

constexpr FieldSet kAlibiInputs = {Field::alibiHeads,      Field::alibiSelectedHead, Field::alibiSlopeOverride,
                                   Field::alibiSlopeValue, Field::alibiForm,         Field::alibiCausal,
                                   Field::biasContext,     Field::biasColormap};

}  // namespace

template <>
ViewDef viewDef<View::Alibi>() {
    return {[](View, const AppState& s) { return buildAlibi(s); },
            [](View, const AppState& s) -> std::string {
                return "ALiBi bias, head " + std::to_string(s.alibiSelectedHead + 1) + " of " +
                       std::to_string(s.alibiHeads);
            },
            kAlibiInputs | FieldSet{Field::windows}, "bias_colormap"};
}

template <>
ViewDef viewDef<View::AlibiSlopes>() {
    return {[](View, const AppState& s) { return buildAlibiSlopes(s); },
            [](View, const AppState& s) -> std::string {
                return "ALiBi slopes, " + std::to_string(s.alibiHeads) + " heads";
            },
            kAlibiInputs, "bias_colormap"};
}

template <>
ViewDef viewDef<View::T5>() {
    return {[](View, const AppState& s) { return buildT5(s); },
            [](View, const AppState&) -> std::string { return "T5 relative position buckets"; },
            FieldSet{Field::t5NumBuckets, Field::t5MaxDistance, Field::t5Bidirectional, Field::biasContext,
                     Field::biasColormap, Field::windows},
            "bias_colormap"};
}

}  // namespace phaselens::model
