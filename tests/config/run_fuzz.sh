#!/usr/bin/env bash
# Fuzzes the config.json parser (tests/config/fuzz_config.cpp) with libFuzzer for a bounded time. Our default compiler
# is g++, which has no libFuzzer, so this builds the fuzzer itself with clang++ straight from the sources:
#   clang++ -std=c++20 -g0 -O0 -fsanitize=fuzzer,address,undefined  core sources + app/config/model_config.cpp + fuzzer
# Objects are cached in <objects dir> (default <out>/obj; ctest passes the tests/fuzz one, shared with the other
# fuzzers) and rebuilt when a source or header is newer. The seed corpus is
# assets/presets/*.json; the growing corpus stays in <out>/corpus between runs.
#   usage: run_fuzz.sh <repository root> <output dir> [seconds = 20] [objects dir]
# Exit 0: no finding. 77: skipped (no clang++ or no libFuzzer runtime; ctest SKIP_RETURN_CODE). Anything else: a build
# failure or a finding — the reproducer is written to <out>/artifacts/ and can be replayed with
#   <out>/fuzz_config <out>/artifacts/crash-...
set -euo pipefail
root=$(cd "$1" && pwd)
out=$2
seconds=${3:-20}
objdir=${4:-$out/obj}
cxx=${PHASELENS_FUZZ_CXX:-clang++}

if ! command -v "$cxx" >/dev/null 2>&1; then
  echo "SKIP: $cxx not found (install clang and libclang-rt-dev to fuzz the config parser)"
  exit 77
fi
mkdir -p "$out/obj" "$out/artifacts" "$out/corpus" "$out/seeds"
probe="$out/obj/probe"
if ! echo 'extern "C" int LLVMFuzzerTestOneInput(const unsigned char*, unsigned long) { return 0; }' |
    "$cxx" -fsanitize=fuzzer -x c++ - -o "$probe" 2>/dev/null; then
  echo "SKIP: $cxx cannot link -fsanitize=fuzzer (libFuzzer runtime missing)"
  exit 77
fi

sources=(core/src/validate.cpp core/src/file_read.cpp core/src/rope.cpp core/src/rope_scaling.cpp core/src/alibi.cpp core/src/t5_buckets.cpp core/src/progress.cpp
         app/config/model_config.cpp third_party/json/json_text.cpp tests/config/fuzz_config.cpp)
# The objects are compiled by tests/fuzz/fuzz_objects.sh into the cache shared with the other fuzzers
# (<objects dir>, the fourth argument, default <out>/obj): a source they also fuzz is compiled once.
source "$root/tests/fuzz/fuzz_objects.sh"
objects=()
for src in "${sources[@]}"; do objects+=("$(fuzz_object "$objdir" "$src")"); done
fuzz_compile "$root" "$objdir" "${sources[@]}" || { echo "FAIL: building the fuzzer"; exit 2; }
"$cxx" -fsanitize=fuzzer,address,undefined "${objects[@]}" -lpthread -o "$out/fuzz_config"

rm -f "$out/seeds/"*
cp "$root"/assets/presets/*.json "$out/seeds/"
echo "fuzzing for ${seconds}s, seeds: $(ls "$out/seeds" | wc -l) presets, corpus: $out/corpus"
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
if ! "$out/fuzz_config" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=16384 \
    -print_final_stats=1 -artifact_prefix="$out/artifacts/" "$out/corpus" "$out/seeds"; then
  echo "FAIL: the fuzzer found an input that crashes, hangs or throws something other than ConfigError:"
  ls -1 "$out/artifacts/"
  exit 1
fi
echo "PASS: no finding in ${seconds}s"
