// Files the core reads: devices, FIFOs and directories are refused with a message naming the path (never a hang
// or an unbounded read), and a failed read leaves nothing behind.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <stdexcept>
#include <string>

#include "phaselens/learned.h"

namespace phaselens::test {
namespace {

namespace fs = std::filesystem;

// Refused from stat(), before any byte is read: the message names the path and, for a file that exists, says it
// is not a regular file or is a directory (reading /dev/zero or opening a FIFO would never end; ctest's timeout catches
// a hang, so no wall-clock assertion is needed).
testing::AssertionResult refusedBeforeReading(const std::string& path, bool exists = true) {
    try {
        (void)core::loadNpy(path);
        return testing::AssertionFailure() << path << ": loaded";
    } catch (const std::invalid_argument& e) {
        const std::string what = e.what();
        if (what.find(path) == std::string::npos)
            return testing::AssertionFailure() << path << ": message does not name the path: " << what;
        if (exists && what.find("not a regular file") == std::string::npos &&
            what.find("is a directory, not a file") == std::string::npos)
            return testing::AssertionFailure() << path << ": not refused as a non-regular file: " << what;
        return testing::AssertionSuccess();
    }
}

TEST(FileHardening, LoadNpyRefusesDevicesFifosAndDirectories) {
    EXPECT_TRUE(refusedBeforeReading("/dev/zero"));
    EXPECT_TRUE(refusedBeforeReading("/dev/null"));
    const fs::path dir = fs::temp_directory_path() / ("phaselens_npy_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const fs::path fifo = dir / "fifo.npy";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    EXPECT_TRUE(refusedBeforeReading(fifo.string()));  // opening it would block until a writer appears
    EXPECT_TRUE(refusedBeforeReading(dir.string()));
    EXPECT_TRUE(refusedBeforeReading((dir / "missing.npy").string(), false));
    fs::remove_all(dir);
}

}  // namespace
}  // namespace phaselens::test
