// check_screenshot FILE.png WIDTH HEIGHT [COLORMAP]
// Exit 0 when the PNG has the requested size, is not blank (many distinct colors), and, with a
// colormap name, contains a vertical color bar: a column whose pixels include the colormap's last
// color above its first color, with at least 32 distinct LUT colors in between in top-to-bottom order.
#include <stb_image.h>

#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>

#include "render/colormap.h"

namespace {

using phaselens::render::ColormapLut;

int lutIndexOf(const ColormapLut& lut, const unsigned char* p) {
    for (int i = 0; i < static_cast<int>(lut.size()); ++i)
        if (std::abs(p[0] - lut[i][0]) <= 1 && std::abs(p[1] - lut[i][1]) <= 1 && std::abs(p[2] - lut[i][2]) <= 1)
            return i;
    return -1;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 4) {
        std::fprintf(stderr, "usage: check_screenshot FILE.png WIDTH HEIGHT [COLORMAP]\n");
        return 2;
    }
    int w = 0, h = 0, n = 0;
    unsigned char* img = stbi_load(argv[1], &w, &h, &n, 4);
    if (!img) {
        std::fprintf(stderr, "cannot read %s\n", argv[1]);
        return 1;
    }
    const int wantW = std::atoi(argv[2]), wantH = std::atoi(argv[3]);
    int failures = 0;
    if (w != wantW || h != wantH) {
        std::fprintf(stderr, "size %dx%d, expected %dx%d\n", w, h, wantW, wantH);
        ++failures;
    }
    std::set<unsigned> colors;
    for (int k = 0; k < w * h; k += 7) {
        const unsigned char* p = img + 4 * k;
        colors.insert((unsigned(p[0]) << 16) | (unsigned(p[1]) << 8) | p[2]);
    }
    if (colors.size() < 50) {
        std::fprintf(stderr, "image looks blank: %zu distinct colors\n", colors.size());
        ++failures;
    }
    if (argc > 4 && argv[4][0] != '\0') {
        const ColormapLut& lut = phaselens::render::colormapLut(phaselens::render::colormapFromName(argv[4]));
        bool found = false;
        for (int x = 0; x < w && !found; ++x) {
            // Walk down the column: LUT indices must start at 255 and fall to 0.
            int top = -1, last = 256, distinct = 0;
            bool monotone = true;
            for (int y = 0; y < h; ++y) {
                const int i = lutIndexOf(lut, img + 4 * (static_cast<size_t>(y) * w + x));
                if (i < 0) continue;
                if (top < 0) {
                    if (i != 255) continue;
                    top = y;
                }
                if (i > last) monotone = false;
                if (i < last) ++distinct;
                last = i;
                if (i == 0) break;
            }
            found = top >= 0 && last == 0 && monotone && distinct >= 32;
            if (found) std::printf("color bar at x = %d from y = %d (last color) down to the first color\n", x, top);
        }
        if (!found) {
            std::fprintf(stderr, "no vertical color bar running from the last to the first %s color\n", argv[4]);
            ++failures;
        }
    }
    stbi_image_free(img);
    std::printf("%s: %dx%d, %zu colors sampled, %s\n", argv[1], w, h, colors.size(), failures ? "FAIL" : "ok");
    return failures ? 1 : 0;
}
