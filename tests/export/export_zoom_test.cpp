// `phaselens export --x-range A:B --y-range C:D` (deep zoom, model/view_window.h), end to end through the real
// binary: the zoomed CSV / NPY hold one column per position with the exact values, checked value by value against
// direct evaluation; bad ranges exit 2 with one line naming the flag and the value, and leave no file.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "export_test_util.h"
#include "phaselens/heatmap.h"
#include "phaselens/learned.h"
#include "phaselens/rope.h"

namespace phaselens::exporter {
namespace {

using testing::readFile;
using testing::runPhaselens;
using testing::RunResult;
using testing::TempDir;

std::vector<std::string> csvDataLines(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line))
        if (!line.empty() && line[0] != '#') lines.push_back(line);
    return lines;
}

size_t fields(const std::string& line) {
    return static_cast<size_t>(std::count(line.begin(), line.end(), ',')) + 1;
}

// Every value of a float image equals the float of the direct double value.
void expectFloatEqual(const Eigen::MatrixXd& got, const std::function<double(Eigen::Index, Eigen::Index)>& want) {
    int bad = 0;
    for (Eigen::Index r = 0; r < got.rows(); ++r)
        for (Eigen::Index c = 0; c < got.cols(); ++c) {
            const double w = static_cast<double>(static_cast<float>(want(r, c)));
            if (std::abs(got(r, c) - w) > 1e-6 * std::max(1.0, std::abs(w)) && bad++ < 5)
                ADD_FAILURE() << "(" << r << ", " << c << "): got " << got(r, c) << ", expected " << w;
        }
    EXPECT_EQ(bad, 0);
}

TEST(ExportZoom, LadderCsvHasOneColumnPerPositionOfTheRange) {
    TempDir dir;
    const std::string csv = dir.file("l.csv"), npy = dir.file("l.npy");
    for (const std::string& out : {csv, npy}) {
        const RunResult run = runPhaselens({"export", "--view", "ladder", "--context", "32768", "--x-range",
                                            "1000:1100", "--out", out, "--no-sidecar"});
        ASSERT_EQ(run.code, 0) << run.err;
    }
    const std::vector<std::string> lines = csvDataLines(readFile(csv));
    ASSERT_EQ(lines.size(), 65u);            // header + 64 pairs
    EXPECT_EQ(fields(lines[0]), 3u + 101u);  // row, y0, y1, then positions 1000..1100
    EXPECT_EQ(lines[0].substr(0, 24), "row,y0,y1,1000:1001,1001");
    EXPECT_NE(lines[0].find(",1100:1101"), std::string::npos);
    const Eigen::MatrixXd m = core::parseNpy(readFile(npy));
    ASSERT_EQ(m.rows(), 64);
    ASSERT_EQ(m.cols(), 101);
    const Eigen::VectorXd theta = core::defaultInvFreq(128, 10000.0);
    expectFloatEqual(
        m, [&](Eigen::Index i, Eigen::Index c) { return std::cos(static_cast<double>(1000 + c) * theta[i]); });
}

TEST(ExportZoom, LadderPairWindowAndTheEndOfA2To31Context) {
    TempDir dir;
    const std::string npy = dir.file("l.npy");
    const RunResult run = runPhaselens({"export", "--view", "ladder", "--context", "2147483648", "--training-context",
                                        "4096", "--ladder-quantity", "sin", "--x-range", "2147483548:2147483647",
                                        "--y-range", "40:49", "--out", npy, "--no-sidecar"});
    ASSERT_EQ(run.code, 0) << run.err;
    const Eigen::MatrixXd m = core::parseNpy(readFile(npy));
    ASSERT_EQ(m.rows(), 10);
    ASSERT_EQ(m.cols(), 100);
    const Eigen::VectorXd theta = core::defaultInvFreq(128, 10000.0);
    expectFloatEqual(m, [&](Eigen::Index r, Eigen::Index c) {
        return std::sin(static_cast<double>(2147483548 + c) * theta[40 + r]);
    });
}

