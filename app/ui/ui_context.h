// PhaseLens app — UiContext: what the UI keeps besides AppState (caches, plot view windows, theme,
// transient messages). AppState holds parameters; UiContext holds everything derived or transient.
#pragma once

#include <array>
#include <functional>
#include <string>
#include <vector>

#include "plot/plot.h"
#include "plot/plot_theme.h"
#include "ui/app_state.h"
#include "ui/result_cache.h"
#include "ui/texture_provider.h"

namespace phaselens::ui {

/// Small multiples of every ALiBi head (bias panel), colored on the CPU; rebuilt when their inputs change.
struct AlibiThumbnails {
    static constexpr int kCells = 12;  ///< cells per side of one thumbnail
    bool valid = false;
    int heads = 0;
    core::AlibiForm form = core::AlibiForm::Linear;
    bool causal = true;
    int64_t context = 0;
    Colormap colormap = Colormap::Magma;
    std::vector<uint32_t> colors;      ///< heads × kCells × kCells, ImGui ABGR colors (0 = masked)
};

/// The four panels (tabs) of the main window.
enum class Panel { Ladder, Phase, Scores, Bias, Count };
Panel panelOf(View view);
const char* panelTitle(Panel panel);

struct UiContext {
    ResultCache cache;
    TextureProvider* textures = nullptr;  ///< not owned; NullTextureProvider in headless tests
    std::array<plot::PlotViewState, static_cast<size_t>(View::Count)> plotViews;
    std::string status;                   ///< one-line message in the status bar (saved, errors, ...)
    std::string statePath;                ///< where Ctrl+S saves the state (settings JSON)
    bool selectPanelPending = true;       ///< select panelOf(state.view) in the tab bar on the next frame
    bool presentation = false;            ///< one plot fills the window (F11 toggles)
    std::function<void(const AppState&)> onSave;  ///< Ctrl+S handler (writes statePath); set by the app
    AlibiThumbnails alibiThumbs;
    // Plot theme, rebuilt only when state.theme or state.fontScale change (see currentTheme()).
    plot::PlotTheme theme;
    bool themeValid = false;
    ThemeChoice themeFor = ThemeChoice::Dark;
    float fontScaleFor = 1.0f;
};

/// ui.theme, refreshed when the state's theme choice or font scale changed.
const plot::PlotTheme& currentTheme(const AppState& state, UiContext& ui);

/// The whole UI for one frame (between ImGui::NewFrame and ImGui::Render): controls on the left,
/// the panels as tabs on the right, a status bar, keyboard shortcuts (R, Ctrl+S, F11, 1-4).
void drawApp(AppState& state, UiContext& ui);

// Panels (one file each under ui/panels/); each reads and writes only AppState and UiContext.
void drawControlsPanel(AppState& state, UiContext& ui);
void drawLadderPanel(AppState& state, UiContext& ui);
void drawPhasePanel(AppState& state, UiContext& ui);
void drawScoresPanel(AppState& state, UiContext& ui);
void drawBiasPanel(AppState& state, UiContext& ui);

/// Draws one view's plot (from the cache) in `size` px (0 = available), with its error message inline.
/// Clicking the plot makes it the focused view (state.view).
void drawViewPlot(View view, AppState& state, UiContext& ui, float width, float height);

}  // namespace phaselens::ui
