#include "cli/cli.h"

#include <algorithm>
#include <new>
#include <optional>
#include <sstream>

#include "cli/arg_parser.h"
#include "cli/bench_command.h"
#include "cli/compute_command.h"
#include "cli/export_command.h"
#include "cli/interrupt.h"
#include "cli/json_output.h"
#include "export/safe_write.h"

#ifndef PHASELENS_VERSION
#define PHASELENS_VERSION "unknown"
#endif

namespace phaselens::cli {

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
            // Ctrl-C / SIGTERM stop long work with exit 130 (interrupt.h); large results stream to `out` row by
            // row once everything is computed and checked (nothing on stdout on bad input).
            std::vector<std::string> rest(args.begin() + 1, args.end());
            const auto switchAt = std::find(rest.begin(), rest.end(), "--progress");
            const bool showProgress = switchAt != rest.end() || stderrIsTerminal();
            if (switchAt != rest.end()) rest.erase(switchAt);
            Interruptible work("phaselens compute", showProgress);
            if (std::optional<Json> result = runComputeJson(rest, help)) {
                writeJson(*result, out, &work.progress());
                out << '\n';
                out.flush();
                return kExitOk;
            }
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
    } catch (const core::Cancelled&) {
        out.flush();
        err << "phaselens: interrupted\n";
        return kExitInterrupted;
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
