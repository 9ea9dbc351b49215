#include "cli/cli.h"

#include <algorithm>
#include <new>
#include <optional>
#include <sstream>

#include "cli/bench_command.h"
#include "cli/compute_config.h"
#include "cli/export_command.h"
#include "cli/quantity.h"
#include "export/safe_write.h"

#ifndef PHASELENS_VERSION
#define PHASELENS_VERSION "unknown"
#endif

namespace phaselens::cli {

namespace {

// -----------------------------------------------------------------------------
// [SECTION] Help
// -----------------------------------------------------------------------------

bool isHelp(const std::string& token) {
    return token == "--help" || token == "-h";
}

std::string quantityNames() {
    std::string names;
    for (const auto& q : allQuantities()) names += (names.empty() ? "" : ", ") + q.name;
    return names;
}

void printComputeHelp(std::ostream& out) {
    out << "Usage: phaselens compute <quantity> [flags]\n\n"
           "Prints one JSON object (one line) on stdout and exits 0. On bad input prints one line on stderr\n"
           "naming the flag and the value, nothing on stdout, and exits 2. Doubles round-trip exactly.\n\n"
           "Quantities:\n";
    size_t width = 0;
    for (const auto& q : allQuantities()) width = std::max(width, q.name.size());
    for (const auto& q : allQuantities())
        out << "  " << q.name << std::string(width - q.name.size() + 2, ' ') << q.summary << "\n";
    out << "\nRun 'phaselens compute <quantity> --help' for its flags.\n";
}

void printQuantityHelp(std::ostream& out, const Quantity& q) {
    std::vector<FlagSpec> flags = q.flags;
    flags.push_back(switchFlag("-h, --help", "print this help and exit"));
    out << "Usage: phaselens compute " << q.name << " " << q.usage << "\n\n"
        << q.summary << ".\n\n"
        << q.description << "\nFlags (--flag value or --flag=value; lists are comma separated, e.g. --deltas=-5,0,3):\n"
        << formatFlagHelp(flags);
}

// -----------------------------------------------------------------------------
// [SECTION] Core error translation
// -----------------------------------------------------------------------------

bool isWordChar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

// Position of the first occurrence of `word` in `text` not inside a longer identifier, or npos.
size_t findWord(const std::string& text, const std::string& word) {
    for (size_t pos = text.find(word); pos != std::string::npos; pos = text.find(word, pos + 1)) {
        const bool startOk = pos == 0 || !isWordChar(text[pos - 1]);
        const size_t end = pos + word.size();
        const bool endOk = end >= text.size() || !isWordChar(text[end]);
        if (startOk && endOk) return pos;
    }
    return std::string::npos;
}

// "head_dim must be even, got 7" → "--head-dim: head_dim must be even, got 7", using the flag whose core
// name appears first in the message; the value as typed is appended when the message lacks it.
std::string translateCoreMessage(const std::string& message, const Quantity& q, const ParsedArgs& args) {
    const FlagSpec* best = nullptr;
    size_t bestPos = std::string::npos, bestLen = 0;
    for (const auto& spec : q.flags)
        for (const auto& name : spec.coreNames) {
            const size_t pos = findWord(message, name);
            if (pos == std::string::npos) continue;
            if (best == nullptr || pos < bestPos || (pos == bestPos && name.size() > bestLen)) {
                best = &spec;
                bestPos = pos;
                bestLen = name.size();
            }
        }
    if (best == nullptr) {
        const std::string typed = args.typedSummary();
        return "compute " + q.name + ": " + message + (typed.empty() ? "" : " (flags: " + typed + ")");
    }
    std::string out = best->name + ": " + message;
    const std::string value = args.raw(best->name);
    if (!value.empty() && message.find(value) == std::string::npos)
        out += (args.has(best->name) ? " (given '" : " (default '") + value + "')";
    return out;
}

std::string oneLine(const std::string& text) {
    return safe_write::printable(text, 1000);  // control characters escaped, long values abbreviated
}

// -----------------------------------------------------------------------------
// [SECTION] Commands
// -----------------------------------------------------------------------------

// Returns the JSON text for `compute <quantity> [flags]`, or std::nullopt after printing help.
std::optional<std::string> runCompute(const std::vector<std::string>& args, std::ostream& out) {
    if (args.empty())
        throw CliError("compute: missing quantity; expected one of " + quantityNames() +
                       " (see 'phaselens compute --help')");
    if (isHelp(args[0])) {
        printComputeHelp(out);
        return std::nullopt;
    }
    const Quantity* q = findQuantity(args[0]);
    if (q == nullptr) throw CliError("compute: unknown quantity '" + args[0] + "'; expected one of " + quantityNames());
    const std::vector<std::string> tokens(args.begin() + 1, args.end());
    if (std::any_of(tokens.begin(), tokens.end(), isHelp)) {
        printQuantityHelp(out, *q);
        return std::nullopt;
    }
    // --config/--preset become flag values (typed flags win); the config's warnings and provenance are added after.
    ConfigFlags configFlags;
    configFlags.tokens = tokens;
    if (!q->readsConfigItself) configFlags = applyConfigFlags(tokens, q->flags, "phaselens compute " + q->name);
    const ParsedArgs parsed = parseFlags(q->flags, configFlags.tokens, "phaselens compute " + q->name);
    try {
        Json result = q->compute(parsed);
        putConfigReport(result, configFlags);
        return dumpJson(result);
    } catch (const std::invalid_argument& e) {
        throw CliError(translateCoreMessage(e.what(), *q, parsed));
    } catch (const NonFiniteOutput& e) {
        throw CliError("compute " + q->name + ": " + e.what() +
                       "; the inputs are out of range (flags: " + parsed.typedSummary() + ")");
    }
}

}  // namespace

std::string versionString() {
    return std::string("phaselens ") + PHASELENS_VERSION;
}

void printToolHelp(std::ostream& out) {
    out << "PhaseLens " << PHASELENS_VERSION
        << " - visualizer of transformer positional encodings\n\n"
           "Usage:\n"
           "  phaselens                              open the desktop window\n"
           "  phaselens --frames N --screenshot F.png [--state S.json] [--view V] [--size WxH] [--deck D.json]\n"
           "                                         run the window N frames and save it as PNG (needs a display)\n"
           "  phaselens compute <quantity> [flags]   print one quantity as JSON\n"
           "  phaselens compute --help               list the quantities\n"
           "  phaselens bench [--repeats N]          time the float64 hot paths (bench --help)\n"
           "  phaselens export --view V --out FILE   a plot as png/svg/csv/npy/json, headless (export --help)\n"
           "  phaselens --version                    print the version\n"
           "  phaselens --help                       this help\n\n"
           "Quantities: "
        << quantityNames() << "\nExit codes: 0 success, 1 internal error, 2 bad input (one line on stderr).\n";
}

int runCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    if (!args.empty() && args[0] == "export")  // files, not JSON: export_command.h owns its output and codes
        return runExportCommand(std::vector<std::string>(args.begin() + 1, args.end()), out, err);
    try {
        std::ostringstream help;  // everything goes through a buffer: nothing is printed on failure
        std::optional<std::string> json;
        if (args.empty() || isHelp(args[0])) {
            printToolHelp(help);
        } else if (args[0] == "--version") {
            if (args.size() > 1) throw CliError("--version: takes no arguments, got '" + args[1] + "'");
            help << versionString() << "\n";
        } else if (args[0] == "bench") {  // prints each workload as it is measured; flags are checked first
            runBench(std::vector<std::string>(args.begin() + 1, args.end()), out);
        } else if (args[0] == "compute") {
            json = runCompute(std::vector<std::string>(args.begin() + 1, args.end()), help);
        } else if (looksLikeFlag(args[0])) {
            throw CliError("unknown option '" + args[0] + "'; see 'phaselens --help'");
        } else {
            throw CliError("unknown command '" + args[0] + "'; expected compute (see 'phaselens --help')");
        }
        if (json) {
            out << *json << '\n';
        } else {
            out << help.str();
        }
        out.flush();
        return kExitOk;
    } catch (const CliError& e) {
        err << oneLine(e.what()) << '\n';
        return kExitBadInput;
    } catch (const std::invalid_argument& e) {
        err << oneLine(e.what()) << '\n';
        return kExitBadInput;
    } catch (const std::bad_alloc&) {
        err << "phaselens: out of memory\n";
        return kExitInternalError;
    } catch (const std::exception& e) {
        err << "phaselens: internal error: " << oneLine(e.what()) << '\n';
        return kExitInternalError;
    }
}

}  // namespace phaselens::cli
