// Animations: PARAM:FROM:TO:FRAMES parsing (and its errors), the frame values, the states, the window
// player, and writing a sweep as an animated GIF (read back with giflib) or a PNG sequence.
#include "model/animation.h"

#include <gif_lib.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "gif_color_table.h"
#include "gif_compose.h"

namespace phaselens::model {
namespace {

namespace fs = std::filesystem;

fs::path tempDir() {
    const fs::path dir = fs::temp_directory_path() / ("phaselens_animation_test_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    return dir;
}

TEST(AnimationSpec, ParsesTheFourParts) {
    const AnimationSpec a = parseAnimationSpec("context:1024:1048576:60");
    EXPECT_EQ(a.param, AnimationParam::Context);
    EXPECT_EQ(a.from, 1024);
    EXPECT_EQ(a.to, 1048576);
    EXPECT_EQ(a.frames, 60);
    const AnimationSpec b = parseAnimationSpec("base:1e2:1e6:5");
    EXPECT_EQ(b.param, AnimationParam::Base);
    EXPECT_EQ(b.from, 100);
    EXPECT_EQ(parseAnimationSpec("position:0:64:1").frames, 1);
    EXPECT_EQ(parseAnimationSpec("factor:32:1:9").to, 1);  // downwards is fine
    EXPECT_EQ(formatAnimationSpec(b), "base:100:1000000:5");
    const AnimationSpec back = parseAnimationSpec(formatAnimationSpec(parseAnimationSpec("factor:1.1:7.3:4")));
    EXPECT_EQ(back.from, 1.1);
    EXPECT_EQ(back.to, 7.3);
}

TEST(AnimationSpec, BadSpecsThrowNamingTheSpec) {
    const struct {
        const char* spec;
        const char* part;
    } bad[] = {
        {"context:1:2", "4 parts"},
        {"context:1:2:3:4", "4 parts"},
        {"", "4 parts"},
        {"speed:1:2:3", "unknown animation parameter 'speed'"},
        {"context:x:2:3", "FROM must be a number, got 'x'"},
        {"context:1::3", "TO must be a number"},
        {"context:1:2:0", "FRAMES must be an integer in [1, 1000]"},
        {"context:1:2:1001", "FRAMES"},
        {"context:1:2:2.5", "FRAMES"},
        {"context:0:2:3", "context must be in [1, 2^31]"},
        {"context:1:3e9:3", "context must be in [1, 2^31]"},
        {"base:1:100:3", "base must be > 1"},
        {"factor:0.5:2:3", "factor must be >= 1"},
        {"position:-1:10:3", "position must be in [0, 2^31]"},
        {"base:nan:100:3", "FROM"},
        {"base:inf:100:3", "FROM"},
    };
    for (const auto& b : bad) {
        try {
            parseAnimationSpec(b.spec);
            ADD_FAILURE() << "accepted '" << b.spec << "'";
        } catch (const std::invalid_argument& e) {
            const std::string what = e.what();
            EXPECT_NE(what.find("animation '" + std::string(b.spec) + "'"), std::string::npos) << what;
            EXPECT_NE(what.find(b.part), std::string::npos) << what;
        }
    }
}

TEST(AnimationSpec, LinearPositionsGeometricOthersExactEnds) {
    const AnimationSpec ctx{AnimationParam::Context, 1024, 1048576, 11};
    for (int k = 0; k < 11; ++k) EXPECT_NEAR(animationValue(ctx, k), 1024 * std::pow(2.0, k), 1e-9 * std::pow(2.0, k));
    EXPECT_EQ(animationValue(ctx, 10), 1048576);
    EXPECT_EQ(animationValue(ctx, 99), 1048576);  // clamped
    const AnimationSpec pos{AnimationParam::Position, 0, 100, 5};
    EXPECT_EQ(animationValue(pos, 0), 0);
    EXPECT_EQ(animationValue(pos, 1), 25);
    EXPECT_EQ(animationValue(pos, 4), 100);
    EXPECT_EQ(animationValue({AnimationParam::Base, 500, 9000, 1}, 0), 500);
}

TEST(AnimationSpec, StatesChangeOnlyTheSweptFields) {
    AppState base;
    base.rope.type = core::RopeType::Yarn;
    const std::vector<AppState> f = animationStates(base, parseAnimationSpec("factor:1:16:5"));
    ASSERT_EQ(f.size(), 5u);
    EXPECT_EQ(f[2].rope.factor, 4);
    EXPECT_EQ(f[2].extensionFactor, 4);
    AppState expect = base;
    expect.rope.factor = expect.extensionFactor = 4;
    EXPECT_EQ(f[2], expect);
    const std::vector<AppState> p = animationStates(base, parseAnimationSpec("position:0:64:3"));
    EXPECT_EQ(p[0].positionMarker, 0);
    EXPECT_EQ(p[0].phasePositions, 1);  // the trail needs at least one position
    EXPECT_EQ(p[1].positionMarker, 32);
    EXPECT_EQ(p[1].phasePositions, 32);
    const std::vector<AppState> c = animationStates(base, parseAnimationSpec("context:100:1000:2"));
    EXPECT_EQ(c[1].contextLength, 1000);
    EXPECT_THROW(animationStates(base, AnimationSpec{AnimationParam::Base, 0.5, 2, 3}), std::invalid_argument);
}

TEST(AnimationPlayer, StepsAtTheFrameRateAndLoops) {
    AnimationState a;
    a.spec = parseAnimationSpec("context:100:400:3");
    a.framesPerSecond = 10;
    AppState s;
    EXPECT_FALSE(stepAnimation(a, s, 1.0));  // paused: nothing happens
    togglePlaying(a);
    EXPECT_FALSE(stepAnimation(a, s, 0.05));
    EXPECT_TRUE(stepAnimation(a, s, 0.06));  // 0.11 s > one period
    EXPECT_EQ(a.frame, 1);
    EXPECT_EQ(s.contextLength, 200);
    EXPECT_TRUE(stepAnimation(a, s, 0.2));  // two periods: frame 2 → 0 (loops)
    EXPECT_EQ(a.frame, 0);
    EXPECT_EQ(s.contextLength, 100);
    a.spec.frames = 0;  // invalid: stops with a message
    EXPECT_FALSE(stepAnimation(a, s, 1.0));
    EXPECT_FALSE(a.playing);
    EXPECT_NE(a.error.find("FRAMES"), std::string::npos);
    EXPECT_EQ(gifDelayCs(10), 10);
    EXPECT_EQ(gifDelayCs(60), 2);
    EXPECT_EQ(gifDelayCs(3), 33);
}

// A fake renderer: a 40 × 30 frame whose left columns encode the context length.
render::RgbaImage fakeFrame(const AppState& s) {
    render::RgbaImage img;
    img.width = 40;
    img.height = 30;
    img.pixels.assign(40 * 30 * 4, 255);
    const int bar = static_cast<int>(std::log2(static_cast<double>(s.contextLength)));
    for (int y = 0; y < 30; ++y)
        for (int x = 0; x < bar; ++x) {
            std::uint8_t* p = img.pixels.data() + (y * 40 + x) * 4;
            p[0] = 200, p[1] = 20, p[2] = 60;
        }
    return img;
}

TEST(WriteAnimation, GifWithOneFramePerState) {
    const fs::path dir = tempDir();
    const std::string path = (dir / "sweep.gif").string();
    const std::vector<AppState> states = animationStates(AppState{}, parseAnimationSpec("context:16:1024:4"));
    std::vector<int> progress;
    const std::vector<std::string> files =
        writeAnimation(path, states, fakeFrame, 7, [&](int k, int n) { progress.push_back(k * 100 + n); });
    EXPECT_EQ(files, std::vector<std::string>{path});
    EXPECT_EQ(progress, (std::vector<int>{4, 104, 204, 304}));
    int error = 0;
    GifFileType* gif = DGifOpenFileName(path.c_str(), &error);
    ASSERT_NE(gif, nullptr) << GifErrorString(error);
    ASSERT_EQ(DGifSlurp(gif), GIF_OK);
    EXPECT_EQ(gif->ImageCount, 4);
    EXPECT_EQ(gif->SWidth, 40);
    EXPECT_EQ(gif->SHeight, 30);
    GraphicsControlBlock gcb{};
    ASSERT_EQ(DGifSavedExtensionToGCB(gif, 3, &gcb), GIF_OK);
    EXPECT_EQ(gcb.DelayTime, 7);
    // Frame 3 (context 1024 → a 10-column bar): pixel (9, 0) is the bar color, (10, 0) white. Exact: 2 colors.
    // Frames after the first store only what changed (export/gif_writer.h): read them as a viewer composes them.
    const std::vector<std::uint8_t> frame3 = test::composeGifFrames(gif)[3];
    EXPECT_EQ(frame3[9 * 3], 200);
    EXPECT_EQ(frame3[9 * 3 + 1], 20);
    EXPECT_EQ(frame3[9 * 3 + 2], 60);
    EXPECT_EQ(frame3[10 * 3], 255);
    DGifCloseFile(gif, &error);
    fs::remove_all(dir);
}

TEST(WriteAnimation, GifFramesShareOneColorTableAndEveryFrameIsRenderedOnce) {
    const fs::path dir = tempDir();
    const std::string path = (dir / "many.gif").string();
    const std::vector<AppState> states = animationStates(AppState{}, parseAnimationSpec("context:16:65536:20"));
    std::vector<int> rendered;
    // Over 256 colors per frame (a gradient whose red channel moves with the context), so a palette per frame
    // would differ from frame to frame.
    auto frame = [&](const AppState& s) {
        rendered.push_back(static_cast<int>(std::lround(std::log2(static_cast<double>(s.contextLength)))));
        render::RgbaImage img;
        img.width = 64;
        img.height = 48;
        for (int y = 0; y < 48; ++y)
            for (int x = 0; x < 64; ++x)
                img.pixels.insert(img.pixels.end(), {static_cast<std::uint8_t>(x * 3 + rendered.back() * 4),
                                                     static_cast<std::uint8_t>(y * 5), 128, 255});
        return img;
    };
    std::vector<int> progress;
    writeAnimation(path, states, frame, 5, [&](int k, int) { progress.push_back(k); });
    ASSERT_EQ(rendered.size(), 20u);  // once each
    std::vector<int> sorted = progress;
    std::sort(sorted.begin(), sorted.end());
    for (int k = 0; k < 20; ++k) EXPECT_EQ(sorted[static_cast<size_t>(k)], k);
    EXPECT_EQ(progress.front(), 0);
    int error = 0;
    GifFileType* gif = DGifOpenFileName(path.c_str(), &error);
    ASSERT_NE(gif, nullptr) << GifErrorString(error);
    ASSERT_EQ(DGifSlurp(gif), GIF_OK);
    ASSERT_EQ(gif->ImageCount, 20);
    for (int k = 1; k < 20; ++k) EXPECT_EQ(test::gifColorTable(gif, k), test::gifColorTable(gif, 0)) << "frame " << k;
    DGifCloseFile(gif, &error);
    fs::remove_all(dir);
}

TEST(WriteAnimation, PngSequenceAndBadExtension) {
    const fs::path dir = tempDir();
    const std::string path = (dir / "frames.png").string();
    const std::vector<AppState> states = animationStates(AppState{}, parseAnimationSpec("context:16:64:3"));
    const std::vector<std::string> files = writeAnimation(path, states, fakeFrame, 10);
    ASSERT_EQ(files.size(), 3u);
    EXPECT_EQ(files[0], (dir / "frames_0001.png").string());
    EXPECT_EQ(files[2], (dir / "frames_0003.png").string());
    for (const std::string& f : files) EXPECT_GT(fs::file_size(f), 0u);
    EXPECT_EQ(pngSequencePath("a/b.PNG", 12), "a/b_0012.png");
    EXPECT_THROW(writeAnimation((dir / "x.webm").string(), states, fakeFrame, 10), std::invalid_argument);
    EXPECT_THROW(writeAnimation((dir / "x.gif").string(), {}, fakeFrame, 10), std::invalid_argument);
    // A renderer failure mid-GIF leaves no file behind.
    int calls = 0;
    EXPECT_THROW(writeAnimation((dir / "y.gif").string(), states,
                                [&](const AppState& s) {
                                    if (++calls == 2) throw std::runtime_error("render failed");
                                    return fakeFrame(s);
                                },
                                10),
                 std::runtime_error);
    EXPECT_FALSE(fs::exists(dir / "y.gif"));
    for (const auto& e : fs::directory_iterator(dir)) {
        EXPECT_EQ(e.path().string().find(".tmp-"), std::string::npos);
        EXPECT_EQ(e.path().string().find(".phaselens-"), std::string::npos);  // safe_write's temporary names
    }
    fs::remove_all(dir);
}

TEST(WriteAnimation, Mp4FromStatesAndTheWindowsFormatChoice) {
    EXPECT_EQ(animationPathWithExtension("a/b.GIF", ".mp4"), "a/b.mp4");
    EXPECT_EQ(animationPathWithExtension("a/b.mp4", ".png"), "a/b.png");
    EXPECT_EQ(animationPathWithExtension("a/b", ".gif"), "a/b.gif");
    EXPECT_EQ(animationPathWithExtension("a/b.svg", ".gif"), "a/b.svg.gif");
    EXPECT_TRUE(isVideoPath("x.MP4"));
    EXPECT_FALSE(isVideoPath("x.gif"));
    const fs::path dir = tempDir();
    const std::string path = (dir / "sweep.mp4").string();
    const std::vector<AppState> states = animationStates(AppState{}, parseAnimationSpec("context:16:1024:6"));
    std::vector<int> progress;
    const std::vector<std::string> files = writeAnimation(
        path, states, fakeFrame, 10, [&](int k, int n) { progress.push_back(k * 100 + n); }, nullptr, 12.5);
    EXPECT_EQ(files, std::vector<std::string>{path});
    EXPECT_EQ(progress, (std::vector<int>{6, 106, 206, 306, 406, 506}));
    std::ifstream in(path, std::ios::binary);
    char head[8] = {};
    in.read(head, 8);
    EXPECT_EQ(std::string(head + 4, 4), "ftyp");  // an ISO BMFF (MP4) file
    for (const auto& e : fs::directory_iterator(dir))
        EXPECT_EQ(e.path().string().find(".phaselens-"), std::string::npos);  // no temporary file left
    // A renderer failure mid-video leaves the old file exactly and no temporary file.
    const auto before = fs::file_size(path);
    int calls = 0;
    EXPECT_THROW(writeAnimation(
                     path, states,
                     [&](const AppState& s) {
                         if (++calls == 4) throw std::runtime_error("render failed");
                         return fakeFrame(s);
                     },
                     10, {}, nullptr, 12.5),
                 std::runtime_error);
    EXPECT_EQ(fs::file_size(path), before);
    EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
    // An odd frame size is refused before anything is written.
    EXPECT_THROW(writeAnimation((dir / "odd.mp4").string(), states,
                                [](const AppState&) {
                                    return render::RgbaImage{41, 30, std::vector<std::uint8_t>(41 * 30 * 4, 255)};
                                },
                                10),
                 std::invalid_argument);
    EXPECT_FALSE(fs::exists(dir / "odd.mp4"));
    fs::remove_all(dir);
}

}  // namespace
}  // namespace phaselens::model
