// libFuzzer target for core::parseNpy. Contract (learned.h): any byte string either parses or throws
// std::invalid_argument, never reads out of bounds and never allocates more than the format's cell limit; a
// matrix that parsed survives toNpy → parseNpy bit for bit (NaN payloads included). Anything else — another
// exception, a crash, a hang, a sanitizer report — is a bug. Built and run by run_fuzz.sh.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>

#include "phaselens/learned.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    Eigen::MatrixXd m;
    try {
        m = phaselens::core::parseNpy(bytes);
    } catch (const std::invalid_argument&) {
        return 0;  // the expected outcome for malformed input
    }
    const Eigen::MatrixXd back = phaselens::core::parseNpy(phaselens::core::toNpy(m));
    if (back.rows() != m.rows() || back.cols() != m.cols() ||
        (m.size() > 0 && std::memcmp(back.data(), m.data(), sizeof(double) * static_cast<size_t>(m.size())) != 0)) {
        std::fprintf(stderr, "toNpy/parseNpy round trip changed a %ldx%ld matrix\n", static_cast<long>(m.rows()),
                     static_cast<long>(m.cols()));
        std::abort();
    }
    return 0;
}
