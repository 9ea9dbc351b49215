#include "gl.h"

#include <cstdio>
#include <stdexcept>

namespace phaselens::render::gl {

std::string errorName(GLenum error) {
    switch (error) {
        case GL_INVALID_ENUM:
            return "GL_INVALID_ENUM";
        case GL_INVALID_VALUE:
            return "GL_INVALID_VALUE";
        case GL_INVALID_OPERATION:
            return "GL_INVALID_OPERATION";
        case GL_INVALID_FRAMEBUFFER_OPERATION:
            return "GL_INVALID_FRAMEBUFFER_OPERATION";
        case GL_OUT_OF_MEMORY:
            return "GL_OUT_OF_MEMORY";
        default:
            break;
    }
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "GL error 0x%04x", static_cast<unsigned>(error));
    return buffer;
}

void throwOnError(const std::string& what) {
    std::string errors;
    // Bounded: a lost context can report errors forever.
    for (int i = 0; i < 16; ++i) {
        const GLenum error = glGetError();
        if (error == GL_NO_ERROR) break;
        errors += (errors.empty() ? "" : ", ") + errorName(error);
    }
    if (!errors.empty()) throw std::runtime_error(what + ": " + errors);
}

void clearErrors() {
    for (int i = 0; i < 16 && glGetError() != GL_NO_ERROR; ++i) {
    }
}

GLint getInteger(GLenum name) {
    GLint value = 0;
    glGetIntegerv(name, &value);
    return value;
}

StateGuard::StateGuard() {
    drawFramebuffer_ = getInteger(GL_DRAW_FRAMEBUFFER_BINDING);
    readFramebuffer_ = getInteger(GL_READ_FRAMEBUFFER_BINDING);
    glGetIntegerv(GL_VIEWPORT, viewport_);
    program_ = getInteger(GL_CURRENT_PROGRAM);
    vertexArray_ = getInteger(GL_VERTEX_ARRAY_BINDING);
    activeTexture_ = getInteger(GL_ACTIVE_TEXTURE);
    for (int unit = 0; unit < 2; ++unit) {
        glActiveTexture(static_cast<GLenum>(GL_TEXTURE0 + unit));
        textures_[unit] = getInteger(GL_TEXTURE_BINDING_2D);
    }
    glActiveTexture(static_cast<GLenum>(activeTexture_));
    blend_ = glIsEnabled(GL_BLEND);
    scissor_ = glIsEnabled(GL_SCISSOR_TEST);
    depth_ = glIsEnabled(GL_DEPTH_TEST);
    cull_ = glIsEnabled(GL_CULL_FACE);
    packAlignment_ = getInteger(GL_PACK_ALIGNMENT);
    packRowLength_ = getInteger(GL_PACK_ROW_LENGTH);
    unpackAlignment_ = getInteger(GL_UNPACK_ALIGNMENT);
    unpackRowLength_ = getInteger(GL_UNPACK_ROW_LENGTH);
}

StateGuard::~StateGuard() {
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, static_cast<GLuint>(drawFramebuffer_));
    glBindFramebuffer(GL_READ_FRAMEBUFFER, static_cast<GLuint>(readFramebuffer_));
    glViewport(viewport_[0], viewport_[1], viewport_[2], viewport_[3]);
    glUseProgram(static_cast<GLuint>(program_));
    glBindVertexArray(static_cast<GLuint>(vertexArray_));
    for (int unit = 0; unit < 2; ++unit) {
        glActiveTexture(static_cast<GLenum>(GL_TEXTURE0 + unit));
        glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(textures_[unit]));
    }
    glActiveTexture(static_cast<GLenum>(activeTexture_));
    const auto setEnabled = [](GLenum cap, GLboolean on) { on ? glEnable(cap) : glDisable(cap); };
    setEnabled(GL_BLEND, blend_);
    setEnabled(GL_SCISSOR_TEST, scissor_);
    setEnabled(GL_DEPTH_TEST, depth_);
    setEnabled(GL_CULL_FACE, cull_);
    glPixelStorei(GL_PACK_ALIGNMENT, packAlignment_);
    glPixelStorei(GL_PACK_ROW_LENGTH, packRowLength_);
    glPixelStorei(GL_UNPACK_ALIGNMENT, unpackAlignment_);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, unpackRowLength_);
}

}  // namespace phaselens::render::gl
