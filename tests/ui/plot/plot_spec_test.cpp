#include "plot/plot_spec.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace phaselens::plot {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr float kNaNf = std::numeric_limits<float>::quiet_NaN();

// 4 rows x 8 cols over x in [0, 4096], y in [0, 2048]: every sample covers 512 x 512 positions.
HeatmapSpec smallGrid() {
    HeatmapSpec h;
    h.rows = 4;
    h.cols = 8;
    h.xMin = 0;
    h.xMax = 4096;
    h.yMin = 0;
    h.yMax = 2048;
    for (int r = 0; r < h.rows; ++r)
        for (int c = 0; c < h.cols; ++c) h.values.push_back(static_cast<float>(r * 100 + c));
    return h;
}

TEST(Color, PackingIsRRGGBBAA) {
    EXPECT_EQ(rgba(255, 0, 0), 0xFF0000FFu);
    EXPECT_EQ(rgba(1, 2, 3, 4), 0x01020304u);
    EXPECT_EQ(redOf(0x11223344u), 0x11u);
    EXPECT_EQ(greenOf(0x11223344u), 0x22u);
    EXPECT_EQ(blueOf(0x11223344u), 0x33u);
    EXPECT_EQ(alphaOf(0x11223344u), 0x44u);
    EXPECT_EQ(withAlpha(0x112233FFu, 0x80), 0x11223380u);
}

TEST(HoverCell, Corners) {
    const HeatmapSpec h = smallGrid();
    auto c = hoverCell(h, 0, 0);
    ASSERT_TRUE(c);
    EXPECT_EQ(c->row, 0);
    EXPECT_EQ(c->col, 0);
    EXPECT_EQ(c->value, 0.0f);
    EXPECT_EQ(c->x0, 0);
    EXPECT_EQ(c->x1, 512);
    EXPECT_EQ(c->y1, 512);

    c = hoverCell(h, 4096, 2048);  // far corner belongs to the last row and column
    ASSERT_TRUE(c);
    EXPECT_EQ(c->row, 3);
    EXPECT_EQ(c->col, 7);
    EXPECT_EQ(c->value, 307.0f);
    EXPECT_EQ(c->x0, 3584);
    EXPECT_EQ(c->x1, 4096);

    c = hoverCell(h, 0, 2048);  // last row, first column
    ASSERT_TRUE(c);
    EXPECT_EQ(c->row, 3);
    EXPECT_EQ(c->col, 0);
    EXPECT_EQ(c->value, 300.0f);
}

TEST(HoverCell, BoundariesBelongToTheNextSample) {
    const HeatmapSpec h = smallGrid();
    EXPECT_EQ(hoverCell(h, 512, 0)->col, 1);
    EXPECT_EQ(hoverCell(h, 511.999, 0)->col, 0);
    EXPECT_EQ(hoverCell(h, 0, 1024)->row, 2);
    EXPECT_EQ(hoverCell(h, 0, 1023.5)->row, 1);
    EXPECT_EQ(hoverCell(h, 4095.999, 2047.999)->col, 7);
    EXPECT_EQ(hoverCell(h, 1500, 700)->value, 102.0f);  // row 1, col 2
}

TEST(HoverCell, OutsideIsNothing) {
    const HeatmapSpec h = smallGrid();
    EXPECT_FALSE(hoverCell(h, -0.001, 0));
    EXPECT_FALSE(hoverCell(h, 4096.001, 0));
    EXPECT_FALSE(hoverCell(h, 0, -1));
    EXPECT_FALSE(hoverCell(h, 0, 2048.5));
    EXPECT_FALSE(hoverCell(h, std::nan(""), 0));
    EXPECT_FALSE(hoverCell(h, kInf, 0));
    HeatmapSpec empty;
    EXPECT_FALSE(hoverCell(empty, 0.5, 0.5));
}

TEST(HoverCell, MaskedValues) {
    HeatmapSpec h = smallGrid();
    h.values[5] = -std::numeric_limits<float>::infinity();
    h.values[6] = kNaNf;
    h.values[7] = std::numeric_limits<float>::infinity();
    EXPECT_TRUE(hoverCell(h, 5 * 512 + 1, 0)->masked);
    EXPECT_TRUE(hoverCell(h, 6 * 512 + 1, 0)->masked);
    EXPECT_FALSE(hoverCell(h, 7 * 512 + 1, 0)->masked);  // +inf is a value
    EXPECT_FALSE(hoverCell(h, 4 * 512 + 1, 0)->masked);
}

