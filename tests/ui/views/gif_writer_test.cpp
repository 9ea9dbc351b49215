// The GIF writer: frames, size, delay and loop read back with giflib (DGifSlurp); exact colors for
// <= 256 colors, a bounded error for the median cut; atomic writes and argument checks.
#include "export/gif_writer.h"

#include <gif_lib.h>
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>

#include "gif_color_table.h"
#include "gif_compose.h"

namespace phaselens::exporter {
namespace {

namespace fs = std::filesystem;

struct Gif {
    explicit Gif(const std::string& path) {
        int error = 0;
        gif = DGifOpenFileName(path.c_str(), &error);
        if (!gif) throw std::runtime_error(GifErrorString(error));
        if (DGifSlurp(gif) != GIF_OK) throw std::runtime_error(GifErrorString(gif->Error));
    }
    ~Gif() {
        int error = 0;
        DGifCloseFile(gif, &error);
    }
    /// The color a viewer shows at (x, y) after frame `frame` (test::composeGifFrames: sub-rectangles,
    /// transparency and disposal).
    GifColorType pixel(int frame, int x, int y) const {
        if (composed.empty()) composed = test::composeGifFrames(gif);
        const std::uint8_t* p = composed[static_cast<size_t>(frame)].data() + (y * gif->SWidth + x) * 3;
        return GifColorType{p[0], p[1], p[2]};
    }
    GifFileType* gif = nullptr;
    mutable std::vector<std::vector<std::uint8_t>> composed;
};

render::RgbaImage solid(int w, int h, std::uint8_t r, std::uint8_t g, std::uint8_t b) {
    render::RgbaImage img{w, h, {}};
    for (int i = 0; i < w * h; ++i) img.pixels.insert(img.pixels.end(), {r, g, b, 255});
    return img;
}

// A frame with far more than 256 colors: a smooth 2-D gradient.
render::RgbaImage gradient(int w, int h) {
    render::RgbaImage img{w, h, {}};
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            img.pixels.insert(img.pixels.end(), {static_cast<std::uint8_t>(x * 255 / (w - 1)),
                                                 static_cast<std::uint8_t>(y * 255 / (h - 1)),
                                                 static_cast<std::uint8_t>((x + y) * 127 / (w + h - 2)), 255});
    return img;
}

class GifWriterTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir = fs::temp_directory_path() / ("phaselens_gif_test_" + std::to_string(::getpid()));
        fs::create_directories(dir);
    }
    void TearDown() override { fs::remove_all(dir); }
    fs::path dir;
};

TEST_F(GifWriterTest, ThreeFramesReadBackWithCountSizeDelayAndLoop) {
    const std::string path = (dir / "three.gif").string();
    writeGifAtomic(path, {solid(64, 48, 255, 0, 0), solid(64, 48, 0, 255, 0), solid(64, 48, 0, 0, 255)}, 25);
    const Gif g(path);
    EXPECT_EQ(g.gif->ImageCount, 3);
    EXPECT_EQ(g.gif->SWidth, 64);
    EXPECT_EQ(g.gif->SHeight, 48);
    for (int k = 0; k < 3; ++k) {
        GraphicsControlBlock gcb{};
        ASSERT_EQ(DGifSavedExtensionToGCB(g.gif, k, &gcb), GIF_OK);
        EXPECT_EQ(gcb.DelayTime, 25);
        EXPECT_EQ(g.gif->SavedImages[k].ImageDesc.Width, 64);
        EXPECT_EQ(g.gif->SavedImages[k].ImageDesc.Height, 48);
    }
    EXPECT_EQ(g.pixel(0, 5, 5).Red, 255);
    EXPECT_EQ(g.pixel(1, 63, 47).Green, 255);
    EXPECT_EQ(g.pixel(2, 0, 0).Blue, 255);
    // NETSCAPE2.0 application extension before the first frame (giflib attaches it to frame 0): loop forever.
    bool loop = false;
    const SavedImage& first = g.gif->SavedImages[0];
    for (int e = 0; e + 1 < first.ExtensionBlockCount; ++e) {
        const ExtensionBlock& b = first.ExtensionBlocks[e];
        if (b.Function == APPLICATION_EXT_FUNC_CODE && b.ByteCount == 11 &&
            std::memcmp(b.Bytes, "NETSCAPE2.0", 11) == 0) {
            const ExtensionBlock& data = first.ExtensionBlocks[e + 1];
            loop = data.ByteCount == 3 && data.Bytes[0] == 1 && data.Bytes[1] == 0 && data.Bytes[2] == 0;
        }
    }
    EXPECT_TRUE(loop);
}

