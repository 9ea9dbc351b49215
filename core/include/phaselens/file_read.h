// PhaseLens core — reading a whole input file safely.
//
// Every file PhaseLens reads (.npy tables, config.json, --state and --deck files, settings) goes through
// readRegularFile: a device such as /dev/zero or a FIFO would never end (or block at open), and a huge file
// would exhaust memory, so only regular files up to a size bound are read.
#pragma once

#include <cstdint>
#include <string>

namespace phaselens::core {

/// The bytes of the regular file at `path`, at most `maxBytes` of them.
/// Throws std::invalid_argument whose what() is the reason alone, without the path, so each caller names the file
/// in its own message form: "is a directory, not a file", "not a regular file (a device, FIFO or socket)",
/// "cannot open: <strerror>", "larger than <maxBytes> bytes" (or "<n> MiB"), "read error: <strerror>".
std::string readRegularFile(const std::string& path, std::uintmax_t maxBytes);

/// The size bound of the JSON inputs (config.json, state, deck, settings): 16 MiB.
inline constexpr std::uintmax_t kMaxJsonFileBytes = std::uintmax_t{16} << 20;

}  // namespace phaselens::core
