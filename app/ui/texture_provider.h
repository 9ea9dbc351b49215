// PhaseLens app — where heatmap textures come from.
//
// Panels never call GL. They ask a TextureProvider for the texture of a heatmap (identified by a slot
// and the version of its values); the GL implementation (GlTextureProvider, backed by
// render::HeatmapRenderer) uploads only when the version changes and recolors only when the colormap
// or limits change. Headless UI tests use NullTextureProvider, which returns 0 (the plot then colors
// small grids on the CPU) and counts requests and uploads.
#pragma once

#include <cstdint>
#include <map>
#include <memory>

#include "plot/plot_spec.h"

namespace phaselens::render {
class HeatmapRenderer;
}

namespace phaselens::ui {

class TextureProvider {
  public:
    virtual ~TextureProvider() = default;
    /// GL texture name (0 = none) showing `heatmap` colored with its colormap and limits. `version`
    /// changes whenever the values change.
    virtual unsigned int textureFor(int slot, uint64_t version, const plot::HeatmapSpec& heatmap) = 0;
};

class NullTextureProvider : public TextureProvider {
  public:
    unsigned int textureFor(int slot, uint64_t version, const plot::HeatmapSpec& heatmap) override;
    uint64_t uploads = 0;  ///< requests whose version differed from the slot's last one
    uint64_t requests = 0;

  private:
    std::map<int, uint64_t> versions_;
};

/// Needs a current GL context for its whole life.
class GlTextureProvider : public TextureProvider {
  public:
    GlTextureProvider();
    ~GlTextureProvider() override;
    unsigned int textureFor(int slot, uint64_t version, const plot::HeatmapSpec& heatmap) override;

  private:
    struct Slot;
    std::map<int, std::unique_ptr<Slot>> slots_;
};

}  // namespace phaselens::ui
