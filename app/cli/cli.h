// PhaseLens CLI — entry point for everything typed after `phaselens`.
//
//   phaselens --help | -h                      tool help (stdout, exit 0)
//   phaselens --version                        "phaselens <version>" (stdout, exit 0)
//   phaselens compute --help                   the list of quantities
//   phaselens compute <quantity> --help        every flag of one quantity with units and defaults
//   phaselens compute <quantity> [flags]       ONE JSON object on one line of stdout, exit 0
//
// Contract for scripts: on bad input (unknown command, quantity or flag, missing or malformed value,
// a value the core rejects) runCli writes exactly one line to `err` that names the flag and the value,
// writes NOTHING to `out`, and returns 2. Results are assembled completely before anything is
// printed. Internal failures (out of memory, a bug) also print one line and return 1.
//
// Exit codes: 0 success, 1 internal error, 2 bad input.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace phaselens::cli {

constexpr int kExitOk = 0;
constexpr int kExitInternalError = 1;
constexpr int kExitBadInput = 2;

/// Runs one command line; `args` excludes the program name (argv[1..]). Never throws.
int runCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

/// The tool's help text (what `phaselens --help` prints).
void printToolHelp(std::ostream& out);

/// "phaselens <version>".
std::string versionString();

}  // namespace phaselens::cli
