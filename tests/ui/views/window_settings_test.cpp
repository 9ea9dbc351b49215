// The window's own settings (model/window_settings.h): the UI scale round-trips through window.json, written through
// the safe-write path; a missing file gives the defaults; a bad file or value is refused with the key and the value
// and loads as the defaults with a warning.
#include "model/window_settings.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace phaselens::model {
namespace {

namespace fs = std::filesystem;

class WindowSettingsTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir = fs::temp_directory_path() / ("phaselens_window_settings_" + std::to_string(::getpid()));
        fs::create_directories(dir);
    }
    void TearDown() override { fs::remove_all(dir); }
    fs::path dir;
};

TEST_F(WindowSettingsTest, UiScaleRoundTripsThroughTheFile) {
    const std::string path = (dir / "window.json").string();
    for (int percent : {75, 100, 125, 150, 200}) {
        saveWindowSettings(path, WindowSettings{percent});
        std::string warning;
        EXPECT_EQ(loadWindowSettings(path, warning).uiScalePercent, percent);
        EXPECT_EQ(warning, "");
    }
    for (const auto& entry : fs::directory_iterator(dir))  // no temporary file left beside it
        EXPECT_EQ(entry.path().filename(), "window.json");
    EXPECT_EQ(windowSettingsToJson(WindowSettings{125}), "{\n  \"ui_scale_percent\": 125\n}\n");
    EXPECT_EQ(uiScaleToPercent(1.25f), 125);
    EXPECT_EQ(uiScaleToPercent(0.75f), 75);
}

TEST_F(WindowSettingsTest, MissingFileIsTheDefaultAndUnsetIsLeftOut) {
    std::string warning;
    EXPECT_EQ(loadWindowSettings((dir / "none.json").string(), warning).uiScalePercent, 0);
    EXPECT_EQ(warning, "");
    EXPECT_EQ(windowSettingsToJson(WindowSettings{}), "{}\n");
    EXPECT_EQ(windowSettingsFromJson("{\"newer_key\": true}").uiScalePercent, 0);
}

TEST_F(WindowSettingsTest, BadValuesAreRefusedNamingKeyAndValueAndLoadAsDefaults) {
    for (const char* text : {"{\"ui_scale_percent\": 74}", "{\"ui_scale_percent\": 201}", "{\"ui_scale_percent\": 1.5}",
                             "{\"ui_scale_percent\": \"150\"}", "[150]", "{"}) {
        EXPECT_THROW(windowSettingsFromJson(text), std::invalid_argument) << text;
        const std::string path = (dir / "bad.json").string();
        std::ofstream(path) << text;
        std::string warning;
        EXPECT_EQ(loadWindowSettings(path, warning).uiScalePercent, 0) << text;
        EXPECT_NE(warning.find("bad.json ignored"), std::string::npos) << warning;
    }
    try {
        windowSettingsFromJson("{\"ui_scale_percent\": 300}");
        FAIL();
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("ui_scale_percent must be in 75..200, got 300"), std::string::npos);
    }
}

}  // namespace
}  // namespace phaselens::model
