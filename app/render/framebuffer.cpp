#include "render/framebuffer.h"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>

#include "gl.h"

namespace phaselens::render {
namespace {

std::string sizeText(int width, int height) {
    return std::to_string(width) + "x" + std::to_string(height);
}

std::string framebufferStatusName(GLenum status) {
    switch (status) {
        case GL_FRAMEBUFFER_UNDEFINED:
            return "GL_FRAMEBUFFER_UNDEFINED";
        case GL_FRAMEBUFFER_INCOMPLETE_ATTACHMENT:
            return "GL_FRAMEBUFFER_INCOMPLETE_ATTACHMENT";
        case GL_FRAMEBUFFER_INCOMPLETE_MISSING_ATTACHMENT:
            return "GL_FRAMEBUFFER_INCOMPLETE_MISSING_ATTACHMENT";
        case GL_FRAMEBUFFER_UNSUPPORTED:
            return "GL_FRAMEBUFFER_UNSUPPORTED";
        default:
            return "status 0x" + std::to_string(status);
    }
}

}  // namespace

PixelSize maxFramebufferSize() {
    GLint viewport[2] = {0, 0};
    glGetIntegerv(GL_MAX_VIEWPORT_DIMS, viewport);
    const GLint common = std::min(gl::getInteger(GL_MAX_TEXTURE_SIZE), gl::getInteger(GL_MAX_RENDERBUFFER_SIZE));
    return {std::min(common, viewport[0]), std::min(common, viewport[1])};
}

Framebuffer::Framebuffer(int width, int height) : width_(width), height_(height) {
    if (width <= 0 || height <= 0) {
        throw std::invalid_argument("framebuffer size must be positive, got " + sizeText(width, height));
    }
    const PixelSize limit = maxFramebufferSize();
    if (width > limit.width || height > limit.height) {
        throw std::runtime_error("framebuffer " + sizeText(width, height) + " exceeds this GL's maximum " +
                                 sizeText(limit.width, limit.height) +
                                 " (GL_MAX_TEXTURE_SIZE/GL_MAX_RENDERBUFFER_SIZE/GL_MAX_VIEWPORT_DIMS)");
    }

    gl::StateGuard guard;
    gl::clearErrors();
    glGenTextures(1, &texture_);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, texture_);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    try {
        gl::throwOnError("framebuffer " + sizeText(width, height) + ": allocating the RGBA8 color texture");
        glGenFramebuffers(1, &framebuffer_);
        glBindFramebuffer(GL_FRAMEBUFFER, framebuffer_);
        glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, texture_, 0);
        const GLenum status = glCheckFramebufferStatus(GL_FRAMEBUFFER);
        if (status != GL_FRAMEBUFFER_COMPLETE) {
            throw std::runtime_error("framebuffer " + sizeText(width, height) +
                                     " is incomplete: " + framebufferStatusName(status));
        }
        gl::throwOnError("framebuffer " + sizeText(width, height) + ": creating the FBO");
    } catch (...) {
        release();
        throw;
    }
}

Framebuffer::~Framebuffer() {
    release();
}

Framebuffer::Framebuffer(Framebuffer&& other) noexcept
    : framebuffer_(std::exchange(other.framebuffer_, 0)),
      texture_(std::exchange(other.texture_, 0)),
      width_(std::exchange(other.width_, 0)),
      height_(std::exchange(other.height_, 0)) {}

Framebuffer& Framebuffer::operator=(Framebuffer&& other) noexcept {
    if (this != &other) {
        release();
        framebuffer_ = std::exchange(other.framebuffer_, 0);
        texture_ = std::exchange(other.texture_, 0);
        width_ = std::exchange(other.width_, 0);
        height_ = std::exchange(other.height_, 0);
    }
    return *this;
}

void Framebuffer::release() noexcept {
    if (framebuffer_ != 0) glDeleteFramebuffers(1, &framebuffer_);
    if (texture_ != 0) glDeleteTextures(1, &texture_);
    framebuffer_ = 0;
    texture_ = 0;
}

void Framebuffer::bind() const {
    glBindFramebuffer(GL_FRAMEBUFFER, framebuffer_);
    glViewport(0, 0, width_, height_);
}

void Framebuffer::clear(const std::array<float, 4>& rgba) const {
    gl::StateGuard guard;
    bind();
    glDisable(GL_SCISSOR_TEST);
    glClearColor(rgba[0], rgba[1], rgba[2], rgba[3]);
    glClear(GL_COLOR_BUFFER_BIT);
}

RgbaImage Framebuffer::readPixelsRGBAUnflipped() const {
    RgbaImage image;
    image.width = width_;
    image.height = height_;
    image.pixels.resize(static_cast<std::size_t>(width_) * static_cast<std::size_t>(height_) * 4);
    gl::StateGuard guard;
    gl::clearErrors();
    glBindFramebuffer(GL_READ_FRAMEBUFFER, framebuffer_);
    glReadBuffer(GL_COLOR_ATTACHMENT0);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glPixelStorei(GL_PACK_ROW_LENGTH, 0);
    glReadPixels(0, 0, width_, height_, GL_RGBA, GL_UNSIGNED_BYTE, image.pixels.data());
    gl::throwOnError("framebuffer " + sizeText(width_, height_) + ": glReadPixels");
    return image;
}

RgbaImage Framebuffer::readPixelsRGBA() const {
    RgbaImage image = readPixelsRGBAUnflipped();
    const std::size_t rowBytes = static_cast<std::size_t>(width_) * 4;
    for (int top = 0, bottom = height_ - 1; top < bottom; ++top, --bottom) {
        std::swap_ranges(image.pixels.begin() + static_cast<std::ptrdiff_t>(top * rowBytes),
                         image.pixels.begin() + static_cast<std::ptrdiff_t>((top + 1) * rowBytes),
                         image.pixels.begin() + static_cast<std::ptrdiff_t>(bottom * rowBytes));
    }
    return image;
}

}  // namespace phaselens::render
