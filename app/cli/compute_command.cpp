// PhaseLens CLI — `phaselens compute` (compute_command.h).
#include "cli/compute_command.h"

#include <algorithm>
#include <optional>
#include <sstream>

#include "cli/compute_config.h"
#include "cli/quantity.h"
#include "export/safe_write.h"

namespace phaselens::cli {

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

namespace {

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
    flags.push_back(switchFlag("--progress",
                               "print a percentage to stderr during long work (default: when stderr is "
                               "a terminal); Ctrl-C stops with exit 130"));
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

}  // namespace

std::string oneLine(const std::string& text) {
    return safe_write::printable(text, 1000);  // control characters escaped, long values abbreviated
}

std::optional<std::string> runCompute(const std::vector<std::string>& args, std::ostream& out) {
    std::optional<Json> result = runComputeJson(args, out);
    if (!result) return std::nullopt;
    return dumpJson(*result);
}

// Returns the JSON document for `compute <quantity> [flags]`, or std::nullopt after printing help.
std::optional<Json> runComputeJson(const std::vector<std::string>& args, std::ostream& out) {
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
    // --config/--preset give typed flag values (typed flags win); the config's warnings and provenance are added after.
    ConfigFlags configFlags;
    configFlags.tokens = tokens;
    if (!q->readsConfigItself) configFlags = applyConfigFlags(tokens, q->flags, "phaselens compute " + q->name);
    const ParsedArgs parsed =
        parseFlags(q->flags, configFlags.tokens, "phaselens compute " + q->name, configFlags.overlay);
    try {
        Json result = q->compute(parsed);
        putConfigReport(result, configFlags);
        return result;
    } catch (const std::invalid_argument& e) {
        throw CliError(translateCoreMessage(e.what(), *q, parsed));
    } catch (const NonFiniteOutput& e) {
        throw CliError("compute " + q->name + ": " + e.what() +
                       "; the inputs are out of range (flags: " + parsed.typedSummary() + ")");
    }
}

}  // namespace phaselens::cli
