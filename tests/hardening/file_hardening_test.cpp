// Files the core reads: devices, FIFOs and directories are refused with a message naming the path (never a hang
// or an unbounded read), and a failed read leaves nothing behind.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "phaselens/learned.h"

namespace phaselens::test {
namespace {

namespace fs = std::filesystem;

testing::AssertionResult refusedQuickly(const std::string& path) {
    const auto t0 = std::chrono::steady_clock::now();
    try {
        (void)core::loadNpy(path);
        return testing::AssertionFailure() << path << ": loaded";
    } catch (const std::invalid_argument& e) {
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (std::string(e.what()).find(path) == std::string::npos)
            return testing::AssertionFailure() << path << ": message does not name the path: " << e.what();
        if (s > 5.0) return testing::AssertionFailure() << path << ": took " << s << " s";
        return testing::AssertionSuccess();
    }
}

TEST(FileHardening, LoadNpyRefusesDevicesFifosAndDirectories) {
    EXPECT_TRUE(refusedQuickly("/dev/zero"));
    EXPECT_TRUE(refusedQuickly("/dev/null"));
    const fs::path dir = fs::temp_directory_path() / ("phaselens_npy_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const fs::path fifo = dir / "fifo.npy";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    EXPECT_TRUE(refusedQuickly(fifo.string()));  // opening it would block until a writer appears
    EXPECT_TRUE(refusedQuickly(dir.string()));
    EXPECT_TRUE(refusedQuickly((dir / "missing.npy").string()));
    fs::remove_all(dir);
}

}  // namespace
}  // namespace phaselens::test