TEST_F(GifWriterTest, ExactUpTo256ColorsMedianCutBeyond) {
    render::RgbaImage img{16, 16, {}};
    for (int i = 0; i < 256; ++i)  // 256 distinct colors
        img.pixels.insert(img.pixels.end(), {static_cast<std::uint8_t>(i), static_cast<std::uint8_t>(255 - i),
                                             static_cast<std::uint8_t>(i * 7), 255});
    const QuantizedFrame exact = quantizeFrame(img);
    EXPECT_TRUE(exact.exact);
    EXPECT_EQ(exact.palette.size(), 256u);
    for (int i = 0; i < 256; ++i) {
        const auto& c = exact.palette[exact.indices[static_cast<size_t>(i)]];
        EXPECT_EQ(c[0], img.pixels[static_cast<size_t>(i) * 4]);
        EXPECT_EQ(c[2], img.pixels[static_cast<size_t>(i) * 4 + 2]);
    }
    const render::RgbaImage g = gradient(200, 150);
    const QuantizedFrame q = quantizeFrame(g);
    EXPECT_FALSE(q.exact);
    EXPECT_LE(q.palette.size(), 256u);
    EXPECT_GT(q.palette.size(), 200u);
    double sumError = 0;
    int maxError = 0;
    for (size_t i = 0; i < q.indices.size(); ++i)
        for (size_t k = 0; k < 3; ++k) {
            const int e = std::abs(int(q.palette[q.indices[i]][k]) - int(g.pixels[i * 4 + k]));
            maxError = std::max(maxError, e);
            sumError += e;
        }
    EXPECT_LT(sumError / (static_cast<double>(q.indices.size()) * 3.0),
              4.0);  // mean channel error of a smooth gradient
    EXPECT_LE(maxError, 24);
    // Deterministic.
    EXPECT_EQ(quantizeFrame(g).indices, q.indices);
}

// The gradient shifted by `shift` in red: frames of a sweep whose colors move.
render::RgbaImage shiftedGradient(int w, int h, int shift) {
    render::RgbaImage img = gradient(w, h);
    for (size_t i = 0; i < img.pixels.size(); i += 4)
        img.pixels[i] = static_cast<std::uint8_t>(std::min(255, img.pixels[i] + shift));
    return img;
}

TEST_F(GifWriterTest, SharedPaletteIsExactForFewColorsAndNearestForNewOnes) {
    const render::RgbaImage red = solid(4, 4, 200, 20, 60), white = solid(4, 4, 255, 255, 255);
    const SharedPalette palette({&red, &white});
    ASSERT_EQ(palette.colors().size(), 2u);
    const QuantizedFrame q = palette.quantize(white);
    EXPECT_TRUE(q.exact);
    EXPECT_EQ(q.palette, palette.colors());
    EXPECT_EQ(palette.colors()[q.indices[0]], (std::array<std::uint8_t, 3>{255, 255, 255}));
    // A color no sample had maps to the nearest palette color.
    const QuantizedFrame near = palette.quantize(solid(4, 4, 190, 30, 50));
    EXPECT_FALSE(near.exact);
    EXPECT_EQ(palette.colors()[near.indices[0]], (std::array<std::uint8_t, 3>{200, 20, 60}));
    EXPECT_THROW(SharedPalette({}), std::invalid_argument);
}

TEST_F(GifWriterTest, AnimationWithASharedPaletteHasOneColorTableAndBoundedError) {
    const std::string path = (dir / "shared.gif").string();
    std::vector<render::RgbaImage> frames;
    for (int k = 0; k < 6; ++k) frames.push_back(shiftedGradient(120, 90, 8 * k));
    const SharedPalette palette({&frames.front(), &frames.back()});
    EXPECT_EQ(palette.colors().size(), 256u);  // median cut of the pooled samples
    GifWriter writer(path, 120, 90, 5);
    for (const render::RgbaImage& f : frames) writer.addFrame(f, palette);
    writer.finish();
    const Gif gif(path);
    ASSERT_EQ(gif.gif->ImageCount, 6);
    for (int k = 1; k < 6; ++k)
        EXPECT_EQ(test::gifColorTable(gif.gif, k), test::gifColorTable(gif.gif, 0)) << "frame " << k;  // no shimmer
    // Frames between the samples (k = 1..4) stay close to their colors.
    for (int k = 0; k < 6; ++k) {
        double sum = 0;
        for (int y = 0; y < 90; ++y)
            for (int x = 0; x < 120; ++x) {
                const GifColorType c = gif.pixel(k, x, y);
                const std::uint8_t* p = frames[static_cast<size_t>(k)].pixels.data() + (y * 120 + x) * 4;
                sum += std::abs(c.Red - p[0]) + std::abs(c.Green - p[1]) + std::abs(c.Blue - p[2]);
            }
        EXPECT_LT(sum / (90.0 * 120 * 3), 6.0) << "frame " << k;
    }
}

