// writePngAtomic: correct pixels on disk, atomic replacement, clean failure with no file left behind.
#include "render/image_io.h"

#include <grp.h>
#include <gtest/gtest.h>
#include <stb_image.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace phaselens::render {
namespace {

namespace fs = std::filesystem;

// A fresh, empty directory under the system temp dir, removed afterwards.
class TempDir {
  public:
    TempDir() {
        std::string pattern = (fs::temp_directory_path() / "phaselens-render-test-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        path_ = pattern;
    }
    ~TempDir() {
        std::error_code ignored;
        fs::permissions(path_, fs::perms::owner_all, ignored);
        fs::remove_all(path_, ignored);
    }
    const fs::path& path() const { return path_; }
    std::vector<std::string> entries() const {
        std::vector<std::string> names;
        for (const auto& entry : fs::directory_iterator(path_)) names.push_back(entry.path().filename().string());
        return names;
    }

  private:
    fs::path path_;
};

// width x height image whose pixel (x, y) is (x*40, y*60, x+y, 255 - x).
RgbaImage testImage(int width, int height) {
    RgbaImage image{width, height, std::vector<std::uint8_t>(static_cast<std::size_t>(width * height * 4))};
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            std::uint8_t* p = image.pixels.data() + (y * width + x) * 4;
            p[0] = static_cast<std::uint8_t>(x * 40);
            p[1] = static_cast<std::uint8_t>(y * 60);
            p[2] = static_cast<std::uint8_t>(x + y);
            p[3] = static_cast<std::uint8_t>(255 - x);
        }
    }
    return image;
}

RgbaImage loadPng(const fs::path& path) {
    int width = 0, height = 0, channels = 0;
    stbi_uc* data = stbi_load(path.c_str(), &width, &height, &channels, 4);
    if (data == nullptr) throw std::runtime_error("stbi_load failed for " + path.string());
    RgbaImage image{width, height, std::vector<std::uint8_t>(data, data + width * height * 4)};
    stbi_image_free(data);
    return image;
}

TEST(WritePngAtomic, WritesExactPixelsAndNoTemporaryFile) {
    TempDir dir;
    const RgbaImage image = testImage(5, 3);
    const fs::path path = dir.path() / "image.png";
    writePngAtomic(path.string(), image);

    const RgbaImage loaded = loadPng(path);
    EXPECT_EQ(loaded.width, 5);
    EXPECT_EQ(loaded.height, 3);
    EXPECT_EQ(loaded.pixels, image.pixels);
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"image.png"});
}

TEST(WritePngAtomic, HonoursStrideAndTopRowFirst) {
    TempDir dir;
    const int width = 2, height = 2, stride = 12;  // 4 padding bytes per row
    const std::vector<std::uint8_t> rows = {
        255, 0, 0,   255, 0,   255, 0,   255, 9, 9, 9, 9,  // top row: red, green, padding
        0,   0, 255, 255, 255, 255, 255, 255, 9, 9, 9, 9,  // bottom row: blue, white, padding
    };
    const fs::path path = dir.path() / "stride.png";
    writePngAtomic(path.string(), width, height, rows.data(), stride);

    const RgbaImage loaded = loadPng(path);
    ASSERT_EQ(loaded.width, 2);
    ASSERT_EQ(loaded.height, 2);
    EXPECT_EQ(loaded.at(0, 0)[0], 255);  // top-left red
    EXPECT_EQ(loaded.at(1, 0)[1], 255);  // top-right green
    EXPECT_EQ(loaded.at(0, 1)[2], 255);  // bottom-left blue
    EXPECT_EQ(loaded.at(1, 1)[0], 255);  // bottom-right white
    EXPECT_EQ(loaded.at(1, 1)[2], 255);
}

TEST(WritePngAtomic, ReplacesAnExistingFile) {
    TempDir dir;
    const fs::path path = dir.path() / "old.png";
    std::ofstream(path) << "not a png";
    writePngAtomic(path.string(), testImage(4, 4));
    const RgbaImage loaded = loadPng(path);
    EXPECT_EQ(loaded.width, 4);
    EXPECT_EQ(loaded.height, 4);
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"old.png"});
}

