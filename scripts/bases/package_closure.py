#!/usr/bin/env python3
"""Prints, comma-separated, the installed Debian packages a root filesystem
needs so that the given packages work in it: the packages themselves, every
package marked Essential (the shell and tools any Debian package assumes), and
everything they depend on (Depends and Pre-Depends, followed transitively).

  package_closure.py [--list FILE]... [PKG]...

A dependency is met by the first of its alternatives that is installed, or by
an installed package that Provides it. A named package that is not installed
is an error (exit 2), not a silent gap.
"""
import argparse
import re
import subprocess
import sys


def read_list(path):
    names = []
    with open(path) as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                names.append(line.split()[0])
    return names


def installed():
    """Installed package -> (depends text, essential); virtual name -> providers."""
    out = subprocess.run(
        ["dpkg-query", "-W", "-f=${Package}\t${Status}\t${Essential}\t${Pre-Depends}, ${Depends}\t${Provides}\n"],
        capture_output=True, text=True, check=True).stdout
    packages, provides = {}, {}
    for line in out.splitlines():
        name, status, essential, depends, provided = (line.split("\t") + [""] * 5)[:5]
        if not status.endswith(" installed"):
            continue
        packages[name] = (depends, essential == "yes")
        for p in provided.split(","):
            p = p.strip().split(" ", 1)[0]
            if p:
                provides.setdefault(p, []).append(name)
    return packages, provides


def bare(choice):
    """`libfoo1:any (>= 1.2)` -> `libfoo1`."""
    return re.split(r"[\s(:]", choice.strip(), maxsplit=1)[0]


def closure(roots, packages, provides):
    seen, pending = set(), list(roots)
    while pending:
        pkg = pending.pop()
        if pkg in seen:
            continue
        seen.add(pkg)
        for dep in packages[pkg][0].split(","):
            choices = [bare(c) for c in dep.split("|") if bare(c)]
            if not choices:
                continue
            met = next((c for c in choices if c in packages), None)
            if met is None:
                met = next((p for c in choices for p in provides.get(c, [])), None)
            if met is not None:
                pending.append(met)
    return seen


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--list", action="append", default=[], help="a package list (scripts/packages/*.txt)")
    ap.add_argument("packages", nargs="*")
    args = ap.parse_args()
    wanted = list(args.packages)
    for path in args.list:
        wanted += read_list(path)
    packages, provides = installed()
    missing = [p for p in wanted if p not in packages]
    if missing:
        print(f"package_closure: not installed: {' '.join(missing)} (run scripts/install-deps.sh)", file=sys.stderr)
        return 2
    essential = [name for name, (_, is_essential) in packages.items() if is_essential]
    print(",".join(sorted(closure(wanted + essential, packages, provides))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
