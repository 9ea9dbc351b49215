// "An idle frame allocates nothing": the whole UI runs headless; after warm-up frames, further frames
// with an unchanged AppState must not call operator new (global replacement counts every allocation).
#include <stdexcept>
#define IM_ASSERT(expr) ((expr) ? (void)0 : throw std::runtime_error("IM_ASSERT failed: " #expr))
#include <gtest/gtest.h>
#include <imgui.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "headless_imgui.h"
#include "ui/ui_context.h"

namespace {
std::atomic<long> gAllocations{0};
}

void* operator new(std::size_t size) {
    ++gAllocations;
    if (void* p = std::malloc(size ? size : 1)) return p;
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
    std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
    std::free(p);
}
// The nothrow forms too (std::stable_partition's temporary buffer uses them): under ASan an unreplaced nothrow new
// comes from ASan's allocator and the replaced delete above would free() it (alloc-dealloc mismatch).
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
    ++gAllocations;
    return std::malloc(size ? size : 1);
}
void operator delete(void* p, const std::nothrow_t&) noexcept {
    std::free(p);
}

namespace phaselens::ui {
namespace {

TEST(IdleFrame, AllocatesNothingOnAnyPanel) {
    test::createHeadlessImGui();
    AppState state;
    UiContext ui;
    NullTextureProvider textures;
    ui.textures = &textures;
    auto frame = [&] {
        ImGui::NewFrame();
        drawApp(state, ui);
        ImGui::Render();
    };
    for (View v : {View::Ladder, View::PhaseCircle, View::Scores, View::Alibi}) {
        state.view = v;
        ui.selectPanelPending = true;
        for (int i = 0; i < 10; ++i) frame();  // warm-up: compute, build layouts, grow ImGui buffers
        const long before = gAllocations.load();
        for (int i = 0; i < 10; ++i) frame();
        EXPECT_EQ(gAllocations.load() - before, 0) << "idle frames allocated on the panel of " << viewName(v);
    }
    ImGui::DestroyContext();
}

}  // namespace
}  // namespace phaselens::ui
