#include "plot/ticks.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace phaselens::plot {
namespace {

std::vector<double> majorValues(const std::vector<Tick>& ticks) {
    std::vector<double> v;
    for (const Tick& t : ticks)
        if (t.major) v.push_back(t.value);
    return v;
}

std::vector<std::string> majorLabels(const std::vector<Tick>& ticks) {
    std::vector<std::string> v;
    for (const Tick& t : ticks)
        if (t.major) v.push_back(t.label);
    return v;
}

std::size_t minorCount(const std::vector<Tick>& ticks) {
    std::size_t n = 0;
    for (const Tick& t : ticks) n += t.major ? 0 : 1;
    return n;
}

TEST(NiceStep, RoundsUpToOneTwoFive) {
    EXPECT_DOUBLE_EQ(niceStep(1.0), 1.0);
    EXPECT_DOUBLE_EQ(niceStep(1.1), 2.0);
    EXPECT_DOUBLE_EQ(niceStep(2.0), 2.0);
    EXPECT_DOUBLE_EQ(niceStep(2.1), 5.0);
    EXPECT_DOUBLE_EQ(niceStep(7.0), 10.0);
    EXPECT_DOUBLE_EQ(niceStep(0.3), 0.5);
    EXPECT_DOUBLE_EQ(niceStep(0.2), 0.2);
    EXPECT_DOUBLE_EQ(niceStep(150.0), 200.0);
    EXPECT_DOUBLE_EQ(niceStep(0.0007), 0.001);
    EXPECT_DOUBLE_EQ(niceStep(3e-12), 5e-12);
    EXPECT_DOUBLE_EQ(niceStep(0.0), 1.0);
    EXPECT_DOUBLE_EQ(niceStep(std::numeric_limits<double>::quiet_NaN()), 1.0);
}

TEST(LinearTicks, ContextLengthAxis) {
    // 4096 positions on 600 px at ~90 px per label: 6.7 intervals -> raw 614 -> step 1000.
    const auto ticks = linearTicks(0, 4096, 600, 90);
    EXPECT_EQ(majorValues(ticks), (std::vector<double>{0, 1000, 2000, 3000, 4000}));
    EXPECT_EQ(majorLabels(ticks), (std::vector<std::string>{"0", "1000", "2000", "3000", "4000"}));
    EXPECT_EQ(minorCount(ticks), 0u);
}

TEST(LinearTicks, DecimalsAreExact) {
    const auto ticks = linearTicks(0, 1, 500, 50);  // step 0.1
    ASSERT_EQ(ticks.size(), 11u);
    EXPECT_EQ(ticks[3].label, "0.3");  // not 0.30000000000000004
    EXPECT_EQ(ticks[7].label, "0.7");
    EXPECT_EQ(ticks[10].label, "1");
    EXPECT_EQ(ticks[3].value, 0.3);
}

TEST(LinearTicks, SymmetricRangeHasPlainZero) {
    const auto ticks = linearTicks(-1, 1, 400, 100);  // step 0.5
    EXPECT_EQ(majorLabels(ticks), (std::vector<std::string>{"-1", "-0.5", "0", "0.5", "1"}));
    EXPECT_FALSE(std::signbit(ticks[2].value));
}

TEST(LinearTicks, LargeIntegersUseSuffixesSmallUseSuperscripts) {
    EXPECT_EQ(majorLabels(linearTicks(0, 1048576, 600, 90)),
              (std::vector<std::string>{"0", "200k", "400k", "600k", "800k", "1M"}));
    EXPECT_EQ(majorLabels(linearTicks(0, 0.0005, 500, 100)),
              (std::vector<std::string>{"0", "1×10⁻⁴", "2×10⁻⁴", "3×10⁻⁴", "4×10⁻⁴", "5×10⁻⁴"}));
    EXPECT_EQ(majorLabels(linearTicks(0, 20000, 400, 90)), (std::vector<std::string>{"0", "5k", "10k", "15k", "20k"}));
    EXPECT_EQ(formatAxisLabels({-2e6, 1.5e6}, false), (std::vector<std::string>{"−2M", "1.5M"}));
    EXPECT_EQ(formatAxisLabels({2.5e-5, 3.5e-4}, false), (std::vector<std::string>{"2.5×10⁻⁵", "3.5×10⁻⁴"}));
}

// A short axis (fewer pixels than one label spacing) still shows two labelled ticks: the step that rounds up past
// the range steps down (the strided ladder's 148 px axis over 0..32768 showed "0" alone).
TEST(LinearTicks, ShortAxisStillHasTwoLabels) {
    EXPECT_EQ(majorLabels(linearTicks(0, 32768, 148, 130)), (std::vector<std::string>{"0", "20k"}));
    EXPECT_EQ(majorLabels(linearTicks(1, 3, 40, 90)), (std::vector<std::string>{"1", "2", "3"}));
    for (double lo : {0.0, 0.3, 7.0, -13.0})
        for (double range : {0.7, 1.0, 3.3, 9.99, 32768.0, 1e6 + 1})
            for (double px : {10.0, 60.0, 89.0}) {
                EXPECT_GE(majorValues(linearTicks(lo, lo + range, px, 90)).size(), 2u)
                    << lo << " + " << range << " on " << px << " px";
            }
}

TEST(LinearTicks, UnusableRangesGiveNothing) {
    EXPECT_TRUE(linearTicks(1, 1, 500, 50).empty());
    EXPECT_TRUE(linearTicks(2, 1, 500, 50).empty());
    EXPECT_TRUE(linearTicks(0, std::numeric_limits<double>::infinity(), 500, 50).empty());
    EXPECT_TRUE(linearTicks(std::numeric_limits<double>::quiet_NaN(), 1, 500, 50).empty());
}

TEST(LinearTicks, OffsetRangeStaysInside) {
    const auto ticks = linearTicks(1000003.5, 1000004.5, 300, 100);  // tiny window far from zero
    ASSERT_GE(majorValues(ticks).size(), 2u);
    for (const Tick& t : ticks) {
        EXPECT_GE(t.value, 1000003.5);
        EXPECT_LE(t.value, 1000004.5);
    }
}

TEST(LogTicks, DecadesWithMinorTicksWhenRoomy) {
    // 6 decades on 600 px: 100 px per decade -> every decade labelled, 2..9 as minor ticks.
    const auto ticks = logTicks(1, 1e6, 600, 90);
    EXPECT_EQ(majorValues(ticks), (std::vector<double>{1, 10, 100, 1000, 1e4, 1e5, 1e6}));
    EXPECT_EQ(majorLabels(ticks), (std::vector<std::string>{"10⁰", "10¹", "10²", "10³", "10⁴", "10⁵", "10⁶"}));
    EXPECT_EQ(minorCount(ticks), 6u * 8u);
    for (const Tick& t : ticks)
        if (!t.major) {
            EXPECT_TRUE(t.label.empty());
        }
}

TEST(LogTicks, FixedLabelsForModerateRanges) {
    const auto ticks = logTicks(1, 1e4, 400, 90);
    EXPECT_EQ(majorLabels(ticks), (std::vector<std::string>{"1", "10", "100", "1000", "10000"}));
}

TEST(LogTicks, CrowdedDecadesAreThinned) {
    // 30 decades on 300 px: 10 px per decade -> every 5th decade labelled, the others minor.
    const auto ticks = logTicks(1, 1e30, 300, 50);
    EXPECT_EQ(majorValues(ticks), (std::vector<double>{1, 1e5, 1e10, 1e15, 1e20, 1e25, 1e30}));
    EXPECT_EQ(minorCount(ticks), 24u);
    EXPECT_EQ(ticks.back().label, "10³⁰");
}

TEST(LogTicks, LabelsTwoAndFiveWithEnoughRoom) {
    const auto ticks = logTicks(1, 100, 600, 90);  // 300 px per decade
    EXPECT_EQ(majorValues(ticks), (std::vector<double>{1, 2, 5, 10, 20, 50, 100}));
    EXPECT_EQ(minorCount(ticks), 12u);  // 3,4,6,7,8,9 and 30..90
}

TEST(LogTicks, LessThanADecadeFallsBackToLinearLabels) {
    const auto ticks = logTicks(2, 8, 500, 90);
    EXPECT_EQ(majorValues(ticks), (std::vector<double>{2, 4, 6, 8}));
    EXPECT_EQ(minorCount(ticks), 3u);  // 3, 5, 7
    for (std::size_t i = 1; i < ticks.size(); ++i) EXPECT_LT(ticks[i - 1].value, ticks[i].value);
}

TEST(LogTicks, SmallValues) {
    const auto ticks = logTicks(1e-6, 1, 600, 90);
    EXPECT_EQ(majorLabels(ticks).front(), "10⁻⁶");
    EXPECT_EQ(majorLabels(ticks).back(), "10⁰");
    EXPECT_EQ(majorValues(ticks)[2], 1e-4);
}

TEST(LogTicks, RejectsNonPositive) {
    EXPECT_TRUE(logTicks(0, 10, 500, 50).empty());
    EXPECT_TRUE(logTicks(-1, 10, 500, 50).empty());
    EXPECT_TRUE(logTicks(10, 1, 500, 50).empty());
    EXPECT_FALSE(axisTicks(1, 10, true, 500, 50).empty());
}

TEST(FormatTickLabels, OneNotationPerAxis) {
    EXPECT_EQ(formatTickLabels({0, 0.5, 1}), (std::vector<std::string>{"0", "0.5", "1"}));
    EXPECT_EQ(formatTickLabels({1e-5, 2e-5}), (std::vector<std::string>{"1e-5", "2e-5"}));
    EXPECT_EQ(formatTickLabels({0, 1.2e6}), (std::vector<std::string>{"0", "1.2e6"}));
    EXPECT_EQ(formatTickLabels({-3e7, 0}), (std::vector<std::string>{"-3e7", "0"}));
    EXPECT_EQ(formatTickLabels({0.001, 0.002}), (std::vector<std::string>{"0.001", "0.002"}));
    EXPECT_EQ(formatTickLabels({131072, 262144}), (std::vector<std::string>{"131072", "262144"}));
}

TEST(FormatValue, SignificantDigitsAndCompactExponent) {
    EXPECT_EQ(formatValue(0.12345678), "0.1234568");
    EXPECT_EQ(formatValue(1234567.0), "1234567");
    EXPECT_EQ(formatValue(12345678.0), "1.234568e7");
    EXPECT_EQ(formatValue(1.5e-7), "1.5e-7");
    EXPECT_EQ(formatValue(0.0001), "0.0001");
    EXPECT_EQ(formatValue(0.00001), "1e-5");
    EXPECT_EQ(formatValue(-2.5), "-2.5");
    EXPECT_EQ(formatValue(100), "100");
    EXPECT_EQ(formatValue(0), "0");
    EXPECT_EQ(formatValue(1.0 / 3, 3), "0.333");
    EXPECT_EQ(formatValue(9.9999999, 7), "10");
    EXPECT_EQ(formatValue(std::numeric_limits<double>::quiet_NaN()), "nan");
    EXPECT_EQ(formatValue(-std::numeric_limits<double>::infinity()), "-inf");
    EXPECT_EQ(formatValue(std::numeric_limits<double>::infinity()), "inf");
}

}  // namespace
}  // namespace phaselens::plot
