// Every character the UI can draw is in the UI font (plot/fonts.h): a character missing from the atlas is drawn as
// '?' (a caption once read "2·af²·? cos(Δ·θᵢ)" because Σ was not in a hand-kept glyph list). Checked against the
// atlas actually built from DejaVu Sans: the texts of every view's laid-out plot (title, ticks, axis labels, color
// bar, legend, notes, caption) and every string literal in the sources of app/ui (panel labels, tooltips).
#include <gtest/gtest.h>
#include <imgui.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "export/unicode_math.h"
#include "model/app_state.h"
#include "model/views.h"
#include "plot/fonts.h"
#include "plot/plot_layout.h"
#include "plot/plot_theme.h"

namespace phaselens::model {
namespace {

// Code points of a UTF-8 string above ASCII (malformed bytes become U+FFFD, which is in the font too).
std::set<unsigned> nonAsciiCodePoints(const std::string& s) {
    std::set<unsigned> out;
    for (size_t i = 0; i < s.size();) {
        const auto b = static_cast<unsigned char>(s[i]);
        int extra = b < 0x80 ? 0 : (b >> 5) == 6 ? 1 : (b >> 4) == 14 ? 2 : (b >> 3) == 30 ? 3 : -1;
        if (extra < 0 || i + static_cast<size_t>(extra) >= s.size() + (extra == 0 ? 1 : 0)) {
            out.insert(0xFFFD);
            ++i;
            continue;
        }
        unsigned cp = extra == 0 ? b : b & (0x3Fu >> extra);
        for (int k = 1; k <= extra; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3Fu);
        if (cp >= 0x80) out.insert(cp);
        i += static_cast<size_t>(extra) + 1;
    }
    return out;
}

std::string hex(unsigned cp) {
    std::ostringstream os;
    os << "U+" << std::hex << std::uppercase << cp;
    return os.str();
}

class GlyphCoverage : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_TRUE(std::filesystem::exists(plot::kUiFontPath)) << plot::kUiFontPath << " missing (fonts-dejavu-core)";
        context_ = ImGui::CreateContext();
        font_ = plot::addUiFont(15.0f);
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        ImGui::GetIO().Fonts->GetTexDataAsAlpha8(&pixels, &w, &h);  // builds the atlas (CPU only)
        ASSERT_NE(pixels, nullptr);
    }
    void TearDown() override { ImGui::DestroyContext(context_); }

    // The characters of `text` the atlas lacks, e.g. "U+3A3 'Σ'".
    std::string missing(const std::string& text) const {
        std::string out;
        for (unsigned cp : nonAsciiCodePoints(text))
            if (cp > 0xFFFF || font_->FindGlyphNoFallback(static_cast<ImWchar>(cp)) == nullptr) out += " " + hex(cp);
        return out;
    }

    ImGuiContext* context_ = nullptr;
    ImFont* font_ = nullptr;
};

TEST_F(GlyphCoverage, TheAtlasHasTheCharactersOfThisTest) {
    EXPECT_EQ(missing("θᵢ Σ ∑ Δ af² ·×− → ≤ ≈ ∞ √ ⌈⌉ λ π ω"), "");
}

TEST_F(GlyphCoverage, EveryViewsTextsAreInTheFont) {
    AppState variants[3];
    variants[1].scoreSource = ScoreSource::Random;
    variants[1].rope.type = core::RopeType::Yarn;
    variants[1].rope.factor = 4.0;
    variants[2].scoreScheme = ScoreScheme::Xpos;
    variants[2].ladderScheme = LadderScheme::Sinusoidal;
    for (const AppState& state : variants) {
        for (int v = 0; v < static_cast<int>(View::Count); ++v) {
            const View view = static_cast<View>(v);
            const ViewResult r = buildView(view, state);
            for (const plot::PlotTheme& theme : {plot::darkTheme(), plot::lightTheme()}) {
                const plot::PlotLayout layout = plot::computeLayout(r.spec, theme, plot::homeWindow(r.spec), 900, 600);
                for (const plot::TextItem& t : layout.texts)
                    EXPECT_EQ(missing(t.text), "") << viewName(view) << ": \"" << t.text << "\"";
            }
            EXPECT_EQ(missing(r.convention), "") << viewName(view) << " convention: " << r.convention;
        }
    }
}

TEST_F(GlyphCoverage, EveryStringLiteralOfTheUiSourcesIsInTheFont) {
    const std::filesystem::path app = PHASELENS_APP_DIR;
    const std::regex literal(R"re("(?:[^"\\\n]|\\.)*")re");
    int files = 0;
    for (const std::filesystem::path& dir : {app / "ui", app / "model"})  // the widgets and the views' texts
        for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
            if (entry.path().extension() != ".cpp" && entry.path().extension() != ".h") continue;
            std::ifstream in(entry.path(), std::ios::binary);
            std::stringstream text;
            text << in.rdbuf();
            const std::string source = text.str();
            ++files;
            int line = 1;
            size_t counted = 0;
            for (std::sregex_iterator it(source.begin(), source.end(), literal), end; it != end; ++it) {
                const size_t at = static_cast<size_t>(it->position());
                for (; counted < at; ++counted) line += source[counted] == '\n';
                EXPECT_EQ(missing(it->str()), "")
                    << entry.path().filename().string() << ":" << line << ": " << it->str();
            }
        }
    EXPECT_GT(files, 20) << app;
}

// The window shows every view's generated texts through export/unicode_math.h (θᵢ, ×, ≤, √, −), like the exports:
// the converted texts must be in the atlas too.
TEST_F(GlyphCoverage, EveryViewsUnicodeTextsAreInTheFont) {
    AppState variants[2];
    variants[1].rope.type = core::RopeType::Yarn;
    variants[1].rope.factor = 4.0;
    variants[1].ladderScheme = LadderScheme::Sinusoidal;
    int converted = 0;
    for (const AppState& state : variants)
        for (int v = 0; v < static_cast<int>(View::Count); ++v) {
            const View view = static_cast<View>(v);
            const ViewResult r = buildView(view, state);
            for (const std::string& text : {r.spec.title, r.spec.caption, r.spec.x.label, r.spec.y.label}) {
                const std::string u = exporter::unicodeMath(text);
                converted += u != text;
                EXPECT_EQ(missing(u), "") << viewName(view) << ": \"" << u << "\"";
            }
            for (const plot::LineSeries& s : r.spec.series)
                EXPECT_EQ(missing(exporter::unicodeMath(s.name)), "") << viewName(view) << ": " << s.name;
        }
    EXPECT_GT(converted, 0) << "some caption uses theta_i or x: the conversion is exercised";
}

}  // namespace
}  // namespace phaselens::model
