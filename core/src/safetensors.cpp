#include "phaselens/safetensors.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <vector>

namespace phaselens::core {

namespace {

constexpr int64_t kMaxCells = int64_t{1} << 28;  // as learned.cpp: 2 GiB of doubles

struct DtypeBits {
    const char* name;
    int bits;
};
constexpr DtypeBits kDtypes[] = {
    {"BOOL", 8}, {"U8", 8},   {"I8", 8},    {"F8_E5M2", 8}, {"F8_E4M3", 8}, {"F8_E8M0", 8}, {"I16", 16},
    {"U16", 16}, {"F16", 16}, {"BF16", 16}, {"I32", 32},    {"U32", 32},    {"F32", 32},    {"I64", 64},
    {"U64", 64}, {"F64", 64}, {"C64", 64},  {"F4", 4},      {"F6_E2M3", 6}, {"F6_E3M2", 6},
};

std::string tensorError(const std::string& name, const std::string& field, const std::string& what) {
    return "tensor '" + name + "': " + field + ": " + what;
}

std::string shapeText(const std::vector<int64_t>& shape) {
    std::string s = "[";
    for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

// An fd closed on scope exit.
struct Fd {
    int fd = -1;
    ~Fd() {
        if (fd >= 0) ::close(fd);
    }
};

// Opens a regular file for reading (stat first: opening a FIFO blocks). Returns its size.
uint64_t openRegular(const std::string& path, Fd& fd) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        throw std::invalid_argument(std::string("cannot open: ") + std::strerror(errno));
    if (S_ISDIR(st.st_mode)) throw std::invalid_argument("is a directory, not a file");
    if (!S_ISREG(st.st_mode)) throw std::invalid_argument("not a regular file (a device, FIFO or socket)");
    fd.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd.fd < 0) throw std::invalid_argument(std::string("cannot open: ") + std::strerror(errno));
    if (::fstat(fd.fd, &st) != 0 || !S_ISREG(st.st_mode))
        throw std::invalid_argument("not a regular file (a device, FIFO or socket)");
    return static_cast<uint64_t>(st.st_size);
}

// Reads exactly `n` bytes at `offset`; throws on a short read (the file shrank) or an error.
void preadAll(int fd, char* out, size_t n, uint64_t offset) {
    while (n > 0) {
        const ssize_t got = ::pread(fd, out, n, static_cast<off_t>(offset));
        if (got < 0) {
            if (errno == EINTR) continue;
            throw std::invalid_argument(std::string("read error: ") + std::strerror(errno));
        }
        if (got == 0) throw std::invalid_argument("file ended early (it changed while being read)");
        out += got;
        n -= static_cast<size_t>(got);
        offset += static_cast<uint64_t>(got);
    }
}

}  // namespace

int safetensorsDtypeBits(const std::string& dtype) {
    for (const DtypeBits& d : kDtypes)
        if (dtype == d.name) return d.bits;
    return 0;
}

bool isFloatTableDtype(const std::string& dtype) {
    return dtype == "F32" || dtype == "F16" || dtype == "BF16" || dtype == "F64";
}

double halfToDouble(uint16_t bits) {
    const bool negative = (bits & 0x8000u) != 0;
    const int exponent = (bits >> 10) & 0x1f;
    const int mantissa = bits & 0x3ff;
    double v;
    if (exponent == 0)
        v = std::ldexp(static_cast<double>(mantissa), -24);  // zero and subnormals
    else if (exponent == 31)
        v = mantissa == 0 ? std::numeric_limits<double>::infinity() : std::numeric_limits<double>::quiet_NaN();
    else
        v = std::ldexp(static_cast<double>(mantissa | 0x400), exponent - 25);
    return negative ? -v : v;
}

double bfloat16ToDouble(uint16_t bits) {
    const uint32_t word = static_cast<uint32_t>(bits) << 16;
    float f;
    std::memcpy(&f, &word, sizeof f);
    return f;
}