TEST(HoverCell, NoValuesStillGivesIndices) {
    HeatmapSpec h = smallGrid();
    h.values.clear();
    const auto c = hoverCell(h, 1500, 700);
    ASSERT_TRUE(c);
    EXPECT_EQ(c->row, 1);
    EXPECT_EQ(c->col, 2);
    EXPECT_TRUE(std::isnan(c->value));
    EXPECT_FALSE(c->masked);
}

TEST(HoverCell, DisplayGridOverAMillionPositionsIsExact) {
    HeatmapSpec h;
    h.rows = h.cols = 1024;
    h.xMin = h.yMin = 0;
    h.xMax = h.yMax = 1048576;
    for (int c = 0; c < 1024; ++c) {
        const auto first = hoverCell(h, c * 1024.0, 0), last = hoverCell(h, c * 1024.0 + 1023.5, 0);
        ASSERT_EQ(first->col, c);
        ASSERT_EQ(last->col, c);
        const PositionSpan s = positionSpan(first->x0, first->x1);
        ASSERT_EQ(s.first, c * 1024LL);
        ASSERT_EQ(s.last, c * 1024LL + 1023);
    }
    EXPECT_EQ(hoverCell(h, 1048575.5, 1048576)->row, 1023);
}

TEST(HoverCell, EveryPositionLandsInTheSampleThatCoversIt) {
    HeatmapSpec h;  // 3000 positions on 1024 samples: non-integer sample width
    h.rows = 1;
    h.cols = 1024;
    h.xMin = 0;
    h.xMax = 3000;
    for (int p = 0; p < 3000; ++p) {
        const auto c = hoverCell(h, p, 0.5);
        ASSERT_TRUE(c);
        ASSERT_EQ(c->col, p * 1024 / 3000) << "position " << p;
        ASSERT_LE(c->x0, p);
        ASSERT_LT(p, c->x1);
    }
}

TEST(PositionSpan, OverlappingUnitIntervals) {
    EXPECT_EQ(positionSpan(1024, 2048).first, 1024);
    EXPECT_EQ(positionSpan(1024, 2048).last, 2047);
    EXPECT_EQ(positionSpan(39.06, 40.04).first, 39);
    EXPECT_EQ(positionSpan(39.06, 40.04).last, 40);
    EXPECT_EQ(positionSpan(5, 5.5).last, 5);
    EXPECT_EQ(positionSpan(5, 6).last, 5);
}

TEST(NearestPoint, LinearAndLogDistance) {
    LineSeries s;
    s.x = {1, 2, 4, 8};
    s.y = {1, 1, 1, 1};
    EXPECT_EQ(nearestPoint(s, 3, false), 1u);  // 2 and 4 tie: the first
    EXPECT_EQ(nearestPoint(s, 3, true), 2u);   // log10: 3 is nearer to 4
    EXPECT_EQ(nearestPoint(s, 100, false), 3u);
    s.y[2] = std::nan("");
    EXPECT_EQ(nearestPoint(s, 4, false), 1u);  // NaN point is not drawn, so not picked
    s.x[0] = -1;
    EXPECT_EQ(nearestPoint(s, 0.001, true), 1u);  // x <= 0 skipped on a log axis
    LineSeries empty;
    EXPECT_FALSE(nearestPoint(empty, 0, false));
}

TEST(LutColor, MatchesTheColormapRule) {
    const std::vector<Rgba> lut = {rgba(0, 0, 0), rgba(1, 1, 1), rgba(2, 2, 2), rgba(3, 3, 3)};
    const Rgba masked = rgba(9, 9, 9);
    EXPECT_EQ(lutColor(lut, 0.0, 0, 1, masked), lut[0]);
    EXPECT_EQ(lutColor(lut, 0.2499, 0, 1, masked), lut[0]);
    EXPECT_EQ(lutColor(lut, 0.25, 0, 1, masked), lut[1]);
    EXPECT_EQ(lutColor(lut, 0.999, 0, 1, masked), lut[3]);
    EXPECT_EQ(lutColor(lut, 1.0, 0, 1, masked), lut[3]);
    EXPECT_EQ(lutColor(lut, 7.0, 0, 1, masked), lut[3]);
    EXPECT_EQ(lutColor(lut, -7.0, 0, 1, masked), lut[0]);
    EXPECT_EQ(lutColor(lut, kInf, 0, 1, masked), lut[3]);
    EXPECT_EQ(lutColor(lut, -kInf, 0, 1, masked), masked);
    EXPECT_EQ(lutColor(lut, std::nan(""), 0, 1, masked), masked);
    EXPECT_EQ(lutColor(lut, 0.5, 0.5, 0.5, masked), lut[2]);  // vmin == vmax: equal -> middle
    EXPECT_EQ(lutColor(lut, 0.4, 0.5, 0.5, masked), lut[0]);
    EXPECT_EQ(lutColor(lut, 0.6, 0.5, 0.5, masked), lut[3]);
    EXPECT_EQ(lutColor({}, 0.5, 0, 1, masked), masked);
}

