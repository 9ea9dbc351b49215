#include "ui/plot_stack.h"

#include <imgui.h>

#include <algorithm>

namespace phaselens::ui {

float minFrameWidth(const plot::PlotViewState& view, float minArea, float fallbackDecorations) {
    const bool drawn = view.drawnFrame >= 0 && view.frameWidth > view.areaWidth;
    return minArea + (drawn ? view.frameWidth - view.areaWidth : fallbackDecorations);
}

float rowsBelowPlot(View view, const UiContext& ui) {
    const CachedView& e = ui.cache.peek(view);
    const float line = ImGui::GetTextLineHeightWithSpacing();
    float rows = ui.presentation ? 0.0f : ImGui::GetFrameHeightWithSpacing();
    rows += line * static_cast<float>(e.result.warnings.size() + (e.pending ? 1 : 0));
    if (!e.error.empty()) rows += 2 * line;
    return rows;
}

float minFrameHeight(const plot::PlotViewState& view, float minArea, float fallbackDecorations) {
    const bool drawn = view.drawnFrame >= 0 && view.frameHeight > view.areaHeight;
    return minArea + (drawn ? view.frameHeight - view.areaHeight : fallbackDecorations);
}

void stackHeights(std::span<const float> minFrames, std::span<const float> weights, float available,
                  std::span<float> out) {
    const size_t n = std::min({minFrames.size(), weights.size(), out.size()});
    float minTotal = 0, weightTotal = 0;
    for (size_t i = 0; i < n; ++i) {
        minTotal += minFrames[i];
        weightTotal += std::max(0.0f, weights[i]);
    }
    if (minTotal >= available || weightTotal <= 0) {  // the tab scrolls
        for (size_t i = 0; i < n; ++i) out[i] = minFrames[i];
        return;
    }
    // Water filling: plots whose share is below their minimum get the minimum; the rest is shared by the others.
    std::fill(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(n), -1.0f);
    float rest = available, restWeight = weightTotal;
    for (bool changed = true; changed;) {
        changed = false;
        for (size_t i = 0; i < n; ++i)
            if (out[i] < 0 && std::max(0.0f, weights[i]) / restWeight * rest < minFrames[i]) {
                out[i] = minFrames[i];
                rest -= minFrames[i];
                restWeight -= std::max(0.0f, weights[i]);
                changed = true;
            }
        if (restWeight <= 0) break;
    }
    for (size_t i = 0; i < n; ++i)
        if (out[i] < 0) out[i] = restWeight > 0 ? std::max(0.0f, weights[i]) / restWeight * rest : minFrames[i];
}

}  // namespace phaselens::ui
