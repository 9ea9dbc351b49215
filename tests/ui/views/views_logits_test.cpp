// The effective-logits view (views_logits.cpp): the plotted query multiplier equals the core functions
// (core/query_scale.h) at every plotted position, the Llama 4 / Ministral off-by-one, what a selected layer sets
// (applyLayer) and says (title, caption, legend), a layer without temperature, contexts to 2^31 and the deep zoom.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "config/layer_plan.h"
#include "model/layer_selection.h"
#include "model/state_io.h"
#include "model/views.h"
#include "phaselens/query_scale.h"

namespace phaselens::model {
namespace {

// Scout-like: every 4th layer NoPE with the llama4 temperature (the golden config's fields, fewer layers).
const char* kLlama4 = R"({"model_type": "llama4", "text_config": {"model_type": "llama4_text", "num_hidden_layers": 8,
    "hidden_size": 5120, "num_attention_heads": 40, "head_dim": 128, "rope_theta": 500000.0,
    "attention_chunk_size": 8192, "attn_temperature_tuning": 4, "attn_scale": 0.1, "floor_scale": 8192,
    "no_rope_layers": [1, 1, 1, 0, 1, 1, 1, 0],
    "rope_scaling": {"rope_type": "llama3", "factor": 16.0, "low_freq_factor": 1.0, "high_freq_factor": 1.0,
    "original_max_position_embeddings": 8192}}})";

// Ministral 3: llama_4_scaling_beta on every layer, L0 = the rope dict's original_max_position_embeddings.
const char* kMinistral = R"({"model_type": "ministral3", "num_hidden_layers": 3, "hidden_size": 4096,
    "num_attention_heads": 32, "head_dim": 128, "max_position_embeddings": 262144,
    "rope_parameters": {"rope_type": "yarn", "rope_theta": 1000000000.0, "factor": 16.0,
    "original_max_position_embeddings": 16384, "beta_fast": 32.0, "beta_slow": 1.0, "mscale": 1.0,
    "mscale_all_dim": 1.0, "llama_4_scaling_beta": 0.1}})";

AppState layerState(const char* config, int layer, int64_t context) {
    const config::LayerPlan plan = config::parseLayerPlan(config, "cfg.json");
    AppState s;
    s.contextLength = context;
    applyLayer(plan, "cfg.json", layer, s);
    return s;
}

// The series of a rule: its legend name is "<layer>: <rule>", "compared: <rule>" or "<rule>".
const plot::LineSeries& seriesOf(const ViewResult& r, const std::string& rule) {
    for (const plot::LineSeries& l : r.spec.series)
        if (l.name == rule || (l.name.size() > rule.size() + 2 && l.name.ends_with(": " + rule))) return l;
    ADD_FAILURE() << "no series of " << rule;
    static const plot::LineSeries none;
    return none;
}

