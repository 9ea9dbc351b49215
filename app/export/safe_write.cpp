#include "export/safe_write.h"

#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <random>

namespace phaselens::safe_write {
namespace {

namespace fs = std::filesystem;

// [SECTION] Signal cleanup: a fixed table of temporary paths that an async-signal handler may unlink.
constexpr int kSlots = 4096;                        // a PNG sequence holds one temporary file per frame until committed
constexpr std::size_t kPathBytes = 1024;            // 4 MiB of zero pages, touched only as used
std::array<std::atomic<int>, kSlots> gSlotState{};  // 0 free, 1 being filled, 2 live
char gSlotPath[kSlots][kPathBytes];
constexpr int kCleanupSignals[] = {SIGINT, SIGTERM, SIGHUP};

int registerTemp(const std::string& path) {
    if (path.size() >= kPathBytes) return -1;
    for (int i = 0; i < kSlots; ++i) {
        int expected = 0;
        if (gSlotState[static_cast<std::size_t>(i)].compare_exchange_strong(expected, 1)) {
            std::memcpy(gSlotPath[i], path.c_str(), path.size() + 1);
            gSlotState[static_cast<std::size_t>(i)].store(2);
            return i;
        }
    }
    return -1;  // table full: this file is not removed by a signal (still removed by every error path)
}

void unregisterTemp(int& slot) {
    if (slot >= 0) gSlotState[static_cast<std::size_t>(slot)].store(0);
    slot = -1;
}

extern "C" void onCleanupSignal(int sig) {
    removeTempFilesFromSignalHandler();
    std::signal(sig, SIG_DFL);  // then end as the signal would have (it is delivered when the handler returns)
    std::raise(sig);
}

std::string errnoText(int err) {
    return std::strerror(err);
}

[[noreturn]] void fail(const std::string& destination, const std::string& reason) {
    throw WriteError("cannot write '" + printable(destination) + "': " + reason);
}

std::string randomName(const char* suffix) {
    static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    std::random_device device;  // getrandom(2): unpredictable
    std::uniform_int_distribution<int> pick(0, static_cast<int>(sizeof(kAlphabet)) - 2);
    std::string name = ".phaselens-";
    for (int i = 0; i < 16; ++i) name += kAlphabet[pick(device)];
    return name + suffix;
}

std::string directoryOf(const std::string& path) {
    const fs::path parent = fs::path(path).parent_path();
    return parent.empty() ? std::string(".") : parent.string();
}

std::string siblingPath(const std::string& destination, const std::string& name) {
    const fs::path parent = fs::path(destination).parent_path();
    return parent.empty() ? name : (parent / name).string();
}

const char* fileTypeName(mode_t mode) {
    if (S_ISDIR(mode)) return "a directory";
    if (S_ISFIFO(mode)) return "a FIFO";
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISBLK(mode)) return "a block device";
    if (S_ISSOCK(mode)) return "a socket";
    if (S_ISLNK(mode)) return "a symbolic link (never written through)";
    return "not a regular file";
}

// The destination, if it exists, must be a regular file (lstat: a symbolic link is refused).
void checkExisting(const std::string& path) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) == 0) {
        if (!S_ISREG(st.st_mode))
            fail(path, std::string("it is ") + fileTypeName(st.st_mode) + "; only regular files are replaced");
        return;
    }
    if (errno != ENOENT) fail(path, errnoText(errno));
}

void fsyncDirectory(const std::string& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);  // best effort: the rename is durable once the directory is
    ::close(fd);
}

// Holds SIGINT/SIGTERM/SIGHUP back while a WriteSet renames its files.
class BlockSignals {
  public:
    BlockSignals() {
        sigset_t set;
        sigemptyset(&set);
        for (int sig : kCleanupSignals) sigaddset(&set, sig);
        pthread_sigmask(SIG_BLOCK, &set, &old_);
    }
    ~BlockSignals() { pthread_sigmask(SIG_SETMASK, &old_, nullptr); }
    BlockSignals(const BlockSignals&) = delete;
    BlockSignals& operator=(const BlockSignals&) = delete;

