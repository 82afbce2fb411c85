#!/bin/sh
# The whole root filesystem of imgslim's own image (the Dockerfile at the
# repository root), assembled in its build stage; the runtime stage is
# FROM scratch plus this folder:
#   sh scripts/image/rootfs.sh ROOT EXECUTABLE...
# - each executable at its own path under ROOT,
# - every shared library they need, transitively (ldd follows DT_NEEDED), at
#   the path the loader resolved it to, and the loader itself,
# - the CA bundle (registries over HTTPS), /etc/passwd and /etc/group naming
#   root and the user imgslim (10001) the image runs as, its home, and /tmp.
# Fails when an executable needs a library this machine does not have.
set -eu
[ $# -ge 2 ] || { echo "rootfs.sh: usage: rootfs.sh ROOT EXECUTABLE..." >&2; exit 2; }
root=$1; shift
user_id=10001

copy() {  # copy PATH: the file PATH names (symlinks followed) at PATH under ROOT
  mkdir -p "$root$(dirname "$1")"
  cp -L "$1" "$root$1"
}

for exe in "$@"; do copy "$exe"; done
needed=$(ldd "$@")
if printf '%s\n' "$needed" | grep -q 'not found'; then
  printf 'rootfs.sh: missing shared libraries:\n%s\n' "$needed" >&2
  exit 1
fi
# "libz.so.1 => /lib/x86_64-linux-gnu/libz.so.1 (0x...)" and "/lib64/ld-linux-x86-64.so.2 (0x...)";
# the vdso has no file.
printf '%s\n' "$needed" | awk '/\(0x/ { if ($2 == "=>") print $3; else if ($1 ~ /^\//) print $1 }' | sort -u |
  while read -r lib; do copy "$lib"; done

mkdir -p "$root/etc/ssl/certs" "$root/tmp" "$root/home/imgslim"
cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/"
printf 'root:x:0:0:root:/root:/sbin/nologin\nimgslim:x:%s:%s:imgslim:/home/imgslim:/sbin/nologin\n' \
  "$user_id" "$user_id" >"$root/etc/passwd"
printf 'root:x:0:\nimgslim:x:%s:\n' "$user_id" >"$root/etc/group"
chmod 1777 "$root/tmp"
chown "$user_id:$user_id" "$root/home/imgslim"
