// `phaselens export --compare-*`: one figure with panels A and B (PNG, SVG, PDF), both panels' data (CSV, NPY), the
// same axes and color scale, titles naming A and B, the sidecar saying what the files contain. The real binary,
// DISPLAY unset (PNG through headless EGL).
#include "export/compare_export.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "export_test_util.h"
#include "phaselens/learned.h"

namespace phaselens::exporter {
namespace {

using namespace testing;

std::vector<std::string> gemmaLocalGlobal(const std::string& out) {
    return {"export",
            "--view",
            "ladder",
            "--preset",
            "gemma-3-27b-it",
            "--layer",
            "0",
            "--compare-layer",
            "5",
            "--context",
            "8192",
            "--width",
            "900",
            "--height",
            "420",
            "--out",
            out};
}

size_t count(const std::string& text, const std::string& what) {
    size_t n = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
    return n;
}

// Distinct colors in the columns [x0, x1) of a PNG.
size_t colorsIn(const Png& png, int x0, int x1) {
    std::set<uint32_t> colors;
    for (int y = 0; y < png.height; y += 2)
        for (int x = x0; x < x1; x += 2) {
            const unsigned char* p = &png.rgba[(static_cast<size_t>(y) * png.width + x) * 4];
            colors.insert(p[0] | (p[1] << 8) | (p[2] << 16));
        }
    return colors.size();
}

TEST(CompareExport, PngHasBothPanelsSideBySide) {
    TempDir dir;
    const RunResult r = runPhaselens(gemmaLocalGlobal(dir.file("ab.png")));
    ASSERT_EQ(r.code, 0) << r.err;
    const Png png = readPng(dir.file("ab.png"));
    ASSERT_EQ(png.width, 900);
    ASSERT_EQ(png.height, 420);
    EXPECT_GT(colorsIn(png, 0, 450), 50u);  // a heatmap in each half
    EXPECT_GT(colorsIn(png, 450, 900), 50u);
    const nlohmann::json side = nlohmann::json::parse(readFile(dir.file("ab.png.json")));
    const nlohmann::json& c = side["_phaselens"]["compare"];
    EXPECT_EQ(c["label_a"], "gemma-3-27b-it · layer 0 (RoPE θ 1e4)");
    EXPECT_EQ(c["label_b"], "gemma-3-27b-it · layer 5 (RoPE θ 1e6, linear ×8)");
    EXPECT_EQ(c["state_b"]["layer_index"], 5);
    EXPECT_EQ(side["layer_index"], 0);
    EXPECT_EQ(side["layer_model"], "preset:gemma-3-27b-it");
}

TEST(CompareExport, SvgAndPdfHoldBothPanelsNamedAAndB) {
    TempDir dir;
    const RunResult svg = runPhaselens({"export", "--view", "wavelengths", "--preset", "llama-2-7b", "--compare-preset",
                                        "llama-3.1-8b", "--out", dir.file("ab.svg")});
    ASSERT_EQ(svg.code, 0) << svg.err;
    const std::string text = readFile(dir.file("ab.svg"));
    EXPECT_EQ(count(text, "<svg "), 3u);  // the figure and its two panels
    EXPECT_NE(text.find("A · llama-2-7b"), std::string::npos);
    EXPECT_NE(text.find("B · llama-3.1-8b"), std::string::npos);
    EXPECT_NE(text.find("id=\"a-plot\""), std::string::npos);
    EXPECT_NE(text.find("id=\"b-plot\""), std::string::npos);
    EXPECT_EQ(std::system(("xmllint --noout " + shellQuote(dir.file("ab.svg"))).c_str()), 0);
    const RunResult pdf = runPhaselens({"export", "--view", "wavelengths", "--preset", "llama-2-7b", "--compare-preset",
                                        "llama-3.1-8b", "--out", dir.file("ab.pdf")});
    ASSERT_EQ(pdf.code, 0) << pdf.err;
    EXPECT_EQ(readFile(dir.file("ab.pdf")).rfind("%PDF", 0), 0u);
    ASSERT_EQ(
        std::system(("pdftotext " + shellQuote(dir.file("ab.pdf")) + " " + shellQuote(dir.file("ab.txt"))).c_str()), 0);
    const std::string words = readFile(dir.file("ab.txt"));
    EXPECT_NE(words.find("llama-2-7b"), std::string::npos) << words;
    EXPECT_NE(words.find("llama-3.1-8b"), std::string::npos) << words;
}

TEST(CompareExport, CsvAndNpyHoldBothPanelsOnTheSameAxesAndColorScale) {
    TempDir dir;
    ASSERT_EQ(runPhaselens(gemmaLocalGlobal(dir.file("ab.csv"))).code, 0);
    const std::string csv = readFile(dir.file("ab.csv"));
    const size_t b = csv.find("# panel B: ");
    ASSERT_EQ(csv.rfind("# panel A: gemma-3-27b-it · layer 0", 0), 0u);
    ASSERT_NE(b, std::string::npos);
    const std::string a = csv.substr(0, b), bb = csv.substr(b);
    auto line = [](const std::string& block, const std::string& start) {
        const size_t at = block.find(start);
        return at == std::string::npos ? std::string() : block.substr(at, block.find('\n', at) - at);
    };
    EXPECT_FALSE(line(a, "row,y0,y1").empty());
    EXPECT_EQ(line(a, "row,y0,y1"), line(bb, "row,y0,y1"));  // the same key columns: shared x axis
    const std::string limitsA = line(a, "# values"), limitsB = line(bb, "# values");
    EXPECT_EQ(limitsA.substr(limitsA.find("color limits")), limitsB.substr(limitsB.find("color limits")));
    ASSERT_EQ(runPhaselens(gemmaLocalGlobal(dir.file("ab.npy"))).code, 0);
    const std::string npy = readFile(dir.file("ab.npy"));
    EXPECT_EQ(npy.rfind("\x93NUMPY", 0), 0u);
    EXPECT_NE(npy.find("'shape': (2, 64, "), std::string::npos) << npy.substr(0, 120);
    EXPECT_EQ((10 + (static_cast<unsigned char>(npy[8]) | (static_cast<unsigned char>(npy[9]) << 8))) % 64, 0u);
}

TEST(CompareExport, StackNpyPadsTheSmallerPanelWithNan) {
    const std::string a = core::toNpy(Eigen::MatrixXd::Constant(2, 3, 1.0));
    const std::string b = core::toNpy(Eigen::MatrixXd::Constant(1, 4, 2.0));
    const std::string s = stackNpy(a, b);
    EXPECT_NE(s.find("'shape': (2, 2, 4)"), std::string::npos);
    const size_t data = 10 + (static_cast<unsigned char>(s[8]) | (static_cast<unsigned char>(s[9]) << 8));
    ASSERT_EQ(s.size(), data + 8 * 16);
    auto at = [&](size_t k) {
        double v;
        std::memcpy(&v, s.data() + data + 8 * k, 8);
        return v;
    };
    EXPECT_EQ(at(0), 1.0);
    EXPECT_TRUE(std::isnan(at(3)));   // A's row 0 padded to 4 columns
    EXPECT_EQ(at(8), 2.0);            // B starts at [1, 0, 0]
    EXPECT_TRUE(std::isnan(at(12)));  // B's missing row 1
}

}  // namespace
}  // namespace phaselens::exporter