  private:
    sigset_t old_{};
};

}  // namespace

void removeTempFilesFromSignalHandler() {
    for (int i = 0; i < kSlots; ++i)
        if (gSlotState[static_cast<std::size_t>(i)].load() == 2) ::unlink(gSlotPath[i]);
}

void installSignalCleanup() {
    static std::once_flag once;
    std::call_once(once, [] {
        for (int sig : kCleanupSignals) {
            struct sigaction old {};
            if (::sigaction(sig, nullptr, &old) != 0) continue;
            if ((old.sa_flags & SA_SIGINFO) || old.sa_handler != SIG_DFL) continue;  // someone else's handler
            struct sigaction act {};
            act.sa_handler = onCleanupSignal;
            sigemptyset(&act.sa_mask);
            ::sigaction(sig, &act, nullptr);
        }
    });
}

std::string printable(std::string_view text, std::size_t maxBytes) {
    auto escape = [](std::string_view s) {
        std::string out;
        for (const char ch : s) {
            const auto c = static_cast<unsigned char>(ch);
            if (c == '\n')
                out += "\\n";
            else if (c == '\t')
                out += "\\t";
            else if (c == '\r')
                out += "\\r";
            else if (c < 0x20 || c == 0x7f) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\x%02x", c);
                out += buf;
            } else {
                out += ch;
            }
        }
        return out;
    };
    if (text.size() <= maxBytes) return escape(text);
    const auto isContinuation = [&](std::size_t i) {
        return i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80;
    };
    std::size_t head = maxBytes / 2, tail = text.size() - maxBytes / 2;
    while (head > 0 && isContinuation(head)) --head;  // cut at code point boundaries
    while (tail < text.size() && isContinuation(tail)) ++tail;
    return escape(text.substr(0, head)) + "…(" + std::to_string(tail - head) + " bytes)…" + escape(text.substr(tail));
}

void checkDestination(const std::string& path) {
    if (path.empty()) throw WriteError("cannot write '': the output path is empty");
    const fs::path p(path);
    const fs::path name = p.filename();
    if (name.empty() || name == "." || name == "..") fail(path, "not a file name");
    const std::string dir = directoryOf(path);
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0) {
        if (errno == ENOENT)
            fail(path, "directory '" + printable(dir) + "' does not exist (" + errnoText(ENOENT) + ")");
        fail(path, "directory '" + printable(dir) + "': " + errnoText(errno));
    }
    if (!S_ISDIR(st.st_mode)) fail(path, "'" + printable(dir) + "' is not a directory");
    if (::access(dir.c_str(), W_OK) != 0)
        fail(path, "directory '" + printable(dir) + "' is not writable (" + errnoText(errno) + ")");
    checkExisting(path);
}

// [SECTION] TempFile

