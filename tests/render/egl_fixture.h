// Test fixture: one headless EGL context (Mesa surfaceless) per test suite, with DISPLAY unset so the
// tests prove that no X server is needed.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>

#include "render/gl_context.h"

namespace phaselens::render::testing {

class EglTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        ::unsetenv("DISPLAY");
        ::unsetenv("WAYLAND_DISPLAY");
        context_ = createGlContext("egl", 256, 256, "phaselens render tests");
    }
    static void TearDownTestSuite() { context_.reset(); }

    void SetUp() override { ASSERT_NE(context_, nullptr) << "EGL context creation failed in SetUpTestSuite"; }

    static inline std::unique_ptr<GlContext> context_;
};

}  // namespace phaselens::render::testing
