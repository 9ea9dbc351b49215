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

namespace phaselens::safe_write {
class TempFile;
}

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

/// Writes an RGBA8 PNG to `path` atomically, through export/safe_write.h: encoded (stb_image_write) into an
/// exclusive temporary file with an unpredictable name in the same directory, fsynced, then renamed over
/// `path`. An existing file at `path` is replaced only on success; a destination that is not a regular file
/// (FIFO, device, directory, symbolic link) is refused. On any failure the temporary file is removed and
/// std::runtime_error (safe_write::WriteError) is thrown naming `path` and the reason. A partial or
/// corrupt file is never left behind.
///
/// `rgba` points to the top row; `strideBytes` is the distance between rows (>= width * 4).
/// Throws std::invalid_argument for width/height <= 0, a null `rgba`, a short stride or an empty path.
void writePngAtomic(const std::string& path, int width, int height, const std::uint8_t* rgba, int strideBytes);

/// Same as above for a whole RgbaImage (stride = width * 4). Also throws std::invalid_argument if
/// image.pixels.size() != width * height * 4.
void writePngAtomic(const std::string& path, const RgbaImage& image);

/// Encodes the PNG into an open temporary file (one member of a safe_write::WriteSet, e.g. a PNG sequence);
/// the caller commits. Same argument checks as writePngAtomic; write errors throw naming the destination.
void writePng(safe_write::TempFile& file, int width, int height, const std::uint8_t* rgba, int strideBytes);
void writePng(safe_write::TempFile& file, const RgbaImage& image);

}  // namespace phaselens::render