SafetensorsHeader splitSafetensorsHeader(const std::string& prefix, uint64_t fileSize) {
    if (fileSize < 8 || prefix.size() < 8)
        throw std::invalid_argument("header length: file has " + std::to_string(fileSize) +
                                    " bytes, fewer than the 8 of the header length");
    uint64_t n = 0;
    for (int i = 7; i >= 0; --i) n = (n << 8) | static_cast<uint8_t>(prefix[static_cast<size_t>(i)]);
    if (n == 0) throw std::invalid_argument("header length: 0 (the header must be a JSON object)");
    if (n > kMaxSafetensorsHeaderBytes)
        throw std::invalid_argument("header length: " + std::to_string(n) + " exceeds the limit of " +
                                    std::to_string(kMaxSafetensorsHeaderBytes) + " bytes");
    if (n > fileSize - 8)
        throw std::invalid_argument("header length: " + std::to_string(n) + " runs past the end of the file (" +
                                    std::to_string(fileSize) + " bytes)");
    if (prefix.size() < 8 + n) throw std::invalid_argument("header length: header truncated");
    SafetensorsHeader h;
    h.json = prefix.substr(8, static_cast<size_t>(n));
    if (h.json[0] != '{') throw std::invalid_argument("header: does not start with '{'");
    h.dataStart = 8 + n;
    h.dataSize = fileSize - h.dataStart;
    return h;
}

SafetensorsHeader readSafetensorsHeader(const std::string& path) {
    Fd fd;
    const uint64_t size = openRegular(path, fd);
    std::string prefix(static_cast<size_t>(std::min<uint64_t>(size, 8)), '\0');
    preadAll(fd.fd, prefix.data(), prefix.size(), 0);
    // Validate the length before allocating the header (splitSafetensorsHeader stops at N before copying).
    if (size >= 8) {
        uint64_t n = 0;
        for (int i = 7; i >= 0; --i) n = (n << 8) | static_cast<uint8_t>(prefix[static_cast<size_t>(i)]);
        if (n > 0 && n <= kMaxSafetensorsHeaderBytes && n <= size - 8) {
            prefix.resize(static_cast<size_t>(8 + n));
            preadAll(fd.fd, prefix.data() + 8, static_cast<size_t>(n), 8);
        }
    }
    return splitSafetensorsHeader(prefix, size);
}

void validateSafetensorsEntries(const std::vector<SafetensorsEntry>& entries, uint64_t dataSize) {
    std::vector<const SafetensorsEntry*> byOffset;
    byOffset.reserve(entries.size());
    for (const SafetensorsEntry& e : entries) {
        const int bits = safetensorsDtypeBits(e.dtype);
        if (bits == 0) throw std::invalid_argument(tensorError(e.name, "dtype", "unknown dtype '" + e.dtype + "'"));
        // Element count, refusing overflow: the count times the bits must fit in 62 bits.
        uint64_t count = 1;
        constexpr uint64_t kLimit = uint64_t{1} << 62;
        for (int64_t dim : e.shape) {
            if (dim < 0)
                throw std::invalid_argument(
                    tensorError(e.name, "shape", "negative dimension in " + shapeText(e.shape)));
            if (dim != 0 && count > kLimit / 64 / static_cast<uint64_t>(dim))
                throw std::invalid_argument(tensorError(e.name, "shape", shapeText(e.shape) + " is too large"));
            count *= static_cast<uint64_t>(dim);
        }
        const uint64_t totalBits = count * static_cast<uint64_t>(bits);
        if (totalBits % 8 != 0)
            throw std::invalid_argument(tensorError(
                e.name, "shape", shapeText(e.shape) + " of " + e.dtype + " is not a whole number of bytes"));
        const uint64_t bytes = totalBits / 8;
        const std::string offsets = "[" + std::to_string(e.begin) + ", " + std::to_string(e.end) + "]";
        if (e.begin > e.end)
            throw std::invalid_argument(tensorError(e.name, "data_offsets", offsets + " ends before it begins"));
        if (e.end > dataSize)
            throw std::invalid_argument(tensorError(
                e.name, "data_offsets",
                offsets + " ends beyond the data (" + std::to_string(dataSize) + " bytes after the header)"));
        if (e.end - e.begin != bytes)
            throw std::invalid_argument(tensorError(e.name, "data_offsets",
                                                    offsets + " holds " + std::to_string(e.end - e.begin) +
                                                        " bytes, but shape " + shapeText(e.shape) + " of " + e.dtype +
                                                        " needs " + std::to_string(bytes)));
        if (e.end > e.begin) byOffset.push_back(&e);
    }
    std::sort(byOffset.begin(), byOffset.end(), [](const SafetensorsEntry* a, const SafetensorsEntry* b) {
        return a->begin != b->begin ? a->begin < b->begin : a->end < b->end;
    });
    for (size_t i = 1; i < byOffset.size(); ++i)
        if (byOffset[i]->begin < byOffset[i - 1]->end)
            throw std::invalid_argument(tensorError(
                byOffset[i]->name, "data_offsets",
                "[" + std::to_string(byOffset[i]->begin) + ", " + std::to_string(byOffset[i]->end) +
                    "] overlaps tensor '" + byOffset[i - 1]->name + "' [" + std::to_string(byOffset[i - 1]->begin) +
                    ", " + std::to_string(byOffset[i - 1]->end) + "]"));
}

