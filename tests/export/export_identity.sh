#!/usr/bin/env bash
# Byte-identity guard for refactors (issue 12): exports every view as CSV and NPY for the default state and three
# presets and prints one "sha256  state/view.ext" line per file. With a second argument it compares those lines with
# the recorded list and fails on any difference.
#   tests/export/export_identity.sh PHASELENS                # print the list (to record it)
#   tests/export/export_identity.sh PHASELENS RECORDED_LIST  # check
#   tests/export/export_identity.sh PHASELENS RECORDED_LIST EXPORT_BATCH
#       the same command lines, run in one process by tests/export/export_batch.cpp (what ctest does: under the
#       sanitizers one `phaselens` process per file is mostly start-up); pass "" as RECORDED_LIST to print
# Regenerate the recorded list only for an intended, explained change of exported numbers, in the same commit.
set -euo pipefail
exe=$1
recorded=${2:-}
batch=${3:-}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
states=(default llama-3.1-8b qwen2.5-7b-yarn phi-3-mini-128k)
mapfile -t views < <("$exe" export --list-views)
[ "${#views[@]}" -gt 30 ] || { echo "export --list-views listed ${#views[@]} views" >&2; exit 1; }
for s in "${states[@]}"; do
  preset=()
  [ "$s" = default ] || preset=(--preset "$s")
  mkdir -p "$dir/$s"
  for v in "${views[@]}"; do
    for ext in csv npy; do
      args=(export --view "$v" --out "$dir/$s/$v.$ext" --no-sidecar "${preset[@]}")
      if [ -n "$batch" ]; then
        (IFS=$'\t'; echo "${args[*]}") >>"$dir/lines"
        continue
      fi
      "$exe" "${args[@]}" >/dev/null 2>"$dir/err" || {
        echo "export failed: state $s view $v format $ext: $(tail -n 1 "$dir/err")" >&2; exit 1; }
    done
  done
done
if [ -n "$batch" ]; then
  # On a failure export_batch names the line (a command line of $dir/lines) and its last stderr line.
  "$batch" <"$dir/lines" >/dev/null || { echo "export failed (export_batch $dir/lines)" >&2; exit 1; }
fi
(cd "$dir" && find . -name '*.csv' -o -name '*.npy' | LC_ALL=C sort | sed 's|^\./||' | xargs sha256sum) > "$dir/list"
if [ -z "$recorded" ]; then cat "$dir/list"; exit 0; fi
if ! diff -u "$recorded" "$dir/list" >&2; then
  echo "exports differ from $recorded (lines above: - recorded, + now)" >&2
  exit 1
fi
echo "$(wc -l < "$dir/list") exports byte-identical to $recorded"
