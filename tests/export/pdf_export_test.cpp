// PDF export through the real binary (DISPLAY unset): every view opens in pdfinfo (one page, 6.4 in wide
// by default, --dpi sets the size), rasterizes with pdftoppm, and its layout matches the PNG export of the
// same figure; `--config` / `--preset` set the parameters (labels: export, render).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>

#include "export_test_util.h"

namespace phaselens::exporter {
namespace {

using testing::readPng;
using testing::runPhaselens;
using testing::shellQuote;
using testing::TempDir;

bool havePoppler() {
    return std::system("command -v pdfinfo >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1") == 0;
}

std::string capture(const std::string& cmd) {
    std::string out;
    if (FILE* p = ::popen(cmd.c_str(), "r")) {
        char buf[4096];
        std::size_t n;
        while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
        ::pclose(p);
    }
    return out;
}

// Mean darkness (0 = white .. 1 = black) of each of `gx` x `gy` blocks of an image.
std::vector<double> blockDarkness(const testing::Png& png, int gx, int gy) {
    std::vector<double> d(static_cast<std::size_t>(gx * gy), 0.0);
    std::vector<int> n(d.size(), 0);
    for (int y = 0; y < png.height; ++y)
        for (int x = 0; x < png.width; ++x) {
            const unsigned char* p = png.at(x, y);
            const std::size_t k = static_cast<std::size_t>((y * gy / png.height) * gx + x * gx / png.width);
            d[k] += 1.0 - (p[0] + p[1] + p[2]) / (3.0 * 255.0);
            ++n[k];
        }
    for (std::size_t k = 0; k < d.size(); ++k) d[k] /= std::max(1, n[k]);
    return d;
}

TEST(PdfExport, EveryViewOpensRasterizesAndMatchesThePng) {
    if (!havePoppler()) GTEST_SKIP() << "poppler-utils (pdfinfo, pdftoppm) not installed";
    TempDir dir;
    const std::vector<std::string> views = {"ladder",
                                            "wavelengths",
                                            "phase-circle",
                                            "phase-sawtooth",
                                            "scores",
                                            "kernel",
                                            "alibi",
                                            "alibi-slopes",
                                            "t5",
                                            "turns",
                                            "aliasing",
                                            "ladder-point",
                                            "ladder-mean",
                                            "extension-scale",
                                            "extension-wavelengths",
                                            "extension-kernel",
                                            "attention-factor"};
    for (const std::string& view : views) {
        const std::string pdf = dir.file(view + ".pdf"), png = dir.file(view + ".png");
        const std::vector<std::string> common = {"export",
                                                 "--view",
                                                 view,
                                                 "--width",
                                                 "800",
                                                 "--height",
                                                 "500",
                                                 "--no-sidecar",
                                                 "--context",
                                                 "4096",
                                                 "--training-context",
                                                 "2048"};
        std::vector<std::string> a = common, b = common;
        a.insert(a.end(), {"--out", pdf});
        b.insert(b.end(), {"--out", png});
        const auto r1 = runPhaselens(a), r2 = runPhaselens(b);
        ASSERT_EQ(r1.code, 0) << view << ": " << r1.err;
        ASSERT_EQ(r2.code, 0) << view << ": " << r2.err;
        const std::string info = capture("pdfinfo " + shellQuote(pdf) + " 2>&1");
        EXPECT_NE(info.find("Pages:           1\n"), std::string::npos) << view << ": " << info;
        EXPECT_NE(info.find(" 460.8 x 288 pts"), std::string::npos) << view << ": " << info;
        const std::string raster = dir.file(view + "-pdf");
        ASSERT_EQ(std::system(("pdftoppm -png -singlefile -scale-to-x 800 -scale-to-y 500 " + shellQuote(pdf) + " " +
                               shellQuote(raster))
                                  .c_str()),
                  0)
            << view;
        const testing::Png fromPdf = readPng(raster + ".png"), fromPng = readPng(png);
        ASSERT_EQ(fromPdf.width, 800) << view;
        ASSERT_EQ(fromPdf.height, 500) << view;
        // Same layout: 16 x 10 blocks of 50 px have about the same ink (fonts rasterize differently).
        const std::vector<double> a1 = blockDarkness(fromPdf, 16, 10), a2 = blockDarkness(fromPng, 16, 10);
        double worst = 0, mean = 0;
        for (std::size_t k = 0; k < a1.size(); ++k) {
            worst = std::max(worst, std::abs(a1[k] - a2[k]));
            mean += std::abs(a1[k] - a2[k]) / static_cast<double>(a1.size());
        }
        EXPECT_LT(mean, 0.02) << view;
        EXPECT_LT(worst, 0.12) << view;
    }
}

TEST(PdfExport, DpiSetsThePageSize) {
    if (!havePoppler()) GTEST_SKIP() << "poppler-utils not installed";
    TempDir dir;
    const std::string pdf = dir.file("k.pdf");
    const auto r = runPhaselens({"export", "--view", "kernel", "--width", "900", "--height", "600", "--dpi", "300",
                                 "--out", pdf, "--no-sidecar"});
    ASSERT_EQ(r.code, 0) << r.err;
    const std::string info = capture("pdfinfo " + shellQuote(pdf) + " 2>&1");
    EXPECT_NE(info.find(" 216 x 144 pts"), std::string::npos) << info;  // 3 x 2 in
}

TEST(ExportCli, PresetAndConfigSetTheParameters) {
    TempDir dir;
    const std::string out = dir.file("w.csv");
    auto r = runPhaselens({"export", "--view", "wavelengths", "--preset", "llama-3.1-8b", "--out", out});
    ASSERT_EQ(r.code, 0) << r.err;
    const std::string sidecar = testing::readFile(out + ".json");
    EXPECT_NE(sidecar.find("\"rope_theta\": 500000"), std::string::npos);
    EXPECT_NE(sidecar.find("\"rope_type\": \"llama3\""), std::string::npos);
    r = runPhaselens({"export", "--view", "wavelengths", "--preset", "no-such-model", "--out", out});
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("no-such-model"), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty());
}

}  // namespace
}  // namespace phaselens::exporter
