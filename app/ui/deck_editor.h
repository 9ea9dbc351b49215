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

#include <string>

#include "model/app_state.h"

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
/// The menu bar's "Deck" menu (between View and Help).
void drawDeckMenu(AppState& state, UiContext& ui);

}  // namespace phaselens::ui