TEST(WritePngAtomic, MissingDirectoryThrowsNamingPathAndReason) {
    TempDir dir;
    const fs::path path = dir.path() / "missing" / "image.png";
    try {
        writePngAtomic(path.string(), testImage(2, 2));
        FAIL() << "expected std::runtime_error";
    } catch (const std::runtime_error& error) {
        const std::string message = error.what();
        EXPECT_NE(message.find(path.string()), std::string::npos) << message;
        EXPECT_NE(message.find("No such file or directory"), std::string::npos) << message;
    }
    EXPECT_TRUE(dir.entries().empty());
}

TEST(WritePngAtomic, FailedRenameRemovesTheTemporaryFile) {
    // The target is a non-empty directory: the PNG is fully written to the temporary file, then rename
    // fails. The temporary file must be gone and the directory untouched.
    TempDir dir;
    const fs::path target = dir.path() / "taken.png";
    fs::create_directory(target);
    std::ofstream(target / "keep.txt") << "keep";
    EXPECT_THROW(writePngAtomic(target.string(), testImage(3, 3)), std::runtime_error);
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"taken.png"});
    EXPECT_TRUE(fs::is_directory(target));
    EXPECT_TRUE(fs::exists(target / "keep.txt"));
}

// Runs writePngAtomic into `dir` and returns 0 if it threw a runtime_error naming the path and
// "Permission denied", or a distinct non-zero code for each other outcome.
int expectPermissionDenied(const fs::path& dir) {
    const fs::path path = dir / "denied.png";
    try {
        writePngAtomic(path.string(), testImage(2, 2));
        return 2;
    } catch (const std::runtime_error& error) {
        const std::string message = error.what();
        if (message.find(path.string()) == std::string::npos) return 3;
        if (message.find("Permission denied") == std::string::npos) return 4;
        return 0;
    } catch (...) {
        return 5;
    }
}

TEST(WritePngAtomic, UnwritableDirectoryThrowsAndLeavesNoFile) {
    TempDir dir;
    fs::permissions(dir.path(), fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                                    fs::perms::group_exec | fs::perms::others_read | fs::perms::others_exec);
    if (::geteuid() != 0) {
        EXPECT_EQ(expectPermissionDenied(dir.path()), 0);
    } else {
        // Root ignores directory permissions: try as user "nobody" (65534) in a child process.
        const pid_t child = ::fork();
        ASSERT_GE(child, 0) << "fork failed";
        if (child == 0) {
            if (::setgroups(0, nullptr) != 0 || ::setgid(65534) != 0 || ::setuid(65534) != 0) ::_exit(10);
            if (::access(dir.path().c_str(), W_OK) == 0) ::_exit(11);  // still writable: test is meaningless
            ::_exit(expectPermissionDenied(dir.path()));
        }
        int status = 0;
        ASSERT_EQ(::waitpid(child, &status, 0), child);
        ASSERT_TRUE(WIFEXITED(status));
        if (WEXITSTATUS(status) == 10) GTEST_SKIP() << "cannot drop root privileges (no CAP_SETUID?)";
        EXPECT_EQ(WEXITSTATUS(status), 0) << "2: no throw, 3: path missing from message, 4: reason missing, "
                                             "10: could not drop privileges, 11: directory still writable";
    }
    EXPECT_TRUE(dir.entries().empty());
}

TEST(WritePngAtomic, RejectsBadArguments) {
    const std::vector<std::uint8_t> pixels(16, 0);
    EXPECT_THROW(writePngAtomic("", 2, 2, pixels.data(), 8), std::invalid_argument);
    EXPECT_THROW(writePngAtomic("/tmp/x.png", 0, 2, pixels.data(), 8), std::invalid_argument);
    EXPECT_THROW(writePngAtomic("/tmp/x.png", 2, 2, nullptr, 8), std::invalid_argument);
    EXPECT_THROW(writePngAtomic("/tmp/x.png", 2, 2, pixels.data(), 7), std::invalid_argument);
    EXPECT_THROW(writePngAtomic("/tmp/x.png", RgbaImage{3, 3, pixels}), std::invalid_argument);
}

}  // namespace
}  // namespace phaselens::render
