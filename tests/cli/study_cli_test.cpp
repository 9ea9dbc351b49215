// `phaselens compute base-bound | critical-dim | decay-bound` (CONTRACT.md §5): every case of
// ../shared/golden/layers/index.json for these quantities, the output keys, and bad input.
#include <gtest/gtest.h>

#include <cmath>

#include "cli_test_util.h"
#include "golden.h"

namespace phaselens::test {
namespace {

using nlohmann::json;
using Args = std::vector<std::string>;

std::vector<json> layersCases(const std::string& quantity) {
    const json index = readJsonFile(goldenDir() + "/layers/index.json");
    std::vector<json> out;
    for (const auto& [file, entry] : index.at("files").items())
        if (entry.at("quantity") == quantity) out.push_back(readJsonFile(goldenDir() + "/layers/" + file));
    return out;
}

std::string num(const json& v) {
    return v.is_number_integer() ? std::to_string(v.get<int64_t>()) : formatArg(v.get<double>());
}

TEST(CliStudy, BaseBoundGolden) {
    const auto cases = layersCases("base_bound");
    ASSERT_FALSE(cases.empty());
    for (const auto& g : cases) {
        const auto& p = g.at("params");
        Args args = {"compute", "base-bound", "--head-dim", num(p.at("head_dim")), "--context", num(p.at("context"))};
        if (p.contains("base_max")) args.push_back("--base-max=" + num(p.at("base_max")));
        if (p.contains("bases")) args.push_back("--bases=" + joinList(p.at("bases")));
        const json out = computeJson(args);
        const auto& e = g.at("expected");
        const auto& tol = g.at("tolerance");
        if (e.at("min_base").is_null()) {
            EXPECT_TRUE(out.at("min_base").is_null());
        } else {
            const double want = e.at("min_base").get<double>();
            EXPECT_NEAR(out.at("min_base").get<double>(), want, tol.at("min_base_rel").get<double>() * want);
        }
        if (e.contains("min_bm")) {
            ASSERT_EQ(out.at("min_bm").size(), e.at("min_bm").size());
            for (size_t k = 0; k < e.at("min_bm").size(); ++k) {
                EXPECT_NEAR(out["min_bm"][k].get<double>(), e["min_bm"][k].get<double>(),
                            tol.at("min_bm_abs").get<double>());
                EXPECT_EQ(out["valid"][k].get<bool>(), e["valid"][k].get<bool>());
            }
        }
    }
}

TEST(CliStudy, CriticalDimGolden) {
    const auto cases = layersCases("critical_dim");
    ASSERT_FALSE(cases.empty());
    for (const auto& g : cases) {
        const auto& p = g.at("params");
        const json out = computeJson({"compute", "critical-dim", "--head-dim", num(p.at("head_dim")), "--rope-theta",
                                      num(p.at("rope_theta")), "--training-context", num(p.at("training_context"))});
        EXPECT_EQ(out.at("critical_dim"), g.at("expected").at("critical_dim"));
        EXPECT_TRUE(out.at("critical_dim").is_number_integer());
    }
}

TEST(CliStudy, DecayBoundGolden) {
    const auto cases = layersCases("decay_bound");
    ASSERT_FALSE(cases.empty());
    for (const auto& g : cases) {
        const auto& p = g.at("params");
        const json out =
            computeJson({"compute", "decay-bound", "--head-dim", num(p.at("head_dim")),
                         "--rope-theta=" + num(p.at("rope_theta")), "--deltas=" + joinList(p.at("deltas"))});
        const auto& want = g.at("expected").at("bound");
        ASSERT_EQ(out.at("bound").size(), want.size());
        const double rel = g.at("tolerance").at("rel").get<double>();
        for (size_t k = 0; k < want.size(); ++k)
            EXPECT_NEAR(out["bound"][k].get<double>(), want[k].get<double>(), rel * std::abs(want[k].get<double>()));
    }
}

TEST(CliStudy, NullWhenNothingValidAndBoundedLargestInput) {
    json out = computeJson({"compute", "base-bound", "--head-dim", "128", "--context", "1024", "--base-max", "4000"});
    EXPECT_TRUE(out.at("min_base").is_null());
    EXPECT_FALSE(out.contains("min_bm"));
    out = computeJson({"compute", "base-bound", "--head-dim", "2", "--context", "5", "--base-max", "1e300"});
    EXPECT_TRUE(out.at("min_base").is_null());
    // Largest accepted context for D = 1024 ((L + 1)·512 = 2^24).
    out = computeJson({"compute", "base-bound", "--head-dim", "1024", "--context", "32767"});
    EXPECT_GT(out.at("min_base").get<double>(), 1e4);
}

TEST(CliStudy, BadInput) {
    EXPECT_TRUE(badInput({"compute", "base-bound", "--head-dim", "7", "--context", "10"}, {"--head-dim", "7"}));
    EXPECT_TRUE(badInput({"compute", "base-bound", "--head-dim", "2048", "--context", "10"}, {"--head-dim", "2048"}));
    EXPECT_TRUE(badInput({"compute", "base-bound", "--head-dim", "128", "--context", "0"}, {"--context", "0"}));
    EXPECT_TRUE(
        badInput({"compute", "base-bound", "--head-dim", "128", "--context", "262144"}, {"--context", "262144"}));
    EXPECT_TRUE(badInput({"compute", "base-bound", "--head-dim", "128"}, {"--context", "required"}));
    EXPECT_TRUE(badInput({"compute", "base-bound", "--head-dim", "128", "--context", "10", "--base-max", "1"},
                         {"--base-max", "1"}));
    EXPECT_TRUE(badInput({"compute", "base-bound", "--head-dim", "128", "--context", "10", "--base-max", "nan"},
                         {"--base-max", "nan"}));
    EXPECT_TRUE(badInput({"compute", "base-bound", "--head-dim", "128", "--context", "10", "--bases", "100,0.5"},
                         {"--bases", "100,0.5"}));
    EXPECT_TRUE(badInput({"compute", "base-bound", "--head-dim", "128", "--context", "10", "--bases", "100,,3"},
                         {"--bases", "100,,3"}));
    EXPECT_TRUE(
        badInput({"compute", "critical-dim", "--head-dim", "128", "--rope-theta", "1", "--training-context", "4096"},
                 {"--rope-theta", "1"}));
    EXPECT_TRUE(
        badInput({"compute", "critical-dim", "--head-dim", "128", "--rope-theta", "1e4", "--training-context", "-5"},
                 {"--training-context", "-5"}));
    EXPECT_TRUE(
        badInput({"compute", "critical-dim", "--head-dim", "9", "--rope-theta", "1e4", "--training-context", "4096"},
                 {"--head-dim", "9"}));
    EXPECT_TRUE(badInput({"compute", "critical-dim", "--head-dim", "65536", "--rope-theta", "1.0000000000000002",
                          "--training-context", "1e300"},
                         {"--rope-theta", "1.0000000000000002"}));
    EXPECT_TRUE(badInput({"compute", "decay-bound", "--head-dim", "128", "--rope-theta", "1e4", "--deltas", "1,inf"},
                         {"--deltas", "1,inf"}));
    EXPECT_TRUE(badInput({"compute", "decay-bound", "--head-dim", "128", "--rope-theta", "0.5", "--deltas", "1"},
                         {"--rope-theta", "0.5"}));
    EXPECT_TRUE(badInput({"compute", "decay-bound", "--head-dim", "128", "--rope-theta", "1e4"}, {"--deltas"}));
}

}  // namespace
}  // namespace phaselens::test
