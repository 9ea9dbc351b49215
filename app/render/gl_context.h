// Window / OpenGL context layer: one small interface, backends chosen by name.
//
//   "glfw"  a visible GLFW window with an OpenGL 3.3 core context, vsync on. Needs an X display
//           (DISPLAY; under CI: xvfb-run). Owns glfwInit/glfwTerminate for its lifetime.
//   "egl"   headless EGL on Mesa's surfaceless platform (EGL_PLATFORM_SURFACELESS_MESA), OpenGL 3.3+ core
//           (llvmpipe gives 4.5), no window and no default framebuffer: render into a Framebuffer
//           (framebuffer.h). Works with DISPLAY unset.
//
// Typical use (main.cpp):
//   auto context = phaselens::render::createGlContext(backendName, 1600, 900, "PhaseLens");
//   ImGui::CreateContext();
//   phaselens::render::ImGuiGlBackend backend(*context);     // imgui_backend.h
//   while (!context->shouldClose()) { context->pollEvents(); backend.newFrame(); ...; backend.renderToScreen(); }
//
// At most one GlContext should be alive at a time (GLFW and the EGL display are process-wide). A context
// is made current on the creating thread by the factory; all GL work happens on that thread.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct GLFWwindow;

namespace phaselens::render {

/// Size in pixels.
struct PixelSize {
    int width = 0;
    int height = 0;
};

/// An OpenGL 3.3+ core context, current on the thread that created it. Destroying it releases the
/// context (and the window for "glfw"). Destroy every GL object (renderers, framebuffers) before it.
class GlContext {
  public:
    virtual ~GlContext() = default;
    GlContext(const GlContext&) = delete;
    GlContext& operator=(const GlContext&) = delete;

    /// The backend name this context was created with: "glfw" or "egl".
    virtual std::string_view backendName() const = 0;

    /// True when there is no window (the "egl" backend): nothing is shown, render offscreen.
    virtual bool isHeadless() const = 0;

    /// Makes the context current on the calling thread (the factory already did this once).
    virtual void makeCurrent() = 0;

    /// glfw: the user asked to close the window. egl: always false (the caller decides when to stop).
    virtual bool shouldClose() const = 0;

    /// glfw: processes window events (glfwPollEvents). egl: no-op.
    virtual void pollEvents() = 0;

    /// glfw: sleeps until a window event arrives or `timeoutSeconds` pass, then processes the events
    /// (glfwWaitEventsTimeout): an idle window uses no CPU. egl: no-op.
    virtual void waitEvents(double timeoutSeconds) { (void)timeoutSeconds; }

    /// glfw: wakes a waitEvents() in progress (glfwPostEmptyEvent); safe from any thread. egl: no-op.
    virtual void postEmptyEvent() {}

    /// glfw: presents the back buffer (glfwSwapBuffers; vsync'd). egl: glFinish.
    virtual void swapBuffers() = 0;

    /// Drawable size in pixels. glfw: the window's framebuffer size (differs from the window size on
    /// HiDPI screens). egl: the width x height given at creation (a nominal size for offscreen frames).
    virtual PixelSize framebufferSize() const = 0;

    /// The GLFW window for the "glfw" backend (to initialise ImGui's GLFW backend); nullptr for "egl".
    virtual GLFWwindow* glfwWindow() const { return nullptr; }

    /// Files dropped onto the window: glfw calls `handler` with their paths (UTF-8, in the order given) from
    /// inside pollEvents(); an exception from the handler is swallowed (it cannot cross GLFW's C callback).
    /// Replaces any earlier handler; an empty function removes it. egl: no window, the handler is never called.
    /// The glfw backend keeps `this` in the window's user pointer (glfwSetWindowUserPointer); ImGui 1.86's GLFW
    /// backend keeps its data in io.BackendPlatformUserData and does not touch it.
    virtual void setDropHandler(std::function<void(std::vector<std::string>)> handler) { (void)handler; }

    /// Key events as GLFW reports them (key code, scancode, GLFW_PRESS / GLFW_RELEASE / GLFW_REPEAT, modifiers), in
    /// order, from inside pollEvents()/waitEvents(), after any callback installed earlier (ImGui's) has run. Replaces
    /// an earlier handler; an empty function removes it and restores the previous callback. egl: never called.
    virtual void setKeyHandler(std::function<void(int key, int scancode, int action, int mods)> handler) {
        (void)handler;
    }

    /// glGetString(GL_VERSION) / GL_RENDERER of this context, e.g. "4.5 (Core Profile) Mesa 22.3.6",
    /// "llvmpipe (LLVM 15.0.6, 256 bits)". For logs and bug reports.
    std::string glVersion() const;
    std::string glRenderer() const;

  protected:
    GlContext() = default;
};

/// The valid backend names, in order of preference: {"glfw", "egl"}.
const std::vector<std::string>& glContextBackendNames();

/// Creates a context with the named backend and makes it current.
///   width, height  window size in screen coordinates for "glfw"; nominal framebuffer size for "egl"
///                  (both must be positive)
///   title          window title ("glfw" only)
/// Throws std::runtime_error for an unknown name ("unknown GL backend 'x'; valid names: glfw, egl") and when
/// the backend cannot start, e.g.
/// "no display: the glfw backend needs an X server but DISPLAY is not set; set DISPLAY (e.g. run under
/// xvfb-run) or use the egl backend", or an EGL failure naming the call and the EGL error code.
/// Throws std::invalid_argument for a non-positive size.
std::unique_ptr<GlContext> createGlContext(std::string_view backendName, int width, int height, std::string_view title);

}  // namespace phaselens::render
