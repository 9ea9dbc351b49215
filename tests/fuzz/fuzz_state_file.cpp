// libFuzzer target for state, deck and settings files (issue 13). Contract (ui/state_io.h): any byte string either
// becomes an AppState (or a deck of them) or throws std::invalid_argument with a one-line message naming the file;
// never another exception (1e400 was an uncaught out_of_range), a crash or a hang; a state that parsed survives
// stateToJson → stateFromJson unchanged. Built and run by run_fuzz_files.sh.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "model/state_io.h"

namespace {

void checkState(const nlohmann::json& j) {
    using namespace phaselens::model;
    AppState s;
    try {
        s = stateFromJson(j);
    } catch (const std::invalid_argument& e) {
        if (std::string(e.what()).find('\n') != std::string::npos) {
            std::fprintf(stderr, "multi-line message: %s\n", e.what());
            std::abort();
        }
        return;
    }
    if (!(stateFromJson(stateToJson(s)) == s)) {
        std::fprintf(stderr, "stateToJson/stateFromJson round trip changed the state\n");
        std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    nlohmann::json j;
    try {
        j = phaselens::model::parseJsonInput("fuzz\n.json", text);
    } catch (const std::invalid_argument& e) {
        if (std::string(e.what()).find('\n') != std::string::npos) {
            std::fprintf(stderr, "multi-line message: %s\n", e.what());
            std::abort();
        }
        return 0;
    }
    checkState(j);  // a --state file or settings.json
    // A --deck file: an array of states or {"slides": [...]} (ui/presentation.h).
    const nlohmann::json* slides = &j;
    if (j.is_object() && j.contains("slides")) slides = &j["slides"];
    if (slides->is_array())
        for (const nlohmann::json& slide : *slides) checkState(slide);
    return 0;
}
