// `phaselens export` end to end: the real binary with DISPLAY unset (headless EGL), every view to PNG, SVG,
// CSV and NPY; pixels, XML, sidecar reloads and clean failures (labels: export, render).
#include <gtest/gtest.h>

#include <set>

#include "export/export.h"
#include "export_test_util.h"
#include "json_text.h"
#include "model/state_io.h"
#include "phaselens/learned.h"
#include "plot/plot_layout.h"
#include "plot/svg_writer.h"
#include "render/colormap.h"

namespace phaselens::exporter {
namespace {

using testing::Png;
using testing::readFile;
using testing::readPng;
using testing::runPhaselens;
using testing::RunResult;
using testing::TempDir;

// Small parameters so every view computes quickly; the same flags for every export of a view.
const std::vector<std::string> kParams = {"--context", "512", "--max-pixels", "128", "--bias-context", "48"};

std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& more) {
    args.insert(args.end(), more.begin(), more.end());
    return args;
}

// The figure a sidecar describes, as the exporter builds it (for pixel positions).
Figure figureOf(const std::string& sidecarPath) {
    const nlohmann::json j = phaselens::json_text::parse(readFile(sidecarPath));
    ExportRequest r;
    r.state = model::stateFromJson(j);
    r.view = r.state.view;
    applyFigureSettings(j, r);
    return buildFigure(r);
}

int distance(const unsigned char* px, plot::Rgba c) {
    return std::abs(px[0] - static_cast<int>(plot::redOf(c))) + std::abs(px[1] - static_cast<int>(plot::greenOf(c))) +
           std::abs(px[2] - static_cast<int>(plot::blueOf(c)));
}

class EveryView : public ::testing::TestWithParam<std::string> {
  protected:
    TempDir dir;
};

// 640 x 720: the color bar is ~600 px high, so each of its 256 steps is > 2 px and the end steps are
// visible beside the 1 px frame around the bar.
constexpr int kW = 640, kH = 720;

TEST_P(EveryView, PngHasTheSizeAndTheExpectedColors) {
    const std::string view = GetParam(), out = dir.file(view + ".png");
    const RunResult run = runPhaselens(
        with({"export", "--view", view, "--out", out, "--width", std::to_string(kW), "--height", std::to_string(kH)},
             kParams));
    ASSERT_EQ(run.code, 0) << run.err;
    EXPECT_NE(run.out.find("wrote " + out + "\n"), std::string::npos) << run.out;
    EXPECT_EQ(dir.list(), (std::vector<std::string>{view + ".png", view + ".png.json"}));
    const Png png = readPng(out);
    ASSERT_EQ(png.width, kW);
    ASSERT_EQ(png.height, kH);
    std::set<uint32_t> colors;
    for (int y = 0; y < png.height; y += 2)
        for (int x = 0; x < png.width; x += 2) {
            const unsigned char* p = png.at(x, y);
            colors.insert(static_cast<uint32_t>(p[0]) << 16 | static_cast<uint32_t>(p[1]) << 8 | p[2]);
        }
    EXPECT_GE(colors.size(), 16u) << "the image looks blank";
    const Figure f = figureOf(out + ".json");
    EXPECT_EQ(distance(png.at(1, 1), f.theme.background), 0) << "corner is the theme background";
    const plot::PlotSpec& spec = f.view.spec;
    const plot::PlotLayout L = plot::computeLayout(spec, f.theme, plot::homeWindow(spec), kW, kH);
    if (spec.heatmap) {
        ASSERT_TRUE(L.hasColorbar);
        const auto& lut = render::colormapLut(render::colormapFromName(spec.heatmap->colormap));
        const int cx = static_cast<int>(L.colorbar.centerX());
        const float step = L.colorbar.height() / 256.0f;  // px per colormap entry
        ASSERT_GT(step, 2.0f);
        const unsigned char* bottom = png.at(cx, static_cast<int>(L.colorbar.y1 - step * 0.5f));
        const unsigned char* top = png.at(cx, static_cast<int>(L.colorbar.y0 + step * 0.5f));
        EXPECT_EQ((std::array<int, 3>{bottom[0], bottom[1], bottom[2]}),
                  (std::array<int, 3>{lut[0][0], lut[0][1], lut[0][2]}))
            << "color bar bottom = first colormap entry";
        EXPECT_EQ((std::array<int, 3>{top[0], top[1], top[2]}),
                  (std::array<int, 3>{lut[255][0], lut[255][1], lut[255][2]}))
            << "color bar top = last colormap entry";
    } else {
        // A series is drawn in its palette color inside the plot area (one may hide another: count the best).
        int best = 0;
        for (size_t k = 0; k < spec.series.size(); ++k) {
            const plot::Rgba c = plot::seriesColor(f.theme, spec.series[k], k);
            int near = 0;
            for (int y = static_cast<int>(L.plot.y0) + 1; y < static_cast<int>(L.plot.y1); ++y)
                for (int x = static_cast<int>(L.plot.x0) + 1; x < static_cast<int>(L.plot.x1); ++x)
                    near += distance(png.at(x, y), c) <= 60;
            best = std::max(best, near);
        }
        EXPECT_GE(best, 10) << "no series visible";
    }
}

TEST_P(EveryView, SvgIsWellFormedAndHasTheAxisLabels) {
    const std::string view = GetParam(), out = dir.file(view + ".svg");
    const RunResult run =
        runPhaselens(with({"export", "--view", view, "--out", out, "--width", "640", "--height", "400"}, kParams));
    ASSERT_EQ(run.code, 0) << run.err;
    EXPECT_EQ(std::system(("xmllint --noout " + testing::shellQuote(out)).c_str()), 0) << "not well-formed XML";
    const std::string svg = readFile(out);
    EXPECT_NE(svg.find("width=\"640\" height=\"400\""), std::string::npos);
    const Figure f = figureOf(out + ".json");
    for (const std::string& label : {f.view.spec.x.label, f.view.spec.y.label, f.view.spec.title})
        if (!label.empty()) {
            EXPECT_NE(svg.find(">" + plot::xmlEscape(label) + "<"), std::string::npos) << label;
        }
    if (std::system("command -v rsvg-convert >/dev/null 2>&1") == 0) {  // optional: a real SVG renderer
        const std::string rendered = dir.file("rendered.png");
        EXPECT_EQ(
            std::system(("rsvg-convert " + testing::shellQuote(out) + " -o " + testing::shellQuote(rendered)).c_str()),
            0);
        const Png png = readPng(rendered);
        EXPECT_EQ(png.width, 640);
        EXPECT_EQ(png.height, 400);
    }
    if (f.view.spec.heatmap) {
        EXPECT_NE(svg.find("<image"), std::string::npos);
        EXPECT_NE(svg.find("xlink:href=\"data:image/png;base64,"), std::string::npos);
    } else {
        EXPECT_NE(svg.find("<polyline"), std::string::npos);
    }
}

TEST_P(EveryView, SidecarReloadGivesByteIdenticalCsvAndNpy) {
    const std::string view = GetParam();
    const std::vector<std::string> base = {"export",   "--view",       view,      "--width",       "800",
                                           "--height", "500",          "--theme", "dark",          "--head-dim",
                                           "64",       "--rope-theta", "50000",   "--phase-pairs", "3,20"};
    RunResult run = runPhaselens(with(with(base, kParams), {"--out", dir.file("a.png")}));
    ASSERT_EQ(run.code, 0) << run.err;
    run = runPhaselens(with(with(base, kParams), {"--out", dir.file("direct.csv"), "--no-sidecar"}));
    ASSERT_EQ(run.code, 0) << run.err;
    run = runPhaselens({"export", "--state", dir.file("a.png.json"), "--out", dir.file("reloaded.csv")});
    ASSERT_EQ(run.code, 0) << run.err;
    const std::string csv = readFile(dir.file("direct.csv"));
    EXPECT_FALSE(csv.empty());
    EXPECT_EQ(readFile(dir.file("reloaded.csv")), csv);
    // The reloaded sidecar equals the original apart from the format it names.
    auto a = phaselens::json_text::parse(readFile(dir.file("a.png.json")));
    auto b = phaselens::json_text::parse(readFile(dir.file("reloaded.csv.json")));
    EXPECT_EQ(b["_phaselens"]["width"], 800);
    EXPECT_EQ(b["theme"], "dark");
    a["_phaselens"].erase("format");
    b["_phaselens"].erase("format");
    EXPECT_EQ(a, b);
    run = runPhaselens({"export", "--state", dir.file("a.png.json"), "--out", dir.file("r.npy")});
    ASSERT_EQ(run.code, 0) << run.err;
    const Eigen::MatrixXd m = core::parseNpy(readFile(dir.file("r.npy")));
    const nlohmann::json& data = b["_phaselens"]["data"];
    if (data["kind"] == "heatmap") {
        EXPECT_EQ(m.rows(), data["rows"].get<int>());
        EXPECT_EQ(m.cols(), data["cols"].get<int>());
    } else {
        EXPECT_EQ(m.cols(), static_cast<Eigen::Index>(data["columns"].size()));
    }
}

INSTANTIATE_TEST_SUITE_P(Export, EveryView, ::testing::ValuesIn(model::viewNames()),
                         [](const ::testing::TestParamInfo<std::string>& p) {
                             std::string name = p.param;
                             for (char& c : name)
                                 if (c == '-') c = '_';
                             return name;
                         });

// [SECTION] Command line

TEST(ExportCli, ListViewsAndHelp) {
    RunResult run = runPhaselens({"export", "--list-views"});
    ASSERT_EQ(run.code, 0);
    std::string expected;
    for (const std::string& v : model::viewNames()) expected += v + "\n";
    EXPECT_EQ(run.out, expected);
    run = runPhaselens({"export", "--help"});
    EXPECT_EQ(run.code, 0);
    EXPECT_NE(run.out.find("--transparent"), std::string::npos);
    EXPECT_NE(run.out.find("--no-sidecar"), std::string::npos);
}

TEST(ExportCli, TransparentAndDarkBackgrounds) {
    TempDir dir;
    RunResult run = runPhaselens({"export", "--view", "kernel", "--out", dir.file("t.png"), "--width", "320",
                                  "--height", "200", "--transparent"});
    ASSERT_EQ(run.code, 0) << run.err;
    const Png t = readPng(dir.file("t.png"));
    EXPECT_EQ(t.channelsInFile, 4);
    EXPECT_EQ(t.at(1, 1)[3], 0);
    run = runPhaselens(
        {"export", "--view", "t5", "--out", dir.file("d.png"), "--width", "320", "--height", "200", "--theme", "dark"});
    ASSERT_EQ(run.code, 0) << run.err;
    EXPECT_EQ(distance(readPng(dir.file("d.png")).at(1, 1), plot::darkTheme().background), 0);
}

// Each bad command: exit 2, one stderr line naming the problem, no file (not even a temporary one).
struct BadCase {
    std::vector<std::string> args;
    std::vector<std::string> mentions;
    std::string shellPrefix;  // shell text before the command, e.g. a file size limit
    BadCase(std::vector<std::string> a, std::vector<std::string> m, std::string prefix = "")
        : args(std::move(a)), mentions(std::move(m)), shellPrefix(std::move(prefix)) {}
};

TEST(ExportCli, BadInputFailsCleanlyWithExit2) {
    TempDir dir;
    const std::string out = dir.file("x.png");
    std::filesystem::create_directory(dir.file("adir.png"));
    nlohmann::json bigSidecar = model::stateToJson(model::AppState{});
    bigSidecar["_phaselens"] = {{"width", 99999}, {"height", 400}};
    {
        std::ofstream f(dir.file("big.json"));
        f << bigSidecar.dump();
    }
    const std::vector<BadCase> cases = {
        {{"--view", "bogus", "--out", out}, {"--view", "bogus", "valid views"}},
        {{"--view", "scores", "--out", out, "--width", "9000"}, {"--width", "9000"}},
        {{"--view", "scores", "--out", out, "--height", "8"}, {"--height", "8"}},
        {{"--view", "scores", "--out", out, "--width", "12.5"}, {"--width", "12.5"}},
        {{"--state", dir.file("big.json"), "--out", out}, {"width", "99999"}},
        {{"--view", "scores", "--out", "/proc/forbidden/x.png"}, {"/proc/forbidden/x.png"}},
        {{"--view", "scores", "--out", dir.file("missing/x.png")}, {"missing", "does not exist"}},
        {{"--view", "scores", "--out", dir.file("adir.png")}, {"adir.png", "directory"}},
        {{"--view", "scores", "--out", dir.file("x.bmp")}, {"x.bmp", "format"}},
        {{"--view", "scores", "--out", out, "--format", "svg"}, {"--format", "svg"}},
        {{"--view", "scores", "--out", out, "--head-dim", "7"}, {"7"}},
        {{"--view", "scores", "--out", out, "--rope-type", "bogus"}, {"--rope-type", "bogus"}},
        {{"--view", "scores", "--out", out, "--state", dir.file("none.json")}, {"--state", "none.json"}},
        {{"--out", out}, {"--view"}},
        {{"--view", "scores"}, {"--out"}},
        {{"--view", "scores", "--out", out, "--frobnicate", "1"}, {"--frobnicate"}},
        // a full disk: the file size limit makes write() fail (EFBIG) half-way through the PNG
        {{"--view", "scores", "--out", out, "--width", "1920", "--height", "1080"},
         {"x.png"},
         "trap '' XFSZ; ulimit -f 40;"},
        {{"--view", "scores", "--out", dir.file("x.csv")}, {"x.csv"}, "trap '' XFSZ; ulimit -f 40;"},
    };
    for (const BadCase& c : cases) {
        std::string typed;
        for (const std::string& a : c.args) typed += a + " ";
        SCOPED_TRACE(typed);
        const RunResult run = runPhaselens(with({"export"}, c.args), c.shellPrefix);
        EXPECT_EQ(run.code, 2) << run.err;
        EXPECT_TRUE(run.out.empty()) << run.out;
        EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << run.err;
        for (const std::string& m : c.mentions) EXPECT_NE(run.err.find(m), std::string::npos) << run.err;
        EXPECT_EQ(dir.list(), (std::vector<std::string>{"adir.png", "big.json"})) << "a file was left behind";
    }
}

}  // namespace
}  // namespace phaselens::exporter
