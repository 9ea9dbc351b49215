#include "ui/key_tap_queue.h"

#include <cstddef>
#include <cstdint>

namespace phaselens::ui {

void KeyTapQueue::onKey(int key, int action) {
    if (key < 0 || key >= kKeys) return;
    const std::size_t k = static_cast<std::size_t>(key);
    if (action == 1) {
        if (pressesThisPoll_[k] < UINT16_MAX) ++pressesThisPoll_[k];
    } else if (action == 0 && pressesThisPoll_[k] > 0) {
        --pressesThisPoll_[k];  // pressed and released within one poll: ImGui will not see it
        if (queuedTaps_[k] < UINT16_MAX) ++queuedTaps_[k];
    }
}

bool KeyTapQueue::apply(bool* keysDown) {
    bool more = false;
    for (std::size_t k = 0; k < static_cast<std::size_t>(kKeys); ++k) {
        const bool freshPress = pressesThisPoll_[k] > 0;
        pressesThisPoll_[k] = 0;  // presses still held reach ImGui through its own callback
        if (phase_[k] == 1) {     // a replayed tap was down last frame: release it for one frame
            if (freshPress && queuedTaps_[k] < UINT16_MAX) ++queuedTaps_[k];  // a new press meanwhile: replay it
            keysDown[k] = false;
            phase_[k] = 0;
            more = more || queuedTaps_[k] > 0;
        } else if (queuedTaps_[k] > 0) {
            if (keysDown[k]) {  // the key is held again: the tap's release is implied, show the press next frame
                more = true;
                continue;
            }
            keysDown[k] = true;
            --queuedTaps_[k];
            phase_[k] = 1;
            more = true;
        }
    }
    return more;
}

bool KeyTapQueue::pending() const {
    for (std::size_t k = 0; k < static_cast<std::size_t>(kKeys); ++k)
        if (queuedTaps_[k] > 0 || phase_[k] == 1) return true;
    return false;
}

}  // namespace phaselens::ui
