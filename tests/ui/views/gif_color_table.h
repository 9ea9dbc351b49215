// PhaseLens tests — reading back a GIF frame's color table (giflib).
#pragma once

#include <gif_lib.h>

#include <vector>

namespace phaselens::test {

/// The colors of frame `frame` of a slurped GIF (its local table, else the global one) as r, g, b, r, g, b, ...
inline std::vector<int> gifColorTable(const GifFileType* gif, int frame) {
    const SavedImage& im = gif->SavedImages[frame];
    const ColorMapObject* map = im.ImageDesc.ColorMap ? im.ImageDesc.ColorMap : gif->SColorMap;
    std::vector<int> colors;
    for (int i = 0; i < map->ColorCount; ++i)
        colors.insert(colors.end(), {map->Colors[i].Red, map->Colors[i].Green, map->Colors[i].Blue});
    return colors;
}

}  // namespace phaselens::test