std::pair<int64_t, int64_t> tableShape(const SafetensorsEntry& entry) {
    std::vector<int64_t> dims = entry.shape;
    while (dims.size() > 2 && dims.front() == 1) dims.erase(dims.begin());
    if (dims.empty() || dims.size() > 2)
        throw std::invalid_argument(tensorError(
            entry.name, "shape", shapeText(entry.shape) + " is not a table (need [T, d], [1, T, d] or [T])"));
    const int64_t rows = dims[0], cols = dims.size() == 2 ? dims[1] : 1;
    if (rows < 1 || cols < 1)
        throw std::invalid_argument(
            tensorError(entry.name, "shape", shapeText(entry.shape) + " has no rows or columns"));
    if (rows > kMaxCells / cols)
        throw std::invalid_argument(tensorError(
            entry.name, "shape", shapeText(entry.shape) + " has more than " + std::to_string(kMaxCells) + " cells"));
    return {rows, cols};
}

void decodeFloats(const std::string& dtype, const char* bytes, size_t count, double* out) {
    if (dtype == "F64") {
        std::memcpy(out, bytes, count * 8);
    } else if (dtype == "F32") {
        for (size_t k = 0; k < count; ++k) {
            float f;
            std::memcpy(&f, bytes + 4 * k, 4);
            out[k] = f;
        }
    } else if (dtype == "F16" || dtype == "BF16") {
        const bool half = dtype == "F16";
        for (size_t k = 0; k < count; ++k) {
            const uint16_t b =
                static_cast<uint16_t>(static_cast<uint8_t>(bytes[2 * k]) |
                                      (static_cast<uint16_t>(static_cast<uint8_t>(bytes[2 * k + 1])) << 8));
            out[k] = half ? halfToDouble(b) : bfloat16ToDouble(b);
        }
    } else {
        throw std::invalid_argument("dtype: " + dtype + " is not a float table type (need F32, F16, BF16 or F64)");
    }
}

Eigen::MatrixXd readSafetensorsTable(const std::string& path, const SafetensorsHeader& header,
                                     const SafetensorsEntry& entry) {
    if (!isFloatTableDtype(entry.dtype))
        throw std::invalid_argument(
            tensorError(entry.name, "dtype", entry.dtype + " is not a float table type (need F32, F16, BF16 or F64)"));
    const auto [rows, cols] = tableShape(entry);
    const size_t width = static_cast<size_t>(safetensorsDtypeBits(entry.dtype) / 8);
    const size_t count = static_cast<size_t>(rows) * static_cast<size_t>(cols);
    if (entry.end - entry.begin != count * width)
        throw std::invalid_argument(tensorError(entry.name, "data_offsets", "size does not match the shape"));
    Fd fd;
    const uint64_t size = openRegular(path, fd);
    if (size != header.dataStart + header.dataSize)
        throw std::invalid_argument("the file changed size since its header was read");
    // C (row-major) order on disk, decoded chunk by chunk straight into Eigen's column-major matrix: memory is the
    // matrix plus two small buffers, never a second copy of the table.
    Eigen::MatrixXd m(rows, cols);
    constexpr size_t kChunk = size_t{1} << 16;  // elements per pread
    std::string buffer(std::min(kChunk, count) * width, '\0');
    std::vector<double> decoded(std::min(kChunk, count));
    size_t done = 0;  // elements decoded
    while (done < count) {
        const size_t n = std::min(count - done, kChunk);
        preadAll(fd.fd, buffer.data(), n * width, header.dataStart + entry.begin + done * width);
        decodeFloats(entry.dtype, buffer.data(), n, decoded.data());
        for (size_t k = 0; k < n; ++k) {
            const size_t flat = done + k;
            m(static_cast<Eigen::Index>(flat / static_cast<size_t>(cols)),
              static_cast<Eigen::Index>(flat % static_cast<size_t>(cols))) = decoded[k];
        }
        done += n;
    }
    return m;
}

}  // namespace phaselens::core
