#!/usr/bin/env bash
# Regenerates the README's gallery (docs/gallery/*.png, each with its sidecar .png.json) with
# `phaselens export`: 1600x1000 (the phase circle 960x1000), light theme, paper defaults (10 pt text at 6.4 in,
# no caption in the image), headless (EGL; no display needed). Builds nothing.
#
#   scripts/gallery.sh [PHASELENS] [OUT_DIR]
#
# PHASELENS  the executable (default build/app/phaselens; build it first with scripts/build.sh)
# OUT_DIR    where the images go (default docs/gallery)
# Any image can be reproduced from its sidecar: phaselens export --state docs/gallery/X.png.json --out X.png
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
bin=${1:-build/app/phaselens}
out=${2:-docs/gallery}
if [ ! -x "$bin" ]; then
  echo "gallery.sh: no phaselens executable at '$bin' (build it with scripts/build.sh or pass its path)" >&2
  exit 2
fi
mkdir -p "$out"

# [width=W] shot NAME VIEW [parameter flags...]   (1600x1000 unless width/height are set for the call)
shot() {
  local name=$1 view=$2
  shift 2
  local start end
  start=$(date +%s%N)
  env -u DISPLAY "$bin" export --view "$view" --out "$out/$name.png" --width "${width:-1600}" \
    --height "${height:-1000}" --theme light "$@" >/dev/null
  end=$(date +%s%N)
  printf '%-32s %6d ms\n' "$out/$name.png" $(((end - start) / 1000000))
}

shot ladder ladder --context 4096 --training-context 2048
shot wavelengths wavelengths --context 32768 --training-context 4096
# Plot axes have no aspect lock: a near-square figure keeps the unit circle round.
width=960 shot phase-circle phase-circle --phase-positions 64
shot phase-sawtooth phase-sawtooth --context 4096
shot scores scores --context 4096 --mask causal
shot kernel kernel --context 8192
shot alibi alibi --heads 8 --alibi-head 2 --bias-context 64
shot alibi-slopes alibi-slopes --heads 12
shot t5 t5 --bias-context 128 --num-buckets 32 --max-distance 128
# Context extension: YaRN (factor 8 from a 4096-token model) against the unscaled frequencies.
shot yarn-wavelengths wavelengths --rope-type yarn --factor 8 --original-max-position-embeddings 4096 \
  --context 32768 --training-context 4096
shot yarn-kernel kernel --rope-type yarn --factor 8 --original-max-position-embeddings 4096 \
  --context 32768 --training-context 4096
shot aliasing aliasing --context 32768 --training-context 4096 --position-stride 4
shot turns turns --context 32768 --training-context 4096
shot extension-scale extension-scale --extension-factor 8
shot attention-factor attention-factor --extension-factor 8
