#include "plot/svg_writer.h"

#include <gtest/gtest.h>

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

namespace phaselens::plot {
namespace {

// A small XML well-formedness check: one root element, balanced and properly nested tags, quoted
// attributes without raw '<', and only the five predefined entities or character references.
// Returns "" when well-formed, else what is wrong and where.
std::string checkWellFormed(const std::string& doc) {
    auto validEntity = [&](std::size_t amp) {
        static const char* names[] = {"amp;", "lt;", "gt;", "quot;", "apos;"};
        for (const char* n : names)
            if (doc.compare(amp + 1, std::char_traits<char>::length(n), n) == 0) return true;
        if (doc.compare(amp + 1, 1, "#") == 0) {
            const std::size_t semi = doc.find(';', amp);
            return semi != std::string::npos && semi - amp <= 10;
        }
        return false;
    };
    auto isNameChar = [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == ':' || c == '-' || c == '_' || c == '.';
    };
    std::vector<std::string> stack;
    int roots = 0;
    std::size_t i = 0;
    if (doc.compare(0, 5, "<?xml") == 0) i = doc.find("?>") + 2;
    while (i < doc.size()) {
        const char c = doc[i];
        if (c == '&') {
            if (!validEntity(i)) return "bad entity at " + std::to_string(i);
            ++i;
            continue;
        }
        if (c == '>') return "raw '>' in text is allowed but suspicious at " + std::to_string(i);
        if (c != '<') {
            if (stack.empty() && !std::isspace(static_cast<unsigned char>(c)))
                return "text outside the root at " + std::to_string(i);
            ++i;
            continue;
        }
        if (doc.compare(i, 4, "<!--") == 0) {
            i = doc.find("-->", i);
            if (i == std::string::npos) return "unterminated comment";
            i += 3;
            continue;
        }
        const bool closing = doc[i + 1] == '/';
        std::size_t j = i + (closing ? 2 : 1);
        const std::size_t nameStart = j;
        while (j < doc.size() && isNameChar(doc[j])) ++j;
        const std::string name = doc.substr(nameStart, j - nameStart);
        if (name.empty()) return "empty tag name at " + std::to_string(i);
        if (closing) {
            while (j < doc.size() && std::isspace(static_cast<unsigned char>(doc[j]))) ++j;
            if (doc[j] != '>') return "bad closing tag </" + name;
            if (stack.empty() || stack.back() != name) return "mismatched </" + name + ">";
            stack.pop_back();
            i = j + 1;
            continue;
        }
        // Attributes.
        std::vector<std::string> seen;
        while (true) {
            while (j < doc.size() && std::isspace(static_cast<unsigned char>(doc[j]))) ++j;
            if (j >= doc.size()) return "unterminated tag <" + name;
            if (doc[j] == '>' || doc.compare(j, 2, "/>") == 0) break;
            const std::size_t a = j;
            while (j < doc.size() && isNameChar(doc[j])) ++j;
            const std::string attr = doc.substr(a, j - a);
            if (attr.empty() || doc[j] != '=' || (doc[j + 1] != '"' && doc[j + 1] != '\''))
                return "bad attribute in <" + name + "> at " + std::to_string(a);
            for (const std::string& s : seen)
                if (s == attr) return "duplicate attribute " + attr + " in <" + name + ">";
            seen.push_back(attr);
            const char quote = doc[j + 1];
            const std::size_t end = doc.find(quote, j + 2);
            if (end == std::string::npos) return "unterminated attribute " + attr;
            for (std::size_t k = j + 2; k < end; ++k) {
                if (doc[k] == '<') return "raw '<' in attribute " + attr;
                if (doc[k] == '&' && !validEntity(k)) return "bad entity in attribute " + attr;
            }
            j = end + 1;
        }
        const bool selfClosing = doc[j] == '/';
        if (stack.empty()) ++roots;
        if (!selfClosing) stack.push_back(name);
        i = j + (selfClosing ? 2 : 1);
    }
    if (!stack.empty()) return "unclosed <" + stack.back() + ">";
    if (roots != 1) return "expected one root element, got " + std::to_string(roots);
    return "";
}

std::size_t count(const std::string& s, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
    return n;
}

PlotSpec heatmapPlot() {
    HeatmapSpec h;
    h.rows = h.cols = 8;
    h.xMax = h.yMax = 4096;
    for (int i = 0; i < 64; ++i) h.values.push_back(static_cast<float>(i) / 63.0f);
    h.values[9] = -std::numeric_limits<float>::infinity();
    for (unsigned i = 0; i < 256; ++i) h.lut.push_back(rgba(i, 0, 255 - i));
    h.colorbarLabel = "score <q\xC2\xB7k> & \"bits\"";  // needs escaping, with a UTF-8 middle dot
    PlotSpec spec = makeHeatmapPlot(h, "key position", "query position", "RoPE scores");
    spec.caption = "theta = 10000\ncontext 4096";
    spec.refLines.push_back({Orientation::Vertical, 2048, "training 2048", 0, 1, true});
    return spec;
}

PlotSpec logLinePlot() {
    PlotSpec spec;
    spec.title = "Attention decay";
    spec.x.label = "relative distance";
    spec.x.log = true;
    spec.y.label = "mean |score|";
    LineSeries a;
    a.name = "RoPE";
    LineSeries b;
    b.name = "ALiBi";
    b.markers = true;
    for (int i = 0; i <= 20; ++i) {
        const double d = std::pow(10.0, i * 0.25);
        a.x.push_back(d);
        a.y.push_back(1.0 / std::sqrt(d));
        b.x.push_back(d);
        b.y.push_back(std::exp(-d / 1000));
    }
    spec.series = {a, b};
    return spec;
}

TEST(Base64, Rfc4648Vectors) {
    auto enc = [](const std::string& s) {
        return base64Encode(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
    };
    EXPECT_EQ(enc(""), "");
    EXPECT_EQ(enc("f"), "Zg==");
    EXPECT_EQ(enc("fo"), "Zm8=");
    EXPECT_EQ(enc("foo"), "Zm9v");
    EXPECT_EQ(enc("foob"), "Zm9vYg==");
    EXPECT_EQ(enc("fooba"), "Zm9vYmE=");
    EXPECT_EQ(enc("foobar"), "Zm9vYmFy");
    EXPECT_EQ(base64Encode(std::vector<std::uint8_t>{0xFF, 0xFE, 0xFD}), "//79");
}

TEST(XmlEscape, EscapesMarkupAndDropsControls) {
    EXPECT_EQ(xmlEscape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&apos;");
    EXPECT_EQ(xmlEscape(std::string("x\x01y\tz\n", 6)), "xy\tz\n");
    EXPECT_EQ(xmlEscape("\xC2\xB7"), "\xC2\xB7");  // UTF-8 passes through
}

TEST(WellFormedCheck, CatchesBrokenDocuments) {
    EXPECT_EQ(checkWellFormed("<a><b x=\"1\"/></a>"), "");
    EXPECT_NE(checkWellFormed("<a><b></a></b>"), "");
    EXPECT_NE(checkWellFormed("<a>x & y</a>"), "");
    EXPECT_NE(checkWellFormed("<a x=\"<\"/>"), "");
    EXPECT_NE(checkWellFormed("<a/><b/>"), "");
    EXPECT_NE(checkWellFormed("<a>"), "");
}

TEST(Svg, HeatmapDocumentIsWellFormedAndComplete) {
    const PlotSpec spec = heatmapPlot();
    const PlotTheme theme = lightTheme();
    SvgOptions opt;
    opt.heatmapPng = {0x89, 'P', 'N', 'G'};
    const std::string svg = toSvg(spec, theme, 800, 600, opt);
    EXPECT_EQ(checkWellFormed(svg), "");
    EXPECT_EQ(svg.rfind("<?xml", 0), 0u);
    EXPECT_NE(svg.find("width=\"800\" height=\"600\" viewBox=\"0 0 800 600\""), std::string::npos);
    EXPECT_NE(svg.find(">key position</text>"), std::string::npos);
    EXPECT_NE(svg.find(">query position</text>"), std::string::npos);
    EXPECT_NE(svg.find(">RoPE scores</text>"), std::string::npos);
    EXPECT_NE(svg.find(">training 2048</text>"), std::string::npos);
    EXPECT_NE(svg.find(">context 4096</text>"), std::string::npos);
    EXPECT_NE(svg.find(">score &lt;q\xC2\xB7k&gt; &amp; &quot;bits&quot;</text>"), std::string::npos);
    EXPECT_NE(svg.find("href=\"data:image/png;base64,iVBORw==\""), std::string::npos);
    EXPECT_NE(svg.find("stroke-dasharray"), std::string::npos);
    EXPECT_EQ(count(svg, "<stop "), 2u * 256u);                        // two stops per LUT entry
    EXPECT_NE(svg.find("stop-color=\"#0000ff\""), std::string::npos);  // vmin end
    EXPECT_NE(svg.find("stop-color=\"#ff0000\""), std::string::npos);  // vmax end

    // Every tick label of the shared layout is in the document.
    const PlotLayout L = computeLayout(spec, theme, homeWindow(spec), 800, 600);
    ASSERT_FALSE(L.xTicks.empty());
    for (const TickMark& t : L.xTicks)
        if (t.major) {
            EXPECT_NE(svg.find(">" + t.label + "</text>"), std::string::npos) << t.label;
        }
    for (const TickMark& t : L.colorbarTicks)
        EXPECT_NE(svg.find(">" + t.label + "</text>"), std::string::npos) << t.label;
    EXPECT_EQ(toSvg(spec, theme, 800, 600, opt), svg);  // deterministic
}

TEST(Svg, PlotAreaMatchesTheSharedLayout) {
    const PlotSpec spec = heatmapPlot();
    const PlotTheme theme = lightTheme();
    const std::string svg = toSvg(spec, theme, 640, 480);
    const PlotLayout L = computeLayout(spec, theme, homeWindow(spec), 640, 480);
    char clip[200];
    std::snprintf(clip, sizeof clip, "<clipPath id=\"pl-plot\"><rect x=\"%g\" y=\"%g\"", L.plot.x0, L.plot.y0);
    EXPECT_NE(svg.find(clip), std::string::npos) << clip;
}

TEST(Svg, HeatmapWithoutPngIsDrawnAsRects) {
    const PlotSpec spec = heatmapPlot();
    const PlotTheme theme = lightTheme();
    const std::string svg = toSvg(spec, theme, 640, 480);
    EXPECT_EQ(checkWellFormed(svg), "");
    EXPECT_EQ(svg.find("<image"), std::string::npos);
    EXPECT_NE(svg.find("shape-rendering=\"crispEdges\""), std::string::npos);
    // 64 samples; the masked one in the theme's masked color; row 0 col 0 = vmin = blue.
    EXPECT_NE(svg.find("fill=\"#808080\""), std::string::npos);
    EXPECT_NE(svg.find("fill=\"#0000ff\""), std::string::npos);
}

TEST(Svg, ZoomedWindowKeepsImageClippedAndScaled) {
    const PlotSpec spec = heatmapPlot();
    SvgOptions opt;
    opt.heatmapPng = {1, 2, 3};
    opt.window = ViewWindow{1024, 2048, 1024, 2048};
    const std::string svg = toSvg(spec, lightTheme(), 640, 480, opt);
    EXPECT_EQ(checkWellFormed(svg), "");
    EXPECT_NE(svg.find("<image"), std::string::npos);
    EXPECT_NE(svg.find("clip-path=\"url(#pl-plot)\""), std::string::npos);
}

TEST(Svg, LogLinePlot) {
    const PlotSpec spec = logLinePlot();
    const PlotTheme theme = lightTheme();
    const std::string svg = toSvg(spec, theme, 640, 400);
    EXPECT_EQ(checkWellFormed(svg), "");
    EXPECT_EQ(count(svg, "<polyline"), 2u);
    EXPECT_EQ(count(svg, "<circle"), 22u);  // markers of the second series + its legend sample
    EXPECT_NE(svg.find(">relative distance</text>"), std::string::npos);
    EXPECT_NE(svg.find(">mean |score|</text>"), std::string::npos);
    EXPECT_NE(svg.find(">RoPE</text>"), std::string::npos);
    EXPECT_NE(svg.find(">ALiBi</text>"), std::string::npos);
    EXPECT_NE(svg.find(">100000</text>"), std::string::npos);
    EXPECT_NE(svg.find(">10</text>"), std::string::npos);
    EXPECT_NE(svg.find("rotate(-90"), std::string::npos);  // y label
}

TEST(Svg, InvalidSpecGivesAMessageNotACrash) {
    PlotSpec spec = heatmapPlot();
    spec.heatmap->values.resize(3);
    const std::string svg = toSvg(spec, lightTheme(), 300, 200);
    EXPECT_EQ(checkWellFormed(svg), "");
    EXPECT_NE(svg.find("cannot draw plot: heatmap.values has 3 entries"), std::string::npos);
}

TEST(Svg, XmllintAcceptsIt) {
#ifdef PHASELENS_XMLLINT
    const std::string path = ::testing::TempDir() + "phaselens_plot_test.svg";
    SvgOptions opt;
    opt.heatmapPng = {0x89, 'P', 'N', 'G'};
    for (const PlotSpec& spec : {heatmapPlot(), logLinePlot()}) {
        {
            std::ofstream f(path);
            f << toSvg(spec, darkTheme(), 700, 500, opt);
        }
        const std::string cmd = std::string(PHASELENS_XMLLINT) + " --noout '" + path + "'";
        EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    }
    std::remove(path.c_str());
#else
    GTEST_SKIP() << "xmllint not installed (libxml2-utils)";
#endif
}

}  // namespace
}  // namespace phaselens::plot
