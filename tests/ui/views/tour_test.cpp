// The guided tour (assets/tour/tour.json): every card parses, sets a state whose view builds, and every claim it
// makes holds for that state (checkCard); the tour exports as a deck that reads back.
#include "model/tour.h"

#include <gtest/gtest.h>

#include <set>

#include "model/views.h"
#include "ui/presentation.h"

namespace phaselens::ui {
namespace {

TEST(Tour, EveryCardsClaimsHoldForTheStateItSets) {
    const std::vector<TourCard> cards = loadTourFile(PHASELENS_TOUR_FILE_FOR_TESTS);
    EXPECT_GE(cards.size(), 20u);
    std::set<std::string> ids;
    for (const TourCard& c : cards) {
        SCOPED_TRACE(c.id);
        EXPECT_TRUE(ids.insert(c.id).second) << "duplicate id";
        EXPECT_FALSE(c.checks.empty()) << "a card must make at least one checked claim";
        EXPECT_NO_THROW(buildView(c.state.view, c.state));
        for (const ClaimResult& r : checkCard(c)) EXPECT_TRUE(r.ok) << r.claim << ": " << r.detail;
    }
}

TEST(Tour, ChecksCanFail) {
    TourCard c;
    c.checks = nlohmann::json::parse(R"([{"claim": "critical_dim", "value": 90},
        {"claim": "permutation_equivariant", "mask": "causal", "expect": true}, {"claim": "no-such-claim"}])");
    for (const ClaimResult& r : checkCard(c)) EXPECT_FALSE(r.ok) << r.claim;
}

TEST(Tour, ExportsAsADeck) {
    const std::vector<TourCard> cards = loadTourFile(PHASELENS_TOUR_FILE_FOR_TESTS);
    const std::vector<AppState> back = deckFromJson(deckToJson(tourDeck(cards)));
    ASSERT_EQ(back.size(), cards.size());
    for (size_t k = 0; k < cards.size(); ++k) {
        EXPECT_EQ(back[k].view, cards[k].state.view);
        EXPECT_EQ(back[k].title, cards[k].question);
    }
}

TEST(Tour, BadDocumentsNameTheCard) {
    EXPECT_THROW(tourFromJson(nlohmann::json::parse(R"({"cards": []})")), std::invalid_argument);
    try {
        tourFromJson(nlohmann::json::parse(
            R"({"cards": [{"id": "a", "question": "q", "look": "l", "try": "t", "state": {"rope_theta": "x"}}]})"));
        FAIL();
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("card 1"), std::string::npos) << e.what();
    }
}

TEST(Tour, BuiltInTourIsTheAssetFile) {
    const std::vector<TourCard> fromFile = loadTourFile(PHASELENS_TOUR_FILE_FOR_TESTS);
    const std::vector<TourCard> builtIn = loadBuiltInTour();
    ASSERT_EQ(builtIn.size(), fromFile.size());
    for (size_t k = 0; k < builtIn.size(); ++k) {
        EXPECT_EQ(builtIn[k].question, fromFile[k].question);
        EXPECT_TRUE(builtIn[k].state == fromFile[k].state) << "card " << k + 1;
    }
}

}  // namespace
}  // namespace phaselens::ui
