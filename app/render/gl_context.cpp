#include "render/gl_context.h"

#include <EGL/egl.h>
#include <EGL/eglext.h>

#include <cstdlib>
#include <cstring>
#include <stdexcept>

#include "gl.h"
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

namespace phaselens::render {
namespace {

// [SECTION] GLFW backend

bool envSet(const char* name) {
    const char* value = std::getenv(name);
    return value != nullptr && value[0] != '\0';
}

std::string glfwErrorText() {
    const char* description = nullptr;
    const int code = glfwGetError(&description);
    if (code == GLFW_NO_ERROR) return "no GLFW error reported";
    return description != nullptr ? description : "GLFW error " + std::to_string(code);
}

class GlfwContext final : public GlContext {
  public:
    GlfwContext(int width, int height, const std::string& title) {
        if (!envSet("DISPLAY") && !envSet("WAYLAND_DISPLAY")) {
            throw std::runtime_error(
                "no display: the glfw backend needs an X server but DISPLAY is not set; set DISPLAY (e.g. run "
                "under xvfb-run) or use the egl backend");
        }
        if (glfwInit() != GLFW_TRUE) {
            throw std::runtime_error("no display: GLFW could not initialise (" + glfwErrorText() +
                                     "); set DISPLAY or use the egl backend");
        }
        glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
        glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
        glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
        glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
        window_ = glfwCreateWindow(width, height, title.c_str(), nullptr, nullptr);
        if (window_ == nullptr) {
            const std::string reason = glfwErrorText();
            glfwTerminate();
            throw std::runtime_error("glfw backend: cannot create a window with an OpenGL 3.3 core context (" + reason +
                                     ")");
        }
        glfwMakeContextCurrent(window_);
        glfwSwapInterval(1);
        glfwSetWindowUserPointer(window_, this);
    }

    ~GlfwContext() override {
        glfwDestroyWindow(window_);
        glfwTerminate();
    }

    std::string_view backendName() const override { return "glfw"; }
    bool isHeadless() const override { return false; }
    void makeCurrent() override { glfwMakeContextCurrent(window_); }
    bool shouldClose() const override { return glfwWindowShouldClose(window_) == GLFW_TRUE; }
    void pollEvents() override { glfwPollEvents(); }
    void waitEvents(double timeoutSeconds) override { glfwWaitEventsTimeout(timeoutSeconds); }
    void postEmptyEvent() override { glfwPostEmptyEvent(); }
    void swapBuffers() override { glfwSwapBuffers(window_); }
    PixelSize framebufferSize() const override {
        PixelSize size;
        glfwGetFramebufferSize(window_, &size.width, &size.height);
        return size;
    }
    GLFWwindow* glfwWindow() const override { return window_; }
    void setDropHandler(std::function<void(std::vector<std::string>)> handler) override {
        dropHandler_ = std::move(handler);
        glfwSetDropCallback(window_, dropHandler_ ? &GlfwContext::onDrop : nullptr);
    }

    void setKeyHandler(std::function<void(int, int, int, int)> handler) override {
        if (handler && !keyHandler_) {
            previousKey_ = glfwSetKeyCallback(window_, &GlfwContext::onKey);
        } else if (!handler && keyHandler_) {
            glfwSetKeyCallback(window_, previousKey_);
            previousKey_ = nullptr;
        }
        keyHandler_ = std::move(handler);
    }

  private:
    static void onKey(GLFWwindow* window, int key, int scancode, int action, int mods) {
        auto* self = static_cast<GlfwContext*>(glfwGetWindowUserPointer(window));
        if (self == nullptr) return;
        if (self->previousKey_ != nullptr) self->previousKey_(window, key, scancode, action, mods);
        if (!self->keyHandler_) return;
        try {
            self->keyHandler_(key, scancode, action, mods);
        } catch (...) {
            // as onDrop: nothing may unwind through GLFW's C code
        }
    }

