// `phaselens compute <quantity>` in-process: keys, closed-form values, number formatting, help.
//
// Contents
//   [SECTION] Top-level commands and help
//   [SECTION] Keys of every quantity
//   [SECTION] rope: scaling types against closed forms
//   [SECTION] phase
//   [SECTION] xpos, sinusoidal, alibi, t5, nope
//   [SECTION] Number formatting (round trip, integers)
#include <gtest/gtest.h>

#include <cctype>
#include <cmath>
#include <string>

#include "cli/quantity.h"
#include "cli_test_util.h"
#include "json_text.h"
#include "phaselens/rope.h"
#include "phaselens/rope_scaling.h"

namespace phaselens::test {
namespace {

using nlohmann::json;

std::vector<double> doubles(const json& a) {
    return a.get<std::vector<double>>();
}

// -----------------------------------------------------------------------------
// [SECTION] Top-level commands and help
// -----------------------------------------------------------------------------

TEST(CliCommands, ToolHelpAndVersion) {
    for (const char* flag : {"--help", "-h"}) {
        const CliRun r = runArgs({flag});
        EXPECT_EQ(r.code, 0);
        EXPECT_TRUE(r.err.empty());
        EXPECT_NE(r.out.find("phaselens compute <quantity>"), std::string::npos);
    }
    const CliRun v = runArgs({"--version"});
    EXPECT_EQ(v.code, 0);
    EXPECT_EQ(v.out, cli::versionString() + "\n");
    EXPECT_EQ(v.out.rfind("phaselens ", 0), 0u);
}

TEST(CliCommands, ComputeHelpListsEveryQuantity) {
    const CliRun r = runArgs({"compute", "--help"});
    EXPECT_EQ(r.code, 0);
    for (const char* q : {"rope", "phase", "xpos", "sinusoidal", "alibi-slopes", "alibi-bias", "t5-buckets", "nope"})
        EXPECT_NE(r.out.find(std::string("  ") + q + " "), std::string::npos) << q;
}

// Each run of white space as one space (std::regex doubled this file's sanitized compile time).
std::string collapseSpaces(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool space = std::isspace(static_cast<unsigned char>(text[i])) != 0;
        if (!space) {
            out += text[i];
        } else if (out.empty() || out.back() != ' ') {
            out += ' ';
        }
    }
    return out;
}

TEST(CliCommands, QuantityHelpListsEveryFlagWithDefaults) {
    for (const auto& q : cli::allQuantities()) {
        for (const char* flag : {"--help", "-h"}) {
            CliRun r = runArgs({"compute", q.name, flag});
            r.out = collapseSpaces(r.out);  // undo word wrapping
            EXPECT_EQ(r.code, 0) << q.name;
            EXPECT_TRUE(r.err.empty());
            EXPECT_NE(r.out.find("Usage: phaselens compute " + q.name), std::string::npos);
            for (const auto& spec : q.flags) {
                EXPECT_NE(r.out.find(spec.name), std::string::npos) << q.name << " " << spec.name;
                if (!spec.defaultValue.empty()) {
                    EXPECT_NE(r.out.find("default " + spec.defaultValue), std::string::npos) << spec.name;
                }
            }
        }
    }
    // Help wins over otherwise bad flags.
    EXPECT_EQ(runArgs({"compute", "rope", "--head-dim", "x", "--help"}).code, 0);
}

TEST(CliCommands, UnknownCommandQuantityAndMissingQuantity) {
    EXPECT_TRUE(badInput({"frobnicate"}, {"frobnicate"}));
    EXPECT_TRUE(badInput({"--frobnicate"}, {"--frobnicate"}));
    EXPECT_TRUE(badInput({"compute", "ropes"}, {"ropes", "rope"}));
    EXPECT_TRUE(badInput({"compute"}, {"quantity"}));
    EXPECT_TRUE(badInput({"--version", "x"}, {"--version", "x"}));
}

// -----------------------------------------------------------------------------
// [SECTION] Keys of every quantity
// -----------------------------------------------------------------------------

void expectKeys(const json& j, const std::vector<std::string>& keys) {
    for (const auto& k : keys) EXPECT_TRUE(j.contains(k)) << "missing key " << k << " in " << j.dump().substr(0, 200);
}

TEST(CliKeys, EveryQuantity) {
    expectKeys(computeJson({"compute", "rope", "--head-dim", "64", "--rope-theta", "10000", "--deltas", "0,1"}),
               {"quantity", "rope_type", "rule", "pairing_note", "rotary_dim", "inv_freq", "wavelength",
                "attention_factor", "kernel_delta", "kernel_sum_cos", "kernel_dot_ones", "warnings"});
    expectKeys(computeJson({"compute", "phase", "--head-dim", "64", "--rope-theta", "10000", "--context", "4096"}),
               {"inv_freq", "wavelength", "turns_in_context", "turns_in_training", "full_turn_in_training", "aliased",
                "apparent_frequency", "context", "training_context", "position_stride", "rule", "first_unseen_position",
                "full_turn_in_pretraining"});
    expectKeys(computeJson({"compute", "xpos", "--head-dim", "16", "--deltas", "0,1"}),
               {"zeta", "inv_freq", "kernel_delta", "kernel_dot_ones"});
    expectKeys(computeJson({"compute", "sinusoidal", "--d-model", "8", "--positions", "0,1"}), {"pe", "frequencies"});
    expectKeys(computeJson({"compute", "alibi-slopes", "--heads", "8"}), {"slopes"});
    expectKeys(computeJson({"compute", "alibi-bias", "--heads", "2", "--seq-len", "3"}),
               {"slopes", "bias", "causal_mask"});
    expectKeys(computeJson({"compute", "t5-buckets", "--num-buckets", "32", "--max-distance", "128", "--bidirectional",
                            "--relative-positions", "0"}),
               {"buckets"});
    expectKeys(computeJson({"compute", "nope", "--seq-len", "3"}), {"causal_mask"});
    // Type-specific keys appear only for their type.
    const json plain = computeJson({"compute", "rope", "--head-dim", "64", "--rope-theta", "10000"});
    for (const char* k :
         {"kernel_delta", "effective_base", "correction_low", "band", "inv_freq_short", "longrope_active"})
        EXPECT_FALSE(plain.contains(k)) << k;
    for (const auto& q : cli::allQuantities()) {
        const CliRun r = runArgs({"compute", q.name, "--help"});
        EXPECT_EQ(r.code, 0);
    }
}

// -----------------------------------------------------------------------------
// [SECTION] rope: scaling types against closed forms
// -----------------------------------------------------------------------------

TEST(CliRope, DefaultMatchesClosedFormExactly) {
    const json j =
        computeJson({"compute", "rope", "--head-dim", "128", "--rope-theta", "10000", "--deltas", "0,-7,3.5"});
    EXPECT_EQ(j["rotary_dim"], 128);
    EXPECT_EQ(j["rope_type"], "default");
    const std::vector<double> theta = doubles(j["inv_freq"]);
    ASSERT_EQ(theta.size(), 64u);
    const Eigen::VectorXd expected = core::defaultInvFreq(128, 10000.0);
    for (size_t i = 0; i < theta.size(); ++i) {
        EXPECT_EQ(theta[i], expected[static_cast<Eigen::Index>(i)]) << i;  // exact: round-trip printing
        EXPECT_EQ(doubles(j["wavelength"])[i], 2.0 * M_PI / expected[static_cast<Eigen::Index>(i)]);
    }
    const std::vector<double> deltas = doubles(j["kernel_delta"]);
    EXPECT_EQ(deltas, (std::vector<double>{0.0, -7.0, 3.5}));
    for (size_t k = 0; k < deltas.size(); ++k) {
        double s = 0;
        for (double t : theta) s += std::cos(deltas[k] * t);
        EXPECT_NEAR(doubles(j["kernel_sum_cos"])[k], s, 1e-12);
        EXPECT_NEAR(doubles(j["kernel_dot_ones"])[k], 2.0 * s, 1e-12);  // attention factor 1
    }
    EXPECT_EQ(doubles(j["kernel_sum_cos"])[0], 64.0);
}

TEST(CliRope, PartialRotaryUsesRotaryDim) {
    const json j = computeJson(
        {"compute", "rope", "--head-dim", "96", "--partial-rotary-factor", "0.25", "--rope-theta", "10000"});
    EXPECT_EQ(j["rotary_dim"], 24);
    const auto theta = doubles(j["inv_freq"]);
    ASSERT_EQ(theta.size(), 12u);
    EXPECT_NEAR(theta[1], std::pow(10000.0, -2.0 / 24.0), 1e-16);
}

TEST(CliRope, LinearAndNtkAndDynamic) {
    const json lin = computeJson(
        {"compute", "rope", "--head-dim", "128", "--rope-theta", "10000", "--rope-type", "linear", "--factor", "4"});
    EXPECT_EQ(doubles(lin["inv_freq"])[0], 0.25);
    EXPECT_EQ(lin["factor"], 4.0);

    const json ntk = computeJson(
        {"compute", "rope", "--head-dim", "128", "--rope-theta", "10000", "--rope-type", "ntk", "--factor", "4"});
    const double ntkBase = 10000.0 * std::pow(4.0, 128.0 / 126.0);
    EXPECT_NEAR(ntk["effective_base"].get<double>(), ntkBase, 1e-9 * ntkBase);
    EXPECT_NEAR(doubles(ntk["inv_freq"])[1], std::pow(ntkBase, -2.0 / 128.0), 1e-15);

    const json dyn =
        computeJson({"compute", "rope", "--head-dim", "128", "--rope-theta", "10000", "--rope-type", "dynamic",
                     "--factor", "2", "--max-position-embeddings", "4096", "--seq-len", "8192"});
    const double dynBase = 10000.0 * std::pow(2.0 * 8192.0 / 4096.0 - 1.0, 128.0 / 126.0);
    EXPECT_NEAR(dyn["effective_base"].get<double>(), dynBase, 1e-9 * dynBase);
    // At or below M nothing changes.
    const json dynShort = computeJson({"compute", "rope", "--head-dim", "128", "--rope-theta", "10000", "--rope-type",
                                       "dynamic", "--factor", "2", "--max-position-embeddings", "4096"});
    EXPECT_NEAR(dynShort["effective_base"].get<double>(), 10000.0, 1e-9);
}

TEST(CliRope, YarnFactorFromMaxOverOriginalAndCorrectionRange) {
    const json j = computeJson({"compute", "rope", "--head-dim", "128", "--rope-theta", "10000", "--rope-type", "yarn",
                                "--max-position-embeddings", "32768", "--original-max-position-embeddings", "4096"});
    EXPECT_EQ(j["factor"], 8.0);
    EXPECT_NE(j["factor_rule"].get<std::string>().find("max_position_embeddings/original"), std::string::npos);
    EXPECT_NEAR(j["attention_factor"].get<double>(), 0.1 * std::log(8.0) + 1.0, 1e-15);
    auto dim = [](double rot) { return 128.0 * std::log(4096.0 / (rot * 2.0 * M_PI)) / (2.0 * std::log(10000.0)); };
    EXPECT_EQ(j["correction_low"].get<double>(), std::max(std::floor(dim(32.0)), 0.0));
    EXPECT_EQ(j["correction_high"].get<double>(), std::min(std::ceil(dim(1.0)), 127.0));
    const auto w = doubles(j["extrapolation_weight"]);
    ASSERT_EQ(w.size(), 64u);
    EXPECT_EQ(w.front(), 1.0);
    EXPECT_EQ(w.back(), 0.0);
    const auto theta = doubles(j["inv_freq"]);
    EXPECT_NEAR(theta.back(), std::pow(10000.0, -126.0 / 128.0) / 8.0, 1e-18);
    EXPECT_TRUE(j["warnings"].empty());

    // An explicit factor wins; an inconsistent ratio is reported as a warning.
    const json k =
        computeJson({"compute", "rope", "--head-dim", "128", "--rope-theta", "10000", "--rope-type", "yarn", "--factor",
                     "4", "--max-position-embeddings", "32768", "--original-max-position-embeddings", "4096"});
    EXPECT_EQ(k["factor"], 4.0);
    ASSERT_EQ(k["warnings"].size(), 1u);
    EXPECT_NE(k["warnings"][0].get<std::string>().find("--factor"), std::string::npos);
    // Betas default to 32 and 1: giving them explicitly changes nothing.
    const json betas =
        computeJson({"compute", "rope", "--head-dim", "128", "--rope-theta", "10000", "--rope-type", "yarn", "--factor",
                     "8", "--original-max-position-embeddings", "4096", "--beta-fast", "32", "--beta-slow", "1"});
    EXPECT_EQ(betas["inv_freq"], j["inv_freq"]);
}

TEST(CliRope, YarnTruncateAndMscale) {
    const std::vector<std::string> base = {"compute",
                                           "rope",
                                           "--head-dim",
                                           "128",
                                           "--rope-theta",
                                           "10000",
                                           "--rope-type",
                                           "yarn",
                                           "--factor",
                                           "40",
                                           "--original-max-position-embeddings",
                                           "4096"};
    auto with = [&](std::vector<std::string> extra) {
        std::vector<std::string> a = base;
        a.insert(a.end(), extra.begin(), extra.end());
        return computeJson(a);
    };
    auto dim = [](double rot) { return 128.0 * std::log(4096.0 / (rot * 2.0 * M_PI)) / (2.0 * std::log(10000.0)); };
    const json raw = with({"--truncate", "false"});
    EXPECT_NEAR(raw["correction_low"].get<double>(), dim(32.0), 1e-12);
    EXPECT_NEAR(raw["correction_high"].get<double>(), dim(1.0), 1e-12);
    const json ds = with({"--mscale", "0.707", "--mscale-all-dim", "0.707"});
    EXPECT_EQ(ds["attention_factor"], 1.0);
    const json ds2 = with({"--mscale", "1", "--mscale-all-dim", "0.5"});
    EXPECT_NEAR(ds2["attention_factor"].get<double>(), (0.1 * std::log(40.0) + 1) / (0.05 * std::log(40.0) + 1), 1e-15);
}

TEST(CliRope, Llama3Bands) {
    const json j = computeJson({"compute", "rope", "--head-dim", "128", "--rope-theta", "500000", "--rope-type",
                                "llama3", "--factor", "8", "--original-max-position-embeddings", "8192"});
    const auto band = j["band"].get<std::vector<int>>();
    ASSERT_EQ(band.size(), 64u);
    EXPECT_EQ(std::count(band.begin(), band.end(), 0), 29);
    EXPECT_EQ(std::count(band.begin(), band.end(), 1), 6);
    EXPECT_EQ(std::count(band.begin(), band.end(), 2), 29);
    const auto theta = doubles(j["inv_freq"]);
    EXPECT_EQ(theta[0], 1.0);
    EXPECT_NEAR(theta[63], std::pow(500000.0, -126.0 / 128.0) / 8.0, 1e-20);
}

TEST(CliRope, LongRopeListChoiceAndDefaultFactor) {
    const std::vector<std::string> base = {"compute",
                                           "rope",
                                           "--head-dim",
                                           "8",
                                           "--rope-theta",
                                           "10000",
                                           "--rope-type",
                                           "longrope",
                                           "--short-factor",
                                           "1,2,3,4",
                                           "--long-factor",
                                           "5,6,7,8",
                                           "--original-max-position-embeddings",
                                           "4096"};
    auto with = [&](std::vector<std::string> extra) {
        std::vector<std::string> a = base;
        a.insert(a.end(), extra.begin(), extra.end());
        return computeJson(a);
    };
    // factor defaults to max/original = 4; factor > 1 → long (no seq-len given).
    const json j = with({"--max-position-embeddings", "16384"});
    EXPECT_EQ(j["factor"], 4.0);
    EXPECT_EQ(j["longrope_active"], "long");
    EXPECT_EQ(j["inv_freq"], j["inv_freq_long"]);
    EXPECT_NEAR(j["attention_factor"].get<double>(), std::sqrt(1.0 + std::log(4.0) / std::log(4096.0)), 1e-15);
    EXPECT_EQ(doubles(j["inv_freq_short"])[1], 0.1 / 2.0);  // theta_1 = 10000^(-2/8) = 0.1
    // With --seq-len the newer rule applies: short while seq_len <= original.
    EXPECT_EQ(with({"--factor", "4", "--seq-len", "4096"})["longrope_active"], "short");
    EXPECT_EQ(with({"--factor", "4", "--seq-len", "4097"})["longrope_active"], "long");
    EXPECT_EQ(with({"--factor", "4", "--longrope-rule", "seq-len"})["longrope_active"], "short");
}

TEST(CliRope, AttentionFactorOverrideScalesDotOnes) {
    const json j = computeJson(
        {"compute", "rope", "--head-dim", "8", "--rope-theta", "10000", "--attention-factor", "1.5", "--deltas", "0"});
    EXPECT_EQ(j["attention_factor"], 1.5);
    EXPECT_EQ(doubles(j["kernel_sum_cos"])[0], 4.0);
    EXPECT_EQ(doubles(j["kernel_dot_ones"])[0], 2.0 * 1.5 * 1.5 * 4.0);
}

TEST(CliRope, IgnoredFlagsAreWarnedAbout) {
    const json j = computeJson({"compute", "rope", "--head-dim", "8", "--rope-theta", "10000", "--beta-fast", "16"});
    ASSERT_EQ(j["warnings"].size(), 1u);
    EXPECT_NE(j["warnings"][0].get<std::string>().find("--beta-fast"), std::string::npos);
}

// -----------------------------------------------------------------------------
// [SECTION] phase
// -----------------------------------------------------------------------------

TEST(CliPhase, PairZeroAliasesUnderStrideFour) {
    const json j = computeJson({"compute", "phase", "--head-dim", "128", "--rope-theta", "10000", "--context", "4096",
                                "--position-stride", "4"});
    EXPECT_EQ(doubles(j["inv_freq"])[0], 1.0);
    EXPECT_EQ(doubles(j["wavelength"])[0], 2.0 * M_PI);
    EXPECT_TRUE(j["aliased"][0].get<bool>());
    EXPECT_NEAR(doubles(j["apparent_frequency"])[0], 2.0 * M_PI - 4.0, 1e-12);
    EXPECT_EQ(j["training_context"], 4096);  // defaults to the context
    EXPECT_EQ(doubles(j["turns_in_context"])[0], 4096.0 / (2.0 * M_PI));
    const auto theta = doubles(j["inv_freq"]);
    for (size_t i = 0; i < theta.size(); ++i) {
        EXPECT_EQ(j["aliased"][i].get<bool>(), theta[i] * 4.0 > M_PI) << i;
        EXPECT_EQ(j["full_turn_in_training"][i].get<bool>(), 4096.0 * theta[i] >= 2.0 * M_PI) << i;
    }
}

TEST(CliPhase, TrainingContextAndStrideOne) {
    const json j = computeJson({"compute", "phase", "--head-dim", "128", "--rope-theta", "10000", "--context=131072",
                                "--training-context=4096"});
    EXPECT_EQ(j["position_stride"], 1.0);
    const auto theta = doubles(j["inv_freq"]);
    for (size_t i = 0; i < theta.size(); ++i) {
        EXPECT_FALSE(j["aliased"][i].get<bool>());                          // theta <= 1 < pi
        EXPECT_NEAR(doubles(j["apparent_frequency"])[i], theta[i], 1e-15);  // (x + pi) - pi rounds
        EXPECT_NEAR(doubles(j["turns_in_training"])[i], 4096.0 * theta[i] / (2.0 * M_PI), 1e-12);
    }
    EXPECT_FALSE(j["full_turn_in_training"][63].get<bool>());
    EXPECT_TRUE(j["full_turn_in_training"][0].get<bool>());
}

TEST(CliPhase, ScalingAppliesBeforePhases) {
    const json j = computeJson({"compute", "phase", "--head-dim", "128", "--rope-theta", "10000", "--rope-type",
                                "linear", "--factor", "4", "--context", "100"});
    EXPECT_EQ(doubles(j["inv_freq"])[0], 0.25);
    EXPECT_EQ(doubles(j["wavelength"])[0], 8.0 * M_PI);
    EXPECT_EQ(j["rope_type"], "linear");
}

// -----------------------------------------------------------------------------
// [SECTION] xpos, sinusoidal, alibi, t5, nope
// -----------------------------------------------------------------------------

TEST(CliXpos, ZetaAndKernel) {
    const json j = computeJson({"compute", "xpos", "--head-dim", "16", "--deltas", "-3,0,5"});
    const auto zeta = doubles(j["zeta"]), theta = doubles(j["inv_freq"]);
    ASSERT_EQ(zeta.size(), 8u);
    for (int i = 0; i < 8; ++i) {
        EXPECT_NEAR(zeta[i], (2.0 * i + 0.4 * 16) / (1.4 * 16), 1e-15);
        EXPECT_NEAR(theta[i], std::pow(10000.0, -2.0 * i / 16.0), 1e-15);
    }
    const auto deltas = doubles(j["kernel_delta"]);
    for (size_t k = 0; k < deltas.size(); ++k) {
        double s = 0;
        for (size_t i = 0; i < 8; ++i) s += 2.0 * std::pow(zeta[i], deltas[k] / 512.0) * std::cos(deltas[k] * theta[i]);
        EXPECT_NEAR(doubles(j["kernel_dot_ones"])[k], s, 1e-12);
    }
    EXPECT_EQ(doubles(j["kernel_dot_ones"])[1], 16.0);
}

TEST(CliSinusoidal, ConcatenatedLayout) {
    const json j = computeJson({"compute", "sinusoidal", "--d-model", "8", "--positions", "3,-1.5", "--layout",
                                "concatenated", "--base", "100"});
    const auto omega = doubles(j["frequencies"]);
    ASSERT_EQ(omega.size(), 4u);
    for (int r = 0; r < 2; ++r) {
        const double p = r == 0 ? 3.0 : -1.5;
        for (int k = 0; k < 4; ++k) {
            EXPECT_NEAR(j["pe"][r][k].get<double>(), std::sin(p * omega[k]), 1e-15);
            EXPECT_NEAR(j["pe"][r][4 + k].get<double>(), std::cos(p * omega[k]), 1e-15);
        }
    }
}

TEST(CliAlibi, BiasAllEntriesAndCausalMask) {
    const json j = computeJson({"compute", "alibi-bias", "--heads", "4", "--seq-len", "5"});
    EXPECT_EQ(j["form"], "linear");
    const auto slopes = doubles(j["slopes"]);
    ASSERT_EQ(slopes.size(), 4u);
    for (int h = 0; h < 4; ++h) {
        EXPECT_EQ(slopes[h], std::exp2(-2.0 * (h + 1)));
        for (int i = 0; i < 5; ++i)
            for (int jj = 0; jj < 5; ++jj) EXPECT_EQ(j["bias"][h][i][jj].get<double>(), -slopes[h] * (i - jj));
    }
    for (int i = 0; i < 5; ++i)
        for (int jj = 0; jj < 5; ++jj) {
            EXPECT_TRUE(j["causal_mask"][i][jj].is_number_integer());
            EXPECT_EQ(j["causal_mask"][i][jj].get<int>(), jj <= i ? 1 : 0);
        }
    const json sym = computeJson({"compute", "alibi-bias", "--heads", "1", "--seq-len", "3", "--form", "symmetric"});
    EXPECT_EQ(sym["bias"][0][0][2].get<double>(), -2.0 / 256.0);
}

TEST(CliT5, UnidirectionalMapsFutureToZero) {
    const json j = computeJson({"compute", "t5-buckets", "--num-buckets", "32", "--max-distance", "128",
                                "--unidirectional", "--relative-positions=-3,-2,5,0,-1000"});
    EXPECT_EQ(j["buckets"].get<std::vector<int>>(), (std::vector<int>{3, 2, 0, 0, 31}));
    EXPECT_TRUE(j["buckets"][0].is_number_integer());
    EXPECT_FALSE(j["bidirectional"].get<bool>());
}

TEST(CliNope, CausalMask) {
    const json j = computeJson({"compute", "nope", "--seq-len", "3"});
    EXPECT_EQ(j["causal_mask"], phaselens::json_text::parse("[[1,0,0],[1,1,0],[1,1,1]]"));
    // The output cap is N^2 <= 2^24: 4096 is the largest length (not run here: ~1 s and 300 MB).
    EXPECT_TRUE(badInput({"compute", "nope", "--seq-len", "4097"}, {"--seq-len", "4097", "16777216"}));
}

// -----------------------------------------------------------------------------
// [SECTION] Number formatting (round trip, integers)
// -----------------------------------------------------------------------------

TEST(CliFormat, DoublesRoundTripAndIntegersStayIntegers) {
    const CliRun r =
        runArgs({"compute", "rope", "--head-dim", "128", "--rope-theta", "500000", "--rope-type", "yarn", "--factor",
                 "3.3", "--original-max-position-embeddings", "8191", "--deltas", "0.1,12345.678"});
    ASSERT_EQ(r.code, 0) << r.err;
    // Every number token in the text parses with strtod to the double the core computes.
    const json j = phaselens::json_text::parse(r.out);
    core::RopeParams p;
    p.headDim = 128;
    p.base = 500000;
    p.type = core::RopeType::Yarn;
    p.factor = 3.3;
    p.originalMaxPositionEmbeddings = 8191;
    const core::RopeFrequencies f = core::computeRopeFrequencies(p);
    const std::string text = r.out.substr(r.out.find("\"inv_freq\":[") + 12);
    const std::string list = text.substr(0, text.find(']'));
    std::stringstream ss(list);
    std::string token;
    Eigen::Index i = 0;
    while (std::getline(ss, token, ',')) {
        ASSERT_LT(i, f.invFreq.size());
        EXPECT_EQ(std::strtod(token.c_str(), nullptr), f.invFreq[i]) << token;
        EXPECT_LE(token.size(), 24u);  // at most 17 significant digits plus sign, point and exponent
        ++i;
    }
    EXPECT_EQ(i, f.invFreq.size());
    EXPECT_EQ(j["attention_factor"].get<double>(), f.attentionFactor);
    // Integers are integers; integral doubles keep a decimal point.
    EXPECT_TRUE(j["rotary_dim"].is_number_integer());
    EXPECT_NE(r.out.find("\"rotary_dim\":128,"), std::string::npos);
    EXPECT_NE(r.out.find("\"rope_theta\":500000.0,"), std::string::npos);
    EXPECT_NE(r.out.find("\"inv_freq\":[1.0,"), std::string::npos);
    const json d = computeJson({"compute", "rope", "--head-dim", "8", "--rope-theta", "10000"});
    EXPECT_TRUE(d["attention_factor"].is_number_float());
    EXPECT_EQ(d["attention_factor"].get<double>(), 1.0);
}

TEST(CliFormat, TrickyDoublesSurviveTheRoundTrip) {
    // Values needing all 17 digits, subnormals and extremes go through the same writer as every output.
    const std::vector<double> values = {0.1,
                                        1.0 / 3.0,
                                        2.0 / 3.0,
                                        5e-324,
                                        2.2250738585072014e-308,
                                        1.7976931348623157e308,
                                        -0.0,
                                        123456789012345680.0,
                                        0.30000000000000004,
                                        9007199254740993.0};
    cli::Json j;
    cli::putArray(j, "v", values);
    const json back = phaselens::json_text::parse(cli::dumpJson(j));
    for (size_t i = 0; i < values.size(); ++i) EXPECT_EQ(back["v"][i].get<double>(), values[i]) << i;
    cli::Json k;
    EXPECT_THROW(cli::putNumber(k, "x", std::nan("")), cli::NonFiniteOutput);
    EXPECT_THROW(cli::putArray(k, "v", std::vector<double>{1.0, INFINITY}), cli::NonFiniteOutput);
}

}  // namespace
}  // namespace phaselens::test
