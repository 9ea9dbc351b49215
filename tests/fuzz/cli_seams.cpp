// Link seams for the compute-arguments fuzzer: cli.cpp also dispatches `phaselens export` and `phaselens bench`,
// which pull in the renderer and the app. The fuzzer always runs `compute`, so these stand-ins are never called;
// they abort if a change to the harness ever reaches them.
#include <cstdlib>
#include <ostream>
#include <string>
#include <vector>

namespace phaselens::cli {

int runExportCommand(const std::vector<std::string>&, std::ostream&, std::ostream&) {
    std::abort();
}
void printExportHelp(std::ostream&) {
    std::abort();
}
void runBench(const std::vector<std::string>&, std::ostream&) {
    std::abort();
}
void printBenchHelp(std::ostream&) {
    std::abort();
}

}  // namespace phaselens::cli
