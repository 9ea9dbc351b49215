// libFuzzer target for the plot layout (issue 13, defect 1: a caption wrap looped forever). Contract
// (plot/plot_layout.h): for any caption, title, frame size and font size, wrapCaption and computeLayout return
// within a bounded number of steps with at most kMaxCaptionLines caption lines. libFuzzer's -timeout catches a hang,
// -rss_limit_mb unbounded memory. Built and run by run_fuzz_files.sh.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "plot/plot_layout.h"

namespace {

float takeFloat(const uint8_t*& data, size_t& size) {
    float f = 0;
    if (size >= sizeof f) {
        std::memcpy(&f, data, sizeof f);
        data += sizeof f;
        size -= sizeof f;
    }
    return f;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace phaselens::plot;
    const float width = takeFloat(data, size), height = takeFloat(data, size), font = takeFloat(data, size);
    const std::string text(reinterpret_cast<const char*>(data), size);
    const std::size_t split = text.find('\x01');
    PlotTheme theme = lightTheme();
    if (font > 0 && font < 1000) theme.fontSize = font;
    const float w = width != width ? 0 : width, h = height != height ? 0 : height;  // NaN sizes mean 0
    const std::vector<std::string> lines = wrapCaption(text, w, theme.fontSize, theme);
    if (lines.size() > kMaxCaptionLines || lines.size() > text.size() + 1) {
        std::fprintf(stderr, "%zu caption lines for %zu bytes\n", lines.size(), text.size());
        std::abort();
    }
    PlotSpec spec;
    spec.caption = text.substr(0, split);
    if (split != std::string::npos) spec.title = text.substr(split + 1);
    spec.x.label = "x";
    spec.y.label = "y";
    LineSeries s;
    s.name = "series";
    s.x = {0, 1, 2};
    s.y = {0, 1, 4};
    spec.series.push_back(s);
    const float fw = std::abs(w) < 1e5f ? std::abs(w) : 7680, fh = std::abs(h) < 1e5f ? std::abs(h) : 4320;
    const PlotLayout L = computeLayout(spec, theme, homeWindow(spec), fw, fh);
    if (L.texts.size() > 100000) std::abort();
    return 0;
}
