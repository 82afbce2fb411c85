#!/usr/bin/env python3
"""Prints a GNU tar file list (for `tar -C / --no-recursion -T LIST`) that
assembles a root filesystem from this machine's own files:

  rootfs_list.py --packages dash,bash --paths /usr/bin/node \
                 --trees /usr/lib/node_modules/npm --generated DIR

- every file and symlink of each installed Debian package (dpkg -L),
- the given paths, and every file under the given trees,
- the shared libraries all ELF files above need (ldd), transitively,
- then "-C DIR" and every entry under DIR (generated files: /etc/passwd...).

Paths are normalised through the host's merged-/usr symlinks (/bin/sh ->
usr/bin/sh) so the image gets real directories plus the same top-level
symlinks; a symlink's target is included too. Packages that are not
installed are skipped (reported on stderr), so the list is correct on any
Debian 12 machine with the packages scripts/install-deps.sh installs.
"""
import argparse
import os
import stat
import subprocess
import sys

MERGED_USR = ["bin", "sbin", "lib", "lib64"]


def normalise(path):
    head, tail = os.path.split(path)
    return os.path.join(os.path.realpath(head), tail)


class Collector:
    def __init__(self):
        self.entries = {}  # normalised absolute path -> None (insertion order kept)
        self.elf = []

    def add(self, path, depth=0):
        path = normalise(path)
        if path in self.entries or depth > 16:
            return
        try:
            st = os.lstat(path)
        except OSError:
            return
        if stat.S_ISDIR(st.st_mode):
            return
        self.entries[path] = None
        if stat.S_ISLNK(st.st_mode):
            self.add(os.path.join(os.path.dirname(path), os.readlink(path)), depth + 1)
            return
        if stat.S_ISREG(st.st_mode) and (st.st_mode & 0o111 or ".so" in path):
            try:
                with open(path, "rb") as f:
                    if f.read(4) == b"\x7fELF":
                        self.elf.append(path)
            except OSError:
                pass

    def add_tree(self, root):
        for dirpath, dirnames, filenames in os.walk(root):
            for name in filenames + [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]:
                self.add(os.path.join(dirpath, name))

    def add_package(self, pkg):
        out = subprocess.run(["dpkg", "-L", pkg], capture_output=True, text=True)
        if out.returncode != 0:
            print(f"rootfs_list: package {pkg} is not installed; skipped", file=sys.stderr)
            return
        for line in out.stdout.splitlines():
            if line.startswith("/") and line != "/.":
                self.add(line)

    def resolve_libraries(self):
        done = 0
        while done < len(self.elf):
            batch = self.elf[done:done + 200]
            done += len(batch)
            out = subprocess.run(["ldd", *batch], capture_output=True, text=True)
            for line in out.stdout.splitlines():
                line = line.strip()
                if "=>" in line:
                    target = line.split("=>", 1)[1].strip().split(" (", 1)[0]
                elif line.startswith("/"):
                    target = line.split(" (", 1)[0]
                else:
                    continue
                if target.startswith("/"):
                    self.add(target)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--packages", default="")
    ap.add_argument("--paths", default="")
    ap.add_argument("--trees", default="")
    ap.add_argument("--generated", required=True)
    ap.add_argument("--no-docs", action="store_true",
                    help="leave out /usr/share/{doc,man,info,locale} as Debian's slim images do")
    args = ap.parse_args()
    c = Collector()
    for pkg in filter(None, args.packages.split(",")):
        c.add_package(pkg)
    for p in filter(None, args.paths.split(",")):
        c.add(p)
    for t in filter(None, args.trees.split(",")):
        c.add_tree(t)
    c.resolve_libraries()
    out = sys.stdout
    for top in MERGED_USR:
        if os.path.islink("/" + top):
            out.write(top + "\n")
    gen = os.path.abspath(args.generated)
    generated = []
    for dirpath, dirnames, filenames in os.walk(gen):
        for name in sorted(dirnames + filenames):
            generated.append(os.path.relpath(os.path.join(dirpath, name), gen))
    generated_set = set(generated)
    docs = ("/usr/share/doc/", "/usr/share/man/", "/usr/share/info/", "/usr/share/locale/")
    for path in c.entries:
        if path.lstrip("/") in MERGED_USR or path.lstrip("/") in generated_set:
            continue
        if args.no_docs and path.startswith(docs) and not path.endswith("/copyright"):
            continue
        out.write(path.lstrip("/") + "\n")
    out.write("-C" + gen + "\n")
    for rel in generated:
        out.write(rel + "\n")


if __name__ == "__main__":
    main()
