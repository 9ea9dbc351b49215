// libFuzzer target for the config.json parser. Contract under test: any byte string either parses or throws
// std::invalid_argument (ConfigError derives from it), under both transformers rules; and a RoPE config that
// parsed always computes in the core. Any other exception, a crash, a hang or a sanitizer report is a bug.
// Built and run by run_fuzz.sh (clang++ -fsanitize=fuzzer,address,undefined), seeded from assets/presets.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "config/model_config.h"
#include "phaselens/rope_scaling.h"

namespace {

/// The parser ran the core's validation, so computing must succeed; a long seq_len (dynamic NTK, LongRoPE list
/// switch) may be rejected, but only with std::invalid_argument.
void mustCompute(phaselens::core::RopeParams params) {
    try {
        (void)phaselens::core::computeRopeFrequencies(params);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "parsed config rejected by the core: %s\n", e.what());
        std::abort();
    }
    params.seqLen = int64_t{1} << 20;
    try {
        (void)phaselens::core::computeRopeFrequencies(params);
    } catch (const std::invalid_argument&) {
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    for (const auto rule : {phaselens::config::TransformersRule::Newest, phaselens::config::TransformersRule::Legacy}) {
        try {
            const phaselens::config::ModelConfig cfg = phaselens::config::parseModelConfig(text, "fuzz.json", rule);
            if (cfg.scheme == phaselens::config::Scheme::Rope) mustCompute(cfg.rope);
        } catch (const std::invalid_argument&) {
            // ConfigError: the expected outcome for bad input.
        }
    }
    return 0;
}
