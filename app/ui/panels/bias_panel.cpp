#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "phaselens/alibi.h"
#include "render/colormap.h"
#include "ui/ui_context.h"
#include "ui/window_layout.h"

namespace phaselens::ui {

namespace {

// Recomputes the thumbnails when heads, form, mask, context or colormap changed. One shared color
// scale over all heads, so steep and shallow heads can be compared at a glance.
void refreshThumbnails(const AppState& s, AlibiThumbnails& t) {
    if (t.valid && t.heads == s.alibiHeads && t.form == s.alibiForm && t.causal == s.alibiCausal &&
        t.context == s.biasContext && t.colormap == s.biasColormap)
        return;
    t = AlibiThumbnails{};
    t.valid = true;
    t.heads = s.alibiHeads;
    t.form = s.alibiForm;
    t.causal = s.alibiCausal;
    t.context = s.biasContext;
    t.colormap = s.biasColormap;
    if (s.alibiHeads < 1 || s.alibiHeads > core::kMaxAlibiHeads || s.biasContext < 1) return;
    const Eigen::VectorXd slopes = core::alibiSlopes(s.alibiHeads);
    const int n = AlibiThumbnails::kCells;
    const double step = static_cast<double>(s.biasContext) / n;
    std::vector<double> values(static_cast<size_t>(s.alibiHeads) * n * n);
    double lo = 0, hi = 0;
    for (int h = 0; h < s.alibiHeads; ++h)
        for (int r = 0; r < n; ++r)
            for (int c = 0; c < n; ++c) {
                const auto i = static_cast<int64_t>((r + 0.5) * step), j = static_cast<int64_t>((c + 0.5) * step);
                double v = core::alibiBiasValue(slopes[h], i, j, s.alibiForm);
                if (s.alibiCausal && j > i) v = NAN;
                values[(static_cast<size_t>(h) * n + r) * n + c] = v;
                if (!std::isnan(v)) lo = std::min(lo, v), hi = std::max(hi, v);
            }
    t.colors.resize(values.size());
    for (size_t k = 0; k < values.size(); ++k) {
        if (std::isnan(values[k])) continue;
        const auto rgba = render::colorAt(s.biasColormap, hi > lo ? (values[k] - lo) / (hi - lo) : 0.5);
        t.colors[k] = IM_COL32(rgba[0], rgba[1], rgba[2], 255);
    }
}

void drawThumbnails(AppState& s, UiContext& ui, float width) {
    AlibiThumbnails& t = ui.alibiThumbs;
    refreshThumbnails(s, t);
    if (t.colors.empty()) return;
    const int n = AlibiThumbnails::kCells;
    const float cell = 4.0f, gap = 6.0f, side = static_cast<float>(n) * cell;
    const int perRow = std::max(1, static_cast<int>(width / (side + gap)));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (int h = 0; h < t.heads; ++h) {
        if (h % perRow != 0) ImGui::SameLine(0, gap);
        ImGui::PushID(h);
        const ImVec2 p = ImGui::GetCursorScreenPos();
        if (ImGui::InvisibleButton("##head", ImVec2(side, side))) {
            s.alibiSelectedHead = h;
            s.view = View::Alibi;
        }
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("head %d (click to show it large)", h + 1);
        for (int r = 0; r < n; ++r)
            for (int c = 0; c < n; ++c) {
                const uint32_t col = t.colors[(static_cast<size_t>(h) * n + r) * n + c];
                if (col == 0) continue;
                const ImVec2 a(p.x + static_cast<float>(c) * cell, p.y + static_cast<float>(r) * cell);
                dl->AddRectFilled(a, ImVec2(a.x + cell, a.y + cell), col);
            }
        if (h == s.alibiSelectedHead)
            dl->AddRect(ImVec2(p.x - 2, p.y - 2), ImVec2(p.x + side + 2, p.y + side + 2), IM_COL32(255, 200, 0, 255));
        ImGui::PopID();
    }
}

}  // namespace

// ALiBi: small multiples of every head, the selected head large, the slope strip; T5 buckets.
void drawBiasPanel(AppState& state, UiContext& ui) {
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    ImGui::TextDisabled("ALiBi heads (click one):");
    drawThumbnails(state, ui, avail.x);
    const ImVec2 rest = ImGui::GetContentRegionAvail();
    const float side = std::min(rest.x * 0.5f, rest.y);
    drawViewPlot(View::Alibi, state, ui, side, side);
    ImGui::SameLine();
    ImGui::BeginGroup();
    const float minHeight = kStackedPlotMinEm * 0.8f * ImGui::GetFontSize();  // small windows: the tab scrolls
    drawViewPlot(View::AlibiSlopes, state, ui, 0, std::max(side * 0.45f, minHeight));
    drawViewPlot(View::T5, state, ui, 0, std::max(side * 0.55f - ImGui::GetStyle().ItemSpacing.y, minHeight));
    ImGui::EndGroup();
}

}  // namespace phaselens::ui
