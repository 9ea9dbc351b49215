// export_batch: runs many `phaselens` command lines in ONE process, through the same entry point as the binary
// (cli::runCli, what app/main.cpp calls for every non-window command line). The byte-identity test
// (export_identity.sh) exports hundreds of files; under the sanitizers most of a `phaselens export` process is
// start-up (loading ~150 shared libraries) and the exit-time leak scan, so one process for all of them checks the
// same bytes in a fraction of the time.
//   export_batch < LINES   each line is one command line, arguments separated by TABs (argv[1..] of `phaselens`)
// Exit 0 when every line exits 0; otherwise prints "line N: exit C: <last stderr line>" and exits 1 at the first
// failure. Leaks of any export are still reported by LeakSanitizer at exit.
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.h"

int main() {
    std::string line;
    int number = 0;
    while (std::getline(std::cin, line)) {
        ++number;
        if (line.empty()) continue;
        std::vector<std::string> args;
        std::size_t start = 0;
        for (;;) {
            const std::size_t tab = line.find('\t', start);
            args.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
            if (tab == std::string::npos) break;
            start = tab + 1;
        }
        std::ostringstream out, err;
        const int code = phaselens::cli::runCli(args, out, err);
        if (code != 0) {
            std::string last, l;
            std::istringstream lines(err.str());
            while (std::getline(lines, l))
                if (!l.empty()) last = l;
            std::cerr << "line " << number << ": exit " << code << ": " << last << "\n";
            return 1;
        }
    }
    return 0;
}
