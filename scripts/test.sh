#!/usr/bin/env bash
# The README's test command: installs dependencies, builds, and runs every test through ctest.
#
# The whole suite runs on one build with AddressSanitizer + UndefinedBehaviorSanitizer (build-test/: every PhaseLens
# target -- core, app libraries, CLI, the phaselens binary, tests -- compiled by g++ (PHASELENS_TEST_COMPILER=clang: clang++)
# with -fsanitize=address,undefined -fno-sanitize-recover=undefined; Debug at -O1 -g0, so Eigen's and our asserts are
# on; reports name functions, rebuild with -g for lines). Any sanitizer report, leaks included, fails the test it
# happens in. The libFuzzer runs (label fuzz) build their own clang++ objects with the same sanitizers.
# Window tests need an X server: the ctest run goes under xvfb-run (Mesa llvmpipe); the headless-export tests unset
# DISPLAY themselves to exercise the EGL surfaceless path.
#   PHASELENS_SANITIZE=0 ./scripts/test.sh   the same tests on the Release build in build/ (what scripts/run.sh runs)
#   ./scripts/test.sh -L core                extra arguments go to ctest
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/deps.sh
if [ "${PHASELENS_SANITIZE:-1}" = 0 ]; then
  ./scripts/build.sh
  build=build
else
  build=build-test
  # clang (installed by deps.sh for the fuzzers) compiles the same -O1 ASan+UBSan objects in about 40% less CPU time
  # than g++ 12, the largest part of this command, and its -fsanitize=undefined also checks float-cast-overflow; it is
  # opt-in (PHASELENS_TEST_COMPILER=clang) until the whole tree is checked with clang 14 in CI (it lacks some C++20,
  # e.g. lambdas capturing structured bindings). A tree configured with the other compiler is reconfigured from scratch.
  compiler=()
  if [ "${PHASELENS_TEST_COMPILER:-gcc}" = clang ] && command -v clang++ >/dev/null && command -v clang >/dev/null
  then
    compiler=(-DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang)
  fi
  PHASELENS_BUILD_DIR=$build ./scripts/build.sh -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -g0" \
    "-DCMAKE_C_FLAGS_DEBUG=-O1 -g0" -DPHASELENS_SANITIZE=ON "${compiler[@]}"
  root=$PWD
  # intercept_tls_get_addr=0: GCC 12's runtime guesses the bounds of a dynamic-TLS block (Mesa's driver has one) from a
  # "glibc >= 2.19 header" when the block's address is 16 mod 4096; for a malloc'ed block that header is the allocator's
  # chunk header, so LeakSanitizer scanned a garbage range at exit and its tracer crashed ("Tracer caught signal 11",
  # about one GL process in a hundred, whichever drew that address). Without the interceptor the block is still scanned
  # as a heap chunk when glibc's DTV points to it (no new leak report in the whole sanitized run).
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1:verify_asan_link_order=0:intercept_tls_get_addr=0
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  export LSAN_OPTIONS=suppressions=$root/tests/sanitize/lsan.supp:print_suppressions=0
  # dlclose made a no-op so LeakSanitizer can see Mesa's driver state (tests/sanitize/keep_modules_loaded.c).
  export LD_PRELOAD=$root/$build/tests/sanitize/libphaselens_keep_modules_loaded.so
  # llvmpipe rasterizes on the calling thread: with its worker threads alive at exit, LeakSanitizer's stop-the-world
  # tracer crashed ("Tracer caught signal 11") in some GL test processes, deterministically for a given drawing.
  export LP_NUM_THREADS=0
fi
runner=()
# The sanitizer runtimes of GCC 12 / clang 14 fail at start-up under the high-entropy mmap randomization of newer
# kernels (vm.mmap_rnd_bits > 28); without address randomization for the test processes they work everywhere.
if [ "$build" = build-test ] && [ "$(cat /proc/sys/vm/mmap_rnd_bits 2>/dev/null || echo 28)" -gt 28 ]; then
  runner=(setarch "$(uname -m)" -R)
fi
"${runner[@]}" xvfb-run -a -s "-screen 0 1920x1080x24" ctest --test-dir "$build" --output-on-failure -j"$(nproc)" "$@"
