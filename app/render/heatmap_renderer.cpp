#include "render/heatmap_renderer.h"

#include <phaselens/shaders_embedded.h>

#include <cmath>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "gl.h"
#include "render/framebuffer.h"
#include "render/shader_program.h"

namespace phaselens::render {

struct HeatmapRenderer::Impl {
    ShaderProgram program{{shaders::kHeatmapVert, shaders::kHeatmapVertPath},
                          {shaders::kHeatmapFrag, shaders::kHeatmapFragPath}};
    GLint locValues = program.uniformLocation("uValues");
    GLint locLut = program.uniformLocation("uLut");
    GLint locVmin = program.uniformLocation("uVmin");
    GLint locVmax = program.uniformLocation("uVmax");
    GLint locMasked = program.uniformLocation("uMaskedColor");

    GLuint vertexArray = 0;  // empty: the vertex shader makes its triangle from gl_VertexID
    GLuint valueTexture = 0;
    GLuint lutTexture = 0;
    std::optional<Framebuffer> colored;  // cols x rows RGBA8 target

    int rows = 0;
    int cols = 0;
    Colormap colormap = Colormap::Viridis;
    std::optional<Colormap> lutUploaded;  // which map lutTexture holds
    double vmin = 0.0;
    double vmax = 1.0;
    Rgba8 masked = {0, 0, 0, 0};
    bool dirty = true;
    HeatmapStats stats;

    Impl() {
        glGenVertexArrays(1, &vertexArray);
        gl::StateGuard guard;
        for (GLuint* texture : {&valueTexture, &lutTexture}) {
            glGenTextures(1, texture);
            glActiveTexture(GL_TEXTURE0);
            glBindTexture(GL_TEXTURE_2D, *texture);
            glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
            glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
            glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
            glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
        }
    }

    ~Impl() {
        glDeleteVertexArrays(1, &vertexArray);
        glDeleteTextures(1, &valueTexture);
        glDeleteTextures(1, &lutTexture);
    }

    void upload(const float* values, int newRows, int newCols) {
        if (values == nullptr) throw std::invalid_argument("HeatmapRenderer::setData: values is null");
        if (newRows <= 0 || newCols <= 0) {
            throw std::invalid_argument("HeatmapRenderer::setData: rows and cols must be positive, got " +
                                        std::to_string(newRows) + " x " + std::to_string(newCols));
        }
        const PixelSize limit = maxFramebufferSize();  // the colored copy is a framebuffer of the same size
        if (newRows > limit.height || newCols > limit.width) {
            throw std::runtime_error("heatmap " + std::to_string(newRows) + " x " + std::to_string(newCols) +
                                     " exceeds the GL limit of " + std::to_string(limit.height) + " rows x " +
                                     std::to_string(limit.width) +
                                     " cols (GL_MAX_TEXTURE_SIZE); reduce it to display resolution first");
        }
        gl::StateGuard guard;
        gl::clearErrors();
        glActiveTexture(GL_TEXTURE0);
        glBindTexture(GL_TEXTURE_2D, valueTexture);
        glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
        glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
        // Row r of the matrix becomes texel row r (GL's first row in memory), column c texel column c.
        if (newRows == rows && newCols == cols) {
            glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, newCols, newRows, GL_RED, GL_FLOAT, values);
        } else {
            glTexImage2D(GL_TEXTURE_2D, 0, GL_R32F, newCols, newRows, 0, GL_RED, GL_FLOAT, values);
        }
        gl::throwOnError("heatmap: uploading " + std::to_string(newRows) + " x " + std::to_string(newCols) +
                         " R32F values");
        rows = newRows;
        cols = newCols;
        dirty = true;
        ++stats.uploads;
    }

