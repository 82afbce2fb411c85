#!/usr/bin/env bash
# Installs the Debian packages of the given purposes (scripts/packages/*.txt):
#   scripts/install-deps.sh runtime             # build and run imgslim
#   scripts/install-deps.sh runtime test        # + the test suite (CI)
#   scripts/install-deps.sh runtime test extra  # + benchmarks and fuzzing
# No argument means all three. Idempotent; as root (or via sudo) on Debian 12.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
purposes=("$@"); [ ${#purposes[@]} -gt 0 ] || purposes=(runtime test extra)
pkgs=()
for p in "${purposes[@]}"; do
  list=scripts/packages/$p.txt
  [ -f "$list" ] || { echo "install-deps: no package list $list" >&2; exit 2; }
  while read -r name _; do pkgs+=("$name"); done < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$list")
done
missing=()
for p in "${pkgs[@]}"; do
  # node/npm may come from elsewhere on the machine (e.g. a newer Node.js).
  case $p in nodejs|npm) command -v node >/dev/null && command -v npm >/dev/null && continue ;; esac
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
