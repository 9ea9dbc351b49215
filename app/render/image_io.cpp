#include "render/image_io.h"

#include <fcntl.h>
#include <stb_image_write.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <random>
#include <stdexcept>

namespace phaselens::render {
namespace {

std::string errnoText(int err) {
    return std::strerror(err);
}

[[noreturn]] void fail(const std::string& path, const std::string& reason) {
    throw std::runtime_error("cannot write PNG '" + path + "': " + reason);
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

// Creates path + ".tmp-XXXXXX" exclusively; returns the descriptor and sets `tempPath`.
int createTempFile(const std::string& path, std::string& tempPath) {
    static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    std::random_device device;
    std::uniform_int_distribution<int> pick(0, static_cast<int>(sizeof(kAlphabet)) - 2);
    for (int attempt = 0; attempt < 100; ++attempt) {
        tempPath = path + ".tmp-";
        for (int i = 0; i < 6; ++i) tempPath += kAlphabet[pick(device)];
        const int fd = ::open(tempPath.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0) return fd;
        if (errno != EEXIST) {
            fail(path, "cannot create temporary file '" + tempPath + "': " + errnoText(errno));
        }
    }
    fail(path, "cannot create temporary file: 100 names taken");
}

}  // namespace

void writePngAtomic(const std::string& path, int width, int height, const std::uint8_t* rgba, int strideBytes) {
    if (path.empty()) throw std::invalid_argument("writePngAtomic: path is empty");
    if (width <= 0 || height <= 0) {
        throw std::invalid_argument("writePngAtomic: size must be positive, got " + std::to_string(width) + "x" +
                                    std::to_string(height));
    }
    if (rgba == nullptr) throw std::invalid_argument("writePngAtomic: rgba is null");
    if (static_cast<long long>(strideBytes) < 4LL * width) {
        throw std::invalid_argument("writePngAtomic: strideBytes must be >= width * 4 = " +
                                    std::to_string(4LL * width) + ", got " + std::to_string(strideBytes));
    }

    std::string tempPath;
    FdSink sink;
    sink.fd = createTempFile(path, tempPath);

    auto abandon = [&](const std::string& reason) {
        if (sink.fd >= 0) ::close(sink.fd);
        ::unlink(tempPath.c_str());
        fail(path, reason);
    };

    if (stbi_write_png_to_func(writeToFd, &sink, width, height, 4, rgba, strideBytes) == 0) {
        abandon("PNG encoding failed (out of memory?)");
    }
    if (sink.error != 0) abandon("write to '" + tempPath + "' failed: " + errnoText(sink.error));
    if (::fsync(sink.fd) != 0) abandon("fsync of '" + tempPath + "' failed: " + errnoText(errno));
    const int fd = sink.fd;
    sink.fd = -1;
    if (::close(fd) != 0) abandon("close of '" + tempPath + "' failed: " + errnoText(errno));
    if (std::rename(tempPath.c_str(), path.c_str()) != 0) {
        abandon("rename of '" + tempPath + "' failed: " + errnoText(errno));
    }
}

void writePngAtomic(const std::string& path, const RgbaImage& image) {
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