    void color() {
        if (!colored || colored->width() != cols || colored->height() != rows) colored.emplace(cols, rows);
        gl::StateGuard guard;
        if (lutUploaded != colormap) {
            glActiveTexture(GL_TEXTURE1);
            glBindTexture(GL_TEXTURE_2D, lutTexture);
            glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
            glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
            glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, kColormapSize, 1, 0, GL_RGBA, GL_UNSIGNED_BYTE,
                         colormapLut(colormap).data());
            lutUploaded = colormap;
        }
        colored->bind();
        glDisable(GL_BLEND);
        glDisable(GL_SCISSOR_TEST);
        glDisable(GL_DEPTH_TEST);
        glDisable(GL_CULL_FACE);
        program.use();
        glUniform1i(locValues, 0);
        glUniform1i(locLut, 1);
        glUniform1f(locVmin, static_cast<float>(vmin));
        glUniform1f(locVmax, static_cast<float>(vmax));
        glUniform4f(locMasked, masked[0] / 255.0f, masked[1] / 255.0f, masked[2] / 255.0f, masked[3] / 255.0f);
        glActiveTexture(GL_TEXTURE0);
        glBindTexture(GL_TEXTURE_2D, valueTexture);
        glActiveTexture(GL_TEXTURE1);
        glBindTexture(GL_TEXTURE_2D, lutTexture);
        glBindVertexArray(vertexArray);
        glDrawArrays(GL_TRIANGLES, 0, 3);
        gl::throwOnError("heatmap: coloring pass");
        dirty = false;
        ++stats.colorPasses;
    }
};

HeatmapRenderer::HeatmapRenderer() : impl_(std::make_unique<Impl>()) {}
HeatmapRenderer::~HeatmapRenderer() = default;
HeatmapRenderer::HeatmapRenderer(HeatmapRenderer&&) noexcept = default;
HeatmapRenderer& HeatmapRenderer::operator=(HeatmapRenderer&&) noexcept = default;

void HeatmapRenderer::setData(const float* values, int rows, int cols) {
    impl_->upload(values, rows, cols);
}

void HeatmapRenderer::setData(const double* values, int rows, int cols) {
    if (values == nullptr || rows <= 0 || cols <= 0) {
        impl_->upload(nullptr, rows, cols);  // throws the same argument errors as the float overload
    }
    std::vector<float> converted(static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols));
    for (std::size_t i = 0; i < converted.size(); ++i) converted[i] = static_cast<float>(values[i]);
    impl_->upload(converted.data(), rows, cols);
}

void HeatmapRenderer::setColormap(Colormap map) {
    if (map == impl_->colormap) return;
    colormapLut(map);  // validates the enum value
    impl_->colormap = map;
    impl_->dirty = true;
}

void HeatmapRenderer::setLimits(double vmin, double vmax) {
    if (!std::isfinite(vmin) || !std::isfinite(vmax) || vmin > vmax) {
        throw std::invalid_argument("heatmap limits must be finite with vmin <= vmax, got vmin=" +
                                    std::to_string(vmin) + " vmax=" + std::to_string(vmax));
    }
    if (vmin == impl_->vmin && vmax == impl_->vmax) return;
    impl_->vmin = vmin;
    impl_->vmax = vmax;
    impl_->dirty = true;
}

void HeatmapRenderer::setMaskedColor(Rgba8 rgba) {
    if (rgba == impl_->masked) return;
    impl_->masked = rgba;
    impl_->dirty = true;
}

bool HeatmapRenderer::update() {
    if (impl_->rows == 0 || !impl_->dirty) return false;
    impl_->color();
    return true;
}

unsigned int HeatmapRenderer::texture() const {
    return impl_->colored ? impl_->colored->texture() : 0;
}

void* HeatmapRenderer::imTextureId() const {
    return reinterpret_cast<void*>(static_cast<std::uintptr_t>(texture()));
}

RgbaImage HeatmapRenderer::readColored() {
    if (impl_->rows == 0) throw std::runtime_error("HeatmapRenderer::readColored: no data (call setData first)");
    update();
    return impl_->colored->readPixelsRGBAUnflipped();
}

int HeatmapRenderer::rows() const {
    return impl_->rows;
}
int HeatmapRenderer::cols() const {
    return impl_->cols;
}
Colormap HeatmapRenderer::colormap() const {
    return impl_->colormap;
}
double HeatmapRenderer::vmin() const {
    return impl_->vmin;
}
double HeatmapRenderer::vmax() const {
    return impl_->vmax;
}
Rgba8 HeatmapRenderer::maskedColor() const {
    return impl_->masked;
}
HeatmapStats HeatmapRenderer::stats() const {
    return impl_->stats;
}

}  // namespace phaselens::render
