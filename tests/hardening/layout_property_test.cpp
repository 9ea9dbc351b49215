// Issue 13, defect 1: plot layout always terminates. Every view's layout at random frame sizes from 1×1 to 8K
// with random captions (long words, many spaces, newlines, multi-byte text) finishes within a time bound and
// returns a bounded number of texts; wrapCaption's lines fit the width whenever one character does.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "export/export.h"
#include "model/state_io.h"
#include "model/views.h"
#include "plot/plot_layout.h"

namespace phaselens {
namespace {

std::string randomCaption(std::mt19937_64& rng) {
    static const char* const kPieces[] = {
        "a", "word", " ", "  ", "\n", "θᵢ", "—", "x", "1048576", "Σ", "\t", "··", "é", " \n", "supercalifragilistic"};
    std::uniform_int_distribution<int> count(0, 120), pick(0, static_cast<int>(std::size(kPieces)) - 1), longWord(0, 9);
    std::string s;
    const int n = count(rng);
    for (int i = 0; i < n; ++i) {
        if (longWord(rng) == 0)
            s += std::string(std::uniform_int_distribution<int>(50, 400)(rng), 'w');  // wider than any line
        else
            s += kPieces[pick(rng)];
    }
    return s;
}

TEST(LayoutProperty, WrapCaptionTerminatesAndLinesFit) {
    std::mt19937_64 rng(13);
    const plot::PlotTheme theme = plot::lightTheme();
    std::uniform_real_distribution<float> width(-10.0f, 8000.0f);
    for (int i = 0; i < 3000; ++i) {
        const std::string caption = randomCaption(rng);
        const float w = i % 50 == 0 ? std::nanf("") : width(rng);
        // Bounded output instead of a wall-clock bound (a hang is caught by the ctest timeout).
        const std::vector<std::string> lines = plot::wrapCaption(caption, w, theme.fontSize, theme);
        ASSERT_LE(lines.size(), plot::kMaxCaptionLines);
        ASSERT_LE(lines.size(), caption.size() + 1);
        const float one = theme.charAdvance * theme.fontSize;
        if (w >= one) {
            for (const std::string& line : lines)
                ASSERT_LE(plot::estimateTextWidth(line, theme.fontSize, theme), w) << "'" << line << "' at " << w;
        }
    }
}

// The reported hangs: a continuation line after a word wider than the line, at every small width.
TEST(LayoutProperty, ReportedCaptionHangsTerminate) {
    const plot::PlotTheme theme = plot::lightTheme();
    const std::string word(300, 'x');
    for (float w = 0; w < 400; w += 0.5f) {
        EXPECT_FALSE(plot::wrapCaption("short " + word + " tail", w, theme.fontSize, theme).empty());
        EXPECT_FALSE(plot::wrapCaption("a bb ccc dddd " + word, w, theme.fontSize, theme).empty());
    }
}

// Every view through the export figure pipeline (the same theme scaling as the CLI and the window) at random sizes.
TEST(LayoutProperty, EveryViewLaysOutAtAnySizeWithAnyCaption) {
    std::mt19937_64 rng(2026);
    std::uniform_int_distribution<int> side(1, 7680), tiny(1, 64), kind(0, 3);
    std::uniform_real_distribution<float> fontScale(0.5f, 3.0f);
    for (const std::string& name : model::viewNames()) {
        exporter::ExportRequest request;
        request.view = model::viewFromName(name);
        request.state.contextLength = 4096;
        exporter::Figure figure = exporter::buildFigure(request);
        for (int i = 0; i < 40; ++i) {
            const int k = kind(rng);
            const int w = k == 0 ? tiny(rng) : side(rng), h = k == 1 ? tiny(rng) : std::min(side(rng), 4320);
            const plot::PlotTheme theme =
                exporter::figureTheme(model::ThemeChoice::Light, fontScale(rng), w, h, 0.0f, false);
            plot::PlotSpec spec = figure.view.spec;
            if (i % 2) spec.caption = randomCaption(rng);
            if (i % 7 == 0) spec.title = std::string(500, 'T');
            // Termination is bounded by the layout's output (a bounded number of text items); a loop that never ends
            // is caught by the test's ctest timeout. No wall-clock assertion: sanitized runs on a busy machine vary.
            const plot::PlotLayout L =
                plot::computeLayout(spec, theme, plot::homeWindow(spec), static_cast<float>(w), static_cast<float>(h));
            ASSERT_LT(L.texts.size(), 20000u) << name << " at " << w << "x" << h;
        }
    }
}

}  // namespace
}  // namespace phaselens
