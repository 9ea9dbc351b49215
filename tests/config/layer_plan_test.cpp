// config/layer_plan.h: the per-layer rules of CONTRACT.md §0–1 on small configs written from the rules (families
// outside the shared golden set), and every preset's plan under both transformers rules.
#include "config/layer_plan.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "phaselens/rope.h"

namespace phaselens::test {
namespace {

using config::AttentionKind;
using config::LayerPlan;
using config::QueryScaleRule;
using config::RopePairing;

LayerPlan plan(const std::string& text, config::TransformersRule rule = config::TransformersRule::Newest) {
    return config::parseLayerPlan(text, "test.json", rule);
}

bool hasWarning(const LayerPlan& p, const std::string& a, const std::string& b) {
    for (const auto& w : p.warnings)
        if (w.find(a) != std::string::npos && w.find(b) != std::string::npos) return true;
    return false;
}

TEST(LayerPlan, Gemma2AlternatesWithSoftcapAndQueryPreAttnScalar) {
    const LayerPlan p = plan(R"({"model_type": "gemma2", "num_hidden_layers": 4, "head_dim": 128, "hidden_size": 4608,
        "num_attention_heads": 32, "query_pre_attn_scalar": 144, "attn_logit_softcapping": 50.0,
        "sliding_window": 4096, "rope_theta": 10000.0})");
    ASSERT_EQ(p.numLayers, 4);
    for (int i = 0; i < 4; ++i) {
        const auto& l = p.layers[static_cast<size_t>(i)];
        EXPECT_EQ(l.attention, i % 2 == 0 ? AttentionKind::Sliding : AttentionKind::Full) << i;
        EXPECT_EQ(l.window.has_value(), i % 2 == 0);
        EXPECT_DOUBLE_EQ(*l.softmaxScale, 1.0 / 12.0);  // 144^-1/2, not 128^-1/2
        EXPECT_EQ(*l.logitSoftcap, 50.0);
        EXPECT_EQ(l.rope->resolved.rope.base, 10000.0);
    }
}

TEST(LayerPlan, Gemma4ProportionalGlobalLayersAndLastLayerFull) {
    const LayerPlan p = plan(R"({"model_type": "gemma4", "text_config": {"model_type": "gemma4_text",
        "num_hidden_layers": 8, "head_dim": 256, "global_head_dim": 512, "hidden_size": 5376,
        "num_attention_heads": 32, "sliding_window": 1024,
        "rope_parameters": {"sliding_attention": {"rope_type": "default", "rope_theta": 10000.0},
                            "full_attention": {"rope_type": "proportional", "rope_theta": 1000000.0,
                                               "partial_rotary_factor": 0.25}}}})");
    ASSERT_EQ(p.numLayers, 8);
    EXPECT_EQ(p.layers[5].attention, AttentionKind::Full);  // (5+1) % 6 == 0
    EXPECT_EQ(p.layers[6].attention, AttentionKind::Sliding);
    EXPECT_EQ(p.layers[7].attention, AttentionKind::Full);  // the last layer is always full
    const auto& g = *p.layers[5].rope;
    EXPECT_EQ(g.ropeType, "proportional");
    EXPECT_EQ(g.headDim, 512);
    EXPECT_EQ(g.rotaryDim, 512);
    EXPECT_EQ(g.rotatedPairs, 64);
    const auto f = g.frequencies();
    ASSERT_EQ(f.invFreq.size(), 256);
    EXPECT_EQ(f.invFreq[63], core::defaultInvFreq(512, 1e6)[63]);
    EXPECT_EQ(f.invFreq[64], 0.0);
    const auto& s = *p.layers[0].rope;
    EXPECT_EQ(s.headDim, 256);
    EXPECT_EQ(s.rotatedPairs, 128);
    for (const auto& l : p.layers) EXPECT_EQ(*l.softmaxScale, 1.0);
}

TEST(LayerPlan, NestedRopeParametersWithFlatLeftoversStayNested) {
    // Some transformers 5 files keep "rope_theta": null and "rope_type" beside the per-type objects.
    const LayerPlan p = plan(R"({"model_type": "gemma4_text", "num_hidden_layers": 6, "head_dim": 256,
        "global_head_dim": 512, "hidden_size": 3840, "num_attention_heads": 16, "sliding_window": 1024,
        "rope_parameters": {"full_attention": {"partial_rotary_factor": 0.25, "rope_type": "proportional",
        "rope_theta": 1000000}, "sliding_attention": {"rope_type": "default", "rope_theta": 10000},
        "rope_theta": null, "rope_type": "default"}})");
    EXPECT_EQ(p.layers[0].rope->resolved.rope.base, 1.0e4);
    EXPECT_EQ(p.layers[5].rope->ropeType, "proportional");
    EXPECT_EQ(p.layers[5].rope->rotatedPairs, 64);
    EXPECT_EQ(p.model.rope.base, 1.0e4);  // the one-RoPE view shows the sliding layers, not the p-RoPE
}

