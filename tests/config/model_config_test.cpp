// tests/config: config.json parsing — the transformers rules, the ambiguity warnings and bad input. Every bad
// config must give a ConfigError whose message names the file and the field.
#include "config/model_config.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

#include "phaselens/rope_scaling.h"

namespace {

using phaselens::config::ConfigError;
using phaselens::config::loadModelConfig;
using phaselens::config::ModelConfig;
using phaselens::config::parseModelConfig;
using phaselens::config::Scheme;
using phaselens::config::TransformersRule;
namespace core = phaselens::core;

constexpr auto kNewest = TransformersRule::Newest;
constexpr auto kLegacy = TransformersRule::Legacy;

ModelConfig parse(const std::string& text, TransformersRule rule = kNewest) {
    return parseModelConfig(text, "inline.json", rule);
}

/// The ConfigError message of `fn`, or a test failure when it does not throw one.
std::string errorOf(const std::function<void()>& fn) {
    try {
        fn();
    } catch (const ConfigError& e) {
        return e.what();
    } catch (const std::exception& e) {
        ADD_FAILURE() << "expected ConfigError, got another exception: " << e.what();
        return "";
    }
    ADD_FAILURE() << "expected ConfigError, nothing was thrown";
    return "";
}

std::string parseError(const std::string& text, TransformersRule rule = kNewest) {
    return errorOf([&] { parse(text, rule); });
}

bool anyContains(const std::vector<std::string>& lines, const std::string& needle) {
    for (const auto& line : lines)
        if (line.find(needle) != std::string::npos) return true;
    return false;
}

/// A file in the test's temporary directory, removed at scope exit.
struct TempFile {
    std::filesystem::path path;
    explicit TempFile(const std::string& name, const std::string& text)
        : path(std::filesystem::temp_directory_path() / ("phaselens_config_test_" + name)) {
        std::ofstream(path, std::ios::binary) << text;
    }
    ~TempFile() {
        std::error_code ec;
        std::filesystem::remove(path, ec);
    }
};

const char* kLlamaHead = R"("model_type": "llama", "hidden_size": 4096, "num_attention_heads": 32)";

std::string yarnConfig(const std::string& scaling, const std::string& extra = "") {
    return std::string("{") + kLlamaHead + R"(, "rope_theta": 10000.0, "rope_scaling": )" + scaling + extra + "}";
}

// [SECTION] Rules and names

TEST(ConfigNames, RulesAndSchemesRoundTrip) {
    EXPECT_EQ(phaselens::config::transformersRuleFromName("newest"), kNewest);
    EXPECT_EQ(phaselens::config::transformersRuleFromName("legacy"), kLegacy);
    EXPECT_EQ(phaselens::config::transformersRuleFromName("4.45"), kLegacy);
    EXPECT_THROW(phaselens::config::transformersRuleFromName("4.50"), std::invalid_argument);
    EXPECT_STREQ(phaselens::config::schemeName(Scheme::Alibi), "alibi");
    EXPECT_STREQ(phaselens::config::transformersRuleName(kLegacy), "legacy");
}

TEST(ConfigNames, ConfigErrorFormatsFileFieldProblemValue) {
    const ConfigError e("a.json", "rope_theta", "expected a number", "\"x\"");
    EXPECT_STREQ(e.what(), "a.json: rope_theta: expected a number (got \"x\")");
    EXPECT_EQ(e.file(), "a.json");
    EXPECT_EQ(e.field(), "rope_theta");
    EXPECT_STREQ(ConfigError("a.json", "(file)", "cannot open").what(), "a.json: (file): cannot open");
}

// [SECTION] Field resolution

TEST(ConfigRope, DefaultsAndHeadDimDerivation) {
    const ModelConfig c = parse(std::string("{") + kLlamaHead + R"(, "max_position_embeddings": 4096})");
    EXPECT_EQ(c.scheme, Scheme::Rope);
    EXPECT_EQ(c.rope.headDim, 128);
    EXPECT_EQ(c.rope.base, 10000.0);
    EXPECT_EQ(c.rope.type, core::RopeType::Default);
    EXPECT_TRUE(anyContains(c.notes, "rope_theta absent"));
    EXPECT_TRUE(c.warnings.empty());
    EXPECT_EQ(c.name, "inline.json");
}

TEST(ConfigRope, UnknownFieldsAreIgnoredAndNameOrPathIsUsed) {
    const ModelConfig c = parse(R"({"_name_or_path": "org/model", "model_type": "mistral", "hidden_size": 64,
        "num_attention_heads": 4, "rope_theta": 5e5, "some_future_field": {"x": [1, 2, {"y": null}]}})");
    EXPECT_EQ(c.name, "org/model");
    EXPECT_EQ(c.rope.headDim, 16);
    EXPECT_EQ(c.rope.base, 5e5);
}

