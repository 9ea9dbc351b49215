#include "phaselens/learned.h"

#include <cstring>
#include <random>
#include <sstream>
#include <stdexcept>

#include "phaselens/file_read.h"
#include "phaselens/validate.h"

namespace phaselens::core {

namespace {
constexpr int64_t kMaxCells = int64_t{1} << 28;  // 2 GiB of doubles
}

Eigen::MatrixXd learnedTableRandom(int64_t maxPositions, int dim, uint64_t seed, double stddev) {
    if (maxPositions < 1)
        throw std::invalid_argument("max_positions must be >= 1, got " + std::to_string(maxPositions));
    if (dim < 1) throw std::invalid_argument("dim must be >= 1, got " + std::to_string(dim));
    if (maxPositions > kMaxCells / dim)  // division form: maxPositions * dim can overflow int64
        throw std::invalid_argument("max_positions * dim must be <= " + std::to_string(kMaxCells) + ", got " +
                                    std::to_string(maxPositions) + " * " + std::to_string(dim));
    requirePositive("stddev", stddev);
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal(0.0, stddev);
    Eigen::MatrixXd t(maxPositions, dim);
    for (int64_t r = 0; r < maxPositions; ++r)
        for (int c = 0; c < dim; ++c) t(r, c) = normal(rng);
    return t;
}

Eigen::MatrixXd learnedLookup(const Eigen::MatrixXd& table, const std::vector<int64_t>& positions) {
    Eigen::MatrixXd out(static_cast<Eigen::Index>(positions.size()), table.cols());
    for (size_t k = 0; k < positions.size(); ++k) {
        const int64_t p = positions[k];
        if (p < 0 || p >= table.rows())
            throw std::invalid_argument("position " + std::to_string(p) +
                                        " is outside the learned table (T_max = " + std::to_string(table.rows()) + ")");
        out.row(static_cast<Eigen::Index>(k)) = table.row(p);
    }
    return out;
}

namespace {

[[noreturn]] void npyError(const std::string& what) {
    throw std::invalid_argument("npy: " + what);
}

// Finds `'key':` in the header dict and returns the text after the colon.
std::string headerValue(const std::string& header, const std::string& key) {
    const size_t k = header.find("'" + key + "'");
    if (k == std::string::npos) npyError("header has no '" + key + "' field");
    const size_t colon = header.find(':', k);
    if (colon == std::string::npos) npyError("header field '" + key + "' has no value");
    size_t v = colon + 1;
    while (v < header.size() && header[v] == ' ') ++v;
    return header.substr(v);
}

std::vector<int64_t> parseShape(const std::string& text) {
    if (text.empty() || text[0] != '(') npyError("shape must be a tuple");
    const size_t close = text.find(')');
    if (close == std::string::npos) npyError("shape tuple is not closed");
    std::vector<int64_t> dims;
    std::string inner = text.substr(1, close - 1);
    std::stringstream ss(inner);
    std::string item;
    while (std::getline(ss, item, ',')) {
        size_t b = item.find_first_not_of(" L");
        if (b == std::string::npos) continue;
        const size_t e = item.find_last_not_of(" L");
        item = item.substr(b, e - b + 1);
        if (item.empty() || item.size() > 12 || item.find_first_not_of("0123456789") != std::string::npos)
            npyError("shape entry '" + item + "' is not a non-negative integer");
        dims.push_back(std::stoll(item));
    }
    return dims;
}

}  // namespace

Eigen::MatrixXd parseNpy(const std::string& bytes) {
    if (bytes.size() < 10 || bytes.compare(0, 6, "\x93NUMPY") != 0) npyError("not a .npy file (bad magic)");
    const auto u8 = [&](size_t i) { return static_cast<uint8_t>(bytes[i]); };
    const int major = u8(6);
    size_t headerLen, headerStart;
    if (major == 1) {
        headerLen = u8(8) | (size_t{u8(9)} << 8);
        headerStart = 10;
    } else if (major == 2 || major == 3) {
        if (bytes.size() < 12) npyError("truncated header");
        headerLen = u8(8) | (size_t{u8(9)} << 8) | (size_t{u8(10)} << 16) | (size_t{u8(11)} << 24);
        headerStart = 12;
    } else {
        npyError("unsupported format version " + std::to_string(major));
    }
    if (headerLen > bytes.size() - headerStart) npyError("truncated header");
    const std::string header = bytes.substr(headerStart, headerLen);
    const std::string descrText = headerValue(header, "descr");
    int width;
    if (descrText.rfind("'<f8'", 0) == 0)
        width = 8;
    else if (descrText.rfind("'<f4'", 0) == 0)
        width = 4;
    else
        npyError("unsupported dtype " + descrText.substr(0, descrText.find_first_of(",}")) + " (need '<f4' or '<f8')");
    const std::string orderText = headerValue(header, "fortran_order");
    bool fortran;
    if (orderText.rfind("True", 0) == 0)
        fortran = true;
    else if (orderText.rfind("False", 0) == 0)
        fortran = false;
    else
        npyError("fortran_order must be True or False");
    const std::vector<int64_t> shape = parseShape(headerValue(header, "shape"));
    if (shape.empty() || shape.size() > 2)
        npyError("need a 1-D or 2-D array, got " + std::to_string(shape.size()) + "-D");
    const int64_t rows = shape[0], cols = shape.size() == 2 ? shape[1] : 1;
    if (rows > kMaxCells || cols > kMaxCells || (cols > 0 && rows > kMaxCells / cols))
        npyError("array too large (" + std::to_string(rows) + " x " + std::to_string(cols) + ")");
    const size_t count = static_cast<size_t>(rows * cols);
    const size_t dataStart = headerStart + headerLen;
    if (bytes.size() - dataStart < count * width)
        npyError("truncated data: need " + std::to_string(count * width) + " bytes, have " +
                 std::to_string(bytes.size() - dataStart));
    Eigen::MatrixXd m(rows, cols);
    for (size_t k = 0; k < count; ++k) {
        double v;
        if (width == 8) {
            std::memcpy(&v, bytes.data() + dataStart + 8 * k, 8);
        } else {
            float f;
            std::memcpy(&f, bytes.data() + dataStart + 4 * k, 4);
            v = f;
        }
        const int64_t r = fortran ? static_cast<int64_t>(k) % rows : static_cast<int64_t>(k) / cols;
        const int64_t c = fortran ? static_cast<int64_t>(k) / rows : static_cast<int64_t>(k) % cols;
        m(r, c) = v;
    }
    return m;
}

Eigen::MatrixXd loadNpy(const std::string& path) {
    // Up to the largest valid .npy: the biggest table plus the largest header a version 2/3 file can declare.
    constexpr std::uintmax_t kMaxNpyBytes = std::uintmax_t{8} * kMaxCells + (std::uintmax_t{1} << 32) + 16;
    std::string bytes;
    try {
        bytes = readRegularFile(path, kMaxNpyBytes);
    } catch (const std::invalid_argument& e) {
        throw std::invalid_argument("cannot read '" + path + "': " + e.what());
    }
    try {
        return parseNpy(bytes);
    } catch (const std::invalid_argument& e) {
        throw std::invalid_argument("'" + path + "': " + e.what());
    }
}

std::string toNpy(const Eigen::MatrixXd& m) {
    std::string header = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + std::to_string(m.rows()) + ", " +
                         std::to_string(m.cols()) + "), }";
    const size_t total = 10 + header.size() + 1;
    header.append((64 - total % 64) % 64, ' ');
    header.push_back('\n');
    std::string out = "\x93NUMPY";
    out.push_back(1);
    out.push_back(0);
    out.push_back(static_cast<char>(header.size() & 0xff));
    out.push_back(static_cast<char>((header.size() >> 8) & 0xff));
    out += header;
    const size_t dataStart = out.size();
    out.resize(dataStart + 8 * static_cast<size_t>(m.size()));
    size_t k = 0;
    for (Eigen::Index r = 0; r < m.rows(); ++r)
        for (Eigen::Index c = 0; c < m.cols(); ++c, ++k) {
            const double v = m(r, c);
            std::memcpy(&out[dataStart + 8 * k], &v, 8);
        }
    return out;
}

}  // namespace phaselens::core
