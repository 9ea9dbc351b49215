#include "render/shader_program.h"

#include <stdexcept>
#include <string>
#include <utility>

#include "gl.h"

namespace phaselens::render {
namespace {

std::string shaderLog(GLuint shader) {
    GLint length = 0;
    glGetShaderiv(shader, GL_INFO_LOG_LENGTH, &length);
    std::string log(static_cast<std::size_t>(length > 0 ? length : 0), '\0');
    if (length > 0) glGetShaderInfoLog(shader, length, nullptr, log.data());
    while (!log.empty() && (log.back() == '\0' || log.back() == '\n')) log.pop_back();
    return log;
}

std::string programLog(GLuint program) {
    GLint length = 0;
    glGetProgramiv(program, GL_INFO_LOG_LENGTH, &length);
    std::string log(static_cast<std::size_t>(length > 0 ? length : 0), '\0');
    if (length > 0) glGetProgramInfoLog(program, length, nullptr, log.data());
    while (!log.empty() && (log.back() == '\0' || log.back() == '\n')) log.pop_back();
    return log;
}

const char* pathOf(const ShaderSource& stage) {
    return stage.path != nullptr ? stage.path : "<unnamed shader>";
}

GLuint compile(GLenum type, const ShaderSource& stage) {
    if (stage.source == nullptr) throw std::runtime_error(std::string("shader source is null: ") + pathOf(stage));
    const GLuint shader = glCreateShader(type);
    if (shader == 0) throw std::runtime_error(std::string("glCreateShader failed for ") + pathOf(stage));
    const char* parts[] = {kGlslVersionPrefix, stage.source};
    glShaderSource(shader, 2, parts, nullptr);
    glCompileShader(shader);
    GLint ok = GL_FALSE;
    glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
    if (ok != GL_TRUE) {
        const std::string log = shaderLog(shader);
        glDeleteShader(shader);
        throw std::runtime_error(std::string("shader compile failed: ") + pathOf(stage) + "\n" + log);
    }
    return shader;
}

}  // namespace

ShaderProgram::ShaderProgram(ShaderSource vertex, ShaderSource fragment)
    : vertexPath_(pathOf(vertex)), fragmentPath_(pathOf(fragment)) {
    const GLuint vs = compile(GL_VERTEX_SHADER, vertex);
    GLuint fs = 0;
    try {
        fs = compile(GL_FRAGMENT_SHADER, fragment);
    } catch (...) {
        glDeleteShader(vs);
        throw;
    }
    program_ = glCreateProgram();
    glAttachShader(program_, vs);
    glAttachShader(program_, fs);
    glLinkProgram(program_);
    glDetachShader(program_, vs);
    glDetachShader(program_, fs);
    glDeleteShader(vs);
    glDeleteShader(fs);
    GLint ok = GL_FALSE;
    glGetProgramiv(program_, GL_LINK_STATUS, &ok);
    if (ok != GL_TRUE) {
        const std::string log = programLog(program_);
        glDeleteProgram(program_);
        program_ = 0;
        throw std::runtime_error(std::string("shader link failed: ") + vertexPath_ + " + " + fragmentPath_ + "\n" +
                                 log);
    }
}

ShaderProgram::~ShaderProgram() {
    if (program_ != 0) glDeleteProgram(program_);
}

ShaderProgram::ShaderProgram(ShaderProgram&& other) noexcept
    : program_(std::exchange(other.program_, 0)), vertexPath_(other.vertexPath_), fragmentPath_(other.fragmentPath_) {}

ShaderProgram& ShaderProgram::operator=(ShaderProgram&& other) noexcept {
    if (this != &other) {
        if (program_ != 0) glDeleteProgram(program_);
        program_ = std::exchange(other.program_, 0);
        vertexPath_ = other.vertexPath_;
        fragmentPath_ = other.fragmentPath_;
    }
    return *this;
}

void ShaderProgram::use() const {
    glUseProgram(program_);
}

int ShaderProgram::uniformLocation(const char* name) const {
    const GLint location = glGetUniformLocation(program_, name);
    if (location < 0) {
        throw std::runtime_error(std::string("shader program ") + vertexPath_ + " + " + fragmentPath_ +
                                 " has no active uniform '" + name + "'");
    }
    return location;
}

}  // namespace phaselens::render
