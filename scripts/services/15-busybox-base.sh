#!/usr/bin/env bash
# Makes the base image every engine test builds FROM: imgslim-test/busybox:1,
# a rootfs with Debian's busybox-static (no registry is reachable, so nothing
# can be pulled). Idempotent: an existing image is kept. `stop` keeps it too
# (it is a cache, not a process).
set -euo pipefail
IMAGE=imgslim-test/busybox:1

start() {
  if docker image inspect "$IMAGE" >/dev/null 2>&1; then echo "busybox-base: $IMAGE present"; return 0; fi
  local bb=/bin/busybox
  [ -x "$bb" ] || { echo "busybox-base: $bb missing (apt-get install busybox-static)" >&2; return 1; }
  file_type=$(od -An -c -N4 "$bb" | tr -d ' ')
  [ "$file_type" = "177ELF" ] || { echo "busybox-base: $bb is not an ELF binary" >&2; return 1; }
  local root
  root=$(mktemp -d /tmp/imgslim-busybox.XXXXXX)
  trap 'rm -rf "$root"' RETURN
  mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,tmp,root,var,proc,sys,dev}
  chmod 1777 "$root/tmp"
  cp "$bb" "$root/bin/busybox"
  # One symlink per applet, as the busybox Docker images have them.
  for applet in $("$bb" --list-full); do
    [ "$applet" = bin/busybox ] && continue
    ln -sf /bin/busybox "$root/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
  tar -C "$root" --numeric-owner --owner=0 --group=0 -cf - . |
    docker import --change 'CMD ["/bin/sh"]' --change 'ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin' - "$IMAGE" >/dev/null
  echo "busybox-base: imported $IMAGE"
}

case "${1:-}" in
  start) start ;;
  stop) : ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
