#!/usr/bin/env bash
# Regenerates the window screenshots of the README (docs/screenshot-*.png, 1600x900, dark) and docs/screenshots/
# (1024x640, 1600x900 light, 1920x1080 dark, stage mode 1920x1080, the F1 overlay 1280x720, A | B with the layer
# strip 1600x900, the layer strip at 1024x640) with `phaselens --frames N --screenshot` under Xvfb (Mesa llvmpipe), default settings (a fresh
# --settings-dir). The F1 overlay is opened by a real F1 key press sent through XTest (libXtst, from Python's ctypes).
# Builds nothing. Look at every image before committing it.
#
#   scripts/window_screenshots.sh [PHASELENS] [OUT_DIR]
#
# PHASELENS  the executable (default build/app/phaselens)
# OUT_DIR    where the images go (default docs; the README ones in OUT_DIR, the others in OUT_DIR/screenshots)
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
bin=$(realpath "${1:-build/app/phaselens}")
out=${2:-docs}
[ -x "$bin" ] || { echo "window_screenshots.sh: no phaselens executable at '$bin'" >&2; exit 2; }
command -v xvfb-run >/dev/null || { echo "window_screenshots.sh: needs xvfb-run (package xvfb)" >&2; exit 2; }
mkdir -p "$out/screenshots"
settings=$(mktemp -d)
trap 'rm -rf "$settings"' EXIT

# shot FILE SIZE [window flags...]   (a fresh settings folder each: nothing carries over between shots)
shot() {
  local file=$1 size=$2
  shift 2
  rm -rf "${settings:?}"/*
  xvfb-run -a -s "-screen 0 1920x1080x24" "$bin" --settings-dir "$settings" --frames 6 --screenshot "$file" \
    --size "$size" "$@"
  echo "$file"
}

for view in ladder phase-circle scores alibi aliasing extension-scale; do
  name=$view
  [ "$view" = extension-scale ] && name=extension
  shot "$out/screenshot-$name.png" 1600x900 --view "$view"
done
shot "$out/screenshots/window_1024x640.png" 1024x640 --view extension-scale
shot "$out/screenshots/window_1600x900_light.png" 1600x900 --view scores --theme light
shot "$out/screenshots/window_1920x1080_dark.png" 1920x1080 --view ladder
shot "$out/screenshots/stage_1920x1080.png" 1920x1080 --view scores --stage
# A | B: Gemma 3 27B's sliding layer 0 (θ 1e4) against its global layer 5 (θ 1e6, linear ×8), the layer strip open.
state=$(mktemp)
"$bin" export --view ladder --preset gemma-3-27b-it --layer 0 --context 8192 --format json --out "$state" >/dev/null
shot "$out/screenshots/window_compare_1600x900.png" 1600x900 --state "$state" --compare-layer 5
# The layer strip at 1024x640 (two-line compact rows): Llama 4 Scout, chunked RoPE and NoPE layers, 10M context.
"$bin" export --view ladder --preset llama-4-scout-17b-16e-instruct --layer 0 --format json --out "$state" >/dev/null
shot "$out/screenshots/window_layers_1024x640.png" 1024x640 --state "$state"
rm -f "$state"

# The F1 overlay: the window runs 400 frames; F1 is pressed after 3 s.
rm -rf "${settings:?}"/*
xvfb-run -a -s "-screen 0 1920x1080x24" bash -c '
  "$1" --settings-dir "$2" --frames 400 --screenshot "$3" --size 1280x720 --view ladder &
  pid=$!
  sleep 3
  python3 - <<PY
import ctypes, time
x11 = ctypes.cdll.LoadLibrary("libX11.so.6")
xtst = ctypes.cdll.LoadLibrary("libXtst.so.6")
x11.XOpenDisplay.restype = ctypes.c_void_p
d = ctypes.c_void_p(x11.XOpenDisplay(None))
f1 = x11.XKeysymToKeycode(d, ctypes.c_ulong(0xFFBE))
for down in (1, 0):
    xtst.XTestFakeKeyEvent(d, f1, down, 0)
    x11.XFlush(d)
    time.sleep(0.2)
PY
  wait $pid' _ "$bin" "$settings" "$out/screenshots/window_f1_shortcuts.png"
echo "$out/screenshots/window_f1_shortcuts.png"
