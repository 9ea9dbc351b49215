// tests/config: the presets of 2026 models (issue 17) — Gemma 4 31B, Kimi K2, Command R7B (Cohere2), MiniMax-M2,
// GLM-4 9B, OLMo 3 7B — load under both transformers rules, record their source, and give the per-layer plan that
// their own config fields and the reference modeling code imply. Counts are derived from the preset text
// (layer_types, attn_type_list, sliding_window_pattern) rather than typed in, so the test checks the rules.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "config/layer_plan.h"
#include "config/model_config.h"
#include "phaselens/rope.h"

namespace phaselens::test {
namespace {

using config::AttentionKind;
using config::LayerPlan;
using config::RopePairing;
using config::TransformersRule;

constexpr TransformersRule kRules[] = {TransformersRule::Newest, TransformersRule::Legacy};

/// How many times `item` occurs inside the JSON list that follows `"key"` in `text` (lists without nesting).
int countInList(const std::string& text, const std::string& key, const std::string& item) {
    const size_t k = text.find("\"" + key + "\"");
    if (k == std::string::npos) return -1;
    const size_t open = text.find('[', k), close = text.find(']', k);
    if (open == std::string::npos || close == std::string::npos || close < open) return -1;
    int count = 0;
    for (size_t at = text.find(item, open); at != std::string::npos && at < close; at = text.find(item, at + 1))
        ++count;
    return count;
}

int countKind(const LayerPlan& p, AttentionKind kind) {
    int n = 0;
    for (const auto& l : p.layers) n += l.attention == kind;
    return n;
}

bool hasWarning(const LayerPlan& p, const std::string& a, const std::string& b) {
    for (const auto& w : p.warnings)
        if (w.find(a) != std::string::npos && w.find(b) != std::string::npos) return true;
    return false;
}

struct Expected {
    const char* name;
    const char* source;
    int layers;
};

const Expected kPresets[] = {
    {"gemma-4-31b-it", "google/gemma-4-31B-it", 60},
    {"kimi-k2-instruct-0905", "moonshotai/Kimi-K2-Instruct-0905", 61},
    {"command-r7b-12-2024", "CohereForAI/c4ai-command-r7b-12-2024", 32},
    {"minimax-m2", "MiniMaxAI/MiniMax-M2", 62},
    {"glm-4-9b-chat-hf", "THUDM/glm-4-9b-chat-hf", 40},
    {"olmo-3-7b-think", "allenai/Olmo-3-7B-Think", 32},
    {"ministral-3-8b-base-2512", "mistralai/Ministral-3-8B-Base-2512", 34},
};

TEST(Presets2026, EachLoadsUnderBothRulesWithItsSource) {
    for (const Expected& e : kPresets) {
        for (const auto rule : kRules) {
            SCOPED_TRACE(std::string(e.name) + " / " + config::transformersRuleName(rule));
            config::ModelConfig c;
            ASSERT_NO_THROW(c = config::loadPreset(e.name, rule));
            EXPECT_EQ(c.source, e.source);
            EXPECT_FALSE(c.revision.empty());
            EXPECT_FALSE(c.provenanceNotes.empty());
            EXPECT_NE(config::presetText(e.name).find("\"_phaselens\""), std::string::npos);
            LayerPlan p;
            ASSERT_NO_THROW(p = config::loadPresetLayerPlan(e.name, rule));
            EXPECT_EQ(p.numLayers, e.layers);
            for (const auto& l : p.layers)
                if (l.rope) {
                    const auto f = l.rope->frequencies();
                    for (Eigen::Index i = 0; i < f.invFreq.size(); ++i) ASSERT_TRUE(std::isfinite(f.invFreq[i]));
                }
        }
    }
}

TEST(Presets2026, Gemma4_31bFiveSlidingThenOneProportionalGlobal) {
    const std::string& text = config::presetText("gemma-4-31b-it");
    for (const auto rule : kRules) {
        const LayerPlan p = config::loadPresetLayerPlan("gemma-4-31b-it", rule);
        EXPECT_EQ(countKind(p, AttentionKind::Sliding), countInList(text, "layer_types", "\"sliding_attention\""));
        EXPECT_EQ(countKind(p, AttentionKind::Full), countInList(text, "layer_types", "\"full_attention\""));
        EXPECT_EQ(countKind(p, AttentionKind::Full), 10);
        EXPECT_EQ(p.layers.back().attention, AttentionKind::Full);
        for (const auto& l : p.layers) {
            EXPECT_EQ(*l.softmaxScale, 1.0);           // QK-norm carries the temperature
            EXPECT_FALSE(l.logitSoftcap.has_value());  // final_logit_softcapping is not an attention cap
            const auto& r = *l.rope;
            if (l.attention == AttentionKind::Sliding) {
                EXPECT_EQ(*l.window, 1024);
                EXPECT_EQ(r.ropeType, "default");
                EXPECT_EQ(r.resolved.rope.base, 1.0e4);
                EXPECT_EQ(r.headDim, 256);
                EXPECT_EQ(r.rotatedPairs, 128);
            } else {
                EXPECT_EQ(r.ropeType, "proportional");
                EXPECT_EQ(r.resolved.rope.base, 1.0e6);
                EXPECT_EQ(r.headDim, 512);      // global_head_dim
                EXPECT_EQ(r.rotatedPairs, 64);  // int(0.25 · 512 / 2)
                const auto f = r.frequencies();
                ASSERT_EQ(f.invFreq.size(), 256);
                EXPECT_EQ(f.invFreq[63], core::defaultInvFreq(512, 1.0e6)[63]);
                EXPECT_EQ(f.invFreq[64], 0.0);
            }
        }
    }
}

TEST(Presets2026, KimiK2MlaRopeChannelsEqualBetasAndMscaleSquaredSoftmax) {
    for (const auto rule : kRules) {
        const LayerPlan p = config::loadPresetLayerPlan("kimi-k2-instruct-0905", rule);
        EXPECT_EQ(countKind(p, AttentionKind::Full), p.numLayers);
        const auto& l = p.layers[0];
        EXPECT_EQ(l.rope->headDim, 128 + 64);  // qk_nope_head_dim + qk_rope_head_dim
        EXPECT_EQ(l.rope->rotaryDim, 64);      // qk_rope_head_dim
        EXPECT_EQ(l.rope->pairing, RopePairing::Interleaved);
        EXPECT_EQ(l.rope->ropeType, "yarn");
        EXPECT_EQ(l.rope->factor, 64.0);
        EXPECT_EQ(l.rope->resolved.rope.base, 50000.0);
        const double m = 0.1 * std::log(64.0) + 1.0;  // mscale(64, mscale_all_dim = 1)
        EXPECT_NEAR(*l.softmaxScale, m * m / std::sqrt(192.0), 1e-15);
        EXPECT_FALSE(hasWarning(p, "beta_fast", "beta_slow"));  // equal betas: transformers says nothing
    }
    // Newest: mscale / mscale_all_dim = 1 and the correction range from original 4096 with beta 1 / 1:
    // i(1) = 64·ln(4096/2π)/(2·ln 50000) = 19.16…, so low = 19, high = 20 (a one-pair ramp).
    const LayerPlan p = config::loadPresetLayerPlan("kimi-k2-instruct-0905");
    EXPECT_DOUBLE_EQ(p.layers[0].rope->attentionFactor, 1.0);
    const auto f = p.layers[0].rope->frequencies();
    EXPECT_EQ(*f.correctionLow, 19.0);
    EXPECT_EQ(*f.correctionHigh, 20.0);
}

TEST(Presets2026, CommandR7bSlidingRopeAndNoPEGlobalEveryPatternTh) {
    const std::string& text = config::presetText("command-r7b-12-2024");
    ASSERT_NE(text.find("\"sliding_window_pattern\": 4"), std::string::npos);
    const int pattern = 4;
    for (const auto rule : kRules) {
        const LayerPlan p = config::loadPresetLayerPlan("command-r7b-12-2024", rule);
        EXPECT_EQ(countKind(p, AttentionKind::Full), p.numLayers / pattern);
        for (const auto& l : p.layers) {
            const bool full = (l.index + 1) % pattern == 0;
            EXPECT_EQ(l.attention, full ? AttentionKind::Full : AttentionKind::Sliding) << l.index;
            EXPECT_EQ(l.positional, full ? "nope" : "rope") << l.index;
            EXPECT_DOUBLE_EQ(*l.softmaxScale, 1.0 / std::sqrt(4096.0 / 32.0));
            if (full) continue;
            EXPECT_EQ(*l.window, 4096);
            EXPECT_EQ(l.rope->headDim, 4096 / 32);
            EXPECT_EQ(l.rope->pairing, RopePairing::Interleaved);
            EXPECT_EQ(l.rope->resolved.rope.base, 50000.0);
        }
    }
}

TEST(Presets2026, MiniMaxM2RotaryDimIsHalfTheHeadAndEveryLayerSoftmax) {
    const std::string& text = config::presetText("minimax-m2");
    for (const auto rule : kRules) {
        const LayerPlan p = config::loadPresetLayerPlan("minimax-m2", rule);
        EXPECT_EQ(countKind(p, AttentionKind::Full), countInList(text, "attn_type_list", "1"));
        EXPECT_EQ(countKind(p, AttentionKind::Linear), 0);
        const auto& r = *p.layers[0].rope;
        EXPECT_EQ(r.headDim, 128);
        EXPECT_EQ(r.rotaryDim, 64);  // rotary_dim, a channel count
        EXPECT_EQ(r.rotatedPairs, 32);
        EXPECT_EQ(r.pairing, RopePairing::HalfSplit);
        EXPECT_EQ(r.resolved.rope.base, 5.0e6);
        EXPECT_DOUBLE_EQ(r.frequencies().invFreq[1], std::pow(5.0e6, -2.0 / 64.0));
    }
}

TEST(Presets2026, Glm4HalfRotaryInterleaved) {
    for (const auto rule : kRules) {
        const LayerPlan p = config::loadPresetLayerPlan("glm-4-9b-chat-hf", rule);
        EXPECT_EQ(countKind(p, AttentionKind::Full), p.numLayers);
        const auto& r = *p.layers[39].rope;
        EXPECT_EQ(r.headDim, 128);
        EXPECT_EQ(r.rotaryDim, 64);  // int(128 · partial_rotary_factor 0.5)
        EXPECT_EQ(r.pairing, RopePairing::Interleaved);
        EXPECT_EQ(r.resolved.rope.base, 1.0e4);
        EXPECT_TRUE(p.warnings.empty());
    }
}

TEST(Presets2026, Olmo3YarnOnFullLayersOnlySlidingLayersPlainRope) {
    const std::string& text = config::presetText("olmo-3-7b-think");
    for (const auto rule : kRules) {
        const LayerPlan p = config::loadPresetLayerPlan("olmo-3-7b-think", rule);
        EXPECT_EQ(countKind(p, AttentionKind::Sliding), countInList(text, "layer_types", "\"sliding_attention\""));
        EXPECT_EQ(countKind(p, AttentionKind::Full), countInList(text, "layer_types", "\"full_attention\""));
        EXPECT_TRUE(hasWarning(p, "olmo3", "full_attention layers only"));
        for (const auto& l : p.layers) {
            const auto& r = *l.rope;
            EXPECT_EQ(r.resolved.rope.base, 500000.0);
            if (l.attention == AttentionKind::Sliding) {
                EXPECT_EQ(*l.window, 4096);
                EXPECT_EQ(r.ropeType, "default");
                EXPECT_EQ(r.factor, 1.0);
                EXPECT_EQ(r.attentionFactor, 1.0);
            } else {
                EXPECT_EQ(r.ropeType, "yarn");
                EXPECT_EQ(r.factor, 8.0);
                EXPECT_EQ(r.attentionFactor, 1.2079441541679836);  // explicit attention_factor
            }
        }
    }
}

TEST(Presets2026, Ministral3YarnOnEveryLayerWithTheBetaQueryTemperature) {
    for (const auto rule : kRules) {
        SCOPED_TRACE(config::transformersRuleName(rule));
        const LayerPlan p = config::loadPresetLayerPlan("ministral-3-8b-base-2512", rule);
        EXPECT_EQ(countKind(p, AttentionKind::Full), p.numLayers);
        for (const auto& l : p.layers) {
            EXPECT_EQ(l.positional, "rope");
            EXPECT_FALSE(l.window.has_value());
            EXPECT_DOUBLE_EQ(*l.softmaxScale, 1.0 / std::sqrt(128.0));  // not MLA: no mscale² in the softmax
            EXPECT_EQ(l.queryScale, config::QueryScaleRule::Llama4Beta);
            EXPECT_EQ(l.beta, 0.1);
            EXPECT_EQ(l.betaOriginal, 16384.0);  // the dict's original_max_position_embeddings
            const auto& r = *l.rope;
            EXPECT_EQ(r.ropeType, "yarn");
            EXPECT_EQ(r.factor, 16.0);
            EXPECT_EQ(r.resolved.rope.base, 1.0e6);
            EXPECT_EQ(r.rotaryDim, 128);
            EXPECT_EQ(r.pairing, RopePairing::HalfSplit);
            for (const auto& n : r.resolved.notes) EXPECT_EQ(n.find("MLA"), std::string::npos) << n;
        }
        // Warnings name the file's key (rope_parameters.type), not the rope_scaling the layer resolver builds.
        EXPECT_TRUE(hasWarning(p, "rope_parameters.type", "yarn"));
        for (const auto& w : p.warnings) EXPECT_EQ(w.find("rope_scaling"), std::string::npos) << w;
    }
    // Newest: mscale / mscale_all_dim = 1 / 1 gives attention factor 1; legacy (4.45) ignores them.
    EXPECT_EQ(config::loadPresetLayerPlan("ministral-3-8b-base-2512").layers[0].rope->attentionFactor, 1.0);
    const LayerPlan legacy = config::loadPresetLayerPlan("ministral-3-8b-base-2512", TransformersRule::Legacy);
    EXPECT_DOUBLE_EQ(legacy.layers[0].rope->attentionFactor, 0.1 * std::log(16.0) + 1.0);
}

TEST(LayerPlan, ErrorsInAPerLayerTypeDictNameThatDict) {
    try {
        config::parseLayerPlan(R"({"model_type": "gemma3_text", "num_hidden_layers": 2, "hidden_size": 512,
            "num_attention_heads": 4, "head_dim": 128, "sliding_window": 64, "sliding_window_pattern": 2,
            "rope_parameters": {"full_attention": {"rope_type": "linear", "factor": 8.0, "rope_theta": 1e6},
                                "sliding_attention": {"rope_type": "linear", "factor": -2.0, "rope_theta": 1e4}}})",
                               "test.json");
        FAIL() << "expected ConfigError";
    } catch (const config::ConfigError& e) {
        EXPECT_EQ(e.field(), "rope_parameters.sliding_attention.factor") << e.what();
        EXPECT_EQ(e.got(), "-2") << e.what();
    }
}

