// Shader programs built from the embedded shader files (shaders/*.vert, *.frag -> phaselens/shaders_embedded.h).
//
// The loader prepends "#version 330 core\n#line 1\n" to every stage, so shader files carry no #version line
// and compiler line numbers match the file. Errors fail loudly: std::runtime_error naming the file and
// carrying the driver's info log, e.g.
//   "shader compile failed: shaders/heatmap.frag\n0:12(5): error: `foo' undeclared"
#pragma once

namespace phaselens::render {

/// One shader stage: its source text (without #version) and the path shown in errors
/// (use the generated k<Name>Path constant, e.g. phaselens::shaders::kHeatmapFragPath).
struct ShaderSource {
    const char* source = nullptr;
    const char* path = nullptr;
};

/// Prefix the loader puts in front of every stage.
inline constexpr const char kGlslVersionPrefix[] = "#version 330 core\n#line 1\n";

/// A linked GL program object (vertex + fragment stage). Needs a current GL context for its whole life.
/// Move-only; the destructor deletes the program.
class ShaderProgram {
  public:
    /// Compiles both stages and links them. Throws std::runtime_error("shader compile failed: <path>\n<log>")
    /// or ("shader link failed: <vertex path> + <fragment path>\n<log>").
    ShaderProgram(ShaderSource vertex, ShaderSource fragment);
    ~ShaderProgram();
    ShaderProgram(ShaderProgram&& other) noexcept;
    ShaderProgram& operator=(ShaderProgram&& other) noexcept;
    ShaderProgram(const ShaderProgram&) = delete;
    ShaderProgram& operator=(const ShaderProgram&) = delete;

    /// GL program name (never 0 for a constructed object; 0 after being moved from).
    unsigned int id() const { return program_; }

    /// glUseProgram(id()).
    void use() const;

    /// Location of a uniform, or throws std::runtime_error naming the uniform and the shader paths if the
    /// linked program has no active uniform of that name (catches typos and optimised-away uniforms).
    int uniformLocation(const char* name) const;

  private:
    unsigned int program_ = 0;
    const char* vertexPath_ = "";
    const char* fragmentPath_ = "";
};

}  // namespace phaselens::render
