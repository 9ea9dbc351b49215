#include "desktop/window_modes.h"

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <algorithm>

#include "plot/fonts.h"
#include "ui/ui_context.h"

namespace phaselens::desktop {

namespace {

// The monitor overlapping the window's rectangle most (GLFW has no "current monitor" for windowed mode).
GLFWmonitor* monitorOf(GLFWwindow* window) {
    int wx = 0, wy = 0, ww = 0, wh = 0;
    glfwGetWindowPos(window, &wx, &wy);
    glfwGetWindowSize(window, &ww, &wh);
    int count = 0;
    GLFWmonitor** monitors = glfwGetMonitors(&count);
    GLFWmonitor* best = glfwGetPrimaryMonitor();
    long bestArea = -1;
    for (int i = 0; i < count; ++i) {
        const GLFWvidmode* mode = glfwGetVideoMode(monitors[i]);
        if (mode == nullptr) continue;
        int mx = 0, my = 0;
        glfwGetMonitorPos(monitors[i], &mx, &my);
        const long w = std::max(0, std::min(wx + ww, mx + mode->width) - std::max(wx, mx));
        const long h = std::max(0, std::min(wy + wh, my + mode->height) - std::max(wy, my));
        if (w * h > bestArea) bestArea = w * h, best = monitors[i];
    }
    return best;
}

}  // namespace

void syncFullscreen(GLFWwindow* window, const ui::UiContext& ui, WindowModes& modes) {
    if (window == nullptr || ui.stage == modes.fullscreen) return;
    if (ui.stage) {
        GLFWmonitor* monitor = monitorOf(window);
        const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr;
        if (mode == nullptr) return;
        glfwGetWindowPos(window, &modes.x, &modes.y);
        glfwGetWindowSize(window, &modes.width, &modes.height);
        glfwSetWindowMonitor(window, monitor, 0, 0, mode->width, mode->height, mode->refreshRate);
    } else {
        glfwSetWindowMonitor(window, nullptr, modes.x, modes.y, std::max(modes.width, 64), std::max(modes.height, 64),
                             GLFW_DONT_CARE);
    }
    modes.fullscreen = ui.stage;
}

float monitorUiScale(GLFWwindow* window) {
    if (window == nullptr) return 1.0f;
    float sx = 1.0f, sy = 1.0f;
    glfwGetWindowContentScale(window, &sx, &sy);
    return std::clamp(sx, 0.75f, 2.0f);
}

void syncUiFonts(ui::UiContext& ui, WindowModes& modes) {
    if (ui.uiScale == modes.fontScale) return;
    modes.fontScale = ui.uiScale;
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    ImFont* base = plot::addUiFont(15.0f * ui.uiScale);
    ImFont* large = plot::addUiFont(15.0f * ui.uiScale * ui.presentationFontScale);
    io.Fonts->Build();
    io.FontDefault = base;
    ui.presentationFont = large != base ? large : nullptr;
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
}

}  // namespace phaselens::desktop
