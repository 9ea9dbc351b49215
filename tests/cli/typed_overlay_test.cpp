// parseFlags with an overlay of typed values (what --config/--preset give a command, compute_config.h): the getters
// return the values themselves, range checks give the messages parsing their text would give, typed flags and
// overlay values cannot name the same flag, and required flags may come from the overlay.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "cli/arg_parser.h"

namespace phaselens::cli {
namespace {

std::vector<FlagSpec> specs() {
    return {
        integerFlag("--count", "N", "a count", 1, 100).required(),
        numberFlag("--scale", "X", "a scale", 0.0, 1.0e6).withDefault("2.5"),
        numberListFlag("--deltas", "LIST", "offsets", 0.0, 10.0),
        choiceFlag("--mode", "M", "mode", {"fast", "slow"}).withDefault("fast"),
    };
}

std::string errorOf(const std::vector<std::string>& tokens, const std::vector<TypedFlagValue>& overlay) {
    try {
        parseFlags(specs(), tokens, "test", overlay);
    } catch (const CliError& e) {
        return e.what();
    }
    return "(no error)";
}

std::string parseErrorOf(const std::vector<std::string>& tokens) {
    return errorOf(tokens, {});
}

TEST(TypedOverlay, GettersReturnTheValuesThemselves) {
    // 0.1 + 0.2 is not the double nearest 0.3: a text form would have to be the shortest round trip to survive.
    const double odd = 0.1 + 0.2;
    const ParsedArgs a = parseFlags(specs(), {"--mode", "slow"}, "test",
                                    {{"--count", int64_t{7}, "7"},
                                     {"--scale", odd, "0.30000000000000004"},
                                     {"--deltas", std::vector<double>{odd, 1.0}, "0.30000000000000004,1"}});
    EXPECT_EQ(a.integer("--count"), 7);
    EXPECT_EQ(a.number("--scale"), odd);
    EXPECT_EQ(a.numberList("--deltas"), (std::vector<double>{odd, 1.0}));
    EXPECT_EQ(a.choice("--mode"), "slow");
    EXPECT_TRUE(a.has("--count"));
    EXPECT_EQ(a.raw("--scale"), "0.30000000000000004");
    EXPECT_EQ(a.typedSummary(), "--mode=slow --count=7 --scale=0.30000000000000004 --deltas=0.30000000000000004,1");
    // A Number flag takes an integer value as its double.
    const ParsedArgs b = parseFlags(specs(), {}, "test", {{"--count", int64_t{1}, "1"}, {"--scale", int64_t{4}, "4"}});
    EXPECT_EQ(b.number("--scale"), 4.0);
}

TEST(TypedOverlay, RangeMessagesMatchTheParser) {
    EXPECT_EQ(errorOf({}, {{"--count", int64_t{101}, "101"}}), parseErrorOf({"--count", "101"}));
    EXPECT_EQ(errorOf({}, {{"--count", int64_t{0}, "0"}}), parseErrorOf({"--count", "0"}));
    EXPECT_EQ(errorOf({"--count", "1"}, {{"--scale", -1.0, "-1"}}), parseErrorOf({"--count", "1", "--scale", "-1"}));
    EXPECT_EQ(errorOf({"--count", "1"}, {{"--scale", 2e6, "2e+06"}}),
              parseErrorOf({"--count", "1", "--scale", "2e+06"}));
    EXPECT_EQ(errorOf({"--count", "1"}, {{"--scale", std::nan(""), "nan"}}),
              parseErrorOf({"--count", "1", "--scale", "nan"}));
    EXPECT_EQ(errorOf({"--count", "1"}, {{"--deltas", std::vector<double>{1.0, 11.0}, "1,11"}}),
              parseErrorOf({"--count", "1", "--deltas", "1,11"}));
    EXPECT_EQ(errorOf({"--count", "1"}, {{"--mode", std::string("medium"), "medium"}}),
              parseErrorOf({"--count", "1", "--mode", "medium"}));
    EXPECT_NE(errorOf({}, {{"--count", int64_t{101}, "101"}}).find("--count: must be <= 100, got '101'"),
              std::string::npos);
}

TEST(TypedOverlay, RequiredFromOverlayAndNoFlagTwice) {
    EXPECT_EQ(errorOf({}, {{"--count", int64_t{5}, "5"}}), "(no error)");
    EXPECT_NE(parseErrorOf({}).find("--count: required flag is missing"), std::string::npos);
    EXPECT_EQ(errorOf({"--count", "3"}, {{"--count", int64_t{5}, "5"}}), "--count: given twice ('3' and '5')");
    EXPECT_NE(errorOf({"--count", "3"}, {{"--bogus", int64_t{5}, "5"}}).find("unknown flag '--bogus'"),
              std::string::npos);
}

}  // namespace
}  // namespace phaselens::cli
