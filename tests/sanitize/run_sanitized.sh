#!/usr/bin/env bash
# The AddressSanitizer + UndefinedBehaviorSanitizer pass of the test command: configures <build dir> (default
# build-asan) with -DPHASELENS_SANITIZE=ON (cmake/PhaseLensDefaults.cmake: -fsanitize=address,undefined
# -fno-sanitize-recover=undefined on every PhaseLens target), Debug at -O1 -g0 (-O0 builds faster but the brute-force
# heatmap tests then run minutes; reports name functions, rebuild with -g for lines; Eigen and our asserts on),
# builds the core test executables with the app switched off (the CLI is built with the same sanitizers by the
# libFuzzer runs in tests/fuzz, which drive `compute` argument parsing and every quantity), and runs every test
# labelled core (unit tests, golden cases, closed forms, the sampler against brute force) with leak detection on.
# Core only keeps the whole README test command under 10 minutes on 2 cores: the CLI links the whole app.
# Any sanitizer report fails the test it happens in. Extra arguments go to ctest (e.g. -R rope).
#   tests/sanitize/run_sanitized.sh [ctest arguments...]        PHASELENS_ASAN_BUILD_DIR=... to move the tree
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${PHASELENS_ASAN_BUILD_DIR:-$root/build-asan}
jobs=$(nproc)
mkdir -p "$build"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -g0" -DPHASELENS_SANITIZE=ON \
  -DPHASELENS_BUILD_APP=OFF \
  >"$build/configure.log" 2>&1 || { cat "$build/configure.log"; exit 1; }
# The executables behind the core label (a new core test executable belongs in this list).
targets=(phaselens_core_tests phaselens_core_heatmap_tests phaselens_core_fast_tests)
cmake --build "$build" -j"$jobs" --target "${targets[@]}"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS=suppressions=$root/tests/sanitize/lsan.supp:print_suppressions=0
ctest --test-dir "$build" -L core --output-on-failure -j"$jobs" "$@"
