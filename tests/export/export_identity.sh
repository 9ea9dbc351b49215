#!/usr/bin/env bash
# Byte-identity guard for refactors (issue 12): exports every view as CSV and NPY for the default state and three
# presets and prints one "sha256  state/view.ext" line per file. With a second argument it compares those lines with
# the recorded list and fails on any difference.
#   tests/export/export_identity.sh PHASELENS                # print the list (to record it)
#   tests/export/export_identity.sh PHASELENS RECORDED_LIST  # check
# Regenerate the recorded list only for an intended, explained change of exported numbers, in the same commit.
set -euo pipefail
exe=$1
recorded=${2:-}
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
      "$exe" export --view "$v" --out "$dir/$s/$v.$ext" --no-sidecar "${preset[@]}" >/dev/null 2>"$dir/err" || {
        echo "export failed: state $s view $v format $ext: $(tail -n 1 "$dir/err")" >&2; exit 1; }
    done
  done
done
(cd "$dir" && find . -name '*.csv' -o -name '*.npy' | LC_ALL=C sort | sed 's|^\./||' | xargs sha256sum) > "$dir/list"
if [ -z "$recorded" ]; then cat "$dir/list"; exit 0; fi
if ! diff -u "$recorded" "$dir/list" >&2; then
  echo "exports differ from $recorded (lines above: - recorded, + now)" >&2
  exit 1
fi
echo "$(wc -l < "$dir/list") exports byte-identical to $recorded"
