// PhaseLens app — key presses are queued, never dropped.
//
// Dear ImGui 1.86 reads keys as a state (io.KeysDown[]) once per frame. A press and its release that arrive in the
// same event poll (a presentation remote's 1-ms tap, or several quick taps during one slow frame) leave the key up
// by the time the frame starts, so ImGui never sees the press. KeyTapQueue watches the raw key events (the window's
// key handler, called after ImGui's own callback), counts the taps that completed within one poll, and replays them:
// each queued tap holds the key down for one frame, then up for one frame, so IsKeyPressed() fires once per tap, in
// order. Held keys (released in a later poll) reach ImGui unchanged. GL-free and headless-testable.
#pragma once

#include <array>
#include <cstdint>

namespace phaselens::ui {

class KeyTapQueue {
  public:
    static constexpr int kKeys = 512;  ///< key codes 0..511 (ImGui 1.86's io.KeysDown size; GLFW codes < 349)

    /// A raw key event: action 1 = press, 0 = release, 2 = repeat (GLFW's GLFW_PRESS/RELEASE/REPEAT).
    void onKey(int key, int action);

    /// Call once per frame after the events were processed and before ImGui::NewFrame(): adjusts keysDown
    /// (io.KeysDown, kKeys entries) so the next queued tap of each key is seen. Returns true when taps remain to be
    /// replayed (the caller must render another frame without waiting for events).
    bool apply(bool* keysDown);

    /// True when taps wait to be replayed.
    bool pending() const;

  private:
    std::array<uint16_t, kKeys> pressesThisPoll_{};  ///< presses seen since the last apply() without a release yet
    std::array<uint16_t, kKeys> queuedTaps_{};       ///< taps (press + release in one poll) not yet shown
    std::array<uint8_t, kKeys> phase_{};             ///< 0 idle, 1 shown down this frame (release next)
};

}  // namespace phaselens::ui
