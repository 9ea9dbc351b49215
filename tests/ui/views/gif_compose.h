// PhaseLens tests — composing the frames of a slurped GIF as a viewer shows them (giflib).
#pragma once

#include <gif_lib.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace phaselens::test {

/// Every frame of `gif` (after DGifSlurp) as the full canvas a viewer shows, RGB rows top to bottom
/// (SWidth * SHeight * 3 bytes each), following GIF89a: each image is drawn at its position (ImageDesc.Left,
/// Top, Width, Height) with its local color table (else the global one), pixels of the graphic control
/// block's transparent index leave the canvas as it is, and after a frame its disposal applies —
/// DISPOSE_BACKGROUND clears its rectangle to the background (the global table's background color, or
/// black without one), DISPOSE_PREVIOUS restores the canvas from before the frame; DISPOSE_DO_NOT and
/// unspecified keep it. The canvas starts as the background. Interlaced images are already in row order
/// after DGifSlurp. Throws std::runtime_error for an image outside the screen or an index outside its table.
inline std::vector<std::vector<std::uint8_t>> composeGifFrames(const GifFileType* gif) {
    const int w = gif->SWidth, h = gif->SHeight;
    std::uint8_t bg[3] = {0, 0, 0};
    if (gif->SColorMap && gif->SBackGroundColor < gif->SColorMap->ColorCount) {
        const GifColorType& c = gif->SColorMap->Colors[gif->SBackGroundColor];
        bg[0] = c.Red, bg[1] = c.Green, bg[2] = c.Blue;
    }
    std::vector<std::uint8_t> canvas(static_cast<size_t>(w) * static_cast<size_t>(h) * 3);
    for (size_t i = 0; i < canvas.size(); i += 3) canvas[i] = bg[0], canvas[i + 1] = bg[1], canvas[i + 2] = bg[2];
    std::vector<std::vector<std::uint8_t>> frames;
    for (int k = 0; k < gif->ImageCount; ++k) {
        const SavedImage& im = gif->SavedImages[k];
        const GifImageDesc& d = im.ImageDesc;
        if (d.Left < 0 || d.Top < 0 || d.Width < 1 || d.Height < 1 || d.Left + d.Width > w || d.Top + d.Height > h)
            throw std::runtime_error("GIF frame " + std::to_string(k) + " lies outside the screen");
        const ColorMapObject* map = d.ColorMap ? d.ColorMap : gif->SColorMap;
        if (!map) throw std::runtime_error("GIF frame " + std::to_string(k) + " has no color table");
        GraphicsControlBlock gcb{};
        gcb.DisposalMode = DISPOSAL_UNSPECIFIED;
        gcb.TransparentColor = NO_TRANSPARENT_COLOR;
        DGifSavedExtensionToGCB(const_cast<GifFileType*>(gif), k, &gcb);
        const std::vector<std::uint8_t> before = canvas;
        for (int y = 0; y < d.Height; ++y)
            for (int x = 0; x < d.Width; ++x) {
                const int index = im.RasterBits[y * d.Width + x];
                if (index == gcb.TransparentColor) continue;
                if (index >= map->ColorCount)
                    throw std::runtime_error("GIF frame " + std::to_string(k) + ": index outside the color table");
                std::uint8_t* p = canvas.data() + (static_cast<size_t>(d.Top + y) * w + (d.Left + x)) * 3;
                p[0] = map->Colors[index].Red, p[1] = map->Colors[index].Green, p[2] = map->Colors[index].Blue;
            }
        frames.push_back(canvas);
        if (gcb.DisposalMode == DISPOSE_BACKGROUND) {
            for (int y = d.Top; y < d.Top + d.Height; ++y)
                for (int x = d.Left; x < d.Left + d.Width; ++x) {
                    std::uint8_t* p = canvas.data() + (static_cast<size_t>(y) * w + x) * 3;
                    p[0] = bg[0], p[1] = bg[1], p[2] = bg[2];
                }
        } else if (gcb.DisposalMode == DISPOSE_PREVIOUS) {
            canvas = before;
        }
    }
    return frames;
}

}  // namespace phaselens::test
