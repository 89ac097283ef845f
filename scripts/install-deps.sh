#!/usr/bin/env bash
# Installs the Debian 12 packages synack needs, only if some are missing.
# Called by `make`; safe to run again (it does nothing when all are present).
set -euo pipefail

packages=(
  cmake g++ make pkg-config
  libtomlplusplus-dev nlohmann-json3-dev libcli11-dev libfmt-dev libsodium-dev
  catch2 libsqlite3-dev libsqlitecpp-dev libpcap-dev
  libimgui-dev libstb-dev libglfw3-dev libgl-dev libgl1-mesa-dri librsvg2-dev
  xvfb xauth fonts-dejavu-core fonts-noto-cjk fonts-wqy-microhei netpbm librsvg2-bin chromium
  tshark jq clang libclang-rt-dev  # captures checked by tshark (jq reads the traces); libFuzzer targets
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "synack: installing missing Debian packages: ${missing[*]}"
if [[ $(id -u) -eq 0 ]]; then
  sudo=()
elif command -v sudo >/dev/null; then
  sudo=(sudo)
else
  echo "synack: not root and no sudo; run as root: apt-get install ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
