// PhaseLens export — MP4 video writing through Debian's FFmpeg libraries (libavformat, libavcodec,
// libswscale, libavutil), for animations of a plot (model/animation.h) that slides embed:
//
//     exporter::Mp4Writer mp4("sweep.mp4", 1600, 1000, 10.0);   // 10 frames per second
//     for (const render::RgbaImage& frame : frames) mp4.addFrame(frame);
//     mp4.finish();                                             // renames the temporary file into place
//
// Codec: H.264 through libx264 when libavcodec has it (Debian's does: High profile, yuv420p, preset "medium",
// CRF 18 — sharp text and thin lines, a key frame at least every 2 s), else MPEG-4 part 2 (libavcodec's own
// "mpeg4", fixed quantizer 2); codecName() says which. Pixels: RGBA composited over white (like the GIF writer),
// converted by libswscale to 4:2:0 Y'CbCr with BT.709 coefficients, limited range, and tagged so (colour
// primaries, transfer, matrix, range), which is what players assume for HD video.
// 4:2:0 halves the chroma resolution in both directions, so width and height must be even: an odd size throws
// std::invalid_argument ("MP4 frame size must be even ... got 801x600"); a caller pads or rejects.
// Layout: "fast start" (the muxer's movflags=+faststart): the index (moov) precedes the media data (mdat), so a
// player or browser starts before it has the whole file; the muxer's second pass reads the file back through the
// same descriptor (AVFormatContext::io_open), never by name.
// Timing: frame k has presentation time k / fps (fps as a rational, av_d2q), the stream's average frame rate is
// fps, the last frame lasts 1 / fps.
//
// Files are written through export/safe_write.h: the container is muxed into a safe_write::TempFile (a custom
// AVIOContext writing and seeking on its descriptor, no second open by name), renamed on finish(); a writer
// destroyed without finish() removes it. Given a TempFile (a member of a WriteSet: the video and its sidecar),
// finish() leaves the rename to the set's commit(). Errors throw std::runtime_error (safe_write::WriteError
// for I/O) naming the path and FFmpeg's message, std::invalid_argument for a bad size, fps or frame.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "render/image_io.h"

namespace phaselens::safe_write {
class TempFile;
}

namespace phaselens::exporter {

class Mp4Writer {
  public:
    /// Opens the temporary file, the encoder and the MP4 muxer and writes the header. width, height: even,
    /// 16..7680 x 16..4320 px; fps in [1, 120]. Throws as described in the file comment.
    Mp4Writer(const std::string& path, int width, int height, double fps, safe_write::TempFile* into = nullptr);
    ~Mp4Writer();
    Mp4Writer(const Mp4Writer&) = delete;
    Mp4Writer& operator=(const Mp4Writer&) = delete;

    /// Encodes one frame of exactly width × height pixels.
    void addFrame(const render::RgbaImage& frame);
    /// Flushes the encoder, writes the MP4 index (moov) and renames the file to `path` (unless written into a
    /// caller's TempFile). At least one frame is required.
    void finish();
    int frames() const;
    /// "libx264" or "mpeg4": the encoder in use.
    const std::string& codecName() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace phaselens::exporter
