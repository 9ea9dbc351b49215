// tests/config: the embedded presets — every one loads under both transformers rules, matches its file in
// assets/presets, records its provenance, and gives the headline numbers it is there to show.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "config/model_config.h"
#include "phaselens/alibi.h"
#include "phaselens/rope_scaling.h"
#include "phaselens/t5_buckets.h"

namespace {

using phaselens::config::loadPreset;
using phaselens::config::ModelConfig;
using phaselens::config::Scheme;
using phaselens::config::TransformersRule;
namespace config = phaselens::config;
namespace core = phaselens::core;

constexpr auto kNewest = TransformersRule::Newest;
constexpr auto kLegacy = TransformersRule::Legacy;

bool anyContains(const std::vector<std::string>& lines, const std::string& needle) {
    for (const auto& line : lines)
        if (line.find(needle) != std::string::npos) return true;
    return false;
}

std::array<int, 3> bandCounts(const ModelConfig& c) {
    const core::RopeFrequencies f = core::computeRopeFrequencies(c.rope);
    std::array<int, 3> counts{0, 0, 0};
    for (Eigen::Index i = 0; i < f.band.size(); ++i) ++counts[static_cast<size_t>(f.band[i])];
    return counts;
}

// [SECTION] Every preset

TEST(Presets, ListIsEveryPresetModel) {
    // The 16 models of the first release, the layered models of 2025-2026 (issue 17) and three vision-language models
    // (issue 18).
    const std::vector<std::string> expected = {
        "bloom-176b",
        "codellama-7b",
        "command-r7b-12-2024",
        "deepseek-v3",
        "gemma-2-27b",
        "gemma-3-27b-it",
        "gemma-4-31b-it",
        "gemma-7b",
        "glm-4-9b-chat-hf",
        "gpt-neox-20b",
        "gpt-oss-20b",
        "gpt2",
        "kimi-k2-instruct-0905",
        "llama-2-7b",
        "llama-3.1-8b",
        "llama-3.2-1b",
        "llama-4-scout-17b-16e-instruct",
        "minimax-m2",
        "ministral-3-8b-base-2512",
        "mistral-7b-v0.1",
        "modernbert-base",
        "mpt-7b",
        "olmo-3-7b-think",
        "phi-3-mini-128k",
        "qwen2-7b",
        "qwen2-vl-7b",
        "qwen2.5-7b-yarn",
        "qwen2.5-vl-7b",
        "qwen3-next-80b-a3b-instruct",
        "qwen3-vl-8b",
        "smollm3-3b",
        "t5-base",
        "yarn-llama-2-70b-32k",
    };
    EXPECT_EQ(config::listPresets(), expected);
}

TEST(Presets, EveryPresetLoadsUnderBothRulesWithProvenance) {
    for (const std::string& name : config::listPresets()) {
        for (const auto rule : {kNewest, kLegacy}) {
            SCOPED_TRACE(name + " / " + config::transformersRuleName(rule));
            ModelConfig c;
            ASSERT_NO_THROW(c = loadPreset(name, rule));
            EXPECT_EQ(c.name, name);
            EXPECT_EQ(c.rule, rule);
            EXPECT_FALSE(c.source.empty());
            EXPECT_EQ(c.source.find('/') != std::string::npos, true) << "source should be a hub repo id";
            EXPECT_FALSE(c.revision.empty());
            EXPECT_FALSE(c.provenanceNotes.empty());
            if (c.scheme == Scheme::Rope) {
                EXPECT_NO_THROW(core::computeRopeFrequencies(c.rope));
                c.rope.seqLen = 1 << 20;  // the longest sequence the app offers must compute as well
                EXPECT_NO_THROW(core::computeRopeFrequencies(c.rope));
            }
        }
    }
}

TEST(Presets, EmbeddedTextIsTheAssetFile) {
    const std::filesystem::path dir = PHASELENS_PRESETS_DIR;
    size_t files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir))
        if (entry.path().extension() == ".json") ++files;
    EXPECT_EQ(files, config::listPresets().size()) << "a preset file is not listed in app/config/CMakeLists.txt";
    for (const std::string& name : config::listPresets()) {
        std::ifstream in(dir / (name + ".json"), std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        EXPECT_EQ(config::presetText(name), text.str()) << name;
    }
}

TEST(Presets, UnknownNameListsTheValidOnes) {
    try {
        loadPreset("llama-4");
        FAIL() << "expected ConfigError";
    } catch (const config::ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("llama-3.1-8b"), std::string::npos) << e.what();
        EXPECT_EQ(e.field(), "preset");
    }
}

TEST(Presets, LoadingTheFileGivesTheSameNumbers) {
    const std::filesystem::path path = std::filesystem::path(PHASELENS_PRESETS_DIR) / "llama-3.1-8b.json";
    const ModelConfig fromFile = config::loadModelConfig(path.string());
    EXPECT_EQ(fromFile.source, "meta-llama/Llama-3.1-8B");
    EXPECT_EQ(bandCounts(fromFile), bandCounts(loadPreset("llama-3.1-8b")));
}

// [SECTION] Headline numbers