// The series named exactly `name`.
const plot::LineSeries& seriesNamed(const ViewResult& r, const std::string& name) {
    for (const plot::LineSeries& l : r.spec.series)
        if (l.name == name) return l;
    ADD_FAILURE() << "no series named " << name;
    static const plot::LineSeries none;
    return none;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// Every plotted point is the core function at that integer position (vertical step segments included: the point
// before a step at q carries f(q − 1), drawn at x = q).
void expectCoreValues(const plot::LineSeries& l, double (*f)(int64_t)) {
    ASSERT_EQ(l.x.size(), l.y.size());
    ASSERT_GT(l.x.size(), 10u);
    for (size_t i = 0; i < l.x.size(); ++i) {
        const auto p = static_cast<int64_t>(l.x[i]);
        ASSERT_EQ(static_cast<double>(p), l.x[i]) << "integer positions only";
        const bool before = i + 1 < l.x.size() && l.x[i + 1] == l.x[i];  // the low end of a vertical step
        EXPECT_EQ(l.y[i], f(before ? p - 1 : p)) << "point " << i << " at p = " << p;
    }
}

TEST(EffectiveLogits, PlottedMultiplierIsTheCoreFunction) {
    AppState s = layerState(kLlama4, 3, int64_t{10485760});  // Scout's context
    for (PositionAxis axis : {PositionAxis::Log, PositionAxis::Linear}) {
        s.temperatureAxis = axis;
        const ViewResult r = buildView(View::EffectiveLogits, s);
        expectCoreValues(seriesOf(r, "llama4"), [](int64_t p) { return core::llama4QueryScale(p, 0.1, 8192.0); });
        expectCoreValues(seriesOf(r, "llama4_beta"),
                         [](int64_t p) { return core::llama4BetaQueryScale(p, 0.1, 8192.0); });
    }
    // The golden numbers of Scout layer 3 at a few positions, read off the plotted staircase.
    s.temperatureAxis = PositionAxis::Linear;
    s.windows[View::EffectiveLogits].x = {8180.0, 8200.0};  // every position of the window is a sample
    const ViewResult z = buildView(View::EffectiveLogits, s);
    const plot::LineSeries& l = seriesOf(z, "llama4");
    auto at = [&](double p) {
        for (size_t i = l.x.size(); i-- > 0;)
            if (l.x[i] == p) return l.y[i];  // the last point at p: the value from p on
        return std::nan("");
    };
    EXPECT_EQ(at(8190), 1.0);
    EXPECT_DOUBLE_EQ(at(8191), 1.0693147180559945);
    EXPECT_DOUBLE_EQ(at(8192), 1.0693147180559945);
}

TEST(EffectiveLogits, OffByOneBetweenTheRules) {
    // Same constants (applyLayer gives the compared rule the layer's): at p = floor_scale − 1 Llama 4 has stepped,
    // Ministral with L0 = floor_scale has not; one position later both have.
    AppState s = layerState(kLlama4, 3, 65536);
    EXPECT_EQ(s.temperatureFloorScale, 8192.0);
    EXPECT_EQ(s.temperatureL0, 8192.0);
    s.temperatureAxis = PositionAxis::Linear;
    s.windows[View::EffectiveLogits].x = {8185.0, 8200.0};
    const ViewResult r = buildView(View::EffectiveLogits, s);
    const plot::LineSeries &llama = seriesOf(r, "llama4"), &beta = seriesOf(r, "llama4_beta");
    auto last = [](const plot::LineSeries& l, double p) {
        double v = std::nan("");
        for (size_t i = 0; i < l.x.size(); ++i)
            if (l.x[i] == p) v = l.y[i];
        return v;
    };
    EXPECT_GT(last(llama, 8191), 1.0);
    EXPECT_EQ(last(beta, 8191), 1.0);
    EXPECT_EQ(last(llama, 8192), last(beta, 8192));
    EXPECT_EQ(core::llama4QueryScale(8191, 0.1, 8192.0), last(llama, 8191));
    // The one vertical segment of each curve sits exactly at its step.
    auto stepAt = [](const plot::LineSeries& l) {
        for (size_t i = 1; i < l.x.size(); ++i)
            if (l.x[i] == l.x[i - 1] && l.y[i] != l.y[i - 1]) return l.x[i];
        return -1.0;
    };
    EXPECT_EQ(stepAt(llama), 8191.0);
    EXPECT_EQ(stepAt(beta), 8192.0);
    // The unzoomed plot marks both first steps on one line (the same pixel) naming both positions.
    s.windows = {};
    const ViewResult whole = buildView(View::EffectiveLogits, s);
    ASSERT_EQ(whole.spec.refLines.size(), 1u);
    EXPECT_TRUE(contains(whole.spec.refLines[0].label, "llama4 p = 8191")) << whole.spec.refLines[0].label;
    EXPECT_TRUE(contains(whole.spec.refLines[0].label, "llama4_beta p = 8192")) << whole.spec.refLines[0].label;
}

TEST(EffectiveLogits, MinistralLayerSaysItsRuleAndFacts) {
    const AppState s = layerState(kMinistral, 1, 262144);
    EXPECT_EQ(s.queryTemperature, QueryTemperature::Llama4Beta);
    EXPECT_EQ(s.temperatureBeta, 0.1);
    EXPECT_EQ(s.temperatureL0, 16384.0);
    const ViewResult r = buildView(View::EffectiveLogits, s);
    EXPECT_EQ(r.spec.title, "Query temperature against position, layer 1 (RoPE): llama4_beta");
    EXPECT_TRUE(contains(r.convention, "layer 1 (RoPE): Ministral 3 / Mistral 4 query temperature")) << r.convention;
    EXPECT_TRUE(contains(r.convention, "compared: Llama 4")) << r.convention;
    EXPECT_TRUE(contains(r.convention, "softmax scale 0.0883883 = 128^(−1/2) (1/√head_dim)")) << r.convention;
    EXPECT_TRUE(contains(r.convention, "no logit softcap")) << r.convention;
    EXPECT_TRUE(contains(r.convention, "no attention sinks")) << r.convention;
    EXPECT_TRUE(contains(r.spec.caption, "layer 1 (RoPE): llama4_beta q·[1 + 0.1·ln(1 + ⌊p/16384⌋)]"))
        << r.spec.caption;
    EXPECT_TRUE(contains(r.spec.caption, "compared: llama4 1 + 0.1·ln(1 + ⌊(p+1)/16384⌋)")) << r.spec.caption;
    EXPECT_TRUE(contains(r.spec.caption, "softmax scale 0.0883883")) << r.spec.caption;
    const plot::LineSeries& own = seriesNamed(r, "layer 1 (RoPE): llama4_beta");
    const plot::LineSeries& other = seriesNamed(r, "compared: llama4");
    EXPECT_GT(own.width, other.width);  // the layer's own rule is highlighted

    // Its step at 16384 is in the caption's rule and on the plot.
    EXPECT_EQ(core::llama4BetaQueryScale(16383, 0.1, 16384.0), 1.0);
    expectCoreValues(own, [](int64_t p) { return core::llama4BetaQueryScale(p, 0.1, 16384.0); });
}

TEST(EffectiveLogits, LayerWithoutTemperatureSaysSo) {
    const AppState s = layerState(kLlama4, 0, 1048576);  // a chunked RoPE layer of Llama 4: no temperature
    EXPECT_EQ(s.queryTemperature, QueryTemperature::None);
    const ViewResult r = buildView(View::EffectiveLogits, s);
    EXPECT_EQ(r.spec.title, "Query temperature against position, layer 0 (RoPE): none");
    EXPECT_TRUE(contains(r.convention, "layer 0 (RoPE) has no query temperature")) << r.convention;
    EXPECT_TRUE(contains(r.convention, "for comparison only")) << r.convention;
    EXPECT_TRUE(contains(r.spec.caption, "layer 0 (RoPE) has no query temperature (multiplier 1)")) << r.spec.caption;
    const plot::LineSeries& one = seriesNamed(r, "layer 0 (RoPE): no query temperature (1)");
    EXPECT_TRUE(std::all_of(one.y.begin(), one.y.end(), [](double v) { return v == 1.0; }));
    EXPECT_GT(one.width, seriesNamed(r, "compared: llama4").width);
    // The NoPE layer next to it has the rule: the view is not replaced by "no positional encoding".
    const ViewResult nope = buildView(View::EffectiveLogits, layerState(kLlama4, 3, 1048576));
    EXPECT_EQ(nope.spec.title, "Query temperature against position, layer 3 (NoPE): llama4");
    EXPECT_TRUE(contains(nope.convention, "layer 3 (NoPE): Llama 4 query temperature q·[1 + 0.1·ln(1 + ⌊(p+1)/8192⌋)]"))
        << nope.convention;
}

TEST(EffectiveLogits, OtherFactsOfTheLayer) {
    AppState s;
    s.layerIndex = 5;
    s.layerPositional = "rope";
    s.rope.headDim = 128;
    s.layerSoftmaxScale = 1.0 / std::sqrt(168.0);  // Gemma 3: query_pre_attn_scalar 168
    s.layerLogitSoftcap = 50.0;
    s.layerSinks = true;
    ViewResult r = buildView(View::EffectiveLogits, s);
    EXPECT_TRUE(contains(r.convention, "= 168^(−1/2) (query_pre_attn_scalar 168, not head_dim 128)")) << r.convention;
    EXPECT_TRUE(contains(r.convention, "logit softcap 50: s ← 50·tanh(s/50)")) << r.convention;
    EXPECT_TRUE(contains(r.convention, "learned attention sinks")) << r.convention;
    // DeepSeek-V3 (MLA with YaRN): 192^(−1/2)·mscale(40, 1)².
    s.rope.type = core::RopeType::Yarn;
    s.rope.factor = 40.0;
    s.rope.mscaleAllDim = 1.0;
    s.layerSoftmaxScale = core::mlaSoftmaxScale(192, 40.0, 1.0);
    r = buildView(View::EffectiveLogits, s);
    EXPECT_TRUE(contains(r.convention, "192^(−1/2)·mscale(40, 1)²")) << r.convention;
    // No layer: the default is named as such, not claimed.
    r = buildView(View::EffectiveLogits, AppState{});
    EXPECT_TRUE(contains(r.convention, "not known without a selected layer")) << r.convention;
    EXPECT_EQ(r.spec.title, "Query temperature against position: rules compared");
}

TEST(EffectiveLogits, ContextOf2To31IsSampledAtDisplayResolution) {
    AppState s = layerState(kLlama4, 3, int64_t{1} << 31);
    s.maxPixels = 1024;
    for (PositionAxis axis : {PositionAxis::Log, PositionAxis::Linear}) {
        s.temperatureAxis = axis;
        const ViewResult r = buildView(View::EffectiveLogits, s);
        for (const plot::LineSeries& l : r.spec.series) {
            EXPECT_LE(l.x.size(), 3u * 1025u) << l.name;  // samples plus two points per exact step
            EXPECT_EQ(l.x.back(), static_cast<double>((int64_t{1} << 31) - 1)) << l.name;
        }
        EXPECT_EQ(r.spec.x.max, static_cast<double>((int64_t{1} << 31) - 1));
        EXPECT_EQ(r.spec.x.log, axis == PositionAxis::Log);
        // y fits the whole curve: 1 at the start, the last value at 2^31 − 1.
        EXPECT_LT(r.spec.y.min, 1.0);
        EXPECT_GT(r.spec.y.max, core::llama4QueryScale((int64_t{1} << 31) - 1, 0.1, 8192.0));
    }
}

TEST(EffectiveLogits, ShortContextShowsTheFirstStepsAndMarksItsEnd) {
    AppState s;  // context 4096: neither rule steps before 8191
    s.temperatureAxis = PositionAxis::Linear;
    const ViewResult r = buildView(View::EffectiveLogits, s);
    EXPECT_EQ(r.spec.x.max, 4.0 * 8192 - 1);
    const bool marked = std::any_of(r.spec.refLines.begin(), r.spec.refLines.end(), [](const plot::RefLine& l) {
        return l.value == 4096.0 && l.label == "context 4096";
    });
    EXPECT_TRUE(marked);
    EXPECT_TRUE(contains(r.spec.caption, "no step within the context 4096")) << r.spec.caption;
    expectCoreValues(seriesNamed(r, "compared: llama4"),
                     [](int64_t p) { return core::llama4QueryScale(p, 0.1, 8192.0); });
}

TEST(EffectiveLogits, StateKeysRoundTrip) {
    AppState s = layerState(kMinistral, 0, 65536);
    s.temperatureAxis = PositionAxis::Linear;
    s.layerLogitSoftcap = 30.0;
    s.layerSinks = true;
    const AppState back = stateFromJson(stateToJson(s));
    EXPECT_EQ(back, s);
    EXPECT_EQ(stateToJson(s)["query_temperature"], "llama4_beta");
}

}  // namespace
}  // namespace phaselens::model
