// phaselens: no arguments (or window flags such as --frames/--screenshot) open the window; any other
// arguments go to the command-line interface (`compute`, `--help`, ...).
#include <iostream>
#include <string>
#include <vector>

#include "cli/cli.h"
#include "desktop/desktop_app.h"

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (phaselens::desktop::isDesktopInvocation(args))
        return phaselens::desktop::runDesktop(args, std::cout, std::cerr);
    return phaselens::cli::runCli(args, std::cout, std::cerr);
}
