// The shortcut table (ui/shortcuts.h) drives the keys, the menus' shortcut texts and the F1 overlay. Every row's key,
// pressed in a headless frame with the row's modifiers and scope, runs the row's action; the table has no ambiguous
// rows; Ctrl+C and the plots' right-click menu copy the hovered value through ImGui's clipboard callbacks.
#include <stdexcept>
#define IM_ASSERT(expr) ((expr) ? (void)0 : throw std::runtime_error("IM_ASSERT failed: " #expr))
#include <gtest/gtest.h>
#include <imgui.h>
#include <imgui_internal.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <memory>
#include <string>

#include "headless_app.h"
#include "headless_imgui.h"
#include "plot/fonts.h"
#include "ui/deck_editor.h"
#include "ui/plot_actions.h"
#include "ui/shortcuts.h"
#include "ui/ui_context.h"

namespace phaselens::ui {
namespace {

std::string g_clipboard;  // the test's clipboard (ImGui's platform clipboard callbacks)

class Shortcuts : public test::HeadlessApp {
  protected:
    void SetUp() override {
        HeadlessApp::SetUp();
        ImGuiIO& io = ImGui::GetIO();
        io.KeyMap[ImGuiKey_Enter] = 257;
        io.SetClipboardTextFn = [](void*, const char* text) { g_clipboard = text; };
        io.GetClipboardTextFn = [](void*) { return g_clipboard.c_str(); };
        g_clipboard.clear();
    }
    void press(const Shortcut& s) {
        ImGuiIO& io = ImGui::GetIO();
        io.KeyCtrl = s.ctrl;
        io.KeyShift = s.shift;
        io.KeysDown[s.key] = true;
        frame();
        io.KeysDown[s.key] = false;
        io.KeyCtrl = io.KeyShift = false;
        frame();  // the key is up again: the next press is a new one
    }
    // Puts the context in the state where row `s` applies.
    void enterScope(const Shortcut& s) {
        if (s.scope == Scope::Deck) {
            ui.deck = {AppState{}, AppState{}, AppState{}};
            ui.slide = 1;
        }
        ui.presentation = s.scope == Scope::Deck || s.scope == Scope::Presenting;
    }
};

// One fresh context per row (an earlier row may leave a modal popup or presentation mode on).
TEST(ShortcutTable, EveryRowsKeyRunsItsAction) {
    for (const Shortcut& s : shortcutTable()) {
        test::createHeadlessImGui();
        ImGuiIO& io = ImGui::GetIO();
        io.SetClipboardTextFn = [](void*, const char* text) { g_clipboard = text; };
        io.GetClipboardTextFn = [](void*) { return g_clipboard.c_str(); };
        AppState state;
        auto ui = std::make_unique<UiContext>();
        NullTextureProvider textures;
        ui->textures = &textures;
        auto frame = [&] {
            ImGui::NewFrame();
            drawApp(state, *ui);
            ImGui::Render();
        };
        if (s.scope == Scope::Deck) {
            ui->deck = {AppState{}, AppState{}, AppState{}};
            ui->slide = 1;
        }
        ui->presentation = s.scope == Scope::Deck || s.scope == Scope::Presenting;
        frame();
        frame();
        if (s.action == Action::CopyValue) {  // something to copy: the mouse over the ladder in the last frame
            plot::PlotViewState& ladder = ui->plotViews[static_cast<size_t>(View::Ladder)];
            ladder.hovered = true;
            ladder.mouseX = 10;
            ladder.mouseY = 3;
        }
        io.KeyCtrl = s.ctrl;
        io.KeyShift = s.shift;
        io.KeysDown[s.key] = true;
        frame();
        EXPECT_EQ(ui->lastShortcut, static_cast<int>(s.action)) << s.keys << ": " << s.description;
        ui.reset();
        ImGui::DestroyContext();
    }
}

TEST_F(Shortcuts, EveryActionHasAKeyAndNoTwoRowsCollide) {
    for (int a = 0; a < static_cast<int>(Action::Count); ++a)
        EXPECT_STRNE(shortcutKeys(static_cast<Action>(a)), "") << "action " << a << " has no row";
    const auto table = shortcutTable();
    for (size_t i = 0; i < table.size(); ++i)
        for (size_t j = i + 1; j < table.size(); ++j) {
            const Shortcut &a = table[i], &b = table[j];
            if (a.key != b.key || a.ctrl != b.ctrl || a.shift != b.shift) continue;
            // The same key is allowed only in scopes that never overlap, or with a narrower scope first (the deck's
            // Space comes before the window's play/pause).
            const bool disjoint =
                (a.scope == Scope::Normal && (b.scope == Scope::Presenting || b.scope == Scope::Deck)) ||
                (b.scope == Scope::Normal && (a.scope == Scope::Presenting || a.scope == Scope::Deck));
            const bool narrowerFirst = a.scope != Scope::Window && b.scope == Scope::Window;
            EXPECT_TRUE(disjoint || narrowerFirst)
                << a.keys << " is both \"" << a.description << "\" and \"" << b.description << "\"";
        }
}

TEST_F(Shortcuts, QuitOverlayAndPathPopups) {
    frames(2);
    press({Action::Quit, 'Q', true, false, Scope::Window, "", ""});
    EXPECT_TRUE(ui.quitRequested);
    press({Action::ShowShortcuts, 290, false, false, Scope::Window, "", ""});
    frame();
    EXPECT_TRUE(ui.showShortcuts);
    ImGuiWindow* overlay = ImGui::FindWindowByName("Keyboard shortcuts (F1)");
    ASSERT_NE(overlay, nullptr);
    EXPECT_TRUE(overlay->Active || overlay->WasActive);
    press({Action::ShowShortcuts, 290, false, false, Scope::Window, "", ""});
    EXPECT_FALSE(ui.showShortcuts);
    press({Action::SaveAs, 'S', true, true, Scope::Normal, "", ""});
    frame();
    EXPECT_EQ(ImGui::GetCurrentContext()->OpenPopupStack.Size, 1) << "Save session as";
    EXPECT_EQ(ui.pathInput, ui.statePath);
}

TEST_F(Shortcuts, UiScaleStepsScaleTheStyle) {
    frames(2);
    const float padding = ImGui::GetStyle().FramePadding.x;
    press({Action::UiScaleUp, 61, true, false, Scope::Window, "", ""});
    frame();
    EXPECT_FLOAT_EQ(ui.uiScale, 1.25f);
    EXPECT_NEAR(ImGui::GetStyle().FramePadding.x, std::floor(padding * 1.25f), 1.0f);
    EXPECT_FLOAT_EQ(currentTheme(state, ui).fontSize, plot::darkTheme().fontSize * 1.25f) << "plots scale too";
    for (int i = 0; i < 10; ++i) press({Action::UiScaleUp, 61, true, false, Scope::Window, "", ""});
    EXPECT_FLOAT_EQ(ui.uiScale, 2.0f);
    for (int i = 0; i < 10; ++i) press({Action::UiScaleDown, 45, true, false, Scope::Window, "", ""});
    EXPECT_FLOAT_EQ(ui.uiScale, 0.75f);
}

TEST_F(Shortcuts, CtrlCCopiesTheHoveredValueToTheClipboard) {
    state.view = View::Scores;
    ui.selectPanelPending = true;
    frames(3);
    EXPECT_FALSE(copyHoveredValue(ui)) << "nothing hovered, nothing copied";
    // Move the mouse over the middle of the score matrix (left plot of the Scores tab) until a plot reports it.
    ImGuiIO& io = ImGui::GetIO();
    bool hovered = false;
    for (float y = 200; y < 600 && !hovered; y += 100)  // the tab's layout decides where the matrix is
        for (float x = 500; x < 1500 && !hovered; x += 50) {
            io.MousePos = ImVec2(x, y);
            frames(2);
            hovered = ui.plotViews[static_cast<size_t>(View::Scores)].hovered;
        }
    ASSERT_TRUE(hovered);
    press({Action::CopyValue, 'C', true, false, Scope::Window, "", ""});
    EXPECT_EQ(ui.lastShortcut, static_cast<int>(Action::CopyValue));
    EXPECT_EQ(g_clipboard.rfind("row ", 0), 0u) << g_clipboard;
    EXPECT_NE(g_clipboard.find(": "), std::string::npos) << g_clipboard;
    EXPECT_EQ(ui.copiedText, g_clipboard);

    // The right-click menu: opens on the plot with the value where it was opened.
    g_clipboard.clear();
    io.MouseDown[1] = true;
    frame();
    io.MouseDown[1] = false;
    frames(2);
    EXPECT_EQ(ImGui::GetCurrentContext()->OpenPopupStack.Size, 1);
    EXPECT_EQ(ui.plotMenuText, ui.copiedText);
}

// The Deck menu is drawn from deckMenuItems(), each item an action of the shortcut table: every item has keys, shows
// them, and is listed by the F1 overlay (which draws the table); every deck row of the table is in the menu.
TEST_F(Shortcuts, DeckMenuItemsAreRowsOfTheShortcutTable) {
    const auto items = deckMenuItems();
    ASSERT_EQ(items.size(), 7u);
    for (const DeckMenuItem& item : items) {
        EXPECT_STRNE(shortcutKeys(item.action), "") << item.label;
        bool listed = false;
        for (const Shortcut& s : shortcutTable()) listed = listed || s.action == item.action;
        EXPECT_TRUE(listed) << item.label << " is not in the F1 list";
    }
    for (const Shortcut& s : shortcutTable())
        if (std::string(s.description).rfind("deck: ", 0) == 0) {
            bool inMenu = false;
            for (const DeckMenuItem& item : items) inMenu = inMenu || item.action == s.action;
            EXPECT_TRUE(inMenu) << s.keys << " " << s.description;
        }
}

// The deck keys do what the menu items do: add, reorder, delete, save, open, present.
TEST_F(Shortcuts, DeckKeysEditSaveOpenAndPresentTheDeck) {
    auto row = [](Action a) {
        for (const Shortcut& s : shortcutTable())
            if (s.action == a) return s;
        return Shortcut{};
    };
    frames(2);
    state.view = View::Ladder;
    press(row(Action::AddSlide));
    state.view = View::Scores;
    press(row(Action::AddSlide));
    ASSERT_EQ(ui.deck.size(), 2u);
    EXPECT_EQ(ui.slide, 1);
    press(row(Action::MoveSlideUp));
    EXPECT_EQ(ui.slide, 0);
    EXPECT_EQ(ui.deck[0].view, View::Scores);
    press(row(Action::MoveSlideDown));
    EXPECT_EQ(ui.deck[1].view, View::Scores);
    const std::string path =
        (std::filesystem::temp_directory_path() / ("phaselens-deck-keys-" + std::to_string(::getpid()) + ".json"))
            .string();
    ui.deckPath = path;
    press(row(Action::SaveDeck));
    ASSERT_TRUE(std::filesystem::exists(path)) << ui.status;
    press(row(Action::DeleteSlide));
    EXPECT_EQ(ui.deck.size(), 1u);
    press(row(Action::OpenDeck));
    EXPECT_EQ(ui.deck.size(), 2u) << ui.status;
    EXPECT_FALSE(ui.presentation);
    press(row(Action::PresentDeck));
    EXPECT_TRUE(ui.presentation);
    std::filesystem::remove(path);
}

// At 1024×640 with the app's font the F1 overlay shows every row of the table (the deck rows made it longer than the
// window): no scrolling, inside the window.
TEST(ShortcutOverlay, ListsEveryRowWithoutScrollingAt1024x640) {
    for (const auto& [w, h] : {std::pair{1024.0f, 640.0f}, std::pair{1920.0f, 1080.0f}}) {
        test::createHeadlessImGui(w, h);
        test::useAppUiFont();
        AppState state;
        auto ui = std::make_unique<UiContext>();
        NullTextureProvider textures;
        ui->textures = &textures;
        ui->showShortcuts = true;
        for (int i = 0; i < 3; ++i) {
            ImGui::NewFrame();
            drawApp(state, *ui);
            ImGui::Render();
        }
        ImGuiWindow* overlay = ImGui::FindWindowByName("Keyboard shortcuts (F1)");
        ASSERT_NE(overlay, nullptr);
        EXPECT_LE(overlay->ScrollMax.y, 0.0f) << w << "x" << h;
        EXPECT_LE(overlay->ScrollMax.x, 0.0f) << w << "x" << h;
        EXPECT_GE(overlay->Pos.y, 0.0f);
        EXPECT_LE(overlay->Pos.y + overlay->Size.y, h);
        EXPECT_GE(overlay->Pos.x, 0.0f);
        EXPECT_LE(overlay->Pos.x + overlay->Size.x, w);
        ui.reset();
        ImGui::DestroyContext();
    }
}

}  // namespace
}  // namespace phaselens::ui
