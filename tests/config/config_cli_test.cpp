// tests/config: `phaselens compute ... --config FILE | --preset NAME [--transformers-rule R]` and `compute presets`.
//
// The contract: a config is nothing but flags. `compute rope --preset X` prints byte-identical JSON to `compute rope`
// with the flags the config stands for (apart from "warnings" and "config"); typed flags override the file; the
// config's ambiguities appear in "warnings"; bad configs are bad input (exit 2, one line naming file and field).
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>

#include "cli_test_util.h"
#include "config/model_config.h"
#include "json_text.h"
#include "phaselens/rope_scaling.h"

namespace {

using nlohmann::json;
using phaselens::test::badInput;
using phaselens::test::computeJson;
using phaselens::test::runArgs;
namespace config = phaselens::config;
namespace core = phaselens::core;
namespace fs = std::filesystem;

const std::vector<std::string> kRopePresets = {
    "codellama-7b", "deepseek-v3",     "gemma-7b",        "gpt-neox-20b", "llama-2-7b",      "llama-3.1-8b",
    "llama-3.2-1b", "mistral-7b-v0.1", "phi-3-mini-128k", "qwen2-7b",     "qwen2.5-7b-yarn", "yarn-llama-2-70b-32k"};

std::vector<std::string> concat(std::vector<std::string> a, const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

json without(json j, std::initializer_list<const char*> keys) {
    for (const char* k : keys) j.erase(k);
    return j;
}

// The flags a config run used, as command-line tokens.
std::vector<std::string> derivedFlags(const json& out) {
    std::vector<std::string> flags;
    for (const auto& f : out["config"]["flags"])
        flags.push_back(f["flag"].get<std::string>() + "=" + f["value"].get<std::string>());
    return flags;
}

bool anyContains(const json& lines, const std::string& needle) {
    for (const auto& l : lines)
        if (l.get<std::string>().find(needle) != std::string::npos) return true;
    return false;
}

std::array<int, 3> bandCounts(const json& out) {
    std::array<int, 3> c{0, 0, 0};
    for (const auto& b : out["band"]) ++c[static_cast<size_t>(b.get<int>())];
    return c;
}

std::string presetPath(const std::string& name) {
    return (fs::path(PHASELENS_PRESETS_DIR) / (name + ".json")).string();
}

// A config.json in a fresh temporary directory.
class TempConfig {
  public:
    explicit TempConfig(const std::string& text, const std::string& name = "config.json") {
        dir_ = fs::temp_directory_path() /
               ("phaselens_config_cli_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::create_directories(dir_);
        path_ = (dir_ / name).string();
        std::ofstream(path_, std::ios::binary) << text;
    }
    ~TempConfig() {
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }
    const std::string& path() const { return path_; }

  private:
    fs::path dir_;
    std::string path_;
};

// [SECTION] compute presets

TEST(ConfigCli, PresetsListsEveryPresetWithSchemeAndSource) {
    const json j = computeJson({"compute", "presets"});
    EXPECT_EQ(j["quantity"], "presets");
    const size_t count = config::listPresets().size();
    ASSERT_EQ(j["count"], count);
    ASSERT_EQ(j["presets"].size(), count);
    std::vector<std::string> names;
    for (const auto& p : j["presets"]) {
        names.push_back(p["name"]);
        EXPECT_FALSE(p["scheme"].get<std::string>().empty());
        EXPECT_NE(p["source"].get<std::string>().find('/'), std::string::npos) << p.dump();
        EXPECT_FALSE(p["revision"].get<std::string>().empty()) << p.dump();
    }
    EXPECT_EQ(names, config::listPresets());
    std::map<std::string, std::string> scheme;
    for (const auto& p : j["presets"]) scheme[p["name"]] = p["scheme"];
    EXPECT_EQ(scheme["bloom-176b"], "alibi");
    EXPECT_EQ(scheme["mpt-7b"], "alibi");
    EXPECT_EQ(scheme["t5-base"], "t5");
    EXPECT_EQ(scheme["gpt2"], "learned");
    EXPECT_EQ(scheme["llama-3.1-8b"], "rope");
    EXPECT_TRUE(badInput({"compute", "presets", "--config", "x.json"}, {"--config"}));
}

TEST(ConfigCli, HelpOfEveryComputeCommandNamesTheConfigFlags) {
    for (const char* q :
         {"rope", "phase", "xpos", "sinusoidal", "alibi-slopes", "alibi-bias", "t5-buckets", "learned", "nope"}) {
        const auto r = runArgs({"compute", q, "--help"});
        ASSERT_EQ(r.code, 0) << q;
        for (const char* flag : {"--config FILE", "--preset NAME", "--transformers-rule"})
            EXPECT_NE(r.out.find(flag), std::string::npos) << q << " lacks " << flag;
    }
}

// [SECTION] A config is its flags

TEST(ConfigCli, RopeWithPresetIsByteIdenticalToTheSameFlags) {
    for (const std::string& name : kRopePresets) {
        for (const char* rule : {"newest", "legacy"}) {
            SCOPED_TRACE(name + " / " + rule);
            for (const char* quantity : {"rope", "phase"}) {
                const json viaConfig =
                    computeJson({"compute", quantity, "--preset", name, "--transformers-rule", rule});
                ASSERT_TRUE(viaConfig.contains("config"));
                const json viaFlags = computeJson(concat({"compute", quantity}, derivedFlags(viaConfig)));
                EXPECT_EQ(without(viaConfig, {"warnings", "config"}).dump(), without(viaFlags, {"warnings"}).dump());
                // The config's own warnings lead the array; the command's follow.
                const config::ModelConfig cfg = config::loadPreset(name, config::transformersRuleFromName(rule));
                ASSERT_GE(viaConfig["warnings"].size(), cfg.warnings.size());
                for (size_t i = 0; i < cfg.warnings.size(); ++i) EXPECT_EQ(viaConfig["warnings"][i], cfg.warnings[i]);
                for (const auto& w : viaFlags["warnings"])
                    EXPECT_TRUE(anyContains(viaConfig["warnings"], w.get<std::string>())) << w;
            }
        }
    }
}

TEST(ConfigCli, RopeFrequenciesAreThoseOfTheLoadedConfig) {
    for (const std::string& name : kRopePresets) {
        for (const auto rule : {config::TransformersRule::Newest, config::TransformersRule::Legacy}) {
            SCOPED_TRACE(name);
            const core::RopeFrequencies f = core::computeRopeFrequencies(config::loadPreset(name, rule).rope);
            const json j = computeJson(
                {"compute", "rope", "--preset", name, "--transformers-rule", config::transformersRuleName(rule)});
            ASSERT_EQ(j["inv_freq"].size(), static_cast<size_t>(f.invFreq.size()));
            for (Eigen::Index i = 0; i < f.invFreq.size(); ++i)
                EXPECT_EQ(j["inv_freq"][static_cast<size_t>(i)].get<double>(), f.invFreq[i]) << i;
            EXPECT_EQ(j["attention_factor"].get<double>(), f.attentionFactor);
            EXPECT_EQ(j["rotary_dim"], f.rotaryDim);
        }
    }
}

TEST(ConfigCli, ConfigFileEqualsPresetAndHandTypedFlags) {
    const json viaPreset = computeJson({"compute", "rope", "--preset", "llama-3.1-8b"});
    const json viaFile = computeJson({"compute", "rope", "--config", presetPath("llama-3.1-8b")});
    EXPECT_EQ(without(viaPreset, {"config"}).dump(), without(viaFile, {"config"}).dump());
    EXPECT_EQ(viaFile["config"]["file"], presetPath("llama-3.1-8b"));
    EXPECT_EQ(viaPreset["config"]["file"], "preset llama-3.1-8b");
    EXPECT_EQ(viaPreset["config"]["source"], "meta-llama/Llama-3.1-8B");
    EXPECT_EQ(viaPreset["config"]["scheme"], "rope");
    EXPECT_EQ(viaPreset["config"]["transformers_rule"], "newest");

    const json typed = computeJson({"compute", "rope", "--head-dim", "128", "--rope-theta", "500000", "--rope-type",
                                    "llama3", "--factor", "8", "--original-max-position-embeddings", "8192",
                                    "--low-freq-factor", "1", "--high-freq-factor", "4"});
    EXPECT_EQ(without(viaPreset, {"warnings", "config"}).dump(), without(typed, {"warnings"}).dump());

    const json neox = computeJson({"compute", "rope", "--preset", "gpt-neox-20b", "--deltas", "0,5,-3"});
    const json neoxTyped = computeJson({"compute", "rope", "--head-dim", "96", "--rope-theta", "10000",
                                        "--partial-rotary-factor", "0.25", "--deltas", "0,5,-3"});
    EXPECT_EQ(without(neox, {"warnings", "config"}).dump(), without(neoxTyped, {"warnings"}).dump());

    const json qwen = computeJson({"compute", "rope", "--preset", "qwen2.5-7b-yarn"});
    const json qwenTyped = computeJson({"compute", "rope", "--head-dim", "128", "--rope-theta", "1000000",
                                        "--rope-type", "yarn", "--factor", "4", "--original-max-position-embeddings",
                                        "32768", "--beta-fast", "32", "--beta-slow", "1"});
    EXPECT_EQ(without(qwen, {"warnings", "config"}).dump(), without(qwenTyped, {"warnings"}).dump());
    EXPECT_TRUE(anyContains(qwen["warnings"], "only the legacy key rope_scaling.type = 'yarn'"));
}

// [SECTION] Overrides and rules

TEST(ConfigCli, TypedFlagsOverrideTheConfig) {
    const json j = computeJson({"compute", "rope", "--preset", "llama-3.1-8b", "--factor", "4"});
    EXPECT_EQ(j["factor"].get<double>(), 4.0);
    ASSERT_EQ(j["config"]["overridden"].size(), 1u);
    EXPECT_EQ(j["config"]["overridden"][0]["flag"], "--factor");
    EXPECT_EQ(j["config"]["overridden"][0]["value"], "4");
    EXPECT_EQ(j["config"]["overridden"][0]["config_value"], "8");
    EXPECT_EQ(j["config"]["overridden"][0]["field"], "rope_scaling.factor");
    for (const auto& f : j["config"]["flags"]) EXPECT_NE(f["flag"], "--factor");
    const json typed = computeJson({"compute", "rope", "--head-dim", "128", "--rope-theta", "500000", "--rope-type",
                                    "llama3", "--factor", "4", "--original-max-position-embeddings", "8192",
                                    "--low-freq-factor", "1", "--high-freq-factor", "4"});
    EXPECT_EQ(without(j, {"warnings", "config"}).dump(), without(typed, {"warnings"}).dump());
    // The override changes the numbers: factor 4 divides the low-frequency band by 4, not 8.
    const json original = computeJson({"compute", "rope", "--preset", "llama-3.1-8b"});
    EXPECT_EQ(j["inv_freq"].back().get<double>() * 4.0, original["inv_freq"].back().get<double>() * 8.0);
    // Flag order does not matter, and --flag=value works for the config flags too.
    const json reordered = computeJson({"compute", "rope", "--factor=4", "--preset=llama-3.1-8b"});
    EXPECT_EQ(reordered.dump(), j.dump());
}

TEST(ConfigCli, TransformersRuleSwitchesTheResolvedNumbers) {
    const json newest = computeJson({"compute", "rope", "--preset", "yarn-llama-2-70b-32k"});
    const json legacy =
        computeJson({"compute", "rope", "--preset", "yarn-llama-2-70b-32k", "--transformers-rule", "legacy"});
    EXPECT_EQ(newest["config"]["transformers_rule"], "newest");
    EXPECT_EQ(legacy["config"]["transformers_rule"], "legacy");
    EXPECT_LT(newest["correction_high"].get<double>(), legacy["correction_high"].get<double>());
    EXPECT_TRUE(anyContains(newest["warnings"], "could come from two fields"));
    EXPECT_TRUE(anyContains(legacy["warnings"], "could come from two fields"));
    bool legacyUsesMax = false;
    for (const auto& f : legacy["config"]["flags"])
        legacyUsesMax |= f["flag"] == "--max-position-embeddings" && f["value"] == "32768";
    EXPECT_TRUE(legacyUsesMax) << legacy["config"]["flags"].dump();

    const json phiNewest = computeJson({"compute", "rope", "--preset", "phi-3-mini-128k"});
    const json phiLegacy =
        computeJson({"compute", "rope", "--preset", "phi-3-mini-128k", "--transformers-rule=legacy"});
    EXPECT_EQ(phiNewest["longrope_active"], "short");
    EXPECT_EQ(phiLegacy["longrope_active"], "long");
    // Newest picks the list by sequence length: a typed --seq-len beyond 4096 switches to long.
    EXPECT_EQ(computeJson({"compute", "rope", "--preset", "phi-3-mini-128k", "--seq-len", "4097"})["longrope_active"],
              "long");
}

// [SECTION] Headline numbers through the CLI

TEST(ConfigCliHeadlines, Llama31Bands29_6_29AndLlama32Bands15_3_14) {
    EXPECT_EQ(bandCounts(computeJson({"compute", "rope", "--preset", "llama-3.1-8b"})),
              (std::array<int, 3>{29, 6, 29}));
    EXPECT_EQ(bandCounts(computeJson({"compute", "rope", "--preset", "llama-3.2-1b"})),
              (std::array<int, 3>{15, 3, 14}));
    EXPECT_EQ(bandCounts(computeJson(
                  {"compute", "rope", "--config", presetPath("llama-3.1-8b"), "--transformers-rule", "legacy"})),
              (std::array<int, 3>{29, 6, 29}));
}

TEST(ConfigCliHeadlines, Bloom176bSlopes64And65) {
    const json j = computeJson({"compute", "alibi-slopes", "--preset", "bloom-176b"});
    ASSERT_EQ(j["heads"], 112);
    ASSERT_EQ(j["slopes"].size(), 112u);
    EXPECT_EQ(j["slopes"][63].get<double>(), std::pow(2.0, -8.0));         // head 64 (1-based)
    EXPECT_EQ(j["slopes"][64].get<double>(), std::pow(2.0, -1.0 / 16.0));  // head 65
    EXPECT_EQ(j["config"]["flags"][0]["flag"], "--heads");
    EXPECT_TRUE(j["warnings"].is_array());
    // The same through a config.json file on disk.
    const json file = computeJson({"compute", "alibi-slopes", "--config", presetPath("bloom-176b")});
    EXPECT_EQ(file["slopes"], j["slopes"]);
    const json bias = computeJson({"compute", "alibi-bias", "--preset", "mpt-7b", "--seq-len", "4"});
    EXPECT_EQ(bias["heads"], 32);
}

TEST(ConfigCliHeadlines, T5BaseBidirectionalBuckets) {
    const json j = computeJson({"compute", "t5-buckets", "--preset", "t5-base", "--bidirectional",
                                "--relative-positions=-1000,-7,-1,0,1,1000"});
    EXPECT_EQ(j["num_buckets"], 32);
    EXPECT_EQ(j["max_distance"], 128);
    EXPECT_EQ(j["buckets"], phaselens::json_text::parse("[15,7,1,0,17,31]"));
    EXPECT_TRUE(anyContains(j["config"]["notes"], "relative_attention_max_distance absent"));
    // The direction is the caller's choice (the encoder is bidirectional, the decoder not).
    EXPECT_TRUE(badInput({"compute", "t5-buckets", "--preset", "t5-base", "--relative-positions", "1"},
                         {"--bidirectional", "--unidirectional"}));
}

TEST(ConfigCliHeadlines, GptNeoXRotaryDim24) {
    const json j = computeJson({"compute", "rope", "--preset", "gpt-neox-20b"});
    EXPECT_EQ(j["head_dim"], 96);
    EXPECT_EQ(j["rotary_dim"], 24);
    EXPECT_EQ(j["inv_freq"].size(), 12u);
    EXPECT_TRUE(anyContains(j["config"]["notes"], "rotary_pct"));
}

TEST(ConfigCliHeadlines, PhaseUsesTheModelsContextAndTrainingContext) {
    const json j = computeJson({"compute", "phase", "--preset", "llama-3.1-8b"});
    EXPECT_EQ(j["context"], 131072);
    EXPECT_EQ(j["training_context"], 8192);
    const json typed = computeJson({"compute", "phase", "--preset", "llama-3.1-8b", "--context", "4096"});
    EXPECT_EQ(typed["context"], 4096);
    EXPECT_EQ(typed["training_context"], 8192);
}

TEST(ConfigCliHeadlines, Gpt2LearnedTableLimit) {
    const json j = computeJson({"compute", "learned", "--preset", "gpt2", "--positions", "0,1023"});
    EXPECT_EQ(j["n_positions"], 1024);
    EXPECT_EQ(j["max_position"], 1023);
    EXPECT_EQ(j["positions"], phaselens::json_text::parse("[0,1023]"));
    EXPECT_TRUE(badInput({"compute", "learned", "--preset", "gpt2", "--positions", "0,1024"},
                         {"--positions", "1024", "n_positions"}));
    EXPECT_TRUE(badInput({"compute", "learned", "--n-positions", "8", "--positions=-1"}, {"--positions", "-1"}));
    EXPECT_TRUE(badInput({"compute", "learned", "--positions", "3"}, {"--n-positions"}));
}

TEST(ConfigCliHeadlines, XposTakesTheRopeModelsHeadDimAndBaseAndSaysWhatItIgnores) {
    const json j = computeJson({"compute", "xpos", "--preset", "llama-3.1-8b"});
    EXPECT_EQ(j["head_dim"], 128);
    EXPECT_EQ(j["base"].get<double>(), 500000.0);
    EXPECT_TRUE(anyContains(j["warnings"], "rope_scaling.rope_type = llama3 is not used"));
}

// [SECTION] Bad configs: exit 2, one line naming the file and the field, nothing on stdout

TEST(ConfigCliBadInput, UnreadableFile) {
    EXPECT_TRUE(badInput({"compute", "rope", "--config", "/nonexistent/dir/config.json"},
                         {"/nonexistent/dir/config.json", "(file)"}));
    const TempConfig dir("{}");
    EXPECT_TRUE(badInput({"compute", "rope", "--config", fs::path(dir.path()).parent_path().string()},
                         {"(file)", "directory"}));
}

TEST(ConfigCliBadInput, InvalidJson) {
    const TempConfig c("{\"model_type\": \"llama\", \"rope_theta\": 10000,,}");
    EXPECT_TRUE(badInput({"compute", "rope", "--config", c.path()}, {c.path(), "(json)", "invalid JSON"}));
}

TEST(ConfigCliBadInput, MissingMistypedAndAbsurdFields) {
    const TempConfig missing(
        R"({"model_type": "llama", "hidden_size": 4096, "num_attention_heads": 32,
            "rope_scaling": {"rope_type": "llama3", "low_freq_factor": 1, "high_freq_factor": 4,
                             "original_max_position_embeddings": 8192}})");
    EXPECT_TRUE(badInput({"compute", "rope", "--config", missing.path()}, {missing.path(), "rope_scaling.factor"}));
    const TempConfig mistyped(R"({"model_type": "llama", "head_dim": 128, "rope_theta": "10000"})");
    EXPECT_TRUE(badInput({"compute", "rope", "--config", mistyped.path()}, {mistyped.path(), "rope_theta", "number"}));
    const TempConfig absurd(R"({"model_type": "llama", "head_dim": 128, "rope_theta": 0.5})");
    EXPECT_TRUE(
        badInput({"compute", "phase", "--config", absurd.path(), "--context", "8"}, {absurd.path(), "rope_theta"}));
    const TempConfig noHead(R"({"model_type": "llama", "rope_theta": 10000})");
    EXPECT_TRUE(badInput({"compute", "rope", "--config", noHead.path()}, {noHead.path(), "head_dim"}));
    const TempConfig heads(R"({"model_type": "bloom", "n_head": "112"})");
    EXPECT_TRUE(badInput({"compute", "alibi-slopes", "--config", heads.path()}, {heads.path(), "n_head"}));
    // A value the config layer accepts but a flag does not: named by file, field and flag.
    const TempConfig huge(R"({"model_type": "llama", "head_dim": 64, "max_position_embeddings": 34359738368})");
    EXPECT_TRUE(badInput({"compute", "phase", "--config", huge.path()},
                         {huge.path(), "max_position_embeddings", "--context", "34359738368"}));
}

TEST(ConfigCliBadInput, FlagProblems) {
    EXPECT_TRUE(badInput({"compute", "rope", "--preset", "llama-4"}, {"--preset", "llama-4", "llama-3.1-8b"}));
    EXPECT_TRUE(
        badInput({"compute", "rope", "--preset", "gpt2", "--config", presetPath("gpt2")}, {"--config", "--preset"}));
    EXPECT_TRUE(
        badInput({"compute", "rope", "--head-dim", "64", "--rope-theta", "10000", "--transformers-rule", "legacy"},
                 {"--transformers-rule", "--config"}));
    EXPECT_TRUE(badInput({"compute", "rope", "--preset", "gpt2", "--transformers-rule", "4.46"},
                         {"--transformers-rule", "4.46"}));
    EXPECT_TRUE(badInput({"compute", "rope", "--config"}, {"--config"}));
    // A typed flag is checked before the config is read.
    EXPECT_TRUE(
        badInput({"compute", "rope", "--config", "/nonexistent.json", "--head-dim", "12.5"}, {"--head-dim", "12.5"}));
    // An override the core rejects still names the flag.
    EXPECT_TRUE(badInput({"compute", "rope", "--preset", "llama-3.1-8b", "--head-dim", "7"}, {"--head-dim", "7"}));
}

TEST(ConfigCliBadInput, SchemeTheCommandCannotUse) {
    EXPECT_TRUE(badInput({"compute", "rope", "--preset", "bloom-176b"},
                         {"preset bloom-176b", "alibi", "compute alibi-slopes", "compute alibi-bias"}));
    EXPECT_TRUE(badInput({"compute", "alibi-slopes", "--preset", "llama-2-7b"},
                         {"preset llama-2-7b", "rope", "compute rope", "compute phase"}));
    EXPECT_TRUE(badInput({"compute", "t5-buckets", "--preset", "gpt2", "--bidirectional", "--relative-positions", "1"},
                         {"gpt2", "learned", "compute learned"}));
    EXPECT_TRUE(badInput({"compute", "nope", "--preset", "llama-2-7b", "--seq-len", "4"}, {"llama-2-7b", "nope"}));
    EXPECT_TRUE(badInput({"compute", "sinusoidal", "--preset", "gpt2", "--positions", "1"}, {"gpt2", "learned"}));
}

TEST(ConfigCli, SinusoidalConfigGivesDModel) {
    const TempConfig marian(R"({"model_type": "marian", "d_model": 512, "max_position_embeddings": 512})");
    const json j = computeJson({"compute", "sinusoidal", "--config", marian.path(), "--positions", "0,1"});
    EXPECT_EQ(j["d_model"], 512);
    EXPECT_EQ(j["config"]["scheme"], "sinusoidal");
}

TEST(ConfigCli, PresetsOf2026ThroughLayersRopeLayerAndLogitScale) {
    // Kimi K2's beta_fast = beta_slow = 1 must pass the flag check of `compute rope`, as transformers accepts it.
    for (const char* name : {"gemma-4-31b-it", "kimi-k2-instruct-0905", "command-r7b-12-2024", "minimax-m2",
                             "glm-4-9b-chat-hf", "olmo-3-7b-think", "ministral-3-8b-base-2512"}) {
        SCOPED_TRACE(name);
        const json layers = computeJson({"compute", "layers", "--preset", name});
        ASSERT_GT(layers["num_layers"].get<int>(), 0);
        ASSERT_EQ(layers["layers"].size(), layers["num_layers"].get<size_t>());
        const json& l0 = layers["layers"][0];
        ASSERT_EQ(l0["positional"], "rope");
        const json rope = computeJson({"compute", "rope", "--preset", name, "--layer", "0"});
        EXPECT_EQ(rope["rotary_dim"], l0["rope"]["rotary_dim"]);
        EXPECT_EQ(rope["rope_type"], l0["rope"]["rope_type"]);
        const json scale =
            computeJson({"compute", "logit-scale", "--preset", name, "--layer", "0", "--positions", "0"});
        EXPECT_EQ(scale["softmax_scale"], l0["softmax_scale"]);
    }
    const json kimi = computeJson({"compute", "rope", "--preset", "kimi-k2-instruct-0905", "--layer", "0"});
    EXPECT_EQ(kimi["rotary_dim"], 64);
    EXPECT_EQ(kimi["pairing"], "interleaved");
    // Ministral 3: the llama_4_scaling_beta temperature 1 + 0.1·ln(1 + ⌊p/16384⌋) on every layer (the last one too).
    const json ministral = computeJson({"compute", "logit-scale", "--preset", "ministral-3-8b-base-2512", "--layer",
                                        "33", "--positions", "16383,16384,49152"});
    EXPECT_EQ(ministral["query_scale_rule"], "llama4_beta");
    EXPECT_EQ(ministral["query_scale"][0], 1.0);
    EXPECT_DOUBLE_EQ(ministral["query_scale"][1].get<double>(), 1.0 + 0.1 * std::log(2.0));
    EXPECT_DOUBLE_EQ(ministral["query_scale"][2].get<double>(), 1.0 + 0.1 * std::log(4.0));
    // Command R7B: every 4th layer is global attention without positional encoding.
    EXPECT_TRUE(badInput({"compute", "rope", "--preset", "command-r7b-12-2024", "--layer", "3"}, {"--layer", "3"}));
}

}  // namespace
