#!/usr/bin/env bash
# The README's test command: installs dependencies, builds, and runs every test through ctest.
# Window tests need an X server: the whole ctest run goes under xvfb-run (Mesa llvmpipe), while the
# headless-export tests unset DISPLAY themselves to exercise the EGL surfaceless path.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/deps.sh
./scripts/build.sh
xvfb-run -a -s "-screen 0 1920x1080x24" ctest --test-dir build --output-on-failure -j"$(nproc)" "$@"
