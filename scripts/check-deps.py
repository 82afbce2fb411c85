#!/usr/bin/env python3
"""Checks that every library imgslim's build finds comes from a Debian package
of the runtime list (scripts/packages/runtime.txt), so the README's first
command, which installs only that list, can build imgslim.

It configures a scratch build the way scripts/setup.sh does
(-DIMGSLIM_TESTS=OFF), reads the libraries, include folders and package
config folders CMake recorded in CMakeCache.txt, asks dpkg which package owns
each, and accepts an owner that the list names or that a listed package
depends on (installed Depends, followed transitively). Exit 0 when all are
covered; 1 listing each uncovered file and its package.

  scripts/check-deps.py [--list FILE] [--source DIR] [--without PKG]
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile


def read_list(path):
    names = []
    with open(path) as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                names.append(line.split()[0])
    return names


def owners(path):
    """The packages dpkg says own `path` (several for a shared folder)."""
    for candidate in (path, os.path.realpath(path)):
        r = subprocess.run(["dpkg-query", "-S", candidate], capture_output=True, text=True)
        if r.returncode == 0:
            # "pkg:arch, other: /path"
            names = r.stdout.splitlines()[0].rsplit(": ", 1)[0]
            return [n.strip().split(":")[0] for n in names.split(",")]
    return []


def depends_closure(roots):
    seen, pending = set(), list(roots)
    while pending:
        pkg = pending.pop()
        if pkg in seen:
            continue
        seen.add(pkg)
        r = subprocess.run(["dpkg-query", "-W", "-f=${Depends},${Pre-Depends}", pkg], capture_output=True, text=True)
        if r.returncode != 0:
            continue
        for alt in r.stdout.split(","):
            alt = alt.strip()
            if not alt:
                continue
            # "a (>= 1) | b": every alternative may be the one installed
            for choice in alt.split("|"):
                name = re.split(r"[\s(:]", choice.strip(), 1)[0]
                if name:
                    pending.append(name)
    return seen


def found_paths(cache):
    paths = {}
    with open(cache) as f:
        for line in f:
            m = re.match(r"([^:#/]+):(FILEPATH|PATH)=(.*)", line.strip())
            if not m:
                continue
            key, value = m.group(1), m.group(3)
            if key.startswith("CMAKE_") or not value.startswith("/usr/") or not os.path.exists(value):
                continue
            if key.startswith("pkgcfg_lib_") or key.endswith("_DIR") or "LIBRARY" in key or "INCLUDE" in key:
                paths[key] = value
    return paths


def main():
    sys.stdout.reconfigure(line_buffering=True)
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--list", default=os.path.join(here, "packages", "runtime.txt"))
    ap.add_argument("--source", default=os.path.dirname(here))
    ap.add_argument("--without", action="append", default=[], help="drop a package from the list (a negative control)")
    args = ap.parse_args()
    listed = [p for p in read_list(args.list) if p not in args.without]
    covered = depends_closure(listed)
    with tempfile.TemporaryDirectory(prefix="imgslim-deps-") as build:
        r = subprocess.run(["cmake", "-S", args.source, "-B", build, "-DIMGSLIM_TESTS=OFF"], capture_output=True, text=True)
        if r.returncode != 0:
            print("check-deps: configuring without the test suite failed:\n" + r.stdout + r.stderr, file=sys.stderr)
            return 1
        paths = found_paths(os.path.join(build, "CMakeCache.txt"))
    if not paths:
        print("check-deps: CMake recorded no library paths; nothing to check is itself an error", file=sys.stderr)
        return 1
    bad = 0
    checked = 0
    for key, path in sorted(paths.items()):
        found = owners(path)
        if len(found) > 1:
            continue  # a folder many packages share (/usr/include) names no library
        pkg = found[0] if found else None
        ok = pkg is not None and pkg in covered
        checked += 1
        print(f"{'ok ' if ok else 'MISSING'} {key} = {path} ({pkg or 'no package owns it'})")
        bad += not ok
    if bad:
        print(f"check-deps: {bad} of {checked} libraries come from packages {args.list} does not install", file=sys.stderr)
        return 1
    print(f"check-deps: all {checked} libraries come from {os.path.basename(args.list)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
