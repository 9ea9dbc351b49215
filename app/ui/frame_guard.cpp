// PhaseLens app — the frame boundary (frame_guard.h).
#include "ui/frame_guard.h"

#include <imgui.h>
#include <imgui_internal.h>  // ErrorCheckEndFrameRecover

#include <exception>

#include "export/safe_write.h"
#include "ui/ui_context.h"

namespace phaselens::ui {

bool drawFrameGuarded(UiContext& ui, const std::function<void()>& drawFrame) {
    std::string message;
    try {
        drawFrame();
        return true;
    } catch (const std::exception& e) {
        message = e.what();
    } catch (...) {
        message = "unknown error";
    }
    ImGui::ErrorCheckEndFrameRecover(nullptr);  // End() every window and pop every stack the frame left open
    ui.status = "error in this frame: " + safe_write::printable(message, 300);
    return false;
}

}  // namespace phaselens::ui
