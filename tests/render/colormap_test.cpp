// Colormap LUTs and the CPU value -> color rule (the mirror of shaders/heatmap.frag).
#include "render/colormap.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace phaselens::render {
namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

TEST(Colormap, LutEndsMatchMatplotlibData) {
    // Values from assets/colormaps/*.csv (matplotlib 3.6.3, rounded to 8 bits).
    EXPECT_EQ(colormapLut(Colormap::Viridis).front(), (Rgba8{68, 1, 84, 255}));
    EXPECT_EQ(colormapLut(Colormap::Viridis).back(), (Rgba8{253, 231, 37, 255}));
    EXPECT_EQ(colormapLut(Colormap::Magma).front(), (Rgba8{0, 0, 4, 255}));
    EXPECT_EQ(colormapLut(Colormap::Magma).back(), (Rgba8{252, 253, 191, 255}));
    EXPECT_EQ(colormapLut(Colormap::Cividis).front(), (Rgba8{0, 34, 78, 255}));
    EXPECT_EQ(colormapLut(Colormap::Diverging).front(), (Rgba8{5, 48, 97, 255}));  // dark blue
    EXPECT_EQ(colormapLut(Colormap::Diverging).back(), (Rgba8{103, 0, 31, 255}));  // dark red
}

TEST(Colormap, EveryEntryIsOpaque) {
    for (Colormap map : kAllColormaps) {
        for (const Rgba8& entry : colormapLut(map)) EXPECT_EQ(entry[3], 255) << colormapName(map);
    }
}

TEST(Colormap, SequentialMapsGetBrighterMonotonically) {
    // Perceptually uniform sequential maps: luma (Rec. 709 weights on 8-bit values) never decreases by
    // more than rounding noise from one entry to the next, and rises a lot overall.
    for (Colormap map : {Colormap::Viridis, Colormap::Magma, Colormap::Cividis}) {
        const ColormapLut& lut = colormapLut(map);
        auto luma = [](const Rgba8& c) { return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]; };
        for (int i = 1; i < kColormapSize; ++i) {
            EXPECT_GE(luma(lut[static_cast<std::size_t>(i)]), luma(lut[static_cast<std::size_t>(i - 1)]) - 1.0)
                << colormapName(map) << " entry " << i;
        }
        EXPECT_GT(luma(lut.back()) - luma(lut.front()), 150.0) << colormapName(map);
    }
}

TEST(Colormap, DivergingIsBlueWhiteRed) {
    const ColormapLut& lut = colormapLut(Colormap::Diverging);
    EXPECT_GT(lut.front()[2], lut.front()[0]);  // low end: more blue than red
    EXPECT_GT(lut.back()[0], lut.back()[2]);    // high end: more red than blue
    for (int channel = 0; channel < 3; ++channel) {
        EXPECT_GE(lut[127][static_cast<std::size_t>(channel)], 240);  // middle: near white
        EXPECT_GE(lut[128][static_cast<std::size_t>(channel)], 240);
    }
}

TEST(Colormap, NamesRoundTrip) {
    EXPECT_EQ(colormapName(Colormap::Viridis), "viridis");
    EXPECT_EQ(colormapName(Colormap::Diverging), "diverging");
    for (Colormap map : kAllColormaps) EXPECT_EQ(colormapFromName(colormapName(map)), map);
}

TEST(Colormap, UnknownNameListsValidNames) {
    try {
        colormapFromName("jet");
        FAIL() << "expected std::invalid_argument";
    } catch (const std::invalid_argument& error) {
        EXPECT_EQ(std::string(error.what()), "unknown colormap 'jet'; valid names: viridis, magma, cividis, diverging");
    }
    EXPECT_THROW(colormapFromName("Viridis"), std::invalid_argument);  // names are exact, lower-case
}

TEST(Colormap, IndexFollowsMatplotlibRule) {
    EXPECT_EQ(colormapIndex(0.0), 0);
    EXPECT_EQ(colormapIndex(1.0 / 256.0 - 1e-9), 0);
    EXPECT_EQ(colormapIndex(1.0 / 256.0), 1);
    EXPECT_EQ(colormapIndex(0.5), 128);
    EXPECT_EQ(colormapIndex(255.0 / 256.0 - 1e-9), 254);
    EXPECT_EQ(colormapIndex(1.0), 255);
    EXPECT_EQ(colormapIndex(-3.0), 0);
    EXPECT_EQ(colormapIndex(7.0), 255);
    EXPECT_EQ(colormapIndex(kInf), 255);
    EXPECT_EQ(colormapIndex(-kInf), 0);
    EXPECT_EQ(colormapIndex(kNan), 0);
}

TEST(Colormap, ColorForValueMasksNormalisesAndClamps) {
    const Rgba8 masked{1, 2, 3, 4};
    const ColormapLut& lut = colormapLut(Colormap::Magma);
    EXPECT_EQ(colorForValue(Colormap::Magma, kNan, -1.0, 1.0, masked), masked);
    EXPECT_EQ(colorForValue(Colormap::Magma, -kInf, -1.0, 1.0, masked), masked);
    EXPECT_EQ(colorForValue(Colormap::Magma, kInf, -1.0, 1.0, masked), lut[255]);
    EXPECT_EQ(colorForValue(Colormap::Magma, -1.0, -1.0, 1.0, masked), lut[0]);
    EXPECT_EQ(colorForValue(Colormap::Magma, 1.0, -1.0, 1.0, masked), lut[255]);
    EXPECT_EQ(colorForValue(Colormap::Magma, 0.0, -1.0, 1.0, masked), lut[128]);
    EXPECT_EQ(colorForValue(Colormap::Magma, -50.0, -1.0, 1.0, masked), lut[0]);
    EXPECT_EQ(colorForValue(Colormap::Magma, 50.0, -1.0, 1.0, masked), lut[255]);
    EXPECT_EQ(colorAt(Colormap::Magma, 0.25), lut[64]);
    // Degenerate limits: below -> 0, equal -> middle, above -> top.
    EXPECT_EQ(colorForValue(Colormap::Magma, 1.0, 2.0, 2.0, masked), lut[0]);
    EXPECT_EQ(colorForValue(Colormap::Magma, 2.0, 2.0, 2.0, masked), lut[128]);
    EXPECT_EQ(colorForValue(Colormap::Magma, 3.0, 2.0, 2.0, masked), lut[255]);
    EXPECT_TRUE(isMaskedValue(kNan));
    EXPECT_TRUE(isMaskedValue(-kInf));
    EXPECT_FALSE(isMaskedValue(kInf));
    EXPECT_FALSE(isMaskedValue(-1e308));
}

}  // namespace
}  // namespace phaselens::render