TEST(ConfigRope, RotaryPctAndRotaryEmbBase) {
    const ModelConfig c = parse(R"({"model_type": "gpt_neox", "hidden_size": 6144, "num_attention_heads": 64,
        "rotary_pct": 0.25, "rotary_emb_base": 10000})");
    EXPECT_EQ(core::computeRopeFrequencies(c.rope).rotaryDim, 24);
}

TEST(ConfigRope, TransformersFiveRopeParametersAreRead) {
    const ModelConfig c = parse(std::string("{") + kLlamaHead +
                                R"(, "max_position_embeddings": 131072, "rope_parameters": {"rope_type": "llama3",
        "rope_theta": 500000.0, "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
        "original_max_position_embeddings": 8192}})");
    EXPECT_EQ(c.rope.type, core::RopeType::Llama3);
    EXPECT_EQ(c.rope.base, 5e5);
    const std::string err = parseError(std::string("{") + kLlamaHead + R"(, "rope_parameters": {"rope_type": "linear",
        "factor": "2"}})");
    EXPECT_NE(err.find("rope_parameters.factor: expected a number"), std::string::npos) << err;
}

// [SECTION] Ambiguities: each shown as a warning naming the rule applied

TEST(ConfigWarnings, LegacyTypeKeyOnlyWarns) {
    const ModelConfig legacyKey = parse(yarnConfig(R"({"type": "linear", "factor": 2.0})"));
    EXPECT_EQ(legacyKey.rope.type, core::RopeType::Linear);
    EXPECT_TRUE(anyContains(legacyKey.warnings, "only the legacy key rope_scaling.type = 'linear'"));
    const ModelConfig newKey = parse(yarnConfig(R"({"rope_type": "linear", "factor": 2.0})"));
    EXPECT_TRUE(newKey.warnings.empty());
    const ModelConfig both = parse(yarnConfig(R"({"rope_type": "linear", "type": "dynamic", "factor": 2.0})",
                                              R"(, "max_position_embeddings": 4096)"));
    EXPECT_EQ(both.rope.type, core::RopeType::Linear);
    EXPECT_TRUE(anyContains(both.warnings, "rope_type used"));
}

TEST(ConfigWarnings, SuIsLongRopeAndScalingWithoutTypeIsDefault) {
    const ModelConfig noType = parse(yarnConfig(R"({"factor": 4.0})"));
    EXPECT_EQ(noType.rope.type, core::RopeType::Default);
    EXPECT_TRUE(anyContains(noType.warnings, "neither rope_type nor type"));
    const ModelConfig su = parse(R"({"model_type": "phi3", "hidden_size": 32, "num_attention_heads": 4,
        "max_position_embeddings": 8192, "original_max_position_embeddings": 4096,
        "rope_scaling": {"type": "su", "short_factor": [1, 1, 1, 1], "long_factor": [2, 2, 2, 2]}})");
    EXPECT_EQ(su.rope.type, core::RopeType::LongRope);
    EXPECT_TRUE(anyContains(su.warnings, "old name of 'longrope'"));
}

TEST(ConfigWarnings, YarnFactorDisagreeingWithMaxOverOriginalWarns) {
    const std::string text =
        yarnConfig(R"({"rope_type": "yarn", "factor": 4.0, "original_max_position_embeddings": 4096})",
                   R"(, "max_position_embeddings": 65536)");
    const ModelConfig newest = parse(text, kNewest);
    EXPECT_EQ(newest.rope.factor, 4.0);
    EXPECT_EQ(newest.originalMaxPositionEmbeddings, 4096);
    EXPECT_TRUE(anyContains(newest.warnings, "disagrees with max_position_embeddings/original = 65536/4096 = 16"));
    EXPECT_TRUE(anyContains(newest.warnings, "could come from two fields"));
    const ModelConfig legacy = parse(text, kLegacy);
    EXPECT_EQ(legacy.rope.factor, 4.0);
    EXPECT_EQ(legacy.originalMaxPositionEmbeddings, 65536);
    EXPECT_FALSE(legacy.rope.originalMaxPositionEmbeddings.has_value());  // core falls back to max_position_embeddings
    EXPECT_TRUE(anyContains(legacy.warnings, "legacy (4.45) uses max_position_embeddings = 65536"));
    // The two rules give different correction ranges.
    EXPECT_NE(*core::computeRopeFrequencies(newest.rope).correctionLow,
              *core::computeRopeFrequencies(legacy.rope).correctionLow);
}

