// The GIF LZW coder (export/gif_lzw.h) decoded by giflib, and the GIF writer's tolerance mode: T = 0 is byte-identical
// to the lossless writer, T > 0 composes every frame within T of the lossless one, leaves flat areas exact and is
// smaller on textured frames.
#include "export/gif_lzw.h"

#include <gif_lib.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>

#include "export/gif_writer.h"
#include "gif_compose.h"

namespace phaselens::exporter {
namespace {

namespace fs = std::filesystem;

class GifLzwTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir = fs::temp_directory_path() / ("phaselens_gif_lzw_test_" + std::to_string(::getpid()));
        fs::create_directories(dir);
    }
    void TearDown() override { fs::remove_all(dir); }
    fs::path dir;
};

// A one-frame GIF of `w` × `h` with a gray table of 2^bits entries whose image data is `coded` (encodeGifLzw's
// sub-blocks), decoded again by giflib: the indices it reads.
std::vector<std::uint8_t> decodeThroughGiflib(const fs::path& path, int w, int h, int bits,
                                              const std::vector<std::uint8_t>& coded) {
    int error = 0;
    GifFileType* gif = EGifOpenFileName(path.string().c_str(), false, &error);
    if (!gif) throw std::runtime_error(GifErrorString(error));
    std::vector<GifColorType> colors(static_cast<size_t>(1) << bits);
    for (size_t i = 0; i < colors.size(); ++i) {
        const auto v = static_cast<GifByteType>(i * 255 / (colors.size() - 1));
        colors[i] = {v, v, v};
    }
    ColorMapObject* map = GifMakeMapObject(static_cast<int>(colors.size()), colors.data());
    EXPECT_EQ(EGifPutScreenDesc(gif, w, h, bits, 0, nullptr), GIF_OK);
    EXPECT_EQ(EGifPutImageDesc(gif, 0, 0, w, h, false, map), GIF_OK);  // writes the minimum code size max(2, bits)
    GifFreeMapObject(map);
    for (size_t at = 0; at < coded.size(); at += size_t{coded[at]} + 1) {
        EXPECT_GE(coded[at], 1);
        EXPECT_LE(size_t{coded[at]} + 1 + at, coded.size());
        EXPECT_EQ(at == 0 ? EGifPutCode(gif, 0, coded.data()) : EGifPutCodeNext(gif, coded.data() + at), GIF_OK);
    }
    EXPECT_EQ(EGifPutCodeNext(gif, nullptr), GIF_OK);
    EXPECT_EQ(EGifCloseFile(gif, &error), GIF_OK);
    GifFileType* in = DGifOpenFileName(path.string().c_str(), &error);
    if (!in) throw std::runtime_error(GifErrorString(error));
    if (DGifSlurp(in) != GIF_OK) {
        const std::string message = GifErrorString(in->Error);
        DGifCloseFile(in, &error);
        throw std::runtime_error("giflib cannot decode: " + message);
    }
    std::vector<std::uint8_t> out(in->SavedImages[0].RasterBits,
                                  in->SavedImages[0].RasterBits + static_cast<size_t>(w) * static_cast<size_t>(h));
    DGifCloseFile(in, &error);
    return out;
}

TEST_F(GifLzwTest, LosslessStreamsDecodeExactlyForEveryCodeSizeAndThroughTableClears) {
    std::mt19937 rng(7);
    for (int bits = 1; bits <= 8; ++bits) {
        const int minCodeSize = std::max(2, bits);
        const int colors = 1 << bits;
        // Random (the table fills and clears many times), runs, and a single pixel.
        for (const auto& [w, h, kind] : {std::tuple{300, 200, 0}, std::tuple{257, 31, 1}, std::tuple{1, 1, 0}}) {
            std::vector<std::uint8_t> pixels(static_cast<size_t>(w) * static_cast<size_t>(h));
            std::uniform_int_distribution<int> pick(0, colors - 1);
            for (size_t i = 0; i < pixels.size(); ++i)
                pixels[i] = static_cast<std::uint8_t>(kind == 0 ? pick(rng) : (i / 37) % static_cast<size_t>(colors));
            std::vector<std::uint8_t> shown;
            const std::vector<std::uint8_t> coded = encodeGifLzw(pixels, minCodeSize, {}, &shown);
            EXPECT_EQ(shown, pixels);
            EXPECT_EQ(decodeThroughGiflib(dir / "one.gif", w, h, bits, coded), pixels)
                << "bits " << bits << ", " << w << "x" << h;
        }
    }
}

TEST_F(GifLzwTest, LossyStreamsDecodeToWhatTheCoderReportsAndOnlyToAdmittedIndices) {
    std::mt19937 rng(11);
    const int w = 400, h = 150;
    std::vector<std::uint8_t> pixels(static_cast<size_t>(w) * static_cast<size_t>(h));
    std::normal_distribution<double> noise(0, 6);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)  // a ramp with noise: neighbours are within a few indices
            pixels[static_cast<size_t>(y * w + x)] =
                static_cast<std::uint8_t>(std::clamp(static_cast<int>(x * 255 / (w - 1) + noise(rng)), 0, 255));
    const int within = 5;
    const LzwAdmit admit = [&](size_t i, std::uint8_t s) { return std::abs(int{s} - int{pixels[i]}) <= within; };
    std::vector<std::uint8_t> shown;
    const std::vector<std::uint8_t> lossy = encodeGifLzw(pixels, 8, admit, &shown);
    const std::vector<std::uint8_t> exact = encodeGifLzw(pixels, 8);
    EXPECT_EQ(decodeThroughGiflib(dir / "lossy.gif", w, h, 8, lossy), shown);
    int worst = 0;
    for (size_t i = 0; i < pixels.size(); ++i) worst = std::max(worst, std::abs(int{shown[i]} - int{pixels[i]}));
    EXPECT_LE(worst, within);
    EXPECT_GT(worst, 0);
    EXPECT_LT(lossy.size() * 10, exact.size() * 9) << "lossy " << lossy.size() << " bytes, exact " << exact.size();
}

