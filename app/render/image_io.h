// RGBA images in memory and atomic PNG writing.
//
// GL-free (target phaselens_render_cpu), so app/export and the CLI can write PNGs without a GL context.
//
// Pixel layout used throughout PhaseLens: 8-bit RGBA, straight alpha, rows top to bottom (row 0 is the
// top of the image, as in PNG and ImGui), `stride` bytes from one row to the next (>= width * 4).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace phaselens::render {

/// A tightly packed RGBA8 image: pixels.size() == width * height * 4, row 0 at the top,
/// pixel (x, y) at pixels[(y * width + x) * 4 + channel].
struct RgbaImage {
    int width = 0;                     // pixels
    int height = 0;                    // pixels
    std::vector<std::uint8_t> pixels;  // width * height * 4 bytes, top row first

    /// Pointer to the 4 bytes of pixel (x, y); no bounds check.
    const std::uint8_t* at(int x, int y) const {
        return pixels.data() + (static_cast<std::size_t>(y) * static_cast<std::size_t>(width) + x) * 4;
    }
};

/// Writes an RGBA8 PNG to `path` atomically.
///
/// The image is encoded (stb_image_write) into a new file `path + ".tmp-XXXXXX"` in the same directory
/// (created with O_EXCL, mode 0666 minus umask), flushed with fsync, then renamed over `path`. An existing
/// file at `path` is replaced only on success. On any failure the temporary file is removed and
/// std::runtime_error is thrown naming `path` and the reason, including strerror(errno) where the OS gave
/// one, e.g. "cannot write PNG '/x/y.png': cannot create temporary file '/x/y.png.tmp-a1b2c3': Permission
/// denied". A partial or corrupt file is never left behind.
///
/// `rgba` points to the top row; `strideBytes` is the distance between rows (>= width * 4).
/// Throws std::invalid_argument for width/height <= 0, a null `rgba`, a short stride or an empty path.
void writePngAtomic(const std::string& path, int width, int height, const std::uint8_t* rgba, int strideBytes);

/// Same as above for a whole RgbaImage (stride = width * 4). Also throws std::invalid_argument if
/// image.pixels.size() != width * height * 4.
void writePngAtomic(const std::string& path, const RgbaImage& image);

}  // namespace phaselens::render