TEST(ConfigWarnings, YarnMissingFactorIsMaxOverOriginalOnlyUnderNewest) {
    const std::string text = yarnConfig(R"({"rope_type": "yarn", "original_max_position_embeddings": 4096})",
                                        R"(, "max_position_embeddings": 32768)");
    EXPECT_EQ(parse(text, kNewest).rope.factor, 8.0);
    const std::string err = parseError(text, kLegacy);
    EXPECT_NE(err.find("inline.json: rope_scaling.factor: missing"), std::string::npos) << err;
}

TEST(ConfigWarnings, YarnWithoutOriginalUsesMaxUnderBothRules) {
    const std::string text =
        yarnConfig(R"({"rope_type": "yarn", "factor": 2.0})", R"(, "max_position_embeddings": 8192)");
    for (auto rule : {kNewest, kLegacy}) {
        const ModelConfig c = parse(text, rule);
        EXPECT_EQ(c.originalMaxPositionEmbeddings, 8192);
        EXPECT_EQ(c.rope.originalMaxPositionEmbeddings.has_value(), rule == kNewest);  // legacy: the core falls back
        EXPECT_EQ(*core::computeRopeFrequencies(c.rope).correctionLow,
                  *core::computeRopeFrequencies(parse(text, kNewest).rope).correctionLow);
    }
}

TEST(ConfigWarnings, YarnMscaleRatioAndLegacyIgnoresIt) {
    const double s = 40.0;
    const std::string different = yarnConfig(
        R"({"rope_type": "yarn", "factor": 40, "mscale": 0.707, "mscale_all_dim": 1.0,
            "original_max_position_embeddings": 4096})",
        R"(, "max_position_embeddings": 163840)");
    const double expected = (0.1 * 0.707 * std::log(s) + 1.0) / (0.1 * 1.0 * std::log(s) + 1.0);
    EXPECT_NEAR(core::computeRopeFrequencies(parse(different).rope).attentionFactor, expected, 1e-12);
    const ModelConfig legacy = parse(different, kLegacy);
    EXPECT_NEAR(core::computeRopeFrequencies(legacy.rope).attentionFactor, 0.1 * std::log(s) + 1.0, 1e-12);
    EXPECT_TRUE(anyContains(legacy.warnings, "ignores mscale"));
}

TEST(ConfigWarnings, YarnOriginalGivenTwiceTopLevelWins) {
    const ModelConfig c =
        parse(yarnConfig(R"({"rope_type": "yarn", "factor": 4.0,
        "original_max_position_embeddings": 2048})",
                         R"(, "original_max_position_embeddings": 4096, "max_position_embeddings": 16384)"));
    EXPECT_EQ(c.originalMaxPositionEmbeddings, 4096);
    EXPECT_TRUE(anyContains(c.warnings, "given twice"));
}

TEST(ConfigWarnings, LongRopeRuleFollowsTheTransformersRule) {
    const std::string text = R"({"model_type": "phi3", "hidden_size": 32, "num_attention_heads": 4,
        "max_position_embeddings": 16384, "original_max_position_embeddings": 4096,
        "rope_scaling": {"rope_type": "longrope", "short_factor": [1, 1, 1, 1], "long_factor": [2, 3, 4, 5]}})";
    const ModelConfig newest = parse(text, kNewest);
    EXPECT_EQ(newest.rope.longRopeRule, core::LongRopeRule::SeqLen);
    EXPECT_EQ(newest.rope.factor, 4.0);
    EXPECT_TRUE(anyContains(newest.warnings, "depends on the sequence length"));
    const ModelConfig legacy = parse(text, kLegacy);
    EXPECT_EQ(legacy.rope.longRopeRule, core::LongRopeRule::FactorAboveOne);
    EXPECT_TRUE(*core::computeRopeFrequencies(legacy.rope).longropeUsesLong);
    EXPECT_FALSE(*core::computeRopeFrequencies(newest.rope).longropeUsesLong);
}

// [SECTION] Bad configs: a ConfigError naming the file and the field, never a crash

TEST(ConfigErrors, NonexistentFile) {
    const std::string path = "/nonexistent/dir/config.json";
    const std::string err = errorOf([&] { loadModelConfig(path); });
    EXPECT_EQ(err.rfind(path + ": (file): ", 0), 0u) << err;
}

TEST(ConfigErrors, DirectoryInsteadOfFile) {
    const std::string dir = std::filesystem::temp_directory_path().string();
    const std::string err = errorOf([&] { loadModelConfig(dir); });
    EXPECT_NE(err.find(dir + ": (file): is a directory"), std::string::npos) << err;
}

TEST(ConfigErrors, InvalidJsonNamesTheFile) {
    const TempFile file("invalid.json", "{\"rope_theta\": }");
    const std::string err = errorOf([&] { loadModelConfig(file.path.string()); });
    EXPECT_EQ(err.rfind(file.path.string() + ": (json): invalid JSON", 0), 0u) << err;
    EXPECT_NE(parseError("").find("(json)"), std::string::npos);
    EXPECT_NE(parseError("[1, 2]").find("inline.json: (json): expected a JSON object"), std::string::npos);
    EXPECT_NE(parseError(std::string(200, '[') + std::string(200, ']')).find("nested deeper"), std::string::npos);
}

