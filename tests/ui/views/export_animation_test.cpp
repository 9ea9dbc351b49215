// Real GL (headless EGL, no display): `phaselens export` renders every new view as PNG, and `--animate`
// writes an animated GIF whose frame count and size are read back with giflib, or a PNG sequence.
#include <gif_lib.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/cli.h"
#include "export_cli_fixture.h"

namespace phaselens {
namespace {

namespace fs = std::filesystem;

using ExportCli = test::ExportCliFixture<::testing::Test>;

// PNG width/height from the IHDR chunk.
std::pair<int, int> pngSize(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    unsigned char h[24] = {};
    in.read(reinterpret_cast<char*>(h), 24);
    auto be = [&](int o) { return (h[o] << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3]; };
    return {be(16), be(20)};
}

TEST_F(ExportCli, EveryNewViewAsPng) {
    for (const char* view : {"turns", "aliasing", "ladder-point", "ladder-mean", "extension-scale",
                             "extension-wavelengths", "extension-kernel", "attention-factor"}) {
        const fs::path png = dir / (std::string(view) + ".png");
        ASSERT_EQ(run({"--view", view, "--out", png.string(), "--width", "640", "--height", "400"}), 0)
            << view << ": " << err.str();
        EXPECT_EQ(pngSize(png), std::make_pair(640, 400)) << view;
        EXPECT_TRUE(fs::exists(png.string() + ".json")) << view;
    }
}

TEST_F(ExportCli, AnimateWritesAGifWithTheRightFramesAndSize) {
    const fs::path gif = dir / "sweep.gif";
    ASSERT_EQ(run({"--view", "ladder", "--animate", "context:64:4096:5", "--out", gif.string(), "--width", "320",
                   "--height", "200", "--fps", "20"}),
              0)
        << err.str();
    EXPECT_NE(out.str().find("wrote " + gif.string()), std::string::npos);
    int error = 0;
    GifFileType* g = DGifOpenFileName(gif.string().c_str(), &error);
    ASSERT_NE(g, nullptr) << GifErrorString(error);
    ASSERT_EQ(DGifSlurp(g), GIF_OK);
    EXPECT_EQ(g->ImageCount, 5);
    EXPECT_EQ(g->SWidth, 320);
    EXPECT_EQ(g->SHeight, 200);
    GraphicsControlBlock gcb{};
    ASSERT_EQ(DGifSavedExtensionToGCB(g, 0, &gcb), GIF_OK);
    EXPECT_EQ(gcb.DelayTime, 5);  // 20 fps
    DGifCloseFile(g, &error);
    // The sidecar names the sweep and reloads as the first frame's state.
    std::ifstream side(gif.string() + ".json");
    std::stringstream text;
    text << side.rdbuf();
    EXPECT_NE(text.str().find("\"animation\": \"context:64:4096:5\""), std::string::npos) << text.str();
    EXPECT_NE(text.str().find("\"context_length\": 64"), std::string::npos);
}

TEST_F(ExportCli, AnimateWritesAPngSequence) {
    const fs::path png = dir / "frame.png";
    ASSERT_EQ(run({"--view", "extension-scale", "--animate", "factor:1:16:3", "--out", png.string(), "--width", "300",
                   "--height", "200", "--no-sidecar"}),
              0)
        << err.str();
    for (const char* name : {"frame_0001.png", "frame_0002.png", "frame_0003.png"})
        EXPECT_EQ(pngSize(dir / name), std::make_pair(300, 200)) << name;
    EXPECT_FALSE(fs::exists(dir / "frame_0004.png"));
}

TEST_F(ExportCli, BadAnimateSpecsExit2NamingTheSpec) {
    const std::string gif = (dir / "x.gif").string();
    EXPECT_EQ(run({"--view", "ladder", "--animate", "context:1:2", "--out", gif}), 2);
    EXPECT_NE(err.str().find("--animate: animation 'context:1:2'"), std::string::npos) << err.str();
    EXPECT_EQ(run({"--view", "ladder", "--animate", "speed:1:2:3", "--out", gif}), 2);
    EXPECT_NE(err.str().find("unknown animation parameter 'speed'"), std::string::npos) << err.str();
    EXPECT_EQ(run({"--view", "ladder", "--animate", "base:0.5:2:3", "--out", gif}), 2);
    EXPECT_EQ(run({"--view", "ladder", "--animate", "base:2:20:3", "--out", (dir / "x.svg").string()}), 2);
    EXPECT_NE(err.str().find(".gif"), std::string::npos) << err.str();
    EXPECT_EQ(run({"--view", "ladder", "--animate", "base:2:20:3", "--out", (dir / "no" / "x.gif").string()}), 2);
    EXPECT_TRUE(fs::is_empty(dir));
}

}  // namespace
}  // namespace phaselens
