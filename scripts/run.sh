#!/usr/bin/env bash
# The README's run command: installs dependencies, builds, and starts the PhaseLens window.
# Arguments are passed to phaselens (e.g. `compute rope --head-dim 128 --rope-theta 10000`).
set -euo pipefail
cd "$(dirname "$0")/.."
# Set-up messages go to stderr, so `./scripts/run.sh compute ...` prints nothing but the JSON on stdout.
./scripts/deps.sh >&2
./scripts/build.sh >&2
exec ./build/app/phaselens "$@"
