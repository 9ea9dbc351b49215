// Real GL (headless EGL, no display): with the default GIF tolerance (model::kDefaultGifTolerance), a 48-frame
// 800×600 animated GIF of every sweep kind (position, context, base, factor) is at most 5 MB, and every frame a viewer
// composes differs from the same frame of the lossless GIF (--gif-tolerance 0) by at most the tolerance per channel.
// The sweeps over the ladder's heatmap change most of the frame every step (the lossless base sweep is 5.75 MB).
#include <gif_lib.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <iostream>

#include "export_cli_fixture.h"
#include "gif_compose.h"
#include "model/animation.h"

namespace phaselens {
namespace {

namespace fs = std::filesystem;

constexpr std::uintmax_t kMaxBytes = 5'000'000;  // 5 MB

std::vector<std::vector<std::uint8_t>> composedFrames(const fs::path& path) {
    int error = 0;
    GifFileType* g = DGifOpenFileName(path.string().c_str(), &error);
    if (!g) throw std::runtime_error(GifErrorString(error));
    if (DGifSlurp(g) != GIF_OK) {
        DGifCloseFile(g, &error);
        throw std::runtime_error("cannot decode " + path.string());
    }
    auto frames = test::composeGifFrames(g);
    DGifCloseFile(g, &error);
    return frames;
}

struct Sweep {
    const char* name;
    std::vector<std::string> args;
};

using GifTolerance = test::ExportCliFixture<::testing::TestWithParam<Sweep>>;

TEST_P(GifTolerance, DefaultIsAtMost5MBAndWithinTheToleranceOfLossless) {
    const Sweep& sweep = GetParam();
    std::vector<std::string> common = sweep.args;
    common.insert(common.end(), {"--width", "800", "--height", "600", "--no-sidecar"});
    const fs::path lossy = dir / "default.gif", exact = dir / "lossless.gif";
    std::vector<std::string> args = common;
    args.insert(args.end(), {"--out", lossy.string()});
    ASSERT_EQ(run(args), 0) << err.str();
    args = common;
    args.insert(args.end(), {"--out", exact.string(), "--gif-tolerance", "0"});
    ASSERT_EQ(run(args), 0) << err.str();
    const std::uintmax_t bytes = fs::file_size(lossy), losslessBytes = fs::file_size(exact);
    RecordProperty("gif_bytes", std::to_string(bytes));
    RecordProperty("lossless_bytes", std::to_string(losslessBytes));
    EXPECT_LE(bytes, kMaxBytes);
    EXPECT_LE(bytes, losslessBytes);

    const auto got = composedFrames(lossy), want = composedFrames(exact);
    ASSERT_EQ(got.size(), 48u);
    ASSERT_EQ(want.size(), 48u);
    int worst = 0;
    std::uint64_t changed = 0, values = 0;
    for (size_t k = 0; k < got.size(); ++k) {
        ASSERT_EQ(got[k].size(), 800u * 600u * 3u);
        for (size_t i = 0; i < got[k].size(); ++i) {
            const int e = std::abs(int{got[k][i]} - int{want[k][i]});
            worst = std::max(worst, e);
            changed += e > 0;
            ++values;
        }
    }
    std::cout << sweep.name << ": " << bytes << " bytes at tolerance " << model::kDefaultGifTolerance << " (lossless "
              << losslessBytes << "); max channel error " << worst << ", "
              << 100.0 * static_cast<double>(changed) / static_cast<double>(values) << "% of channel values differ\n";
    EXPECT_LE(worst, model::kDefaultGifTolerance);
}

INSTANTIATE_TEST_SUITE_P(
    EverySweepKind, GifTolerance,
    ::testing::Values(Sweep{"LadderPosition", {"--view", "ladder", "--animate", "position:0:4096:48"}},
                      Sweep{"LadderContext", {"--view", "ladder", "--animate", "context:512:1048576:48"}},
                      Sweep{"LadderBase", {"--view", "ladder", "--animate", "base:100:1000000:48"}},
                      Sweep{"LadderFactorDark",
                            {"--view", "ladder", "--animate", "factor:1:32:48", "--rope-type", "linear", "--theme",
                             "dark"}},
                      Sweep{"ExtensionKernelFactor", {"--view", "extension-kernel", "--animate", "factor:1:32:48"}},
                      Sweep{"ScoresContext", {"--view", "scores", "--animate", "context:64:4096:48"}}),
    [](const ::testing::TestParamInfo<Sweep>& param) { return std::string(param.param.name); });

}  // namespace
}  // namespace phaselens
