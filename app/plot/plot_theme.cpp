#include "plot/plot_theme.h"

namespace phaselens::plot {
namespace {

// Okabe & Ito (2008) colorblind-safe colors, ordered for contrast between neighbours.
std::vector<Rgba> okabeIto(bool dark) {
    return {rgba(0, 114, 178), rgba(213, 94, 0),   rgba(0, 158, 115),  rgba(204, 121, 167),
            rgba(230, 159, 0), rgba(86, 180, 233), rgba(240, 228, 66), dark ? rgba(220, 220, 220) : rgba(0, 0, 0)};
}

}  // namespace

PlotTheme lightTheme() {
    PlotTheme t;
    t.palette = okabeIto(false);
    t.highlight = rgba(0, 0, 0, 200);
    return t;
}

PlotTheme darkTheme() {
    PlotTheme t;
    t.background = rgba(36, 36, 40);
    t.plotBackground = rgba(22, 22, 26);
    t.axis = rgba(170, 170, 175);
    t.grid = rgba(255, 255, 255, 30);
    t.gridMinor = rgba(255, 255, 255, 14);
    t.text = rgba(225, 225, 230);
    t.annotation = rgba(200, 200, 205);
    t.legendBackground = rgba(30, 30, 34, 220);
    t.legendBorder = rgba(255, 255, 255, 60);
    t.masked = rgba(70, 70, 74);
    t.highlight = rgba(255, 255, 255, 210);
    t.palette = okabeIto(true);
    t.palette[0] = rgba(86, 180, 233);  // sky blue reads better than blue on dark grey
    t.palette[5] = rgba(0, 114, 178);
    return t;
}

Rgba seriesColor(const PlotTheme& theme, const LineSeries& series, std::size_t index) {
    if (series.color != 0) return series.color;
    if (theme.palette.empty()) return theme.text;
    if (series.paletteIndex >= 0) index = static_cast<std::size_t>(series.paletteIndex);
    return theme.palette[index % theme.palette.size()];
}

}  // namespace phaselens::plot
