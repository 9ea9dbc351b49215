// Colors and sizes of PhaseLens plots. The same PlotSpec drawn with a different theme gives the
// on-screen plot (darkTheme(), font size of the UI) or a figure for export (lightTheme(), larger font).
// All sizes are pixels of the target (screen pixels, or SVG user units = pixels).
#pragma once

#include <string>
#include <vector>

#include "plot/plot_spec.h"

namespace phaselens::plot {

struct PlotTheme {
    // Text
    float fontSize = 13.0f;    // px height of all text (ImGui: the font is drawn at this size)
    float titleScale = 1.15f;  // title font = fontSize * titleScale
    float charAdvance = 0.6f;  // ESTIMATED glyph advance, in em. Margins are sized from
                               // chars * charAdvance * fontSize on screen and in SVG alike, so both
                               // get the same geometry; 0.6 is generous for digits in sans fonts and
                               // for ImGui's default ProggyClean (0.54).
    std::string fontFamily = "DejaVu Sans, Helvetica, Arial, sans-serif";  // SVG only

    // Geometry
    float padding = 8.0f;          // px around the frame's contents
    float labelGap = 4.0f;         // px between a tick mark and its label, and between label rows
    float tickLength = 5.0f;       // px, labelled ticks (outside the plot area)
    float minorTickLength = 3.0f;  // px
    float xTickSpacing = 90.0f;    // target px between labelled x ticks
    float yTickSpacing = 50.0f;    // target px between labelled y (and color bar) ticks
    float colorbarGap = 12.0f;     // px between plot area and color bar
    float colorbarWidth = 16.0f;   // px
    float lineWidth = 1.5f;        // default series width, px
    float markerRadius = 2.5f;     // px
    float axisWidth = 1.0f;        // px, plot-area border and tick marks
    float gridWidth = 1.0f;        // px
    float legendSwatch = 18.0f;    // px, length of the line sample in the legend

    // Colors (0xRRGGBBAA)
    Rgba background = rgba(255, 255, 255);      // whole frame
    Rgba plotBackground = rgba(255, 255, 255);  // plot area under the data
    Rgba axis = rgba(40, 40, 40);               // plot-area border, tick marks
    Rgba grid = rgba(0, 0, 0, 28);              // grid at labelled ticks
    Rgba gridMinor = rgba(0, 0, 0, 12);         // grid at minor (log) ticks
    Rgba text = rgba(20, 20, 20);
    Rgba annotation = rgba(90, 90, 90);  // default RefLine color
    Rgba legendBackground = rgba(255, 255, 255, 220);
    Rgba legendBorder = rgba(0, 0, 0, 60);
    Rgba masked = rgba(128, 128, 128);          // heatmap entries that are NaN / -inf
    Rgba highlight = rgba(255, 255, 255, 200);  // hovered-cell outline, crosshair
    std::vector<Rgba> palette;                  // series colors cycled when LineSeries::color == 0
};

/// White background, dark text; the Okabe-Ito colorblind-safe palette. For export.
PlotTheme lightTheme();

/// Matches ImGui's default dark style: dark grey background, light text. For the screen.
PlotTheme darkTheme();

/// Color of series number `index` in `spec.series`: its own color, else palette[paletteIndex % size] when
/// paletteIndex >= 0, else palette[index % size].
Rgba seriesColor(const PlotTheme& theme, const LineSeries& series, std::size_t index);

}  // namespace phaselens::plot