TEST(PresetHeadlines, Llama31Bands29Kept6Blended29Divided) {
    for (const auto rule : {kNewest, kLegacy}) {
        const ModelConfig c = loadPreset("llama-3.1-8b", rule);
        EXPECT_EQ(c.rope.type, core::RopeType::Llama3);
        EXPECT_EQ(c.rope.headDim, 128);
        EXPECT_EQ(c.rope.base, 500000.0);
        EXPECT_EQ(c.rope.factor, 8.0);
        EXPECT_EQ(c.originalMaxPositionEmbeddings, 8192);
        EXPECT_EQ(bandCounts(c), (std::array<int, 3>{29, 6, 29}));
    }
}

TEST(PresetHeadlines, Llama32Bands15Kept3Blended14Divided) {
    const ModelConfig c = loadPreset("llama-3.2-1b");
    EXPECT_EQ(c.rope.headDim, 64);
    EXPECT_EQ(c.rope.factor, 32.0);
    EXPECT_EQ(bandCounts(c), (std::array<int, 3>{15, 3, 14}));
}

TEST(PresetHeadlines, Bloom176bSlopes) {
    const ModelConfig c = loadPreset("bloom-176b");
    EXPECT_EQ(c.scheme, Scheme::Alibi);
    ASSERT_EQ(c.alibiHeads, 112);
    EXPECT_EQ(c.hiddenSize, 14336);
    EXPECT_EQ(c.maxPositionEmbeddings, 0);
    const Eigen::VectorXd slopes = core::alibiSlopes(c.alibiHeads);
    EXPECT_EQ(slopes[63], std::pow(2.0, -8.0));                  // head 64 (1-based)
    EXPECT_NEAR(slopes[64], std::pow(2.0, -1.0 / 16.0), 1e-15);  // head 65
    EXPECT_NEAR(slopes[64], 0.9576, 5e-5);
}

TEST(PresetHeadlines, Mpt7bAlibi) {
    const ModelConfig c = loadPreset("mpt-7b");
    EXPECT_EQ(c.scheme, Scheme::Alibi);
    EXPECT_EQ(c.alibiHeads, 32);
    EXPECT_EQ(c.alibiBiasMax, 8.0);
    EXPECT_EQ(c.maxPositionEmbeddings, 2048);
    EXPECT_TRUE(c.warnings.empty());
    EXPECT_NEAR(core::alibiSlopes(c.alibiHeads)[0], std::pow(2.0, -0.25), 1e-15);
}

TEST(PresetHeadlines, T5BaseBidirectionalBuckets) {
    const ModelConfig c = loadPreset("t5-base");
    EXPECT_EQ(c.scheme, Scheme::T5);
    EXPECT_EQ(c.t5.numBuckets, 32);
    EXPECT_EQ(c.t5.maxDistance, 128);  // absent from t5-base's config.json: the default
    EXPECT_TRUE(c.t5.bidirectional);
    EXPECT_TRUE(anyContains(c.notes, "relative_attention_max_distance absent"));
    EXPECT_EQ(c.numAttentionHeads, 12);
    EXPECT_EQ(core::t5Bucket(c.t5, 0), 0);
    EXPECT_EQ(core::t5Bucket(c.t5, -1), 1);      // key one step in the past
    EXPECT_EQ(core::t5Bucket(c.t5, 1), 17);      // future keys are offset by num_buckets/2 = 16
    EXPECT_EQ(core::t5Bucket(c.t5, -7), 7);      // exact below max_exact = 8
    EXPECT_EQ(core::t5Bucket(c.t5, -1000), 15);  // clamped to the last past bucket
    EXPECT_EQ(core::t5Bucket(c.t5, 1000), 31);   // and the last future bucket
}

TEST(PresetHeadlines, GptNeoX20bRotaryDim24) {
    const ModelConfig c = loadPreset("gpt-neox-20b");
    EXPECT_EQ(c.rope.headDim, 96);
    EXPECT_EQ(c.rope.partialRotaryFactor, 0.25);
    const core::RopeFrequencies f = core::computeRopeFrequencies(c.rope);
    EXPECT_EQ(f.rotaryDim, 24);
    EXPECT_EQ(f.invFreq.size(), 12);
    EXPECT_NEAR(f.invFreq[1], std::pow(10000.0, -2.0 / 24.0), 1e-15);
}

TEST(PresetHeadlines, Gemma7bHeadDim256) {
    const ModelConfig c = loadPreset("gemma-7b");
    EXPECT_EQ(c.rope.headDim, 256);
    EXPECT_TRUE(anyContains(c.notes, "would be 192"));
}

TEST(PresetHeadlines, Gpt2Learned1024) {
    const ModelConfig c = loadPreset("gpt2");
    EXPECT_EQ(c.scheme, Scheme::Learned);
    EXPECT_EQ(c.learnedPositions, 1024);
    EXPECT_EQ(c.hiddenSize, 768);
}

