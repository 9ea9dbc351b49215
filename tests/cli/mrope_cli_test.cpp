// `phaselens compute mrope` (../shared/golden/layers/CONTRACT.md §4): the layers golden cases mrope_axes__* and
// mrope_positions__* (discovered from layers/index.json), config reading (rope_scaling / rope_parameters, flat or
// nested, text_config, vision_config.tokens_per_second), the M-RoPE presets, and bad input (exit 2 naming the flag).
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "cli_test_util.h"
#include "config/model_config.h"
#include "golden.h"

namespace phaselens::test {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

std::vector<int64_t> ints(const json& a) {
    return a.get<std::vector<int64_t>>();
}

// [SECTION] Golden cases ------------------------------------------------------------------------------------------

std::vector<std::string> mropeArgs(const GoldenCase& g) {
    std::vector<std::string> args = {"compute", "mrope"};
    for (const auto& [key, value] : g.params().items()) {
        if (key == "command") continue;
        if (key == "config") {
            args.push_back("--config=" + goldenDir() + "/layers/configs/" + value.get<std::string>());
        } else if (key == "mrope_interleaved") {
            if (value.get<bool>()) args.push_back("--mrope-interleaved");
        } else {
            std::string flag = "--" + key;
            std::replace(flag.begin(), flag.end(), '_', '-');
            std::string text;
            if (value.is_array())
                text = joinList(value);
            else if (value.is_string())
                text = value.get<std::string>();
            else if (value.is_number_integer())
                text = std::to_string(value.get<int64_t>());
            else
                text = formatArg(value.get<double>());
            args.push_back(flag + "=" + text);
        }
    }
    return args;
}

TEST(MropeCliGolden, EveryLayersCaseEveryKey) {
    const json index = readJsonFile(goldenDir() + "/layers/index.json");
    int cases = 0;
    for (const auto& [file, entry] : index.at("files").items()) {
        const std::string q = entry.at("quantity");
        if (q != "mrope_axes" && q != "mrope_positions") continue;
        SCOPED_TRACE(file);
        ++cases;
        const GoldenCase g = GoldenCase::load("layers/" + file);
        const json out = computeJson(mropeArgs(g));
        for (const auto& key : g.expectedKeys()) {
            ASSERT_TRUE(out.contains(key)) << key;
            EXPECT_TRUE(g.near(key, NdArray::fromJson(out[key]), file));
        }
        EXPECT_TRUE(g.allExpectedChecked());
    }
    EXPECT_GE(cases, 2);
}

// [SECTION] Flags --------------------------------------------------------------------------------------------------

TEST(MropeCli, Qwen35PartialInterleaved) {
    const json j = computeJson({"compute", "mrope", "--mrope-section", "11,11,10", "--mrope-interleaved", "--head-dim",
                                "256", "--partial-rotary-factor", "0.25", "--rope-theta", "10000000"});
    EXPECT_EQ(j["rotary_dim"], 64);
    const std::vector<int64_t> axis = ints(j["axis_of_pair"]);
    ASSERT_EQ(axis.size(), 32u);
    for (int p = 0; p < 30; ++p) EXPECT_EQ(axis[static_cast<size_t>(p)], p % 3) << p;
    EXPECT_EQ(axis[30], 0);
    EXPECT_EQ(axis[31], 1);
    EXPECT_EQ(j["layout"], "interleaved");
    EXPECT_EQ(j["inv_freq"].size(), 32u);
    EXPECT_FALSE(j.contains("position_ids"));
}

TEST(MropeCli, Qwen25VideoTimeAndTextAfterVideo) {
    // tokens_per_second 2, second_per_grid_t 0.5 then 1.5: time steps 0 1 2 | 0 3 6 (after each start: 1, then 4).
    const json j = computeJson({"compute", "mrope", "--mrope-section=16,24,24", "--head-dim=128", "--rope-theta=1e6",
                                "--sequence=text:1,video:3x1x2,video:3x1x1,text:1", "--tokens-per-second=2",
                                "--second-per-grid-t=0.5,1.5"});
    EXPECT_EQ(ints(j["position_ids"][0]), (std::vector<int64_t>{0, 1, 1, 2, 2, 3, 3, 4, 7, 10, 11}));
    EXPECT_EQ(ints(j["position_ids"][1]), (std::vector<int64_t>{0, 1, 1, 1, 1, 1, 1, 4, 4, 4, 11}));
    EXPECT_EQ(ints(j["position_ids"][2]), (std::vector<int64_t>{0, 1, 2, 1, 2, 1, 2, 4, 4, 4, 11}));
    EXPECT_EQ(j["length"], 11);
    EXPECT_EQ(j["tokens_per_second"], 2.0);
    EXPECT_EQ(j["second_per_grid_t"], json::array({0.5, 1.5}));
}

TEST(MropeCli, TextOnlySequenceHasEqualRows) {
    const json j = computeJson({"compute", "mrope", "--mrope-section=16,24,24", "--head-dim=128", "--rope-theta=1e6",
                                "--sequence=text:5,text:4"});
    for (int r = 1; r < 3; ++r) EXPECT_EQ(j["position_ids"][r], j["position_ids"][0]);
    EXPECT_EQ(ints(j["position_ids"][0]).back(), 8);
}

// [SECTION] Configs and presets ----------------------------------------------------------------------------------

class MropeConfigFiles : public testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("phaselens_mrope_cli_" + std::to_string(::getpid()));
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }
    std::string write(const std::string& name, const std::string& text) {
        const fs::path p = dir_ / name;
        std::ofstream(p, std::ios::binary) << text;
        return p.string();
    }
    fs::path dir_;
};