TEST(ConfigErrors, RopeThetaAsString) {
    const TempFile file("theta_string.json", std::string("{") + kLlamaHead + R"(, "rope_theta": "10000"})");
    const std::string err = errorOf([&] { loadModelConfig(file.path.string()); });
    EXPECT_EQ(err, file.path.string() + R"(: rope_theta: expected a number (got "10000"))");
}

TEST(ConfigErrors, NegativeHeadDim) {
    const std::string err = parseError(std::string("{") + kLlamaHead + R"(, "head_dim": -64})");
    EXPECT_EQ(err, "inline.json: head_dim: must be between 2 and 65536 (got -64)");
}

TEST(ConfigErrors, MissingHeadInformation) {
    const std::string err = parseError(R"({"model_type": "llama", "rope_theta": 10000.0, "hidden_size": 4096})");
    EXPECT_NE(err.find("inline.json: head_dim: missing"), std::string::npos) << err;
}

TEST(ConfigErrors, AbsurdValues) {
    const auto expectField = [](const std::string& text, const std::string& field) {
        const std::string err = parseError(text);
        EXPECT_NE(err.find("inline.json: " + field + ": "), std::string::npos) << err;
    };
    const std::string head = std::string("{") + kLlamaHead;
    expectField(head + R"(, "rope_theta": 1.0})", "rope_theta");
    expectField(head + R"(, "rope_theta": -5})", "rope_theta");
    expectField(head + R"(, "rope_theta": 1e400})", "rope_theta");
    expectField(head + R"(, "max_position_embeddings": -5})", "max_position_embeddings");
    expectField(head + R"(, "max_position_embeddings": 1e30})", "max_position_embeddings");
    expectField(head + R"(, "max_position_embeddings": 18446744073709551615})", "max_position_embeddings");
    expectField(head + R"(, "max_position_embeddings": 4096.5})", "max_position_embeddings");
    expectField(head + R"(, "partial_rotary_factor": 1.5})", "partial_rotary_factor");
    expectField(head + R"(, "rope_scaling": {"rope_type": "linear", "factor": 0.5}})", "rope_scaling.factor");
    expectField(head + R"(, "rope_scaling": {"rope_type": "linear"}})", "rope_scaling.factor");
    expectField(head + R"(, "rope_scaling": "yarn"})", "rope_scaling");
    expectField(head + R"(, "rope_scaling": {"rope_type": "fancy", "factor": 2}})", "rope_scaling.rope_type");
    expectField(head + R"(, "rope_scaling": {"type": 3, "factor": 2}})", "rope_scaling.type");
    expectField(R"({"model_type": "bloom"})", "num_attention_heads");
    expectField(R"({"model_type": "bloom", "n_head": 100000})", "n_head");
    expectField(R"({"model_type": "t5", "relative_attention_num_buckets": 5})", "relative_attention_num_buckets");
    expectField(R"({"model_type": "gpt2"})", "n_positions");
    expectField(R"({"model_type": "something-new"})", "model_type");
    expectField(R"({"alibi": "yes"})", "alibi");
}

TEST(ConfigErrors, CoreValidationIsWrappedWithTheFileName) {
    // head_dim 8 -> 2 pairs, but 3 short factors: the core's list-length check, reported against the file.
    const std::string err = parseError(R"({"model_type": "phi3", "hidden_size": 32, "num_attention_heads": 4,
        "max_position_embeddings": 8192, "original_max_position_embeddings": 4096,
        "rope_scaling": {"rope_type": "longrope", "short_factor": [1, 1, 1], "long_factor": [1, 1, 1, 1]}})");
    EXPECT_NE(err.find("inline.json: rope_scaling.short_factor: must have rotary_dim/2 = 4 entries, got 3"),
              std::string::npos)
        << err;
    const std::string odd = parseError(R"({"model_type": "llama", "head_dim": 7, "num_attention_heads": 1})");
    EXPECT_EQ(odd.rfind("inline.json: ", 0), 0u) << odd;
    const std::string list = parseError(R"({"model_type": "phi3", "hidden_size": 32, "num_attention_heads": 4,
        "max_position_embeddings": 8192, "rope_scaling": {"rope_type": "longrope", "factor": 2,
        "short_factor": [1, "1", 1, 1], "long_factor": [1, 1, 1, 1]}})");
    EXPECT_NE(list.find("inline.json: rope_scaling.short_factor[1]: expected a number"), std::string::npos) << list;
}

}  // namespace
