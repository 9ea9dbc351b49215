// Context factory: the EGL backend works without a display; bad names and missing displays fail clearly.
#include "render/gl_context.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

#include "egl_fixture.h"

namespace phaselens::render {
namespace {

using testing::EglTest;

using GlContextEgl = EglTest;

TEST_F(GlContextEgl, GivesAnOpenGl33CoreContextWithoutDisplay) {
    EXPECT_EQ(std::getenv("DISPLAY"), nullptr);
    EXPECT_EQ(context_->backendName(), "egl");
    EXPECT_TRUE(context_->isHeadless());
    EXPECT_EQ(context_->glfwWindow(), nullptr);
    EXPECT_FALSE(context_->shouldClose());
    EXPECT_EQ(context_->framebufferSize().width, 256);
    EXPECT_EQ(context_->framebufferSize().height, 256);

    const std::string version = context_->glVersion();
    int major = 0, minor = 0;
    ASSERT_EQ(std::sscanf(version.c_str(), "%d.%d", &major, &minor), 2) << version;
    EXPECT_GE(major * 10 + minor, 33) << version;
    EXPECT_NE(version.find("Core"), std::string::npos) << version;
    EXPECT_FALSE(context_->glRenderer().empty());
}

TEST(GlContextFactory, ListsBackendNames) {
    EXPECT_EQ(glContextBackendNames(), (std::vector<std::string>{"glfw", "egl"}));
}

TEST(GlContextFactory, UnknownBackendListsValidNames) {
    try {
        createGlContext("vulkan", 64, 64, "x");
        FAIL() << "expected std::runtime_error";
    } catch (const std::runtime_error& error) {
        EXPECT_EQ(std::string(error.what()), "unknown GL backend 'vulkan'; valid names: glfw, egl");
    }
}

TEST(GlContextFactory, GlfwWithoutDisplaySaysSoAndSuggestsEgl) {
    ::unsetenv("DISPLAY");
    ::unsetenv("WAYLAND_DISPLAY");
    try {
        createGlContext("glfw", 64, 64, "x");
        FAIL() << "expected std::runtime_error";
    } catch (const std::runtime_error& error) {
        const std::string message = error.what();
        EXPECT_EQ(message.rfind("no display:", 0), 0u) << message;
        EXPECT_NE(message.find("set DISPLAY"), std::string::npos) << message;
        EXPECT_NE(message.find("egl backend"), std::string::npos) << message;
    }
}

TEST(GlContextFactory, RejectsNonPositiveSize) {
    EXPECT_THROW(createGlContext("egl", 0, 64, "x"), std::invalid_argument);
}

}  // namespace
}  // namespace phaselens::render
