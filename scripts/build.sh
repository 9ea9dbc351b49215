#!/usr/bin/env bash
# Configures and builds PhaseLens (Release) into build/, with Ninja. Extra arguments go to cmake configure.
#   PHASELENS_BUILD_DIR=dir   another build tree (scripts/test.sh uses build-test/ for its sanitized build)
set -euo pipefail
cd "$(dirname "$0")/.."
"$(dirname "$0")/deps.sh" >/dev/null
dir=${PHASELENS_BUILD_DIR:-build}
generator=()
# A tree configured before with another generator keeps it (cmake refuses to switch generators in place).
[ -f "$dir/CMakeCache.txt" ] || generator=(-G Ninja)
cmake -S . -B "$dir" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
cmake --build "$dir" -j"$(nproc)"
