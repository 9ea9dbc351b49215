// Offscreen framebuffers: render targets for screenshots, high-resolution export and heatmap coloring.
//
// A Framebuffer is an FBO with one RGBA8 color texture (nearest filtering, clamp to edge), any size up to
// the GL limits (7680 x 4320 is fine on Mesa llvmpipe, whose limit is 16384). Reading back flips GL's
// bottom-up rows so callers always get row 0 = top of the rendered picture.
#pragma once

#include <array>

#include "render/gl_context.h"  // PixelSize
#include "render/image_io.h"    // RgbaImage

namespace phaselens::render {

/// Largest framebuffer the current context supports: the minimum of GL_MAX_TEXTURE_SIZE,
/// GL_MAX_RENDERBUFFER_SIZE and GL_MAX_VIEWPORT_DIMS, per axis. Needs a current context.
PixelSize maxFramebufferSize();

/// An FBO with one RGBA8 color texture. Needs a current GL context for its whole life. Move-only.
class Framebuffer {
  public:
    /// Allocates a width x height RGBA8 target (pixels), contents undefined until cleared or drawn.
    /// Throws std::invalid_argument for width/height <= 0, and std::runtime_error if the size exceeds
    /// maxFramebufferSize() ("framebuffer 20000x100 exceeds this GL's maximum 16384x16384
    /// (GL_MAX_TEXTURE_SIZE/GL_MAX_RENDERBUFFER_SIZE/GL_MAX_VIEWPORT_DIMS)"), if GL runs out of memory,
    /// or if the framebuffer is incomplete.
    Framebuffer(int width, int height);
    ~Framebuffer();
    Framebuffer(Framebuffer&& other) noexcept;
    Framebuffer& operator=(Framebuffer&& other) noexcept;
    Framebuffer(const Framebuffer&) = delete;
    Framebuffer& operator=(const Framebuffer&) = delete;

    int width() const { return width_; }    // pixels
    int height() const { return height_; }  // pixels

    /// GL name of the color texture (RGBA8). Usable with ImGui::Image via (ImTextureID)(intptr_t)texture();
    /// note GL texel row 0 is the *bottom* of anything rendered with a y-up projection (e.g. ImGui draw data),
    /// so such content shows upright with uv0 = (0, 1), uv1 = (1, 0).
    unsigned int texture() const { return texture_; }

    /// GL name of the framebuffer object.
    unsigned int id() const { return framebuffer_; }

    /// Binds this framebuffer for drawing and reading and sets the viewport to the full size. Does not
    /// restore the previous binding; app/render code pairs it with a state guard.
    void bind() const;

    /// Fills the whole framebuffer with one color (RGBA, each 0..1). Restores the previous binding.
    void clear(const std::array<float, 4>& rgba) const;

    /// Reads the whole framebuffer: width() x height() RGBA8, rows top to bottom (GL's bottom-up rows are
    /// flipped), so pixel (0, 0) is the top-left of what a y-up projection drew. Restores the previous
    /// binding. Needs width*height*4 bytes of memory (133 MB at 7680 x 4320).
    RgbaImage readPixelsRGBA() const;

    /// Reads the framebuffer in GL memory order: row 0 = GL row 0 (no flip). Used where texel rows are data
    /// rows, e.g. the heatmap's colored texture (row 0 = matrix row 0).
    RgbaImage readPixelsRGBAUnflipped() const;

  private:
    void release() noexcept;

    unsigned int framebuffer_ = 0;
    unsigned int texture_ = 0;
    int width_ = 0;
    int height_ = 0;
};

}  // namespace phaselens::render
