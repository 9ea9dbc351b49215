// Building a deck from the window (ui/deck_editor.h), headless: add the current view as a slide, reorder, delete,
// save through the safe-write path and open again; the menu bar draws the Deck menu in a headless ImGui frame.
#include "ui/deck_editor.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "ui/presentation.h"
#include "ui/ui_context.h"

namespace phaselens::ui {
namespace {

namespace fs = std::filesystem;

class DeckEditor : public ::testing::Test {
  protected:
    void SetUp() override {
        dir = fs::temp_directory_path() / ("phaselens_deck_editor_" + std::to_string(::getpid()));
        fs::create_directories(dir);
    }
    void TearDown() override { fs::remove_all(dir); }
    fs::path dir;
};

AppState stateWith(View view, double base) {
    AppState s;
    s.view = view;
    s.rope.base = base;
    return s;
}

TEST_F(DeckEditor, AddReorderDeleteSaveAndOpen) {
    UiContext ui;
    EXPECT_FALSE(moveSlide(ui, 1));
    EXPECT_FALSE(deleteSlide(ui));
    EXPECT_FALSE(saveDeck(ui, (dir / "empty.json").string()));
    EXPECT_FALSE(fs::exists(dir / "empty.json"));

    addSlide(stateWith(View::Ladder, 10000), ui);
    addSlide(stateWith(View::Scores, 500000), ui);
    addSlide(stateWith(View::Alibi, 20000), ui);
    ASSERT_EQ(ui.deck.size(), 3u);
    EXPECT_EQ(ui.slide, 2);
    ui.slide = 0;  // added after the current slide
    addSlide(stateWith(View::PhaseCircle, 30000), ui);
    ASSERT_EQ(ui.deck.size(), 4u);
    EXPECT_EQ(ui.slide, 1);
    EXPECT_EQ(ui.deck[1].view, View::PhaseCircle);

    EXPECT_TRUE(moveSlide(ui, 1));  // PhaseCircle after Scores
    EXPECT_EQ(ui.slide, 2);
    EXPECT_EQ(ui.deck[1].view, View::Scores);
    EXPECT_EQ(ui.deck[2].view, View::PhaseCircle);
    ui.slide = 3;
    EXPECT_FALSE(moveSlide(ui, 1));  // already last
    EXPECT_TRUE(moveSlide(ui, -3));  // Alibi first
    EXPECT_EQ(ui.slide, 0);
    EXPECT_EQ(ui.deck[0].view, View::Alibi);

    ui.slide = 1;  // delete Ladder
    EXPECT_TRUE(deleteSlide(ui));
    ASSERT_EQ(ui.deck.size(), 3u);
    EXPECT_EQ(ui.slide, 1);
    EXPECT_EQ(ui.deck[1].view, View::Scores);

    const std::string path = (dir / "talk.json").string();
    ASSERT_TRUE(saveDeck(ui, path)) << ui.status;
    EXPECT_EQ(ui.deckPath, path);
    for (const auto& entry : fs::directory_iterator(dir)) EXPECT_EQ(entry.path().filename(), "talk.json");
    const std::vector<AppState> saved = loadDeckFile(path);  // the --deck format
    ASSERT_EQ(saved.size(), 3u);
    EXPECT_EQ(saved[0].view, View::Alibi);
    EXPECT_EQ(saved[1].view, View::Scores);
    EXPECT_EQ(saved[1].rope.base, 500000);
    EXPECT_EQ(saved[2].view, View::PhaseCircle);

    UiContext other;
    AppState state;
    ASSERT_TRUE(openDeck(state, other, path)) << other.status;
    EXPECT_EQ(other.deck.size(), 3u);
    EXPECT_EQ(other.slide, 0);
    EXPECT_EQ(state.view, View::Alibi);
    EXPECT_EQ(state.rope.base, 20000);

    std::ofstream(dir / "bad.json") << "[1, 2";
    EXPECT_FALSE(openDeck(state, other, (dir / "bad.json").string()));
    EXPECT_EQ(other.deck.size(), 3u);  // unchanged
    EXPECT_NE(other.status.find("bad.json"), std::string::npos) << other.status;

    while (deleteSlide(other)) {
    }
    EXPECT_TRUE(other.deck.empty());
    EXPECT_EQ(other.slide, 0);
}

}  // namespace
}  // namespace phaselens::ui