TEST_F(MropeConfigFiles, NestedV5TextConfigAndVisionTokensPerSecond) {
    const std::string path = write("v5.json", R"({
      "model_type": "qwen3_vl",
      "text_config": {"head_dim": 128, "hidden_size": 4096, "num_attention_heads": 32,
        "rope_parameters": {"full_attention": {"rope_type": "default", "rope_theta": 5000000,
          "mrope_section": [24, 20, 20], "mrope_interleaved": true}}},
      "vision_config": {"tokens_per_second": 2, "spatial_merge_size": 2}})");
    const json j = computeJson({"compute", "mrope", "--config", path, "--sequence", "video:3x1x1"});
    EXPECT_EQ(j["layout"], "interleaved");
    EXPECT_EQ(j["rope_theta"], 5.0e6);
    EXPECT_EQ(ints(j["position_ids"][0]), (std::vector<int64_t>{0, 2, 4}));
    EXPECT_EQ(j["config"]["rope_field"], "text_config.rope_parameters.full_attention");
    EXPECT_EQ(j["config"]["spatial_merge_size"], 2);
    // A typed flag wins over the config.
    const json k =
        computeJson({"compute", "mrope", "--config", path, "--sequence", "video:3x1x1", "--tokens-per-second", "1"});
    EXPECT_EQ(ints(k["position_ids"][0]), (std::vector<int64_t>{0, 1, 2}));
}

TEST_F(MropeConfigFiles, BadConfigSectionNamesTheField) {
    const std::string path = write("bad.json", R"({"hidden_size": 3584, "num_attention_heads": 28,
      "rope_scaling": {"type": "mrope", "mrope_section": [16, 24, 20]}, "rope_theta": 1e6})");
    EXPECT_TRUE(badInput({"compute", "mrope", "--config", path}, {"--config", "rope_scaling.mrope_section", "64"}));
    const std::string yarn = write("yarn.json", R"({"head_dim": 128,
      "rope_scaling": {"rope_type": "yarn", "factor": 4, "mrope_section": [16, 24, 24]}})");
    EXPECT_TRUE(badInput({"compute", "mrope", "--config", yarn}, {"--config", "rope_type", "yarn"}));
    EXPECT_TRUE(badInput({"compute", "mrope", "--config", (dir_ / "missing.json").string()}, {"--config"}));
}

