// A | B: the focused view for the state and for the comparison's B, side by side with shared axes (model/compare.h).
#include <imgui.h>

#include <algorithm>

#include "export/unicode_math.h"
#include "ui/ui_context.h"

namespace phaselens::ui {

namespace {

// Texture slots of the two compare plots, after every view's own slot.
constexpr int kCompareSlot = 1 << 16;

void drawSide(int side, plot::PlotSpec& spec, uint64_t version, const AppState& state, UiContext& ui, ImVec2 size) {
    if (spec.heatmap)
        spec.heatmap->textureId =
            ui.textures ? ui.textures->textureFor(kCompareSlot + side, version, *spec.heatmap) : 0;
    ImGui::PushID(side);
    plot::drawPlot("##compare", spec, ui.comparePlots[static_cast<size_t>(side)], currentTheme(state, ui), size,
                   version);
    ImGui::PopID();
}

// Once per pair: θᵢ instead of theta_i (as the tabs show it), no captions (different caption lengths would give
// the two panels different plot areas: the captions stay in the export's sidecar), and the short titles when the full
// ones do not fit the panel.
void windowTexts(CompareWindowState& c, CompareResult& pair, uint64_t version, const AppState& state, UiContext& ui,
                 float panelWidth) {
    if (c.textsFor == version + 1) return;
    c.textsFor = version + 1;
    const float scale = currentTheme(state, ui).fontSize / ImGui::GetFontSize();
    bool narrow = false;
    for (plot::PlotSpec* spec : {&pair.a.spec, &pair.b.spec})
        narrow = narrow || ImGui::CalcTextSize(spec->title.c_str()).x * scale >
                               panelWidth - 10.0f * ImGui::GetFontSize();  // ~ the plot area
    if (narrow) {
        pair.a.spec.title = "A · " + c.states.shortA;
        pair.b.spec.title = "B · " + c.states.shortB;
    }
    for (plot::PlotSpec* spec : {&pair.a.spec, &pair.b.spec}) {
        spec->title = exporter::unicodeMath(spec->title);
        spec->caption.clear();
        spec->x.label = exporter::unicodeMath(spec->x.label);
        spec->y.label = exporter::unicodeMath(spec->y.label);
        for (plot::LineSeries& series : spec->series) series.name = exporter::unicodeMath(series.name);
        if (spec->heatmap) spec->heatmap->colorbarLabel = exporter::unicodeMath(spec->heatmap->colorbarLabel);
    }
}

}  // namespace

void shareViewWindow(const plot::PlotViewState& from, plot::PlotViewState& to) {
    to.window = from.window;
    to.home = from.home;
    to.needsFit = from.needsFit;
    if (!to.dragging) to.dragStart = from.window;
}

bool drawCompareView(AppState& state, UiContext& ui) {
    CompareWindowState& c = ui.compare;
    if (!c.enabled) return false;
    const View view = state.view;
    if (ImGui::SmallButton("close A | B")) c.enabled = false;
    ImGui::SameLine();
    ImGui::TextDisabled("%s | A: %s | B: %s | same axes and color scale", viewName(view),
                        c.haveStates ? c.states.labelA.c_str() : "", c.haveStates ? c.states.labelB.c_str() : "");
    if (!updateCompareStates(c, state, ui.model.rule)) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.45f, 0.4f, 1.0f));
        ImGui::TextWrapped("B: %s", c.error.c_str());
        ImGui::PopStyleColor();
        return true;
    }
    CachedView& a = ui.cache.get(view, state);
    CachedView& b = c.cacheB.get(view, c.states.b);
    for (const auto& [name, entry] : {std::pair{"A", &a}, std::pair{"B", &b}})
        if (!entry->error.empty()) {
            ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.45f, 0.4f, 1.0f));
            ImGui::TextWrapped("%s: %s", name, entry->error.c_str());
            ImGui::PopStyleColor();
        }
    CompareResult* pair = comparePair(c, view, a, b);
    if (!pair) {
        ImGui::TextDisabled("computing…");
        return true;
    }
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const ImVec2 size(std::max(1.0f, (avail.x - spacing) * 0.5f), std::max(1.0f, avail.y));
    const uint64_t version = c.versionA * 1000003u + c.versionB;  // the shared color scale depends on both
    windowTexts(c, *pair, version, state, ui, size.x);
    // One view window for both plots (their specs have the same axes): a zoom, pan or reset of either moves both.
    // A change made on B is drawn by A in the next frame.
    auto& views = ui.comparePlots;
    const plot::ViewWindow before0 = views[0].window;
    const bool fit0 = views[0].needsFit;
    drawSide(0, pair->a.spec, version, state, ui, size);
    if (fit0 || views[0].window != before0) shareViewWindow(views[0], views[1]);
    ImGui::SameLine();
    const plot::ViewWindow before1 = views[1].window;
    drawSide(1, pair->b.spec, version, state, ui, size);
    if (views[1].window != before1) shareViewWindow(views[1], views[0]);
    return true;
}

}  // namespace phaselens::ui
