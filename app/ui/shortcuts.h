// PhaseLens app — every keyboard shortcut of the window in ONE table: the key handling (handleShortcuts), the menu
// bar's shortcut texts (shortcutKeys) and the F1 overlay (drawShortcutOverlay) all read it, so they cannot disagree.
//
// Keys are the backend's key codes as ImGui 1.86 sees them (GLFW: ASCII for letters and punctuation, 256+ for
// named keys). A shortcut fires when its key is pressed (no repeat) with exactly its Ctrl and Shift state, no text
// field has the keyboard, and its scope applies:
//   Scope::Window     always (the normal window and while presenting)
//   Scope::Normal     only outside presentation / stage mode
//   Scope::Deck       while presenting a deck (slide keys; they win over Window entries with the same key)
//   Scope::Presenting while presenting (presentation or stage mode)
#pragma once

#include <span>

#include "model/app_state.h"

namespace phaselens::ui {

using namespace phaselens::model;

struct UiContext;

enum class Action {
    OpenConfig,         ///< File > Open config or session…: a path popup (state JSON, else a HF config.json)
    Save,               ///< save the session to ui.statePath
    SaveAs,             ///< a path popup, then save there (and keep saving there)
    Export,             ///< the export dialog for the focused plot
    Quit,               ///< ui.quitRequested: the desktop loop closes the window (the session is saved)
    Undo,               ///< undo_history.h
    Redo,               ///< undo_history.h
    ToggleControls,     ///< collapse / expand the control panel
    ResetView,          ///< every plot back to its home zoom
    CopyValue,          ///< the hovered plot value to the clipboard (plot.h hoverValueText)
    UiScaleUp,          ///< UI scale one step up (max 200%)
    UiScaleDown,        ///< UI scale one step down (min 75%)
    Presentation,       ///< toggle presentation mode (the focused plot fills the window)
    Stage,              ///< toggle stage mode (presentation + OS fullscreen + aspect, stage_mode.h)
    ShowShortcuts,      ///< toggle the F1 overlay
    PlayPause,          ///< the animation player (not while a widget is active or keyboard navigation is on)
    NextSlide,          ///< deck
    PreviousSlide,      ///< deck
    FirstSlide,         ///< deck
    LastSlide,          ///< deck
    LeavePresentation,  ///< leave presentation and stage mode
    StageCaptions,      ///< show / hide the captions while presenting
    StageHints,         ///< show / hide the key-hint bar while presenting
    CycleAspect,        ///< stage aspect 16:9 → 4:3 → fill
    PreviousLayer,      ///< the layer strip: select the previous layer (layer_selection.h)
    NextLayer,          ///< the layer strip: select the next layer
    // The Deck menu (deck_editor.h): its items run these, and the F1 list shows them from this table.
    AddSlide,       ///< Deck > Add this view as a slide
    MoveSlideUp,    ///< Deck > Move slide up
    MoveSlideDown,  ///< Deck > Move slide down
    DeleteSlide,    ///< Deck > Delete slide
    SaveDeck,       ///< Deck > Save deck (to the menu's file field, ui.deckPath)
    OpenDeck,       ///< Deck > Open deck (the menu's file field)
    PresentDeck,    ///< Deck > Present deck: presentation mode on the current slide
    Count
};

enum class Scope { Window, Normal, Deck, Presenting };

struct Shortcut {
    Action action;
    int key;           ///< backend key code (see above)
    bool ctrl, shift;  ///< required modifier state (exact)
    Scope scope;
    const char* keys;         ///< as shown to the user, e.g. "Ctrl+Shift+S"
    const char* description;  ///< one line for the F1 overlay
};

/// The table, in the order the F1 overlay lists it (an action may have several rows: the first one is the one
/// menus show).
std::span<const Shortcut> shortcutTable();

/// The keys of `action`'s first row ("" when it has none), for menu items.
const char* shortcutKeys(Action action);

/// Runs `action`. Returns false when it does not apply now (e.g. PlayPause while a slider is dragged, a slide key
/// without a deck), so the key is left to others.
bool runAction(Action action, AppState& state, UiContext& ui);

/// Checks the table's keys for this frame and runs the first matching action that applies. Returns the action
/// run, or Action::Count. Call once per frame before drawing.
Action handleShortcuts(AppState& state, UiContext& ui);

/// The F1 overlay (a window listing the table) while ui.showShortcuts; F1 or Esc or its close button hides it.
void drawShortcutOverlay(UiContext& ui);

/// The UI scale steps of View > UI scale and Ctrl+= / Ctrl+-: 0.75, 1, 1.25, 1.5, 1.75, 2.
std::span<const float> uiScaleSteps();

}  // namespace phaselens::ui
