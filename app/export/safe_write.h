// PhaseLens safe writes — the one way every PhaseLens file is written (exports, sidecars, GIFs, PNG
// sequences, screenshots, sessions, settings, recent files, decks).
//
// A file is never written in place. TempFile creates a new file in the destination's own directory with
// an unpredictable name (".phaselens-<16 random characters>.tmp", 31 bytes whatever the destination's
// name, so a 255-byte file name still gets a temporary name) by open(O_CREAT | O_EXCL | O_NOFOLLOW): a
// planted file or symbolic link at that name is never opened or followed. The bytes are written, fsynced
// and closed, then rename(2) puts the file in place; on any failure the temporary file is removed and the
// destination is left exactly as it was (an old file is never removed by an error path).
//
// Destinations: a path that exists and is not a regular file (directory, FIFO, device, socket, or a
// symbolic link — never written through, never replaced) is refused before anything is written, with
// WriteError("cannot write '<path>': it is a FIFO; only regular files are replaced").
//
// Several files that belong together (an image and its sidecar, the frames of a PNG sequence) form one
// WriteSet: every file is written to its temporary name first; only when all are complete are they
// renamed, in order, with SIGINT/SIGTERM/SIGHUP held back between the first and the last rename. If a
// rename fails, the destinations already replaced get their old file back (kept as a hard link while
// committing) and files that did not exist before are removed again.
//
// Interruption: SIGINT, SIGTERM and SIGHUP remove every temporary file this process has open and then
// end the process as the signal would have (the handlers are installed on first use, only where the
// signal still has its default action). kill -9 cannot be caught: it may leave one ".phaselens-*.tmp"
// file per file being written in the destination's directory (never a partial destination). A kill -9
// inside a WriteSet's commit, between two rename(2) calls (microseconds), leaves the files renamed so far
// new and the rest old, and may leave ".phaselens-*.old" hard links to the old files (the commit's way back).
//
// Errors are WriteError (a std::runtime_error) with a one-line message naming the destination and the
// reason (control characters escaped); the CLI maps them to exit 2.
#pragma once

#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace phaselens::safe_write {

class WriteError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// `text` for a one-line message: control characters as \n, \t, \xNN, a backslash doubled, and at most
/// `maxBytes` bytes (the middle replaced by "…" with the number of bytes left out).
std::string printable(std::string_view text, std::size_t maxBytes = 200);

/// Throws WriteError when `path` cannot become a regular file we write: an empty name, a name ending
/// in "/", "." or "..", a missing or unwritable directory, or an existing path that is not a regular
/// file (lstat: symbolic links are refused too).
void checkDestination(const std::string& path);

/// One file being written under a temporary name in the destination's directory.
class TempFile {
  public:
    /// checkDestination(destination), then creates the temporary file (mode 0666 minus the umask).
    explicit TempFile(std::string destination);
    /// Removes the temporary file unless commit() succeeded.
    ~TempFile();
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;

    const std::string& destination() const { return destination_; }
    const std::string& tempPath() const { return temp_; }
    /// The open descriptor, read and write (-1 after finish()). A library that closes what it is given gets a dup().
    int fd() const { return fd_; }

    /// Appends bytes; throws WriteError naming the destination (e.g. "No space left on device").
    void write(const void* data, std::size_t size);
    void write(std::string_view bytes) { write(bytes.data(), bytes.size()); }
    /// fsync + close; throws WriteError. Idempotent.
    void finish();
    /// finish(), checks the destination again and renames the file into place. Throws WriteError.
    void commit();
    /// Removes the temporary file now (an uncommitted file is also removed by the destructor).
    void discard();

  private:
    friend class WriteSet;
    std::string destination_, temp_;
    int fd_ = -1;
    int slot_ = -1;  // signal-cleanup registry slot, -1 if none
    bool committed_ = false;
};

/// Several files committed as one unit (see the header comment).
class WriteSet {
  public:
    WriteSet();
    ~WriteSet();
    WriteSet(const WriteSet&) = delete;
    WriteSet& operator=(const WriteSet&) = delete;

    /// A new member file for `destination` (refused if another member has the same destination).
    TempFile& add(const std::string& destination);
    /// add(destination).write(bytes).
    void addBytes(const std::string& destination, std::string_view bytes);
    /// Finishes every member, then renames them all; on a failed rename the destinations are restored.
    /// Throws WriteError; after a failure no member's temporary file is left.
    void commit();
    std::size_t size() const { return files_.size(); }

  private:
    std::vector<std::unique_ptr<TempFile>> files_;
};

/// One file: TempFile(path).write(bytes).commit().
void writeFile(const std::string& path, std::string_view bytes);

/// Installs the SIGINT/SIGTERM/SIGHUP temp-file cleanup now (otherwise done by the first TempFile).
void installSignalCleanup();
/// Unlinks every temporary file of this process (async-signal-safe): for a program's own signal handler,
/// which installSignalCleanup() leaves in place.
void removeTempFilesFromSignalHandler();

}  // namespace phaselens::safe_write
