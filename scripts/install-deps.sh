#!/usr/bin/env bash
# Installs every Debian package imgslim needs to build, test and benchmark.
# Idempotent; safe to run on a fresh Debian 12 machine as root (or via sudo).
set -euo pipefail
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
pkgs=(
  build-essential cmake pkg-config ccache git ca-certificates curl jq bc python3
  libarchive-dev libssl-dev nlohmann-json3-dev libzstd-dev zstd libxxhash-dev
  libcli11-dev doctest-dev libcurl4-openssl-dev libyaml-cpp-dev libisal-dev isal
  libdeflate-dev zlib1g-dev
  docker.io containerd docker-registry skopeo umoci busybox-static apache2-utils podman
  clang-14 libfuzzer-14-dev time libxml2-utils python3-jsonschema
  nodejs npm chromium nginx-light dumb-init
)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# node/npm may come from elsewhere on the machine (e.g. a newer Node.js).
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
clean=(); for p in "${missing[@]}"; do [ -n "$p" ] && clean+=("$p"); done
if [ ${#clean[@]} -gt 0 ]; then
  echo "installing: ${clean[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${clean[@]}"
fi
