#!/usr/bin/env bash
# Sourced by the libFuzzer build scripts (tests/fuzz/run_fuzz.sh, tests/fuzz/run_fuzz_files.sh,
# tests/config/run_fuzz.sh): one clang++ object per source for all fuzzers, compiled once with the same flags
# (-fsanitize=fuzzer-no-link,address,undefined) into one cache directory and linked into every fuzzer that needs it.
#   fuzz_compile <root> <objdir> <source>...   compiles each source (relative to <root>, or an absolute path) that has
#       no object yet or is newer than its object, or when any header under core/, app/ or third_party/ is; nproc
#       at a time; each object is written under a temporary name and renamed, so scripts that run at the same time
#       (ctest -j) may share the directory: they at worst compile the same source twice. Returns non-zero when a
#       compilation failed.
#       Every source is compiled with the precompiled header cmake/precompiled.h (the standard library, Eigen and
#       nlohmann::json: about half of each compilation), built first into <objdir> with the same flags.
#   fuzz_object <objdir> <source>              prints the object path of a source.
fuzz_cxx=${PHASELENS_FUZZ_CXX:-clang++}

fuzz_object() {
  local src=$2
  [[ $src = /* ]] && src=$(basename "$src")
  echo "$1/${src//\//_}.o"
}

fuzz_compile() {
  local root=$1 objdir=$2
  shift 2
  mkdir -p "$objdir"
  local flags=(-std=c++20 -g0 -O0 -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
    -fno-omit-frame-pointer -I"$root/core/include" -I"$root/app" -I"$root/third_party/json" -isystem /usr/include/eigen3)
  local pch=$objdir/precompiled.pch
  if [[ ! -f "$pch" || "$root/cmake/precompiled.h" -nt "$pch" ]]; then
    "$fuzz_cxx" "${flags[@]}" -x c++-header "$root/cmake/precompiled.h" -o "$pch.$$.tmp" && mv -f "$pch.$$.tmp" "$pch" ||
      return 1
  fi
  flags+=(-include-pch "$pch")
  local jobs=0 failed=0 src path obj
  for src in "$@"; do
    if [[ $src = /* ]]; then path=$src; else path=$root/$src; fi
    obj=$(fuzz_object "$objdir" "$src")
    if [[ ! -f "$obj" || "$path" -nt "$obj" ]] ||
      [[ -n "$(find "$root/core" "$root/app" "$root/third_party" -name '*.h' -newer "$obj" -print -quit)" ]]; then
      ("$fuzz_cxx" "${flags[@]}" -c "$path" -o "$obj.$$.tmp" && mv -f "$obj.$$.tmp" "$obj") &
      jobs=$((jobs + 1))
      if [ "$jobs" -ge "$(nproc)" ]; then
        wait -n || failed=1
        jobs=$((jobs - 1))
      fi
    fi
  done
  while [ "$jobs" -gt 0 ]; do
    wait -n || failed=1
    jobs=$((jobs - 1))
  done
  return $failed
}
