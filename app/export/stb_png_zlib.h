// Internal to phaselens_export: stb_image_write's PNG writer with zlib deflate (stb_png_zlib.cpp).
#pragma once

#include <cstdint>
#include <vector>

namespace phaselens::exporter::detail {

/// PNG bytes of `channels` (3 = RGB, 4 = RGBA) 8-bit pixels, rows top first, `strideBytes` apart, into
/// `out`. `filter`: PNG filter forced on every row (0 none, 1 sub, 2 up, 3 average, 4 paeth; -1 = stb's
/// per-row choice, slow). `zlibLevel`: 1 (fast) .. 9 (small). Not thread-safe (stb's globals).
/// Returns false if encoding failed (out of memory).
bool stbPngWithZlib(const std::uint8_t* pixels, int width, int height, int channels, int strideBytes, int filter,
                    int zlibLevel, std::vector<std::uint8_t>& out);

}  // namespace phaselens::exporter::detail
