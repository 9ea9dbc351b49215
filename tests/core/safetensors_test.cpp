// phaselens/safetensors.h — the binary side of safetensors: dtype conversions, the header length, entry checks,
// reading one tensor. (JSON parsing and whole checkpoints: tests/config/learned_table_file_test.cpp.)
#include "phaselens/safetensors.h"

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>

#include "test_util.h"

namespace phaselens::test {
namespace {

std::string lengthPrefix(uint64_t n) {
    std::string s(8, '\0');
    for (int i = 0; i < 8; ++i) s[static_cast<size_t>(i)] = static_cast<char>((n >> (8 * i)) & 0xff);
    return s;
}

TEST(Safetensors, HalfConvertsExactly) {
    EXPECT_EQ(core::halfToDouble(0x0000), 0.0);
    EXPECT_TRUE(std::signbit(core::halfToDouble(0x8000)));
    EXPECT_EQ(core::halfToDouble(0x3c00), 1.0);
    EXPECT_EQ(core::halfToDouble(0xc000), -2.0);
    EXPECT_EQ(core::halfToDouble(0x7bff), 65504.0);                      // largest finite
    EXPECT_EQ(core::halfToDouble(0x0001), std::ldexp(1.0, -24));         // smallest subnormal
    EXPECT_EQ(core::halfToDouble(0x03ff), 1023 * std::ldexp(1.0, -24));  // largest subnormal
    EXPECT_EQ(core::halfToDouble(0x0400), std::ldexp(1.0, -14));         // smallest normal
    EXPECT_EQ(core::halfToDouble(0x3555), 0.333251953125);               // nearest F16 to 1/3
    EXPECT_EQ(core::halfToDouble(0x7c00), std::numeric_limits<double>::infinity());
    EXPECT_EQ(core::halfToDouble(0xfc00), -std::numeric_limits<double>::infinity());
    EXPECT_TRUE(std::isnan(core::halfToDouble(0x7e00)));
    // Every finite pattern: value = (-1)^s · 2^(e-15) · (1 + m/1024), or m · 2^-24 for e = 0.
    for (uint32_t b = 0; b < 0x10000; ++b) {
        const int e = (b >> 10) & 31, m = b & 1023;
        if (e == 31) continue;
        const double mag = e == 0 ? m * std::ldexp(1.0, -24) : std::ldexp(1.0 + m / 1024.0, e - 15);
        ASSERT_EQ(core::halfToDouble(static_cast<uint16_t>(b)), (b & 0x8000) ? -mag : mag) << b;
    }
}

TEST(Safetensors, Bfloat16IsTheUpperHalfOfFloat32) {
    EXPECT_EQ(core::bfloat16ToDouble(0x3f80), 1.0);
    EXPECT_EQ(core::bfloat16ToDouble(0xc040), -3.0);
    EXPECT_EQ(core::bfloat16ToDouble(0x3e80), 0.25);
    EXPECT_EQ(core::bfloat16ToDouble(0x0001), static_cast<double>(std::ldexp(1.0f, -133)));  // subnormal
    EXPECT_EQ(core::bfloat16ToDouble(0x7f80), std::numeric_limits<double>::infinity());
    EXPECT_TRUE(std::isnan(core::bfloat16ToDouble(0x7fc0)));
}

TEST(Safetensors, DtypeBits) {
    EXPECT_EQ(core::safetensorsDtypeBits("F32"), 32);
    EXPECT_EQ(core::safetensorsDtypeBits("BF16"), 16);
    EXPECT_EQ(core::safetensorsDtypeBits("I64"), 64);
    EXPECT_EQ(core::safetensorsDtypeBits("F4"), 4);
    EXPECT_EQ(core::safetensorsDtypeBits("f32"), 0);
    EXPECT_TRUE(core::isFloatTableDtype("F16"));
    EXPECT_FALSE(core::isFloatTableDtype("I64"));
}

TEST(Safetensors, HeaderLengthIsBoundedAndChecked) {
    const std::string json = "{\"a\":{}}";
    const std::string file = lengthPrefix(json.size()) + json + "1234";
    const core::SafetensorsHeader h = core::splitSafetensorsHeader(file, file.size());
    EXPECT_EQ(h.json, json);
    EXPECT_EQ(h.dataStart, 8 + json.size());
    EXPECT_EQ(h.dataSize, 4u);
    EXPECT_TRUE(throwsInvalidArgument([] { core::splitSafetensorsHeader("abc", 3); }, {"header length", "3 bytes"}));
    EXPECT_TRUE(
        throwsInvalidArgument([] { core::splitSafetensorsHeader(lengthPrefix(0), 8); }, {"header length", "0"}));
    EXPECT_TRUE(throwsInvalidArgument([] { core::splitSafetensorsHeader(lengthPrefix(~uint64_t{0}) + "{}", 10); },
                                      {"header length", "exceeds"}));
    EXPECT_TRUE(throwsInvalidArgument([] { core::splitSafetensorsHeader(lengthPrefix(50) + "{}", 10); },
                                      {"header length", "50", "past the end"}));
    EXPECT_TRUE(throwsInvalidArgument([] { core::splitSafetensorsHeader(lengthPrefix(2) + "[]", 10); }, {"'{'"}));
}

TEST(Safetensors, EntriesAreCheckedForSizeBoundsAndOverlap) {
    using E = core::SafetensorsEntry;
    const std::vector<E> good = {{"a", "F32", {2, 3}, 0, 24}, {"b", "I64", {1, 2}, 24, 40}, {"c", "F16", {0}, 40, 40}};
    EXPECT_NO_THROW(core::validateSafetensorsEntries(good, 40));
    EXPECT_TRUE(throwsInvalidArgument([&] { core::validateSafetensorsEntries(good, 39); },
                                      {"tensor 'b'", "data_offsets", "beyond"}));
    EXPECT_TRUE(throwsInvalidArgument(
        [] {
            core::validateSafetensorsEntries({{"a", "F32", {2, 3}, 0, 20}}, 40);
        },
        {"tensor 'a'", "data_offsets", "24"}));
    EXPECT_TRUE(throwsInvalidArgument(
        [] {
            core::validateSafetensorsEntries({{"a", "F32", {2, 2}, 0, 16}, {"b", "F32", {2, 2}, 8, 24}}, 40);
        },
        {"data_offsets", "overlaps"}));
    EXPECT_TRUE(throwsInvalidArgument(
        [] {
            core::validateSafetensorsEntries({{"a", "Q8", {2}, 0, 2}}, 40);
        },
        {"tensor 'a'", "dtype", "Q8"}));
    EXPECT_TRUE(throwsInvalidArgument(
        [] {
            core::validateSafetensorsEntries({{"a", "F32", {-1}, 0, 0}}, 40);
        },
        {"shape", "negative"}));
    EXPECT_TRUE(throwsInvalidArgument(
        [] {
            core::validateSafetensorsEntries({{"a", "F32", {int64_t{1} << 40, int64_t{1} << 40}, 0, 0}}, 40);
        },
        {"shape", "too large"}));
    EXPECT_TRUE(throwsInvalidArgument(
        [] {
            core::validateSafetensorsEntries({{"a", "F32", {1}, 8, 4}}, 40);
        },
        {"data_offsets", "before"}));
    EXPECT_TRUE(throwsInvalidArgument(
        [] {
            core::validateSafetensorsEntries({{"a", "F4", {3}, 0, 2}}, 40);
        },
        {"whole number of bytes"}));
}

TEST(Safetensors, TableShapes) {
    EXPECT_EQ(core::tableShape({"t", "F32", {1024, 768}, 0, 0}), std::make_pair(int64_t{1024}, int64_t{768}));
    EXPECT_EQ(core::tableShape({"t", "F32", {1, 197, 768}, 0, 0}), std::make_pair(int64_t{197}, int64_t{768}));
    EXPECT_EQ(core::tableShape({"t", "F32", {16}, 0, 0}), std::make_pair(int64_t{16}, int64_t{1}));
    EXPECT_TRUE(throwsInvalidArgument([] { core::tableShape({"t", "F32", {2, 3, 4}, 0, 0}); }, {"shape", "[2, 3, 4]"}));
    EXPECT_TRUE(throwsInvalidArgument([] { core::tableShape({"t", "F32", {0, 4}, 0, 0}); }, {"no rows"}));
    EXPECT_TRUE(throwsInvalidArgument([] { core::tableShape({"t", "F32", {}, 0, 0}); }, {"not a table"}));
}

TEST(Safetensors, ReadsOnlyTheChosenTensorInEveryFloatDtype) {
    // Two tensors: "skip" (I64) and the table (F32 2x3), written by hand.
    const std::string json =
        R"({"skip":{"dtype":"I64","shape":[2],"data_offsets":[0,16]},"t":{"dtype":"F32","shape":[2,3],"data_offsets":[16,40]}})";
    std::string data(16, '\x7f');
    const float vals[6] = {1.5f, -2.0f, 0.1f, 3.0f, 1e-3f, -7.25f};
    data.append(reinterpret_cast<const char*>(vals), sizeof vals);
    const std::string bytes = lengthPrefix(json.size()) + json + data;
    const std::string path = (std::filesystem::temp_directory_path() / "phaselens_st_core_test.safetensors").string();
    std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    const core::SafetensorsHeader h = core::readSafetensorsHeader(path);
    EXPECT_EQ(h.json, json);
    const Eigen::MatrixXd m = core::readSafetensorsTable(path, h, {"t", "F32", {2, 3}, 16, 40});
    ASSERT_EQ(m.rows(), 2);
    ASSERT_EQ(m.cols(), 3);
    for (int k = 0; k < 6; ++k) EXPECT_EQ(m(k / 3, k % 3), static_cast<double>(vals[k]));
    EXPECT_TRUE(throwsInvalidArgument(
        [&] {
            core::readSafetensorsTable(path, h, {"skip", "I64", {2}, 0, 16});
        },
        {"tensor 'skip'", "dtype", "I64"}));
    // The file shrinks after its header was read: refused, no out-of-bounds read.
    std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size() - 4));
    EXPECT_TRUE(throwsInvalidArgument(
        [&] {
            core::readSafetensorsTable(path, h, {"t", "F32", {2, 3}, 16, 40});
        },
        {"changed"}));
    std::filesystem::remove(path);
    EXPECT_TRUE(throwsInvalidArgument([&] { core::readSafetensorsHeader(path); }, {"cannot open"}));
    EXPECT_TRUE(throwsInvalidArgument([] { core::readSafetensorsHeader("/dev/zero"); }, {"not a regular file"}));
}

TEST(Safetensors, DecodeFloats) {
    double out[2];
    const char f16[4] = {0x00, 0x3c, 0x00, static_cast<char>(0xc0)};
    core::decodeFloats("F16", f16, 2, out);
    EXPECT_EQ(out[0], 1.0);
    EXPECT_EQ(out[1], -2.0);
    const char bf16[4] = {static_cast<char>(0x80), 0x3f, 0x40, static_cast<char>(0xc0)};
    core::decodeFloats("BF16", bf16, 2, out);
    EXPECT_EQ(out[0], 1.0);
    EXPECT_EQ(out[1], -3.0);
    const double f64[2] = {0.1, -1e300};
    core::decodeFloats("F64", reinterpret_cast<const char*>(f64), 2, out);
    EXPECT_EQ(out[0], 0.1);
    EXPECT_EQ(out[1], -1e300);
}

}  // namespace
}  // namespace phaselens::test
