// The window's selected layer against `phaselens compute rope --layer K`: selecting layer K of a preset
// (model::applyLayer) gives the views exactly the frequencies, θ, rotary dim, pairing and attention factor that the
// compute command prints for that layer; and export --layer / --compare-* reach the same states.
#include "model/layer_selection.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli_test_util.h"
#include "config/layer_plan.h"
#include "model/compare.h"
#include "model/views_common.h"

namespace phaselens {
namespace {

using test::computeJson;

struct Case {
    const char* preset;
    int layer;
};

class SelectedLayer : public ::testing::TestWithParam<Case> {};

TEST_P(SelectedLayer, ParamsEqualComputeRopeLayer) {
    const Case c = GetParam();
    const config::LayerPlan plan = config::loadPresetLayerPlan(c.preset);
    model::AppState s;
    model::applyLayer(plan, std::string("preset:") + c.preset, c.layer, s);
    const core::RopeFrequencies f = model::detail::ropeFrequencies(s);
    const nlohmann::json j = computeJson({"compute", "rope", "--preset", c.preset, "--layer", std::to_string(c.layer)});
    const std::vector<double> inv = j["inv_freq"].get<std::vector<double>>();
    ASSERT_EQ(static_cast<size_t>(f.invFreq.size()), inv.size()) << c.preset << " layer " << c.layer;
    for (size_t i = 0; i < inv.size(); ++i)
        EXPECT_EQ(f.invFreq[static_cast<Eigen::Index>(i)], inv[i]) << c.preset << " layer " << c.layer << " pair " << i;
    EXPECT_EQ(s.rope.base, j["rope_theta"].get<double>());
    EXPECT_EQ(f.rotaryDim, j["rotary_dim"].get<int>());
    EXPECT_EQ(f.attentionFactor, j["attention_factor"].get<double>());
    EXPECT_EQ(s.ropePairing == core::Pairing::Interleaved ? "interleaved" : "half_split", j["pairing"]);
    EXPECT_EQ(s.layerIndex, c.layer);
    EXPECT_EQ(s.layerPositional, "rope");
}

INSTANTIATE_TEST_SUITE_P(Presets, SelectedLayer,
                         ::testing::Values(Case{"gemma-3-27b-it", 0}, Case{"gemma-3-27b-it", 5},
                                           Case{"llama-4-scout-17b-16e-instruct", 0}, Case{"gpt-oss-20b", 0},
                                           Case{"gpt-oss-20b", 1}, Case{"deepseek-v3", 0}, Case{"gemma-4-31b-it", 0},
                                           Case{"gemma-4-31b-it", 5}, Case{"modernbert-base", 0},
                                           Case{"modernbert-base", 1}, Case{"smollm3-3b", 0},
                                           Case{"glm-4-9b-chat-hf", 0}, Case{"olmo-3-7b-think", 3},
                                           Case{"kimi-k2-instruct-0905", 0}, Case{"minimax-m2", 0},
                                           Case{"command-r7b-12-2024", 0}, Case{"qwen3-next-80b-a3b-instruct", 3}));

TEST(SelectedLayer, NopeAndOutOfRangeLayersAreRefusedLikeCompute) {
    const config::LayerPlan plan = config::loadPresetLayerPlan("llama-4-scout-17b-16e-instruct");
    model::AppState s;
    model::applyLayer(plan, "preset:llama-4-scout-17b-16e-instruct", 3, s);
    EXPECT_EQ(s.layerPositional, "nope");
    EXPECT_EQ(s.scoreScheme, model::ScoreScheme::NoPE);
    const test::CliRun nope =
        test::runArgs({"compute", "rope", "--preset", "llama-4-scout-17b-16e-instruct", "--layer", "3"});
    EXPECT_EQ(nope.code, 2);
    EXPECT_THROW(model::applyLayer(plan, "preset:x", 48, s), std::invalid_argument);
    try {
        model::applyLayer(plan, "preset:x", 48, s);
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("outside 0 .. 47"), std::string::npos) << e.what();
    }
}

TEST(SelectedLayer, ExportLayerFlagsNameTheProblem) {
    const test::CliRun noConfig = test::runArgs({"export", "--view", "ladder", "--layer", "2", "--out", "/tmp/x.csv"});
    EXPECT_EQ(noConfig.code, 2);
    EXPECT_NE(noConfig.err.find("--layer"), std::string::npos) << noConfig.err;
    const test::CliRun outside = test::runArgs(
        {"export", "--view", "ladder", "--preset", "gemma-3-27b-it", "--layer", "99", "--out", "/tmp/x.csv"});
    EXPECT_EQ(outside.code, 2);
    EXPECT_NE(outside.err.find("--layer"), std::string::npos) << outside.err;
    const test::CliRun both = test::runArgs({"export", "--view", "ladder", "--compare-preset", "llama-2-7b",
                                             "--compare-config", "c.json", "--out", "/tmp/x.csv"});
    EXPECT_EQ(both.code, 2);
    EXPECT_NE(both.err.find("--compare-preset and --compare-config"), std::string::npos) << both.err;
    const test::CliRun unknown =
        test::runArgs({"export", "--view", "ladder", "--compare-preset", "no-such-model", "--out", "/tmp/x.csv"});
    EXPECT_EQ(unknown.code, 2);
    EXPECT_NE(unknown.err.find("--compare-preset"), std::string::npos) << unknown.err;
}

TEST(CompareStates, LayerOfTheSameModelAndAnotherPreset) {
    const config::LayerPlan plan = config::loadPresetLayerPlan("gemma-3-27b-it");
    model::AppState a;
    model::applyLayer(plan, "preset:gemma-3-27b-it", 0, a);
    a.contextLength = 4096;
    model::CompareSource local;
    local.layer = 5;
    const model::CompareStates g = model::compareStates(a, local);
    EXPECT_EQ(g.b.layerIndex, 5);
    EXPECT_EQ(g.b.rope.base, 1e6);
    EXPECT_EQ(g.b.contextLength, 4096);
    EXPECT_EQ(g.labelA, "gemma-3-27b-it · layer 0 (RoPE θ 1e4)");
    EXPECT_EQ(g.labelB, "gemma-3-27b-it · layer 5 (RoPE θ 1e6, linear ×8)");
    model::AppState llama2;
    model::CompareSource other;
    other.preset = "llama-3.1-8b";
    const model::CompareStates l = model::compareStates(llama2, other);
    EXPECT_EQ(l.b.rope.type, core::RopeType::Llama3);
    EXPECT_EQ(l.b.contextLength, llama2.contextLength);  // both panels span A's positions
    EXPECT_EQ(l.labelA, "current parameters");
    EXPECT_EQ(l.labelB, "llama-3.1-8b");
    const model::CompareResult r = model::buildComparison(model::View::Wavelengths, llama2, l);
    EXPECT_EQ(r.a.spec.y.min, r.b.spec.y.min);
    EXPECT_EQ(r.a.spec.y.max, r.b.spec.y.max);
    EXPECT_EQ(r.a.spec.x.max, r.b.spec.x.max);
}

}  // namespace
}  // namespace phaselens
