// Test helper: writes safetensors files, sharded checkpoints with their index, and .npy files, the way
// safetensors.torch.save_file / transformers' save_pretrained / numpy.save lay them out, so loader tests build their
// own inputs (no downloads). Header-only.
#pragma once

#include <Eigen/Dense>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace phaselens::test {

/// One tensor to write: its name, dtype and shape and the values (row-major, converted to the dtype).
struct TensorSpec {
    std::string name;
    std::string dtype = "F32";  ///< F32, F16, BF16, F64, or I64 (values rounded)
    std::vector<int64_t> shape;
    std::vector<double> values;  ///< product(shape) values, C order; empty = zeros
};

/// Nearest F16 bit pattern of v (round to nearest even; inputs in range, for tests).
inline uint16_t toHalfBits(double v) {
    uint16_t sign = std::signbit(v) ? 0x8000 : 0;
    double a = std::fabs(v);
    if (a == 0) return sign;
    int e;
    std::frexp(a, &e);  // a = m·2^e, m in [0.5, 1)
    int exp = e - 1 + 15;
    if (exp <= 0) {  // subnormal: a / 2^-24
        const double m = std::nearbyint(a / std::ldexp(1.0, -24));
        return static_cast<uint16_t>(sign | static_cast<uint16_t>(m));
    }
    double m = std::nearbyint((a / std::ldexp(1.0, e - 1) - 1.0) * 1024.0);
    if (m >= 1024) {
        m = 0;
        ++exp;
    }
    return static_cast<uint16_t>(sign | (exp << 10) | static_cast<uint16_t>(m));
}

/// BF16 bits of v: float32 rounded to nearest even in its upper 16 bits.
inline uint16_t toBf16Bits(double v) {
    const float f = static_cast<float>(v);
    uint32_t u;
    std::memcpy(&u, &f, 4);
    u += 0x7fff + ((u >> 16) & 1);
    return static_cast<uint16_t>(u >> 16);
}

inline std::string encodeTensor(const TensorSpec& t) {
    size_t count = 1;
    for (int64_t d : t.shape) count *= static_cast<size_t>(d);
    std::string out;
    for (size_t k = 0; k < count; ++k) {
        const double v = k < t.values.size() ? t.values[k] : 0.0;
        if (t.dtype == "F32") {
            const float f = static_cast<float>(v);
            out.append(reinterpret_cast<const char*>(&f), 4);
        } else if (t.dtype == "F64") {
            out.append(reinterpret_cast<const char*>(&v), 8);
        } else if (t.dtype == "F16" || t.dtype == "BF16") {
            const uint16_t b = t.dtype == "F16" ? toHalfBits(v) : toBf16Bits(v);
            out.push_back(static_cast<char>(b & 0xff));
            out.push_back(static_cast<char>(b >> 8));
        } else {  // I64
            const int64_t i = static_cast<int64_t>(std::llround(v));
            out.append(reinterpret_cast<const char*>(&i), 8);
        }
    }
    return out;
}

/// The bytes of a safetensors file holding `tensors` in order (header padded to 8 bytes, as the Rust writer does).
inline std::string safetensorsBytes(const std::vector<TensorSpec>& tensors,
                                    const std::map<std::string, std::string>& metadata = {{"format", "pt"}}) {
    nlohmann::ordered_json header;
    if (!metadata.empty()) header["__metadata__"] = metadata;
    std::string data;
    for (const TensorSpec& t : tensors) {
        const std::string bytes = encodeTensor(t);
        header[t.name] = {
            {"dtype", t.dtype}, {"shape", t.shape}, {"data_offsets", {data.size(), data.size() + bytes.size()}}};
        data += bytes;
    }
    std::string text = header.dump();
    text.append((8 - text.size() % 8) % 8, ' ');
    std::string out(8, '\0');
    uint64_t n = text.size();
    for (int i = 0; i < 8; ++i) out[static_cast<size_t>(i)] = static_cast<char>((n >> (8 * i)) & 0xff);
    return out + text + data;
}

inline void writeFile(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

/// Writes model-0000i-of-0000n.safetensors shards (one per inner vector) and model.safetensors.index.json in `dir`.
inline void writeShardedCheckpoint(const std::string& dir, const std::vector<std::vector<TensorSpec>>& shards) {
    nlohmann::ordered_json index;
    index["metadata"] = {{"total_size", 0}};
    index["weight_map"] = nlohmann::ordered_json::object();
    for (size_t s = 0; s < shards.size(); ++s) {
        char name[64];
        std::snprintf(name, sizeof name, "model-%05zu-of-%05zu.safetensors", s + 1, shards.size());
        writeFile(dir + "/" + name, safetensorsBytes(shards[s]));
        for (const TensorSpec& t : shards[s]) index["weight_map"][t.name] = name;
    }
    writeFile(dir + "/model.safetensors.index.json", index.dump(2));
}

/// A .npy file (version 1.0) of a matrix as '<f4' or '<f8', C or Fortran order.
inline std::string npyBytes(const Eigen::MatrixXd& m, bool float32, bool fortran) {
    std::string header = std::string("{'descr': '") + (float32 ? "<f4" : "<f8") +
                         "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': (" +
                         std::to_string(m.rows()) + ", " + std::to_string(m.cols()) + "), }";
    header.append((64 - (10 + header.size() + 1) % 64) % 64, ' ');
    header.push_back('\n');
    std::string out = "\x93NUMPY";
    out.push_back(1);
    out.push_back(0);
    out.push_back(static_cast<char>(header.size() & 0xff));
    out.push_back(static_cast<char>(header.size() >> 8));
    out += header;
    for (Eigen::Index a = 0; a < (fortran ? m.cols() : m.rows()); ++a)
        for (Eigen::Index b = 0; b < (fortran ? m.rows() : m.cols()); ++b) {
            const double v = fortran ? m(b, a) : m(a, b);
            if (float32) {
                const float f = static_cast<float>(v);
                out.append(reinterpret_cast<const char*>(&f), 4);
            } else {
                out.append(reinterpret_cast<const char*>(&v), 8);
            }
        }
    return out;
}

/// A deterministic table with GPT-2-like smooth structure: W[p][j] = 0.05 sin(p ω_j + j) + 0.001 (j mod 7).
inline Eigen::MatrixXd smoothTable(int64_t rows, int64_t cols) {
    Eigen::MatrixXd w(rows, cols);
    for (int64_t p = 0; p < rows; ++p)
        for (int64_t j = 0; j < cols; ++j)
            w(p, j) = 0.05 * std::sin(static_cast<double>(p) * std::pow(10000.0, -static_cast<double>(j) / cols) +
                                      static_cast<double>(j)) +
                      0.001 * static_cast<double>(j % 7);
    return w;
}

/// Row-major values of a matrix (for TensorSpec::values).
inline std::vector<double> rowMajor(const Eigen::MatrixXd& m) {
    std::vector<double> v;
    v.reserve(static_cast<size_t>(m.size()));
    for (Eigen::Index r = 0; r < m.rows(); ++r)
        for (Eigen::Index c = 0; c < m.cols(); ++c) v.push_back(m(r, c));
    return v;
}

}  // namespace phaselens::test
