// PhaseLens ui — building a slide deck (presentation.h) from the window: Deck menu in the menu bar.
//
//   Add this view as a slide   the current state (view, parameters, theme) after the current slide
//   Move slide up / down       the current slide one place earlier / later
//   Delete slide               the current slide (the next one becomes current)
//   Save deck                  ui.deckPath (default "phaselens_deck.json"), through the safe-write path
//                              (state_io.h writeFileAtomic: temporary file, fsync, rename)
//   Open deck                  the file in the Deck menu's path field; shows its first slide
//   Present deck               presentation mode on the current slide (F11 keys step through the deck)
//
// The editing functions below hold the rules (no ImGui; tests call them headless); drawDeckMenu only calls them.
// Each returns false (and changes nothing) when there is nothing to do, and sets ui.status to what happened.
#pragma once

#include <span>
#include <string>

#include "model/app_state.h"
#include "ui/shortcuts.h"

namespace phaselens::ui {

using namespace phaselens::model;

struct UiContext;

/// Inserts `state` after the current slide (first slide of an empty deck) and makes it current.
void addSlide(const AppState& state, UiContext& ui);
/// Moves the current slide by `delta` places (−1 earlier, +1 later); it stays current.
bool moveSlide(UiContext& ui, int delta);
/// Deletes the current slide; the one after it (else the new last one) becomes current.
bool deleteSlide(UiContext& ui);
/// Writes the deck (presentation.h deckToJson, 2-space indent) to `path` atomically and remembers the path.
/// An empty deck is refused (false, status says so); a write error is reported in the status.
bool saveDeck(UiContext& ui, const std::string& path);
/// Replaces the deck by the file's slides and shows the first (goToSlide). A bad file: false, status names it,
/// the deck unchanged.
bool openDeck(AppState& state, UiContext& ui, const std::string& path);
/// One item of the Deck menu: its label and the shortcut action it runs (shortcuts.h). The menu is drawn from this
/// list and shows each action's keys from the shortcut table, which the F1 list shows too: they cannot diverge.
struct DeckMenuItem {
    Action action;
    const char* label;
};
/// The Deck menu's items in menu order (Add, Move up, Move down, Delete, Save, Open, Present).
std::span<const DeckMenuItem> deckMenuItems();
/// Whether the Deck menu enables `action` now (e.g. Move slide up needs a slide before the current one).
bool deckActionEnabled(Action action, const UiContext& ui);
/// Runs a Deck action (the functions above; Save / Open use ui.deckPath, "phaselens_deck.json" when empty). Returns
/// false when it did nothing; ui.status says what happened either way.
bool runDeckAction(Action action, AppState& state, UiContext& ui);
/// The menu bar's "Deck" menu (between View and Help), drawn from deckMenuItems().
void drawDeckMenu(AppState& state, UiContext& ui);

}  // namespace phaselens::ui
