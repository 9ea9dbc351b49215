// PhaseLens app — the frame boundary: an exception thrown while the UI is drawn stops here instead of ending the
// window. The windows and stacks the failed frame left open are closed (ImGui's end-of-frame recovery), so
// ImGui::Render() still works; the message goes to the status bar and the next frame draws normally.
#pragma once

#include <functional>
#include <string>

namespace phaselens::ui {

struct UiContext;

/// Runs `drawFrame` (everything between ImGui::NewFrame and ImGui::Render). Returns true when it finished; on an
/// exception, recovers ImGui's stacks, sets ui.status to "error in this frame: <message>" and returns false.
bool drawFrameGuarded(UiContext& ui, const std::function<void()>& drawFrame);

}  // namespace phaselens::ui