    static void onDrop(GLFWwindow* window, int count, const char** paths) {
        auto* self = static_cast<GlfwContext*>(glfwGetWindowUserPointer(window));
        if (self == nullptr || !self->dropHandler_ || count <= 0 || paths == nullptr) return;
        try {
            std::vector<std::string> list;
            for (int i = 0; i < count; ++i)
                if (paths[i] != nullptr) list.emplace_back(paths[i]);
            self->dropHandler_(std::move(list));
        } catch (...) {
            // Nothing may unwind through GLFW's C code; the handler reports its own errors.
        }
    }

    GLFWwindow* window_ = nullptr;
    std::function<void(std::vector<std::string>)> dropHandler_;
    std::function<void(int, int, int, int)> keyHandler_;
    GLFWkeyfun previousKey_ = nullptr;
};

// [SECTION] EGL surfaceless backend

std::string eglErrorName(EGLint error) {
    switch (error) {
        case EGL_SUCCESS:
            return "EGL_SUCCESS";
        case EGL_NOT_INITIALIZED:
            return "EGL_NOT_INITIALIZED";
        case EGL_BAD_ACCESS:
            return "EGL_BAD_ACCESS";
        case EGL_BAD_ALLOC:
            return "EGL_BAD_ALLOC";
        case EGL_BAD_ATTRIBUTE:
            return "EGL_BAD_ATTRIBUTE";
        case EGL_BAD_CONFIG:
            return "EGL_BAD_CONFIG";
        case EGL_BAD_CONTEXT:
            return "EGL_BAD_CONTEXT";
        case EGL_BAD_CURRENT_SURFACE:
            return "EGL_BAD_CURRENT_SURFACE";
        case EGL_BAD_DISPLAY:
            return "EGL_BAD_DISPLAY";
        case EGL_BAD_MATCH:
            return "EGL_BAD_MATCH";
        case EGL_BAD_NATIVE_PIXMAP:
            return "EGL_BAD_NATIVE_PIXMAP";
        case EGL_BAD_NATIVE_WINDOW:
            return "EGL_BAD_NATIVE_WINDOW";
        case EGL_BAD_PARAMETER:
            return "EGL_BAD_PARAMETER";
        case EGL_BAD_SURFACE:
            return "EGL_BAD_SURFACE";
        case EGL_CONTEXT_LOST:
            return "EGL_CONTEXT_LOST";
        default:
            return "EGL error " + std::to_string(error);
    }
}

[[noreturn]] void throwEgl(const std::string& what) {
    throw std::runtime_error("egl backend: " + what + " failed (" + eglErrorName(eglGetError()) + ")");
}

bool hasExtension(const char* extensions, const char* name) {
    if (extensions == nullptr) return false;
    const std::size_t length = std::strlen(name);
    for (const char* p = std::strstr(extensions, name); p != nullptr; p = std::strstr(p + 1, name)) {
        const bool startOk = p == extensions || p[-1] == ' ';
        const bool endOk = p[length] == ' ' || p[length] == '\0';
        if (startOk && endOk) return true;
    }
    return false;
}

class EglContext final : public GlContext {
  public:
    EglContext(int width, int height) : size_{width, height} {
        const char* clientExtensions = eglQueryString(EGL_NO_DISPLAY, EGL_EXTENSIONS);
        if (!hasExtension(clientExtensions, "EGL_MESA_platform_surfaceless")) {
            throw std::runtime_error(
                "egl backend: EGL_MESA_platform_surfaceless is not available (needs Mesa's libEGL, e.g. "
                "libegl-mesa0)");
        }
        auto getPlatformDisplay =
            reinterpret_cast<PFNEGLGETPLATFORMDISPLAYEXTPROC>(eglGetProcAddress("eglGetPlatformDisplayEXT"));
        if (getPlatformDisplay == nullptr) throwEgl("eglGetProcAddress(eglGetPlatformDisplayEXT)");
        display_ = getPlatformDisplay(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr);
        if (display_ == EGL_NO_DISPLAY) throwEgl("eglGetPlatformDisplayEXT(EGL_PLATFORM_SURFACELESS_MESA)");
        if (eglInitialize(display_, nullptr, nullptr) != EGL_TRUE) throwEgl("eglInitialize");
        try {
            createAndBind();
        } catch (...) {
            eglTerminate(display_);
            throw;
        }
    }

