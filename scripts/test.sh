#!/usr/bin/env bash
# The README's test command: installs dependencies, builds, and runs every test through ctest (including libFuzzer
# runs of the CLI, .npy and config parsers built with ASan + UBSan), then the core tests again under
# AddressSanitizer + UBSan (tests/sanitize/run_sanitized.sh).
# Window tests need an X server: the whole ctest run goes under xvfb-run (Mesa llvmpipe), while the
# headless-export tests unset DISPLAY themselves to exercise the EGL surfaceless path.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/deps.sh
./scripts/build.sh
xvfb-run -a -s "-screen 0 1920x1080x24" ctest --test-dir build --output-on-failure -j"$(nproc)" "$@"
# Second pass: core rebuilt with AddressSanitizer + UBSan (build-asan/), every core test run again.
# PHASELENS_SANITIZE_PASS=0 skips it (quick local runs); CI always runs it.
if [ "${PHASELENS_SANITIZE_PASS:-1}" != 0 ]; then
  ./tests/sanitize/run_sanitized.sh
fi
