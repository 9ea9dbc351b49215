// Views a student can trust (issue 14): the unseen-phase veil and the "full turn" facts compare with the
// pretrained model (core/pretraining.h), dependent selections are clamped with a note instead of an error,
// and a randomized walk through every control never shows an error for a valid state.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <functional>
#include <random>

#include "config/model_config.h"
#include "model/model_state.h"
#include "model/state_clamp.h"
#include "model/state_io.h"
#include "model/views.h"
#include "phaselens/pretraining.h"
#include "phaselens/rope.h"

namespace phaselens::model {
namespace {

constexpr double kTwoPi = 2.0 * M_PI;

// The veil rectangles of a ladder (grey, finite in x) per pair row.
std::vector<std::pair<double, double>> veilOfPair(const plot::PlotSpec& spec, int pair) {
    std::vector<std::pair<double, double>> out;
    for (const plot::ShadedRect& r : spec.shaded)
        if (std::isfinite(r.x0) && r.y0 <= pair && pair < r.y1) out.emplace_back(r.x0, r.x1);
    return out;
}

std::vector<double> pairValues(const plot::PlotSpec& spec, const std::string& prefix) {
    for (const plot::LineSeries& s : spec.series)
        if (s.name.rfind(prefix, 0) == 0) {
            std::vector<double> out;
            for (size_t k = 0; k < s.x.size(); ++k)
                if (!std::isnan(s.x[k])) out.push_back(s.y[k]);
            return out;
        }
    throw std::runtime_error("no series " + prefix);
}

// [SECTION] The veil ---------------------------------------------------------------------------------------

TEST(TrustVeil, PositionInterpolationVeilsNothingBeforeSTimesL0Minus1Plus1) {
    for (double s : {2.0, 8.0}) {
        AppState st;
        st.rope.type = core::RopeType::Linear;
        st.rope.factor = s;
        st.trainingContext = 4096;
        st.contextLength = static_cast<int64_t>(s * 4096);
        const ViewResult v = buildView(View::Ladder, st);
        const double first = s * 4095 + 1;
        int veiledRows = 0;
        for (int i = 0; i < 64; ++i) {
            const auto veil = veilOfPair(v.spec, i);
            for (const auto& [a, b] : veil) EXPECT_GE(a, first) << s << " pair " << i;
            veiledRows += !veil.empty();
            // Only pairs without a full turn in pretraining ((L0 − 1)·θ < 2π, θ unscaled) are veiled.
            const double theta = std::pow(10000.0, -i / 64.0);
            EXPECT_EQ(!veil.empty(), 4095 * theta < kTwoPi) << s << " pair " << i;
        }
        EXPECT_EQ(veiledRows, 18);
        EXPECT_NE(v.spec.caption.find("pretrained model"), std::string::npos) << v.spec.caption;
    }
    // Unscaled RoPE: the veil starts at the training context (today's answer).
    AppState d;
    d.contextLength = 32768;
    d.trainingContext = 4096;
    const ViewResult v = buildView(View::Ladder, d);
    EXPECT_EQ(veilOfPair(v.spec, 63).front().first, 4096.0);
    EXPECT_TRUE(veilOfPair(v.spec, 45).empty());
}

TEST(TrustVeil, ToggleRemovesTheVeilOnly) {
    AppState s;
    s.contextLength = 32768;
    s.trainingContext = 4096;
    s.showUnseenVeil = false;
    const ViewResult off = buildView(View::Ladder, s);
    for (int i = 0; i < 64; ++i) EXPECT_TRUE(veilOfPair(off.spec, i).empty()) << i;
    EXPECT_EQ(off.spec.caption.find("grey veil"), std::string::npos);
    AppState on = s;
    on.showUnseenVeil = true;
    EXPECT_TRUE(viewInputsDiffer(View::Ladder, s, on));
    EXPECT_FALSE(viewInputsDiffer(View::Scores, s, on));
}

TEST(TrustVeil, Llama31WavelengthsAndTurnsMarkOnlyPairsWithoutAPretrainedTurn) {
    AppState s;
    s.rope.base = 500000;
    s.rope.type = core::RopeType::Llama3;
    s.rope.factor = 8;
    s.rope.originalMaxPositionEmbeddings = 8192;
    s.trainingContext = 8192;
    s.contextLength = 131072;
    const Eigen::VectorXd theta = core::defaultInvFreq(128, 500000.0);
    for (View view : {View::Wavelengths, View::Turns}) {
        const ViewResult v = buildView(view, s);
        const std::vector<double> marked = pairValues(v.spec, "no full turn in training");
        ASSERT_EQ(marked.size(), 64u);
        for (int i = 0; i < 64; ++i) EXPECT_EQ(std::isnan(marked[i]), 8192 * theta[i] >= kTwoPi) << i;
        EXPECT_TRUE(std::isnan(marked[32])) << "pair 32 (unscaled λ 4443 < 8192) completed turns in pretraining";
    }
    // PI ×8 at 4096: 18 pairs without a pretrained turn, not the 33 of the scaled wavelengths.
    AppState pi;
    pi.rope.type = core::RopeType::Linear;
    pi.rope.factor = 8;
    pi.contextLength = 32768;
    pi.trainingContext = 4096;
    EXPECT_NO_THROW(pairValues(buildView(View::Wavelengths, pi).spec, "no full turn in training (18)"));
    EXPECT_NO_THROW(pairValues(buildView(View::Turns, pi).spec, "turns in pretraining"));
}

// [SECTION] Clamping ----------------------------------------------------------------------------------------

TEST(TrustClamp, SmallerHeadDimClampsThePhasePairsWithANote) {
    AppState s;
    s.rope.headDim = 64;  // 32 pairs; the default phase pairs are 12, 28, 44
    for (View view : {View::PhaseCircle, View::PhaseSawtooth}) {
        const ViewResult v = buildView(view, s);
        ASSERT_EQ(v.warnings.size(), 1u);
        EXPECT_NE(v.warnings[0].find("44 → 31"), std::string::npos) << v.warnings[0];
        bool pair31 = false;
        for (const plot::LineSeries& l : v.spec.series) pair31 |= l.name.rfind("pair 31", 0) == 0;
        EXPECT_TRUE(pair31);
    }
    EXPECT_TRUE(buildView(View::Ladder, s).warnings.empty());  // the note belongs to the phase views only
    AppState live = s;
    const std::vector<ClampNote> notes = clampDependentSelections(live);
    ASSERT_EQ(notes.size(), 1u);
    EXPECT_EQ(live.phasePairs, (std::vector<int>{12, 28, 31}));
    EXPECT_TRUE(clampDependentSelections(live).empty());  // idempotent
}

TEST(TrustClamp, AlibiSelectedHeadFollowsTheHeadCount) {
    AppState s;
    s.alibiHeads = 16;
    s.alibiSelectedHead = 15;
    s.alibiHeads = 4;
    const ViewResult v = buildView(View::Alibi, s);
    ASSERT_EQ(v.warnings.size(), 1u);
    EXPECT_NE(v.convention.find("head 4 of 4"), std::string::npos) << v.convention;
    s.alibiSelectedHead = -3;
    EXPECT_NO_THROW(buildView(View::Alibi, s));
}

TEST(TrustClamp, LongRopeListsOfAnotherRotaryDimAreDropped) {
    AppState s;
    s.rope.type = core::RopeType::LongRope;
    s.rope.factor = 8;
    s.rope.shortFactor.assign(48, 1.1);  // Phi-3's lists (rotary_dim 96), then head dim 64
    s.rope.longFactor.assign(48, 4.0);
    s.rope.headDim = 64;
    const ViewResult v = buildView(View::Ladder, s);
    ASSERT_EQ(v.warnings.size(), 1u);
    EXPECT_NE(v.warnings[0].find("LongRoPE lists of 48 pairs dropped"), std::string::npos) << v.warnings[0];
    s.rope.headDim = 96;  // matching lists are kept
    EXPECT_TRUE(buildView(View::Ladder, s).warnings.empty());
}

// [SECTION] Randomized walk ------------------------------------------------------------------------------------

// States the controls can reach but that are not valid parameters: the views say why (tested elsewhere).
std::string invalidReason(const AppState& s) {
    const double r = std::floor(static_cast<double>(s.rope.headDim) * s.rope.partialRotaryFactor);
    {  // (the context-extension views use the RoPE parameters whatever the ladder and score schemes)
        if (r < 2 || std::fmod(r, 2.0) != 0) return "rotary_dim int(head_dim·partial) is odd or < 2";
        if (r <= 2 && (s.rope.type == core::RopeType::Ntk || s.rope.type == core::RopeType::Dynamic))
            return "NTK-aware scaling needs rotary_dim > 2 (base·s^(r/(r−2)))";
    }
    // (the context-extension views compare YaRN and Llama-3 whatever the scaling type, with these parameters)
    if (!(s.rope.betaFast > s.rope.betaSlow)) return "beta_fast <= beta_slow";
    if (!(s.rope.highFreqFactor > s.rope.lowFreqFactor)) return "high_freq_factor <= low_freq_factor";
    return "";
}

struct Control {
    const char* name;
    std::function<void(AppState&, std::mt19937_64&, int extreme)> set;  // extreme: −1 low end, +1 high end, 0 random
};

double pick(std::mt19937_64& rng, int extreme, double lo, double hi, bool log) {
    if (extreme < 0) return lo;
    if (extreme > 0) return hi;
    std::uniform_real_distribution<double> u(0.0, 1.0);
    return log ? lo * std::pow(hi / lo, u(rng)) : lo + (hi - lo) * u(rng);
}
int64_t pickInt(std::mt19937_64& rng, int extreme, int64_t lo, int64_t hi, bool log, int64_t step = 1) {
    const double v = pick(rng, extreme, static_cast<double>(lo), static_cast<double>(hi), log);
    int64_t i = std::clamp<int64_t>(std::llround(v), lo, hi);
    return lo + (i - lo) / step * step;
}
template <typename E>
E pickEnum(std::mt19937_64& rng, int count) {
    return static_cast<E>(std::uniform_int_distribution<int>(0, count - 1)(rng));
}

// Every control of the controls panel, the extension panel and the model presets, with the panels' ranges, and the
// effective-logit fields a layer selection, a state file or the export flags set.
// (max pixels stays <= 128 so that thousands of random-q/k score matrices at 2^20 fit in the test's time.)
std::vector<Control> allControls() {
    using S = AppState;
    using R = std::mt19937_64;
    static const std::vector<std::string> presets = config::listPresets();
    return {
        {"ladder scheme", [](S& s, R& g, int) { s.ladderScheme = pickEnum<LadderScheme>(g, 2); }},
        {"base", [](S& s, R& g, int e) { s.rope.base = pick(g, e, 10, 1e8, true); }},
        {"head dim", [](S& s, R& g, int e) { s.rope.headDim = static_cast<int>(pickInt(g, e, 2, 512, false, 2)); }},
        {"partial rotary",
         [](S& s, R& g, int e) {
             s.rope.partialRotaryFactor = 0.05 * static_cast<double>(pickInt(g, e, 1, 20, false));
         }},
        {"pairing", [](S& s, R& g, int) { s.ropePairing = pickEnum<core::Pairing>(g, 2); }},
        {"scaling", [](S& s, R& g, int) { s.rope.type = pickEnum<core::RopeType>(g, 7); }},
        {"factor", [](S& s, R& g, int e) { s.rope.factor = pick(g, e, 1, 128, true); }},
        {"original length",
         [](S& s, R& g, int e) { s.rope.originalMaxPositionEmbeddings = pickInt(g, e, 64, int64_t{1} << 20, true); }},
        {"current length", [](S& s, R& g, int e) { s.rope.seqLen = pickInt(g, e, 1, int64_t{1} << 20, true); }},
        {"beta fast", [](S& s, R& g, int e) { s.rope.betaFast = pick(g, e, 1, 128, true); }},
        {"beta slow", [](S& s, R& g, int e) { s.rope.betaSlow = pick(g, e, 0.01, 32, true); }},
        {"mscale", [](S& s, R& g, int e) { s.rope.mscale = pick(g, e, 0, 4, false); }},
        {"mscale all dim", [](S& s, R& g, int e) { s.rope.mscaleAllDim = pick(g, e, 0, 4, false); }},
        {"low freq factor", [](S& s, R& g, int e) { s.rope.lowFreqFactor = pick(g, e, 0.1, 16, true); }},
        {"high freq factor", [](S& s, R& g, int e) { s.rope.highFreqFactor = pick(g, e, 0.1, 64, true); }},
        {"long/short rule", [](S& s, R& g, int) { s.rope.longRopeRule = pickEnum<core::LongRopeRule>(g, 3); }},
        {"context", [](S& s, R& g, int e) { s.contextLength = pickInt(g, e, 8, int64_t{1} << 20, true); }},
        {"training context", [](S& s, R& g, int e) { s.trainingContext = pickInt(g, e, 8, int64_t{1} << 20, true); }},
        {"pixel shows", [](S& s, R& g, int) { s.reduction = pickEnum<core::Reduction>(g, 4); }},
        {"max pixels", [](S& s, R& g, int e) { s.maxPixels = static_cast<int>(pickInt(g, e, 64, 128, false, 64)); }},
        {"position stride", [](S& s, R& g, int e) { s.positionStride = pick(g, e, 0.01, 1e4, true); }},
        {"quantity", [](S& s, R& g, int) { s.ladderQuantity = pickEnum<LadderQuantity>(g, 4); }},
        {"ladder colors", [](S& s, R& g, int) { s.ladderColormap = pickEnum<Colormap>(g, 4); }},
        {"d_model", [](S& s, R& g, int e) { s.sinusoidalDModel = static_cast<int>(pickInt(g, e, 2, 1024, false, 2)); }},
        {"layout", [](S& s, R& g, int) { s.sinusoidalLayout = pickEnum<core::SinusoidalLayout>(g, 2); }},
        {"phase pair",
         [](S& s, R& g, int e) {
             if (s.phasePairs.empty()) return;
             const size_t k = std::uniform_int_distribution<size_t>(0, s.phasePairs.size() - 1)(g);
             s.phasePairs[k] = static_cast<int>(pickInt(g, e, 0, 511, false));
         }},
        {"add/remove pair",
         [](S& s, R& g, int) {
             if (s.phasePairs.size() < 6 && (s.phasePairs.empty() || g() % 2))
                 s.phasePairs.push_back(0);
             else if (!s.phasePairs.empty())
                 s.phasePairs.pop_back();
         }},
        {"trail positions", [](S& s, R& g, int e) { s.phasePositions = pickInt(g, e, 1, int64_t{1} << 20, true); }},
        {"scores scheme", [](S& s, R& g, int) { s.scoreScheme = pickEnum<ScoreScheme>(g, 3); }},
        {"q, k", [](S& s, R& g, int) { s.scoreSource = pickEnum<ScoreSource>(g, 3); }},
        {"seed", [](S& s, R& g, int e) { s.seed = static_cast<uint64_t>(pickInt(g, e, 0, 9999, false)); }},
        {"sqrt d", [](S& s, R&, int) { s.scaleBySqrtD = !s.scaleBySqrtD; }},
        {"softmax", [](S& s, R&, int) { s.softmax = !s.softmax; }},
        {"mask", [](S& s, R& g, int) { s.mask = pickEnum<core::MaskType>(g, 3); }},
        {"window", [](S& s, R& g, int e) { s.slidingWindow = pickInt(g, e, 1, int64_t{1} << 20, true); }},
        {"xpos scale base", [](S& s, R& g, int e) { s.xposScaleBase = pick(g, e, 2, 1e5, true); }},
        {"scores colors", [](S& s, R& g, int) { s.scoresColormap = pickEnum<Colormap>(g, 4); }},
        {"alibi heads", [](S& s, R& g, int e) { s.alibiHeads = static_cast<int>(pickInt(g, e, 1, 128, false)); }},
        {"head",
         [](S& s, R& g, int e) {
             s.alibiSelectedHead = static_cast<int>(pickInt(g, e, 1, std::max(1, s.alibiHeads), false)) - 1;
         }},
        {"override slope", [](S& s, R&, int) { s.alibiSlopeOverride = !s.alibiSlopeOverride; }},
        {"slope", [](S& s, R& g, int e) { s.alibiSlopeValue = pick(g, e, 1e-4, 4, true); }},
        {"form", [](S& s, R& g, int) { s.alibiForm = pickEnum<core::AlibiForm>(g, 3); }},
        {"causal", [](S& s, R&, int) { s.alibiCausal = !s.alibiCausal; }},
        {"bias context", [](S& s, R& g, int e) { s.biasContext = pickInt(g, e, 2, int64_t{1} << 20, true); }},
        {"t5 buckets", [](S& s, R& g, int e) { s.t5NumBuckets = static_cast<int>(pickInt(g, e, 2, 256, false, 2)); }},
        {"t5 max distance",
         [](S& s, R& g, int e) { s.t5MaxDistance = static_cast<int>(pickInt(g, e, 2, 4096, false)); }},
        {"t5 bidirectional", [](S& s, R&, int) { s.t5Bidirectional = !s.t5Bidirectional; }},
        {"bias colors", [](S& s, R& g, int) { s.biasColormap = pickEnum<Colormap>(g, 4); }},
        {"extension factor", [](S& s, R& g, int e) { s.extensionFactor = pick(g, e, 1, 128, true); }},
        {"dynamic NTK length",
         [](S& s, R& g, int e) { s.extensionCurrentLength = pickInt(g, e, 1, int64_t{1} << 22, true); }},
        {"position marker", [](S& s, R& g, int e) { s.positionMarker = pickInt(g, e, -1, int64_t{1} << 20, false); }},
        {"veil", [](S& s, R&, int) { s.showUnseenVeil = !s.showUnseenVeil; }},
        {"theme", [](S& s, R& g, int) { s.theme = pickEnum<ThemeChoice>(g, 2); }},
        {"font scale", [](S& s, R& g, int e) { s.fontScale = static_cast<float>(pick(g, e, 0.5, 3, false)); }},
        {"max positions M",
         [](S& s, R& g, int e) {
             if (g() % 4 == 0)
                 s.rope.maxPositionEmbeddings.reset();
             else
                 s.rope.maxPositionEmbeddings = pickInt(g, e, 64, int64_t{1} << 20, true);
         }},
        {"attention factor",
         [](S& s, R& g, int e) {
             if (g() % 4 == 0)
                 s.rope.attentionFactor.reset();
             else
                 s.rope.attentionFactor = pick(g, e, 0.01, 16, true);
         }},
        {"temperature rule", [](S& s, R& g, int) { s.queryTemperature = pickEnum<QueryTemperature>(g, 3); }},
        {"temperature axis", [](S& s, R& g, int) { s.temperatureAxis = pickEnum<PositionAxis>(g, 2); }},
        {"attn scale", [](S& s, R& g, int e) { s.temperatureAttnScale = pick(g, e, 0, 2, false); }},
        {"floor scale", [](S& s, R& g, int e) { s.temperatureFloorScale = pick(g, e, 1, 2147483648.0, true); }},
        {"temperature beta", [](S& s, R& g, int e) { s.temperatureBeta = pick(g, e, 0, 2, false); }},
        {"temperature L0", [](S& s, R& g, int e) { s.temperatureL0 = pick(g, e, 1, 2147483648.0, true); }},
        {"layer softmax scale", [](S& s, R& g, int e) { s.layerSoftmaxScale = pick(g, e, 0, 1, false); }},
        {"layer softcap", [](S& s, R& g, int e) { s.layerLogitSoftcap = pick(g, e, 0, 100, false); }},
        {"layer sinks", [](S& s, R&, int) { s.layerSinks = !s.layerSinks; }},
        {"preset",
         [](S& s, R& g, int) {
             ModelPanelState panel;
             const std::string& name = presets[std::uniform_int_distribution<size_t>(0, presets.size() - 1)(g)];
             if (!loadModelPreset(name, s, panel)) throw std::runtime_error("preset " + name + ": " + panel.error);
             s.maxPixels = std::min(s.maxPixels, 128);
         }},
    };
}

// The two base-bound figures search bases for 0.1–3 s per change (expectSlow; the window computes them on the worker
// thread): they get a walk of their own with fewer steps, so the walk over every other view stays thousands of steps
// long and the suite stays within its time budget under the sanitizers.
bool isBaseBoundView(View view) {
    return view == View::StudyBaseBound || view == View::StudyBaseWindows;
}

void randomWalk(int kSteps, uint64_t seed, bool baseBoundViews) {
    const std::vector<Control> controls = allControls();
    std::mt19937_64 rng(seed);
    AppState s;
    s.maxPixels = 128;
    AppState previous = s;
    bool first = true;
    int built = 0, invalidSteps = 0;
    const auto start = std::chrono::steady_clock::now();
    for (int step = 0; step < kSteps; ++step) {
        const Control& c = controls[std::uniform_int_distribution<size_t>(0, controls.size() - 1)(rng)];
        const int extreme = std::uniform_int_distribution<int>(-1, 3)(rng);  // ends of the range 40% of the time
        c.set(s, rng, extreme <= 1 ? extreme : 0);
        if (!invalidReason(s).empty()) {  // the user undoes an invalid combination; the walk goes on from there
            ++invalidSteps;
            s = previous;
            continue;
        }
        for (int v = 0; v < static_cast<int>(View::Count); ++v) {
            const View view = static_cast<View>(v);
            if (isBaseBoundView(view) != baseBoundViews) continue;
            if (!first && !viewInputsDiffer(view, previous, s)) continue;  // the app recomputes only these
            ++built;
            try {
                const ViewResult r = buildView(view, s);
                ASSERT_EQ(plot::validate(r.spec), "") << viewName(view) << " after " << c.name;
            } catch (const std::exception& e) {
                FAIL() << "step " << step << ", control '" << c.name << "': view " << viewName(view)
                       << " shows an error for a valid state: " << e.what() << "\nstate: " << stateToJson(s).dump();
            }
        }
        previous = s;
        first = false;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("[ random walk ] %d changes, %d views built, %d invalid states skipped, %.1f s\n", kSteps, built,
                invalidSteps, seconds);
    EXPECT_GT(built, baseBoundViews ? 10 : kSteps);  // the base-bound figures read few fields
    EXPECT_LT(invalidSteps, kSteps / 2);
}

TEST(TrustRandomWalk, NoViewOfAValidStateShowsAnError) {
    randomWalk(2000, 14, false);
}

TEST(TrustRandomWalk, NoBaseBoundFigureOfAValidStateShowsAnError) {
    randomWalk(150, 15, true);
}

}  // namespace
}  // namespace phaselens::model

namespace phaselens::model {
namespace {

// [SECTION] Titles, categories, captions ---------------------------------------------------------------------

TEST(TrustCaptions, SlideTitleOnlyOnTheFocusedPlot) {
    AppState s;
    s.view = View::Scores;
    s.title = "Slide 3: attention decays";
    EXPECT_EQ(buildView(View::Scores, s).spec.title, "Slide 3: attention decays");
    EXPECT_EQ(buildView(View::Kernel, s).spec.title, defaultTitle(View::Kernel, s));
    AppState other = s;
    other.view = View::Kernel;  // focus moves: both plots' titles change, the rest do not
    EXPECT_TRUE(viewInputsDiffer(View::Scores, s, other));
    EXPECT_TRUE(viewInputsDiffer(View::Kernel, s, other));
    EXPECT_FALSE(viewInputsDiffer(View::Ladder, s, other));
}

TEST(TrustCaptions, T5BucketsAreCategoricalNeverAveraged) {
    AppState s;
    s.biasContext = 32768;
    s.maxPixels = 256;
    for (core::Reduction red : {core::Reduction::Mean, core::Reduction::Max, core::Reduction::Point}) {
        s.reduction = red;
        const ViewResult v = buildView(View::T5, s);
        ASSERT_TRUE(v.spec.heatmap);
        for (float x : v.spec.heatmap->values) ASSERT_EQ(x, std::floor(x)) << core::reductionName(red);
        EXPECT_EQ(v.spec.heatmap->sampling, red == core::Reduction::Point ? "point" : "majority");
        EXPECT_DOUBLE_EQ(v.spec.heatmap->vmin, -0.5);
        EXPECT_DOUBLE_EQ(v.spec.heatmap->vmax, 31.5);
        EXPECT_NE(v.spec.caption.find("never averaged"), std::string::npos);
        // Discrete colors: the color bar has exactly 32 distinct bands.
        std::vector<plot::Rgba> distinct;
        for (plot::Rgba c : v.spec.heatmap->lut)
            if (distinct.empty() || distinct.back() != c) distinct.push_back(c);
        EXPECT_EQ(distinct.size(), 32u);
    }
}

TEST(TrustCaptions, KernelFollowsTheQkChoice) {
    AppState s;
    s.scoreSource = ScoreSource::Random;
    const ViewResult random = buildView(View::Kernel, s);
    EXPECT_NE(random.spec.caption.find("not a function of Δ alone"), std::string::npos) << random.spec.caption;
    s.scoreSource = ScoreSource::RepeatedToken;
    const ViewResult repeated = buildView(View::Kernel, s);
    EXPECT_NE(repeated.spec.y.label.find("repeated"), std::string::npos) << repeated.spec.y.label;
    EXPECT_NE(repeated.spec.caption.find("repeated"), std::string::npos);
    // The repeated-token kernel at Δ = 0 is |v|² (times af² = 1), not 2·Σ1 = head_dim of the all-ones vectors.
    s.scoreSource = ScoreSource::Ones;
    const ViewResult ones = buildView(View::Kernel, s);
    EXPECT_NE(ones.spec.series[0].y[0], repeated.spec.series[0].y[0]);
}

TEST(TrustCaptions, StrideStaysInTheAliasingPanel) {
    AppState s;
    s.positionStride = 8;
    s.contextLength = 8192;
    const ViewResult main = buildView(View::Ladder, s);
    EXPECT_EQ(main.spec.x.label, "position p");
    EXPECT_EQ(main.convention.find("sampled every"), std::string::npos);
    AppState t = s;
    t.positionStride = 2;
    EXPECT_FALSE(viewInputsDiffer(View::Ladder, s, t));
    EXPECT_TRUE(viewInputsDiffer(View::LadderPoint, s, t));
}

}  // namespace
}  // namespace phaselens::model
