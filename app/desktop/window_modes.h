// PhaseLens app — what the desktop loop does for the window half of issue 15 between frames: OS fullscreen for
// stage mode (on the monitor holding most of the window), the UI scale (fonts re-rasterized at the scale, so large
// text stays crisp) and the monitor's content scale as the starting UI scale.
#pragma once

struct GLFWwindow;

namespace phaselens::ui {
struct UiContext;
}

namespace phaselens::desktop {

/// Window position and size before fullscreen, restored when leaving it.
struct WindowModes {
    bool fullscreen = false;
    int x = 0, y = 0, width = 0, height = 0;
    float fontScale = 1.0f;  ///< the UI scale the font atlas was built at
};

/// Enters or leaves OS fullscreen (glfwSetWindowMonitor) when ui.stage changed: fullscreen on the monitor that
/// overlaps the window most, at that monitor's current video mode; leaving restores the windowed rectangle.
/// No-op without a window.
void syncFullscreen(GLFWwindow* window, const ui::UiContext& ui, WindowModes& modes);

/// The content scale of the monitor (glfwGetWindowContentScale, x), clamped to the UI scale steps' range; 1 without
/// a window.
float monitorUiScale(GLFWwindow* window);

/// Rebuilds the font atlas (UI font at 15 px × scale and the presentation font at twice that) and its GL texture
/// when ui.uiScale differs from modes.fontScale; sets ui.presentationFont. Call between frames (before NewFrame).
void syncUiFonts(ui::UiContext& ui, WindowModes& modes);

}  // namespace phaselens::desktop
