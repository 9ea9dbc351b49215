// PhaseLens core — the binary side of the safetensors format (Hugging Face `safetensors`), for reading one
// learned position table out of a checkpoint without reading the rest of it.
//
// File layout (https://huggingface.co/docs/safetensors, "Format"):
//   bytes [0, 8)          N, the header length: unsigned 64-bit little-endian
//   bytes [8, 8 + N)      the header: a UTF-8 JSON object
//                           {"wpe.weight": {"dtype": "F32", "shape": [1024, 768], "data_offsets": [b, e]}, ...,
//                            "__metadata__": {"format": "pt"}}
//                         (may be padded with trailing spaces)
//   bytes [8 + N, size)   the data buffer; tensor t occupies [8 + N + b, 8 + N + e), C (row-major) order,
//                         little-endian, e - b = product(shape) × the dtype's size.
//
// The JSON header is parsed outside core (app/config/safetensors_header.h, with nlohmann); this file does what
// needs no JSON: reading the header bytes with a bounded length, checking a parsed list of entries (every size,
// offset and overlap), and reading ONE tensor's bytes with pread (never the whole file) into float64.
//
// Dtypes known to safetensors (bits per element): BOOL U8 I8 F8_E5M2 F8_E4M3 F8_E8M0 8; I16 U16 F16 BF16 16;
// I32 U32 F32 32; I64 U64 F64 C64 64; F4 4; F6_E2M3 F6_E3M2 6. Any of them may appear in a checkpoint (BERT
// checkpoints store position_ids as I64); a position table must be F32, F16, BF16 or F64, converted exactly:
//   F16  IEEE binary16 (1 sign, 5 exponent, 10 mantissa bits; subnormals m·2^-24)
//   BF16 the upper 16 bits of an IEEE binary32 (bits << 16 reinterpreted as float)
// Every conversion to double is exact (double holds every F16/BF16/F32 value).
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <string>
#include <vector>

namespace phaselens::core {

/// Bits per element of a safetensors dtype name ("F32" → 32), 0 for a name safetensors does not define.
int safetensorsDtypeBits(const std::string& dtype);

/// True for the dtypes a position table may have: F32, F16, BF16, F64.
bool isFloatTableDtype(const std::string& dtype);

/// Exact conversions of the 16-bit float formats (NaN stays NaN, ±inf stays ±inf).
double halfToDouble(uint16_t bits);
double bfloat16ToDouble(uint16_t bits);

/// The largest header safetensors accepts (its MAX_HEADER_SIZE): 100,000,000 bytes.
inline constexpr uint64_t kMaxSafetensorsHeaderBytes = 100000000;

/// The header of a safetensors file: its JSON text and where the data buffer lies.
struct SafetensorsHeader {
    std::string json;        ///< bytes [8, 8 + N)
    uint64_t dataStart = 0;  ///< 8 + N: file offset of data byte 0
    uint64_t dataSize = 0;   ///< file size - dataStart
};

/// Splits the first bytes of a file of `fileSize` bytes (`prefix` holds at least min(fileSize, 8 + N) of them)
/// into header and data bounds. Throws std::invalid_argument "header length: ..." when the file is shorter than 8
/// bytes, N = 0, N > kMaxSafetensorsHeaderBytes or N > fileSize - 8, or the header does not start with '{'.
SafetensorsHeader splitSafetensorsHeader(const std::string& prefix, uint64_t fileSize);

/// Reads only the 8 + N header bytes of the regular file at `path` (N bounded as above). Throws
/// std::invalid_argument with the reason alone (as readRegularFile: the caller names the file).
SafetensorsHeader readSafetensorsHeader(const std::string& path);

/// One tensor of the header, as parsed from JSON.
struct SafetensorsEntry {
    std::string name;            ///< the header key, e.g. "transformer.wpe.weight"
    std::string dtype;           ///< "F32", ...
    std::vector<int64_t> shape;  ///< each >= 0; [] is a scalar (one element)
    uint64_t begin = 0;          ///< data_offsets[0], relative to SafetensorsHeader::dataStart
    uint64_t end = 0;            ///< data_offsets[1]
};

/// Checks every entry against a data buffer of `dataSize` bytes: a known dtype, the element count without overflow,
/// begin <= end <= dataSize, end - begin == elements × bits / 8 (a whole number of bytes), and no two tensors'
/// byte ranges overlap. Throws std::invalid_argument "tensor '<name>': <field>: <problem>".
void validateSafetensorsEntries(const std::vector<SafetensorsEntry>& entries, uint64_t dataSize);

/// The (rows, cols) a tensor is read as: [T, d] as is; [T] as (T, 1); leading 1s dropped ([1, T, d], the ViT
/// layout, is (T, d)). Throws std::invalid_argument "tensor '<name>': shape: ..." for more dimensions, for zero rows
/// or columns, and for more than 2^28 cells.
std::pair<int64_t, int64_t> tableShape(const SafetensorsEntry& entry);

/// Decodes `count` little-endian elements of a float table dtype from `bytes` into `out[0..count)`.
void decodeFloats(const std::string& dtype, const char* bytes, size_t count, double* out);

/// Reads the one tensor `entry` (validated, a float table dtype) of the file at `path` with pread, in bounded
/// chunks, into a float64 matrix of tableShape(entry). Memory: the matrix plus a 1 MiB buffer. Throws
/// std::invalid_argument with the reason (dtype not a float table type, the file changed size, a read error).
Eigen::MatrixXd readSafetensorsTable(const std::string& path, const SafetensorsHeader& header,
                                     const SafetensorsEntry& entry);

}  // namespace phaselens::core