TEST(HoverLines, BlockSampledHeatmap) {
    HeatmapSpec h;
    h.rows = h.cols = 1024;
    h.xMax = h.yMax = 1048576;
    h.values.assign(1024 * 1024, 0.0f);
    h.values[1 * 1024 + 2] = 0.123456789f;
    h.sampling = "mean";
    const PlotSpec spec = makeHeatmapPlot(h, "key", "query");
    const auto lines = hoverLines(spec, 2048 + 10, 1024 + 500);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0], "row 1, col 2: 0.1234568");
    EXPECT_EQ(lines[1], "query 1024..2047, key 2048..3071 (block mean)");
}

TEST(HoverLines, OneSamplePerPositionAndMasked) {
    HeatmapSpec h;
    h.rows = h.cols = 8;
    h.xMax = h.yMax = 8;
    h.values.assign(64, 1.5f);
    h.values[5] = -std::numeric_limits<float>::infinity();
    h.sampling = "point";
    const PlotSpec spec = makeHeatmapPlot(h, "key", "query");
    EXPECT_EQ(hoverLines(spec, 5.5, 0.5), (std::vector<std::string>{"row 0, col 5: -inf (masked)"}));
    EXPECT_EQ(hoverLines(spec, 1.5, 2.5), (std::vector<std::string>{"row 2, col 1: 1.5"}));
    EXPECT_EQ(hoverLines(spec, 9, 9), (std::vector<std::string>{"x = 9, y = 9"}));
}

TEST(HoverLines, NonIntegerExtentsShowRanges) {
    HeatmapSpec h;
    h.rows = 2;
    h.cols = 2;
    h.xMin = 0;  // integer extents, but a sample is half a unit: not positions
    h.xMax = 1;
    h.yMin = -0.5;  // non-integer extents
    h.yMax = 1.5;
    h.values = {1, 2, 3, 4};
    PlotSpec spec = makeHeatmapPlot(h, "", "");
    const auto lines = hoverLines(spec, 0.75, 0.75);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0], "row 1, col 1: 4");
    EXPECT_EQ(lines[1], "y [0.5, 1.5), x [0.5, 1)");
}

TEST(HoverLines, NearestPointOfEachSeries) {
    PlotSpec spec;
    LineSeries a;
    a.name = "sin";
    a.x = {1, 2, 3};
    a.y = {0.25, 0.5, 0.75};
    LineSeries b;
    b.x = {10, 20};
    b.y = {-1, -2};
    spec.series = {a, b};
    const auto lines = hoverLines(spec, 2.2, 0);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0], "sin: x = 2, y = 0.5 [#1]");
    EXPECT_EQ(lines[1], "series 1: x = 10, y = -1 [#0]");
}

TEST(Validate, NamesTheProblem) {
    PlotSpec spec = makeHeatmapPlot(smallGrid(), "key", "query");
    EXPECT_EQ(validate(spec), "");
    spec.heatmap->values.resize(100);
    EXPECT_EQ(validate(spec), "heatmap.values has 100 entries, expected rows*cols = 32");
    spec.heatmap->values.clear();
    EXPECT_EQ(validate(spec), "");
    spec.heatmap->vmin = -kInf;
    EXPECT_NE(validate(spec).find("color limits must be finite"), std::string::npos);
    spec.heatmap->vmin = 0;
    spec.x.log = true;
    EXPECT_NE(validate(spec).find("x.min must be > 0"), std::string::npos);

    PlotSpec lines;
    LineSeries s;
    s.name = "a";
    s.x = {1, 2};
    s.y = {1};
    lines.series.push_back(s);
    EXPECT_EQ(validate(lines), "series[0] 'a': x has 2 points, y has 1");
    lines.series.clear();
    lines.x.min = 1;
    EXPECT_EQ(validate(lines), "x.min and x.max must both be set or both be NaN");
}

TEST(MakeHeatmapPlot, MatrixConvention) {
    const PlotSpec spec = makeHeatmapPlot(smallGrid(), "key position", "query position", "scores");
    EXPECT_TRUE(spec.y.invert);
    EXPECT_FALSE(spec.x.invert);
    EXPECT_EQ(spec.x.min, 0);
    EXPECT_EQ(spec.x.max, 4096);
    EXPECT_EQ(spec.y.max, 2048);
    EXPECT_EQ(spec.title, "scores");
    EXPECT_TRUE(spec.heatmap.has_value());
}

}  // namespace
}  // namespace phaselens::plot
