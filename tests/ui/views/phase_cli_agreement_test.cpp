// The app's phase views and `phaselens compute phase` (the CLI contract) report the same numbers for the
// same parameters: turns, full turn in training, aliasing and apparent frequency, with scaling and stride.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/cli.h"
#include "json_text.h"
#include "model/views.h"

namespace phaselens::model {
namespace {

std::vector<double> pairValues(const plot::PlotSpec& spec, const std::string& prefix) {
    for (const plot::LineSeries& s : spec.series)
        if (s.name.rfind(prefix, 0) == 0) {
            std::vector<double> out;
            for (size_t k = 0; k < s.x.size(); ++k)
                if (!std::isnan(s.x[k])) out.push_back(s.y[k]);
            return out;
        }
    throw std::runtime_error("no series " + prefix);
}

TEST(PhaseCliAgreement, TurnsAndAliasingMatchComputePhase) {
    std::ostringstream out, err;
    ASSERT_EQ(
        cli::runCli({"compute", "phase", "--head-dim", "64", "--rope-theta", "50000", "--rope-type", "linear",
                     "--factor", "2", "--context", "20000", "--training-context", "3000", "--position-stride", "6.5"},
                    out, err),
        0)
        << err.str();
    const nlohmann::json j = phaselens::json_text::parse(out.str());
    AppState s;
    s.rope.headDim = 64;
    s.rope.base = 50000;
    s.rope.type = core::RopeType::Linear;
    s.rope.factor = 2;
    s.contextLength = 20000;
    s.trainingContext = 3000;
    s.positionStride = 6.5;
    const plot::PlotSpec turns = buildView(View::Turns, s).spec, aliasing = buildView(View::Aliasing, s).spec;
    const std::vector<double> inContext = pairValues(turns, "turns in context"),
                              inTraining = pairValues(turns, "turns in training"),
                              noTurn = pairValues(turns, "no full turn in training"),
                              apparent = pairValues(aliasing, "apparent frequency"),
                              aliased = pairValues(aliasing, "aliased pairs");
    ASSERT_EQ(j["inv_freq"].size(), 32u);
    ASSERT_EQ(inContext.size(), 32u);
    for (size_t i = 0; i < 32; ++i) {
        EXPECT_DOUBLE_EQ(inContext[i], j["turns_in_context"][i].get<double>()) << i;
        EXPECT_DOUBLE_EQ(inTraining[i], j["turns_in_training"][i].get<double>()) << i;
        // The marked pairs compare with the pretrained model (unscaled θ), not the scaled θ′ (issue 14).
        EXPECT_EQ(std::isnan(noTurn[i]), j["full_turn_in_pretraining"][i].get<bool>()) << i;
        EXPECT_DOUBLE_EQ(apparent[i], j["apparent_frequency"][i].get<double>()) << i;
        EXPECT_EQ(!std::isnan(aliased[i]), j["aliased"][i].get<bool>()) << i;
    }
}

// `compute phase` first_unseen_position is where the ladder's veil starts on every pair (PI ×8 at 8·L0).
TEST(PhaseCliAgreement, FirstUnseenPositionIsWhereTheLadderVeilStarts) {
    std::ostringstream out, err;
    ASSERT_EQ(cli::runCli({"compute", "phase", "--head-dim", "128", "--rope-theta", "10000", "--rope-type", "linear",
                           "--factor", "8", "--context", "32768", "--training-context", "4096"},
                          out, err),
              0)
        << err.str();
    const nlohmann::json j = phaselens::json_text::parse(out.str());
    ASSERT_EQ(j["first_unseen_position"].size(), 64u);
    ASSERT_EQ(j["full_turn_in_pretraining"].size(), 64u);
    AppState s;
    s.rope.type = core::RopeType::Linear;
    s.rope.factor = 8;
    s.contextLength = 32768;
    s.trainingContext = 4096;
    const plot::PlotSpec ladder = buildView(View::Ladder, s).spec;
    int veiled = 0;
    for (size_t i = 0; i < 64; ++i) {
        double start = INFINITY;
        for (const plot::ShadedRect& r : ladder.shaded)
            if (r.y0 <= static_cast<double>(i) && static_cast<double>(i) < r.y1 && std::isfinite(r.x0))
                start = std::min(start, r.x0);
        const nlohmann::json& p = j["first_unseen_position"][i];
        if (p.is_null()) {
            EXPECT_EQ(start, INFINITY) << i;
        } else {
            ++veiled;
            EXPECT_EQ(p.get<int64_t>(), 8 * 4095 + 1) << i;
            EXPECT_EQ(start, p.get<double>()) << i;
        }
        EXPECT_EQ(j["full_turn_in_pretraining"][i].get<bool>(),
                  4096 * std::pow(10000.0, -static_cast<double>(i) / 64) >= 2 * M_PI)
            << i;
    }
    EXPECT_EQ(veiled, 18);  // the pairs without a full turn in pretraining, veiled only from 32761
    EXPECT_FALSE(j["full_turn_in_training"][40].get<bool>());  // the old key keeps its meaning (scaled θ′)
}

// `phaselens export --view phase-circle --head-dim 64` used to exit 2 ("phase pair 44 is outside 0..31"): the
// default pairs are clamped, the CSV is written and its sidecar carries the note.
TEST(PhaseCliAgreement, ExportPhaseCircleAtHeadDim64) {
    const std::string out =
        (std::filesystem::temp_directory_path() / ("phaselens_hd64_" + std::to_string(::getpid()) + ".csv")).string();
    std::ostringstream o, err;
    ASSERT_EQ(cli::runCli({"export", "--view", "phase-circle", "--head-dim", "64", "--out", out}, o, err), 0)
        << err.str();
    std::ifstream csv(out);
    std::stringstream text;
    text << csv.rdbuf();
    EXPECT_NE(text.str().find("pair 31"), std::string::npos);
    std::ifstream sidecar(out + ".json");
    std::stringstream side;
    side << sidecar.rdbuf();
    EXPECT_NE(side.str().find("44 → 31"), std::string::npos) << side.str().substr(0, 400);
    std::filesystem::remove(out);
    std::filesystem::remove(out + ".json");
}

}  // namespace
}  // namespace phaselens::model
