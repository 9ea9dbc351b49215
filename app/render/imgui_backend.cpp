#include "render/imgui_backend.h"

#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>
#include <imgui_internal.h>

#include <cmath>
#include <stdexcept>
#include <string>

#include "gl.h"

namespace phaselens::render {

ImGuiGlBackend::ImGuiGlBackend(GlContext& context) : context_(context) {
    if (ImGui::GetCurrentContext() == nullptr) {
        throw std::runtime_error("ImGuiGlBackend: no ImGui context (call ImGui::CreateContext first)");
    }
    if (GLFWwindow* window = context.glfwWindow()) {
        if (!ImGui_ImplGlfw_InitForOpenGL(window, true)) {
            throw std::runtime_error("ImGuiGlBackend: ImGui_ImplGlfw_InitForOpenGL failed");
        }
    }
    if (!ImGui_ImplOpenGL3_Init("#version 330 core")) {
        if (context.glfwWindow() != nullptr) ImGui_ImplGlfw_Shutdown();
        throw std::runtime_error("ImGuiGlBackend: ImGui_ImplOpenGL3_Init failed (OpenGL loader could not start)");
    }
}

ImGuiGlBackend::~ImGuiGlBackend() {
    headlessTarget_.reset();
    ImGui_ImplOpenGL3_Shutdown();
    if (context_.glfwWindow() != nullptr) ImGui_ImplGlfw_Shutdown();
}

void ImGuiGlBackend::newFrame() {
    ImGui_ImplOpenGL3_NewFrame();
    if (context_.glfwWindow() != nullptr) {
        ImGui_ImplGlfw_NewFrame();
        return;
    }
    ImGuiIO& io = ImGui::GetIO();
    const PixelSize size = context_.framebufferSize();
    io.DisplaySize = ImVec2(static_cast<float>(size.width), static_cast<float>(size.height));
    io.DisplayFramebufferScale = ImVec2(1.0f, 1.0f);
    io.DeltaTime = 1.0f / 60.0f;
}

void ImGuiGlBackend::renderToScreen(const std::array<float, 4>& clearColor) {
    ImDrawData* drawData = ImGui::GetDrawData();
    if (drawData == nullptr) throw std::runtime_error("ImGuiGlBackend::renderToScreen: call ImGui::Render() first");
    const PixelSize size = context_.framebufferSize();
    if (context_.isHeadless()) {
        if (!headlessTarget_ || headlessTarget_->width() != size.width || headlessTarget_->height() != size.height) {
            headlessTarget_ = std::make_unique<Framebuffer>(size.width, size.height);
        }
        gl::StateGuard guard;
        headlessTarget_->bind();
        glDisable(GL_SCISSOR_TEST);
        glClearColor(clearColor[0], clearColor[1], clearColor[2], clearColor[3]);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(drawData);
    } else {
        glBindFramebuffer(GL_FRAMEBUFFER, 0);
        glViewport(0, 0, size.width, size.height);
        glDisable(GL_SCISSOR_TEST);
        glClearColor(clearColor[0], clearColor[1], clearColor[2], clearColor[3]);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(drawData);
    }
    rendered_ = true;
}

RgbaImage ImGuiGlBackend::readScreen() const {
    if (!rendered_) throw std::runtime_error("ImGuiGlBackend::readScreen: nothing rendered yet");
    if (headlessTarget_) return headlessTarget_->readPixelsRGBA();

    const PixelSize size = context_.framebufferSize();
    RgbaImage image;
    image.width = size.width;
    image.height = size.height;
    image.pixels.resize(static_cast<std::size_t>(size.width) * static_cast<std::size_t>(size.height) * 4);
    gl::StateGuard guard;
    glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
    glReadBuffer(GL_BACK);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glPixelStorei(GL_PACK_ROW_LENGTH, 0);
    // Read bottom-up GL rows straight into top-down order, one row at a time.
    for (int y = 0; y < size.height; ++y) {
        glReadPixels(0, size.height - 1 - y, size.width, 1, GL_RGBA, GL_UNSIGNED_BYTE,
                     image.pixels.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(size.width) * 4);
    }
    gl::throwOnError("ImGuiGlBackend::readScreen: glReadPixels");
    return image;
}

RgbaImage renderDrawDataOffscreen(ImDrawData* drawData, const Framebuffer& target,
                                  const std::array<float, 4>& clearColor) {
    if (drawData == nullptr) throw std::invalid_argument("renderDrawDataOffscreen: drawData is null");
    {
        gl::StateGuard guard;
        target.bind();
        glDisable(GL_SCISSOR_TEST);
        glClearColor(clearColor[0], clearColor[1], clearColor[2], clearColor[3]);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(drawData);
        gl::throwOnError("renderDrawDataOffscreen: ImGui_ImplOpenGL3_RenderDrawData");
    }
    return target.readPixelsRGBA();
}

RgbaImage captureImGuiFrame(const CaptureOptions& options, const std::function<void()>& buildUi) {
    if (options.width <= 0 || options.height <= 0 || !(options.scale > 0.0f)) {
        throw std::invalid_argument("captureImGuiFrame: width, height and scale must be positive, got " +
                                    std::to_string(options.width) + "x" + std::to_string(options.height) + " scale " +
                                    std::to_string(options.scale));
    }
    const int pixelWidth = static_cast<int>(std::lround(static_cast<double>(options.width) * options.scale));
    const int pixelHeight = static_cast<int>(std::lround(static_cast<double>(options.height) * options.scale));
    Framebuffer target(pixelWidth, pixelHeight);  // throws before touching ImGui if too large

    ImGuiIO& io = ImGui::GetIO();
    const ImVec2 savedSize = io.DisplaySize;
    const ImVec2 savedScale = io.DisplayFramebufferScale;
    const auto restoreIo = [&] {
        io.DisplaySize = savedSize;
        io.DisplayFramebufferScale = savedScale;
    };
    io.DisplaySize = ImVec2(static_cast<float>(options.width), static_cast<float>(options.height));
    io.DisplayFramebufferScale = ImVec2(options.scale, options.scale);
    if (io.DeltaTime <= 0.0f) io.DeltaTime = 1.0f / 60.0f;

    ImGui_ImplOpenGL3_NewFrame();
    ImGui::NewFrame();
    try {
        if (buildUi) buildUi();
    } catch (...) {
        ImGui::ErrorCheckEndFrameRecover(nullptr);
        ImGui::EndFrame();
        restoreIo();
        throw;
    }
    ImGui::Render();
    restoreIo();
    return renderDrawDataOffscreen(ImGui::GetDrawData(), target, options.clearColor);
}

}  // namespace phaselens::render