TempFile::TempFile(std::string destination) : destination_(std::move(destination)) {
    checkDestination(destination_);
    installSignalCleanup();
    for (int attempt = 0; attempt < 100; ++attempt) {
        temp_ = siblingPath(destination_, randomName(".tmp"));
        slot_ = registerTemp(temp_);  // before the file exists, so a signal never misses it
        // Read and write: a writer may read back what it wrote (the MP4 muxer's fast-start pass, mp4_writer.h).
        fd_ = ::open(temp_.c_str(), O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
        if (fd_ >= 0) return;
        const int err = errno;
        unregisterTemp(slot_);
        if (err != EEXIST) {
            const std::string tried = temp_;
            temp_.clear();
            fail(destination_, "cannot create a temporary file '" + printable(tried) + "': " + errnoText(err));
        }
    }
    temp_.clear();
    fail(destination_, "cannot create a temporary file: 100 random names taken");
}

TempFile::~TempFile() {
    discard();
}

void TempFile::write(const void* data, std::size_t size) {
    if (fd_ < 0) fail(destination_, "write after the file was closed");
    const auto* p = static_cast<const char*>(data);
    while (size > 0) {
        const ssize_t n = ::write(fd_, p, size);
        if (n < 0) {
            if (errno == EINTR) continue;
            fail(destination_, "write failed: " + errnoText(errno));
        }
        p += n;
        size -= static_cast<std::size_t>(n);
    }
}

void TempFile::finish() {
    if (fd_ < 0) return;
    const int fd = fd_;
    fd_ = -1;
    const int syncErr = ::fsync(fd) == 0 ? 0 : errno;
    const int closeErr = ::close(fd) == 0 ? 0 : errno;
    if (syncErr && syncErr != EINVAL) fail(destination_, "fsync failed: " + errnoText(syncErr));
    if (closeErr) fail(destination_, "close failed: " + errnoText(closeErr));
}

void TempFile::commit() {
    if (committed_) return;
    if (temp_.empty()) fail(destination_, "the temporary file was discarded");
    finish();
    checkExisting(destination_);  // a FIFO or link planted while we wrote is refused too
    if (std::rename(temp_.c_str(), destination_.c_str()) != 0)
        fail(destination_, "cannot rename '" + printable(temp_) + "' into place: " + errnoText(errno));
    committed_ = true;
    unregisterTemp(slot_);
    fsyncDirectory(directoryOf(destination_));
}

void TempFile::discard() {
    if (fd_ >= 0) {
        ::close(fd_);
        fd_ = -1;
    }
    if (!committed_ && !temp_.empty()) ::unlink(temp_.c_str());
    temp_.clear();
    unregisterTemp(slot_);
}

// [SECTION] WriteSet

WriteSet::WriteSet() = default;
WriteSet::~WriteSet() = default;

TempFile& WriteSet::add(const std::string& destination) {
    for (const auto& f : files_)
        if (f->destination() == destination) fail(destination, "written twice in one set");
    files_.push_back(std::make_unique<TempFile>(destination));
    return *files_.back();
}

void WriteSet::addBytes(const std::string& destination, std::string_view bytes) {
    add(destination).write(bytes);
}

void WriteSet::commit() {
    for (auto& f : files_) {
        f->finish();
        checkExisting(f->destination());
    }
    const BlockSignals hold;  // no SIGINT/SIGTERM between the first and the last rename
    // Keep every old destination as a hard link, so a failed rename can put it back.
    std::vector<std::string> backups(files_.size());
    std::vector<bool> existed(files_.size(), false);
    auto dropBackups = [&] {
        for (const std::string& b : backups)
            if (!b.empty()) ::unlink(b.c_str());
    };
    for (std::size_t i = 0; i < files_.size(); ++i) {
        const std::string& dest = files_[i]->destination();
        struct stat st {};
        if (::lstat(dest.c_str(), &st) != 0) continue;
        existed[i] = true;
        for (int attempt = 0; attempt < 20 && backups[i].empty(); ++attempt) {
            const std::string b = siblingPath(dest, randomName(".old"));
            if (::link(dest.c_str(), b.c_str()) == 0)
                backups[i] = b;
            else if (errno != EEXIST)
                break;  // no hard links here: commit without a way back for this file
        }
    }
    for (std::size_t i = 0; i < files_.size(); ++i) {
        TempFile& f = *files_[i];
        if (std::rename(f.temp_.c_str(), f.destination_.c_str()) == 0) {
            f.committed_ = true;
            unregisterTemp(f.slot_);
            continue;
        }
        const int err = errno;
        for (std::size_t j = 0; j < i; ++j) {  // undo: the old files back, the new ones gone
            const std::string& dest = files_[j]->destination();
            if (!backups[j].empty()) {
                if (std::rename(backups[j].c_str(), dest.c_str()) == 0) backups[j].clear();
            } else if (!existed[j]) {
                ::unlink(dest.c_str());
            }  // an old file without a backup (no hard links here) cannot be put back: the new one stays
        }
        dropBackups();
        fail(f.destination_, "cannot rename '" + printable(f.temp_) + "' into place: " + errnoText(err));
    }
    dropBackups();
    if (!files_.empty()) fsyncDirectory(directoryOf(files_.front()->destination()));
}

void writeFile(const std::string& path, std::string_view bytes) {
    TempFile file(path);
    file.write(bytes);
    file.commit();
}

}  // namespace phaselens::safe_write
