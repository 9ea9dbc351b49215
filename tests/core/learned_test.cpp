// phaselens/learned.h — learned absolute tables and the .npy reader/writer.
//
// Contents
//   [SECTION] Learned tables
//   [SECTION] .npy round trips and hand-built files
//   [SECTION] .npy malformed input

#include "phaselens/learned.h"

#include <chrono>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "test_util.h"

namespace phaselens::test {
namespace {

// -----------------------------------------------------------------------------
// [SECTION] Learned tables
// -----------------------------------------------------------------------------

TEST(LearnedTable, SeededAndDeterministic) {
    const Eigen::MatrixXd a = core::learnedTableRandom(64, 16, 42);
    const Eigen::MatrixXd b = core::learnedTableRandom(64, 16, 42);
    const Eigen::MatrixXd c = core::learnedTableRandom(64, 16, 43);
    ASSERT_EQ(a.rows(), 64);
    ASSERT_EQ(a.cols(), 16);
    EXPECT_EQ(a, b);
    EXPECT_GT(maxAbsDiff(a, c), 1e-3);
}

TEST(LearnedTable, EntriesHaveTheRequestedSpread) {
    const Eigen::MatrixXd t = core::learnedTableRandom(1000, 100, 7, 0.02);
    const double mean = t.mean();
    const double sd = std::sqrt((t.array() - mean).square().sum() / double(t.size() - 1));
    EXPECT_NEAR(mean, 0.0, 0.001);  // 5 standard errors of the mean (0.02/sqrt(1e5))
    EXPECT_NEAR(sd, 0.02, 0.0005);  // about 5 standard errors of the sample sd
}

TEST(LearnedTable, LookupReturnsRows) {
    const Eigen::MatrixXd t = core::learnedTableRandom(10, 4, 1);
    const Eigen::MatrixXd rows = core::learnedLookup(t, {9, 0, 3, 3});
    ASSERT_EQ(rows.rows(), 4);
    EXPECT_EQ(rows.row(0), t.row(9));
    EXPECT_EQ(rows.row(1), t.row(0));
    EXPECT_EQ(rows.row(2), t.row(3));
    EXPECT_EQ(rows.row(3), t.row(3));
}

TEST(LearnedTable, OutOfRangePositionNamesPositionAndTMax) {
    const Eigen::MatrixXd t = core::learnedTableRandom(1024, 4, 1);
    EXPECT_TRUE(throwsInvalidArgument([&] { core::learnedLookup(t, {0, 1024}); }, {"position 1024", "T_max = 1024"}));
    EXPECT_TRUE(throwsInvalidArgument([&] { core::learnedLookup(t, {-1}); }, {"position -1", "T_max = 1024"}));
    EXPECT_TRUE(throwsInvalidArgument([&] { core::learnedLookup(t, {5000}); }, {"5000", "1024"}));
}

// -----------------------------------------------------------------------------
// [SECTION] .npy round trips and hand-built files
// -----------------------------------------------------------------------------

/// A .npy file from a header dict and raw data, padded so that data starts on a 64-byte boundary.
std::string makeNpy(const std::string& dict, const std::string& data, int major = 1) {
    const size_t prefix = major == 1 ? 10 : 12;
    std::string header = dict;
    header.append((64 - (prefix + header.size() + 1) % 64) % 64, ' ');
    header.push_back('\n');
    std::string out = "\x93NUMPY";
    out.push_back(static_cast<char>(major));
    out.push_back(0);
    const size_t n = header.size();
    out.push_back(static_cast<char>(n & 0xff));
    out.push_back(static_cast<char>((n >> 8) & 0xff));
    if (major != 1) {
        out.push_back(static_cast<char>((n >> 16) & 0xff));
        out.push_back(static_cast<char>((n >> 24) & 0xff));
    }
    return out + header + data;
}

template <class T>
std::string rawBytes(const std::vector<T>& values) {
    std::string s(values.size() * sizeof(T), '\0');
    std::memcpy(s.data(), values.data(), s.size());
    return s;
}

TEST(Npy, RoundTripIsExact) {
    Eigen::MatrixXd m = randomMatrix(7, 5, 3);
    m(0, 0) = -0.0;
    m(1, 1) = 1e-310;  // subnormal
    m(2, 2) = 1.7976931348623157e308;
    const std::string bytes = core::toNpy(m);
    EXPECT_EQ(bytes.compare(0, 6, "\x93NUMPY"), 0);
    EXPECT_EQ(bytes[6], 1);
    const size_t headerLen = static_cast<uint8_t>(bytes[8]) | (size_t{static_cast<uint8_t>(bytes[9])} << 8);
    EXPECT_EQ((10 + headerLen) % 64, 0u) << "data must start 64-byte aligned";
    EXPECT_EQ(bytes.size(), 10 + headerLen + 8 * 35);
    EXPECT_NE(bytes.find("'descr': '<f8'"), std::string::npos);
    EXPECT_NE(bytes.find("'fortran_order': False"), std::string::npos);
    EXPECT_NE(bytes.find("'shape': (7, 5)"), std::string::npos);
    const Eigen::MatrixXd back = core::parseNpy(bytes);
    ASSERT_EQ(back.rows(), 7);
    ASSERT_EQ(back.cols(), 5);
    EXPECT_EQ(back, m);
    EXPECT_TRUE(std::signbit(back(0, 0)));
}

TEST(Npy, RoundTripOfEmptyAndSingleRowMatrices) {
    for (const Eigen::MatrixXd& m : {Eigen::MatrixXd(0, 3), Eigen::MatrixXd(Eigen::MatrixXd::Ones(1, 4))}) {
        const Eigen::MatrixXd back = core::parseNpy(core::toNpy(m));
        EXPECT_EQ(back.rows(), m.rows());
        EXPECT_EQ(back.cols(), m.cols());
        EXPECT_EQ(back, m);
    }
}

TEST(Npy, HandBuiltCOrderFloat32) {
    const std::vector<float> v = {1.5f, -2.0f, 0.25f, 3.0f, 4.0f, -0.125f};  // 2 × 3, row-major
    const Eigen::MatrixXd m =
        core::parseNpy(makeNpy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", rawBytes(v)));
    EXPECT_EQ(m, (Eigen::MatrixXd(2, 3) << 1.5, -2.0, 0.25, 3.0, 4.0, -0.125).finished());
}

TEST(Npy, HandBuiltFortranOrderFloat64) {
    const std::vector<double> v = {1, 2, 3, 4, 5, 6};  // 3 × 2, column-major: columns (1,2,3), (4,5,6)
    const Eigen::MatrixXd m =
        core::parseNpy(makeNpy("{'descr': '<f8', 'fortran_order': True, 'shape': (3, 2), }", rawBytes(v)));
    EXPECT_EQ(m, (Eigen::MatrixXd(3, 2) << 1, 4, 2, 5, 3, 6).finished());
}

TEST(Npy, HandBuiltFortranOrderFloat32) {
    const std::vector<float> v = {1, 2, 3, 4, 5, 6};  // 2 × 3, column-major
    const Eigen::MatrixXd m =
        core::parseNpy(makeNpy("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }", rawBytes(v)));
    EXPECT_EQ(m, (Eigen::MatrixXd(2, 3) << 1, 3, 5, 2, 4, 6).finished());
}

TEST(Npy, OneDimensionalBecomesAColumnAndVersion2Headers) {
    const std::vector<double> v = {0.5, 1.5, 2.5};
    for (int major : {1, 2, 3}) {
        const Eigen::MatrixXd m =
            core::parseNpy(makeNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", rawBytes(v), major));
        EXPECT_EQ(m, (Eigen::MatrixXd(3, 1) << 0.5, 1.5, 2.5).finished()) << "version " << major;
    }
}

TEST(Npy, LoadNpyReadsFilesAndNamesThePathOnError) {
    const auto dir =
        std::filesystem::temp_directory_path() /
        ("phaselens_npy_test_" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
    std::filesystem::create_directories(dir);
    const std::string good = (dir / "table.npy").string(), bad = (dir / "bad.npy").string();
    const Eigen::MatrixXd m = randomMatrix(3, 2, 8);
    std::ofstream(good, std::ios::binary) << core::toNpy(m);
    std::ofstream(bad, std::ios::binary) << "not a numpy file";
    EXPECT_EQ(core::loadNpy(good), m);
    EXPECT_TRUE(throwsInvalidArgument([&] { core::loadNpy(bad); }, {"bad.npy", "magic"}));
    EXPECT_TRUE(throwsInvalidArgument([&] { core::loadNpy((dir / "missing.npy").string()); }, {"missing.npy"}));
    std::filesystem::remove_all(dir);
}

// -----------------------------------------------------------------------------
// [SECTION] .npy malformed input
// -----------------------------------------------------------------------------

TEST(NpyMalformed, GarbageAndBadHeadersThrowWithAReason) {
    const std::string f8 = rawBytes(std::vector<double>{1, 2, 3, 4});
    const struct {
        std::string bytes;
        const char* fragment;
    } cases[] = {
        {"", "magic"},
        {"garbage garbage garbage", "magic"},
        {"\x93NUMPY", "magic"},  // too short
        {makeNpy("{'descr': '>f8', 'fortran_order': False, 'shape': (2, 2), }", f8), "dtype"},
        {makeNpy("{'descr': '<i4', 'fortran_order': False, 'shape': (2, 2), }", f8), "dtype"},
        {makeNpy("{'fortran_order': False, 'shape': (2, 2), }", f8), "descr"},
        {makeNpy("{'descr': '<f8', 'fortran_order': Maybe, 'shape': (2, 2), }", f8), "fortran_order"},
        {makeNpy("{'descr': '<f8', 'fortran_order': False, }", f8), "shape"},
        {makeNpy("{'descr': '<f8', 'fortran_order': False, 'shape': [2, 2], }", f8), "shape"},
        {makeNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2, 1), }", f8), "3-D"},
        {makeNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (), }", f8), "0-D"},
        {makeNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (-2, 2), }", f8), "-2"},
        {makeNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", f8), "truncated"},
        {makeNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999, 99999999999), }", f8), "large"},
        {makeNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }", f8, 9), "version"},
    };
    for (const auto& c : cases)
        EXPECT_TRUE(throwsInvalidArgument([&] { core::parseNpy(c.bytes); }, {"npy", c.fragment}))
            << "input: " << c.bytes.substr(0, 80);
}

TEST(NpyMalformed, EveryTruncationThrows) {
    const std::string full = core::toNpy(randomMatrix(3, 3, 4));
    for (size_t n = 0; n < full.size(); ++n)
        EXPECT_TRUE(throwsInvalidArgument([&] { core::parseNpy(full.substr(0, n)); }, {"npy"})) << "length " << n;
}

TEST(NpyMalformed, HeaderLengthBeyondTheFileThrows) {
    std::string bytes = core::toNpy(randomMatrix(2, 2, 5));
    bytes[8] = '\xff';
    bytes[9] = '\xff';
    EXPECT_TRUE(throwsInvalidArgument([&] { core::parseNpy(bytes); }, {"npy", "truncated"}));
}

TEST(NpyMalformed, SingleByteCorruptionsNeverCrash) {
    // Every byte of a small file set to several values: parse succeeds or throws std::invalid_argument.
    const std::string good = core::toNpy(randomMatrix(2, 3, 6));
    int rejected = 0;
    for (size_t k = 0; k < good.size(); ++k)
        for (int value : {0x00, 0x20, 0x27, 0x28, 0x29, 0x2c, 0x30, 0x39, 0x7d, 0x80, 0xff}) {
            std::string bytes = good;
            bytes[k] = static_cast<char>(value);
            try {
                const Eigen::MatrixXd m = core::parseNpy(bytes);
                EXPECT_LE(m.size(), 6 * 1024) << "byte " << k << " = " << value;  // never invents a huge array
            } catch (const std::invalid_argument&) {
                ++rejected;
            } catch (const std::exception& e) {
                ADD_FAILURE() << "byte " << k << " = " << value << ": threw " << typeid(e).name() << ": " << e.what();
            }
        }
    EXPECT_GT(rejected, 0);
}

}  // namespace
}  // namespace phaselens::test
