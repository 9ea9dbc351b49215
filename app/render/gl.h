// The one place PhaseLens includes OpenGL. Include this (never <GL/gl.h> directly) from app/render/*.cpp
// only; public headers of app/render stay GL-free and use `unsigned int` for GL object names.
//
// No loader: on Linux with glvnd, libOpenGL.so exports the whole core API, so prototypes are enough
// (GL_GLEXT_PROTOTYPES) and the target links OpenGL::OpenGL. Calls dispatch to whichever context is
// current (GLX via GLFW, or EGL).
#pragma once

#ifndef GL_GLEXT_PROTOTYPES
#define GL_GLEXT_PROTOTYPES 1
#endif
#include <GL/gl.h>
#include <GL/glext.h>

#include <string>

namespace phaselens::render::gl {

/// Name of a glGetError code ("GL_OUT_OF_MEMORY"), or the number in hex for unknown codes.
std::string errorName(GLenum error);

/// Drains glGetError; if any error was pending throws std::runtime_error("<what>: GL_OUT_OF_MEMORY").
void throwOnError(const std::string& what);

/// Discards pending GL errors (call before an operation whose errors throwOnError should report).
void clearErrors();

/// Reads a GL integer state (glGetIntegerv).
GLint getInteger(GLenum name);

/// Saves the GL state that app/render's own passes change (framebuffer bindings, viewport, program,
/// vertex array, active texture and the 2D textures of units 0-1, blend/scissor/depth/cull enables,
/// pack/unpack alignment and row length) and restores it on destruction, so a pass can run between
/// or inside ImGui frames without disturbing the caller.
class StateGuard {
  public:
    StateGuard();
    ~StateGuard();
    StateGuard(const StateGuard&) = delete;
    StateGuard& operator=(const StateGuard&) = delete;

  private:
    GLint drawFramebuffer_ = 0, readFramebuffer_ = 0;
    GLint viewport_[4] = {0, 0, 0, 0};
    GLint program_ = 0, vertexArray_ = 0, activeTexture_ = 0;
    GLint textures_[2] = {0, 0};
    GLboolean blend_ = GL_FALSE, scissor_ = GL_FALSE, depth_ = GL_FALSE, cull_ = GL_FALSE;
    GLint packAlignment_ = 4, packRowLength_ = 0, unpackAlignment_ = 4, unpackRowLength_ = 0;
};

}  // namespace phaselens::render::gl