// Frames with a shared palette store only the bounding box of what changed, unchanged pixels in it as a
// transparent index, disposal "do not dispose"; composed as a viewer does, every frame is its source exactly.
TEST_F(GifWriterTest, SharedPaletteFramesStoreOnlyTheChangedRectangle) {
    const std::string path = (dir / "diff.gif").string();
    std::vector<render::RgbaImage> frames;
    for (int k = 0; k < 4; ++k) {
        render::RgbaImage f = solid(60, 40, 255, 255, 255);
        for (int y = 10; y < 20; ++y)  // a 3-px bar moving right by 5 px per frame; frame 3 repeats frame 2
            for (int x = 5 * std::min(k, 2) + 8; x < 5 * std::min(k, 2) + 11; ++x) {
                std::uint8_t* p = f.pixels.data() + (y * 60 + x) * 4;
                p[0] = 200, p[1] = 20, p[2] = 60;
            }
        frames.push_back(f);
    }
    const SharedPalette palette({&frames[0], &frames[1]});
    GifWriter writer(path, 60, 40, 5);
    for (const render::RgbaImage& f : frames) writer.addFrame(f, palette);
    writer.finish();
    const Gif gif(path);
    ASSERT_EQ(gif.gif->ImageCount, 4);
    const GifImageDesc& d0 = gif.gif->SavedImages[0].ImageDesc;
    EXPECT_EQ(d0.Width * d0.Height, 60 * 40);  // the first frame is whole
    const GifImageDesc& d1 = gif.gif->SavedImages[1].ImageDesc;
    EXPECT_EQ(d1.Left, 8);  // old bar at x 8..10, new at 13..15: the box x 8..15, y 10..19
    EXPECT_EQ(d1.Top, 10);
    EXPECT_EQ(d1.Width, 8);
    EXPECT_EQ(d1.Height, 10);
    const GifImageDesc& d3 = gif.gif->SavedImages[3].ImageDesc;
    EXPECT_EQ(d3.Width * d3.Height, 1);  // nothing changed: one transparent pixel
    for (int k = 0; k < 4; ++k) {
        GraphicsControlBlock gcb{};
        ASSERT_EQ(DGifSavedExtensionToGCB(gif.gif, k, &gcb), GIF_OK);
        EXPECT_EQ(gcb.DelayTime, 5) << k;
        EXPECT_EQ(gcb.DisposalMode, DISPOSE_DO_NOT) << k;
        EXPECT_EQ(gcb.TransparentColor == NO_TRANSPARENT_COLOR, k == 0) << k;
        for (int y = 0; y < 40; ++y)
            for (int x = 0; x < 60; ++x) {
                const GifColorType c = gif.pixel(k, x, y);
                const std::uint8_t* p = frames[static_cast<size_t>(k)].pixels.data() + (y * 60 + x) * 4;
                ASSERT_TRUE(c.Red == p[0] && c.Green == p[1] && c.Blue == p[2])
                    << "frame " << k << " at " << x << "," << y;
            }
    }
}

TEST_F(GifWriterTest, AlphaIsCompositedOverWhite) {
    render::RgbaImage img{2, 1, {0, 0, 0, 0, 0, 0, 0, 128}};
    const QuantizedFrame q = quantizeFrame(img);
    EXPECT_EQ(q.palette[q.indices[0]], (std::array<std::uint8_t, 3>{255, 255, 255}));
    EXPECT_EQ(q.palette[q.indices[1]], (std::array<std::uint8_t, 3>{127, 127, 127}));
}

TEST_F(GifWriterTest, FailuresLeaveNoFile) {
    EXPECT_THROW(GifWriter((dir / "missing" / "x.gif").string(), 10, 10, 10), std::runtime_error);
    EXPECT_THROW(GifWriter((dir / "x.gif").string(), 0, 10, 10), std::invalid_argument);
    EXPECT_THROW(GifWriter((dir / "x.gif").string(), 10, 10, 0), std::invalid_argument);
    {
        GifWriter w((dir / "y.gif").string(), 10, 10, 10);
        w.addFrame(solid(10, 10, 1, 2, 3));
        EXPECT_THROW(w.addFrame(solid(11, 10, 1, 2, 3)), std::invalid_argument);
        // destroyed without finish(): the temporary file is removed, nothing is renamed into place
    }
    {
        GifWriter w((dir / "z.gif").string(), 10, 10, 10);
        EXPECT_THROW(w.finish(), std::invalid_argument);  // no frame
    }
    EXPECT_THROW(writeGifAtomic((dir / "e.gif").string(), {}, 10), std::invalid_argument);
    EXPECT_TRUE(fs::is_empty(dir)) << "left files behind";
    // An existing file is replaced only on success.
    const std::string path = (dir / "keep.gif").string();
    writeGifAtomic(path, {solid(4, 4, 9, 9, 9)}, 10);
    const auto before = fs::file_size(path);
    EXPECT_THROW(writeGifAtomic(path, {solid(4, 4, 1, 1, 1), solid(5, 4, 1, 1, 1)}, 10), std::invalid_argument);
    EXPECT_EQ(fs::file_size(path), before);
    EXPECT_EQ(Gif(path).gif->ImageCount, 1);
}

}  // namespace
}  // namespace phaselens::exporter
