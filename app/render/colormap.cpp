#include "render/colormap.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "colormaps_embedded.h"  // generated from assets/colormaps/*.csv

namespace phaselens::render {

const ColormapLut& colormapLut(Colormap map) {
    switch (map) {
        case Colormap::Viridis:
            return embedded::kViridisLut;
        case Colormap::Magma:
            return embedded::kMagmaLut;
        case Colormap::Cividis:
            return embedded::kCividisLut;
        case Colormap::Diverging:
            return embedded::kDivergingLut;
    }
    throw std::invalid_argument("colormap: invalid enum value " + std::to_string(static_cast<int>(map)));
}

std::string_view colormapName(Colormap map) {
    switch (map) {
        case Colormap::Viridis:
            return "viridis";
        case Colormap::Magma:
            return "magma";
        case Colormap::Cividis:
            return "cividis";
        case Colormap::Diverging:
            return "diverging";
    }
    throw std::invalid_argument("colormap: invalid enum value " + std::to_string(static_cast<int>(map)));
}

Colormap colormapFromName(std::string_view name) {
    std::string valid;
    for (Colormap map : kAllColormaps) {
        if (colormapName(map) == name) return map;
        valid += (valid.empty() ? "" : ", ") + std::string(colormapName(map));
    }
    throw std::invalid_argument("unknown colormap '" + std::string(name) + "'; valid names: " + valid);
}

int colormapIndex(double t) {
    if (std::isnan(t)) return 0;
    const double scaled = std::floor(t * kColormapSize);
    if (scaled <= 0.0) return 0;
    if (scaled >= kColormapSize - 1) return kColormapSize - 1;
    return static_cast<int>(scaled);
}

Rgba8 colorAt(Colormap map, double t) {
    return colormapLut(map)[static_cast<std::size_t>(colormapIndex(t))];
}

bool isMaskedValue(double value) {
    return std::isnan(value) || (std::isinf(value) && value < 0.0);
}

double normalizeValue(double value, double vmin, double vmax) {
    const double range = vmax - vmin;
    if (range > 0.0) return (value - vmin) / range;
    return value < vmin ? 0.0 : (value > vmax ? 1.0 : 0.5);
}

Rgba8 colorForValue(Colormap map, double value, double vmin, double vmax, Rgba8 masked) {
    if (isMaskedValue(value)) return masked;
    return colorAt(map, normalizeValue(value, vmin, vmax));
}

}  // namespace phaselens::render
