// PhaseLens export — the LZW coding of GIF image data (GIF89a, appendix F), with an optional lossy match for
// export/gif_writer.h's tolerance mode.
//
// Lossless: the classic greedy LZW of the GIF format. A string table starts with one entry per index (0 .. 2^m − 1,
// m = the minimum code size), then the clear code 2^m and the end code 2^m + 1; codes start at m + 1 bits, grow by
// one bit when the next free code reaches 2^bits, up to 12 bits; when the next free code would be 4095 the table is
// cleared (a clear code, back to m + 1 bits), as giflib does. The stream starts with a clear code and ends with the
// end code; bits are packed least significant first into data sub-blocks of at most 255 bytes.
//
// Lossy (the idea of "lossy LZW", e.g. gifsicle's --lossy, written here from the format alone): while extending the
// current string, the encoder accepts any next index the caller admits for the pixel (`Admit`), preferring the exact
// one; a string then stands for pixels whose colors are only within the caller's bound, and LZW finds longer
// strings. What each pixel finally shows is returned (`shown`), so the caller knows the decoder's canvas.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

namespace phaselens::exporter {

/// Whether index `symbol` may stand for pixel `pixel` (0-based in the stream). The exact index always may.
using LzwAdmit = std::function<bool(std::size_t pixel, std::uint8_t symbol)>;

/// Encodes `indices` (each < 2^minCodeSize, minCodeSize in 2..8) as GIF LZW data sub-blocks: [length 1..255][bytes]
/// repeated, without the zero-length terminator block. With `admit`, the lossy match above; `shown` (optional)
/// receives the index each pixel decodes to (= `indices` without `admit`). Throws std::invalid_argument for a bad
/// minCodeSize, an index out of range or no pixels.
std::vector<std::uint8_t> encodeGifLzw(const std::vector<std::uint8_t>& indices, int minCodeSize,
                                       const LzwAdmit& admit = {}, std::vector<std::uint8_t>* shown = nullptr);

}  // namespace phaselens::exporter
