// PhaseLens export — offscreen PNG rendering: a private ImGui context draws plot::renderPlot into an FBO.
#include <imgui.h>

#include <algorithm>
#include <filesystem>

#include "export/export.h"
#include "plot/fonts.h"
#include "plot/plot.h"
#include "render/gl_context.h"
#include "render/heatmap_renderer.h"
#include "render/imgui_backend.h"

namespace phaselens::exporter {

namespace {

constexpr const char* kFontPath = plot::kUiFontPath;  // fonts-dejavu-core

// The ImGui backend wants a GlContext; this one stands for "the context that is already current" (the
// window's, or our EGL one) and has no window, so ImGuiGlBackend only initialises the OpenGL3 renderer.
class CurrentContext final : public render::GlContext {
  public:
    CurrentContext(int width, int height) : size_{width, height} {}
    std::string_view backendName() const override { return "current"; }
    bool isHeadless() const override { return true; }
    void makeCurrent() override {}
    bool shouldClose() const override { return false; }
    void pollEvents() override {}
    void swapBuffers() override {}
    render::PixelSize framebufferSize() const override { return size_; }

  private:
    render::PixelSize size_;
};

// A private ImGui context for one offscreen frame; restores the caller's context on destruction.
class ScopedImGuiContext {
  public:
    ScopedImGuiContext() : previous_(ImGui::GetCurrentContext()), context_(ImGui::CreateContext()) {
        ImGui::SetCurrentContext(context_);
        ImGui::GetIO().IniFilename = nullptr;
        ImGui::GetIO().LogFilename = nullptr;
    }
    ~ScopedImGuiContext() {
        ImGui::DestroyContext(context_);
        ImGui::SetCurrentContext(previous_);
    }
    ScopedImGuiContext(const ScopedImGuiContext&) = delete;
    ScopedImGuiContext& operator=(const ScopedImGuiContext&) = delete;

  private:
    ImGuiContext* previous_;
    ImGuiContext* context_;
};

// DejaVu Sans at `size` px with the glyphs of Latin-1 and of every text the plot draws; ImGui's built-in
// font when the file is missing. `ranges` must outlive the atlas build.
void loadFont(float size, const plot::PlotLayout& layout, const plot::PlotSpec& spec, ImVector<ImWchar>& ranges) {
    ImGuiIO& io = ImGui::GetIO();
    ImFontGlyphRangesBuilder builder;
    builder.AddRanges(io.Fonts->GetGlyphRangesDefault());
    for (const plot::TextItem& t : layout.texts) builder.AddText(t.text.c_str());
    builder.AddText(spec.title.c_str());
    builder.BuildRanges(&ranges);
    ImFontConfig config;
    config.OversampleH = size >= 32.0f ? 1 : 2;  // large glyphs need no horizontal oversampling
    config.OversampleV = 1;
    std::error_code ec;
    if (std::filesystem::exists(kFontPath, ec) && io.Fonts->AddFontFromFileTTF(kFontPath, size, &config, ranges.Data))
        return;
    io.Fonts->AddFontDefault();
}

}  // namespace

struct PngRenderer::Impl {
    std::unique_ptr<render::GlContext> owned;  // EGL, when nothing was borrowed
};

PngRenderer::PngRenderer(render::GlContext* borrowed) : impl_(std::make_unique<Impl>()) {
    if (borrowed != nullptr) return;
    try {
        impl_->owned = render::createGlContext("egl", 64, 64, "PhaseLens export");
    } catch (const std::exception& e) {
        throw ExportError(ErrorKind::Internal, std::string("cannot start headless OpenGL (EGL): ") + e.what());
    }
}

PngRenderer::~PngRenderer() = default;

render::RgbaImage PngRenderer::render(const Figure& figure, int width, int height, bool transparent) {
    plot::PlotSpec spec = figure.view.spec;
    const plot::PlotTheme& theme = figure.theme;
    const plot::PlotLayout layout =
        plot::computeLayout(spec, theme, plot::homeWindow(spec), static_cast<float>(width), static_cast<float>(height));
    render::RgbaImage image;
    try {
        // Heatmap colored on the GPU with the window's shader; lives until the frame is drawn.
        std::optional<render::HeatmapRenderer> heatmap;
        if (spec.heatmap && spec.heatmap->rows > 0 && spec.heatmap->cols > 0 && !spec.heatmap->values.empty()) {
            plot::HeatmapSpec& h = *spec.heatmap;
            heatmap.emplace();
            heatmap->setData(h.values.data(), h.rows, h.cols);
            heatmap->setColormap(render::colormapFromName(h.colormap));
            heatmap->setLimits(h.vmin, h.vmax);
            heatmap->setMaskedColor({static_cast<std::uint8_t>(plot::redOf(theme.masked)),
                                     static_cast<std::uint8_t>(plot::greenOf(theme.masked)),
                                     static_cast<std::uint8_t>(plot::blueOf(theme.masked)),
                                     static_cast<std::uint8_t>(plot::alphaOf(theme.masked))});
            heatmap->update();
            h.textureId = heatmap->texture();
        }
        ScopedImGuiContext imgui;
        ImVector<ImWchar> ranges;
        loadFont(theme.fontSize, layout, spec, ranges);
        CurrentContext current(width, height);
        render::ImGuiGlBackend backend(current);
        render::CaptureOptions capture;
        capture.width = width;
        capture.height = height;
        capture.clearColor = {0.0f, 0.0f, 0.0f, transparent ? 0.0f : 1.0f};
        image = render::captureImGuiFrame(
            capture, [&] { plot::renderPlot(ImGui::GetBackgroundDrawList(), ImVec2(0, 0), spec, theme, layout); });
    } catch (const ExportError&) {
        throw;
    } catch (const std::exception& e) {
        throw ExportError(ErrorKind::Internal, "rendering " + std::to_string(width) + "x" + std::to_string(height) +
                                                   " offscreen failed: " + e.what());
    }
    if (transparent) {
        // ImGui blends into the transparent clear color, which leaves premultiplied colors; PNG wants straight.
        for (std::size_t i = 0; i < image.pixels.size(); i += 4) {
            const unsigned a = image.pixels[i + 3];
            if (a == 0 || a == 255) continue;
            for (int k = 0; k < 3; ++k)
                image.pixels[i + k] =
                    static_cast<std::uint8_t>(std::min(255u, (image.pixels[i + k] * 255u + a / 2) / a));
        }
    }
    return image;
}

}  // namespace phaselens::exporter
