#!/usr/bin/env bash
# Builds and runs the libFuzzer targets of tests/fuzz with clang++ (our default compiler is g++, which has no
# libFuzzer), the approach of tests/config/run_fuzz.sh:
#   fuzz_compute_args  `phaselens compute <tokens>` through cli::runCli (core + app/config + app/cli compute sources,
#                      cli_seams.cpp standing in for `export` and `bench`)
#   fuzz_npy           core::parseNpy (core/src/learned.cpp + validate.cpp)
#   fuzz_safetensors   config::parseSafetensorsHeaderJson + core safetensors checks (app/config/safetensors_header.cpp)
# compiled with -fsanitize=fuzzer,address,undefined. Objects are cached in <out>/obj (tests/fuzz/fuzz_objects.sh, shared
# with the other fuzzers) and rebuilt when a source or a header is newer; corpora grow in <out>/corpus/<target>
# between runs, seeded from tests/fuzz/seeds/<target>.
#   run_fuzz.sh build <repository root> <out dir> <generated presets_embedded.cpp>
#   run_fuzz.sh run   <repository root> <out dir> <target> [seconds = 20]
# Exit 0: built / no finding. 77: skipped (no clang++ or no libFuzzer runtime; ctest SKIP_RETURN_CODE). Anything
# else: a build failure or a finding — the reproducer is in <out>/artifacts/<target>/ and replays with
#   <out>/<target> <out>/artifacts/<target>/crash-...
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
probe="$out/obj/probe"
if ! echo 'extern "C" int LLVMFuzzerTestOneInput(const unsigned char*, unsigned long) { return 0; }' |
    "$cxx" -fsanitize=fuzzer -x c++ - -o "$probe" 2>/dev/null; then
  echo "SKIP: $cxx cannot link -fsanitize=fuzzer (libFuzzer runtime missing)"
  exit 77
fi

if [ "$mode" = build ]; then
  presets=$4
  [ -f "$presets" ] || { echo "FAIL: generated presets source '$presets' not found (build phaselens_config first)"; exit 2; }
  # -O0 -g0 builds in a third of the time of -O1 -g (the test command builds this from scratch), ~1-3k execs/s;
  # rebuild with -g to get line numbers for a finding. The objects (fuzz_objects.sh) are shared with
  # run_fuzz_files.sh and tests/config/run_fuzz.sh: each source is compiled once for all fuzzers.
  source "$root/tests/fuzz/fuzz_objects.sh"
  # Every core source but heatmap.cpp and t5_majority.cpp (no quantity of `compute` uses it; the link names any symbol that becomes
  # missing), the config loader and the compute side of the CLI (not export/export_layers/bench: see cli_seams.cpp).
  core=()
  for f in "$root"/core/src/*.cpp; do
    case "$(basename "$f")" in heatmap*.cpp|t5_majority.cpp) ;; *) core+=("core/src/$(basename "$f")") ;; esac
  done
  cli=()
  for f in "$root"/app/cli/*.cpp; do
    case "$(basename "$f")" in export_command.cpp|export_layers.cpp|bench_command.cpp) ;; *) cli+=("app/cli/$(basename "$f")") ;; esac
  done
  # Every config source (the loader, layer plans, M-RoPE fields, learned tables).
  config=()
  for f in "$root"/app/config/*.cpp; do config+=("app/config/$(basename "$f")"); done
  sources=("${core[@]}" "${config[@]}" third_party/json/json_text.cpp "${cli[@]}" app/export/safe_write.cpp app/model/parameters.cpp
           tests/fuzz/cli_seams.cpp tests/fuzz/fuzz_compute_args.cpp tests/fuzz/fuzz_npy.cpp tests/fuzz/fuzz_safetensors.cpp)
  declare -A object
  for src in "${sources[@]}"; do object[$src]=$(fuzz_object "$out/obj" "$src"); done
  object[GENERATED]=$(fuzz_object "$out/obj" "$presets")
  fuzz_compile "$root" "$out/obj" "${sources[@]}" "$presets" || { echo "FAIL: compiling the fuzzers"; exit 2; }
  compute_objs=()
  for src in "${sources[@]}" GENERATED; do
    case "$src" in tests/fuzz/fuzz_npy.cpp|tests/fuzz/fuzz_safetensors.cpp) ;; *) compute_objs+=("${object[$src]}") ;; esac
  done
  "$cxx" -fsanitize=fuzzer,address,undefined "${compute_objs[@]}" -lpthread -o "$out/fuzz_compute_args.tmp"
  "$cxx" -fsanitize=fuzzer,address,undefined "${object[core/src/learned.cpp]}" "${object[core/src/validate.cpp]}" "${object[core/src/file_read.cpp]}" \
    "${object[tests/fuzz/fuzz_npy.cpp]}" -lpthread -o "$out/fuzz_npy.tmp"
  "$cxx" -fsanitize=fuzzer,address,undefined "${object[core/src/safetensors.cpp]}" "${object[app/config/safetensors_header.cpp]}" \
    "${object[third_party/json/json_text.cpp]}" "${object[tests/fuzz/fuzz_safetensors.cpp]}" -lpthread -o "$out/fuzz_safetensors.tmp"
  mv "$out/fuzz_compute_args.tmp" "$out/fuzz_compute_args"
  mv "$out/fuzz_npy.tmp" "$out/fuzz_npy"
  mv "$out/fuzz_safetensors.tmp" "$out/fuzz_safetensors"
  echo "built $out/fuzz_compute_args, $out/fuzz_npy and $out/fuzz_safetensors"
  exit 0
fi

target=$4
seconds=${5:-20}
[ -x "$out/$target" ] || { echo "FAIL: $out/$target is not built (run the fuzz.build test first)"; exit 2; }
corpus="$out/corpus/$target"
artifacts="$out/artifacts/$target"
mkdir -p "$corpus" "$artifacts"
extra=()
[ -f "$root/tests/fuzz/$target.dict" ] && extra+=(-dict="$root/tests/fuzz/$target.dict")
[ "$target" = fuzz_compute_args ] && extra+=(-dict="$root/tests/fuzz/compute_args.dict")
echo "fuzzing $target for ${seconds}s, seeds: tests/fuzz/seeds/${target#fuzz_}, corpus: $corpus"
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
if ! "$out/$target" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=4096 -print_final_stats=1 \
    "${extra[@]}" -artifact_prefix="$artifacts/" "$corpus" "$root/tests/fuzz/seeds/${target#fuzz_}"; then
  echo "FAIL: $target found an input that breaks the contract (crash, hang, sanitizer report or abort):"
  ls -1 "$artifacts/"
  exit 1
fi
echo "PASS: $target, no finding in ${seconds}s"
