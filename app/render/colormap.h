// PhaseLens colormaps: 256-entry RGBA8 lookup tables, embedded at build time from assets/colormaps/*.csv.
//
// GL-free (target phaselens_render_cpu): the SVG/CSV exporters and tests use the same tables and the
// same value -> color rule as the GPU heatmap shader (shaders/heatmap.frag), so an exported SVG and the
// on-screen/PNG heatmap agree cell for cell (up to one LUT step at bin edges: the GPU normalises in
// float32, colorForValue() in double).
//
// Value -> color, identical on CPU and GPU:
//   masked   = isnan(v) || v == -inf                      -> the caller's "masked" color
//   t        = (v - vmin) / (vmax - vmin)                 linear; if vmax == vmin: 0 below, 1 above, 0.5 equal
//   index    = clamp(floor(t * 256), 0, 255)              matplotlib's rule; +inf -> 255, out of range clamps
//   color    = lut[index]
//
// Maps (see assets/colormaps/README.md for origin and license):
//   viridis, magma, cividis   perceptually uniform sequential maps (low = dark)
//   diverging                 blue (low) - white (middle) - red (high), matplotlib's RdBu_r; use limits
//                             symmetric around 0 for signed values so that 0 is white
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace phaselens::render {

/// The colormaps PhaseLens ships. Names (colormapName / colormapFromName): "viridis", "magma",
/// "cividis", "diverging".
enum class Colormap { Viridis, Magma, Cividis, Diverging };

/// Number of entries in every lookup table.
inline constexpr int kColormapSize = 256;

/// One color: red, green, blue, alpha, each 0-255 (sRGB, straight alpha).
using Rgba8 = std::array<std::uint8_t, 4>;

/// A lookup table: entry 0 is the low end of the scale, entry 255 the high end. Alpha is always 255.
using ColormapLut = std::array<Rgba8, kColormapSize>;

/// Every colormap, in enum order (for combo boxes and tests).
inline constexpr std::array<Colormap, 4> kAllColormaps = {Colormap::Viridis, Colormap::Magma, Colormap::Cividis,
                                                          Colormap::Diverging};

/// The lookup table of `map`. The reference stays valid for the whole program (static storage).
const ColormapLut& colormapLut(Colormap map);

/// Lower-case name of `map`: "viridis", "magma", "cividis" or "diverging".
std::string_view colormapName(Colormap map);

/// Inverse of colormapName (exact, lower-case match).
/// Throws std::invalid_argument("unknown colormap 'jet'; valid names: viridis, magma, cividis, diverging").
Colormap colormapFromName(std::string_view name);

/// LUT index for a normalised position t: clamp(floor(t * 256), 0, 255). NaN gives 0.
int colormapIndex(double t);

/// Color at normalised position t in [0, 1] (values outside clamp): colormapLut(map)[colormapIndex(t)].
/// Nearest entry, no interpolation, exactly what the shader draws. NaN gives entry 0; mask first.
Rgba8 colorAt(Colormap map, double t);

/// True for values drawn with the masked color: NaN and -inf (attention masks). +inf is not masked.
bool isMaskedValue(double value);

/// Normalised position of `value` for limits [vmin, vmax] (see the rule at the top; not clamped).
/// Requires vmin <= vmax; both finite.
double normalizeValue(double value, double vmin, double vmax);

/// Full CPU mirror of shaders/heatmap.frag: `masked` for masked values, else
/// colorAt(map, normalizeValue(value, vmin, vmax)).
Rgba8 colorForValue(Colormap map, double value, double vmin, double vmax, Rgba8 masked);

}  // namespace phaselens::render
