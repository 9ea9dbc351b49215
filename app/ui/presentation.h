// PhaseLens app — presentation mode and slide decks, so a talk can be driven live from the keyboard.
//
// Presentation mode (F11, or `phaselens --present`, or `--deck FILE.json`): the focused plot fills the
// window, drawn with the light theme and ui.presentationFontScale × larger text (a second font atlas
// entry rasterized at that size when the app loaded one, else ImGui's FontGlobalScale).
//
// A deck is a JSON array of saved states, each exactly what Ctrl+S / stateToJson writes (an export
// sidecar works too: its "_phaselens" block is ignored), or an object {"slides": [...]}. Keys while
// presenting (rows of the shortcut table, shortcuts.h):
//   Right, PageDown, Space   next slide            Left, PageUp   previous slide
//   Home / End               first / last slide    Esc            leave presentation mode
// Without a deck, Space plays/pauses the animation as in the normal window.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "model/app_state.h"

namespace phaselens::ui {

using namespace phaselens::model;  // the widgets read and write the model (app/model)

struct UiContext;

/// The slides of a deck document (see above). Throws std::invalid_argument naming the slide (1-based) and
/// the key, e.g. "slide 3: rope_theta: expected a number, got \"x\"", or "deck must be a JSON array of
/// states (or {\"slides\": [...]})", or "deck has no slides".
std::vector<AppState> deckFromJson(const nlohmann::json& json);
/// The deck document of `slides` (an array of stateToJson objects).
nlohmann::json deckToJson(const std::vector<AppState>& slides);
/// Reads a deck file. Throws std::invalid_argument prefixed with the path.
std::vector<AppState> loadDeckFile(const std::string& path);

/// Shows slide `index` (clamped to the deck): state = deck[index], plot zoom reset, its tab selected.
void goToSlide(AppState& state, UiContext& ui, int index);

/// Switches the ImGui style (light while presenting, else the state's theme) and the global font scale
/// when presentation mode was entered or left. Call at the start of every frame, before any window.
void updatePresentationStyle(const AppState& state, UiContext& ui);

/// The state the focused plot is drawn with while presenting: `state` with the light theme and the font
/// scale multiplied by ui.presentationFontScale (clamped to 0.5..6).
AppState presentationLook(const AppState& state, const UiContext& ui);

/// One line under the presented plot: "slide k/n", the keys, and the status message.
void drawPresentationBar(const AppState& state, UiContext& ui);

}  // namespace phaselens::ui
