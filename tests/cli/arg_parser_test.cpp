// The flag parser on its own: syntax, conversions, bounds and error messages.
#include "cli/arg_parser.h"

#include <gtest/gtest.h>

namespace phaselens::cli {
namespace {

std::vector<FlagSpec> testSpecs() {
    return {
        integerFlag("--count", "N", "a count", 1, 100).required(),
        numberFlag("--scale", "X", "a scale").withDefault("2.5"),
        numberListFlag("--deltas", "LIST", "offsets"),
        integerListFlag("--ids", "LIST", "ids", -10, 10),
        choiceFlag("--mode", "M", "mode", {"fast", "slow"}).withDefault("fast"),
        switchFlag("--loud", "be loud"),
    };
}

ParsedArgs parse(const std::vector<std::string>& tokens) {
    return parseFlags(testSpecs(), tokens, "test");
}

std::string errorOf(const std::vector<std::string>& tokens) {
    try {
        parse(tokens);
    } catch (const CliError& e) {
        return e.what();
    }
    return "(no error)";
}

TEST(ArgParser, SpaceAndEqualsFormsAgree) {
    const ParsedArgs a = parse({"--count", "7", "--scale", "0.125", "--mode", "slow", "--loud"});
    const ParsedArgs b = parse({"--count=7", "--scale=0.125", "--mode=slow", "--loud"});
    for (const ParsedArgs* p : {&a, &b}) {
        EXPECT_EQ(p->integer("--count"), 7);
        EXPECT_EQ(p->number("--scale"), 0.125);
        EXPECT_EQ(p->choice("--mode"), "slow");
        EXPECT_TRUE(p->has("--loud"));
    }
}

TEST(ArgParser, DefaultsAndAbsentFlags) {
    const ParsedArgs a = parse({"--count", "1"});
    EXPECT_EQ(a.number("--scale"), 2.5);
    EXPECT_FALSE(a.has("--scale"));
    EXPECT_EQ(a.choice("--mode"), "fast");
    EXPECT_FALSE(a.has("--loud"));
    EXPECT_FALSE(a.optionalNumberList("--deltas").has_value());
    EXPECT_THROW(a.numberList("--deltas"), std::logic_error);
    EXPECT_THROW(a.has("--undeclared"), std::logic_error);
}

TEST(ArgParser, NegativeValuesAreValuesNotFlags) {
    const ParsedArgs a = parse({"--count", "3", "--deltas", "-5,3", "--ids=-3,-2,5", "--scale", "-.5"});
    EXPECT_EQ(a.numberList("--deltas"), (std::vector<double>{-5.0, 3.0}));
    EXPECT_EQ(a.integerList("--ids"), (std::vector<int64_t>{-3, -2, 5}));
    EXPECT_EQ(a.number("--scale"), -0.5);
    const ParsedArgs b = parse({"--count", "3", "--deltas", "-7"});
    EXPECT_EQ(b.numberList("--deltas"), (std::vector<double>{-7.0}));
    EXPECT_TRUE(looksLikeFlag("--deltas"));
    EXPECT_TRUE(looksLikeFlag("-h"));
    EXPECT_FALSE(looksLikeFlag("-5"));
    EXPECT_FALSE(looksLikeFlag("-.5"));
    EXPECT_FALSE(looksLikeFlag("-"));
    EXPECT_FALSE(looksLikeFlag("5"));
}

TEST(ArgParser, ListsTrimBlanks) {
    const ParsedArgs a = parse({"--count", "3", "--deltas", " 1, 2.5 ,-3e2"});
    EXPECT_EQ(a.numberList("--deltas"), (std::vector<double>{1.0, 2.5, -300.0}));
}

TEST(ArgParser, NumberSyntax) {
    const double big = 1.0e308;
    EXPECT_EQ(parseNumber("--x", "1e-3", -big, big), 1e-3);
    EXPECT_EQ(parseNumber("--x", "+3", -big, big), 3.0);
    EXPECT_EQ(parseNumber("--x", "5.", -big, big), 5.0);
    EXPECT_EQ(parseNumber("--x", "0.1", -big, big), 0.1);
    for (const char* bad : {"nan", "NaN", "inf", "-inf", "Infinity", "1e999", "-1e999", "0x10", "1.5abc", ".", "1e", "",
                            "1,5", "e5", "--1"})
        EXPECT_THROW(parseNumber("--x", bad, -big, big), CliError) << bad;
    try {
        parseNumber("--x", "nan", -big, big);
    } catch (const CliError& e) {
        EXPECT_STREQ(e.what(), "--x: expected a finite number, got 'nan'");
    }
    try {
        parseNumber("--x", "1e999", -big, big);
    } catch (const CliError& e) {
        EXPECT_STREQ(e.what(), "--x: number is outside the range of a double, got '1e999'");
    }
}

TEST(ArgParser, IntegerSyntaxAndBounds) {
    EXPECT_EQ(parseInteger("--n", "-42", INT64_MIN, INT64_MAX), -42);
    EXPECT_EQ(parseInteger("--n", "+7", 0, 10), 7);
    for (const char* bad : {"12.5", "1e3", "128.0", "abc", "", "nan", "99999999999999999999", "0x10", " 1"})
        EXPECT_THROW(parseInteger("--n", bad, INT64_MIN, INT64_MAX), CliError) << bad;
    try {
        parseInteger("--head-dim", "12.5", 2, 65536);
    } catch (const CliError& e) {
        EXPECT_STREQ(e.what(), "--head-dim: expected an integer, got '12.5'");
    }
    try {
        parseInteger("--context", "4294967296", 1, int64_t{1} << 31);
    } catch (const CliError& e) {
        EXPECT_STREQ(e.what(), "--context: must be <= 2147483648, got '4294967296'");
    }
    try {
        parseInteger("--n", "-99999999999999999999999", -5, 5);
    } catch (const CliError& e) {
        EXPECT_STREQ(e.what(), "--n: must be >= -5, got '-99999999999999999999999'");
    }
    try {
        parseInteger("--context", "99999999999999999999999", 1, int64_t{1} << 31);
    } catch (const CliError& e) {
        EXPECT_STREQ(e.what(), "--context: must be <= 2147483648, got '99999999999999999999999'");
    }
}

TEST(ArgParser, ErrorsNameTheFlagAndValue) {
    EXPECT_EQ(errorOf({"--count", "3", "--bogus", "1"}), "unknown flag '--bogus' (value '1'); see 'test --help'");
    EXPECT_EQ(errorOf({"--count", "3", "--bogus"}), "unknown flag '--bogus'; see 'test --help'");
    EXPECT_EQ(errorOf({"--count", "3", "--bogus=1"}), "unknown flag '--bogus' (value '1'); see 'test --help'");
    EXPECT_EQ(errorOf({"--count", "3", "--count", "4"}), "--count: given twice ('3' and '4')");
    EXPECT_EQ(errorOf({"--count"}), "--count: missing value (expected N)");
    EXPECT_EQ(errorOf({"--count", "--loud"}), "--count: missing value (expected N)");
    EXPECT_EQ(errorOf({"--count="}), "--count: missing value after '='");
    EXPECT_EQ(errorOf({"--loud"}), "--count: required flag is missing; see 'test --help'");
    EXPECT_EQ(errorOf({"--count", "3", "--loud=yes"}), "--loud: takes no value, got 'yes'");
    EXPECT_EQ(errorOf({"--count", "3", "extra"}), "unexpected argument 'extra'; see 'test --help'");
    EXPECT_EQ(errorOf({"--count", "0"}), "--count: must be >= 1, got '0'");
    EXPECT_EQ(errorOf({"--count", "3", "--mode", "medium"}), "--mode: expected one of fast, slow, got 'medium'");
    EXPECT_EQ(errorOf({"--count", "3", "--deltas", "1,,2"}),
              "--deltas: item 2 of the comma-separated list is empty, got '1,,2'");
    EXPECT_EQ(errorOf({"--count", "3", "--deltas", "1,nan"}),
              "--deltas: item 2 'nan': expected a finite number, got '1,nan'");
    EXPECT_EQ(errorOf({"--count", "3", "--ids", "1,2,11"}), "--ids: item 3 '11': must be <= 10, got '1,2,11'");
    EXPECT_EQ(errorOf({"--count", "3", "--ids", "1.5"}), "--ids: item 1 '1.5': expected an integer, got '1.5'");
}

TEST(ArgParser, TypedSummaryKeepsOrder) {
    const ParsedArgs a = parse({"--loud", "--count=3", "--deltas", "-1,2"});
    EXPECT_EQ(a.typedSummary(), "--loud --count=3 --deltas=-1,2");
}

TEST(ArgParser, HelpListsEveryFlagWithKindAndDefault) {
    const std::string help = formatFlagHelp(testSpecs());
    for (const auto& s : testSpecs()) EXPECT_NE(help.find(s.name), std::string::npos) << s.name;
    EXPECT_NE(help.find("--count N"), std::string::npos);
    EXPECT_NE(help.find("integer 1..100; required"), std::string::npos);
    EXPECT_NE(help.find("default 2.5"), std::string::npos);
    EXPECT_NE(help.find("fast|slow"), std::string::npos);
}

TEST(ArgParser, OpenLowerBoundsAndEmptyTextAreRefused) {
    FlagSpec theta = numberFlag("--rope-theta", "B", "base", 1.0);
    theta.minExclusive = true;
    const std::vector<FlagSpec> specs = {theta, textFlag("--state", "FILE", "a state file")};
    EXPECT_EQ(parseFlags(specs, {"--rope-theta", "1.5"}, "t").number("--rope-theta"), 1.5);
    try {
        parseFlags(specs, {"--rope-theta", "1"}, "t");
        ADD_FAILURE() << "1 accepted for > 1";
    } catch (const CliError& e) {
        EXPECT_STREQ(e.what(), "--rope-theta: must be > 1, got '1'");
    }
    for (const std::vector<std::string>& tokens : {std::vector<std::string>{"--state", ""}, {"--state="}})
        EXPECT_THROW(parseFlags(specs, tokens, "t"), CliError);
    const std::string help = formatFlagHelp(specs);
    EXPECT_NE(help.find("number > 1"), std::string::npos) << help;
}

}  // namespace
}  // namespace phaselens::cli
