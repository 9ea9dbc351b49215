// PhaseLens app — UiContext: what the UI keeps besides AppState (caches, plot view windows, theme,
// transient messages). AppState holds parameters; UiContext holds everything derived or transient.
#pragma once

#include <array>
#include <functional>
#include <string>
#include <vector>

#include "model/animation.h"
#include "model/app_state.h"
#include "model/compare.h"
#include "model/layer_selection.h"
#include "model/learned_state.h"
#include "model/model_state.h"
#include "model/result_cache.h"
#include "model/undo_history.h"
#include "model/views.h"
#include "plot/plot.h"
#include "plot/plot_theme.h"
#include "ui/texture_provider.h"

namespace phaselens::ui {

using namespace phaselens::model;  // the widgets read and write the model (app/model)

/// Small multiples of every ALiBi head (bias panel), colored on the CPU; rebuilt when their inputs change.
struct AlibiThumbnails {
    static constexpr int kCells = 10;  ///< cells per side of one thumbnail (128 heads stay under 64k vertices)
    bool valid = false;
    int heads = 0;
    core::AlibiForm form = core::AlibiForm::Linear;
    bool causal = true;
    int64_t context = 0;
    Colormap colormap = Colormap::Magma;
    std::vector<uint32_t> colors;  ///< heads × kCells × kCells, ImGui ABGR colors (0 = masked)
};

/// The export dialog (panels/export_dialog.cpp: Ctrl+E or a plot's "Export…" button). The dialog only edits
/// these fields; the desktop loop runs the export between frames (export/app_export.h) and writes progress back.
struct ExportDialogState {
    bool openRequested = false;       ///< open the modal on the next frame
    View view = View::Ladder;         ///< the plot being exported
    int format = 0;                   ///< 0 png, 1 svg, 2 csv, 3 npy, 4 json (exporter::Format order)
    int width = 1920, height = 1080;  ///< px, 16..7680 × 16..4320
    ThemeChoice theme = ThemeChoice::Light;
    float fontScale = 1.0f;       ///< 0.5 .. 3
    float lineWidth = 0.0f;       ///< series width in output px; 0 = scales with the figure
    bool transparent = false;     ///< PNG/SVG: transparent background
    bool sidecar = true;          ///< also write <file>.json (parameters, conventions; --state reloads it)
    std::string title, caption;   ///< prefilled with the generated texts when the dialog opens
    std::string folder;           ///< last folder, remembered (export.json next to settings.json)
    std::string fileName;         ///< without folder; the extension follows the format
    bool startRequested = false;  ///< "Export" pressed; the app starts the job after this frame
    bool running = false;         ///< a job is running (one stage per frame)
    float progress = 0.0f;        ///< 0..1
    std::string stage;            ///< e.g. "rendering 3840×2160"
    std::string message;          ///< "wrote …" or the error of the last export
    bool failed = false;
    bool captionInImage = false;  ///< draw the caption under the plot (always in the sidecar)
    bool compare = false;  ///< write A | B (UiContext::compare) as `phaselens export --compare-*` does; set when the
                           ///< dialog opens over A | B
};

struct UiContext {
    ResultCache cache;
    TextureProvider* textures = nullptr;  ///< not owned; NullTextureProvider in headless tests
    std::array<plot::PlotViewState, static_cast<size_t>(View::Count)> plotViews;
    std::string status;                           ///< one-line message in the status bar (saved, errors, ...)
    std::string statePath;                        ///< where Ctrl+S saves the state (settings JSON)
    bool selectPanelPending = true;               ///< select panelOf(state.view) in the tab bar on the next frame
    bool presentation = false;                    ///< one plot fills the window (F11 toggles)
    std::function<void(const AppState&)> onSave;  ///< Ctrl+S handler (writes statePath); set by the app
    AlibiThumbnails alibiThumbs;
    ModelPanelState model;           ///< Model section: path field, rule, recent files, loaded config, error
    ExportDialogState exportDialog;  ///< Ctrl+E / "Export…": format, size, theme, title, progress
    AnimationState animation;        ///< the parameter sweep player (Space plays/pauses), animation.h
    // Presentation (F11, --present, --deck): the focused plot fills the window with the light theme and
    // presentationFontScale × larger text; with a deck, arrow keys / PageUp / PageDown / Space step slides.
    std::vector<AppState> deck;          ///< slides (saved states) from --deck FILE.json; empty = no deck
    int slide = 0;                       ///< current slide, 0-based
    std::string deckPath;                ///< shown in the status bar
    float presentationFontScale = 2.0f;  ///< text size multiplier while presenting
    bool presentationStyled = false;     ///< the ImGui style / font scale are the presentation ones
    ImFont* presentationFont = nullptr;  ///< font rasterized at presentationFontScale × size (set by the app)
    // Plot theme, rebuilt only when state.theme or state.fontScale change (see currentTheme()).
    plot::PlotTheme theme;
    bool themeValid = false;
    ThemeChoice themeFor = ThemeChoice::Dark;
    float fontScaleFor = 1.0f;
    LearnedPanelState learned;  ///< Learned positions tab: path field, recent tables, last error (learned_state.h)
    // --- appended by later features ---------------------------------------------------------------------
    UndoHistory undo;  ///< Ctrl+Z / Ctrl+Shift+Z over every parameter change (undo_history.h)
    // Window (issue 15): layout at any size, menu bar, shortcuts (shortcuts.h), stage mode (stage_mode.h).
    bool controlsCollapsed = false;    ///< the control panel is a one-button strip (Ctrl+B)
    bool showCaptions = true;          ///< captions under the plots (View > Captions); hidden on small plots anyway
    float uiScale = 1.0f;              ///< 0.75 .. 2: fonts and sizes of the UI (View > UI scale); the desktop
                                       ///< rebuilds the font atlas, headless runs scale the style only
    float uiScaleApplied = 1.0f;       ///< the scale the ImGui style currently has (applyUiScale)
    bool showShortcuts = false;        ///< the F1 overlay listing every shortcut (shortcuts.h)
    bool quitRequested = false;        ///< File > Quit / Ctrl+Q: the desktop loop closes the window
    bool openConfigRequested = false;  ///< File > Open config… / Ctrl+O: opens the path popup next frame
    bool saveAsRequested = false;      ///< File > Save state as… / Ctrl+Shift+S: opens the path popup next frame
    std::string pathInput;             ///< the path field of those popups
    std::string pathError;             ///< the last error of those popups
    bool stage = false;                ///< stage mode (Shift+F11): presentation + OS fullscreen + aspect (stage_mode.h)
    int stageAspect = 0;               ///< StageAspect: 0 = 16:9, 1 = 4:3, 2 = fill
    bool stageCaptions = false;        ///< stage mode shows the plot captions (C toggles)
    bool stageHints = false;           ///< stage mode shows the key-hint bar (H toggles)
    plot::PlotTheme stageTheme;        ///< stage plot theme at stageThemeFontScale (stage_mode.h)
    float stageThemeFontScale = 0;     ///< 0 = stageTheme not built yet
    std::string copiedText;            ///< the last text put on the clipboard (Ctrl+C, plot menu), for the status
    std::string plotMenuText;          ///< the value under the mouse when a plot's right-click menu opened
    int lastShortcut = -1;             ///< the shortcuts.h Action the last handled key ran (-1: none yet)
    /// Per view: 1 + the cache version whose texts were turned into Unicode math (θᵢ, ×, ≤; export/unicode_math.h)
    /// in place, once per result, so idle frames allocate nothing. 0 = not yet.
    std::array<uint64_t, static_cast<size_t>(View::Count)> unicodeVersion{};
    // Layers (issue 17): the loaded model's layer strip and the A/B comparison (model/layer_selection.h, compare.h).
    LayerPlanState layers;                            ///< the plan of the loaded model (synced every frame)
    CompareWindowState compare;                       ///< A | B of the focused view: picker, B, B's cache
    std::array<plot::PlotViewState, 2> comparePlots;  ///< zoom of the A and B plots
    std::vector<ImVec4> layerStripRows;               ///< screen rects (x0, y0, x1, y1) of the strip's rows last frame
    // The strip's fit (panels/layer_panel.cpp), last frame: px by which the widest cell text reaches past its column
    // or the table's visible area (<= 0: every column whole), and whether the two-line compact rows were used.
    float layerStripOverflow = 0;
    bool layerStripCompact = false;
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
void drawAliasingPanel(AppState& state, UiContext& ui);   // turns, sampling aliasing, point vs mean ladders
void drawExtensionPanel(AppState& state, UiContext& ui);  // the four context-extension plots
void drawLearnedPanel(AppState& state, UiContext& ui);    // learned absolute tables: file, views, resizing
void drawStudyPanel(AppState& state, UiContext& ui);      // paper figures (views_study.h)
void drawMropePanel(AppState& state, UiContext& ui);      // multimodal RoPE: the four M-RoPE plots
/// The Layers section (the layer strip of the loaded model) and the Compare A/B picker (panels/layer_panel.cpp).
void drawLayerControls(AppState& state, UiContext& ui);
/// When the A/B toggle is on: the focused view as A | B with shared axes, filling the region; returns true then
/// (the caller skips the tabs). Returns false when the toggle is off (panels/compare_view.cpp).
bool drawCompareView(AppState& state, UiContext& ui);
/// A | B's one view window: `to` takes `from`'s visible window and home (the two specs share their axes).
void shareViewWindow(const plot::PlotViewState& from, plot::PlotViewState& to);
/// The Animation section of the controls (sweep, play/pause, frame, GIF / PNG-sequence export).
void drawAnimationControls(AppState& state, UiContext& ui);
/// The body of the Effective logits section of the controls (controls_panel.cpp): the query temperature rule and
/// its constants, the softmax scale, softcap and sinks that selecting a layer sets, for trying other values.
void drawEffectiveLogitsControls(AppState& state);

/// Opens the export dialog for `view` (title and caption prefilled from the parameters).
void openExportDialog(View view, const AppState& state, UiContext& ui);
/// The export dialog (a modal popup); call once per frame. Does nothing while closed.
void drawExportDialog(AppState& state, UiContext& ui);

/// Draws one view's plot (from the cache) in `size` px (0 = available), with its error message inline.
/// Clicking the plot makes it the focused view (state.view).
void drawViewPlot(View view, AppState& state, UiContext& ui, float width, float height);
/// Four views in a 2 × 2 grid filling the available region, row by row: views[0] views[1] / views[2] views[3].
void drawViewGrid(const View (&views)[4], AppState& state, UiContext& ui);

}  // namespace phaselens::ui
