// PhaseLens tests — a headless Dear ImGui context: what the app's GLFW + OpenGL3 backends would set up, without a
// window or GL, so panels and plots can be driven frame by frame in a unit test.
#pragma once

#include <imgui.h>

#include <cstdint>

namespace phaselens::test {

// GLFW key codes, which the app's backend puts in io.KeyMap (ImGui 1.86 reads named keys through it).
inline constexpr int kKeySpace = 32, kKeyEscape = 256, kKeyRight = 262, kKeyLeft = 263, kKeyDown = 264, kKeyUp = 265,
                     kKeyPageUp = 266, kKeyPageDown = 267, kKeyHome = 268, kKeyEnd = 269;

/// Creates and makes current a context of `width` x `height` at 60 fps: no imgui.ini or log file, the built-in
/// font in a built atlas (texture id 1), RendererHasVtxOffset as ImGui_ImplOpenGL3 sets on GL >= 3.2 (draw lists
/// may then exceed 64k vertices; without it libimgui.a asserts in Render()), the key map of the GLFW backend and
/// the mouse outside the window. Destroy it with ImGui::DestroyContext.
inline ImGuiContext* createHeadlessImGui(float width = 1600, float height = 900) {
    ImGuiContext* context = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(width, height);
    io.DeltaTime = 1.0f / 60.0f;
    io.IniFilename = nullptr;
    io.LogFilename = nullptr;
    io.BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;
    io.Fonts->AddFontDefault();
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(1)));
    io.KeyMap[ImGuiKey_Space] = kKeySpace;
    io.KeyMap[ImGuiKey_Escape] = kKeyEscape;
    io.KeyMap[ImGuiKey_RightArrow] = kKeyRight;
    io.KeyMap[ImGuiKey_LeftArrow] = kKeyLeft;
    io.KeyMap[ImGuiKey_DownArrow] = kKeyDown;
    io.KeyMap[ImGuiKey_UpArrow] = kKeyUp;
    io.KeyMap[ImGuiKey_PageUp] = kKeyPageUp;
    io.KeyMap[ImGuiKey_PageDown] = kKeyPageDown;
    io.KeyMap[ImGuiKey_Home] = kKeyHome;
    io.KeyMap[ImGuiKey_End] = kKeyEnd;
    io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    return context;
}

}  // namespace phaselens::test
