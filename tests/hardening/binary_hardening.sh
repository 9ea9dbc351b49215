#!/usr/bin/env bash
# Bad input to the real `phaselens` executable (window mode and files): each case prints what it checks and
# exits 0 (pass), 1 (fail) or 77 (skipped: needs a display and DISPLAY is unset).
#   binary_hardening.sh <phaselens> <case>
# Cases without a display fail before a window opens; `window-*` cases need an X server (ctest label window).
set -uo pipefail
exe=$1
case_name=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0

# expect <code|nonzero|any> <stderr substring or ""> -- args...   (runs with a 60 s limit: a hang is a failure)
expect() {
  local want=$1 needle=$2
  shift 3
  local code
  timeout 60 "$exe" "$@" >"$tmp/out" 2>"$tmp/err"
  code=$?
  local ok=1
  case "$want" in
    nonzero) [ "$code" -ne 0 ] && [ "$code" -ne 124 ] || ok=0 ;;
    any) [ "$code" -ne 124 ] && [ "$code" -lt 128 ] || ok=0 ;;
    *) [ "$code" -eq "$want" ] || ok=0 ;;
  esac
  if [ -n "$needle" ] && ! grep -qF -- "$needle" "$tmp/err"; then ok=0; fi
  if [ "$ok" -eq 1 ]; then
    echo "ok   exit $code: phaselens $*"
  else
    echo "FAIL exit $code (want $want${needle:+, stderr containing '$needle'}): phaselens $*"
    sed 's/^/     stderr: /' "$tmp/err" | head -5
    fails=$((fails + 1))
  fi
  return 0
}

need_display() {
  if [ -z "${DISPLAY:-}" ]; then
    echo "SKIP: $case_name needs a display (run under xvfb-run)"
    exit 77
  fi
}

no_leftovers() {  # no temporary files of an atomic write next to $1
  local dir=$1
  if ls -a "$dir" | grep -q '\.tmp'; then
    echo "FAIL: temporary files left in $dir: $(ls -a "$dir" | grep '\.tmp' | tr '\n' ' ')"
    fails=$((fails + 1))
  else
    echo "ok   no temporary files left in $dir"
  fi
}

