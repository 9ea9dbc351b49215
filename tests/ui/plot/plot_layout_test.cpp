#include "plot/plot_layout.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

namespace phaselens::plot {
namespace {

std::vector<Rgba> grayLut(int n) {
    std::vector<Rgba> lut;
    for (int i = 0; i < n; ++i) {
        const auto v = static_cast<unsigned>(i * 255 / (n - 1));
        lut.push_back(rgba(v, v, v));
    }
    return lut;
}

PlotSpec heatmapSpec(int rows = 64, int cols = 64, double extent = 4096) {
    HeatmapSpec h;
    h.rows = rows;
    h.cols = cols;
    h.xMax = h.yMax = extent;
    h.values.resize(static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols));
    for (std::size_t i = 0; i < h.values.size(); ++i) h.values[i] = static_cast<float>(i % 97) / 96.0f;
    h.lut = grayLut(256);
    h.colorbarLabel = "score";
    return makeHeatmapPlot(h, "key position", "query position", "attention");
}

const TextItem* findText(const PlotLayout& L, const std::string& s) {
    for (const TextItem& t : L.texts)
        if (t.text == s) return &t;
    return nullptr;
}

TEST(Layout, HeatmapRowZeroAtTopAndColorbarRight) {
    const PlotSpec spec = heatmapSpec();
    const PlotTheme theme = lightTheme();
    const PlotLayout L = computeLayout(spec, theme, homeWindow(spec), 800, 600);
    EXPECT_FLOAT_EQ(L.y.toPixel(0), L.plot.y0);     // yMin (row 0) at the top
    EXPECT_FLOAT_EQ(L.y.toPixel(4096), L.plot.y1);  // yMax at the bottom
    EXPECT_FLOAT_EQ(L.x.toPixel(0), L.plot.x0);
    const auto place = heatmapPlacement(L, *spec.heatmap);
    ASSERT_TRUE(place);
    EXPECT_FLOAT_EQ(place->corner[0].x, L.plot.x0);  // (xMin, yMin) -> top-left, uv (0, 0)
    EXPECT_FLOAT_EQ(place->corner[0].y, L.plot.y0);
    EXPECT_FLOAT_EQ(place->uv[0].x, 0);
    EXPECT_FLOAT_EQ(place->uv[0].y, 0);
    EXPECT_FLOAT_EQ(place->corner[2].y, L.plot.y1);
    EXPECT_FLOAT_EQ(place->uv[2].y, 1);

    ASSERT_TRUE(L.hasColorbar);
    EXPECT_GT(L.colorbar.x0, L.plot.x1);
    EXPECT_LT(L.colorbar.x1, 800);
    EXPECT_FLOAT_EQ(L.colorbar.y0, L.plot.y0);
    EXPECT_FLOAT_EQ(L.colorbar.y1, L.plot.y1);
    EXPECT_FLOAT_EQ(L.colorbarAxis.toPixel(0), L.colorbar.y1);  // vmin at the bottom
    EXPECT_FLOAT_EQ(L.colorbarAxis.toPixel(1), L.colorbar.y0);
    EXPECT_GE(L.colorbarTicks.size(), 3u);

    ASSERT_TRUE(findText(L, "attention"));
    ASSERT_TRUE(findText(L, "key position"));
    const TextItem* yLabel = findText(L, "query position");
    ASSERT_TRUE(yLabel);
    EXPECT_TRUE(yLabel->vertical);
    const TextItem* cbLabel = findText(L, "score");
    ASSERT_TRUE(cbLabel);
    EXPECT_GT(cbLabel->x, L.colorbar.x1);
    EXPECT_TRUE(findText(L, "2000"));
}

// Categorical ids (T5 buckets, color limits [-0.5, k - 0.5]): the color bar is labelled at integers only, each
// at the centre of its band; a continuous bar over the same limits also labels fractions.
TEST(Layout, IntegerValuedColorbarTicksOnlyAtIntegers) {
    for (const int k : {4, 8, 32}) {
        for (const bool integer : {false, true}) {
            PlotSpec spec = heatmapSpec();
            spec.heatmap->vmin = -0.5;
            spec.heatmap->vmax = k - 0.5;
            spec.heatmap->integerValues = integer;
            const PlotLayout L = computeLayout(spec, lightTheme(), homeWindow(spec), 800, 600);
            ASSERT_TRUE(L.hasColorbar);
            ASSERT_FALSE(L.colorbarTicks.empty()) << k;
            bool fraction = false;
            for (const TickMark& t : L.colorbarTicks)
                if (t.major) fraction = fraction || t.value != std::round(t.value);
            if (integer) EXPECT_FALSE(fraction) << "k = " << k;
            if (!integer && k == 4) EXPECT_TRUE(fraction) << "k = 4: 0.5 steps expected on a continuous bar";
        }
    }
}

TEST(Layout, TextStaysInsideTheFrame) {
    const PlotSpec spec = heatmapSpec();
    const PlotTheme theme = lightTheme();
    for (float w : {300.0f, 640.0f, 1200.0f}) {
        const PlotLayout L = computeLayout(spec, theme, homeWindow(spec), w, 0.75f * w);
        for (const TextItem& t : L.texts) {
            const float half = 0.5f * estimateTextWidth(t.text, t.size, theme);
            float left = t.x, right = t.x;
            if (t.vertical) {
                left -= 0.5f * t.size;
                right += 0.5f * t.size;
            } else if (t.align == TextAlign::Center) {
                left -= half;
                right += half;
            } else if (t.align == TextAlign::Right) {
                left -= 2 * half;
            } else {
                right += 2 * half;
            }
            EXPECT_GE(left, -0.5f) << t.text << " at width " << w;
            EXPECT_LE(right, w + 0.5f) << t.text << " at width " << w;
            EXPECT_GE(t.y, 0) << t.text;
            EXPECT_LE(t.y, 0.75f * w) << t.text;
        }
    }
}

TEST(Layout, NormalAxesPointUpAndRight) {
    PlotSpec spec;
    LineSeries s;
    s.x = {1, 10, 100, 1000};
    s.y = {0, 1, 2, 3};
    s.name = "growth";
    spec.series = {s};
    spec.x.log = true;
    spec.x.label = "distance";
    const PlotLayout L = computeLayout(spec, lightTheme(), homeWindow(spec), 640, 480);
    EXPECT_FLOAT_EQ(L.x.toPixel(1), L.plot.x0);
    EXPECT_FLOAT_EQ(L.x.toPixel(1000), L.plot.x1);
    EXPECT_NEAR(L.x.toPixel(10), L.plot.x0 + L.plot.width() / 3, 1e-3);  // log spacing
    EXPECT_GT(L.y.toPixel(0), L.y.toPixel(3));                           // y up
    EXPECT_NEAR(L.x.toData(L.x.toPixel(42.0)), 42.0, 1e-5 * 42);         // float pixels
    EXPECT_TRUE(L.hasLegend);
    ASSERT_EQ(L.legendEntries.size(), 1u);
    EXPECT_TRUE(L.plot.contains(L.legend.x0, L.legend.y0));
    EXPECT_FALSE(L.hasColorbar);
    EXPECT_TRUE(findText(L, "1000"));
    EXPECT_TRUE(findText(L, "growth"));
}

TEST(Layout, AnnotationsArePlaced) {
    PlotSpec spec = heatmapSpec();
    spec.refLines.push_back({Orientation::Vertical, 2048, "training 2048", rgba(255, 0, 0), 1, true});
    spec.refLines.push_back({Orientation::Vertical, 99999, "off screen", 0, 1, true});
    spec.refLines.push_back({Orientation::Horizontal, 1000, "h", 0, 1, false});
    spec.shaded.push_back({3000, HUGE_VAL, -HUGE_VAL, HUGE_VAL, rgba(0, 0, 0, 40), "beyond"});
    spec.notes.push_back({100, 100, "note", 0});
    const PlotLayout L = computeLayout(spec, lightTheme(), homeWindow(spec), 800, 600);
    const TextItem* t = findText(L, "training 2048");
    ASSERT_TRUE(t);
    EXPECT_NEAR(t->x, L.x.toPixel(2048) + 4, 1e-3);
    EXPECT_EQ(t->color, rgba(255, 0, 0));
    EXPECT_FALSE(findText(L, "off screen"));
    EXPECT_TRUE(findText(L, "h"));
    EXPECT_TRUE(findText(L, "beyond"));
    EXPECT_TRUE(findText(L, "note"));
    const auto r = dataRectToPixels(L, 3000, HUGE_VAL, -HUGE_VAL, HUGE_VAL);
    ASSERT_TRUE(r);
    EXPECT_NEAR(r->x0, L.x.toPixel(3000), 1e-3);
    EXPECT_FLOAT_EQ(r->x1, L.plot.x1);
    EXPECT_FLOAT_EQ(r->y0, L.plot.y0);
    EXPECT_FLOAT_EQ(r->y1, L.plot.y1);
    EXPECT_FALSE(dataRectToPixels(L, 5000, 6000, 0, 10));  // right of the view
}

TEST(ViewWindow, HomeFitsDataWithHeadroom) {
    PlotSpec spec;
    LineSeries s;
    s.x = {0, 10};
    s.y = {-1, 1};
    spec.series = {s};
    ViewWindow w = homeWindow(spec);
    EXPECT_EQ(w.xMin, 0);
    EXPECT_EQ(w.xMax, 10);
    EXPECT_NEAR(w.yMin, -1.1, 1e-12);
    EXPECT_NEAR(w.yMax, 1.1, 1e-12);
    spec.y.min = -5;
    spec.y.max = 5;
    w = homeWindow(spec);
    EXPECT_EQ(w.yMin, -5);
    EXPECT_EQ(w.yMax, 5);
    EXPECT_EQ(homeWindow(PlotSpec{}), (ViewWindow{0, 1, 0, 1}));
    PlotSpec logSpec;
    logSpec.x.log = true;
    EXPECT_EQ(homeWindow(logSpec).xMin, 1);
}

TEST(ViewWindow, ZoomKeepsThePointUnderTheCursor) {
    PlotSpec spec;
    const ViewWindow w{0, 100, -1, 1};
    const ViewWindow z = zoomWindow(w, spec, 25, 0.5, 0.5, 1.0);
    EXPECT_DOUBLE_EQ(z.xMin, 12.5);
    EXPECT_DOUBLE_EQ(z.xMax, 62.5);
    EXPECT_EQ(z.yMin, -1);  // factor 1: untouched
    EXPECT_EQ(z.yMax, 1);
    // Log axis: zoom in log10 space.
    spec.x.log = true;
    const ViewWindow lz = zoomWindow({1, 1e4, 0, 1}, spec, 100, 0.5, 0.5, 1.0);
    EXPECT_NEAR(std::log10(lz.xMin), 1.0, 1e-12);
    EXPECT_NEAR(std::log10(lz.xMax), 3.0, 1e-12);
}

TEST(ViewWindow, ZoomStopsAtPrecisionLimit) {
    PlotSpec spec;
    ViewWindow w{1e6, 1e6 + 1, 0, 1};
    for (int i = 0; i < 200; ++i) w = zoomWindow(w, spec, 1e6 + 0.5, 0.5, 0.5, 0.5);
    EXPECT_LT(w.xMin, w.xMax);
    EXPECT_GT(w.yMin - w.yMax, -1.0);  // shrank
    EXPECT_LT(w.yMin, w.yMax);
}

TEST(ViewWindow, PanMovesContentWithTheMouse) {
    PlotSpec spec;
    const Rect plot{50, 20, 450, 220};  // 400 x 200 px
    const ViewWindow w{0, 100, 0, 10};
    // Drag right by 40 px = 10 data units: the view moves left.
    ViewWindow p = panWindow(w, spec, plot, 40, 0);
    EXPECT_DOUBLE_EQ(p.xMin, -10);
    EXPECT_DOUBLE_EQ(p.xMax, 90);
    // Drag down by 20 px on an upward axis = 1 unit: the view moves up.
    p = panWindow(w, spec, plot, 0, 20);
    EXPECT_DOUBLE_EQ(p.yMin, 1);
    EXPECT_DOUBLE_EQ(p.yMax, 11);
    // Inverted y (matrix): dragging down shows smaller values.
    spec.y.invert = true;
    p = panWindow(w, spec, plot, 0, 20);
    EXPECT_DOUBLE_EQ(p.yMin, -1);
    // Log x: one plot width = all decades.
    spec.x.log = true;
    p = panWindow({1, 100, 0, 10}, spec, plot, -400, 0);
    EXPECT_NEAR(p.xMin, 100, 1e-9);
    EXPECT_NEAR(p.xMax, 10000, 1e-7);
}

TEST(SeriesRuns, BreaksAtGapsAndClipsExactly) {
    PlotSpec spec;
    spec.x.min = 0;
    spec.x.max = 10;
    spec.y.min = 0;
    spec.y.max = 10;
    LineSeries s;
    s.x = {1, 2, std::nan(""), 4, 5};
    s.y = {1, 2, 3, 4, 5};
    const PlotLayout L = computeLayout(spec, lightTheme(), homeWindow(spec), 400, 300);
    auto runs = seriesRuns(L, s);
    ASSERT_EQ(runs.size(), 2u);
    EXPECT_EQ(runs[0].size(), 2u);
    EXPECT_FLOAT_EQ(runs[1][0].x, L.x.toPixel(4));

    // A line from far outside: clipped to the plot area grown by the margin, slope unchanged.
    s.x = {-1e12, 5};
    s.y = {5, 5};
    runs = seriesRuns(L, s, 4);
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_NEAR(runs[0][0].x, L.plot.x0 - 4, 0.01);  // interpolated from 3e13 px away
    EXPECT_FLOAT_EQ(runs[0][0].y, L.y.toPixel(5));
    s.x = {-100, -50};  // entirely outside
    EXPECT_TRUE(seriesRuns(L, s).empty());
}

TEST(SeriesRuns, DenseSeriesAreReducedPerPixelColumn) {
    PlotSpec spec;
    LineSeries s;
    for (int i = 0; i < 100000; ++i) {
        s.x.push_back(i);
        s.y.push_back(std::sin(i * 0.37));  // fast oscillation: every column spans -1..1
    }
    spec.series = {s};
    const PlotLayout L = computeLayout(spec, lightTheme(), homeWindow(spec), 500, 300);
    std::size_t points = 0;
    float minY = 1e9f, maxY = -1e9f;
    for (const auto& run : seriesRuns(L, s))
        for (const PixelPoint& p : run) {
            ++points;
            minY = std::min(minY, p.y);
            maxY = std::max(maxY, p.y);
        }
    EXPECT_LE(points, 4 * static_cast<std::size_t>(L.plot.width() + 2));
    EXPECT_NEAR(minY, L.y.toPixel(1), 0.5);  // the envelope survives
    EXPECT_NEAR(maxY, L.y.toPixel(-1), 0.5);
}

TEST(HeatmapBlocks, OnePerSampleOrCapped) {
    PlotSpec spec = heatmapSpec(4, 4, 4);
    spec.heatmap->values = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
    spec.heatmap->vmax = 15;
    const PlotTheme theme = lightTheme();
    PlotLayout L = computeLayout(spec, theme, homeWindow(spec), 400, 400);
    auto blocks = heatmapBlocks(L, *spec.heatmap, theme.masked, 96);
    ASSERT_EQ(blocks.size(), 16u);
    EXPECT_FLOAT_EQ(blocks[0].rect.y0, L.plot.y0);  // row 0 at the top
    EXPECT_EQ(blocks[0].color, spec.heatmap->lut.front());
    EXPECT_EQ(blocks[15].color, spec.heatmap->lut.back());
    EXPECT_FLOAT_EQ(blocks[15].rect.x1, L.plot.x1);
    // Zoomed into the top-left sample only.
    L = computeLayout(spec, theme, {0.2, 0.8, 0.2, 0.8}, 400, 400);
    blocks = heatmapBlocks(L, *spec.heatmap, theme.masked, 96);
    ASSERT_EQ(blocks.size(), 1u);
    EXPECT_FLOAT_EQ(blocks[0].rect.x0, L.plot.x0);
    EXPECT_FLOAT_EQ(blocks[0].rect.x1, L.plot.x1);
    // Large grid: capped per axis.
    const PlotSpec big = heatmapSpec(512, 512, 512);
    L = computeLayout(big, theme, homeWindow(big), 400, 400);
    EXPECT_EQ(heatmapBlocks(L, *big.heatmap, theme.masked, 96).size(), 96u * 96u);
}

TEST(HeatmapPlacement, UvFollowsTheZoomWindow) {
    const PlotSpec spec = heatmapSpec();
    const PlotLayout L = computeLayout(spec, lightTheme(), {1024, 2048, 0, 4096}, 800, 600);
    const auto p = heatmapPlacement(L, *spec.heatmap);
    ASSERT_TRUE(p);
    EXPECT_FLOAT_EQ(p->uv[0].x, 0.25f);
    EXPECT_FLOAT_EQ(p->uv[1].x, 0.5f);
    EXPECT_FLOAT_EQ(p->corner[0].x, L.plot.x0);
    EXPECT_FLOAT_EQ(p->corner[1].x, L.plot.x1);
    EXPECT_FALSE(heatmapPlacement(computeLayout(spec, lightTheme(), {5000, 6000, 0, 10}, 800, 600), *spec.heatmap));
}

}  // namespace
}  // namespace phaselens::plot

