#!/usr/bin/env bash
# The README's run command: installs dependencies, builds, and starts the PhaseLens window.
# Arguments are passed to phaselens (e.g. `compute rope --head-dim 128 --rope-theta 10000`).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/deps.sh
./scripts/build.sh
exec ./build/app/phaselens "$@"
