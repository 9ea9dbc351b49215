// Helpers of the export tests: temporary directories, files, PNG decoding, running the real binary.
#pragma once

#include <stb_image.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace phaselens::exporter::testing {

namespace fs = std::filesystem;

/// A fresh directory under the system temp dir, removed with its contents on destruction.
class TempDir {
  public:
    TempDir() {
        std::random_device rd;
        path_ = fs::temp_directory_path() / ("phaselens-export-test-" + std::to_string(rd()) + std::to_string(rd()));
        fs::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    std::string file(const std::string& name) const { return (path_ / name).string(); }
    const fs::path& path() const { return path_; }
    /// Names of the files in the directory, sorted.
    std::vector<std::string> list() const {
        std::vector<std::string> names;
        for (const auto& e : fs::directory_iterator(path_)) names.push_back(e.path().filename().string());
        std::sort(names.begin(), names.end());
        return names;
    }

  private:
    fs::path path_;
};

inline std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

/// A decoded PNG: RGBA8, row 0 on top.
struct Png {
    int width = 0, height = 0, channelsInFile = 0;
    std::vector<unsigned char> rgba;
    const unsigned char* at(int x, int y) const { return rgba.data() + (static_cast<size_t>(y) * width + x) * 4; }
};
inline Png readPng(const std::string& path) {
    Png p;
    const std::string bytes = readFile(path);
    unsigned char* data =
        stbi_load_from_memory(reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()),
                              &p.width, &p.height, &p.channelsInFile, 4);
    if (data) {
        p.rgba.assign(data, data + static_cast<size_t>(p.width) * p.height * 4);
        stbi_image_free(data);
    }
    return p;
}

/// One run of the real `phaselens` binary with DISPLAY unset (no X server may be used).
struct RunResult {
    int code = -1;
    std::string out, err;
};
inline std::string shellQuote(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}
/// `prefix` is shell text run before the binary in the same shell (e.g. "ulimit -f 50;").
inline RunResult runPhaselens(const std::vector<std::string>& args, const std::string& prefix = "") {
    static int counter = 0;
    const fs::path base =
        fs::temp_directory_path() / ("phaselens-run-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::string cmd = prefix + " env -u DISPLAY -u WAYLAND_DISPLAY " + shellQuote(PHASELENS_EXE);
    for (const std::string& a : args) cmd += " " + shellQuote(a);
    cmd += " >" + shellQuote(base.string() + ".out") + " 2>" + shellQuote(base.string() + ".err");
    const int status = std::system(("bash -c " + shellQuote(cmd)).c_str());
    RunResult r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = readFile(base.string() + ".out");
    r.err = readFile(base.string() + ".err");
    std::error_code ec;
    fs::remove(base.string() + ".out", ec);
    fs::remove(base.string() + ".err", ec);
    return r;
}

}  // namespace phaselens::exporter::testing
