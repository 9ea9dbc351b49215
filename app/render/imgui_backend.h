// Dear ImGui <-> GL glue: the platform/renderer backends for a GlContext, and offscreen rendering of ImGui
// frames for screenshots and high-resolution export.
//
// Window loop (main.cpp):
//   auto context = createGlContext("glfw", 1600, 900, "PhaseLens");
//   ImGui::CreateContext();
//   {
//       ImGuiGlBackend backend(*context);
//       while (!context->shouldClose()) {
//           context->pollEvents();
//           backend.newFrame();
//           ImGui::NewFrame(); drawPanels(state); ImGui::Render();
//           backend.renderToScreen({0.1f, 0.1f, 0.1f, 1.0f});
//           context->swapBuffers();
//       }
//   }   // backend shut down before the ImGui context and the GL context
//   ImGui::DestroyContext();
//
// Screenshot / export at a chosen size, between two frames of the loop above:
//   RgbaImage image = captureImGuiFrame({3840, 2160}, [&] { drawPanels(state); });
//   writePngAtomic("shot.png", image);
#pragma once

#include <array>
#include <functional>
#include <memory>

#include "render/framebuffer.h"
#include "render/gl_context.h"
#include "render/image_io.h"

struct ImDrawData;

namespace phaselens::render {

/// Initialises ImGui's backends for `context` and shuts them down on destruction:
/// "glfw" -> ImGui_ImplGlfw_InitForOpenGL (installs input callbacks, chaining existing ones) +
///           ImGui_ImplOpenGL3_Init("#version 330 core");
/// "egl"  -> ImGui_ImplOpenGL3_Init only; there is no input, DisplaySize is the context's nominal size.
/// Needs a current ImGui context (ImGui::CreateContext) and GL context; at most one instance at a time.
/// Throws std::runtime_error if a backend fails to initialise.
class ImGuiGlBackend {
  public:
    explicit ImGuiGlBackend(GlContext& context);
    ~ImGuiGlBackend();
    ImGuiGlBackend(const ImGuiGlBackend&) = delete;
    ImGuiGlBackend& operator=(const ImGuiGlBackend&) = delete;

    /// Call before ImGui::NewFrame(). glfw: ImGui_ImplOpenGL3_NewFrame + ImGui_ImplGlfw_NewFrame (display
    /// size, HiDPI scale, time, input). egl: ImGui_ImplOpenGL3_NewFrame, DisplaySize = framebufferSize(),
    /// FramebufferScale = 1, DeltaTime = 1/60 s.
    void newFrame();

    /// Call after ImGui::Render(): clears with `clearColor` (RGBA 0..1) and draws ImGui::GetDrawData().
    /// glfw: into the window's back buffer (then call GlContext::swapBuffers()). egl: into an internal
    /// offscreen framebuffer of the context's nominal size, so the same loop runs headless.
    void renderToScreen(const std::array<float, 4>& clearColor);

    /// Pixels of the last renderToScreen(), top row first. glfw: reads the back buffer, so call it before
    /// swapBuffers(). egl: reads the internal framebuffer. Throws std::runtime_error before the first render.
    RgbaImage readScreen() const;

  private:
    GlContext& context_;
    bool rendered_ = false;
    std::unique_ptr<Framebuffer> headlessTarget_;  // egl only
};

/// Draws `drawData` (ImGui::GetDrawData() after ImGui::Render()) into `target` after clearing it with
/// `clearColor`, and returns the target's pixels, top row first. ImGui's OpenGL3 backend must be
/// initialised (ImGuiGlBackend). The draw data covers DisplaySize * FramebufferScale pixels from the
/// top-left; make that equal to the target size. GL state is restored.
RgbaImage renderDrawDataOffscreen(ImDrawData* drawData, const Framebuffer& target,
                                  const std::array<float, 4>& clearColor);

/// One offscreen ImGui frame at a chosen size.
struct CaptureOptions {
    int width = 1280;    // ImGui DisplaySize.x, in points (> 0)
    int height = 720;    // ImGui DisplaySize.y, in points (> 0)
    float scale = 1.0f;  // FramebufferScale: image = width*scale x height*scale px
    std::array<float, 4> clearColor = {0.0f, 0.0f, 0.0f, 1.0f};  // background, RGBA 0..1
};

/// Runs one complete ImGui frame offscreen and returns its pixels (top row first):
/// sets DisplaySize = (width, height) and FramebufferScale = (scale, scale), ImGui_ImplOpenGL3_NewFrame,
/// ImGui::NewFrame, buildUi(), ImGui::Render, renderDrawDataOffscreen into a new Framebuffer of
/// round(width*scale) x round(height*scale) pixels (at most maxFramebufferSize(), e.g. 7680 x 4320), then
/// restores DisplaySize and FramebufferScale. Call between frames (not inside NewFrame/Render), with
/// ImGuiGlBackend alive. Does not call the GLFW platform NewFrame, so window input is untouched.
/// scale > 1 magnifies the font atlas bitmap (text gets soft); for crisp text, rebuild fonts at the
/// larger size and use scale 1 with a larger width/height.
/// If buildUi throws, the frame is closed (missing End() calls recovered, ImGui::EndFrame) and the
/// exception is rethrown, so the ImGui context stays usable. Throws std::invalid_argument for a
/// non-positive size or scale, std::runtime_error for framebuffer/GL errors.
RgbaImage captureImGuiFrame(const CaptureOptions& options, const std::function<void()>& buildUi);

}  // namespace phaselens::render
