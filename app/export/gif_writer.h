// PhaseLens export — animated GIF writing with giflib (Debian libgif-dev), for animations of a plot
// (ui/animation.h: a sweep of position, context length, base or factor).
//
//     exporter::GifWriter gif("sweep.gif", 1600, 1000, 10);   // 10 cs = 0.1 s per frame, loops forever
//     for (const render::RgbaImage& frame : frames) gif.addFrame(frame);
//     gif.finish();                                           // renames the temporary file into place
//
// Colors. GIF frames hold at most 256 colors. addFrame(frame) gives a frame its own color table (a GIF "local color
// map"); addFrame(frame, palette) uses one SharedPalette for every frame of an animation, so colors do not shimmer
// from frame to frame (model::writeAnimation builds it from a few sample frames). Frames are encoded one at a time and
// memory stays at one frame whatever the length. Frames after the first that use the same table as the frame
// before store only the bounding box of the pixels that changed, with the unchanged ones in it as a transparent
// index that no changed pixel uses (the table gets a spare entry when there are fewer than 256 colors), and
// disposal "do not dispose"; an unchanged frame is one transparent pixel.
// Lossy mode (setTolerance(T), T > 0; T = 0, the default of the class, is lossless and byte-identical to giflib's
// coding): only pixels where the frame's local contrast (the largest per-channel difference to a 4-neighbour) is at
// least T may deviate, so flat areas and smooth gradients stay exact and the error hides in texture (visual masking).
// Such a pixel stays transparent when the color already shown is within T per channel (0..255, max over R, G, B) of
// its own, and the LZW coder (export/gif_lzw.h) may let a string stand for it when the string's color is within T.
// Every frame a viewer composes then differs from the lossless one (the frame's palette colors) by at most T per
// channel. Measured at 800×600, 48 frames, ladder: a base sweep 5.75 MB lossless, 4.89 MB at T = 8.
// A frame's own table:
//   * a frame with at most 256 distinct colors (line plots, flat fills) is stored exactly;
//   * otherwise the palette is a median cut of the frame's colors: a histogram over 5 bits per channel
//     (32768 bins) is split, box by box, at the count median of the longest channel of the box with the
//     most pixels × widest range, until there are 256 boxes; a box's color is the mean of its pixels.
//     Every bin is mapped to its nearest palette color (squared RGB distance). No dithering: plots have
//     flat areas and smooth colormaps, where dithering would only add noise.
// Alpha is composited over white (GIF transparency is all-or-nothing); export frames opaque.
//
// Files are written through export/safe_write.h (an exclusive, unpredictable temporary name in the same
// directory, renamed on finish()), so a failure never leaves a partial GIF; a writer destroyed without
// finish() removes its temporary file. Given a safe_write::TempFile (a member of a WriteSet: the GIF and its
// sidecar), the writer writes into it and finish() leaves the rename to the set's commit().
// Errors throw std::runtime_error naming the path and giflib's message (GifErrorString), or
// std::invalid_argument for a bad size, a frame of another size or a non-positive delay.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "render/image_io.h"

struct GifFileType;

namespace phaselens::safe_write {
class TempFile;
}

namespace phaselens::exporter {

/// A frame's palette (<= 256 RGB colors) and, per pixel, its palette index (row 0 at the top).
struct QuantizedFrame {
    std::vector<std::array<std::uint8_t, 3>> palette;  ///< 1..256 colors
    std::vector<std::uint8_t> indices;                 ///< width * height entries
    bool exact = false;                                ///< every pixel kept its color (<= 256 colors)
};

/// Quantizes one RGBA frame as described above (alpha composited over white). Deterministic.
QuantizedFrame quantizeFrame(const render::RgbaImage& frame);

/// One palette for all frames of an animation, built from sample frames (e.g. the first, the last and a few
/// between): their colors exactly when together they have at most 256 (first-appearance order), otherwise a median
/// cut (as above) of their pooled histogram. Deterministic.
class SharedPalette {
  public:
    /// Throws std::invalid_argument for no samples or a malformed frame.
    explicit SharedPalette(const std::vector<const render::RgbaImage*>& samples);
    /// Every pixel as the index of its color when the palette has it (exact = all did), else of the palette color
    /// nearest its 5-bit bin: frames between the samples may bring colors the samples did not have.
    QuantizedFrame quantize(const render::RgbaImage& frame) const;
    const std::vector<std::array<std::uint8_t, 3>>& colors() const { return colors_; }

  private:
    std::vector<std::array<std::uint8_t, 3>> colors_;
    std::unordered_map<std::uint32_t, std::uint8_t> exact_;  // 0xRRGGBB -> index
    std::vector<std::uint8_t> nearest_;                      // 5-bit bin -> index
};

class GifWriter {
  public:
    /// Opens the temporary file and writes the header, the screen descriptor and a NETSCAPE2.0 loop
    /// extension (loopCount 0 = forever). delayCs: display time of every frame, centiseconds, >= 1
    /// (viewers show delays below 2 as 10; pass >= 2). Throws as described in the file comment.
    GifWriter(const std::string& path, int width, int height, int delayCs, int loopCount = 0,
              safe_write::TempFile* into = nullptr);
    ~GifWriter();
    GifWriter(const GifWriter&) = delete;
    GifWriter& operator=(const GifWriter&) = delete;

    /// Quantizes and appends one frame of exactly width × height pixels, with its own color table.
    void addFrame(const render::RgbaImage& frame);
    /// Appends one frame with the colors of `palette` (the same table for every frame: no shimmer).
    void addFrame(const render::RgbaImage& frame, const SharedPalette& palette);
    /// Lossy mode with an error bound of `perChannel` (0..255; 0 = lossless), for the frames added after the call.
    /// Throws std::invalid_argument outside 0..255.
    void setTolerance(int perChannel);
    int tolerance() const { return tolerance_; }
    /// Closes the file and renames it to `path`. At least one frame is required.
    void finish();
    int frames() const { return frames_; }

  private:
    void checkFrame(const render::RgbaImage& frame) const;
    void writeFrame(const QuantizedFrame& q);
    void fail(const std::string& what, int gifError);
    std::string path_;
    std::unique_ptr<safe_write::TempFile> own_;  // the temporary file, unless written `into` a caller's
    safe_write::TempFile* file_ = nullptr;
    int width_, height_, delayCs_;
    int frames_ = 0;
    int tolerance_ = 0;  // lossy mode's error bound per channel (0 = lossless)
    GifFileType* gif_ = nullptr;
    bool finished_ = false;
    std::vector<std::uint8_t> canvas_;                        // indices of the frame before (what a viewer shows)
    std::vector<std::array<std::uint8_t, 3>> canvasPalette_;  // and their colors
};

/// Writes `frames` (all the same size, at least one) as an animated GIF, atomically.
void writeGifAtomic(const std::string& path, const std::vector<render::RgbaImage>& frames, int delayCs,
                    int loopCount = 0);

}  // namespace phaselens::exporter
