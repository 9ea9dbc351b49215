// HeatmapRenderer on real GL (EGL surfaceless, llvmpipe): colors, masking, orientation, caching, PNG export.
#include "render/heatmap_renderer.h"

#include <gtest/gtest.h>
#include <stb_image.h>
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "egl_fixture.h"
#include "render/framebuffer.h"
#include "render/image_io.h"

namespace phaselens::render {
namespace {

using HeatmapRendererTest = testing::EglTest;

constexpr float kNan = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

// Each channel of `actual` within `tolerance` of `expected`.
::testing::AssertionResult colorNear(const std::uint8_t* actual, const Rgba8& expected, int tolerance = 1) {
    for (int i = 0; i < 4; ++i) {
        if (std::abs(int(actual[i]) - int(expected[static_cast<std::size_t>(i)])) > tolerance) {
            return ::testing::AssertionFailure()
                   << "got (" << int(actual[0]) << "," << int(actual[1]) << "," << int(actual[2]) << ","
                   << int(actual[3]) << ") expected (" << int(expected[0]) << "," << int(expected[1]) << ","
                   << int(expected[2]) << "," << int(expected[3]) << ")";
        }
    }
    return ::testing::AssertionSuccess();
}

// rows x cols, value = col / (cols - 1): a gradient 0..1 across columns, equal in every row.
std::vector<float> columnGradient(int rows, int cols) {
    std::vector<float> values(static_cast<std::size_t>(rows * cols));
    for (int r = 0; r < rows; ++r) {
        for (int c = 0; c < cols; ++c) values[static_cast<std::size_t>(r * cols + c)] = float(c) / float(cols - 1);
    }
    return values;
}

TEST_F(HeatmapRendererTest, GradientEndsAreLutEnds) {
    const int rows = 4, cols = 11;
    HeatmapRenderer heatmap;
    heatmap.setData(columnGradient(rows, cols).data(), rows, cols);
    heatmap.setColormap(Colormap::Viridis);
    heatmap.setLimits(0.0, 1.0);
    const RgbaImage image = heatmap.readColored();
    ASSERT_EQ(image.width, cols);
    ASSERT_EQ(image.height, rows);
    const ColormapLut& lut = colormapLut(Colormap::Viridis);
    for (int r = 0; r < rows; ++r) {
        EXPECT_TRUE(colorNear(image.at(0, r), lut.front())) << "row " << r;
        EXPECT_TRUE(colorNear(image.at(cols - 1, r), lut.back())) << "row " << r;
        // Interior columns (value c/10, far from bin edges) match the CPU rule exactly.
        for (int c = 1; c < cols - 1; ++c) {
            const Rgba8 expected = colorForValue(Colormap::Viridis, double(c) / 10.0, 0.0, 1.0, {0, 0, 0, 0});
            EXPECT_TRUE(colorNear(image.at(c, r), expected, 0)) << "row " << r << " col " << c;
        }
    }
    EXPECT_NE(heatmap.texture(), 0u);
    EXPECT_EQ(heatmap.imTextureId(), reinterpret_cast<void*>(static_cast<std::uintptr_t>(heatmap.texture())));
}

TEST_F(HeatmapRendererTest, NanAndMinusInfinityAreMaskedOthersClamp) {
    // One row: NaN, -inf, +inf, below vmin, above vmax, exactly vmin, exactly vmax.
    const std::vector<float> values = {kNan, -kInf, kInf, -5.0f, 5.0f, -1.0f, 1.0f};
    HeatmapRenderer heatmap;
    heatmap.setData(values.data(), 1, int(values.size()));
    heatmap.setColormap(Colormap::Diverging);
    heatmap.setLimits(-1.0, 1.0);
    const Rgba8 masked = {17, 34, 51, 200};
    heatmap.setMaskedColor(masked);
    const RgbaImage image = heatmap.readColored();
    const ColormapLut& lut = colormapLut(Colormap::Diverging);
    EXPECT_TRUE(colorNear(image.at(0, 0), masked, 0)) << "NaN";
    EXPECT_TRUE(colorNear(image.at(1, 0), masked, 0)) << "-inf";
    EXPECT_TRUE(colorNear(image.at(2, 0), lut.back(), 0)) << "+inf";
    EXPECT_TRUE(colorNear(image.at(3, 0), lut.front(), 0)) << "below vmin";
    EXPECT_TRUE(colorNear(image.at(4, 0), lut.back(), 0)) << "above vmax";
    EXPECT_TRUE(colorNear(image.at(5, 0), lut.front(), 0)) << "vmin";
    EXPECT_TRUE(colorNear(image.at(6, 0), lut.back(), 0)) << "vmax";
}

TEST_F(HeatmapRendererTest, RowZeroIsTexelRowZero) {
    // 3 x 5, value = r * 5 + c: every cell a different LUT entry with limits [0, 14].
    const int rows = 3, cols = 5;
    std::vector<double> values(rows * cols);
    for (int i = 0; i < rows * cols; ++i) values[static_cast<std::size_t>(i)] = i;
    HeatmapRenderer heatmap;
    heatmap.setData(values.data(), rows, cols);  // double overload
    heatmap.setColormap(Colormap::Magma);
    heatmap.setLimits(0.0, 14.0);
    const RgbaImage image = heatmap.readColored();
    ASSERT_EQ(image.width, cols);
    ASSERT_EQ(image.height, rows);
    for (int r = 0; r < rows; ++r) {
        for (int c = 0; c < cols; ++c) {
            const Rgba8 expected = colorForValue(Colormap::Magma, r * cols + c, 0.0, 14.0, {0, 0, 0, 0});
            EXPECT_TRUE(colorNear(image.at(c, r), expected, 0)) << "cell " << r << "," << c;
        }
    }
}

TEST_F(HeatmapRendererTest, RecolorsOnlyWhenSomethingChanged) {
    HeatmapRenderer heatmap;
    EXPECT_FALSE(heatmap.update()) << "no data yet";
    EXPECT_EQ(heatmap.texture(), 0u);
    const std::vector<float> values = columnGradient(2, 3);
    heatmap.setData(values.data(), 2, 3);
    EXPECT_TRUE(heatmap.update());
    EXPECT_FALSE(heatmap.update());
    heatmap.setLimits(0.0, 1.0);  // the default: no change
    heatmap.setColormap(Colormap::Viridis);
    heatmap.setMaskedColor({0, 0, 0, 0});
    EXPECT_FALSE(heatmap.update());
    heatmap.setLimits(0.0, 2.0);
    EXPECT_TRUE(heatmap.update());
    heatmap.setColormap(Colormap::Cividis);
    EXPECT_TRUE(heatmap.update());
    heatmap.setMaskedColor({255, 0, 0, 255});
    EXPECT_TRUE(heatmap.update());
    heatmap.setData(values.data(), 2, 3);
    EXPECT_TRUE(heatmap.update());
    EXPECT_FALSE(heatmap.update());
    EXPECT_EQ(heatmap.stats().uploads, 2u);
    EXPECT_EQ(heatmap.stats().colorPasses, 5u);
}

TEST_F(HeatmapRendererTest, ResizingTheMatrixResizesTheTexture) {
    HeatmapRenderer heatmap;
    heatmap.setData(columnGradient(2, 3).data(), 2, 3);
    EXPECT_EQ(heatmap.readColored().width, 3);
    heatmap.setData(columnGradient(6, 9).data(), 6, 9);
    const RgbaImage image = heatmap.readColored();
    EXPECT_EQ(image.width, 9);
    EXPECT_EQ(image.height, 6);
    EXPECT_EQ(heatmap.rows(), 6);
    EXPECT_EQ(heatmap.cols(), 9);
    EXPECT_TRUE(colorNear(image.at(8, 5), colormapLut(Colormap::Viridis).back()));
}

TEST_F(HeatmapRendererTest, RejectsBadInput) {
    HeatmapRenderer heatmap;
    const std::vector<float> one = {0.5f};
    EXPECT_THROW(heatmap.setData(static_cast<const float*>(nullptr), 1, 1), std::invalid_argument);
    EXPECT_THROW(heatmap.setData(one.data(), 0, 1), std::invalid_argument);
    EXPECT_THROW(heatmap.setLimits(std::nan(""), 1.0), std::invalid_argument);
    EXPECT_THROW(heatmap.setLimits(0.0, std::numeric_limits<double>::infinity()), std::invalid_argument);
    EXPECT_THROW(heatmap.setLimits(1.0, 0.0), std::invalid_argument);
    EXPECT_THROW(heatmap.readColored(), std::runtime_error);
    const int tooMany = maxFramebufferSize().width + 1;
    const std::vector<float> wide(static_cast<std::size_t>(tooMany), 0.0f);
    try {
        heatmap.setData(wide.data(), 1, tooMany);
        FAIL() << "expected std::runtime_error";
    } catch (const std::runtime_error& error) {
        EXPECT_NE(std::string(error.what()).find("exceeds the GL limit"), std::string::npos) << error.what();
    }
}

TEST_F(HeatmapRendererTest, ExportedPngHasTheHeatmapPixels) {
    const int rows = 8, cols = 16;
    HeatmapRenderer heatmap;
    std::vector<float> values = columnGradient(rows, cols);
    values[static_cast<std::size_t>(3 * cols + 4)] = kNan;
    heatmap.setData(values.data(), rows, cols);
    heatmap.setMaskedColor({255, 0, 255, 255});
    const RgbaImage image = heatmap.readColored();

    const std::filesystem::path path =
        std::filesystem::temp_directory_path() / ("phaselens-heatmap-" + std::to_string(::getpid()) + ".png");
    writePngAtomic(path.string(), image);
    int width = 0, height = 0, channels = 0;
    stbi_uc* png = stbi_load(path.c_str(), &width, &height, &channels, 4);
    std::filesystem::remove(path);
    ASSERT_NE(png, nullptr);
    EXPECT_EQ(width, cols);
    EXPECT_EQ(height, rows);
    const ColormapLut& lut = colormapLut(Colormap::Viridis);
    EXPECT_TRUE(colorNear(png, lut.front()));                                 // (0, 0)
    EXPECT_TRUE(colorNear(png + (cols - 1) * 4, lut.back()));                 // (cols-1, 0)
    EXPECT_TRUE(colorNear(png + (3 * cols + 4) * 4, {255, 0, 255, 255}, 0));  // the NaN cell
    stbi_image_free(png);
}

}  // namespace
}  // namespace phaselens::render
