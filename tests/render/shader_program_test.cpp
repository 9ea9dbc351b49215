// Embedded shaders and the program loader: sources are embedded verbatim, errors name the file.
#include "render/shader_program.h"

#include <gtest/gtest.h>
#include <phaselens/shaders_embedded.h>

#include <stdexcept>
#include <string>

#include "egl_fixture.h"

namespace phaselens::render {
namespace {

using ShaderProgramTest = testing::EglTest;

constexpr const char kTrivialVertex[] = "void main() { gl_Position = vec4(0.0, 0.0, 0.0, 1.0); }\n";

TEST(EmbeddedShaders, HeaderCarriesPathsAndSourcesWithoutVersion) {
    EXPECT_STREQ(shaders::kHeatmapFragPath, "shaders/heatmap.frag");
    EXPECT_STREQ(shaders::kHeatmapVertPath, "shaders/heatmap.vert");
    const std::string frag = shaders::kHeatmapFrag;
    EXPECT_NE(frag.find("uniform sampler2D uLut;"), std::string::npos);
    EXPECT_NE(frag.find("uMaskedColor"), std::string::npos);
    // No "#version" directive (comments may mention it): the loader prepends one.
    EXPECT_EQ(frag.rfind("#version", 0), std::string::npos);
    EXPECT_EQ(frag.find("\n#version"), std::string::npos);
}

TEST_F(ShaderProgramTest, HeatmapProgramLinksAndExposesItsUniforms) {
    ShaderProgram program({shaders::kHeatmapVert, shaders::kHeatmapVertPath},
                          {shaders::kHeatmapFrag, shaders::kHeatmapFragPath});
    EXPECT_NE(program.id(), 0u);
    for (const char* name : {"uValues", "uLut", "uVmin", "uVmax", "uMaskedColor"}) {
        EXPECT_GE(program.uniformLocation(name), 0) << name;
    }
    EXPECT_THROW(program.uniformLocation("uNoSuchUniform"), std::runtime_error);
}

TEST_F(ShaderProgramTest, CompileErrorNamesTheFileAndCarriesTheLog) {
    try {
        ShaderProgram program({kTrivialVertex, "shaders/trivial.vert"},
                              {"out vec4 c;\nvoid main() {\n  c = undefinedThing;\n}\n", "shaders/broken.frag"});
        FAIL() << "expected std::runtime_error";
    } catch (const std::runtime_error& error) {
        const std::string message = error.what();
        EXPECT_EQ(message.rfind("shader compile failed: shaders/broken.frag\n", 0), 0u) << message;
        EXPECT_NE(message.find("undefinedThing"), std::string::npos) << message;
        // "#line 1" after the prepended #version keeps line numbers equal to the file's: the error is on line 3.
        EXPECT_NE(message.find("0:3("), std::string::npos) << message;
    }
}

TEST_F(ShaderProgramTest, LinkErrorNamesBothFiles) {
    // Both stages compile, but the fragment stage has no main(): linking fails.
    try {
        ShaderProgram program({kTrivialVertex, "shaders/trivial.vert"},
                              {"out vec4 c;\nvoid notMain() { c = vec4(1.0); }\n", "shaders/no_main.frag"});
        FAIL() << "expected std::runtime_error";
    } catch (const std::runtime_error& error) {
        const std::string message = error.what();
        EXPECT_EQ(message.rfind("shader link failed: shaders/trivial.vert + shaders/no_main.frag\n", 0), 0u) << message;
        EXPECT_GT(message.size(),
                  std::string("shader link failed: shaders/trivial.vert + shaders/no_main.frag\n").size())
            << "info log missing";
    }
}

}  // namespace
}  // namespace phaselens::render
