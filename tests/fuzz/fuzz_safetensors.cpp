// libFuzzer target for the safetensors header parser: config::parseSafetensorsBytes (core::splitSafetensorsHeader,
// nlohmann parsing of the header, core::validateSafetensorsEntries). Contract (safetensors_header.h): any byte
// string either yields entries that pass every check (offsets inside the data, sizes equal shape × dtype, no
// overlap) or throws std::invalid_argument; never reads out of bounds, never allocates beyond the header length
// (bounded by the input). For accepted entries of a float table dtype and table shape, the tensor decodes from the
// bytes in memory without reading past them. Anything else — another exception, a crash, a sanitizer report — is a
// bug. Built and run by run_fuzz.sh.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

#include "config/safetensors_header.h"
#include "phaselens/safetensors.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    std::vector<phaselens::core::SafetensorsEntry> entries;
    phaselens::core::SafetensorsHeader header;
    try {
        header = phaselens::core::splitSafetensorsHeader(bytes, bytes.size());
        entries = phaselens::config::parseSafetensorsHeaderJson(header.json, header.dataSize);
    } catch (const std::invalid_argument&) {
        return 0;  // the expected outcome for malformed input
    }
    for (const auto& e : entries) {
        if (e.end > header.dataSize || e.begin > e.end) {
            std::fprintf(stderr, "accepted tensor '%s' with offsets outside the data\n", e.name.c_str());
            std::abort();
        }
        if (!phaselens::core::isFloatTableDtype(e.dtype)) continue;
        try {
            const auto [rows, cols] = phaselens::core::tableShape(e);
            std::vector<double> out(static_cast<size_t>(rows) * static_cast<size_t>(cols));
            phaselens::core::decodeFloats(e.dtype, bytes.data() + header.dataStart + e.begin, out.size(), out.data());
        } catch (const std::invalid_argument&) {
        }
    }
    return 0;
}
