// The app's phase views and `phaselens compute phase` (the CLI contract) report the same numbers for the
// same parameters: turns, full turn in training, aliasing and apparent frequency, with scaling and stride.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/cli.h"
#include "json_text.h"
#include "ui/views.h"

namespace phaselens::ui {
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
        EXPECT_EQ(std::isnan(noTurn[i]), j["full_turn_in_training"][i].get<bool>()) << i;
        EXPECT_DOUBLE_EQ(apparent[i], j["apparent_frequency"][i].get<double>()) << i;
        EXPECT_EQ(!std::isnan(aliased[i]), j["aliased"][i].get<bool>()) << i;
    }
}

}  // namespace
}  // namespace phaselens::ui
