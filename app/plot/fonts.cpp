#include "plot/fonts.h"

#include <filesystem>

namespace phaselens::plot {

const ImWchar* uiGlyphRanges() {
    static const ImWchar ranges[] = {
        0x0020, 0x00FF,  // Basic Latin, Latin-1 (·, ², ³, °, ×)
        0x0370, 0x03FF,  // Greek
        0x1D00, 0x1DBF,  // phonetic extensions: subscript letters (ᵢ)
        0x2000, 0x206F,  // general punctuation (–, —, …, ‖)
        0x2070, 0x209F,  // superscripts and subscripts (ⁱ, ₀)
        0x2100, 0x214F,  // letterlike symbols
        0x2190, 0x21FF,  // arrows
        0x2200, 0x22FF,  // mathematical operators (∑, √, ≤, ≈, ∞)
        0x2300, 0x23FF,  // miscellaneous technical (⌈ ⌉ ⌊ ⌋)
        0x25A0, 0x25FF,  // geometric shapes
        0xFFFD, 0xFFFD,  // replacement character
        0,
    };
    return ranges;
}

ImFont* addUiFont(float sizePx) {
    ImGuiIO& io = ImGui::GetIO();
    std::error_code ec;
    if (std::filesystem::exists(kUiFontPath, ec))
        if (ImFont* font = io.Fonts->AddFontFromFileTTF(kUiFontPath, sizePx, nullptr, uiGlyphRanges())) return font;
    return io.Fonts->AddFontDefault();
}

}  // namespace phaselens::plot
