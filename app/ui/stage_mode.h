// PhaseLens app — stage mode (Shift+F11, View > Stage mode, `phaselens --stage`): presentation mode for a projector.
// The window goes OS-fullscreen on the monitor it is on (desktop_app.cpp), the focused plot is letterboxed to an
// aspect preset (16:9, 4:3 or the whole screen), captions and the key-hint bar are hidden (C and H show them, A cycles
// the aspect), text is presentationFontScale × larger and lines are thicker.
//
// Colors meet WCAG 2.1 contrast on the stage (and the light window theme): text ≥ 4.5:1 against what it sits on,
// lines, control borders and series colors ≥ 3:1 (success criteria 1.4.3 and 1.4.11). Contrast ratio
// (L1 + 0.05) / (L2 + 0.05) of the relative luminances L = 0.2126 R + 0.7152 G + 0.0722 B of linearized sRGB
// (c ≤ 0.04045 ? c/12.92 : ((c + 0.055)/1.055)^2.4). Translucent colors are composited over their background first.
#pragma once

#include <imgui.h>

#include "plot/plot_theme.h"

namespace phaselens::ui {

enum class StageAspect { Wide16x9 = 0, Classic4x3 = 1, Fill = 2 };

/// "16:9", "4:3", "fill".
const char* stageAspectName(StageAspect aspect);

/// The largest rectangle of `aspect` centered in a region `width` × `height` (Fill: the whole region), as
/// (x offset, y offset, width, height) in px.
ImVec4 stageViewport(StageAspect aspect, float width, float height);

/// WCAG relative luminance of an opaque 0xRRGGBBAA color (alpha ignored), 0 (black) .. 1 (white).
double relativeLuminance(plot::Rgba color);
/// `color` composited over the opaque `background` (source-over with its alpha).
plot::Rgba over(plot::Rgba color, plot::Rgba background);
/// WCAG contrast ratio of `foreground` (composited over `background`) against `background`, 1 .. 21.
double contrastRatio(plot::Rgba foreground, plot::Rgba background);
/// An ImGui style color (0..1 floats) as 0xRRGGBBAA.
plot::Rgba toRgba(const ImVec4& color);

/// The plot theme on stage: the light theme with text and axes near black, series colors darkened to ≥ 3:1 on
/// white (Okabe-Ito hues), 3 px lines, 2 px axes, larger markers; fontSize × `fontScale`.
plot::PlotTheme stagePlotTheme(float fontScale);

/// ImGui's light style with readable contrast: dark grey disabled text, opaque control borders (1 px frames around
/// check boxes, radio buttons and fields), darker check marks and slider grabs. Used by the light theme and on stage.
void applyLightStyle(ImGuiStyle& style);
/// ImGui's dark style (no frame borders).
void applyDarkStyle(ImGuiStyle& style);
/// applyLightStyle or applyDarkStyle on ImGui::GetStyle(), keeping its sizes (UI scale).
void applyThemeStyle(bool light);

}  // namespace phaselens::ui