TEST(LayerPlan, Cohere2GlobalLayersAreNoPEAndInterleaved) {
    const LayerPlan p = plan(R"({"model_type": "cohere2", "num_hidden_layers": 8, "hidden_size": 4096,
        "num_attention_heads": 32, "head_dim": 999, "sliding_window": 4096, "sliding_window_pattern": 4,
        "rope_theta": 50000.0})");
    for (int i = 0; i < 8; ++i) {
        const auto& l = p.layers[static_cast<size_t>(i)];
        const bool full = (i + 1) % 4 == 0;
        EXPECT_EQ(l.attention, full ? AttentionKind::Full : AttentionKind::Sliding) << i;
        EXPECT_EQ(l.positional, full ? "nope" : "rope") << i;
        if (!full) {
            EXPECT_EQ(l.rope->headDim, 128);  // hidden/heads, head_dim ignored
            EXPECT_EQ(l.rope->pairing, RopePairing::Interleaved);
        }
        EXPECT_DOUBLE_EQ(*l.softmaxScale, 1.0 / std::sqrt(128.0));
    }
}

TEST(LayerPlan, ModernBertGlobalEveryThirdWithItsOwnThetaAndHalfWindow) {
    const LayerPlan p = plan(R"({"model_type": "modernbert", "num_hidden_layers": 22, "hidden_size": 768,
        "num_attention_heads": 12, "global_attn_every_n_layers": 3, "global_rope_theta": 160000.0,
        "local_attention": 128, "local_rope_theta": 10000.0})");
    for (int i = 0; i < 22; ++i) {
        const auto& l = p.layers[static_cast<size_t>(i)];
        const bool global = i % 3 == 0;
        EXPECT_EQ(l.attention, global ? AttentionKind::Full : AttentionKind::Sliding) << i;
        EXPECT_EQ(l.rope->resolved.rope.base, global ? 160000.0 : 10000.0) << i;
        if (!global) EXPECT_EQ(*l.window, 64);
    }
}

TEST(LayerPlan, Qwen3NextLinearLayersHaveNoPosition) {
    const LayerPlan p = plan(R"({"model_type": "qwen3_next", "num_hidden_layers": 8, "hidden_size": 2048,
        "num_attention_heads": 16, "head_dim": 256, "partial_rotary_factor": 0.25, "full_attention_interval": 4,
        "rope_theta": 10000000})");
    for (int i = 0; i < 8; ++i) {
        const auto& l = p.layers[static_cast<size_t>(i)];
        const bool full = (i + 1) % 4 == 0;
        EXPECT_EQ(l.attention, full ? AttentionKind::Full : AttentionKind::Linear) << i;
        EXPECT_EQ(l.positional, full ? "rope" : "none");
        EXPECT_EQ(l.softmaxScale.has_value(), full);
        if (full) EXPECT_EQ(l.rope->rotaryDim, 64);
    }
}

TEST(LayerPlan, SmolLM3DefaultNoRopeIntervalAndDefaultTheta) {
    const LayerPlan p = plan(R"({"model_type": "smollm3", "num_hidden_layers": 8, "hidden_size": 2048,
        "num_attention_heads": 16})");
    for (int i = 0; i < 8; ++i) EXPECT_EQ(p.layers[static_cast<size_t>(i)].positional, (i + 1) % 4 ? "rope" : "nope");
    EXPECT_EQ(p.layers[0].rope->resolved.rope.base, 2.0e6);   // SmolLM3Config default
    EXPECT_EQ(p.layers[3].queryScale, QueryScaleRule::None);  // no temperature outside Llama 4
}

