#!/usr/bin/env bash
# Issue 13, defect 7: long work stops cleanly on Ctrl-C, and large JSON is streamed with the same bytes as before.
#   interrupt_and_stream.sh <phaselens> <case>
# Cases:
#   export-sigint   SIGINT / SIGTERM to a running `export` of a slow case (scores, 2^31 positions, random q/k,
#                   mean): exit 130, no file, no sidecar, no temporary file; stderr showed a percentage first
#   compute-sigint  SIGINT to `compute xpos --head-dim 65536` with 16384 deltas: exit 130, nothing on stdout
#   json-identity   `compute` outputs (streamed row by row now) hash to the values recorded before streaming
set -uo pipefail
exe=$1
case_name=$2
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
fails=0
fail() {
  echo "FAIL: $*"
  fails=$((fails + 1))
}
ok() { echo "ok   $*"; }

# Waits (at most 120 s) until file $1 contains a percentage, i.e. the computation is running and reporting.
wait_for_percent() {
  for _ in $(seq 1 1200); do
    grep -q '%' "$1" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

case "$case_name" in
  export-sigint)
    for sig in INT TERM; do
      dir=$tmp/$sig
      mkdir -p "$dir"
      "$exe" export --view scores --context 2147483648 --score-source random --reduction mean --progress \
        --out "$dir/s.npy" >"$dir/out" 2>"$dir/err" &
      pid=$!
      wait_for_percent "$dir/err" || fail "$sig: no progress percentage on stderr before the signal"
      kill -s "$sig" "$pid"
      wait "$pid"
      code=$?
      pid=
      [ "$code" -eq 130 ] && ok "$sig: exit 130" || fail "$sig: exit $code (want 130)"
      left=$(ls -A "$dir" | grep -v -x -e out -e err || true)
      [ -z "$left" ] && ok "$sig: no file, sidecar or temporary file" || fail "$sig: left $(echo "$left" | tr '\n' ' ')"
      grep -q "interrupted" "$dir/err" && ok "$sig: says interrupted" || fail "$sig: stderr does not say interrupted"
    done
    ;;
  compute-sigint)
    deltas=$(seq -s, 1 16384)
    "$exe" compute xpos --head-dim 65536 --deltas="$deltas" --progress >"$tmp/out" 2>"$tmp/err" &
    pid=$!
    wait_for_percent "$tmp/err" || fail "no progress percentage on stderr before the signal"
    kill -s INT "$pid"
    wait "$pid"
    code=$?
    pid=
    [ "$code" -eq 130 ] && ok "exit 130" || fail "exit $code (want 130)"
    [ ! -s "$tmp/out" ] && ok "nothing on stdout" || fail "stdout has $(wc -c <"$tmp/out") bytes"
    ;;
  json-identity)
    # sha256 of stdout recorded with the build before streaming (commit 504774c).
    while IFS='|' read -r args want; do
      [ -z "$args" ] && continue
      # shellcheck disable=SC2086
      got=$("$exe" compute $args | sha256sum | cut -d' ' -f1)
      [ "$got" = "$want" ] && ok "$args" || fail "$args: sha256 $got, want $want"
    done <<'CASES'
alibi-bias --heads 2 --seq-len 5|752b65ccef7f422731488945772d9505779c7f75ab77b74a6e35cef91e072fb7
alibi-bias --heads 3 --seq-len 17 --form symmetric|8beb670357563c278b560cb4528e4af1bbd7c97efdd755964381be1c8aa244ed
alibi-bias --heads 1 --seq-len 64 --form key-index|48b3ead08090cb04e2a2bc61e1ce221cf077c2ef62adb1e329df57f8f082c0a4
alibi-bias --heads 4 --seq-len 300|174a4be4840d6e4fdcdf3aab38faec17652787030862eb5f3f4f3cbc261b1d59
nope --seq-len 7|181813bc9197e38c6a759224ffc3e7a842cc35e10c4e197cd5f9c381a67832b9
nope --seq-len 500|9a58a4ea8c7068810c4efe714a4e054b789b1801777b27150cb5cd28a3bb1837
xpos --head-dim 64 --deltas=-5,0,3|1ffda4392bb4f603ee53dfaaf1b4e8b3f736bca5fcddcebf4be2eb0933883d96
xpos --head-dim 1024|74ab259fe2fc0e872cf8c7883c57aa3d2144b3d212631d435d152b514baae4d9
nope --seq-len 4096|b30307eeeb917ef9d15d17f33fc94de5e25f5bf9ecd032d19a9da1d72f827ac2
CASES
    # Bad input: nothing on stdout, even for a size that would stream.
    "$exe" compute alibi-bias --heads 2 --seq-len 4096 >"$tmp/out" 2>"$tmp/err"
    code=$?
    [ "$code" -eq 2 ] && [ ! -s "$tmp/out" ] && ok "too large: exit 2, nothing on stdout" ||
      fail "too large: exit $code, $(wc -c <"$tmp/out") bytes on stdout"
    ;;
  *)
    echo "unknown case $case_name"
    exit 2
    ;;
esac
[ "$fails" -eq 0 ] || exit 1