TEST_F(GifLzwTest, RefusesBadArguments) {
    EXPECT_THROW(encodeGifLzw({0}, 1), std::invalid_argument);
    EXPECT_THROW(encodeGifLzw({0}, 9), std::invalid_argument);
    EXPECT_THROW(encodeGifLzw({}, 8), std::invalid_argument);
    EXPECT_THROW(encodeGifLzw({4}, 2), std::invalid_argument);
    EXPECT_THROW(GifWriter((dir / "t.gif").string(), 4, 4, 10).setTolerance(256), std::invalid_argument);
    EXPECT_THROW(GifWriter((dir / "t.gif").string(), 4, 4, 10).setTolerance(-1), std::invalid_argument);
}

// Frames with texture (noise over a band) beside a flat and a smoothly graded area, drifting from frame to frame.
std::vector<render::RgbaImage> texturedFrames(int w, int h, int count) {
    std::vector<render::RgbaImage> frames;
    std::mt19937 rng(3);
    std::uniform_int_distribution<int> jitter(-40, 40);
    for (int k = 0; k < count; ++k) {
        render::RgbaImage img{w, h, {}};
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x) {
                int r = 250, g = 250, b = 250;      // flat background (top third)
                if (y >= h / 3 && y < 2 * h / 3) {  // texture
                    r = std::clamp(128 + jitter(rng), 0, 255), g = std::clamp(60 + jitter(rng), 0, 255), b = 90;
                } else if (y >= 2 * h / 3) {  // a slow gradient that moves with k
                    r = (x + 3 * k) % 256, g = 40, b = 255 - (x + 3 * k) % 256;
                }
                img.pixels.insert(img.pixels.end(), {static_cast<std::uint8_t>(r), static_cast<std::uint8_t>(g),
                                                     static_cast<std::uint8_t>(b), 255});
            }
        frames.push_back(std::move(img));
    }
    return frames;
}

std::string writeGif(const fs::path& path, const std::vector<render::RgbaImage>& frames, int tolerance,
                     bool setIt = true) {
    std::vector<const render::RgbaImage*> samples;
    for (const auto& f : frames) samples.push_back(&f);
    const SharedPalette palette(samples);
    GifWriter gif(path.string(), frames[0].width, frames[0].height, 10);
    if (setIt) gif.setTolerance(tolerance);
    for (const auto& f : frames) gif.addFrame(f, palette);
    gif.finish();
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

std::vector<std::vector<std::uint8_t>> composed(const fs::path& path) {
    int error = 0;
    GifFileType* gif = DGifOpenFileName(path.string().c_str(), &error);
    if (!gif) throw std::runtime_error(GifErrorString(error));
    if (DGifSlurp(gif) != GIF_OK) throw std::runtime_error(GifErrorString(gif->Error));
    auto frames = test::composeGifFrames(gif);
    DGifCloseFile(gif, &error);
    return frames;
}

TEST_F(GifLzwTest, WriterToleranceZeroIsTheLosslessBytes) {
    const auto frames = texturedFrames(160, 90, 6);
    EXPECT_EQ(writeGif(dir / "a.gif", frames, 0, false), writeGif(dir / "b.gif", frames, 0, true));
}

TEST_F(GifLzwTest, WriterToleranceKeepsEveryComposedFrameWithinTAndFlatAreasExact) {
    const int w = 240, h = 120, count = 8;
    const auto frames = texturedFrames(w, h, count);
    const std::string lossless = writeGif(dir / "exact.gif", frames, 0);
    const auto reference = composed(dir / "exact.gif");
    for (int t : {8, 16}) {
        const std::string lossy = writeGif(dir / "lossy.gif", frames, t);
        EXPECT_LT(lossy.size(), lossless.size()) << "T " << t;
        const auto got = composed(dir / "lossy.gif");
        ASSERT_EQ(got.size(), reference.size());
        int worst = 0, worstFlat = 0;
        for (size_t k = 0; k < got.size(); ++k)
            for (size_t i = 0; i < got[k].size(); ++i) {
                const int e = std::abs(int{got[k][i]} - int{reference[k][i]});
                worst = std::max(worst, e);
                if (i / 3 < static_cast<size_t>(w * (h / 3 - 1))) worstFlat = std::max(worstFlat, e);  // flat area
            }
        EXPECT_LE(worst, t) << "T " << t;
        EXPECT_GT(worst, 0) << "T " << t << ": nothing was lossy";
        EXPECT_EQ(worstFlat, 0) << "T " << t << ": a flat area must stay exact";
        std::cout << "T " << t << ": " << lossy.size() << " bytes (lossless " << lossless.size() << "), max error "
                  << worst << "\n";
    }
}

}  // namespace
}  // namespace phaselens::exporter