TEST(LayerPlan, DeepSeekMlaRotatesOnlyTheRopeChannelsWithMscaleSquaredInTheSoftmax) {
    const LayerPlan p = plan(R"({"model_type": "deepseek_v3", "num_hidden_layers": 2, "hidden_size": 7168,
        "num_attention_heads": 128, "qk_nope_head_dim": 128, "qk_rope_head_dim": 64, "max_position_embeddings": 163840,
        "rope_theta": 10000, "rope_scaling": {"type": "yarn", "factor": 40, "mscale": 1.0, "mscale_all_dim": 1.0,
        "original_max_position_embeddings": 4096, "beta_fast": 32, "beta_slow": 1}})");
    const auto& l = p.layers[0];
    EXPECT_EQ(l.rope->headDim, 192);
    EXPECT_EQ(l.rope->rotaryDim, 64);
    EXPECT_EQ(l.rope->pairing, RopePairing::Interleaved);
    EXPECT_DOUBLE_EQ(l.rope->attentionFactor, 1.0);
    const double m = 0.1 * std::log(40.0) + 1.0;
    EXPECT_NEAR(*l.softmaxScale, m * m / std::sqrt(192.0), 1e-15);
    const LayerPlan off = plan(R"({"model_type": "kimi_k2", "num_hidden_layers": 1, "hidden_size": 7168,
        "num_attention_heads": 64, "qk_nope_head_dim": 128, "qk_rope_head_dim": 64, "rope_interleave": false})");
    EXPECT_EQ(off.layers[0].rope->pairing, RopePairing::HalfSplit);
    EXPECT_DOUBLE_EQ(*off.layers[0].softmaxScale, 1.0 / std::sqrt(192.0));
}

TEST(LayerPlan, MiniMaxRotaryDimIsAChannelCountAndGlmInterleavesInsideThePartialSlice) {
    const LayerPlan mm = plan(R"({"model_type": "minimax_m2", "num_hidden_layers": 2, "hidden_size": 3072,
        "num_attention_heads": 48, "head_dim": 128, "rotary_dim": 64, "partial_rotary_factor": 0.5})");
    EXPECT_EQ(mm.layers[0].rope->rotaryDim, 64);
    EXPECT_EQ(mm.layers[0].rope->resolved.rope.base, 5.0e6);  // MiniMaxM2Config default
    EXPECT_EQ(mm.layers[0].rope->pairing, RopePairing::HalfSplit);
    const LayerPlan glm = plan(R"({"model_type": "glm4", "num_hidden_layers": 2, "hidden_size": 4096,
        "num_attention_heads": 32, "head_dim": 128, "partial_rotary_factor": 0.5, "rope_theta": 10000})");
    EXPECT_EQ(glm.layers[0].rope->rotaryDim, 64);
    EXPECT_EQ(glm.layers[0].rope->pairing, RopePairing::Interleaved);
}

TEST(LayerPlan, MinistralBetaTemperatureOnEveryLayer) {
    const LayerPlan p = plan(R"({"model_type": "ministral3", "num_hidden_layers": 3, "hidden_size": 4096,
        "num_attention_heads": 32, "head_dim": 128, "max_position_embeddings": 262144,
        "rope_parameters": {"rope_type": "yarn", "rope_theta": 1000000000.0, "factor": 16.0,
        "original_max_position_embeddings": 16384, "beta_fast": 32.0, "beta_slow": 1.0, "mscale": 1.0,
        "mscale_all_dim": 1.0, "llama_4_scaling_beta": 0.1}})");
    for (const auto& l : p.layers) {
        EXPECT_EQ(l.queryScale, QueryScaleRule::Llama4Beta);
        EXPECT_EQ(l.queryScaleAt(16383), 1.0);
        EXPECT_DOUBLE_EQ(l.queryScaleAt(16384), 1.0 + 0.1 * std::log(2.0));
        EXPECT_DOUBLE_EQ(l.rope->attentionFactor, 1.0);  // mscale / mscale_all_dim
        EXPECT_EQ(l.rope->resolved.rope.base, 1.0e9);    // the theta inside rope_parameters
    }
}

TEST(LayerPlan, PrecedenceInsideDictThetaAndTopLevelPartialWithWarnings) {
    const LayerPlan p = plan(R"({"model_type": "llama", "num_hidden_layers": 1, "hidden_size": 4096,
        "num_attention_heads": 32, "rope_theta": 10000.0, "partial_rotary_factor": 0.5,
        "rope_parameters": {"rope_type": "default", "rope_theta": 500000.0, "partial_rotary_factor": 0.25}})");
    EXPECT_EQ(p.layers[0].rope->resolved.rope.base, 500000.0);
    EXPECT_EQ(p.layers[0].rope->rotaryDim, 64);
    EXPECT_TRUE(hasWarning(p, "rope_theta", "disagree"));
    EXPECT_TRUE(hasWarning(p, "partial_rotary_factor", "disagree"));
}

