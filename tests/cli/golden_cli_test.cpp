// `phaselens compute` against ../shared/golden: each case's params become flags, every expected array
// is compared within the file's tolerance. Rope cases are discovered from index.json, so a new
// rope_inv_freq case is checked without editing this file.
#include <gtest/gtest.h>

#include <algorithm>

#include "cli_test_util.h"
#include "golden.h"

namespace phaselens::test {
namespace {

using nlohmann::json;

// golden params key → flag; params not listed map by snake_case → --kebab-case.
std::string flagForParam(const std::string& key) {
    if (key == "base") return "--rope-theta";
    std::string flag = "--" + key;
    std::replace(flag.begin(), flag.end(), '_', '-');
    return flag;
}

std::string paramText(const json& v) {
    if (v.is_array()) return joinList(v);
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
    return formatArg(v.get<double>());
}

std::vector<std::string> ropeArgs(const GoldenCase& g) {
    std::vector<std::string> args = {"compute", "rope"};
    for (const auto& [key, value] : g.params().items()) {
        if (key == "rotary_dim") continue;  // an output, checked below
        args.push_back(flagForParam(key) + "=" + paramText(value));
    }
    if (g.hasExpected("kernel_delta")) args.push_back("--deltas=" + joinList(g.expected("kernel_delta").data));
    return args;
}

std::vector<std::string> casesOf(const std::string& quantity) {
    std::vector<std::string> files;
    for (const auto& e : goldenIndex())
        if (e.quantity == quantity) files.push_back(e.file);
    return files;
}

TEST(CliGolden, RopeEveryCaseEveryKey) {
    const auto files = casesOf("rope_inv_freq");
    ASSERT_FALSE(files.empty());
    for (const auto& file : files) {
        SCOPED_TRACE(file);
        const GoldenCase g = GoldenCase::load(file);
        const json out = computeJson(ropeArgs(g));
        if (g.hasParam("rotary_dim")) {
            EXPECT_EQ(out["rotary_dim"].get<int64_t>(), g.paramInt("rotary_dim"));
        }
        for (const auto& key : g.expectedKeys()) {
            ASSERT_TRUE(out.contains(key)) << key;
            EXPECT_TRUE(g.near(key, NdArray::fromJson(out[key]), file));
        }
        EXPECT_TRUE(g.allExpectedChecked());
    }
}

TEST(CliGolden, AlibiSlopesForEveryHeadCount) {
    for (const auto& file : casesOf("alibi_slopes")) {
        const GoldenCase g = GoldenCase::load(file);
        const auto heads = g.params().at("num_heads").get<std::vector<int>>();
        for (size_t k = 0; k < heads.size(); ++k) {
            const json out = computeJson({"compute", "alibi-slopes", "--heads", std::to_string(heads[k])});
            EXPECT_EQ(out["heads"], heads[k]);
            EXPECT_TRUE(g.nearRow("slopes", k, NdArray::fromJson(out["slopes"]).vector()));
        }
        EXPECT_TRUE(g.allExpectedChecked());
    }
}

TEST(CliGolden, AlibiBiasEveryForm) {
    for (const auto& file : casesOf("alibi_bias")) {
        const GoldenCase g = GoldenCase::load(file);
        const std::string heads = std::to_string(g.paramInt("num_heads")), n = std::to_string(g.paramInt("N"));
        for (const char* form : {"linear", "symmetric", "key-index"}) {
            const json out = computeJson({"compute", "alibi-bias", "--heads", heads, "--seq-len", n, "--form", form});
            std::string key = std::string("bias_") + form;
            std::replace(key.begin(), key.end(), '-', '_');
            EXPECT_TRUE(g.near(key, NdArray::fromJson(out["bias"]), form));
            EXPECT_TRUE(g.near("slopes", NdArray::fromJson(out["slopes"])));
            EXPECT_TRUE(g.near("causal_mask", NdArray::fromJson(out["causal_mask"])));
        }
        EXPECT_TRUE(g.allExpectedChecked());
    }
}

TEST(CliGolden, T5Buckets) {
    const auto files = casesOf("t5_buckets");
    ASSERT_FALSE(files.empty());
    for (const auto& file : files) {
        const GoldenCase g = GoldenCase::load(file);
        const json out =
            computeJson({"compute", "t5-buckets", "--num-buckets", std::to_string(g.paramInt("num_buckets")),
                         "--max-distance", std::to_string(g.paramInt("max_distance")),
                         g.paramBool("bidirectional") ? "--bidirectional" : "--unidirectional",
                         "--relative-positions=" + joinList(g.params().at("relative_position"))});
        EXPECT_TRUE(g.near("buckets", NdArray::fromJson(out["buckets"]), file));
        EXPECT_TRUE(g.allExpectedChecked());
    }
}

TEST(CliGolden, Sinusoidal) {
    const auto files = casesOf("sinusoidal");
    ASSERT_FALSE(files.empty());
    for (const auto& file : files) {
        const GoldenCase g = GoldenCase::load(file);
        const json out =
            computeJson({"compute", "sinusoidal", "--d-model", std::to_string(g.paramInt("d")), "--base",
                         formatArg(g.paramDouble("base")), "--positions=" + joinList(g.params().at("positions"))});
        EXPECT_TRUE(g.near("pe", NdArray::fromJson(out["pe"]), file));
        EXPECT_TRUE(g.allExpectedChecked());
    }
}

}  // namespace
}  // namespace phaselens::test