case "$case_name" in
  state-files)
    # Unreadable or malformed --state: exit 2 naming the file, before any window opens (no display needed).
    printf '{not json' >"$tmp/garbage.json"
    printf '{"phaselens_state": 1, "context_length": "long"}' >"$tmp/badkey.json"
    printf '{"phaselens_state": 1, "no_such_key": 3}' >"$tmp/unknown.json"
    expect 2 "/nonexistent/state.json" -- --frames 1 --screenshot "$tmp/x.png" --state /nonexistent/state.json
    expect 2 "$tmp" -- --frames 1 --screenshot "$tmp/x.png" --state "$tmp"
    expect 2 "garbage.json" -- --frames 1 --screenshot "$tmp/x.png" --state "$tmp/garbage.json"
    expect 2 "context_length" -- --frames 1 --screenshot "$tmp/x.png" --state "$tmp/badkey.json"
    expect 2 "no_such_key" -- --frames 1 --screenshot "$tmp/x.png" --state "$tmp/unknown.json"
    expect 2 "/nonexistent/deck.json" -- --deck /nonexistent/deck.json --frames 1
    [ -e "$tmp/x.png" ] && { echo "FAIL: a screenshot was written"; fails=$((fails + 1)); }
    ;;
  window-flags)
    # Malformed window flags: exit 2 naming the flag, before any window opens.
    expect 2 "--frames" -- --frames 0
    expect 2 "--frames" -- --frames -1
    expect 2 "--frames" -- --frames nan
    expect 2 "--frames" -- --frames 99999999999999999999
    expect 2 "--frames" -- --frames
    expect 2 "--size" -- --frames 1 --size 0x0
    expect 2 "--size" -- --frames 1 --size 100000x100
    expect 2 "--size" -- --frames 1 --size inf
    expect 2 "--theme" -- --frames 1 --theme purple
    expect 2 "nope" -- --frames 1 --view nope
    expect 2 "--screenshot" -- --frames 1 --screenshot x
    expect 2 "--bogus" -- --frames 1 --bogus
    ;;
  settings-corrupt)
    # A corrupt settings.json is moved aside with a warning and defaults are used (--settings-dir makes an
    # automated run read it). Without a display the run then stops with exit 1 ("no display").
    mkdir -p "$tmp/cfg"
    printf 'garbage{{' >"$tmp/cfg/settings.json"
    env -u DISPLAY -u WAYLAND_DISPLAY "$exe" --settings-dir "$tmp/cfg" --frames 1 >"$tmp/out" 2>"$tmp/err"
    code=$?
    if grep -q "settings were unreadable" "$tmp/err" && grep -q "moved to" "$tmp/err" &&
       [ ! -e "$tmp/cfg/settings.json" ] && ls "$tmp/cfg" | grep -q '^settings\.json\.corrupt-' &&
       [ "$(cat "$tmp/cfg"/settings.json.corrupt-*)" = 'garbage{{' ] && { [ "$code" -eq 1 ] || [ "$code" -eq 0 ]; }; then
      echo "ok   exit $code: corrupt settings.json moved to $(ls "$tmp/cfg"), warning printed"
    else
      echo "FAIL exit $code: corrupt settings not handled; files: $(ls "$tmp/cfg" | tr '\n' ' ')"
      sed 's/^/     stderr: /' "$tmp/err" | head -5
      fails=$((fails + 1))
    fi
    ;;
  window-settings-roundtrip)
    # With a display: the corrupt file is moved aside, defaults are used, and settings.json is written back
    # atomically at exit (complete JSON, no temporary files); a second run reads it without a warning.
    need_display
    mkdir -p "$tmp/cfg"
    printf '{"phaselens_state": 1, "context_length": ' >"$tmp/cfg/settings.json"
    expect 0 "moved to" -- --settings-dir "$tmp/cfg" --frames 2
    if [ -s "$tmp/cfg/settings.json" ] && grep -q '"context_length": 4096' "$tmp/cfg/settings.json"; then
      echo "ok   settings.json rewritten with defaults"
    else
      echo "FAIL: settings.json not rewritten: $(head -c 200 "$tmp/cfg/settings.json" 2>&1)"
      fails=$((fails + 1))
    fi
    no_leftovers "$tmp/cfg"
    expect 0 "" -- --settings-dir "$tmp/cfg" --frames 1
    if grep -q "unreadable" "$tmp/err"; then echo "FAIL: the rewritten settings were not readable"; fails=$((fails + 1)); fi
    ;;
  window-screenshot-unwritable)
    # An unwritable screenshot path: non-zero exit, a message naming it, and no partial or temporary file.
    need_display
    mkdir -p "$tmp/shots/dir.png"
    expect nonzero "dir.png" -- --frames 1 --screenshot "$tmp/shots/dir.png"
    no_leftovers "$tmp/shots"
    [ -d "$tmp/shots/dir.png" ] || { echo "FAIL: the directory in the way was replaced"; fails=$((fails + 1)); }
    expect nonzero "/nonexistent/x.png" -- --frames 1 --screenshot /nonexistent/x.png
    expect nonzero "x.png" -- --frames 1 --screenshot /proc/version/x.png
    ;;
  special-files)
    # Reading a device or a FIFO must not hang or exhaust memory: a message and exit 2.
    mkfifo "$tmp/fifo.json"
    expect 2 "/dev/zero" -- --frames 1 --screenshot "$tmp/x.png" --state /dev/zero
    expect 2 "fifo.json" -- --frames 1 --screenshot "$tmp/x.png" --state "$tmp/fifo.json"
    expect 2 "/dev/zero" -- --frames 1 --screenshot "$tmp/x.png" --deck /dev/zero
    expect 2 "/dev/zero" -- compute rope --config /dev/zero
    expect 2 "fifo.json" -- compute rope --config "$tmp/fifo.json"
    expect 2 "/dev/zero" -- export --view ladder --out "$tmp/x.png" --state /dev/zero
    # A (sparse) 17 MiB file is refused by size before it is read.
    truncate -s 17M "$tmp/huge.json"
    expect 2 "larger than" -- --frames 1 --screenshot "$tmp/x.png" --state "$tmp/huge.json"
    expect 2 "huge.json" -- export --view ladder --out "$tmp/x.png" --state "$tmp/huge.json"
    expect 2 "larger than 16 MiB" -- compute rope --config "$tmp/huge.json"
    [ ! -e "$tmp/x.png" ] || { echo "FAIL: an image was written"; fails=$((fails + 1)); }
    ;;
  *)
    echo "unknown case '$case_name'"
    exit 2
    ;;
esac
if [ "$fails" -gt 0 ]; then
  echo "$fails check(s) failed"
  exit 1
fi
exit 0
