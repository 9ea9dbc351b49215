// AppState <-> JSON: round trips, unknown keys and bad values named, atomic writes.
#include "model/state_io.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "json_text.h"

namespace phaselens::model {
namespace {

TEST(StateIo, RoundTripPreservesEveryField) {
    AppState s;
    s.view = View::T5;
    s.rope.base = 500000.0;
    s.rope.type = core::RopeType::Llama3;
    s.rope.factor = 8.0;
    s.rope.longFactor = {1.0, 2.5};
    s.contextLength = 131072;
    s.mask = core::MaskType::SlidingWindow;
    s.phasePairs = {1, 2, 3};
    s.title = "My \"figure\"";
    s.alibiForm = core::AlibiForm::KeyIndex;
    const AppState back = stateFromJson(stateToJson(s));
    EXPECT_TRUE(back == s);
}

TEST(StateIo, MissingKeysKeepDefaults) {
    const AppState s = stateFromJson(phaselens::json_text::parse(R"({"rope_theta": 1e6})"));
    EXPECT_EQ(s.rope.base, 1e6);
    EXPECT_EQ(s.contextLength, AppState{}.contextLength);
}

TEST(StateIo, BadValuesNameTheKey) {
    auto message = [](const char* text) {
        try {
            stateFromJson(phaselens::json_text::parse(text));
        } catch (const std::invalid_argument& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    EXPECT_NE(message(R"({"rope_theta": "big"})").find("rope_theta"), std::string::npos);
    EXPECT_NE(message(R"({"rope_type": "yarnn"})").find("yarnn"), std::string::npos);
    EXPECT_NE(message(R"({"contxt_length": 5})").find("contxt_length"), std::string::npos);
    EXPECT_NE(message(R"({"context_length": 1.5})").find("context_length"), std::string::npos);
    EXPECT_NE(message(R"([1, 2])").find("object"), std::string::npos);
    // A key or value with a control character is named on one line (fuzz_state_file found "phasel\ns_view").
    const std::string key = message(R"({"phasel\ns_view": "kernel"})");
    EXPECT_EQ(key.find('\n'), std::string::npos) << key;
    EXPECT_NE(key.find("phasel\\ns_view: unknown state key"), std::string::npos) << key;
    const std::string value = message(R"({"rope_type": "ya\trn"})");
    EXPECT_EQ(value.find('\t'), std::string::npos) << value;
    EXPECT_NE(value.find("'ya\\trn'"), std::string::npos) << value;
}

TEST(StateIo, ViewNamesRoundTrip) {
    for (const std::string& name : viewNames()) EXPECT_EQ(viewName(viewFromName(name)), name);
    try {
        viewFromName("nope-view");
        FAIL();
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("ladder"), std::string::npos) << "lists valid names";
    }
}

TEST(StateIo, AtomicWriteLeavesNoPartialFile) {
    const auto dir = std::filesystem::temp_directory_path() / "phaselens_state_io_test";
    std::filesystem::create_directories(dir);
    const std::string path = (dir / "state.json").string();
    saveStateFile(path, AppState{});
    EXPECT_EQ(loadStateFile(path).contextLength, AppState{}.contextLength);
    EXPECT_THROW(saveStateFile((dir / "missing-dir" / "x.json").string(), AppState{}), std::runtime_error);
    for (const auto& entry : std::filesystem::directory_iterator(dir))
        EXPECT_EQ(entry.path().filename().string().find(".tmp"), std::string::npos) << entry.path();
    std::filesystem::remove_all(dir);
}

TEST(StateIo, UnreadableFileNamesThePath) {
    try {
        loadStateFile("/nonexistent/dir/state.json");
        FAIL();
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent/dir/state.json"), std::string::npos);
    }
}

}  // namespace
}  // namespace phaselens::model