TEST(LayerPlan, Olmo3FlatRopeParametersKeepTheirThetaOnSlidingLayers) {
    // transformers 5 files carry rope_theta inside a flat rope_parameters: sliding layers keep that theta.
    const LayerPlan p = config::parseLayerPlan(R"({"model_type": "olmo3", "num_hidden_layers": 4, "hidden_size": 512,
        "num_attention_heads": 4, "sliding_window": 64, "rope_parameters": {"rope_type": "yarn", "rope_theta": 250000.0,
        "factor": 4.0, "original_max_position_embeddings": 1024}})",
                                               "test.json");
    EXPECT_EQ(p.layers[0].attention, AttentionKind::Sliding);  // Olmo3Config default: every 4th layer full
    EXPECT_EQ(p.layers[3].attention, AttentionKind::Full);
    EXPECT_EQ(p.layers[0].rope->ropeType, "default");
    EXPECT_EQ(p.layers[0].rope->resolved.rope.base, 250000.0);
    EXPECT_EQ(p.layers[3].rope->ropeType, "yarn");
    EXPECT_EQ(p.layers[3].rope->resolved.rope.base, 250000.0);
    // A plain (unscaled) dict changes nothing and needs no warning.
    const LayerPlan plain = config::parseLayerPlan(R"({"model_type": "olmo3", "num_hidden_layers": 4,
        "hidden_size": 512, "num_attention_heads": 4, "rope_theta": 500000.0})",
                                                   "test.json");
    EXPECT_FALSE(hasWarning(plain, "olmo3", "full_attention"));
}

