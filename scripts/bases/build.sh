#!/usr/bin/env bash
# Builds the local base images the reference Dockerfiles and the measure
# tests use, from this machine's own files (no registry is reachable here):
#
#   node:20, node:20-bookworm      Debian-like rootfs + Node.js + npm + build tooling
#                                  (gcc/g++, binutils, make, python3, git, headers) ~1 GB
#   node:20-slim, node:20-bookworm-slim
#                                  Debian-like minimal rootfs + Node.js + npm
#   nginx:stable, nginx:1.22, nginx:latest
#                                  Debian's nginx (nginx-light) with the official
#                                  image's layout (conf.d/, user nginx, logs to stdout)
#   Both node images carry yarn classic at /opt/yarn-v1.22.22 (yarn, yarnpkg in
#   /usr/local/bin) and corepack, as the official images do, and corepack's cache
#   holds pnpm 10.34.9 so `corepack enable` + `pnpm` work in `--network none`
#   builds; node:20 also has node-gyp's header cache for this Node.js (an
#   official image downloads the headers on the first native build). The
#   tarballs come from the npm registry, fetched on the host (npm pack) once.
#   imgslim/dumb-init:1            /usr/bin/dumb-init (Debian's) and the libc it needs,
#                                  for `COPY --from=imgslim/dumb-init:1 /usr/bin/dumb-init ...`
#
# Each image carries a fingerprint label (this script's files + the host's
# package versions); an image whose fingerprint matches is left alone, so a
# second run takes about a second. `--force` rebuilds everything.
#   scripts/bases/build.sh [--force] [node|node-slim|nginx|dumb-init ...]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
CACHE=${IMGSLIM_BASES_DIR:-/var/tmp/imgslim-bases}
FORCE=0
if [ "${1:-}" = --force ]; then FORCE=1; shift; fi
wanted=("$@"); [ ${#wanted[@]} -gt 0 ] || wanted=(dumb-init node-slim node nginx)

CORE_PKGS=base-files,libc6,libc-bin,dash,bash,coreutils,sed,grep,findutils,tar,gzip,passwd,login,\
debianutils,hostname,mawk,diffutils,ncurses-base,libtinfo6,ca-certificates,netbase,util-linux,procps
BUILD_PKGS=gcc-12,g++-12,cpp-12,gcc,g++,cpp,binutils,binutils-common,binutils-x86-64-linux-gnu,\
libbinutils,libgcc-12-dev,libstdc++-12-dev,libc6-dev,libc-dev-bin,linux-libc-dev,libcrypt-dev,\
libasan8,libtsan2,liblsan0,libubsan1,libitm1,libquadmath0,libatomic1,libcc1-0,make,dpkg-dev,patch,\
xz-utils,bzip2,unzip,file,libmagic1,libmagic-mgc,python3,python3-minimal,python3.11,python3.11-minimal,\
libpython3.11-minimal,libpython3.11-stdlib,libpython3.11-dev,python3.11-dev,python3-distutils,\
python3-lib2to3,perl,perl-base,perl-modules-5.36,libperl5.36,git,git-man,curl,wget,openssh-client,\
pkgconf,pkg-config,libssl-dev,zlib1g-dev,libcurl4-openssl-dev,libzstd-dev,liblzma-dev,libbz2-dev,\
libffi-dev,libgmp-dev,libreadline-dev,libncurses-dev,libsqlite3-dev,libxml2-dev,libyaml-dev,libpng-dev,\
libjpeg-dev,libpq-dev,libicu72,libicu-dev,gnupg,dirmngr
NGINX_PKGS=nginx,nginx-common,nginx-light

for tool in docker node npm python3 dpkg-query tar; do
  command -v "$tool" >/dev/null || { echo "bases: $tool not found (run scripts/install-deps.sh)" >&2; exit 2; }
done
[ -x /usr/sbin/nginx ] && [ -x /usr/bin/dumb-init ] ||
  { echo "bases: nginx-light and dumb-init must be installed (run scripts/install-deps.sh)" >&2; exit 2; }

# A docker CLI that builds with BuildKit: `docker buildx` when the plugin
# exists; else a CLI older than 23 (Debian's docker.io at /usr/bin/docker)
# whose `docker build` uses BuildKit under DOCKER_BUILDKIT=1. Newer CLIs
# without buildx refuse DOCKER_BUILDKIT=1.
buildkit_build() {
  if docker buildx version >/dev/null 2>&1; then docker buildx build --load "$@"; return; fi
  local cli
  for cli in "$(command -v docker)" /usr/bin/docker; do
    [ -x "$cli" ] || continue
    local v; v=$("$cli" version --format '{{.Client.Version}}' 2>/dev/null) || continue
    if [ "${v%%.*}" -lt 23 ] 2>/dev/null; then DOCKER_BUILDKIT=1 "$cli" build "$@"; return; fi
  done
  echo "bases: no docker CLI here builds with BuildKit (install docker-buildx)" >&2; return 2
}

# Package managers the node images carry (from the npm registry, fetched on the
# host by `npm pack` into $CACHE/tools once; inside builds there is no network).
YARN_VERSION=1.22.22
PNPM_VERSION=10.34.9
fetch_tool() {  # fetch_tool NAME VERSION -> path of the tarball
  local tgz=$CACHE/tools/$1-$2.tgz
  if [ ! -s "$tgz" ]; then
    mkdir -p "$CACHE/tools"
    npm pack --silent --pack-destination "$CACHE/tools" "$1@$2" >/dev/null ||
      { echo "bases: cannot fetch $1@$2 from the npm registry" >&2; exit 2; }
  fi
  echo "$tgz"
}

NODE_BIN=$(readlink -f "$(command -v node)")
NPM_DIR=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")   # .../node_modules/npm
MODULES_DIR=$(dirname "$NPM_DIR")
NODE_VERSION=$(node --version); NODE_VERSION=${NODE_VERSION#v}

fingerprint() {  # fingerprint PKGLIST
  { cat "$here"/build.sh "$here"/rootfs_list.py "$here"/files/*
    dpkg-query -W ${1//,/ } 2>/dev/null || true
    echo "$NODE_BIN $NODE_VERSION $(npm --version)"; } | sha256sum | cut -c1-16
}

current() {  # current TAG FINGERPRINT
  [ "$FORCE" = 0 ] || return 1
  local got
  got=$(docker image inspect --format '{{index .Config.Labels "org.imgslim.base.fingerprint"}}' "$1" 2>/dev/null) || return 1
  [ "$got" = "$2" ]
}

# common_gen DIR: the generated part of every Debian-like rootfs.
common_gen() {
  local g=$1
  rm -rf "$g"; mkdir -p "$g"/etc "$g"/root "$g"/tmp "$g"/var/tmp "$g"/run/lock "$g"/home \
    "$g"/usr/local/bin "$g"/usr/local/share/ca-certificates "$g"/var/log "$g"/var/cache "$g"/var/lib
  chmod 0755 "$g" "$g"/etc "$g"/home "$g"/usr "$g"/usr/local "$g"/usr/local/bin "$g"/run
  chmod 0700 "$g"/root; chmod 1777 "$g"/tmp "$g"/var/tmp
  ln -s /run "$g"/var/run
  cp "$here"/files/passwd "$here"/files/group "$g"/etc/
  awk -F: '{print $1":*:19000:0:99999:7:::"}' "$g"/etc/passwd >"$g"/etc/shadow
  awk -F: '{print $1":*::"}' "$g"/etc/group >"$g"/etc/gshadow
  chmod 0640 "$g"/etc/shadow "$g"/etc/gshadow
  printf 'imgslim-base\n' >"$g"/etc/hostname
  printf '127.0.0.1\tlocalhost\n' >"$g"/etc/hosts
  # ca-certificates: the generated bundle and hash links (not in dpkg -L)
  mkdir -p "$g"/etc/ssl
  cp -a /etc/ssl/certs "$g"/etc/ssl/
  cp /etc/ca-certificates.conf "$g"/etc/
}

add_user() {  # add_user GEN NAME UID HOME SHELL
  local g=$1 name=$2 id=$3 home=$4 shell=$5
  echo "$name:x:$id:$id::$home:$shell" >>"$g"/etc/passwd
  echo "$name:x:$id:" >>"$g"/etc/group
  echo "$name:!:19000:0:99999:7:::" >>"$g"/etc/shadow
  echo "$name:!::" >>"$g"/etc/gshadow
}

# import_rootfs NAME FINGERPRINT "TAG..." LISTARGS... -- CHANGES...
import_rootfs() {
  local name=$1 fp=$2 tags=$3; shift 3
  local listargs=() changes=()
  while [ $# -gt 0 ] && [ "$1" != -- ]; do listargs+=("$1"); shift; done
  shift
  for c in "$@"; do changes+=(--change "$c"); done
  local dir=$CACHE/$name first=${tags%% *}
  local start=$SECONDS old=() t
  for t in $tags; do old+=("$(docker image inspect --format '{{.Id}}' "$t" 2>/dev/null || true)"); done
  python3 "$here"/rootfs_list.py --generated "$dir/gen" "${listargs[@]}" >"$dir/list"
  tar -C / --no-recursion --numeric-owner \
      --transform 's,^usr/bin/node$,usr/local/bin/node,S' \
      --transform 's,^usr/lib/node_modules/,usr/local/lib/node_modules/,S' \
      -T "$dir/list" -cf - |
    docker import "${changes[@]}" --change "LABEL org.imgslim.base.fingerprint=$fp" \
      --message "imgslim local base $name" - "$first" >/dev/null
  for t in ${tags#"$first"}; do docker tag "$first" "$t"; done
  # the image this one replaces, unless something still uses it
  for t in "${old[@]}"; do [ -z "$t" ] || docker rmi "$t" >/dev/null 2>&1 || true; done
  echo "bases: built $tags ($(docker image inspect --format '{{.Size}}' "$first" | numfmt --to=si)B, $((SECONDS - start))s)"
}

node_gen() {  # node_gen DIR
  common_gen "$1"
  add_user "$1" node 1000 /home/node /bin/bash
  mkdir -p "$1"/home/node && chown 1000:1000 "$1"/home/node
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$1"/usr/local/bin/npm
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$1"/usr/local/bin/npx
  if [ -d "$MODULES_DIR/corepack" ]; then
    ln -s ../lib/node_modules/corepack/dist/corepack.js "$1"/usr/local/bin/corepack
  fi
  ln -s /usr/local/bin/node "$1"/usr/local/bin/nodejs
  # yarn classic as the official images install it
  mkdir -p "$1/opt/yarn-v$YARN_VERSION"
  tar -xzf "$(fetch_tool yarn "$YARN_VERSION")" -C "$1/opt/yarn-v$YARN_VERSION" --strip-components=1 --no-same-owner
  chmod -R u=rwX,go=rX "$1/opt"
  ln -s "/opt/yarn-v$YARN_VERSION/bin/yarn" "$1"/usr/local/bin/yarn
  ln -s "/opt/yarn-v$YARN_VERSION/bin/yarn" "$1"/usr/local/bin/yarnpkg
  # corepack's cache with pnpm, as `corepack install` leaves it (the package
  # and a .corepack file naming its bins and hash), under COREPACK_HOME=/opt/corepack:
  # a tool of the image every user can run, not a download cache in root's home
  if [ -d "$MODULES_DIR/corepack" ]; then
    local tgz pm; tgz=$(fetch_tool pnpm "$PNPM_VERSION")
    pm=$1/opt/corepack/v1/pnpm/$PNPM_VERSION
    mkdir -p "$pm"
    tar -xzf "$tgz" -C "$pm" --strip-components=1 --no-same-owner
    printf '{"locator":{"name":"pnpm","reference":"%s"},"bin":{"pnpm":"./bin/pnpm.cjs","pnpx":"./bin/pnpx.cjs"},"hash":"sha512.%s"}' \
      "$PNPM_VERSION" "$(sha512sum "$tgz" | cut -d' ' -f1)" >"$pm/.corepack"
    chmod -R u=rwX,go=rX "$1"/opt/corepack
  fi
  install -m 0755 "$here"/files/docker-entrypoint.sh "$1"/usr/local/bin/docker-entrypoint.sh
}

NODE_CHANGES=(
  "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
  "ENV NODE_VERSION=$NODE_VERSION"
  "ENV YARN_VERSION=$YARN_VERSION"
  "ENV COREPACK_HOME=/opt/corepack"
  'ENTRYPOINT ["docker-entrypoint.sh"]'
  'CMD ["node"]'
)
node_trees() {
  local t=$NPM_DIR
  [ -d "$MODULES_DIR/corepack" ] && t="$t,$MODULES_DIR/corepack"
  echo "$t"
}

build_node_slim() {
  local fp; fp=$(fingerprint "$CORE_PKGS")
  if current node:20-slim "$fp"; then echo "bases: node:20-slim up to date"; return; fi
  mkdir -p "$CACHE/node-slim"; node_gen "$CACHE/node-slim/gen"
  import_rootfs node-slim "$fp" "node:20-slim node:20-bookworm-slim" \
    --packages "$CORE_PKGS" --paths "$NODE_BIN" --trees "$(node_trees)" --no-docs -- "${NODE_CHANGES[@]}"
}

build_node() {
  local fp; fp=$(fingerprint "$CORE_PKGS,$BUILD_PKGS")
  if current node:20 "$fp"; then echo "bases: node:20 up to date"; return; fi
  mkdir -p "$CACHE/node"; node_gen "$CACHE/node/gen"
  # cc and c++ (Debian's alternatives links, which no package lists) are what
  # make and node-gyp call; the header cache of node-gyp for this Node.js, as its first download leaves it
  # (the headers themselves are /usr/include/node, from the host's nodejs)
  if [ -d /usr/include/node ] && [ -f "$NPM_DIR/node_modules/node-gyp/package.json" ]; then
    local gyp=$CACHE/node/gen/root/.cache/node-gyp/$NODE_VERSION
    mkdir -p "$gyp/include"
    ln -s /usr/include/node "$gyp/include/node"
    node -p "require('$NPM_DIR/node_modules/node-gyp/package.json').installVersion" >"$gyp/installVersion"
    chmod -R u=rwX,go=rX "$CACHE/node/gen/root/.cache"
  fi
  import_rootfs node "$fp" "node:20 node:20-bookworm" \
    --packages "$CORE_PKGS,$BUILD_PKGS" --paths "$NODE_BIN,/usr/bin/cc,/usr/bin/c++" --trees "$(node_trees),/usr/include" \
    -- "${NODE_CHANGES[@]}"
}

build_nginx() {
  local fp; fp=$(fingerprint "$CORE_PKGS,$NGINX_PKGS")
  if current nginx:stable "$fp"; then echo "bases: nginx:stable up to date"; return; fi
  local g=$CACHE/nginx/gen old
  old=$(docker image inspect --format '{{.Id}}' nginx:stable 2>/dev/null || true)
  mkdir -p "$CACHE/nginx"; common_gen "$g"
  add_user "$g" nginx 101 /nonexistent /usr/sbin/nologin
  mkdir -p "$g"/etc/nginx/conf.d "$g"/var/cache/nginx "$g"/var/log/nginx "$g"/usr/share/nginx/html
  cp "$here"/files/nginx.conf "$g"/etc/nginx/nginx.conf
  cp "$here"/files/default.conf "$g"/etc/nginx/conf.d/default.conf
  printf '<!DOCTYPE html>\n<html><head><title>Welcome to nginx!</title></head>\n<body><h1>Welcome to nginx!</h1></body></html>\n' \
    >"$g"/usr/share/nginx/html/index.html
  printf '<!DOCTYPE html>\n<html><head><title>Error</title></head>\n<body><h1>An error occurred.</h1></body></html>\n' \
    >"$g"/usr/share/nginx/html/50x.html
  ln -s /dev/stdout "$g"/var/log/nginx/access.log
  ln -s /dev/stderr "$g"/var/log/nginx/error.log
  chown -R 101:101 "$g"/var/cache/nginx
  import_rootfs nginx "$fp" "imgslim-base/nginx-rootfs:latest" \
    --packages "$CORE_PKGS,$NGINX_PKGS" --paths /etc/nginx/mime.types --no-docs -- \
    "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    "ENV NGINX_VERSION=$(dpkg-query -W -f='${Version}' nginx | cut -d- -f1)" \
    'EXPOSE 80' 'CMD ["nginx", "-g", "daemon off;"]'
  # `docker import --change` knows no STOPSIGNAL: one offline build step adds it
  # (nginx finishes its requests on SIGQUIT), and proves BuildKit uses local images.
  printf 'FROM imgslim-base/nginx-rootfs:latest\nSTOPSIGNAL SIGQUIT\n' |
    buildkit_build -q --network none -t nginx:stable -t nginx:1.22 -t nginx:latest - >/dev/null
  docker rmi imgslim-base/nginx-rootfs:latest >/dev/null
  [ -z "$old" ] || docker rmi "$old" >/dev/null 2>&1 || true
  echo "bases: tagged nginx:stable nginx:1.22 nginx:latest"
}

build_dumb_init() {
  local fp; fp=$(fingerprint "dumb-init,libc6")
  if current imgslim/dumb-init:1 "$fp"; then echo "bases: imgslim/dumb-init:1 up to date"; return; fi
  local g=$CACHE/dumb-init/gen
  rm -rf "$g"; mkdir -p "$g"
  import_rootfs dumb-init "$fp" "imgslim/dumb-init:1" --paths /usr/bin/dumb-init -- \
    'ENTRYPOINT ["/usr/bin/dumb-init", "--"]' 'CMD ["/usr/bin/dumb-init", "--version"]'
}

for w in "${wanted[@]}"; do
  case "$w" in
    node) build_node ;;
    node-slim) build_node_slim ;;
    nginx) build_nginx ;;
    dumb-init) build_dumb_init ;;
    *) echo "bases: unknown image '$w' (node, node-slim, nginx, dumb-init)" >&2; exit 2 ;;
  esac
done