TEST(ExportZoom, ScoresWindowOfA2To20ContextEqualsTheKernel) {
    TempDir dir;
    const std::string npy = dir.file("s.npy");
    const RunResult run =
        runPhaselens({"export", "--view", "scores", "--context", "1048576", "--mask", "causal", "--x-range",
                      "500000:500079", "--y-range", "500040:500099", "--out", npy, "--no-sidecar"});
    ASSERT_EQ(run.code, 0) << run.err;
    const Eigen::MatrixXd m = core::parseNpy(readFile(npy));
    ASSERT_EQ(m.rows(), 60);
    ASSERT_EQ(m.cols(), 80);
    const core::ToeplitzKernel k = core::ropeOnesKernel(core::defaultInvFreq(128, 10000.0));
    expectFloatEqual(m, [&](Eigen::Index r, Eigen::Index c) {
        const int64_t q = 500040 + r, key = 500000 + c;
        return key <= q ? core::evaluateKernel(k, q - key) : -INFINITY;
    });
}

TEST(ExportZoom, KernelCurveOfAWindowHasEveryOffset) {
    TempDir dir;
    const std::string csv = dir.file("k.csv");
    const RunResult run = runPhaselens({"export", "--view", "kernel", "--context", "1048576", "--reduction", "point",
                                        "--x-range", "1000000:1000099", "--out", csv, "--no-sidecar"});
    ASSERT_EQ(run.code, 0) << run.err;
    const std::vector<std::string> lines = csvDataLines(readFile(csv));
    const core::ToeplitzKernel k = core::ropeOnesKernel(core::defaultInvFreq(128, 10000.0));
    int64_t next = 1000000;
    for (const std::string& line : lines) {
        if (line.rfind("RoPE default,", 0) != 0) continue;
        const size_t a = line.find(','), b = line.find(',', a + 1);
        const double x = std::stod(line.substr(a + 1, b - a - 1)), y = std::stod(line.substr(b + 1));
        EXPECT_EQ(x, static_cast<double>(next));
        EXPECT_NEAR(y, core::evaluateKernel(k, next), 1e-9);
        ++next;
    }
    EXPECT_EQ(next, 1000100);
}

TEST(ExportZoom, SidecarReproducesTheZoomedFigure) {
    TempDir dir;
    const std::string a = dir.file("a.csv"), b = dir.file("b.csv");
    RunResult run = runPhaselens({"export", "--view", "scores", "--context", "65536", "--x-range", "100:299",
                                  "--y-range", "2000:2149", "--out", a});
    ASSERT_EQ(run.code, 0) << run.err;
    const std::string sidecar = readFile(a + ".json");
    EXPECT_NE(sidecar.find("\"x_range\""), std::string::npos);
    run = runPhaselens({"export", "--state", a + ".json", "--out", b});
    ASSERT_EQ(run.code, 0) << run.err;
    EXPECT_EQ(readFile(a), readFile(b));
    EXPECT_EQ(csvDataLines(readFile(b)).size(), 151u);  // header + queries 2000..2149
}

TEST(ExportZoom, BadRangesExit2WithOneLineAndNoFile) {
    TempDir dir;
    const std::string out = dir.file("bad.csv");
    const std::vector<std::vector<std::string>> cases = {
        {"--view", "ladder", "--context", "4096", "--x-range", "0:4096"},
        {"--view", "ladder", "--x-range", "-1:10"},
        {"--view", "ladder", "--x-range", "10"},
        {"--view", "ladder", "--x-range", "a:b"},
        {"--view", "ladder", "--x-range", "9:3"},
        {"--view", "ladder", "--y-range", "0:64"},
        {"--view", "scores", "--context", "512", "--y-range", "100:512"},
        {"--view", "kernel", "--y-range", "0:1"},
        {"--view", "wavelengths", "--x-range", "0:3"},
    };
    for (const auto& c : cases) {
        std::vector<std::string> args = {"export"};
        args.insert(args.end(), c.begin(), c.end());
        args.insert(args.end(), {"--out", out});
        const RunResult run = runPhaselens(args);
        const std::string flag = c[c.size() - 2], value = c.back();
        EXPECT_EQ(run.code, 2) << flag << " " << value;
        EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << run.err;
        EXPECT_NE(run.err.find(flag), std::string::npos) << run.err;
        EXPECT_NE(run.err.find(value), std::string::npos) << run.err;
        EXPECT_TRUE(run.out.empty());
        EXPECT_FALSE(std::filesystem::exists(out)) << flag << " " << value;
        EXPECT_FALSE(std::filesystem::exists(out + ".json"));
    }
}

}  // namespace
}  // namespace phaselens::exporter