TEST(LayerPlan, MiniMaxAttnTypeListZeroIsLinearAttentionWithoutPosition) {
    const LayerPlan p =
        config::parseLayerPlan(R"({"model_type": "minimax_m2", "num_hidden_layers": 4, "hidden_size": 512,
        "num_attention_heads": 4, "head_dim": 128, "rotary_dim": 64, "attn_type_list": [0, 0, 0, 1]})",
                               "test.json");
    EXPECT_EQ(countKind(p, AttentionKind::Linear), 3);
    EXPECT_EQ(p.layers[0].positional, "none");
    EXPECT_FALSE(p.layers[0].softmaxScale.has_value());
    EXPECT_EQ(p.layers[3].attention, AttentionKind::Full);
    EXPECT_EQ(p.layers[3].rope->rotaryDim, 64);
    try {
        config::parseLayerPlan(R"({"model_type": "minimax_m2", "num_hidden_layers": 2, "hidden_size": 512,
            "num_attention_heads": 4, "attn_type_list": [1, 2]})",
                               "test.json");
        FAIL() << "expected ConfigError";
    } catch (const config::ConfigError& e) {
        EXPECT_EQ(e.field(), "attn_type_list[1]") << e.what();
    }
}

TEST(ModelConfig, YarnBetaFastBelowBetaSlowIsAcceptedWithAWarning) {
    for (const auto rule : kRules) {
        const config::ModelConfig c = config::parseModelConfig(
            R"({"model_type": "llama", "hidden_size": 4096, "num_attention_heads": 32, "rope_theta": 10000.0,
            "max_position_embeddings": 32768, "rope_scaling": {"rope_type": "yarn", "factor": 8.0,
            "original_max_position_embeddings": 4096, "beta_fast": 1.0, "beta_slow": 32.0}})",
            "test.json", rule);
        bool warned = false;
        for (const auto& w : c.warnings)
            warned |= w.find("beta_fast 1 < rope_scaling.beta_slow 32") != std::string::npos;
        EXPECT_TRUE(warned);
        EXPECT_NO_THROW(core::computeRopeFrequencies(c.rope));
    }
}

}  // namespace
}  // namespace phaselens::test