TEST(LayerPlan, Llama3EqualFactorsAcceptedUnderBothRules) {
    for (const auto rule : {config::TransformersRule::Newest, config::TransformersRule::Legacy}) {
        const LayerPlan p = plan(R"({"model_type": "llama", "num_hidden_layers": 1, "hidden_size": 4096,
            "num_attention_heads": 32, "rope_theta": 500000.0, "max_position_embeddings": 131072,
            "rope_scaling": {"rope_type": "llama3", "factor": 16.0, "low_freq_factor": 1.0, "high_freq_factor": 1.0,
            "original_max_position_embeddings": 8192}})",
                                 rule);
        EXPECT_TRUE(hasWarning(p, "high_freq_factor", "low_freq_factor"));
        const auto f = p.layers[0].rope->frequencies();
        EXPECT_EQ((f.band.array() == 1).count(), 0);
    }
}

TEST(LayerPlan, BadLayerFieldsNameTheField) {
    try {
        plan(R"({"model_type": "llama", "num_hidden_layers": 2, "hidden_size": 64, "num_attention_heads": 4,
            "layer_types": ["full_attention", "mamba"]})");
        FAIL() << "expected ConfigError";
    } catch (const config::ConfigError& e) {
        EXPECT_EQ(e.field(), "layer_types[1]") << e.what();
    }
    EXPECT_THROW(plan(R"({"model_type": "llama", "hidden_size": 64, "num_attention_heads": 4})"), config::ConfigError);
    EXPECT_THROW(plan(R"({"model_type": "smollm3", "num_hidden_layers": 2, "hidden_size": 64,
        "num_attention_heads": 4, "no_rope_layers": [1]})"),
                 config::ConfigError);
}

TEST(LayerPlan, EveryPresetHasAPlanUnderBothRules) {
    for (const std::string& name : config::listPresets()) {
        for (const auto rule : {config::TransformersRule::Newest, config::TransformersRule::Legacy}) {
            SCOPED_TRACE(name + " / " + config::transformersRuleName(rule));
            LayerPlan p;
            ASSERT_NO_THROW(p = config::loadPresetLayerPlan(name, rule));
            EXPECT_GT(p.numLayers, 0);
            EXPECT_EQ(static_cast<int>(p.layers.size()), p.numLayers);
            for (const auto& l : p.layers)
                if (l.rope) EXPECT_NO_THROW(l.rope->frequencies());
        }
    }
}

TEST(LayerPlanPresets, HeadlineNumbersOfTheLayeredPresets) {
    const LayerPlan scout = config::loadPresetLayerPlan("llama-4-scout-17b-16e-instruct");
    ASSERT_EQ(scout.numLayers, 48);
    EXPECT_EQ(scout.layers[3].positional, "nope");
    EXPECT_EQ(scout.layers[3].queryScale, QueryScaleRule::Llama4);
    EXPECT_EQ(*scout.layers[0].chunk, 8192);
    const auto f = scout.layers[0].rope->frequencies();
    EXPECT_EQ((f.band.array() == 0).count(), 35);
    EXPECT_EQ((f.band.array() == 2).count(), 29);
    const LayerPlan gemma3 = config::loadPresetLayerPlan("gemma-3-27b-it");
    EXPECT_EQ(gemma3.layers[0].rope->resolved.rope.base, 1.0e4);
    EXPECT_EQ(gemma3.layers[5].rope->resolved.rope.base, 1.0e6);
    EXPECT_EQ(gemma3.layers[5].rope->factor, 8.0);
    EXPECT_DOUBLE_EQ(*gemma3.layers[0].softmaxScale, std::pow(168.0, -0.5));
    const LayerPlan oss = config::loadPresetLayerPlan("gpt-oss-20b");
    EXPECT_TRUE(oss.layers[0].sinks);
    EXPECT_EQ(*oss.layers[0].window, 128);
    EXPECT_NEAR(oss.layers[1].rope->attentionFactor, 0.1 * std::log(32.0) + 1.0, 1e-15);
    const LayerPlan next = config::loadPresetLayerPlan("qwen3-next-80b-a3b-instruct");
    int full = 0;
    for (const auto& l : next.layers) full += l.attention == AttentionKind::Full;
    EXPECT_EQ(full, 12);
    const LayerPlan smol = config::loadPresetLayerPlan("smollm3-3b");
    EXPECT_EQ(smol.layers[35].positional, "nope");
    const LayerPlan bert = config::loadPresetLayerPlan("modernbert-base");
    EXPECT_EQ(*bert.layers[1].window, 64);
    const LayerPlan g2 = config::loadPresetLayerPlan("gemma-2-27b");
    EXPECT_EQ(*g2.layers[0].logitSoftcap, 50.0);
    const LayerPlan ds = config::loadPresetLayerPlan("deepseek-v3");
    EXPECT_NEAR(*ds.layers[0].softmaxScale, 0.13523, 5e-6);
}

}  // namespace
}  // namespace phaselens::test
