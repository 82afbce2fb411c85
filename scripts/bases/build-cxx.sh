#!/usr/bin/env bash
# Builds the local C++ build base imgslim's own image (the Dockerfile at the
# repository root) compiles in, from this machine's installed Debian packages
# as build.sh builds the node images (no registry is reachable here, and the
# image builds with --network none, so the base must hold everything):
#
#   imgslim/build-cxx:bookworm   every package of scripts/packages/runtime.txt
#                                (g++, make, cmake, pkg-config, the -dev packages
#                                imgslim links, CA certificates), ccache and
#                                dumb-init, with everything they depend on and
#                                Debian's essential packages (shell, coreutils)
#
# The image carries a fingerprint label (this script, the package lists and
# the installed versions of those packages); a matching image is left alone,
# so a second run takes about a second. `--force` rebuilds it.
#   scripts/bases/build-cxx.sh [--force]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$(dirname "$here")")
CACHE=${IMGSLIM_BASES_DIR:-/var/tmp/imgslim-bases}
TAG=imgslim/build-cxx:bookworm
FORCE=0
if [ "${1:-}" = --force ]; then FORCE=1; shift; fi
[ $# -eq 0 ] || { echo "bases: build-cxx.sh takes no image names (only --force)" >&2; exit 2; }

for tool in docker python3 dpkg-query tar ldd; do
  command -v "$tool" >/dev/null || { echo "bases: $tool not found (run scripts/install-deps.sh)" >&2; exit 2; }
done

# ccache speeds the image's rebuilds (a BuildKit cache mount keeps its
# objects); dumb-init is the image's PID 1. Both come with the test list.
pkgs=$(python3 "$here"/package_closure.py --list "$repo"/scripts/packages/runtime.txt ccache dumb-init) ||
  { echo "bases: $TAG needs scripts/packages/runtime.txt, ccache and dumb-init installed (scripts/install-deps.sh runtime test)" >&2; exit 2; }

fp=$({ cat "$here"/build-cxx.sh "$here"/package_closure.py "$here"/rootfs_list.py "$here"/files/passwd \
         "$here"/files/group "$repo"/scripts/packages/runtime.txt
       dpkg-query -W ${pkgs//,/ }; } | sha256sum | cut -c1-16)
got=$(docker image inspect --format '{{index .Config.Labels "org.imgslim.base.fingerprint"}}' "$TAG" 2>/dev/null || true)
if [ "$FORCE" = 0 ] && [ "$got" = "$fp" ]; then echo "bases: $TAG up to date"; exit 0; fi

start=$SECONDS
dir=$CACHE/build-cxx
g=$dir/gen
rm -rf "$g"; mkdir -p "$g"/etc/ssl "$g"/root "$g"/tmp "$g"/var/tmp "$g"/run "$g"/home "$g"/usr/local/bin
chmod 0755 "$g" "$g"/etc "$g"/home "$g"/usr "$g"/usr/local "$g"/usr/local/bin "$g"/run
chmod 0700 "$g"/root; chmod 1777 "$g"/tmp "$g"/var/tmp
cp "$here"/files/passwd "$here"/files/group "$g"/etc/
printf '127.0.0.1\tlocalhost\n' >"$g"/etc/hosts
# the generated CA bundle and its hash links (no package lists them)
cp -a /etc/ssl/certs "$g"/etc/ssl/

# cc, c++ and awk are Debian's alternatives links (no package lists them); CMake and make call cc and c++.
python3 "$here"/rootfs_list.py --generated "$g" --packages "$pkgs" --paths /usr/bin/cc,/usr/bin/c++,/usr/bin/awk --no-docs >"$dir/list"
old=$(docker image inspect --format '{{.Id}}' "$TAG" 2>/dev/null || true)
tar -C / --no-recursion --numeric-owner -T "$dir/list" -cf - |
  docker import \
    --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    --change 'CMD ["bash"]' \
    --change "LABEL org.imgslim.base.fingerprint=$fp" \
    --message "imgslim local base build-cxx" - "$TAG" >/dev/null
# the image this one replaces, unless something still uses it
[ -z "$old" ] || docker rmi "$old" >/dev/null 2>&1 || true
echo "bases: built $TAG ($(docker image inspect --format '{{.Size}}' "$TAG" | numfmt --to=si)B, $((SECONDS - start))s)"