TEST(MropeCliPresets, TheThreeVisionLanguagePresetsLoad) {
    const json q2 =
        computeJson({"compute", "mrope", "--preset", "qwen2-vl-7b", "--sequence", "text:1,video:4x1x1,text:1"});
    EXPECT_EQ(q2["layout"], "chunked");
    EXPECT_TRUE(q2["tokens_per_second"].is_null());
    EXPECT_EQ(ints(q2["position_ids"][0]), (std::vector<int64_t>{0, 1, 2, 3, 4, 5}));
    EXPECT_EQ(ints(q2["position_ids"][1]), (std::vector<int64_t>{0, 1, 1, 1, 1, 5}));

    const json q25 = computeJson({"compute", "mrope", "--preset", "qwen2.5-vl-7b", "--sequence", "video:3x1x1"});
    EXPECT_EQ(q25["tokens_per_second"], 2.0);
    EXPECT_EQ(ints(q25["position_ids"][0]), (std::vector<int64_t>{0, 2, 4}));
    EXPECT_EQ(ints(q25["mrope_section"]), (std::vector<int64_t>{16, 24, 24}));

    const json q3 = computeJson({"compute", "mrope", "--preset", "qwen3-vl-8b"});
    EXPECT_EQ(q3["layout"], "interleaved");
    EXPECT_EQ(ints(q3["mrope_section"]), (std::vector<int64_t>{24, 20, 20}));
    EXPECT_EQ(q3["rope_theta"], 5.0e6);
    EXPECT_EQ(q3["config"]["rope_field"], "text_config.rope_scaling");

    // The general loader still reads them (RoPE scheme, head_dim 128), whatever it makes of the sections.
    for (const char* name : {"qwen2-vl-7b", "qwen2.5-vl-7b", "qwen3-vl-8b"}) {
        const config::ModelConfig cfg = config::loadPreset(name);
        EXPECT_EQ(cfg.scheme, config::Scheme::Rope) << name;
        EXPECT_EQ(cfg.headDim, 128) << name;
    }
}

// [SECTION] Bad input ---------------------------------------------------------------------------------------------

TEST(MropeCliBadInput, EachProblemNamesItsFlag) {
    const std::vector<std::string> base = {"compute", "mrope", "--head-dim", "128", "--rope-theta", "1e6"};
    auto with = [&](std::vector<std::string> extra) {
        std::vector<std::string> a = base;
        a.insert(a.end(), extra.begin(), extra.end());
        return a;
    };
    EXPECT_TRUE(badInput(with({"--mrope-section", "16,24,20"}), {"--mrope-section", "64", "60"}));
    EXPECT_TRUE(badInput(with({"--mrope-section", "16,24,20", "--mrope-interleaved"}), {"--mrope-section"}));
    EXPECT_TRUE(badInput(with({"--mrope-section", "16,48"}), {"--mrope-section", "16,48"}));
    EXPECT_TRUE(badInput(with({"--mrope-section", "-1,33,32"}), {"--mrope-section"}));
    EXPECT_TRUE(badInput({"compute", "mrope", "--head-dim", "128", "--rope-theta", "1e6"}, {"--mrope-section"}));
    EXPECT_TRUE(badInput({"compute", "mrope", "--mrope-section", "16,24,24", "--rope-theta", "1e6"}, {"--head-dim"}));
    EXPECT_TRUE(badInput(with({"--mrope-section", "16,24,24", "--partial-rotary-factor", "0.5"}), {"--mrope-section"}));
    EXPECT_TRUE(badInput(with({"--mrope-section", "16,24,24", "--sequence", "image:2"}), {"--sequence", "image:2"}));
    EXPECT_TRUE(badInput(with({"--mrope-section", "16,24,24", "--sequence", "video:4096x4096x4096"}), {"--sequence"}));
    EXPECT_TRUE(badInput(with({"--mrope-section", "16,24,24", "--sequence", "video:2x1x1,video:2x1x1",
                               "--tokens-per-second", "2", "--second-per-grid-t", "1,2,3"}),
                         {"--second-per-grid-t"}));
    EXPECT_TRUE(badInput(with({"--mrope-section", "16,24,24", "--sequence", "video:2x1x1", "--tokens-per-second", "0"}),
                         {"--tokens-per-second", "0"}));
    EXPECT_TRUE(badInput(with({"--mrope-section", "16,24,24", "--second-per-grid-t", "-1"}), {"--second-per-grid-t"}));
    EXPECT_TRUE(badInput({"compute", "mrope", "--preset", "qwen2-7b"}, {"--preset", "mrope_section"}));
    EXPECT_TRUE(badInput({"compute", "mrope", "--preset", "nope"}, {"--preset", "nope"}));
    EXPECT_TRUE(
        badInput({"compute", "mrope", "--preset", "qwen2-vl-7b", "--config", "x.json"}, {"--config", "--preset"}));
}

}  // namespace
}  // namespace phaselens::test
