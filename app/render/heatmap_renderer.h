// GPU heatmap: a float matrix -> R32F texture -> colored RGBA8 texture for ImGui::Image and PNG export.
//
// Two cached stages, each redone only when its inputs change:
//   1. setData()  uploads the matrix as an R32F texture (cols x rows texels). Call it when the data changed,
//                 not every frame: every call uploads.
//   2. update()   colors the values through shaders/heatmap.frag into an RGBA8 texture of the same size
//                 (one texel per matrix cell) - only if the data, colormap, limits or masked color changed
//                 since the last coloring. Cheap to call every frame.
//
// Orientation: texel (x, y) of texture() is matrix row y, column x, and ImGui maps uv (0, 0) to the top-left
// of an image, so with the default uvs row 0 is drawn at the top and column 0 at the left:
//
//   renderer.update();
//   ImGui::Image(renderer.imTextureId(), ImVec2(width, height));   // uv0 = (0,0), uv1 = (1,1): the defaults
//
// To show a sub-block (zoom), pass uv0 = (col0 / cols, row0 / rows), uv1 = (col1 / cols, row1 / rows).
// Filtering is nearest, so each cell is a crisp block at any zoom.
//
// Value -> color (identical to colorForValue() in colormap.h): NaN and -inf are "masked" and drawn with the
// masked color; other values are normalised linearly with [vmin, vmax], clamped (+inf -> top), and looked up
// in the 256-entry LUT with index = clamp(floor(t * 256), 0, 255).
//
// Size: rows and cols are limited by maxFramebufferSize() (GL_MAX_TEXTURE_SIZE & co.; 16384 on llvmpipe).
// Matrices larger than the pixels available should be reduced to display resolution on the CPU before
// upload (see STYLE.md, Heatmaps).
//
// All methods need the GL context that was current at construction; GL state touched by a method
// (bindings, viewport, program, pixel-store) is restored before it returns.
#pragma once

#include <cstdint>
#include <memory>

#include "render/colormap.h"
#include "render/image_io.h"

namespace phaselens::render {

/// Counters for tests and diagnostics: how often each stage really ran.
struct HeatmapStats {
    std::uint64_t uploads = 0;      // R32F uploads (setData calls)
    std::uint64_t colorPasses = 0;  // coloring passes (update() calls that drew)
};

class HeatmapRenderer {
  public:
    /// Compiles the heatmap program and creates the LUT texture. Throws std::runtime_error on shader
    /// errors (naming shaders/heatmap.frag or .vert). Defaults: Colormap::Viridis, limits [0, 1],
    /// masked color transparent {0, 0, 0, 0}.
    HeatmapRenderer();
    ~HeatmapRenderer();
    HeatmapRenderer(HeatmapRenderer&&) noexcept;
    HeatmapRenderer& operator=(HeatmapRenderer&&) noexcept;
    HeatmapRenderer(const HeatmapRenderer&) = delete;
    HeatmapRenderer& operator=(const HeatmapRenderer&) = delete;

    /// Uploads a row-major rows x cols matrix: values[r * cols + c] is row r (r = 0 shown at the top),
    /// column c. The data is copied to the GPU; `values` need not outlive the call. NaN and -inf are kept
    /// (masked). The double overload converts to float first.
    /// Throws std::invalid_argument for rows/cols <= 0 or null values, std::runtime_error if rows or cols
    /// exceed maxFramebufferSize() (GL_MAX_TEXTURE_SIZE & co.) or the upload fails (e.g. GL_OUT_OF_MEMORY).
    void setData(const float* values, int rows, int cols);
    void setData(const double* values, int rows, int cols);

    /// Selects the colormap. Marks the coloring dirty only if it differs from the current one.
    void setColormap(Colormap map);

    /// Sets the color limits: vmin maps to LUT entry 0, vmax to entry 255 (values outside clamp).
    /// vmin == vmax is allowed (below -> 0, above -> 255, equal -> middle). Marks dirty only on change.
    /// Throws std::invalid_argument if either is not finite or vmin > vmax.
    void setLimits(double vmin, double vmax);

    /// RGBA (0-255, straight alpha) drawn for NaN and -inf cells. Marks dirty only on change.
    void setMaskedColor(Rgba8 rgba);

    /// Recolors if needed. Returns true if a coloring pass ran, false if the texture was already current
    /// or there is no data yet. Call once per frame before drawing texture(), outside ImGui::Render().
    bool update();

    /// GL name of the colored RGBA8 texture (cols x rows texels, nearest filtering); 0 before the first
    /// update() with data. Texel (0, 0) is matrix row 0, column 0 (see the top of this file for uvs).
    unsigned int texture() const;

    /// texture() as an ImTextureID (void*) for ImGui::Image with ImGui's OpenGL3 backend.
    void* imTextureId() const;

    /// Reads the colored texture back (calls update() first): an RgbaImage of cols x rows pixels whose
    /// pixel (x = c, y = r) is the color of matrix cell (r, c). Throws std::runtime_error without data.
    RgbaImage readColored();

    int rows() const;  // of the last setData, 0 before
    int cols() const;  // of the last setData, 0 before
    Colormap colormap() const;
    double vmin() const;
    double vmax() const;
    Rgba8 maskedColor() const;
    HeatmapStats stats() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace phaselens::render
