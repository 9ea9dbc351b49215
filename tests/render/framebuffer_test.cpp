// Offscreen framebuffers: size limits, 8K allocation, clear + readback.
#include "render/framebuffer.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <utility>

#include "egl_fixture.h"

namespace phaselens::render {
namespace {

using FramebufferTest = testing::EglTest;

TEST_F(FramebufferTest, MaxSizeCoversEightK) {
    const PixelSize limit = maxFramebufferSize();
    EXPECT_GE(limit.width, 7680);
    EXPECT_GE(limit.height, 4320);
}

TEST_F(FramebufferTest, RejectsBadSizesWithClearErrors) {
    EXPECT_THROW(Framebuffer(0, 10), std::invalid_argument);
    EXPECT_THROW(Framebuffer(10, -1), std::invalid_argument);
    const PixelSize limit = maxFramebufferSize();
    try {
        Framebuffer tooWide(limit.width + 1, 8);
        FAIL() << "expected std::runtime_error";
    } catch (const std::runtime_error& error) {
        const std::string message = error.what();
        EXPECT_NE(message.find("exceeds this GL's maximum"), std::string::npos) << message;
        EXPECT_NE(message.find(std::to_string(limit.width + 1) + "x8"), std::string::npos) << message;
    }
}

TEST_F(FramebufferTest, ClearAndReadBackSmall) {
    Framebuffer target(7, 5);
    EXPECT_EQ(target.width(), 7);
    EXPECT_EQ(target.height(), 5);
    EXPECT_NE(target.texture(), 0u);
    target.clear({1.0f, 0.5f, 0.0f, 1.0f});
    const RgbaImage image = target.readPixelsRGBA();
    ASSERT_EQ(image.width, 7);
    ASSERT_EQ(image.height, 5);
    ASSERT_EQ(image.pixels.size(), 7u * 5u * 4u);
    for (int y = 0; y < 5; ++y) {
        for (int x = 0; x < 7; ++x) {
            EXPECT_EQ(image.at(x, y)[0], 255);
            EXPECT_NEAR(image.at(x, y)[1], 128, 1);
            EXPECT_EQ(image.at(x, y)[2], 0);
            EXPECT_EQ(image.at(x, y)[3], 255);
        }
    }
}

TEST_F(FramebufferTest, EightKAllocatesAndReadsBack) {
    Framebuffer target(7680, 4320);
    target.clear({0.0f, 0.0f, 1.0f, 1.0f});
    const RgbaImage image = target.readPixelsRGBA();
    ASSERT_EQ(image.width, 7680);
    ASSERT_EQ(image.height, 4320);
    ASSERT_EQ(image.pixels.size(), 7680u * 4320u * 4u);
    for (auto [x, y] : {std::pair{0, 0}, std::pair{7679, 0}, std::pair{0, 4319}, std::pair{7679, 4319}}) {
        EXPECT_EQ(image.at(x, y)[2], 255) << x << "," << y;
        EXPECT_EQ(image.at(x, y)[0], 0) << x << "," << y;
    }
}

TEST_F(FramebufferTest, MoveTransfersOwnership) {
    Framebuffer first(4, 4);
    const unsigned int texture = first.texture();
    Framebuffer second = std::move(first);
    EXPECT_EQ(second.texture(), texture);
    EXPECT_EQ(first.texture(), 0u);  // NOLINT(bugprone-use-after-move): moved-from state is specified
    EXPECT_EQ(second.width(), 4);
}

}  // namespace
}  // namespace phaselens::render
