#!/usr/bin/env bash
# Builds and runs the libFuzzer targets of issue 13 with clang++, like run_fuzz.sh:
#   fuzz_state_file  state, deck and settings files: model::parseJsonInput + model::stateFromJson (app/model/state_io.cpp)
#   fuzz_layout      plot::wrapCaption + plot::computeLayout at any size, font size and caption (app/plot)
#   run_fuzz_files.sh build <repository root> <out dir>
#   run_fuzz_files.sh run   <repository root> <out dir> <target> [seconds = 20]
# Exit 0: built / no finding. 77: skipped (no clang++ or libFuzzer runtime). Else a build failure or a finding, the
# reproducer in <out>/artifacts/<target>/ (replay: <out>/<target> <out>/artifacts/<target>/crash-...).
set -euo pipefail
mode=$1
root=$(cd "$2" && pwd)
out=$3
cxx=${PHASELENS_FUZZ_CXX:-clang++}
if ! command -v "$cxx" >/dev/null 2>&1; then
  echo "SKIP: $cxx not found (install clang and libclang-rt-dev to fuzz)"
  exit 77
fi
mkdir -p "$out/obj"
if ! echo 'extern "C" int LLVMFuzzerTestOneInput(const unsigned char*, unsigned long) { return 0; }' |
  "$cxx" -fsanitize=fuzzer -x c++ - -o "$out/obj/probe_files" 2>/dev/null; then
  echo "SKIP: $cxx cannot link -fsanitize=fuzzer (libFuzzer runtime missing)"
  exit 77
fi
if [ "$mode" = build ]; then
  # The objects are shared with run_fuzz.sh (tests/fuzz/fuzz_objects.sh): sources both use are compiled once.
  source "$root/tests/fuzz/fuzz_objects.sh"
  state=(tests/fuzz/fuzz_state_file.cpp app/model/state_io.cpp app/export/safe_write.cpp third_party/json/json_text.cpp
    core/src/file_read.cpp core/src/rope_scaling.cpp core/src/rope.cpp core/src/validate.cpp core/src/progress.cpp)
  layout=(tests/fuzz/fuzz_layout.cpp app/plot/plot_layout.cpp app/plot/ticks.cpp app/plot/plot_theme.cpp
    app/plot/plot_spec.cpp app/plot/label_placement.cpp)
  build_target() {
    local name=$1
    shift
    local objs=() src
    for src in "$@"; do objs+=("$(fuzz_object "$out/obj" "$src")"); done
    "$cxx" -fsanitize=fuzzer,address,undefined "${objs[@]}" -lpthread -o "$out/$name.tmp"
    mv "$out/$name.tmp" "$out/$name"
  }
  fuzz_compile "$root" "$out/obj" "${state[@]}" "${layout[@]}" || { echo "FAIL: compiling the file fuzzers"; exit 2; }
  build_target fuzz_state_file "${state[@]}" || { echo "FAIL: building fuzz_state_file"; exit 2; }
  build_target fuzz_layout "${layout[@]}" || { echo "FAIL: building fuzz_layout"; exit 2; }
  echo "built $out/fuzz_state_file and $out/fuzz_layout"
  exit 0
fi
target=$4
seconds=${5:-20}
[ -x "$out/$target" ] || { echo "FAIL: $out/$target is not built (run the fuzz.files_build test first)"; exit 2; }
corpus="$out/corpus/$target"
artifacts="$out/artifacts/$target"
mkdir -p "$corpus" "$artifacts"
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
if ! "$out/$target" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=4096 -print_final_stats=1 \
  -artifact_prefix="$artifacts/" "$corpus" "$root/tests/fuzz/seeds/${target#fuzz_}"; then
  echo "FAIL: $target found an input that breaks the contract:"
  ls -1 "$artifacts/"
  exit 1
fi
echo "PASS: $target, no finding in ${seconds}s"
