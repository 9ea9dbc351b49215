#include "ui/texture_provider.h"

#include "render/heatmap_renderer.h"

namespace phaselens::ui {

unsigned int NullTextureProvider::textureFor(int slot, uint64_t version, const plot::HeatmapSpec&) {
    ++requests;
    auto it = versions_.find(slot);
    if (it == versions_.end() || it->second != version) {
        ++uploads;
        versions_[slot] = version;
    }
    return 0;
}

struct GlTextureProvider::Slot {
    render::HeatmapRenderer renderer;
    uint64_t version = 0;
    bool hasData = false;
};

GlTextureProvider::GlTextureProvider() = default;
GlTextureProvider::~GlTextureProvider() = default;

unsigned int GlTextureProvider::textureFor(int slot, uint64_t version, const plot::HeatmapSpec& h) {
    if (h.rows <= 0 || h.cols <= 0 || h.values.empty()) return 0;
    std::unique_ptr<Slot>& s = slots_[slot];
    if (!s) s = std::make_unique<Slot>();
    if (!s->hasData || s->version != version) {
        s->renderer.setData(h.values.data(), h.rows, h.cols);
        s->version = version;
        s->hasData = true;
    }
    s->renderer.setColormap(render::colormapFromName(h.colormap));
    s->renderer.setLimits(h.vmin, h.vmax);
    s->renderer.update();
    return s->renderer.texture();
}

}  // namespace phaselens::ui
