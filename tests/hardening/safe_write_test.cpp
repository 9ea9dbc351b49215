// Issue 13, defects 3-6, 9, 11 and the JSON boundary (defect 2), in process: the safe-write module
// (export/safe_write.h) and the exporters that use it. The real executable under kill -9 is
// tests/hardening/kill_exports.sh.
#include "export/safe_write.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "export/export.h"
#include "model/animation.h"
#include "model/state_io.h"
#include "model/state_ranges.h"

namespace phaselens {
namespace {

namespace fs = std::filesystem;

struct TempDir {
    fs::path path;
    TempDir() {
        std::string pattern = (fs::temp_directory_path() / "pl-safe-XXXXXX").string();
        path = ::mkdtemp(pattern.data());
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    std::string file(const std::string& name) const { return (path / name).string(); }
    std::vector<std::string> list() const {
        std::vector<std::string> names;
        for (const auto& e : fs::directory_iterator(path)) names.push_back(e.path().filename().string());
        std::sort(names.begin(), names.end());
        return names;
    }
};

std::string readAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void writeRaw(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

TEST(SafeWrite, ReplacesAtomicallyAndLeavesNoTemporaryFile) {
    TempDir d;
    safe_write::writeFile(d.file("a.txt"), "old");
    safe_write::writeFile(d.file("a.txt"), "new");
    EXPECT_EQ(readAll(d.file("a.txt")), "new");
    EXPECT_EQ(d.list(), std::vector<std::string>{"a.txt"});
}

// Defect 4: temporary names are unpredictable and never followed; a planted link is not touched.
TEST(SafeWrite, TemporaryNamesAreUnpredictableAndExclusive) {
    TempDir d;
    safe_write::TempFile a(d.file("x.png")), b(d.file("x.png"));
    EXPECT_NE(a.tempPath(), b.tempPath());
    EXPECT_EQ(a.tempPath().find("x.png"), std::string::npos);  // not derived from the destination's name
    EXPECT_EQ(fs::path(a.tempPath()).parent_path(), d.path);   // same directory: rename never crosses devices
    // The old predictable names: planted links there are never followed.
    writeRaw(d.file("victim"), "keep");
    fs::create_symlink(d.file("victim"), d.file("y.csv.tmp-" + std::to_string(::getpid())));
    safe_write::writeFile(d.file("y.csv"), "data");
    EXPECT_EQ(readAll(d.file("victim")), "keep");
    EXPECT_FALSE(fs::is_symlink(d.file("y.csv")));
}

// Defect 5 (and symbolic links at the destination): refused, never replaced or written through.
TEST(SafeWrite, DestinationsThatAreNotRegularFilesAreRefused) {
    TempDir d;
    ASSERT_EQ(::mkfifo(d.file("fifo.csv").c_str(), 0600), 0);
    fs::create_directory(d.file("dir.csv"));
    writeRaw(d.file("target"), "keep");
    fs::create_symlink(d.file("target"), d.file("link.csv"));
    for (const char* name : {"fifo.csv", "dir.csv", "link.csv"}) {
        EXPECT_THROW(safe_write::writeFile(d.file(name), "x"), safe_write::WriteError) << name;
        EXPECT_THROW(safe_write::checkDestination(d.file(name)), safe_write::WriteError) << name;
    }
    // A device node of our own (never /dev/null: a regression run as root would replace the system's one).
    if (::mknod(d.file("dev.csv").c_str(), S_IFCHR | 0600, makedev(1, 3)) == 0) {
        EXPECT_THROW(safe_write::writeFile(d.file("dev.csv"), "x"), safe_write::WriteError);
        struct stat st {};
        EXPECT_TRUE(::lstat(d.file("dev.csv").c_str(), &st) == 0 && S_ISCHR(st.st_mode));
        fs::remove(d.file("dev.csv"));
    }
    EXPECT_TRUE(fs::is_fifo(d.file("fifo.csv")));
    EXPECT_TRUE(fs::is_symlink(d.file("link.csv")));
    EXPECT_EQ(readAll(d.file("target")), "keep");
    EXPECT_EQ(d.list(), (std::vector<std::string>{"dir.csv", "fifo.csv", "link.csv", "target"}));
    try {
        safe_write::writeFile(d.file("fifo.csv"), "x");
    } catch (const safe_write::WriteError& e) {
        EXPECT_NE(std::string(e.what()).find("FIFO"), std::string::npos) << e.what();
    }
}

// Defect 3: with a 241..255-byte name the temporary names still fit, and a failing sidecar keeps the old files.
TEST(SafeWrite, LongNamesAndFailedSidecarsNeverLoseTheOldFile) {
    TempDir d;
    for (std::size_t len : {241u, 245u, 252u}) {
        const std::string name = std::string(len - 4, 'n') + ".csv";  // the sidecar name is 5 bytes longer
        writeRaw(d.file(name), "old csv");
        exporter::ExportRequest r;
        r.view = model::View::Kernel;
        r.format = exporter::Format::Csv;
        r.path = d.file(name);
        r.state.contextLength = 256;
        if (len + 5 > 255) {
            EXPECT_THROW(exporter::exportView(r), exporter::ExportError) << len;  // sidecar name too long
        } else {
            exporter::exportView(r);
            EXPECT_NE(readAll(d.file(name)), "old csv");
            EXPECT_TRUE(fs::exists(d.file(name + ".json")));
        }
        EXPECT_TRUE(fs::exists(d.file(name))) << len;
        for (const std::string& f : d.list()) EXPECT_EQ(f.find(".phaselens-"), std::string::npos) << f;
        std::error_code ec;
        fs::remove(d.file(name), ec);
        fs::remove(d.file(name + ".json"), ec);
    }
    // The sidecar's destination turns into a FIFO while the export runs: neither file is replaced.
    writeRaw(d.file("k.csv"), "old csv");
    writeRaw(d.file("k.csv.json"), "old json");
    exporter::ExportRequest r;
    r.view = model::View::Kernel;
    r.format = exporter::Format::Csv;
    r.path = d.file("k.csv");
    r.state.contextLength = 256;
    exporter::ExportJob job(r);
    job.step();  // computed
    fs::remove(d.file("k.csv.json"));
    ASSERT_EQ(::mkfifo(d.file("k.csv.json").c_str(), 0600), 0);
    EXPECT_THROW(while (!job.step()){}, exporter::ExportError);
    EXPECT_EQ(readAll(d.file("k.csv")), "old csv");
    EXPECT_EQ(d.list(), (std::vector<std::string>{"k.csv", "k.csv.json"}));
}

TEST(SafeWrite, WriteSetCommitsAllOrNothing) {
    TempDir d;
    writeRaw(d.file("a"), "old a");
    {
        safe_write::WriteSet set;
        set.addBytes(d.file("a"), "new a");
        set.addBytes(d.file("b"), "new b");
        // not committed: destroyed
    }
    EXPECT_EQ(readAll(d.file("a")), "old a");
    EXPECT_EQ(d.list(), std::vector<std::string>{"a"});
    {
        safe_write::WriteSet set;
        set.addBytes(d.file("a"), "new a");
        set.addBytes(d.file("b"), "new b");
        ASSERT_EQ(::mkfifo(d.file("b").c_str(), 0600), 0);  // b cannot be replaced: a keeps its old bytes
        EXPECT_THROW(set.commit(), safe_write::WriteError);
    }
    EXPECT_EQ(readAll(d.file("a")), "old a");
    EXPECT_EQ(d.list(), (std::vector<std::string>{"a", "b"}));
    fs::remove(d.file("b"));
    safe_write::WriteSet set;
    set.addBytes(d.file("a"), "new a");
    set.addBytes(d.file("b"), "new b");
    set.commit();
    EXPECT_EQ(readAll(d.file("a")), "new a");
    EXPECT_EQ(readAll(d.file("b")), "new b");
    EXPECT_EQ(d.list(), (std::vector<std::string>{"a", "b"}));
}

// Defect 6: a failing PNG sequence leaves the old frames and no new ones.
TEST(SafeWrite, FailedPngSequenceKeepsTheOldFrames) {
    TempDir d;
    const std::string path = d.file("seq.png");
    std::vector<model::AppState> states(4);
    render::RgbaImage img;
    img.width = img.height = 4;
    img.pixels.assign(64, 200);
    for (int k = 1; k <= 4; ++k) writeRaw(model::pngSequencePath(path, k), "old frame");
    int calls = 0;
    EXPECT_THROW(model::writeAnimation(
                     path, states,
                     [&](const model::AppState&) {
                         if (++calls == 3) throw std::runtime_error("render failed");
                         return img;
                     },
                     10),
                 std::runtime_error);
    for (int k = 1; k <= 4; ++k) EXPECT_EQ(readAll(model::pngSequencePath(path, k)), "old frame");
    EXPECT_EQ(d.list().size(), 4u);
    model::writeAnimation(
        path, states, [&](const model::AppState&) { return img; }, 10);
    for (int k = 1; k <= 4; ++k) EXPECT_NE(readAll(model::pngSequencePath(path, k)), "old frame");
    EXPECT_EQ(d.list().size(), 4u);
}

// Defect 9: one line, control characters escaped, long values abbreviated.
TEST(SafeWrite, MessagesAreOneLine) {
    EXPECT_EQ(safe_write::printable("a\nb\tc\x01"), "a\\nb\\tc\\x01");
    const std::string longValue(120000, '7');
    const std::string shown = safe_write::printable(longValue, 200);
    EXPECT_LT(shown.size(), 260u);
    EXPECT_NE(shown.find("bytes"), std::string::npos);
    try {
        safe_write::writeFile("/nonexistent\ndir/x.png", "x");
        FAIL();
    } catch (const safe_write::WriteError& e) {
        EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << e.what();
    }
}

// Defect 2: 1e400 and every JSON error in a state or deck file: invalid_argument naming file and key.
TEST(SafeWrite, JsonNumberOverflowNamesFileAndKey) {
    TempDir d;
    writeRaw(d.file("s.json"), "{\"rope_theta\": 1e400}");
    try {
        model::loadStateFile(d.file("s.json"));
        FAIL();
    } catch (const std::invalid_argument& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("s.json"), std::string::npos) << m;
        EXPECT_NE(m.find("rope_theta"), std::string::npos) << m;
    }
    writeRaw(d.file("t.json"), "{\"rope_head_dim\": 4294967298}");  // no silent narrowing to 2
    EXPECT_THROW(model::loadStateFile(d.file("t.json")), std::invalid_argument);
    writeRaw(d.file("u.json"), "{\"font_scale\": 1e300}");  // no float overflow
    EXPECT_THROW(model::loadStateFile(d.file("u.json")), std::invalid_argument);
    writeRaw(d.file("v.json"), "{\"rope_theta\": -1e400}");
    EXPECT_THROW(model::loadStateFile(d.file("v.json")), std::invalid_argument);
}

// Defect 11: settings values outside their documented ranges are found.
TEST(SafeWrite, StateRangesRefuseOutOfRangeValues) {
    model::AppState s;
    EXPECT_FALSE(model::stateRangeProblem(s));
    s.rope.headDim = -5;
    ASSERT_TRUE(model::stateRangeProblem(s));
    EXPECT_NE(model::stateRangeProblem(s)->find("rope_head_dim"), std::string::npos);
    s = {};
    s.contextLength = std::int64_t{1} << 31;  // the documented maximum is accepted
    EXPECT_FALSE(model::stateRangeProblem(s));
    s.contextLength = (std::int64_t{1} << 31) + 1;
    EXPECT_TRUE(model::stateRangeProblem(s));
}

}  // namespace
}  // namespace phaselens
