// core::readRegularFile: regular files up to a bound; directories, devices, FIFOs and oversize files refused
// with the reason alone (callers add the path).
#include "phaselens/file_read.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

namespace phaselens::core {
namespace {

namespace fs = std::filesystem;

class ReadRegularFile : public ::testing::Test {
  protected:
    void SetUp() override {
        char tmpl[] = "/tmp/phaselens-file-read-XXXXXX";
        ASSERT_NE(::mkdtemp(tmpl), nullptr);
        dir_ = tmpl;
    }
    void TearDown() override {
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }
    std::string write(const std::string& name, const std::string& bytes) const {
        const std::string path = (dir_ / name).string();
        std::ofstream(path, std::ios::binary) << bytes;
        return path;
    }
    static std::string reasonOf(const std::string& path, std::uintmax_t maxBytes) {
        try {
            readRegularFile(path, maxBytes);
        } catch (const std::invalid_argument& e) {
            return e.what();
        }
        return "(no error)";
    }
    fs::path dir_;
};

TEST_F(ReadRegularFile, ReturnsEveryByteIncludingNulAndAtTheExactBound) {
    const std::string bytes = std::string("a\0b\n", 4) + std::string(70000, 'x');  // more than one read chunk
    const std::string path = write("f.bin", bytes);
    EXPECT_EQ(readRegularFile(path, bytes.size()), bytes);
    EXPECT_EQ(readRegularFile(write("empty", ""), 0), "");
}

TEST_F(ReadRegularFile, OneByteOverTheBoundIsRefused) {
    const std::string path = write("f.json", std::string(101, ' '));
    EXPECT_EQ(reasonOf(path, 100), "larger than 100 bytes");
    EXPECT_EQ(readRegularFile(path, 101).size(), 101u);
}

TEST_F(ReadRegularFile, BoundsInWholeMebibytesReadAsMiB) {
    const std::string path = (dir_ / "sparse.json").string();
    std::ofstream(path).close();
    fs::resize_file(path, (std::uintmax_t{16} << 20) + 1);
    EXPECT_EQ(reasonOf(path, kMaxJsonFileBytes), "larger than 16 MiB");
}

TEST_F(ReadRegularFile, DirectoriesDevicesAndFifosAreRefusedWithoutBlocking) {
    EXPECT_EQ(reasonOf(dir_.string(), 100), "is a directory, not a file");
    EXPECT_EQ(reasonOf("/dev/zero", 100), "not a regular file (a device, FIFO or socket)");
    const std::string fifo = (dir_ / "fifo").string();
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    EXPECT_EQ(reasonOf(fifo, 100), "not a regular file (a device, FIFO or socket)");  // no writer: must not block
}

TEST_F(ReadRegularFile, MissingAndUnreadableFilesSayWhy) {
    EXPECT_EQ(reasonOf((dir_ / "missing.json").string(), 100), "cannot open: No such file or directory");
    if (::geteuid() == 0) GTEST_SKIP() << "root reads files without read permission";
    const std::string path = write("secret.json", "{}");
    ASSERT_EQ(::chmod(path.c_str(), 0), 0);
    EXPECT_EQ(reasonOf(path, 100), "cannot open: Permission denied");
}

}  // namespace
}  // namespace phaselens::core