    ~EglContext() override {
        eglMakeCurrent(display_, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
        eglDestroyContext(display_, context_);
        eglTerminate(display_);
    }

    std::string_view backendName() const override { return "egl"; }
    bool isHeadless() const override { return true; }
    void makeCurrent() override {
        if (eglMakeCurrent(display_, EGL_NO_SURFACE, EGL_NO_SURFACE, context_) != EGL_TRUE) throwEgl("eglMakeCurrent");
    }
    bool shouldClose() const override { return false; }
    void pollEvents() override {}
    void swapBuffers() override { glFinish(); }
    PixelSize framebufferSize() const override { return size_; }

  private:
    void createAndBind() {
        const char* extensions = eglQueryString(display_, EGL_EXTENSIONS);
        if (!hasExtension(extensions, "EGL_KHR_surfaceless_context")) {
            throw std::runtime_error("egl backend: EGL_KHR_surfaceless_context is not available");
        }
        if (eglBindAPI(EGL_OPENGL_API) != EGL_TRUE) throwEgl("eglBindAPI(EGL_OPENGL_API)");

        EGLConfig config = EGL_NO_CONFIG_KHR;
        if (!hasExtension(extensions, "EGL_KHR_no_config_context")) {
            const EGLint configAttributes[] = {EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT, EGL_SURFACE_TYPE, 0, EGL_NONE};
            EGLint count = 0;
            if (eglChooseConfig(display_, configAttributes, &config, 1, &count) != EGL_TRUE || count < 1) {
                throwEgl("eglChooseConfig(EGL_OPENGL_BIT)");
            }
        }
        const EGLint contextAttributes[] = {
            EGL_CONTEXT_MAJOR_VERSION,           3,       EGL_CONTEXT_MINOR_VERSION, 3, EGL_CONTEXT_OPENGL_PROFILE_MASK,
            EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT, EGL_NONE};
        context_ = eglCreateContext(display_, config, EGL_NO_CONTEXT, contextAttributes);
        if (context_ == EGL_NO_CONTEXT) throwEgl("eglCreateContext(OpenGL 3.3 core)");
        if (eglMakeCurrent(display_, EGL_NO_SURFACE, EGL_NO_SURFACE, context_) != EGL_TRUE) {
            const std::string error = eglErrorName(eglGetError());
            eglDestroyContext(display_, context_);
            throw std::runtime_error("egl backend: eglMakeCurrent(EGL_NO_SURFACE) failed (" + error + ")");
        }
    }

    EGLDisplay display_ = EGL_NO_DISPLAY;
    EGLContext context_ = EGL_NO_CONTEXT;
    PixelSize size_;
};

std::string glString(GLenum name) {
    const auto* text = reinterpret_cast<const char*>(glGetString(name));
    return text != nullptr ? text : "";
}

}  // namespace

std::string GlContext::glVersion() const {
    return glString(GL_VERSION);
}
std::string GlContext::glRenderer() const {
    return glString(GL_RENDERER);
}

const std::vector<std::string>& glContextBackendNames() {
    static const std::vector<std::string> kNames = {"glfw", "egl"};
    return kNames;
}

std::unique_ptr<GlContext> createGlContext(std::string_view backendName, int width, int height,
                                           std::string_view title) {
    if (width <= 0 || height <= 0) {
        throw std::invalid_argument("createGlContext: size must be positive, got " + std::to_string(width) + "x" +
                                    std::to_string(height));
    }
    if (backendName == "glfw") return std::make_unique<GlfwContext>(width, height, std::string(title));
    if (backendName == "egl") return std::make_unique<EglContext>(width, height);
    std::string valid;
    for (const std::string& name : glContextBackendNames()) valid += (valid.empty() ? "" : ", ") + name;
    throw std::runtime_error("unknown GL backend '" + std::string(backendName) + "'; valid names: " + valid);
}

}  // namespace phaselens::render
