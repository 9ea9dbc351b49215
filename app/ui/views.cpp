#include "ui/views.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "phaselens/alibi.h"
#include "phaselens/heatmap.h"
#include "phaselens/phase.h"
#include "phaselens/rope.h"
#include "phaselens/sinusoidal.h"
#include "phaselens/t5_buckets.h"
#include "phaselens/validate.h"
#include "phaselens/xpos.h"

namespace phaselens::ui {

namespace {

constexpr double kTwoPi = 2.0 * M_PI;

std::string fmt(const char* format, double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, format, v);
    return buf;
}
std::string num(double v) { return fmt("%.6g", v); }
std::string count(int64_t v) { return std::to_string(v); }

const char* quantityLabel(LadderQuantity q) {
    switch (q) {
        case LadderQuantity::Sin: return "sin(p·θᵢ)";
        case LadderQuantity::Cos: return "cos(p·θᵢ)";
        case LadderQuantity::AngleRaw: return "angle p·θᵢ (rad)";
        case LadderQuantity::AngleWrapped: return "angle p·θᵢ mod 2π (rad)";
    }
    return "";
}

std::string pairingSentence(const AppState& s, int rotaryDim) {
    if (s.rope.pairing == core::Pairing::HalfSplit)
        return "pair i = channels (i, i + " + std::to_string(rotaryDim / 2) + "), half-split (HF rotate_half)";
    return "pair i = channels (2i, 2i + 1), interleaved (Meta complex / GPT-J)";
}

std::string samplingSentence(const core::SampledMatrix& m) { return m.note; }

// Breaks a caption into lines of at most `width` characters at "; " boundaries (the plot draws '\n' as
// a new line), so long convention sentences stay readable on screen and in exports.
std::string wrapCaption(const std::string& text, size_t width = 100) {
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

core::RopeFrequencies ropeFrequencies(const AppState& s) { return core::computeRopeFrequencies(ropeParams(s)); }

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

// [SECTION] Ladder ------------------------------------------------------------------------------------

ViewResult buildLadder(const AppState& s) {
    ViewResult r;
    Eigen::VectorXd theta;
    std::string scheme;
    if (s.ladderScheme == LadderScheme::Rope) {
        const core::RopeFrequencies f = ropeFrequencies(s);
        theta = f.invFreq;
        scheme = ropeSummary(s, f) + "; " + pairingSentence(s, f.rotaryDim) + "; " + f.rule;
    } else {
        core::SinusoidalParams sp{s.sinusoidalDModel, s.rope.base, s.sinusoidalLayout};
        theta = core::sinusoidalFrequencies(sp);
        scheme = "sinusoidal (Vaswani), d_model " + std::to_string(s.sinusoidalDModel) + ", base " + num(s.rope.base) +
                 ", ω_k = base^(−2k/d); frequency k in channels " +
                 (s.sinusoidalLayout == core::SinusoidalLayout::Interleaved ? "(2k, 2k+1) (interleaved)"
                                                                            : "(k, d/2 + k) (concatenated [sin | cos])");
    }
    core::LadderRequest req;
    req.theta = theta;
    req.quantity = s.ladderQuantity;
    req.positions = s.contextLength;
    req.maxPixels = s.maxPixels;
    req.reduction = s.reduction;
    const core::SampledMatrix m = core::sampleLadder(req);
    double vmin = -1, vmax = 1;
    if (s.ladderQuantity == LadderQuantity::AngleWrapped) vmin = 0, vmax = kTwoPi;
    if (s.ladderQuantity == LadderQuantity::AngleRaw) vmin = 0, vmax = std::max(m.vmax, 1e-9);
    const Colormap map = (s.ladderQuantity == LadderQuantity::Sin || s.ladderQuantity == LadderQuantity::Cos)
                             ? s.ladderColormap
                             : (s.ladderColormap == Colormap::Diverging ? Colormap::Viridis : s.ladderColormap);
    const double pairs = static_cast<double>(theta.size());
    plot::PlotSpec& spec = r.spec;
    spec.heatmap = heatmapFrom(m, static_cast<double>(s.contextLength), pairs, map, vmin, vmax,
                               quantityLabel(s.ladderQuantity), s.reduction);
    spec.x = {"position p", 0.0, static_cast<double>(s.contextLength)};
    spec.y = {"pair i (fast → slow)", 0.0, pairs};
    spec.y.invert = true;
    spec.y.grid = false;
    spec.x.grid = false;
    addTrainingLine(spec, s, plot::Orientation::Vertical);
    // Shade (pair, position) cells whose phase was never seen: pairs without a full turn in training.
    const double t = static_cast<double>(s.trainingContext);
    if (t < s.contextLength) {
        for (Eigen::Index i = 0; i < theta.size();) {
            if (t * theta[i] >= kTwoPi) {
                ++i;
                continue;
            }
            Eigen::Index j = i;
            while (j < theta.size() && t * theta[j] < kTwoPi) ++j;
            plot::ShadedRect rect;
            rect.x0 = t;
            rect.x1 = static_cast<double>(s.contextLength);
            rect.y0 = static_cast<double>(i);
            rect.y1 = static_cast<double>(j);
            rect.color = plot::rgba(255, 255, 255, 60);
            rect.label = "phase never seen in training";
            spec.shaded.push_back(rect);
            i = j;
        }
    }
    spec.title = s.title.empty() ? defaultTitle(View::Ladder, s) : s.title;
    r.convention = scheme + "; " + samplingSentence(m);
    spec.caption = wrapCaption(r.convention);
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
    if (s.ladderScheme == LadderScheme::Rope && s.rope.type != core::RopeType::Default) {
        unscaled.name = "λᵢ unscaled";
        unscaled.markers = false;
        spec.series.push_back(unscaled);
    }
    spec.x = {"pair i", -0.5, static_cast<double>(scaled.x.size()) - 0.5};
    spec.y = {"wavelength (positions per turn)"};
    spec.y.log = true;
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
    spec.caption = wrapCaption(r.convention + "; pairs above a line complete less than one turn within that context");
    return r;
}

// [SECTION] Phase ---------------------------------------------------------------------------------------

Eigen::VectorXd ladderTheta(const AppState& s) {
    if (s.ladderScheme == LadderScheme::Rope) return ropeFrequencies(s).invFreq;
    return core::sinusoidalFrequencies({s.sinusoidalDModel, s.rope.base, s.sinusoidalLayout});
}

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
    for (int pair : validPairs(s, theta.size())) {
        plot::LineSeries trail;
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
    spec.title = s.title.empty() ? defaultTitle(View::PhaseCircle, s) : s.title;
    r.convention = "unit vector (1, 0) of each pair rotated by +p·θᵢ: (cos p·θᵢ, sin p·θᵢ), p = 0.." +
                   count(s.phasePositions) + (step > 1 ? " every " + count(step) + " positions" : "");
    spec.caption = wrapCaption(r.convention);
    return r;
}

ViewResult buildPhaseSawtooth(const AppState& s) {
    ViewResult r;
    plot::PlotSpec& spec = r.spec;
    const Eigen::VectorXd theta = ladderTheta(s);
    const int64_t c = s.contextLength;
    const int64_t step = std::max<int64_t>(1, (c + 4095) / 4096);
    for (int pair : validPairs(s, theta.size())) {
        plot::LineSeries saw;
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
    spec.y = {"phase p·θᵢ mod 2π (rad)", 0.0, kTwoPi};
    addTrainingLine(spec, s, plot::Orientation::Vertical);
    spec.title = s.title.empty() ? defaultTitle(View::PhaseSawtooth, s) : s.title;
    r.convention = "phase wrapped to [0, 2π); turns = C·θᵢ/(2π)" +
                   (step > 1 ? "; point-sampled every " + count(step) + " positions (aliasing possible)"
                             : std::string("; every position"));
    spec.caption = wrapCaption(r.convention);
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
        const Eigen::MatrixXd v =
            core::randomPositionVectors(s.seed, core::VectorRole::Query, {0}, f.rotaryDim);
        k.kernel = core::ropeRepeatedTokenKernel(f.invFreq, v.row(0).transpose(), s.rope.pairing, f.attentionFactor);
        k.what = ropeSummary(s, f) + "; one token repeated (seed " + std::to_string(s.seed) + "), " +
                 pairingSentence(s, f.rotaryDim);
    } else {
        k.kernel = core::ropeOnesKernel(f.invFreq, f.attentionFactor);
        k.what = ropeSummary(s, f) + "; q = k = all ones (rotary channels; pass-through channels add the constant " +
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
    r.spec.heatmap = heatmapFrom(m, n, n, s.scoresColormap, vmin, vmax, s.softmax ? "attention weight" : "score q·k",
                                 s.reduction);
    r.spec.x = {"key position j", 0.0, n};
    r.spec.y = {"query position i", 0.0, n};
    r.spec.y.invert = true;
    r.spec.x.grid = r.spec.y.grid = false;
    r.spec.title = s.title.empty() ? defaultTitle(View::Scores, s) : s.title;
    r.convention = what + (s.scaleBySqrtD ? "; divided by sqrt(head_dim)" : "; raw (no 1/sqrt(d))") + "; mask " +
                   core::maskTypeName(mask.type) +
                   (mask.type == core::MaskType::SlidingWindow ? " (window " + count(mask.window) + ")" : "") +
                   (s.softmax ? "; row softmax over keys" : "") + "; rows = queries, columns = keys; " + m.note;
    r.spec.caption = wrapCaption(r.convention);
    return r;
}

ViewResult buildKernel(const AppState& s) {
    ViewResult r;
    const int64_t c = s.contextLength;
    auto curve = [&](const core::ToeplitzKernel& kernel, const std::string& name) {
        const core::KernelCurve kc = core::sampleKernelCurve(kernel, 0, c, 2048, s.reduction);
        plot::LineSeries line;
        line.name = name;
        line.x.assign(kc.x.data(), kc.x.data() + kc.x.size());
        line.y.assign(kc.y.data(), kc.y.data() + kc.y.size());
        return std::make_pair(line, kc.note);
    };
    ScoreKernel k = scoreKernel(s, r, true);
    auto [main, note] = curve(k.kernel, s.scoreScheme == ScoreScheme::Xpos ? "xPos" :
                                        s.scoreScheme == ScoreScheme::NoPE ? "NoPE (0)" :
                                        "RoPE " + std::string(core::ropeTypeName(s.rope.type)));
    r.spec.series.push_back(main);
    if (s.scoreScheme == ScoreScheme::Rope && s.rope.type != core::RopeType::Default) {
        AppState plain = s;
        plain.rope.type = core::RopeType::Default;
        const core::RopeFrequencies f0 = ropeFrequencies(plain);
        r.spec.series.push_back(curve(core::ropeOnesKernel(f0.invFreq, 1.0), "before scaling (default)").first);
    }
    r.spec.x = {"offset Δ = i − j (positions)", 0.0, static_cast<double>(c)};
    r.spec.y = {"q·k for q = k = all ones"};
    addTrainingLine(r.spec, s, plot::Orientation::Vertical);
    r.spec.title = s.title.empty() ? defaultTitle(View::Kernel, s) : s.title;
    r.convention = k.what + "; " + note;
    r.spec.caption = wrapCaption(r.convention);
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
            if (mean) j = static_cast<double>(m.cols.blockStart(c)) + (m.cols.blockLength(c) - 1) / 2.0;
            if (s.reduction == core::Reduction::Max) j = static_cast<double>(m.cols.blockStart(c) + m.cols.blockLength(c) - 1);
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
    r.spec.y = {"query position i", 0.0, n};
    r.spec.y.invert = true;
    r.spec.x.grid = r.spec.y.grid = false;
    r.spec.title = s.title.empty() ? defaultTitle(View::Alibi, s) : s.title;
    std::string form;
    switch (s.alibiForm) {
        case core::AlibiForm::Linear: form = "paper form −m·(i − j)"; break;
        case core::AlibiForm::Symmetric: form = "symmetric −m·|i − j|"; break;
        case core::AlibiForm::KeyIndex:
            form = "fairseq/BLOOM form m·j (the paper's matrix plus m·i per row: same softmax)";
            break;
    }
    r.convention = "ALiBi (Press et al.), head " + std::to_string(s.alibiSelectedHead + 1) + " of " +
                   std::to_string(s.alibiHeads) + ", slope m = " + num(slope) +
                   (s.alibiSlopeOverride ? " (override)" : "") + "; " + form +
                   (s.alibiCausal ? "; causal: keys j > i masked" : "; unmasked") + "; " + m.note;
    r.spec.caption = wrapCaption(r.convention);
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
    r.spec.y = {"slope m_h"};
    r.spec.y.log = true;
    r.spec.title = s.title.empty() ? defaultTitle(View::AlibiSlopes, s) : s.title;
    int c = 1;
    while (c * 2 <= s.alibiHeads) c *= 2;
    r.convention = c == s.alibiHeads
                       ? "n = " + std::to_string(s.alibiHeads) + " (a power of two): m_h = 2^(−8h/n)"
                       : "n = " + std::to_string(s.alibiHeads) + ": the " + std::to_string(c) +
                             " slopes of the " + std::to_string(c) + "-head sequence, then every other slope of the " +
                             std::to_string(2 * c) + "-head sequence (not monotonic)";
    r.spec.caption = wrapCaption(r.convention);
    return r;
}

ViewResult buildT5(const AppState& s) {
    ViewResult r;
    core::T5BucketParams tp{s.t5NumBuckets, s.t5MaxDistance, s.t5Bidirectional};
    core::validate(tp);
    core::MatrixSampleRequest req;
    req.kernel = core::t5Kernel(tp);
    req.n = s.biasContext;
    req.maxPixels = s.maxPixels;
    req.reduction = s.reduction;
    const core::SampledMatrix m = core::sampleToeplitzMatrix(req);
    const double n = static_cast<double>(s.biasContext);
    r.spec.heatmap = heatmapFrom(m, n, n, s.biasColormap, 0.0, s.t5NumBuckets - 1.0, "bucket id", s.reduction);
    r.spec.x = {"key position j", 0.0, n};
    r.spec.y = {"query position i", 0.0, n};
    r.spec.y.invert = true;
    r.spec.x.grid = r.spec.y.grid = false;
    r.spec.title = s.title.empty() ? defaultTitle(View::T5, s) : s.title;
    r.convention = std::string("T5 relative buckets (HF _relative_position_bucket), ") +
                   (s.t5Bidirectional ? "bidirectional" : "unidirectional") + ", num_buckets " +
                   std::to_string(s.t5NumBuckets) + ", max_distance " + std::to_string(s.t5MaxDistance) +
                   "; bucket of relative position key − query; " + m.note;
    r.spec.caption = wrapCaption(r.convention);
    return r;
}

}  // namespace

// [SECTION] Public ------------------------------------------------------------------------------------------

core::RopeParams ropeParams(const AppState& s) {
    const RopeState& rs = s.rope;
    core::RopeParams p;
    p.headDim = rs.headDim;
    p.base = rs.base;
    p.partialRotaryFactor = rs.partialRotaryFactor;
    p.type = rs.type;
    p.factor = rs.factor;
    p.originalMaxPositionEmbeddings = rs.originalMaxPositionEmbeddings;
    p.maxPositionEmbeddings = rs.originalMaxPositionEmbeddings;
    p.seqLen = rs.type == core::RopeType::Dynamic ? rs.dynamicSeqLen : s.contextLength;
    p.betaFast = rs.betaFast;
    p.betaSlow = rs.betaSlow;
    if (rs.mscale > 0) p.mscale = rs.mscale;
    if (rs.mscaleAllDim > 0) p.mscaleAllDim = rs.mscaleAllDim;
    p.lowFreqFactor = rs.lowFreqFactor;
    p.highFreqFactor = rs.highFreqFactor;
    p.longRopeRule = rs.longRopeRule;
    if (rs.type == core::RopeType::LongRope) {
        const size_t pairs = static_cast<size_t>(core::rotaryDim(rs.headDim, rs.partialRotaryFactor) / 2);
        p.shortFactor = rs.shortFactor.empty() ? std::vector<double>(pairs, 1.0) : rs.shortFactor;
        p.longFactor = rs.longFactor.empty() ? std::vector<double>(pairs, rs.factor) : rs.longFactor;
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
        case View::Ladder: return "Frequency ladder: " + std::string(quantityLabel(s.ladderQuantity)) + " (" + rope + ")";
        case View::Wavelengths: return "Wavelength per pair (" + rope + ")";
        case View::PhaseCircle: return "Rotation of each pair, positions 0.." + count(s.phasePositions);
        case View::PhaseSawtooth: return "Phase wraparound (" + rope + ")";
        case View::Scores: {
            const char* scheme = s.scoreScheme == ScoreScheme::Rope ? "RoPE" : s.scoreScheme == ScoreScheme::Xpos ? "xPos" : "NoPE";
            return std::string(s.softmax ? "Attention weights" : "Attention scores") + " (" + scheme + ", context " +
                   count(s.contextLength) + ")";
        }
        case View::Kernel: return "Positional kernel s(Δ), context " + count(s.contextLength);
        case View::Alibi: return "ALiBi bias, head " + std::to_string(s.alibiSelectedHead + 1) + " of " + std::to_string(s.alibiHeads);
        case View::AlibiSlopes: return "ALiBi slopes, " + std::to_string(s.alibiHeads) + " heads";
        case View::T5: return "T5 relative position buckets";
        case View::Count: break;
    }
    return "";
}

ViewResult buildView(View view, const AppState& s) {
    if (s.contextLength < 1 || s.contextLength > core::kMaxSampledPositions)
        throw std::invalid_argument("context length must be in [1, 2^31], got " + count(s.contextLength));
    if (s.trainingContext < 1) throw std::invalid_argument("training context must be >= 1, got " + count(s.trainingContext));
    switch (view) {
        case View::Ladder: return buildLadder(s);
        case View::Wavelengths: return buildWavelengths(s);
        case View::PhaseCircle: return buildPhaseCircle(s);
        case View::PhaseSawtooth: return buildPhaseSawtooth(s);
        case View::Scores: return buildScores(s);
        case View::Kernel: return buildKernel(s);
        case View::Alibi: return buildAlibi(s);
        case View::AlibiSlopes: return buildAlibiSlopes(s);
        case View::T5: return buildT5(s);
        case View::Count: break;
    }
    throw std::invalid_argument("unknown view");
}

bool viewInputsDiffer(View view, const AppState& a, const AppState& b) {
    if (a.title != b.title || a.contextLength != b.contextLength || a.maxPixels != b.maxPixels ||
        a.reduction != b.reduction)
        return true;
    const bool ropeSide = a.rope != b.rope || a.ladderScheme != b.ladderScheme ||
                          a.sinusoidalDModel != b.sinusoidalDModel || a.sinusoidalLayout != b.sinusoidalLayout ||
                          a.trainingContext != b.trainingContext;
    switch (view) {
        case View::Ladder: return ropeSide || a.ladderQuantity != b.ladderQuantity || a.ladderColormap != b.ladderColormap;
        case View::Wavelengths: return ropeSide;
        case View::PhaseCircle:
        case View::PhaseSawtooth: return ropeSide || a.phasePairs != b.phasePairs || a.phasePositions != b.phasePositions;
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
        case View::Count: break;
    }
    return true;
}

}  // namespace phaselens::ui
