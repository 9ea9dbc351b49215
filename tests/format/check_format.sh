#!/usr/bin/env bash
# Every C/C++ source of the repository is formatted as .clang-format says (clang-format --dry-run -Werror).
# Fix with:  git ls-files '*.cpp' '*.h' '*.c' | xargs clang-format -i
#   check_format.sh <repository root>        exit 0 formatted, 1 not (the lines are listed), 77 no clang-format
set -euo pipefail
cd "$1"
if ! command -v clang-format >/dev/null 2>&1; then
  echo "SKIP: clang-format not found (scripts/deps.sh installs it)"
  exit 77
fi
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  mapfile -t files < <(git ls-files '*.cpp' '*.h' '*.c')
else
  mapfile -t files < <(find app core tests third_party -name '*.cpp' -o -name '*.h' -o -name '*.c')
fi
echo "checking ${#files[@]} files with $(clang-format --version)"
clang-format --dry-run -Werror "${files[@]}"
