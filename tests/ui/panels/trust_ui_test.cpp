// Headless UI tests of issue 14's comforts: key taps are queued and never dropped, undo/redo of every change
// (a drag is one step) and reset to defaults, clamped selections never show an error, plain numbers, a scaling
// type picks a sensible factor and says so, slide titles stay on the focused plot.
#include <stdexcept>
#define IM_ASSERT(expr) ((expr) ? (void)0 : throw std::runtime_error("IM_ASSERT failed: " #expr))
#include <gtest/gtest.h>
#include <imgui.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "headless_app.h"
#include "model/scaling_defaults.h"
#include "model/undo_history.h"
#include "ui/key_tap_queue.h"
#include "ui/ui_context.h"
#include "ui/widgets.h"

namespace phaselens::ui {
namespace {

class TrustUi : public test::HeadlessApp {
  protected:
    // A key tap whose press and release both arrive before the next frame, as GLFW + ImGui's callback deliver it.
    void instantTap(int key) {
        ImGuiIO& io = ImGui::GetIO();
        io.KeysDown[key] = true;
        taps.onKey(key, 1);
        io.KeysDown[key] = false;
        taps.onKey(key, 0);
    }
    KeyTapQueue taps;
};

// [SECTION] Key taps ------------------------------------------------------------------------------------------

TEST_F(TrustUi, InstantKeyTapsAreQueuedNotDropped) {
    frames(2);
    ImGuiIO& io = ImGui::GetIO();
    // Without the queue a 1-ms tap (press and release in one event poll) is never seen by ImGui.
    io.KeysDown[test::kKeyRight] = true;
    io.KeysDown[test::kKeyRight] = false;
    ImGui::NewFrame();
    EXPECT_FALSE(ImGui::IsKeyPressed(test::kKeyRight, false));
    ImGui::Render();
    // With it: four instant taps in one poll are four presses, one per frame pair.
    for (int i = 0; i < 4; ++i) instantTap(test::kKeyRight);
    int seen = 0, framesRun = 0;
    while (framesRun < 20) {
        const bool more = taps.apply(io.KeysDown);
        ImGui::NewFrame();
        seen += ImGui::IsKeyPressed(test::kKeyRight, false);
        ImGui::Render();
        ++framesRun;
        if (!more) break;
    }
    EXPECT_EQ(seen, 4);
    EXPECT_FALSE(taps.pending());
    EXPECT_LE(framesRun, 9);
    // A held key (press in one poll, release in a later one) reaches ImGui unchanged and is not replayed.
    io.KeysDown[test::kKeySpace] = true;
    taps.onKey(test::kKeySpace, 1);
    EXPECT_FALSE(taps.apply(io.KeysDown));
    EXPECT_TRUE(io.KeysDown[test::kKeySpace]);
    io.KeysDown[test::kKeySpace] = false;
    taps.onKey(test::kKeySpace, 0);
    EXPECT_FALSE(taps.apply(io.KeysDown));
    EXPECT_FALSE(taps.pending());
}

TEST_F(TrustUi, DeckSlidesAdvanceOnInstantTaps) {
    AppState a, b, c;
    a.contextLength = 1000;
    b.contextLength = 2000;
    c.contextLength = 3000;
    ui.deck = {a, b, c};
    ui.presentation = true;
    state = a;
    frames(2);
    instantTap(test::kKeyRight);
    instantTap(test::kKeyRight);
    for (int i = 0; i < 8; ++i) {
        taps.apply(ImGui::GetIO().KeysDown);
        frame();
    }
    EXPECT_EQ(ui.slide, 2);
    EXPECT_EQ(state.contextLength, 3000);
}

// [SECTION] Undo / redo ----------------------------------------------------------------------------------------

TEST(UndoHistory, EveryChangeIsOneStepAndFocusIsNot) {
    UndoHistory h;
    AppState s;
    h.record(s, false);
    s.contextLength = 8192;
    h.record(s, false);
    for (int k = 0; k < 30; ++k) {  // a drag over 30 frames: one step when it ends
        s.rope.base = 10000.0 + 1000.0 * k;
        h.record(s, true);
    }
    h.record(s, false);
    s.view = View::Scores;  // focusing another plot is not a step
    h.record(s, false);
    EXPECT_EQ(h.undoSteps(), 2u);
    ASSERT_TRUE(h.undo(s));
    EXPECT_EQ(s.rope.base, 10000.0);
    EXPECT_EQ(s.contextLength, 8192);
    EXPECT_EQ(s.view, View::Scores);
    ASSERT_TRUE(h.undo(s));
    EXPECT_EQ(s.contextLength, 4096);
    EXPECT_FALSE(h.undo(s));
    ASSERT_TRUE(h.redo(s));
    EXPECT_EQ(s.contextLength, 8192);
    ASSERT_TRUE(h.redo(s));
    EXPECT_EQ(s.rope.base, 39000.0);
    EXPECT_FALSE(h.redo(s));
    // A new change after an undo clears the redo list; animation frames are not steps.
    h.undo(s);
    s.trainingContext = 100;
    h.record(s, false);
    EXPECT_EQ(h.redoSteps(), 0u);
    const size_t steps = h.undoSteps();
    s.positionMarker = 5;
    h.record(s, false, true);
    EXPECT_EQ(h.undoSteps(), steps);
}

TEST_F(TrustUi, CtrlZUndoesAndCtrlShiftZRedoesResetToo) {
    frames(2);
    state.contextLength = 65536;
    frames(1);
    state = defaultsKeepingLook(state);  // what "reset to defaults" does
    frames(1);
    EXPECT_EQ(state.contextLength, 4096);
    ImGuiIO& io = ImGui::GetIO();
    auto ctrlKey = [&](int key, bool shift) {
        io.KeyCtrl = true;
        io.KeyShift = shift;
        io.KeysDown[key] = true;
        frame();
        io.KeysDown[key] = false;
        io.KeyCtrl = io.KeyShift = false;
        frame();
    };
    ctrlKey('Z', false);
    EXPECT_EQ(state.contextLength, 65536);
    ctrlKey('Z', false);
    EXPECT_EQ(state.contextLength, 4096);
    ctrlKey('Z', true);
    EXPECT_EQ(state.contextLength, 65536);
    EXPECT_EQ(ui.status, "redo");
}

// [SECTION] No state empties a view ---------------------------------------------------------------------------

TEST_F(TrustUi, HeadDim64KeepsThePhaseTabAndTheModelSectionFree) {
    state.view = View::PhaseCircle;
    ui.selectPanelPending = true;
    frames(3);
    state.rope.headDim = 64;
    frames(3);
    for (View v : {View::PhaseCircle, View::PhaseSawtooth}) {
        const CachedView& e = ui.cache.peek(v);
        EXPECT_TRUE(e.error.empty()) << e.error;
        EXPECT_TRUE(e.hasResult);
    }
    EXPECT_EQ(state.phasePairs, (std::vector<int>{12, 28, 31}));
    EXPECT_NE(ui.status.find("44 → 31"), std::string::npos) << ui.status;
}

// [SECTION] Captions follow the choice -------------------------------------------------------------------------

TEST(ScalingDefaults, ChoosingATypeAtFactorOneSetsAFactorAndSaysSo) {
    AppState s;
    s.contextLength = 32768;
    s.trainingContext = 4096;
    s.rope.type = core::RopeType::Yarn;
    const std::string note = applyScalingDefaults(s, core::RopeType::Default);
    EXPECT_EQ(s.rope.factor, 8.0);
    EXPECT_NE(note.find("factor set to 8"), std::string::npos) << note;
    s.rope.type = core::RopeType::Llama3;  // the user's factor is kept
    s.rope.factor = 3;
    EXPECT_EQ(applyScalingDefaults(s, core::RopeType::Yarn), "");
    EXPECT_EQ(s.rope.factor, 3.0);
    AppState t;  // context = training context: the type's usual factor
    t.rope.type = core::RopeType::Llama3;
    applyScalingDefaults(t, core::RopeType::Default);
    EXPECT_EQ(t.rope.factor, 8.0);
}

TEST(PlainNumbers, NoExponentsAndGroupedIntegers) {
    EXPECT_EQ(groupedInteger(1048576), "1,048,576");
    EXPECT_EQ(groupedInteger(512), "512");
    EXPECT_EQ(groupedInteger(-4096), "-4,096");
    EXPECT_EQ(plainNumber(500000), "500000");
    EXPECT_EQ(plainNumber(1e8), "100000000");
    EXPECT_EQ(plainNumber(1048576), "1048576");
    EXPECT_EQ(plainNumber(0.01), "0.01");
    EXPECT_EQ(plainNumber(3.14159265), "3.14159");
    EXPECT_EQ(plainNumber(8), "8");
    EXPECT_EQ(plainNumber(0), "0");
}

TEST(ModelFolder, ThePathFieldAcceptsAModelFolder) {
    const std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("phaselens_model_folder_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir / "empty");
    {
        std::ofstream cfg(dir / "config.json");
        cfg << R"({"model_type": "llama", "hidden_size": 2048, "num_attention_heads": 32, "rope_theta": 500000.0,
                   "max_position_embeddings": 8192})";
    }
    AppState s;
    ModelPanelState panel;
    ASSERT_TRUE(loadModelFile(dir.string(), s, panel)) << panel.error;
    EXPECT_EQ(s.rope.headDim, 64);
    EXPECT_EQ(s.rope.base, 500000.0);
    EXPECT_EQ(panel.pathInput, (dir / "config.json").string());
    EXPECT_FALSE(loadModelFile((dir / "empty").string(), s, panel));
    EXPECT_NE(panel.error.find("without config.json"), std::string::npos) << panel.error;
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace phaselens::ui
