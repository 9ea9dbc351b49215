#include "render/image_io.h"

#include <fcntl.h>
#include <stb_image_write.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "export/safe_write.h"

namespace phaselens::render {
namespace {

std::string errnoText(int err) {
    return std::strerror(err);
}

[[noreturn]] void fail(const std::string& path, const std::string& reason) {
    throw safe_write::WriteError("cannot write PNG '" + safe_write::printable(path) + "': " + reason);
}

// Receives stb's encoded bytes and writes them to a file descriptor, remembering the first error.
struct FdSink {
    int fd = -1;
    int error = 0;  // errno of the first failed write, 0 if none
};

void writeToFd(void* context, void* data, int size) {
    auto* sink = static_cast<FdSink*>(context);
    const auto* bytes = static_cast<const char*>(data);
    std::size_t left = static_cast<std::size_t>(size);
    while (sink->error == 0 && left > 0) {
        const ssize_t written = ::write(sink->fd, bytes, left);
        if (written < 0) {
            if (errno == EINTR) continue;
            sink->error = errno;
            return;
        }
        bytes += written;
        left -= static_cast<std::size_t>(written);
    }
}

}  // namespace

void writePng(safe_write::TempFile& file, int width, int height, const std::uint8_t* rgba, int strideBytes) {
    if (width <= 0 || height <= 0) {
        throw std::invalid_argument("writePng: size must be positive, got " + std::to_string(width) + "x" +
                                    std::to_string(height));
    }
    if (rgba == nullptr) throw std::invalid_argument("writePng: rgba is null");
    if (static_cast<long long>(strideBytes) < 4LL * width) {
        throw std::invalid_argument("writePng: strideBytes must be >= width * 4 = " + std::to_string(4LL * width) +
                                    ", got " + std::to_string(strideBytes));
    }
    FdSink sink;
    sink.fd = file.fd();
    if (stbi_write_png_to_func(writeToFd, &sink, width, height, 4, rgba, strideBytes) == 0)
        fail(file.destination(), "PNG encoding failed (out of memory?)");
    if (sink.error != 0) fail(file.destination(), "write failed: " + errnoText(sink.error));
}

void writePng(safe_write::TempFile& file, const RgbaImage& image) {
    const std::size_t expected = static_cast<std::size_t>(image.width > 0 ? image.width : 0) *
                                 static_cast<std::size_t>(image.height > 0 ? image.height : 0) * 4;
    if (image.pixels.size() != expected || expected == 0) {
        throw std::invalid_argument("writePng: image is " + std::to_string(image.width) + "x" +
                                    std::to_string(image.height) + " but holds " + std::to_string(image.pixels.size()) +
                                    " bytes");
    }
    writePng(file, image.width, image.height, image.pixels.data(), image.width * 4);
}

void writePngAtomic(const std::string& path, int width, int height, const std::uint8_t* rgba, int strideBytes) {
    if (path.empty()) throw std::invalid_argument("writePngAtomic: path is empty");
    safe_write::TempFile file(path);
    writePng(file, width, height, rgba, strideBytes);
    file.commit();
}

void writePngAtomic(const std::string& path, const RgbaImage& image) {
    if (path.empty()) throw std::invalid_argument("writePngAtomic: path is empty");
    const std::size_t expected = static_cast<std::size_t>(image.width > 0 ? image.width : 0) *
                                 static_cast<std::size_t>(image.height > 0 ? image.height : 0) * 4;
    if (image.pixels.size() != expected || expected == 0) {
        throw std::invalid_argument("writePngAtomic: image is " + std::to_string(image.width) + "x" +
                                    std::to_string(image.height) + " but holds " + std::to_string(image.pixels.size()) +
                                    " bytes");
    }
    writePngAtomic(path, image.width, image.height, image.pixels.data(), image.width * 4);
}

}  // namespace phaselens::render
