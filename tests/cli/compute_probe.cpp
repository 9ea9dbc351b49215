// A `phaselens compute` linked from phaselens_compute alone (tests/cli/check_compute_links.cmake): the build proves
// the library needs no ImGui, GL, GLFW or EGL symbol, the check proves none is linked in.
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "cli/compute_command.h"

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    try {
        const std::optional<std::string> json = phaselens::cli::runCompute(args, std::cout);
        if (json) std::cout << *json << '\n';
        return 0;
    } catch (const std::exception& e) {
        std::cerr << phaselens::cli::oneLine(e.what()) << '\n';
        return 2;
    }
}
