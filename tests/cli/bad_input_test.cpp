// The bad-input contract, in-process: exit 2, nothing on stdout, one line on stderr naming the flag and
// the value as typed.
#include <gtest/gtest.h>

#include "cli_test_util.h"

namespace phaselens::test {
namespace {

using Args = std::vector<std::string>;

Args rope(const Args& extra) {
    Args a = {"compute", "rope"};
    a.insert(a.end(), extra.begin(), extra.end());
    return a;
}

Args phase(const Args& extra) {
    Args a = {"compute", "phase", "--head-dim", "128", "--rope-theta", "10000"};
    a.insert(a.end(), extra.begin(), extra.end());
    return a;
}

TEST(CliBadInput, ParserLevel) {
    EXPECT_TRUE(badInput(rope({"--rope-theta", "10000"}), {"--head-dim", "required"}));
    EXPECT_TRUE(badInput(rope({"--head-dim", "64"}), {"--rope-theta", "required"}));
    EXPECT_TRUE(badInput(rope({"--head-dimm", "64", "--rope-theta", "10000"}), {"--head-dimm", "64"}));
    EXPECT_TRUE(badInput(rope({"--head-dim=64", "--rope-theta=10000", "--bogus=-3"}), {"--bogus", "-3"}));
    EXPECT_TRUE(badInput(rope({"--head-dim", "12.5", "--rope-theta", "10000"}),
                         {"--head-dim: expected an integer, got '12.5'"}));
    EXPECT_TRUE(badInput(rope({"--head-dim", "1e2", "--rope-theta", "10000"}), {"--head-dim", "1e2"}));
    EXPECT_TRUE(badInput(rope({"--head-dim", "99999999999999999999", "--rope-theta", "10000"}),
                         {"--head-dim", "99999999999999999999"}));
    EXPECT_TRUE(badInput(rope({"--head-dim", "65538", "--rope-theta", "10000"}), {"--head-dim", "65538"}));
    EXPECT_TRUE(badInput(rope({"--head-dim", "64", "--rope-theta", "abc"}), {"--rope-theta", "abc"}));
    EXPECT_TRUE(badInput(rope({"--head-dim", "64", "--rope-theta", "nan"}), {"--rope-theta", "nan"}));
    EXPECT_TRUE(badInput(rope({"--head-dim", "64", "--rope-theta", "NaN"}), {"--rope-theta", "NaN"}));
    EXPECT_TRUE(badInput(rope({"--head-dim", "64", "--rope-theta", "inf"}), {"--rope-theta", "inf"}));
    EXPECT_TRUE(badInput(rope({"--head-dim", "64", "--rope-theta", "1e400"}), {"--rope-theta", "1e400"}));
    EXPECT_TRUE(badInput(rope({"--head-dim", "64", "--rope-theta", "10000", "--deltas", "1,nan,3"}),
                         {"--deltas", "1,nan,3", "nan"}));
    EXPECT_TRUE(badInput(rope({"--head-dim", "64", "--rope-theta", "10000", "--deltas=-inf"}), {"--deltas", "-inf"}));
    EXPECT_TRUE(
        badInput(rope({"--head-dim", "64", "--rope-theta", "10000", "--deltas", "1e300"}), {"--deltas", "1e300"}));
    EXPECT_TRUE(badInput(rope({"--head-dim", "64", "--head-dim", "128", "--rope-theta", "10000"}),
                         {"--head-dim", "64", "128"}));
    EXPECT_TRUE(badInput(rope({"--rope-theta", "10000", "--head-dim"}), {"--head-dim", "missing value"}));
    EXPECT_TRUE(badInput(rope({"--head-dim", "--rope-theta", "10000"}), {"--head-dim", "missing value"}));
    EXPECT_TRUE(badInput(rope({"--head-dim", "64", "--rope-theta", "10000", "stray"}), {"stray"}));
    EXPECT_TRUE(
        badInput(rope({"--head-dim", "64", "--rope-theta", "10000", "--rope-type", "foo"}), {"--rope-type", "foo"}));
    EXPECT_TRUE(
        badInput(rope({"--head-dim", "64", "--rope-theta", "10000", "--deltas", "1,,2"}), {"--deltas", "1,,2"}));
}

TEST(CliBadInput, CoreRejections) {
    EXPECT_TRUE(badInput(rope({"--head-dim", "7", "--rope-theta", "10000"}), {"--head-dim", "7"}));
    EXPECT_TRUE(badInput(rope({"--head-dim", "64", "--rope-theta", "1"}), {"--rope-theta", "1"}));
    EXPECT_TRUE(badInput(rope({"--head-dim", "64", "--rope-theta", "1.0"}), {"--rope-theta", "1.0"}));
    EXPECT_TRUE(badInput(rope({"--head-dim", "64", "--rope-theta", "0.5"}), {"--rope-theta", "0.5"}));
    EXPECT_TRUE(badInput(rope({"--head-dim", "64", "--rope-theta=-3"}), {"--rope-theta", "-3"}));
    EXPECT_TRUE(badInput(rope({"--head-dim", "64", "--rope-theta", "10000", "--partial-rotary-factor", "1.5"}),
                         {"--partial-rotary-factor", "1.5"}));
    EXPECT_TRUE(
        badInput(rope({"--head-dim", "64", "--rope-theta", "10000", "--rope-type", "linear", "--factor", "0.5"}),
                 {"--factor", "0.5"}));
    EXPECT_TRUE(badInput(rope({"--head-dim", "64", "--rope-theta", "10000", "--factor", "0.5"}), {"--factor", "0.5"}));
    EXPECT_TRUE(badInput(rope({"--head-dim", "64", "--rope-theta", "10000", "--rope-type", "ntk", "--factor", "1e300"}),
                         {"--factor", "1e300"}));
    EXPECT_TRUE(badInput(rope({"--head-dim", "64", "--rope-theta", "10000", "--attention-factor", "0"}),
                         {"--attention-factor", "0"}));
    EXPECT_TRUE(badInput(
        rope({"--head-dim", "8", "--rope-theta", "10000", "--rope-type", "longrope", "--factor", "4",
              "--original-max-position-embeddings", "4096", "--short-factor", "1,2,3", "--long-factor", "1,2,3,4"}),
        {"--short-factor", "1,2,3"}));
    EXPECT_TRUE(badInput(
        rope({"--head-dim", "8", "--rope-theta", "10000", "--rope-type", "longrope", "--factor", "4",
              "--original-max-position-embeddings", "4096", "--short-factor", "1,2,3,4", "--long-factor", "1,0,3,4"}),
        {"--long-factor", "1,0,3,4"}));
    EXPECT_TRUE(badInput(rope({"--head-dim", "128", "--rope-theta", "500000", "--rope-type", "llama3", "--factor", "8",
                               "--original-max-position-embeddings", "8192", "--high-freq-factor", "-0.5"}),
                         {"--high-freq-factor", "-0.5"}));
    // high <= low is accepted with a warning, as transformers does (Llama 4 Scout: both 1).
    const nlohmann::json equal =
        computeJson(rope({"--head-dim", "128", "--rope-theta", "500000", "--rope-type", "llama3", "--factor", "16",
                          "--original-max-position-embeddings", "8192", "--high-freq-factor", "1"}));
    ASSERT_EQ(equal["warnings"].size(), 1u);
    EXPECT_NE(equal["warnings"][0].get<std::string>().find("--high-freq-factor"), std::string::npos);
    EXPECT_NE(equal["warnings"][0].get<std::string>().find("--low-freq-factor"), std::string::npos);
    EXPECT_TRUE(badInput(rope({"--head-dim", "128", "--rope-theta", "10000", "--rope-type", "yarn", "--factor", "8",
                               "--original-max-position-embeddings", "4096", "--beta-slow", "0"}),
                         {"--beta-slow", "0"}));
    EXPECT_TRUE(badInput(rope({"--head-dim", "128", "--rope-theta", "10000", "--rope-type", "yarn", "--factor", "8",
                               "--original-max-position-embeddings", "4096", "--beta-fast", "0.5"}),
                         {"--beta-fast", "0.5"}));
    EXPECT_TRUE(badInput(rope({"--head-dim", "2", "--rope-theta", "10000", "--rope-type", "ntk", "--factor", "2"}),
                         {"--head-dim", "2"}));
}

TEST(CliBadInput, RopeTypeRequirements) {
    const Args base = {"--head-dim", "128", "--rope-theta", "10000", "--rope-type"};
    auto with = [&](const Args& extra) {
        Args a = base;
        a.insert(a.end(), extra.begin(), extra.end());
        return rope(a);
    };
    EXPECT_TRUE(badInput(with({"linear"}), {"--factor", "linear"}));
    EXPECT_TRUE(badInput(with({"ntk"}), {"--factor", "ntk"}));
    EXPECT_TRUE(badInput(with({"dynamic", "--factor", "2"}), {"--max-position-embeddings", "dynamic"}));
    EXPECT_TRUE(badInput(with({"yarn", "--factor", "2"}), {"--original-max-position-embeddings", "yarn"}));
    EXPECT_TRUE(badInput(with({"yarn", "--original-max-position-embeddings", "4096"}), {"--factor", "yarn"}));
    EXPECT_TRUE(
        badInput(with({"yarn", "--max-position-embeddings", "2048", "--original-max-position-embeddings", "4096"}),
                 {"--max-position-embeddings", "2048", "4096"}));
    EXPECT_TRUE(badInput(with({"llama3", "--factor", "8"}), {"--original-max-position-embeddings", "llama3"}));
    EXPECT_TRUE(badInput(with({"longrope", "--factor", "8", "--original-max-position-embeddings", "4096"}),
                         {"--short-factor", "longrope"}));
    EXPECT_TRUE(badInput(with({"linear", "--factor", "2", "--seq-len", "0"}), {"--seq-len", "0"}));
    EXPECT_TRUE(badInput(with({"dynamic", "--factor", "2", "--max-position-embeddings", "4294967296"}),
                         {"--max-position-embeddings", "4294967296"}));
}

TEST(CliBadInput, PhaseContexts) {
    EXPECT_TRUE(badInput(phase({}), {"--context", "required"}));
    EXPECT_TRUE(badInput(phase({"--context", "4294967296"}), {"--context", "4294967296"}));
    EXPECT_TRUE(badInput(phase({"--context", "2147483649"}), {"--context", "2147483649"}));
    EXPECT_TRUE(badInput(phase({"--context", "99999999999999999999999"}), {"--context", "99999999999999999999999"}));
    EXPECT_TRUE(badInput(phase({"--context", "0"}), {"--context", "0"}));
    EXPECT_TRUE(badInput(phase({"--context", "1e9"}), {"--context", "1e9"}));
    EXPECT_TRUE(badInput(phase({"--context", "100", "--training-context", "0"}), {"--training-context", "0"}));
    EXPECT_TRUE(badInput(phase({"--context", "100", "--position-stride", "0"}), {"--position-stride", "0"}));
    EXPECT_TRUE(badInput(phase({"--context", "100", "--position-stride", "-2"}), {"--position-stride", "-2"}));
    EXPECT_TRUE(badInput(phase({"--context", "100", "--position-stride", "nan"}), {"--position-stride", "nan"}));
    // The largest allowed context works.
    EXPECT_EQ(runArgs(phase({"--context", "2147483648"})).code, 0);
}

TEST(CliBadInput, OtherQuantities) {
    EXPECT_TRUE(badInput({"compute", "sinusoidal", "--d-model", "7", "--positions", "0"}, {"--d-model", "7"}));
    EXPECT_TRUE(
        badInput({"compute", "sinusoidal", "--d-model", "8", "--positions", "0", "--base", "1"}, {"--base", "1"}));
    EXPECT_TRUE(badInput({"compute", "sinusoidal", "--d-model", "8"}, {"--positions", "required"}));
    EXPECT_TRUE(badInput({"compute", "sinusoidal", "--d-model", "8", "--positions", "0", "--layout", "mixed"},
                         {"--layout", "mixed"}));
    EXPECT_TRUE(badInput({"compute", "alibi-slopes", "--heads", "0"}, {"--heads", "0"}));
    EXPECT_TRUE(badInput({"compute", "alibi-slopes", "--heads", "8.5"}, {"--heads", "8.5"}));
    EXPECT_TRUE(badInput({"compute", "alibi-bias", "--heads", "64", "--seq-len", "1024"}, {"--seq-len", "1024"}));
    EXPECT_TRUE(
        badInput({"compute", "alibi-bias", "--heads", "8", "--seq-len", "2147483648"}, {"--seq-len", "2147483648"}));
    EXPECT_TRUE(
        badInput({"compute", "alibi-bias", "--heads", "8", "--seq-len", "4", "--form", "paper"}, {"--form", "paper"}));
    EXPECT_TRUE(badInput({"compute", "nope", "--seq-len", "5000"}, {"--seq-len", "5000"}));
    EXPECT_TRUE(badInput({"compute", "nope", "--seq-len", "0"}, {"--seq-len", "0"}));
    const Args t5 = {"compute",        "t5-buckets", "--num-buckets",        "32",
                     "--max-distance", "128",        "--relative-positions", "-3,2"};
    auto t5With = [&](const Args& extra) {
        Args a = t5;
        a.insert(a.end(), extra.begin(), extra.end());
        return a;
    };
    EXPECT_TRUE(badInput(t5, {"--bidirectional", "--unidirectional"}));
    EXPECT_TRUE(badInput(t5With({"--bidirectional", "--unidirectional"}), {"--bidirectional", "--unidirectional"}));
    EXPECT_TRUE(badInput(t5With({"--bidirectional=yes"}), {"--bidirectional", "yes"}));
    EXPECT_TRUE(badInput(t5With({"--bidirectional", "--num-buckets", "16"}), {"--num-buckets", "32", "16"}));
    EXPECT_TRUE(badInput({"compute", "t5-buckets", "--num-buckets", "33", "--max-distance", "128", "--bidirectional",
                          "--relative-positions", "1"},
                         {"--num-buckets", "33"}));
    EXPECT_TRUE(badInput({"compute", "t5-buckets", "--num-buckets", "32", "--max-distance", "4", "--bidirectional",
                          "--relative-positions", "1"},
                         {"--max-distance", "4"}));
    EXPECT_TRUE(badInput({"compute", "t5-buckets", "--num-buckets", "32", "--max-distance", "128", "--bidirectional",
                          "--relative-positions", "1,2.5"},
                         {"--relative-positions", "1,2.5"}));
    EXPECT_TRUE(badInput({"compute", "t5-buckets", "--num-buckets", "32", "--max-distance", "2147483648",
                          "--bidirectional", "--relative-positions", "1"},
                         {"--max-distance", "2147483648"}));
    EXPECT_TRUE(badInput({"compute", "xpos", "--head-dim", "15"}, {"--head-dim", "15"}));
    EXPECT_TRUE(badInput({"compute", "xpos", "--head-dim", "16", "--scale-base", "0"}, {"--scale-base", "0"}));
    EXPECT_TRUE(badInput({"compute", "xpos", "--head-dim", "16", "--deltas=-10000000"}, {"--deltas", "-10000000"}));
}

TEST(CliBadInput, NonFiniteResultsAreErrorsNotNull) {
    // theta_last = 1e308^(-65534/65536) is subnormal, so its wavelength overflows to inf.
    EXPECT_TRUE(
        badInput(rope({"--head-dim", "65536", "--rope-theta", "1e308"}), {"--rope-theta", "1e308", "wavelength"}));
}

}  // namespace
}  // namespace phaselens::test
