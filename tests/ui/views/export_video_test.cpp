// Real GL (headless EGL, no display): `phaselens export --animate ... --out FILE.mp4` writes an MP4 whose frame
// count, size and frame rate are read back from the container itself (the ISO BMFF boxes: tkhd, mdhd, stts,
// stsz, the sample entry) and, when ffprobe is installed, confirmed by ffprobe; the index (moov) precedes the media
// data (fast start); bad --fps and odd sizes exit 2 with one line on stderr and leave no file.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/cli.h"
#include "export_cli_fixture.h"

namespace phaselens {
namespace {

namespace fs = std::filesystem;

// The fields of an MP4's first video track that the test checks.
struct Mp4Facts {
    bool ftyp = false, moov = false, mdat = false;
    std::string sampleEntry;  // "avc1" (H.264) or "mp4v" (MPEG-4 part 2)
    int width = 0, height = 0;
    std::uint32_t timescale = 0;
    std::uint32_t samples = 0;     // stsz sample count = frames
    std::uint64_t totalTicks = 0;  // sum of stts sample counts x deltas
};

std::uint32_t be32(const std::string& b, size_t o) {
    return (std::uint32_t(std::uint8_t(b[o])) << 24) | (std::uint32_t(std::uint8_t(b[o + 1])) << 16) |
           (std::uint32_t(std::uint8_t(b[o + 2])) << 8) | std::uint32_t(std::uint8_t(b[o + 3]));
}

// Walks the boxes in [begin, end), descending into the containers on the path to the sample tables.
void walk(const std::string& b, size_t begin, size_t end, Mp4Facts& f) {
    size_t at = begin;
    while (at + 8 <= end) {
        std::uint64_t size = be32(b, at);
        const std::string type = b.substr(at + 4, 4);
        size_t header = 8;
        if (size == 1) size = (std::uint64_t(be32(b, at + 8)) << 32) | be32(b, at + 12), header = 16;
        if (size == 0) size = end - at;
        if (size < header || at + size > end) throw std::runtime_error("bad MP4 box " + type);
        const size_t body = at + header, stop = at + static_cast<size_t>(size);
        if (type == "ftyp") f.ftyp = true;
        if (type == "mdat") f.mdat = true;
        if (type == "moov") f.moov = true;
        if (type == "moov" || type == "trak" || type == "mdia" || type == "minf" || type == "stbl")
            walk(b, body, stop, f);
        if (type == "mdhd") {  // version 0: 4 flags, 4 created, 4 modified, 4 timescale, 4 duration
            const bool v1 = b[body] == 1;
            f.timescale = be32(b, body + (v1 ? 20 : 12));
        }
        if (type == "stsd") {  // 4 flags, 4 count, then the first sample entry box
            f.sampleEntry = b.substr(body + 12, 4);
            // visual sample entry: 8 header, 6 reserved, 2 index, 16 pre-defined/reserved, then width, height (16 bit)
            const size_t e = body + 8;
            f.width = (std::uint8_t(b[e + 32]) << 8) | std::uint8_t(b[e + 33]);
            f.height = (std::uint8_t(b[e + 34]) << 8) | std::uint8_t(b[e + 35]);
        }
        if (type == "stsz") f.samples = be32(b, body + 8);  // 4 flags, 4 sample size, 4 count
        if (type == "stts") {
            const std::uint32_t entries = be32(b, body + 4);
            for (std::uint32_t i = 0; i < entries; ++i)
                f.totalTicks += std::uint64_t(be32(b, body + 8 + 8 * i)) * be32(b, body + 12 + 8 * i);
        }
        at = stop;
    }
}

Mp4Facts readMp4(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    Mp4Facts f;
    walk(s.str(), 0, s.str().size(), f);
    return f;
}

std::string shell(const std::string& command) {
    std::string text;
    if (FILE* pipe = ::popen(command.c_str(), "r")) {
        char buf[512];
        while (std::fgets(buf, sizeof buf, pipe)) text += buf;
        ::pclose(pipe);
    }
    return text;
}

using ExportVideo = test::ExportCliFixture<::testing::Test>;

TEST_F(ExportVideo, Mp4HasTheFramesSizeAndFrameRate) {
    const fs::path mp4 = dir / "sweep.mp4";
    ASSERT_EQ(run({"--view", "ladder", "--animate", "base:100:100000:12", "--out", mp4.string(), "--width", "320",
                   "--height", "240", "--fps", "12", "--progress"}),
              0)
        << err.str();
    EXPECT_NE(out.str().find("wrote " + mp4.string()), std::string::npos);
    EXPECT_NE(err.str().find("frame 12/12"), std::string::npos) << err.str();  // progress like the GIF path
    ASSERT_TRUE(fs::exists(mp4));
    const Mp4Facts f = readMp4(mp4);
    EXPECT_TRUE(f.ftyp && f.moov && f.mdat);
    EXPECT_TRUE(f.sampleEntry == "avc1" || f.sampleEntry == "mp4v") << f.sampleEntry;
    EXPECT_EQ(f.width, 320);
    EXPECT_EQ(f.height, 240);
    EXPECT_EQ(f.samples, 12u);
    ASSERT_GT(f.totalTicks, 0u);
    EXPECT_NEAR(12.0 * f.timescale / static_cast<double>(f.totalTicks), 12.0, 1e-9);  // frames / duration
    std::ifstream side(mp4.string() + ".json");
    std::stringstream text;
    text << side.rdbuf();
    EXPECT_NE(text.str().find("\"animation\": \"base:100:100000:12\""), std::string::npos) << text.str();
    if (!shell("command -v ffprobe").empty()) {
        const std::string probe = shell(
            "ffprobe -v error -select_streams v:0 -count_frames -show_entries "
            "stream=codec_name,width,height,avg_frame_rate,nb_read_frames -of default=nw=1 '" +
            mp4.string() + "'");
        EXPECT_NE(probe.find("width=320"), std::string::npos) << probe;
        EXPECT_NE(probe.find("height=240"), std::string::npos) << probe;
        EXPECT_NE(probe.find("avg_frame_rate=12/1"), std::string::npos) << probe;
        EXPECT_NE(probe.find("nb_read_frames=12"), std::string::npos) << probe;
        EXPECT_TRUE(probe.find("codec_name=h264") != std::string::npos ||
                    probe.find("codec_name=mpeg4") != std::string::npos)
            << probe;
    }
}

// Fast start: the index (moov) is the first top-level box after ftyp, before the media data, so a browser or a slide
// player starts before it has the whole file; the chunk offsets were moved with the data (ffmpeg decodes every frame
// without an error, when installed).
TEST_F(ExportVideo, Mp4IsFastStartMoovRightAfterFtyp) {
    const fs::path mp4 = dir / "fast.mp4";
    ASSERT_EQ(run({"--view", "ladder", "--animate", "position:0:4096:24", "--out", mp4.string(), "--width", "320",
                   "--height", "240", "--no-sidecar"}),
              0)
        << err.str();
    std::ifstream in(mp4, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    const std::string b = bytes.str();
    std::vector<std::string> top;
    for (size_t at = 0; at + 8 <= b.size();) {
        std::uint64_t size = be32(b, at);
        if (size == 1) size = (std::uint64_t(be32(b, at + 8)) << 32) | be32(b, at + 12);
        if (size == 0) size = b.size() - at;
        ASSERT_GE(size, 8u);
        top.push_back(b.substr(at + 4, 4));
        at += static_cast<size_t>(size);
        ASSERT_LE(at, b.size());
    }
    ASSERT_GE(top.size(), 3u);
    EXPECT_EQ(top[0], "ftyp");
    EXPECT_EQ(top[1], "moov");
    const auto mdat = std::find(top.begin(), top.end(), "mdat");
    ASSERT_NE(mdat, top.end());
    EXPECT_GT(mdat - top.begin(), 1);
    const Mp4Facts f = readMp4(mp4);
    EXPECT_EQ(f.samples, 24u);
    if (!shell("command -v ffmpeg").empty()) {
        const std::string decode = shell("ffmpeg -v error -i '" + mp4.string() + "' -f null - 2>&1");
        EXPECT_EQ(decode, "") << decode;
        const std::string frames = shell(
            "ffprobe -v error -select_streams v:0 -count_frames -show_entries stream=nb_read_frames -of "
            "default=nw=1 '" +
            mp4.string() + "'");
        EXPECT_NE(frames.find("nb_read_frames=24"), std::string::npos) << frames;
    }
}

TEST_F(ExportVideo, FractionalFpsIsKept) {
    const fs::path mp4 = dir / "slow.mp4";
    ASSERT_EQ(run({"--view", "phase-circle", "--animate", "position:0:64:5", "--out", mp4.string(), "--width", "160",
                   "--height", "120", "--fps", "2.5", "--no-sidecar"}),
              0)
        << err.str();
    const Mp4Facts f = readMp4(mp4);
    EXPECT_EQ(f.samples, 5u);
    EXPECT_NEAR(5.0 * f.timescale / static_cast<double>(f.totalTicks), 2.5, 1e-9);
    EXPECT_FALSE(fs::exists(mp4.string() + ".json"));
}

TEST_F(ExportVideo, BadFpsAndOddSizesExit2WithOneLineAndNoFile) {
    const std::string mp4 = (dir / "x.mp4").string();
    const std::vector<std::vector<std::string>> bad = {
        {"--fps", "0"}, {"--fps", "abc"}, {"--fps", "1000"}, {"--width", "321"}, {"--height", "241"}};
    for (const auto& extra : bad) {
        std::vector<std::string> args = {"--view", "ladder",  "--animate", "base:100:1000:3", "--out",
                                         mp4,      "--width", "320",       "--height",        "240"};
        for (size_t i = 0; i < args.size(); ++i)  // the flag under test replaces the default
            if (args[i] == extra[0]) args.erase(args.begin() + static_cast<std::ptrdiff_t>(i), args.begin() + i + 2);
        args.insert(args.end(), extra.begin(), extra.end());
        EXPECT_EQ(run(args), 2) << extra[0] << " " << extra[1];
        EXPECT_TRUE(out.str().empty()) << out.str();
        const std::string e = err.str();
        EXPECT_EQ(std::count(e.begin(), e.end(), '\n'), 1) << e;
        EXPECT_NE(e.find(extra[0]), std::string::npos) << e;
        EXPECT_TRUE(fs::is_empty(dir)) << extra[0] << " left a file";
    }
    EXPECT_NE(err.str().find("even"), std::string::npos) << err.str();
}

}  // namespace
}  // namespace phaselens