namespace phaselens::plot {
namespace {

TEST(Layout, LongCaptionsWrapAtSpacesInsideTheFrameAndKeepEveryWord) {
    PlotSpec spec = heatmapSpec();
    spec.caption =
        "RoPE default, base 10000, head_dim 128, rotary_dim 128\n"
        "q = k = all ones over the rotary channels (pass-through channels add the constant 0): 2·af²·Σ cos(Δ·θᵢ)\n"
        "cosine kernel f(delta), delta in [0, 1048576]: mean over each block of offsets (exact), 513 positions";
    const PlotTheme theme = darkTheme();
    for (float w : {300.0f, 640.0f, 1600.0f}) {
        const std::vector<std::string> lines = wrapCaption(spec.caption, w - 2 * theme.padding, theme.fontSize, theme);
        EXPECT_GE(lines.size(), 3u);
        std::string joined;
        for (const std::string& line : lines) {
            EXPECT_LE(estimateTextWidth(line, theme.fontSize, theme), w - 2 * theme.padding) << line << " at " << w;
            joined += (joined.empty()             ? ""
                       : line.rfind("  ", 0) == 0 ? " "
                                                  : "\n") +
                      (line.rfind("  ", 0) == 0 ? line.substr(2) : line);
        }
        EXPECT_EQ(joined, spec.caption) << "at width " << w;
        const PlotLayout L = computeLayout(spec, theme, homeWindow(spec), w, 0.75f * w);
        for (const std::string& line : lines) {
            const TextItem* t = findText(L, line);
            ASSERT_NE(t, nullptr) << line;
            EXPECT_LE(t->x + estimateTextWidth(t->text, t->size, theme), w + 0.5f) << line;
            EXPECT_LE(t->y, 0.75f * w) << line;
        }
    }
    EXPECT_EQ(wrapCaption(spec.caption, 1e6f, theme.fontSize, theme).size(), 3u);  // wide: the given lines
    EXPECT_TRUE(wrapCaption("", 100, theme.fontSize, theme).empty());
    // A word wider than the frame is broken at the line width (issue 13: keeping it whole looped forever once a
    // continuation line's indent was added), so every line fits.
    const float cw = theme.charAdvance * theme.fontSize;
    const std::vector<std::string> broken =
        wrapCaption("abcdefghijklmnopqrstuvwxyz", 10.5f * cw, theme.fontSize, theme);
    EXPECT_EQ(broken, (std::vector<std::string>{"abcdefghij", "  klmnopqr", "  stuvwxyz"}));
}

}  // namespace
}  // namespace phaselens::plot

