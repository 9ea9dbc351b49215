// PhaseLens tests — a gtest fixture that draws the whole app UI (ui::drawApp) headless: a Dear ImGui context from
// createHeadlessImGui (no window, no GL), an AppState, a UiContext and a texture provider that keeps no textures.
// Tests that need more (keys, clipboard, a view to show) add it in their own SetUp after HeadlessApp::SetUp().
// Define IM_ASSERT before including this header when ImGui's asserts should throw.
#pragma once

#include <gtest/gtest.h>
#include <imgui.h>

#include <cstdint>
#include <filesystem>

#include "headless_imgui.h"
#include "plot/fonts.h"
#include "ui/ui_context.h"

namespace phaselens::test {

/// Loads the app's UI font at 15 px into the current context's atlas, as desktop_app.cpp does (when the font file
/// is installed; otherwise ImGui's built-in font stays): text widths then match the window's.
inline void useAppUiFont() {
    if (!std::filesystem::exists(plot::kUiFontPath)) return;
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    plot::addUiFont(15.0f);
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(1)));
}

class HeadlessApp : public ::testing::Test {
  protected:
    void SetUp() override {
        createHeadlessImGui();
        ui.textures = &textures;
    }
    void TearDown() override { ImGui::DestroyContext(); }
    /// One complete frame of the app UI.
    virtual void frame() {
        ImGui::NewFrame();
        ::phaselens::ui::drawApp(state, ui);
        ImGui::Render();
    }
    void frames(int n) {
        for (int i = 0; i < n; ++i) frame();
    }

    ::phaselens::model::AppState state;
    ::phaselens::ui::UiContext ui;
    ::phaselens::ui::NullTextureProvider textures;
};

}  // namespace phaselens::test
