// AppState::rope is a core::RopeParams: its optional fields in state files (0 = unset, the keys of before), the two
// keys it added (max_position_embeddings, attention_factor) and the old files that still load the same.
#include <gtest/gtest.h>

#include "json_text.h"
#include "model/state_io.h"
#include "model/state_ranges.h"
#include "model/views.h"

namespace phaselens::model {
namespace {

AppState fromText(const char* text) {
    return stateFromJson(phaselens::json_text::parse(text));
}

TEST(StateIoRope, DefaultsAndKeys) {
    const AppState s;
    EXPECT_EQ(s.rope.originalMaxPositionEmbeddings, 4096);
    EXPECT_EQ(s.rope.seqLen, 16384);
    EXPECT_EQ(s.rope.maxPositionEmbeddings, std::nullopt);
    EXPECT_EQ(s.rope.mscale, std::nullopt);
    EXPECT_EQ(s.rope.attentionFactor, std::nullopt);
    const nlohmann::json j = stateToJson(s);
    EXPECT_EQ(j["original_max_position_embeddings"], 4096);
    EXPECT_EQ(j["dynamic_seq_len"], 16384);
    EXPECT_EQ(j["mscale"], 0.0);  // unset, as the state files before wrote it
    EXPECT_EQ(j["mscale_all_dim"], 0.0);
    EXPECT_EQ(j["max_position_embeddings"], 0);
    EXPECT_EQ(j["attention_factor"], 0.0);
    EXPECT_EQ(j["pairing"], "half-split");
    EXPECT_TRUE(stateFromJson(j) == s);
}

TEST(StateIoRope, OldFilesLoadTheSame) {
    // A file written before AppState held core::RopeParams: mscale 0 (and any value <= 0) means unset.
    const AppState s = fromText(R"({"rope_type": "yarn", "factor": 4, "mscale": 0, "mscale_all_dim": -1,
                                    "dynamic_seq_len": 2048, "pairing": "interleaved",
                                    "original_max_position_embeddings": 8192})");
    EXPECT_EQ(s.rope.type, core::RopeType::Yarn);
    EXPECT_EQ(s.rope.mscale, std::nullopt);
    EXPECT_EQ(s.rope.mscaleAllDim, std::nullopt);
    EXPECT_EQ(s.rope.seqLen, 2048);
    EXPECT_EQ(s.rope.originalMaxPositionEmbeddings, 8192);
    EXPECT_EQ(s.ropePairing, core::Pairing::Interleaved);
    EXPECT_EQ(s.rope.maxPositionEmbeddings, std::nullopt);
    EXPECT_EQ(stateRangeProblem(s), std::nullopt);
}

TEST(StateIoRope, OptionalFieldsRoundTrip) {
    AppState s;
    s.rope.type = core::RopeType::Dynamic;
    s.rope.factor = 2.0;
    s.rope.maxPositionEmbeddings = 2048;
    s.rope.attentionFactor = 1.25;
    s.rope.mscale = 0.5;
    const AppState back = stateFromJson(stateToJson(s));
    EXPECT_TRUE(back == s);
    EXPECT_EQ(back.rope.maxPositionEmbeddings, 2048);
    EXPECT_EQ(back.rope.attentionFactor, 1.25);
    // The views compute with exactly these parameters (dynamic NTK: M = 2048, not L0).
    const core::RopeParams p = ropeParams(back);
    EXPECT_EQ(p.maxPositionEmbeddings, 2048);
    EXPECT_EQ(p.attentionFactor, 1.25);
    EXPECT_EQ(core::computeRopeFrequencies(p).attentionFactor, 1.25);
}

TEST(StateIoRope, RangesOfTheNewKeys) {
    AppState s;
    s.rope.attentionFactor = -1.0;
    EXPECT_TRUE(stateRangeProblem(s));
    EXPECT_THROW(fromText(R"({"max_position_embeddings": 1.5})"), std::invalid_argument);
    s = fromText(R"({"max_position_embeddings": 4294967296})");
    const auto problem = stateRangeProblem(s);
    ASSERT_TRUE(problem);
    EXPECT_NE(problem->find("max_position_embeddings"), std::string::npos) << *problem;
}

}  // namespace
}  // namespace phaselens::model