namespace phaselens::plot {
namespace {

TEST(Layout, EqualAspectKeepsOneDataUnitTheSameOnBothAxesInAnyFrame) {
    PlotSpec spec;
    LineSeries circle;
    for (int k = 0; k <= 64; ++k) {
        circle.x.push_back(std::cos(k * 6.283185307179586 / 64));
        circle.y.push_back(std::sin(k * 6.283185307179586 / 64));
    }
    spec.series.push_back(circle);
    spec.x = {"x", -1.25, 1.25};
    spec.y = {"y (second channel)", -1.25, 1.25};
    spec.caption = "unit circle";
    spec.equalAspect = true;
    const PlotTheme theme = lightTheme();
    for (auto [w, h] : {std::pair{1920.0f, 1080.0f}, std::pair{600.0f, 1000.0f}, std::pair{800.0f, 800.0f}}) {
        const PlotLayout L = computeLayout(spec, theme, homeWindow(spec), w, h);
        const float unitX = std::abs(L.x.toPixel(1) - L.x.toPixel(0)),
                    unitY = std::abs(L.y.toPixel(1) - L.y.toPixel(0));
        EXPECT_NEAR(unitX, unitY, 0.01f * unitX) << w << "x" << h;
        EXPECT_GE(L.plot.x0, 0);
        EXPECT_LE(L.plot.x1, w);
        EXPECT_GE(L.plot.y0, 0);
        EXPECT_LE(L.plot.y1, h);
        // The y-axis label stays beside its tick labels, not at the frame's edge.
        const TextItem* yLabel = findText(L, "y (second channel)");
        ASSERT_NE(yLabel, nullptr);
        EXPECT_LT(L.plot.x0 - yLabel->x, 6 * theme.fontSize) << w << "x" << h;
    }
    // Without the flag, a wide frame stretches the circle.
    spec.equalAspect = false;
    const PlotLayout wide = computeLayout(spec, theme, homeWindow(spec), 1920, 1080);
    EXPECT_GT(std::abs(wide.x.toPixel(1) - wide.x.toPixel(0)), 1.3f * std::abs(wide.y.toPixel(1) - wide.y.toPixel(0)));
}

}  // namespace
}  // namespace phaselens::plot
