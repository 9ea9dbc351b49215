#include "phaselens/file_read.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <stdexcept>

namespace phaselens::core {

std::string readRegularFile(const std::string& path, std::uintmax_t maxBytes) {
    // stat before open: opening a FIFO for reading blocks until a writer appears.
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        throw std::invalid_argument(std::string("cannot open: ") + std::strerror(errno));
    if (S_ISDIR(st.st_mode)) throw std::invalid_argument("is a directory, not a file");
    if (!S_ISREG(st.st_mode)) throw std::invalid_argument("not a regular file (a device, FIFO or socket)");
    constexpr std::uintmax_t kMiB = std::uintmax_t{1} << 20;
    const std::string bound = maxBytes % kMiB == 0 && maxBytes > 0 ? std::to_string(maxBytes / kMiB) + " MiB"
                                                                   : std::to_string(maxBytes) + " bytes";
    const auto tooLarge = [&bound] { return std::invalid_argument("larger than " + bound); };
    if (static_cast<std::uintmax_t>(st.st_size) > maxBytes) throw tooLarge();
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!f) throw std::invalid_argument(std::string("cannot open: ") + std::strerror(errno));
    std::string bytes;
    bytes.reserve(static_cast<size_t>(st.st_size));
    char chunk[1 << 16];
    size_t got;
    // Read to the end rather than trusting st_size: the file may grow (or shrink) while we read.
    while ((got = std::fread(chunk, 1, sizeof chunk, f.get())) > 0) {
        if (bytes.size() + got > maxBytes) throw tooLarge();
        bytes.append(chunk, got);
    }
    if (std::ferror(f.get())) throw std::invalid_argument(std::string("read error: ") + std::strerror(errno));
    return bytes;
}

}  // namespace phaselens::core
