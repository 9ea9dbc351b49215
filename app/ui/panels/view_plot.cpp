#include <imgui.h>

#include <algorithm>

#include "export/unicode_math.h"
#include "ui/plot_actions.h"
#include "ui/stage_mode.h"
#include "ui/ui_context.h"
#include "ui/window_layout.h"

namespace phaselens::ui {

const plot::PlotTheme& currentTheme(const AppState& state, UiContext& ui) {
    if (ui.presentation) {  // presentation and stage mode: projector lines and contrast (stage_mode.h)
        if (ui.stageThemeFontScale != state.fontScale * ui.uiScale) {
            ui.stageThemeFontScale = state.fontScale * ui.uiScale;
            ui.stageTheme = stagePlotTheme(ui.stageThemeFontScale);
        }
        return ui.stageTheme;
    }
    // The UI scale (View > UI scale) enlarges the plots' text and geometry with the rest of the window.
    const float fontScale = state.fontScale * ui.uiScale;
    if (!ui.themeValid || ui.themeFor != state.theme || ui.fontScaleFor != fontScale) {
        ui.theme = state.theme == ThemeChoice::Dark ? plot::darkTheme() : plot::lightTheme();
        ui.theme.fontSize *= fontScale;
        for (float* px : {&ui.theme.padding, &ui.theme.labelGap, &ui.theme.tickLength, &ui.theme.minorTickLength,
                          &ui.theme.xTickSpacing, &ui.theme.yTickSpacing, &ui.theme.colorbarGap,
                          &ui.theme.colorbarWidth, &ui.theme.lineWidth, &ui.theme.markerRadius, &ui.theme.legendSwatch})
            *px *= ui.uiScale;
        ui.themeFor = state.theme;
        ui.fontScaleFor = fontScale;
        ui.themeValid = true;
    }
    return ui.theme;
}

namespace {

// The window shows the generated texts as a paper would (θᵢ, not theta_i), like the exports: converted in place
// once per cached result.
void unicodeTexts(View view, CachedView& entry, UiContext& ui) {
    uint64_t& done = ui.unicodeVersion[static_cast<size_t>(view)];
    if (!entry.hasResult || done == entry.version + 1) return;
    done = entry.version + 1;
    plot::PlotSpec& spec = entry.result.spec;
    spec.title = exporter::unicodeMath(spec.title);
    spec.caption = exporter::unicodeMath(spec.caption);
    spec.x.label = exporter::unicodeMath(spec.x.label);
    spec.y.label = exporter::unicodeMath(spec.y.label);
    for (plot::LineSeries& series : spec.series) series.name = exporter::unicodeMath(series.name);
    if (spec.heatmap) spec.heatmap->colorbarLabel = exporter::unicodeMath(spec.heatmap->colorbarLabel);
    for (std::string& w : entry.result.warnings) w = exporter::unicodeMath(w);
}

// Deep zoom (model/view_window.h): the plot's visible window becomes the view's window, so the cache re-samples
// exactly what is visible (in the background: the current image stays, stretched, until the new one arrives). The
// home window (double-click, Home, "Reset zoom") is the whole view. Written only when it changed: an idle frame
// writes nothing. A line plot re-samples x only (its y axis shows values).
void syncZoomWindow(View view, AppState& state, const UiContext& ui, bool heatmap) {
    if (!viewInfo(view).def.inputs.contains(Field::windows)) return;
    const plot::PlotViewState& pv = ui.plotViews[static_cast<size_t>(view)];
    if (pv.needsFit) return;  // not fitted yet: its window is not the visible one
    // The visible part of the home window per axis; all of it = whole (zooming out or panning past an edge does
    // not re-sample what is already shown).
    auto visible = [](double lo, double hi, double homeLo, double homeHi) {
        const double a = std::max(std::min(lo, hi), std::min(homeLo, homeHi));
        const double b = std::min(std::max(lo, hi), std::max(homeLo, homeHi));
        return (a <= std::min(homeLo, homeHi) && b >= std::max(homeLo, homeHi)) || !(b > a) ? AxisRange{}
                                                                                            : AxisRange{a, b};
    };
    DataWindow want;
    want.x = visible(pv.window.xMin, pv.window.xMax, pv.home.xMin, pv.home.xMax);
    if (heatmap) want.y = visible(pv.window.yMin, pv.window.yMax, pv.home.yMin, pv.home.yMax);
    if (!(state.windows[view] == want)) state.windows[view] = want;
}

}  // namespace

void drawViewPlot(View view, AppState& state, UiContext& ui, float width, float height) {
    CachedView& entry = ui.cache.get(view, state);
    unicodeTexts(view, entry, ui);
    ImGui::PushID(static_cast<int>(view));
    ImGui::BeginGroup();  // one layout item: callers can put the next plot on the same line
    if (!entry.error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.45f, 0.4f, 1.0f));
        ImGui::TextWrapped("%s", entry.error.c_str());
        ImGui::PopStyleColor();
        if (height > 0) height -= ImGui::GetTextLineHeightWithSpacing() * 2;
    }
    const bool exportButton = !ui.presentation;
    const float buttonRow = ImGui::GetFrameHeightWithSpacing();  // room for the "Export…" button below the plot
    if (exportButton && (height <= 0 || height > 3 * buttonRow)) height -= buttonRow;
    if (entry.hasResult) {
        plot::PlotSpec& spec = entry.result.spec;
        if (spec.heatmap)
            spec.heatmap->textureId =
                ui.textures ? ui.textures->textureFor(static_cast<int>(view), entry.version, *spec.heatmap) : 0;
        // The caption moves out of small plots (window_layout.h) and off the stage unless asked for.
        const float frameHeight = height > 0 ? height : ImGui::GetContentRegionAvail().y + height;
        const bool captionShown = ui.presentation
                                      ? ui.stageCaptions
                                      : ui.showCaptions && frameHeight >= kCaptionMinFrameEm * ImGui::GetFontSize();
        std::string caption;
        if (!captionShown) caption.swap(spec.caption);  // no allocation: swapped back below
        // Presenting: a square matrix (query × key) stays square whatever the screen's aspect.
        const bool wasEqual = spec.equalAspect;
        if (ui.presentation && spec.heatmap && !spec.x.log && !spec.y.log &&
            spec.heatmap->xMax - spec.heatmap->xMin == spec.heatmap->yMax - spec.heatmap->yMin)
            spec.equalAspect = true;
        plot::drawPlot("##plot", spec, ui.plotViews[static_cast<size_t>(view)], currentTheme(state, ui),
                       ImVec2(width, height), entry.version * 4 + (captionShown ? 0 : 1) + (spec.equalAspect ? 2 : 0));
        spec.equalAspect = wasEqual;
        if (!captionShown) caption.swap(spec.caption);
        syncZoomWindow(view, state, ui, spec.heatmap.has_value());
        if (ImGui::IsItemClicked(ImGuiMouseButton_Left) || ImGui::IsItemClicked(ImGuiMouseButton_Right))
            state.view = view;
        drawPlotContextMenu(view, state, ui);  // right-click: copy value, export, reset zoom (plot_actions.h)
        if (exportButton) {
            if (ImGui::SmallButton("Export…")) openExportDialog(view, state, ui);
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("PNG, SVG, CSV, NPY or JSON of this plot (Ctrl+E: the focused plot)");
            if (!captionShown && !spec.caption.empty()) {
                ImGui::SameLine();
                ImGui::SmallButton("Caption");
                if (ImGui::IsItemHovered()) {
                    ImGui::BeginTooltip();
                    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 40.0f);
                    ImGui::TextUnformatted(spec.caption.c_str());
                    ImGui::PopTextWrapPos();
                    ImGui::EndTooltip();
                }
            }
        }
        if (entry.pending) ImGui::TextDisabled("computing… (the plot still shows the previous parameters)");
        for (const std::string& w : entry.result.warnings) ImGui::TextDisabled("note: %s", w.c_str());
    } else if (entry.error.empty()) {
        ImGui::TextDisabled("computing…");
    }
    ImGui::EndGroup();
    ImGui::PopID();
}

void drawViewGrid(const View (&views)[4], AppState& state, UiContext& ui) {
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const ImVec2 spacing = ImGui::GetStyle().ItemSpacing;
    const float w = (avail.x - spacing.x) * 0.5f, h = (avail.y - spacing.y) * 0.5f;
    const float em = ImGui::GetFontSize();
    if (w < kGridCellMinEm[0] * em || h < kGridCellMinEm[1] * em) {
        // Too small for 2 × 2 (window_layout.h): one column of plots at least kStackedPlotMinEm tall; the tab scrolls.
        const float stacked = std::max(h, kStackedPlotMinEm * em);
        for (const View view : views) drawViewPlot(view, state, ui, avail.x, stacked);
        return;
    }
    // drawViewPlot draws a group (plot + its Export button), so SameLine places the next cell beside it.
    drawViewPlot(views[0], state, ui, w, h);
    ImGui::SameLine();
    drawViewPlot(views[1], state, ui, w, h);
    drawViewPlot(views[2], state, ui, w, 0);
    ImGui::SameLine();
    drawViewPlot(views[3], state, ui, w, 0);
}

}  // namespace phaselens::ui
