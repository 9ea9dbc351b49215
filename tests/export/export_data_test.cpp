// The GL-free half of app/export: formats, validation, figure themes, CSV / NPY / sidecar JSON, the SVG
// document and the CPU-colored heatmap PNG. No display, no GL (label: export).
#include <gtest/gtest.h>

#include <cmath>

#include "export/export.h"
#include "export_test_util.h"
#include "json_text.h"
#include "model/state_io.h"
#include "phaselens/learned.h"
#include "render/colormap.h"

namespace phaselens::exporter {
namespace {

using testing::TempDir;

std::vector<model::View> allViews() {
    std::vector<model::View> views;
    for (const std::string& name : model::viewNames()) views.push_back(model::viewFromName(name));
    return views;
}

ExportRequest request(model::View view, Format format, const std::string& path = "out.png") {
    ExportRequest r;
    r.view = view;
    r.format = format;
    r.path = path;
    r.width = 640;
    r.height = 400;
    r.state.theme = model::ThemeChoice::Light;
    r.state.contextLength = 256;
    r.state.maxPixels = 64;
    return r;
}

TEST(ExportFormats, NamesAndExtensions) {
    for (const std::string& name : formatNames()) EXPECT_EQ(formatName(formatFromName(name)), name);
    EXPECT_EQ(formatFromPath("a/b/plot.PNG"), Format::Png);
    EXPECT_EQ(formatFromPath("x.svg"), Format::Svg);
    EXPECT_EQ(formatFromPath("x.npy"), Format::Npy);
    EXPECT_EQ(formatFromPath("x.png.json"), Format::Json);
    EXPECT_EQ(formatFromPath("x.bmp"), std::nullopt);
    EXPECT_EQ(formatFromPath("noext"), std::nullopt);
    try {
        formatFromName("gif");
        FAIL();
    } catch (const ExportError& e) {
        EXPECT_EQ(e.kind(), ErrorKind::BadInput);
        EXPECT_NE(std::string(e.what()).find("gif"), std::string::npos);
    }
}

TEST(ExportValidation, SizesAndPathsNameTheProblem) {
    auto message = [](const ExportRequest& r) {
        try {
            validateRequest(r);
        } catch (const ExportError& e) {
            EXPECT_EQ(e.kind(), ErrorKind::BadInput);
            return std::string(e.what());
        }
        return std::string();
    };
    ExportRequest r = request(model::View::Scores, Format::Png);
    EXPECT_EQ(message(r), "");
    r.width = 7681;
    EXPECT_NE(message(r).find("width must be in [16, 7680], got 7681"), std::string::npos);
    r.width = 7680;
    r.height = 4320;
    EXPECT_EQ(message(r), "");
    r.height = 15;
    EXPECT_NE(message(r).find("height must be in [16, 4320], got 15"), std::string::npos);
    r.height = 400;
    r.path = "x.svg";
    EXPECT_NE(message(r).find("extension .svg but the format is png"), std::string::npos);
    r.path.clear();
    EXPECT_NE(message(r).find("path is empty"), std::string::npos);

    EXPECT_THROW(checkWritable("/nonexistent-phaselens-dir/x.png"), ExportError);
    EXPECT_THROW(checkWritable("/proc/forbidden/x.png"), ExportError);
    TempDir dir;
    EXPECT_NO_THROW(checkWritable(dir.file("x.png")));
    EXPECT_THROW(checkWritable(dir.path().string()), ExportError);  // a directory, not a file
}

TEST(ExportFigure, ThemeScalesWithTheFigure) {
    // matplotlib's default: 10 pt text (em) on a 6.4 in wide figure (dpi = width / 6.4), 10·dpi/72 px; sizes
    // are ImGui line heights, kLineHeightPerEm x the em.
    const float em = static_cast<float>(kLineHeightPerEm);
    EXPECT_FLOAT_EQ(figureFontSize(640, 480, 1.0f), 10.0f * 100 / 72 * em);
    EXPECT_FLOAT_EQ(figureFontSize(3840, 2160, 1.0f), 10.0f * 600 / 72 * em);
    EXPECT_FLOAT_EQ(figureFontSize(3840, 2160, 2.0f), 20.0f * 600 / 72 * em);
    EXPECT_FLOAT_EQ(figureFontSize(400, 4320, 1.0f), 10.0f * 62.5f / 72 * em);     // narrow: follows the width
    EXPECT_FLOAT_EQ(figureFontSize(3200, 200, 1.0f), 10.0f);                       // banner: at most height / 20
    EXPECT_FLOAT_EQ(figureFontSize(3200, 200, 1.0f, 300), 10.0f * 300 / 72 * em);  // a given dpi is obeyed
    const plot::PlotTheme small = figureTheme(model::ThemeChoice::Light, 1.0f, 640, 400);
    const plot::PlotTheme big = figureTheme(model::ThemeChoice::Light, 1.0f, 3840, 2160);
    EXPECT_FLOAT_EQ(big.lineWidth / small.lineWidth, 6.0f);
    EXPECT_FLOAT_EQ(big.padding / small.padding, 6.0f);
    EXPECT_EQ(figureTheme(model::ThemeChoice::Light, 1, 640, 400, 3.0f).lineWidth, 3.0f);
    const plot::PlotTheme clear = figureTheme(model::ThemeChoice::Dark, 1, 640, 400, 0, true);
    EXPECT_EQ(plot::alphaOf(clear.background), 0u);
    EXPECT_EQ(plot::alphaOf(clear.plotBackground), 0u);
    EXPECT_EQ(plot::redOf(clear.background), plot::redOf(plot::darkTheme().background));
}

TEST(ExportFigure, CaptionOverrideAndInvalidParameters) {
    ExportRequest r = request(model::View::Kernel, Format::Csv);
    EXPECT_NE(buildFigure(r).caption, "");
    EXPECT_EQ(buildFigure(r).view.spec.caption, "");  // not in the image unless asked for
    r.caption = "my caption";
    EXPECT_EQ(buildFigure(r).caption, "my caption");
    EXPECT_EQ(buildFigure(r).view.spec.caption, "");
    r.captionInImage = true;
    EXPECT_EQ(buildFigure(r).view.spec.caption, "my caption");
    r.state.rope.headDim = 7;
    try {
        buildFigure(r);
        FAIL();
    } catch (const ExportError& e) {
        EXPECT_EQ(e.kind(), ErrorKind::BadInput);
        EXPECT_NE(std::string(e.what()).find("7"), std::string::npos) << e.what();
    }
}

TEST(ExportData, EveryViewHasDeterministicCsvAndNpy) {
    for (model::View v : allViews()) {
        SCOPED_TRACE(model::viewName(v));
        const ExportRequest r = request(v, Format::Csv, "x.csv");
        const Figure a = buildFigure(r), b = buildFigure(r);
        const std::string csv = toCsv(a, v);
        EXPECT_EQ(csv, toCsv(b, v));
        EXPECT_EQ(toNpyBytes(a), toNpyBytes(b));
        const Eigen::MatrixXd m = core::parseNpy(toNpyBytes(a));
        if (a.view.spec.heatmap) {
            const plot::HeatmapSpec& h = *a.view.spec.heatmap;
            EXPECT_EQ(m.rows(), h.rows);
            EXPECT_EQ(m.cols(), h.cols);
            EXPECT_NE(csv.find("\nrow,y0,y1,"), std::string::npos);
            // one header line + one line per sample row after the comments
            const size_t header = csv.find("\nrow,y0,y1,");
            EXPECT_EQ(std::count(csv.begin() + static_cast<long>(header) + 1, csv.end(), '\n'), h.rows + 1);
            EXPECT_EQ(m(0, 0), static_cast<double>(h.values[0]));
        } else {
            ASSERT_FALSE(a.view.spec.series.empty());
            EXPECT_EQ(m.cols(), static_cast<Eigen::Index>(2 * a.view.spec.series.size()));
            EXPECT_NE(csv.find("\nseries,x,y\n"), std::string::npos);
        }
    }
}

TEST(ExportData, HeatmapCsvNamesRowAndColumnRanges) {
    ExportRequest r = request(model::View::Scores, Format::Csv, "x.csv");
    r.state.contextLength = 8;  // 8 x 8 exact samples
    const std::string csv = toCsv(buildFigure(r), model::View::Scores);
    EXPECT_NE(csv.find("# rows: query position i"), std::string::npos);
    EXPECT_NE(csv.find("# columns: key position j"), std::string::npos);
    EXPECT_NE(csv.find("\nrow,y0,y1,0:1,1:2,2:3,3:4,4:5,5:6,6:7,7:8\n0,0,1,"), std::string::npos) << csv;
    EXPECT_NE(csv.find("sampling exact"), std::string::npos);
}

TEST(ExportData, LineNpyStacksSeriesWithNanPadding) {
    const ExportRequest r = request(model::View::PhaseCircle, Format::Npy, "x.npy");
    const Figure f = buildFigure(r);
    const Eigen::MatrixXd m = core::parseNpy(toNpyBytes(f));
    const auto& s = f.view.spec.series;
    ASSERT_GE(s.size(), 2u);
    EXPECT_EQ(m.rows(), static_cast<Eigen::Index>(std::max(s[0].x.size(), s[1].x.size())));
    EXPECT_EQ(m(0, 0), s[0].x[0]);
    EXPECT_EQ(m(0, 3), s[1].y[0]);
    if (s[1].x.size() < s[0].x.size()) {
        EXPECT_TRUE(std::isnan(m(m.rows() - 1, 2)));
    }
}

TEST(ExportData, SidecarRoundTripsStateAndFigureSettings) {
    ExportRequest r = request(model::View::Alibi, Format::Png, "x.png");
    r.state.alibiHeads = 12;
    r.state.alibiSelectedHead = 3;
    r.state.rope.base = 500000.123456789;
    r.lineWidth = 2.5f;
    r.transparent = true;
    r.caption = "edited";
    const Figure f = buildFigure(r);
    const nlohmann::json j = sidecarJson(r, f);
    const nlohmann::json& m = j["_phaselens"];
    EXPECT_EQ(m["view"], "alibi");
    EXPECT_EQ(m["width"], 640);
    EXPECT_EQ(m["theme"], "light");
    EXPECT_EQ(m["convention"], f.view.convention);
    EXPECT_EQ(m["data"]["kind"], "heatmap");
    EXPECT_EQ(m["caption_override"], "edited");
    EXPECT_NE(m["generator"].get<std::string>().find("phaselens "), std::string::npos);
    // --state accepts it: the state round-trips exactly and the figure settings come back.
    model::AppState back = model::stateFromJson(phaselens::json_text::parse(j.dump(2)));
    model::AppState expected = r.state;
    expected.view = r.view;
    EXPECT_EQ(back, expected);
    ExportRequest again;
    applyFigureSettings(phaselens::json_text::parse(j.dump(2)), again);
    EXPECT_EQ(again.width, 640);
    EXPECT_EQ(again.height, 400);
    EXPECT_EQ(again.lineWidth, 2.5f);
    EXPECT_TRUE(again.transparent);
    EXPECT_EQ(again.caption, "edited");
    nlohmann::json bad = j;
    bad["_phaselens"]["width"] = "wide";
    EXPECT_THROW(applyFigureSettings(bad, again), ExportError);
}

TEST(ExportImage, SvgIsStandaloneWithLabelsAndEmbeddedHeatmap) {
    const ExportRequest r = request(model::View::Scores, Format::Svg, "x.svg");
    const Figure f = buildFigure(r);
    const std::string svg = toSvgDocument(f, 640, 400);
    EXPECT_EQ(svg.rfind("<?xml", 0), 0u);
    EXPECT_NE(svg.find("<image"), std::string::npos);
    EXPECT_NE(svg.find("data:image/png;base64,"), std::string::npos);
    EXPECT_NE(svg.find(">key position j<"), std::string::npos);
    EXPECT_NE(svg.find(">query position i<"), std::string::npos);
}

TEST(ExportImage, HeatmapPngColorsEveryCellWithTheColormap) {
    plot::HeatmapSpec h;
    h.rows = 2;
    h.cols = 3;
    h.values = {0.0f, 0.5f, 1.0f, -INFINITY, NAN, 2.0f};
    h.vmin = 0;
    h.vmax = 1;
    h.colormap = "magma";
    const std::vector<std::uint8_t> png = heatmapPng(h, plot::rgba(1, 2, 3, 255));
    int w = 0, ht = 0, n = 0;
    unsigned char* px = stbi_load_from_memory(png.data(), static_cast<int>(png.size()), &w, &ht, &n, 4);
    ASSERT_NE(px, nullptr);
    EXPECT_EQ(w, 3);
    EXPECT_EQ(ht, 2);
    const auto& lut = render::colormapLut(render::Colormap::Magma);
    EXPECT_EQ(px[0], lut[0][0]);            // vmin -> first entry
    EXPECT_EQ(px[2 * 4 + 1], lut[255][1]);  // vmax -> last entry
    EXPECT_EQ(px[1 * 4 + 2], lut[128][2]);  // middle
    EXPECT_EQ(px[3 * 4 + 0], 1);            // -inf masked
    EXPECT_EQ(px[4 * 4 + 2], 3);            // nan masked
    EXPECT_EQ(px[5 * 4 + 0], lut[255][0]);  // above vmax clamps
    stbi_image_free(px);
}

TEST(ExportImage, EncodePngRoundTrips) {
    std::vector<std::uint8_t> rgba(37 * 23 * 4);
    for (size_t i = 0; i < rgba.size(); ++i) rgba[i] = static_cast<std::uint8_t>(i * 7 + i / 13);
    for (bool opaque : {false, true}) {
        const std::vector<std::uint8_t> png = encodePng(rgba.data(), 37, 23, opaque);
        int w = 0, h = 0, n = 0;
        unsigned char* px = stbi_load_from_memory(png.data(), static_cast<int>(png.size()), &w, &h, &n, 4);
        ASSERT_NE(px, nullptr);
        EXPECT_EQ(n, opaque ? 3 : 4);
        for (size_t i = 0; i < rgba.size(); ++i)
            if (!opaque || i % 4 != 3) {
                ASSERT_EQ(px[i], rgba[i]) << i;
            }
        stbi_image_free(px);
    }
}

TEST(ExportJob, WritesDataFilesAndSidecarAtomically) {
    TempDir dir;
    ExportRequest r = request(model::View::T5, Format::Csv, dir.file("t5.csv"));
    ExportJob job(r);
    EXPECT_EQ(job.stage(), "computing t5");
    int steps = 0;
    while (!job.step()) ++steps;
    EXPECT_EQ(steps + 1, 4);  // compute, csv, save, sidecar
    EXPECT_FLOAT_EQ(job.progress(), 1.0f);
    EXPECT_EQ(job.result().files, (std::vector<std::string>{r.path, r.path + ".json"}));
    EXPECT_EQ(dir.list(), (std::vector<std::string>{"t5.csv", "t5.csv.json"}));
    // The sidecar reloads into the same CSV bytes.
    ExportRequest again;
    const nlohmann::json side = phaselens::json_text::parse(testing::readFile(r.path + ".json"));
    again.state = model::stateFromJson(side);
    again.view = again.state.view;
    applyFigureSettings(side, again);
    again.format = Format::Csv;
    again.path = dir.file("again.csv");
    again.sidecar = false;
    exportView(again);
    EXPECT_EQ(testing::readFile(again.path), testing::readFile(r.path));
    EXPECT_EQ(dir.list(), (std::vector<std::string>{"again.csv", "t5.csv", "t5.csv.json"}));
}

TEST(ExportJob, FailuresLeaveNoFile) {
    TempDir dir;
    ExportRequest r = request(model::View::Scores, Format::Svg, dir.file("bad.svg"));
    r.state.rope.headDim = 9;  // fails while computing
    ExportJob job(r);
    EXPECT_THROW(job.step(), ExportError);
    EXPECT_TRUE(job.done());
    EXPECT_EQ(job.stage(), "failed");
    EXPECT_TRUE(dir.list().empty());
    // A sidecar that cannot be written takes the main file with it.
    r = request(model::View::Kernel, Format::Csv, dir.file("k.csv"));
    std::filesystem::create_directory(dir.file("k.csv.json"));  // the sidecar path is a directory
    EXPECT_THROW(ExportJob{r}, ExportError);
    std::filesystem::remove(dir.file("k.csv.json"));
    EXPECT_TRUE(dir.list().empty());
    // The sidecar fails only when written (its path became a directory while the job ran): the CSV and its
    // sidecar are one unit (safe_write::WriteSet), so the CSV is never renamed into place.
    ExportJob job2(r);
    job2.step();
    std::filesystem::create_directory(dir.file("k.csv.json"));
    EXPECT_THROW(while (!job2.step()){}, ExportError);
    std::filesystem::remove(dir.file("k.csv.json"));
    EXPECT_TRUE(dir.list().empty());
}

}  // namespace
}  // namespace phaselens::exporter
