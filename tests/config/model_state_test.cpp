// tests/config: ModelConfig → AppState (ui/model_state.h) — a pure function, no ImGui. Every preset under both
// transformers rules must give the app exactly the frequencies the config resolves to, the headline numbers must
// survive the mapping, and loading must never leave a half-applied state.
#include "model/model_state.h"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "config/model_config.h"
#include "model/views.h"
#include "phaselens/alibi.h"
#include "phaselens/rope.h"
#include "phaselens/rope_scaling.h"

namespace {

using phaselens::config::loadPreset;
using phaselens::config::ModelConfig;
using phaselens::config::TransformersRule;
using phaselens::model::AppState;
using phaselens::model::View;
namespace config = phaselens::config;
namespace core = phaselens::core;
namespace model = phaselens::model;
namespace fs = std::filesystem;

bool anyContains(const std::vector<std::string>& lines, const std::string& needle) {
    for (const auto& l : lines)
        if (l.find(needle) != std::string::npos) return true;
    return false;
}

std::array<int, 3> bandCounts(const AppState& s) {
    const core::RopeFrequencies f = core::computeRopeFrequencies(model::ropeParams(s));
    std::array<int, 3> c{0, 0, 0};
    for (Eigen::Index i = 0; i < f.band.size(); ++i) ++c[static_cast<size_t>(f.band[i])];
    return c;
}

AppState mapped(const std::string& preset, TransformersRule rule = TransformersRule::Newest) {
    AppState s;
    model::applyModelConfig(loadPreset(preset, rule), s);
    return s;
}

class TempDir {
  public:
    TempDir() {
        dir_ =
            fs::temp_directory_path() /
            ("phaselens_model_state_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
        fs::create_directories(dir_);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }
    std::string write(const std::string& name, const std::string& text) const {
        const std::string path = (dir_ / name).string();
        std::ofstream(path, std::ios::binary) << text;
        return path;
    }

  private:
    fs::path dir_;
};

// [SECTION] RoPE

TEST(ModelState, EveryRopePresetGivesTheAppTheConfigsFrequencies) {
    for (const std::string& name : config::listPresets()) {
        for (const auto rule : {TransformersRule::Newest, TransformersRule::Legacy}) {
            ModelConfig cfg = loadPreset(name, rule);
            if (cfg.scheme != config::Scheme::Rope) continue;
            SCOPED_TRACE(name + " / " + config::transformersRuleName(rule));
            AppState s;
            const model::ModelMapping m = model::applyModelConfig(cfg, s);
            EXPECT_FALSE(m.applied.empty());
            // The app evaluates at its context length (LongRoPE picks its list from it).
            cfg.rope.seqLen = s.contextLength;
            const core::RopeFrequencies want = core::computeRopeFrequencies(cfg.rope);
            const core::RopeFrequencies got = core::computeRopeFrequencies(model::ropeParams(s));
            ASSERT_EQ(got.invFreq.size(), want.invFreq.size());
            for (Eigen::Index i = 0; i < want.invFreq.size(); ++i) EXPECT_EQ(got.invFreq[i], want.invFreq[i]) << i;
            EXPECT_EQ(got.attentionFactor, want.attentionFactor);
            EXPECT_EQ(got.rotaryDim, want.rotaryDim);
            EXPECT_EQ(s.ladderScheme, model::LadderScheme::Rope);
            const int pairs = got.rotaryDim / 2;
            for (int p : s.phasePairs) EXPECT_LT(p, pairs);
        }
    }
}

TEST(ModelState, Llama31Headline) {
    AppState s;
    s.view = View::T5;  // focus on the bias panel moves to the ladder
    const model::ModelMapping m = model::applyModelConfig(loadPreset("llama-3.1-8b"), s);
    EXPECT_EQ(s.rope.type, core::RopeType::Llama3);
    EXPECT_EQ(s.rope.headDim, 128);
    EXPECT_EQ(s.rope.base, 500000.0);
    EXPECT_EQ(s.rope.factor, 8.0);
    EXPECT_EQ(s.rope.originalMaxPositionEmbeddings, 8192);
    EXPECT_EQ(s.rope.lowFreqFactor, 1.0);
    EXPECT_EQ(s.rope.highFreqFactor, 4.0);
    EXPECT_EQ(s.ropePairing, core::Pairing::HalfSplit);
    EXPECT_EQ(s.contextLength, 131072);
    EXPECT_EQ(s.trainingContext, 8192);
    EXPECT_EQ(bandCounts(s), (std::array<int, 3>{29, 6, 29}));
    EXPECT_EQ(s.view, View::Ladder);
    EXPECT_TRUE(m.focusChanged);
    EXPECT_TRUE(anyContains(m.applied, "context 131072 (max_position_embeddings)"));
    EXPECT_TRUE(anyContains(m.applied, "training context 8192 (original length)"));
    EXPECT_EQ(bandCounts(mapped("llama-3.2-1b")), (std::array<int, 3>{15, 3, 14}));
}

TEST(ModelState, GptNeoXPartialRotaryAndPhasePairsInRange) {
    const AppState s = mapped("gpt-neox-20b");
    EXPECT_EQ(s.rope.headDim, 96);
    EXPECT_EQ(s.rope.partialRotaryFactor, 0.25);
    EXPECT_EQ(core::computeRopeFrequencies(model::ropeParams(s)).rotaryDim, 24);
    EXPECT_EQ(s.phasePairs, (std::vector<int>{2, 5, 8}));  // 3/16, 7/16, 11/16 of 12 pairs
    EXPECT_EQ(s.contextLength, 2048);
    EXPECT_EQ(s.trainingContext, 2048);
}

TEST(ModelState, RulesChangeTheOriginalLengthAndLongRopeList) {
    EXPECT_EQ(mapped("yarn-llama-2-70b-32k").rope.originalMaxPositionEmbeddings, 4096);
    EXPECT_EQ(mapped("yarn-llama-2-70b-32k", TransformersRule::Legacy).rope.originalMaxPositionEmbeddings, 32768);
    EXPECT_EQ(mapped("yarn-llama-2-70b-32k").trainingContext, 4096);
    const AppState phi = mapped("phi-3-mini-128k");
    EXPECT_EQ(phi.rope.type, core::RopeType::LongRope);
    EXPECT_EQ(phi.rope.shortFactor.size(), 48u);
    EXPECT_EQ(phi.rope.longRopeRule, core::LongRopeRule::SeqLen);
    EXPECT_EQ(mapped("phi-3-mini-128k", TransformersRule::Legacy).rope.longRopeRule,
              core::LongRopeRule::FactorAboveOne);
    const AppState ds = mapped("deepseek-v3");
    EXPECT_EQ(ds.rope.mscale, 1.0);
    EXPECT_EQ(ds.rope.mscaleAllDim, 1.0);
    EXPECT_EQ(ds.rope.headDim, 64);
    EXPECT_EQ(mapped("deepseek-v3", TransformersRule::Legacy).rope.mscale, std::nullopt);
}

TEST(ModelState, NothingOfThePreviousModelSurvives) {
    AppState s;
    model::applyModelConfig(loadPreset("phi-3-mini-128k"), s);
    model::applyModelConfig(loadPreset("deepseek-v3"), s);
    model::applyModelConfig(loadPreset("llama-2-7b"), s);
    const core::RopeParams defaults = model::defaultAppRope();
    EXPECT_EQ(s.rope.type, core::RopeType::Default);
    EXPECT_TRUE(s.rope.shortFactor.empty());
    EXPECT_EQ(s.rope.mscale, std::nullopt);
    EXPECT_EQ(s.rope.betaFast, defaults.betaFast);
    EXPECT_EQ(s.rope.factor, 1.0);
    EXPECT_EQ(s.contextLength, 4096);
}

TEST(ModelState, LongContextsAreKeptUpTo2To31) {
    // Llama 4 Scout serves 10,485,760 positions: the sliders reach 2^31, so nothing is clamped.
    const ModelConfig cfg = config::parseModelConfig(
        R"({"model_type": "llama", "head_dim": 64, "max_position_embeddings": 10485760})", "long.json");
    AppState s;
    const model::ModelMapping m = model::applyModelConfig(cfg, s);
    EXPECT_EQ(s.contextLength, 10485760);
    EXPECT_EQ(s.trainingContext, 10485760);
    EXPECT_FALSE(anyContains(m.notes, "outside the slider range"));
    EXPECT_EQ(model::kMaxContext, int64_t{1} << 31);
}

TEST(ModelState, ContextIsClampedToTheSliderRange) {
    for (const int64_t length : {int64_t{1} << 31, (int64_t{1} << 31) + 1}) {
        const ModelConfig cfg = config::parseModelConfig(
            R"({"model_type": "llama", "head_dim": 64, "max_position_embeddings": )" + std::to_string(length) + "}",
            "long.json");
        AppState s;
        const model::ModelMapping m = model::applyModelConfig(cfg, s);
        EXPECT_EQ(s.contextLength, model::kMaxContext) << length;
        EXPECT_EQ(s.trainingContext, model::kMaxContext) << length;
        EXPECT_EQ(anyContains(m.notes, std::to_string(length) + " is outside the slider range"),
                  length > model::kMaxContext)
            << length;
    }
}

// [SECTION] ALiBi, T5, learned, sinusoidal

TEST(ModelState, BloomAlibiHeadsAndFocus) {
    AppState s;
    s.alibiSelectedHead = 200;
    s.alibiSlopeOverride = true;
    const model::ModelMapping m = model::applyModelConfig(loadPreset("bloom-176b"), s);
    EXPECT_EQ(s.alibiHeads, 112);
    EXPECT_EQ(s.alibiSelectedHead, 111);
    EXPECT_FALSE(s.alibiSlopeOverride);
    EXPECT_EQ(s.alibiForm, core::AlibiForm::KeyIndex);
    EXPECT_EQ(s.view, View::Alibi);
    EXPECT_TRUE(m.focusChanged);
    EXPECT_EQ(s.contextLength, AppState{}.contextLength);  // BLOOM gives no max_position_embeddings
    EXPECT_TRUE(anyContains(m.notes, "no max_position_embeddings"));
    const Eigen::VectorXd slopes = core::alibiSlopes(s.alibiHeads);
    EXPECT_EQ(slopes[63], std::pow(2.0, -8.0));
    EXPECT_EQ(slopes[64], std::pow(2.0, -1.0 / 16.0));
    EXPECT_EQ(s.rope, model::defaultAppRope());  // RoPE controls untouched

    const AppState mpt = mapped("mpt-7b");
    EXPECT_EQ(mpt.alibiHeads, 32);
    EXPECT_EQ(mpt.alibiForm, core::AlibiForm::Linear);
    EXPECT_EQ(mpt.contextLength, 2048);
    // Already on the slopes view: stays there.
    AppState slopesView;
    slopesView.view = View::AlibiSlopes;
    EXPECT_FALSE(model::applyModelConfig(loadPreset("mpt-7b"), slopesView).focusChanged);
    EXPECT_EQ(slopesView.view, View::AlibiSlopes);
}

TEST(ModelState, T5BaseBuckets) {
    AppState s;
    s.t5Bidirectional = false;
    const model::ModelMapping m = model::applyModelConfig(loadPreset("t5-base"), s);
    EXPECT_EQ(s.t5NumBuckets, 32);
    EXPECT_EQ(s.t5MaxDistance, 128);
    EXPECT_TRUE(s.t5Bidirectional);
    EXPECT_EQ(s.view, View::T5);
    EXPECT_TRUE(m.focusChanged);
    EXPECT_EQ(s.contextLength, 512);
}

TEST(ModelState, Gpt2LearnedOnlyANoteAndTheContext) {
    AppState s;
    const model::ModelMapping m = model::applyModelConfig(loadPreset("gpt2"), s);
    EXPECT_TRUE(anyContains(m.notes, "T_max = 1024"));
    EXPECT_EQ(s.rope, model::defaultAppRope());
    EXPECT_EQ(s.view, View::Ladder);
    EXPECT_FALSE(m.focusChanged);
    EXPECT_EQ(s.contextLength, 1024);
    EXPECT_EQ(s.trainingContext, 1024);
}

TEST(ModelState, SinusoidalConfigShowsTheSinusoidalLadder) {
    AppState s;
    s.rope.base = 500000.0;
    s.view = View::Alibi;
    const model::ModelMapping m = model::applyModelConfig(
        config::parseModelConfig(R"({"model_type": "marian", "d_model": 512, "max_position_embeddings": 512})",
                                 "marian.json"),
        s);
    EXPECT_EQ(s.ladderScheme, model::LadderScheme::Sinusoidal);
    EXPECT_EQ(s.sinusoidalDModel, 512);
    EXPECT_EQ(s.rope.base, 10000.0);
    EXPECT_EQ(s.view, View::Ladder);
    EXPECT_TRUE(m.focusChanged);
}

TEST(ModelState, GptJPairsInterleaved) {
    const ModelConfig gptj = config::parseModelConfig(
        R"({"model_type": "gptj", "n_embd": 4096, "n_head": 16, "rotary_dim": 64, "n_positions": 2048})", "gptj.json");
    AppState s;
    model::applyModelConfig(gptj, s);
    EXPECT_EQ(s.ropePairing, core::Pairing::Interleaved);
    EXPECT_EQ(core::computeRopeFrequencies(model::ropeParams(s)).rotaryDim, 64);
}

// [SECTION] Loading through the panel state: errors never half-apply

TEST(ModelLoading, FileLoadsAndGoesToRecentFiles) {
    const TempDir dir;
    model::ModelPanelState panel;
    std::vector<std::string> saved;
    panel.onRecentChanged = [&](const std::vector<std::string>& files) { saved = files; };
    AppState s;
    const std::string path = dir.write("llama.json", config::presetText("llama-3.1-8b"));
    ASSERT_TRUE(model::loadModelFile(path, s, panel)) << panel.error;
    EXPECT_TRUE(panel.error.empty());
    ASSERT_TRUE(panel.loaded.has_value());
    EXPECT_EQ(panel.loaded->source, "meta-llama/Llama-3.1-8B");
    EXPECT_EQ(panel.origin.kind, model::ModelOrigin::Kind::File);
    EXPECT_EQ(panel.recentFiles, std::vector<std::string>{path});
    EXPECT_EQ(saved, panel.recentFiles);
    EXPECT_EQ(s.rope.type, core::RopeType::Llama3);
}

TEST(ModelLoading, ErrorsNameFileAndFieldAndLeaveEverythingUnchanged) {
    const TempDir dir;
    model::ModelPanelState panel;
    AppState s;
    ASSERT_TRUE(model::loadModelPreset("t5-base", s, panel));
    const AppState before = s;
    const std::string bad = dir.write("bad.json", R"({"model_type": "llama", "head_dim": 128, "rope_theta": "1e4"})");
    EXPECT_FALSE(model::loadModelFile(bad, s, panel));
    EXPECT_NE(panel.error.find(bad), std::string::npos) << panel.error;
    EXPECT_NE(panel.error.find("rope_theta"), std::string::npos) << panel.error;
    EXPECT_EQ(s, before);
    EXPECT_EQ(panel.loaded->name, "t5-base");  // the last good config stays shown
    EXPECT_TRUE(panel.recentFiles.empty());

    EXPECT_FALSE(model::loadModelFile(dir.write("broken.json", "{\"model_type\": "), s, panel));
    EXPECT_NE(panel.error.find("(json)"), std::string::npos) << panel.error;
    EXPECT_FALSE(model::loadModelFile("/nonexistent/config.json", s, panel));
    EXPECT_NE(panel.error.find("/nonexistent/config.json: (file)"), std::string::npos) << panel.error;
    EXPECT_FALSE(model::loadModelPreset("llama-4", s, panel));
    EXPECT_NE(panel.error.find("llama-3.1-8b"), std::string::npos) << panel.error;
    EXPECT_EQ(s, before);
    ASSERT_TRUE(model::loadModelPreset("gpt2", s, panel));
    EXPECT_TRUE(panel.error.empty());
}

TEST(ModelLoading, RuleToggleReloadsTheSameModel) {
    model::ModelPanelState panel;
    AppState s;
    ASSERT_TRUE(model::loadModelPreset("yarn-llama-2-70b-32k", s, panel));
    EXPECT_EQ(s.rope.originalMaxPositionEmbeddings, 4096);
    panel.rule = TransformersRule::Legacy;
    ASSERT_TRUE(model::reloadModel(s, panel));
    EXPECT_EQ(s.rope.originalMaxPositionEmbeddings, 32768);
    EXPECT_EQ(panel.loaded->rule, TransformersRule::Legacy);
    EXPECT_TRUE(anyContains(panel.loaded->warnings, "legacy (4.45) uses max_position_embeddings"));
    model::ModelPanelState empty;
    EXPECT_FALSE(model::reloadModel(s, empty));
}

// [SECTION] Recent files

TEST(RecentFiles, MostRecentFirstDeduplicatedAtMostEight) {
    std::vector<std::string> list;
    for (int i = 0; i < 10; ++i) model::addRecentFile(list, "/m/" + std::to_string(i) + ".json");
    ASSERT_EQ(list.size(), model::kMaxRecentConfigs);
    EXPECT_EQ(list.front(), "/m/9.json");
    EXPECT_EQ(list.back(), "/m/2.json");
    model::addRecentFile(list, "/m/5.json");
    EXPECT_EQ(list.front(), "/m/5.json");
    EXPECT_EQ(list.size(), model::kMaxRecentConfigs);
    EXPECT_EQ(std::count(list.begin(), list.end(), "/m/5.json"), 1);
}

TEST(RecentFiles, JsonRoundTripAndMalformedInput) {
    const std::vector<std::string> list = {"/a/config.json", "/b/c d/config.json", "relative.json"};
    EXPECT_EQ(model::recentFilesFromJson(model::recentFilesToJson(list)), list);
    EXPECT_TRUE(model::recentFilesFromJson(model::recentFilesToJson({})).empty());
    for (const char* bad : {"", "[]", "{}", R"({"config_files": "x"})", R"({"config_files": [1]})",
                            R"({"config_files": [""]})", "{\"config_files\": ["})
        EXPECT_THROW(model::recentFilesFromJson(bad), std::invalid_argument) << bad;
    std::string many = R"({"config_files": [)";
    for (int i = 0; i < 12; ++i) many += (i ? "," : "") + std::string("\"/") + std::to_string(i) + "\"";
    EXPECT_EQ(model::recentFilesFromJson(many + "]}").size(), model::kMaxRecentConfigs);
}

}  // namespace
