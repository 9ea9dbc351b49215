#!/usr/bin/env bash
# Installs every Debian package PhaseLens needs to build, run and test. Idempotent: it only calls
# apt-get when something is missing. Runs apt-get through sudo when not root.
set -euo pipefail
PACKAGES=(
  build-essential cmake ninja-build pkg-config git
  libeigen3-dev nlohmann-json3-dev
  libimgui-dev libglfw3-dev libstb-dev libgl-dev libegl-dev libgl1-mesa-dri libegl-mesa0
  libgif-dev libcairo2-dev poppler-utils
  libavcodec-dev libavformat-dev libswscale-dev libavutil-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  xvfb xauth fonts-dejavu-core
  zlib1g-dev libxml2-utils
  clang clang-format libclang-rt-14-dev
  python3 python3-numpy
)
missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
