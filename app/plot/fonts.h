// PhaseLens app — the UI font and the glyphs it carries.
//
// DejaVu Sans (Debian fonts-dejavu-core) rasterized for whole Unicode blocks rather than a hand-kept list of
// characters: the labels, captions and tooltips use Greek (θ, Σ, Δ), sub/superscripts (θᵢ, af²), arrows and math
// operators, and a character missing from the atlas shows as '?'. A test checks every string literal under app/ui
// and every view's texts against the built atlas.
#pragma once

#include <imgui.h>

namespace phaselens::plot {

/// Where the UI font is looked up.
inline constexpr const char* kUiFontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

/// Zero-terminated ImGui glyph ranges: Basic Latin and Latin-1, Greek, phonetic extensions (subscript letters),
/// general punctuation, super/subscripts, letterlike symbols, arrows, mathematical operators, miscellaneous
/// technical (⌈⌉⌊⌋), geometric shapes (▶ ●) and U+FFFD. Static storage: valid for the whole process.
const ImWchar* uiGlyphRanges();

/// Adds DejaVu Sans at `sizePx` with uiGlyphRanges() to the current context's atlas, or ImGui's built-in font
/// when the file is missing. Returns the font added.
ImFont* addUiFont(float sizePx);

}  // namespace phaselens::plot