TEST(PresetHeadlines, PlainRopeModels) {
    EXPECT_EQ(loadPreset("llama-2-7b").rope.base, 10000.0);
    EXPECT_EQ(loadPreset("codellama-7b").rope.base, 1e6);
    EXPECT_EQ(loadPreset("mistral-7b-v0.1").maxPositionEmbeddings, 32768);
    EXPECT_EQ(loadPreset("qwen2-7b").rope.base, 1e6);
    for (const char* name : {"llama-2-7b", "codellama-7b", "mistral-7b-v0.1", "qwen2-7b"})
        EXPECT_TRUE(loadPreset(name).warnings.empty()) << name;
}

TEST(PresetHeadlines, Qwen25YarnFactor4Original32768) {
    for (const auto rule : {kNewest, kLegacy}) {
        const ModelConfig c = loadPreset("qwen2.5-7b-yarn", rule);
        EXPECT_EQ(c.rope.type, core::RopeType::Yarn);
        EXPECT_EQ(c.rope.factor, 4.0);
        EXPECT_EQ(c.originalMaxPositionEmbeddings, 32768);
        EXPECT_NEAR(core::computeRopeFrequencies(c.rope).attentionFactor, 0.1 * std::log(4.0) + 1.0, 1e-12);
        EXPECT_TRUE(anyContains(c.warnings, "only the legacy key rope_scaling.type = 'yarn'"));
    }
    // max = original = 32768 while factor is 4: the releases that used max/original would not scale at all.
    EXPECT_TRUE(anyContains(loadPreset("qwen2.5-7b-yarn").warnings, "replaced factor by max/original = 1"));
}

TEST(PresetHeadlines, DeepSeekV3MscaleEqualsMscaleAllDim) {
    const ModelConfig newest = loadPreset("deepseek-v3");
    EXPECT_EQ(newest.rope.headDim, 64);  // qk_rope_head_dim
    EXPECT_EQ(newest.rope.factor, 40.0);
    EXPECT_EQ(newest.originalMaxPositionEmbeddings, 4096);
    EXPECT_EQ(core::computeRopeFrequencies(newest.rope).attentionFactor, 1.0);  // ratio of equal mscales
    const ModelConfig legacy = loadPreset("deepseek-v3", kLegacy);
    EXPECT_EQ(legacy.originalMaxPositionEmbeddings, 163840);
    EXPECT_NEAR(core::computeRopeFrequencies(legacy.rope).attentionFactor, 0.1 * std::log(40.0) + 1.0, 1e-12);
    EXPECT_TRUE(anyContains(legacy.warnings, "ignores mscale"));
}

TEST(PresetHeadlines, Phi3LongRopeListsPickedByRule) {
    const ModelConfig newest = loadPreset("phi-3-mini-128k");
    EXPECT_EQ(newest.rope.type, core::RopeType::LongRope);
    ASSERT_EQ(newest.rope.shortFactor.size(), 48u);
    ASSERT_EQ(newest.rope.longFactor.size(), 48u);
    EXPECT_EQ(newest.rope.longFactor.front(), 1.0700000524520874);
    EXPECT_EQ(newest.rope.shortFactor.back(), 3.049999999999997);
    EXPECT_EQ(newest.rope.factor, 32.0);  // 131072 / 4096: no factor in rope_scaling
    EXPECT_EQ(newest.originalMaxPositionEmbeddings, 4096);
    EXPECT_TRUE(anyContains(newest.warnings, "depends on the sequence length"));

    core::RopeParams p = newest.rope;
    const core::RopeFrequencies unset = core::computeRopeFrequencies(p);
    EXPECT_FALSE(*unset.longropeUsesLong);
    EXPECT_NEAR(unset.attentionFactor, std::sqrt(1.0 + std::log(32.0) / std::log(4096.0)), 1e-12);
    p.seqLen = 4096;
    EXPECT_FALSE(*core::computeRopeFrequencies(p).longropeUsesLong);
    p.seqLen = 4097;
    EXPECT_TRUE(*core::computeRopeFrequencies(p).longropeUsesLong);

    const ModelConfig legacy = loadPreset("phi-3-mini-128k", kLegacy);
    EXPECT_EQ(legacy.rope.longRopeRule, core::LongRopeRule::FactorAboveOne);
    EXPECT_TRUE(*core::computeRopeFrequencies(legacy.rope).longropeUsesLong);
    EXPECT_TRUE(anyContains(legacy.warnings, "long_factor whenever factor > 1"));
}

TEST(PresetHeadlines, YarnLlama2TwoOriginalLengths) {
    const ModelConfig newest = loadPreset("yarn-llama-2-70b-32k");
    const ModelConfig legacy = loadPreset("yarn-llama-2-70b-32k", kLegacy);
    EXPECT_EQ(newest.originalMaxPositionEmbeddings, 4096);
    EXPECT_EQ(legacy.originalMaxPositionEmbeddings, 32768);
    EXPECT_TRUE(anyContains(newest.warnings, "could come from two fields"));
    EXPECT_TRUE(anyContains(legacy.warnings, "could come from two fields"));
    EXPECT_LT(*core::computeRopeFrequencies(newest.rope).correctionHigh,
              *core::computeRopeFrequencies(legacy.rope).correctionHigh);
}

}  // namespace
