#!/usr/bin/env bash
# Configures and builds PhaseLens into build/ (Release). Extra arguments go to cmake configure.
set -euo pipefail
cd "$(dirname "$0")/.."
"$(dirname "$0")/deps.sh" >/dev/null
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
cmake --build build -j"$(nproc)"
