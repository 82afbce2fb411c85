#!/usr/bin/env python3
"""An independent reading of an image archive (docker save / kaniko tarball,
or an OCI archive), for tests/oci/archive/dive_real_archives_test.cpp: only
Python's tarfile, gzip, zlib, hashlib and json, nothing of imgslim.

  archive_oracle.py ARCHIVE   ->  JSON on stdout:
  {"format": "docker-archive"|"oci-archive", "config_digest": "sha256:...",
   "diff_ids": [...from the config...],
   "layers": [{"path", "media_type", "blob_size", "blob_digest", "gzip_members",
               "tar_bytes", "tar_digest", "entries": [[path, type, size], ...]}]}

Entries are what tarfile reads up to the end-of-archive marker, paths without
a leading "./" or "/" or a trailing "/", the root directory left out; type is
one of f d l h c b p; size is the header size of regular files, 0 otherwise.
"""
import gzip
import hashlib
import io
import json
import sys
import tarfile
import zlib


def sha256(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()


def gzip_members(blob):
    count, rest = 0, blob
    while rest:
        inflater = zlib.decompressobj(31)
        inflater.decompress(rest)
        rest = inflater.unused_data
        count += 1
    return count


TYPES = {tarfile.REGTYPE: "f", tarfile.AREGTYPE: "f", tarfile.DIRTYPE: "d", tarfile.SYMTYPE: "l",
         tarfile.LNKTYPE: "h", tarfile.CHRTYPE: "c", tarfile.BLKTYPE: "b", tarfile.FIFOTYPE: "p"}


def clean(name):
    while name.startswith("./"):
        name = name[2:]
    return name.strip("/")


def layer(path, blob, media_type):
    compressed = blob[:2] == b"\x1f\x8b"
    tar = gzip.decompress(blob) if compressed else blob
    entries = []
    with tarfile.open(fileobj=io.BytesIO(tar), mode="r:") as t:
        for m in t.getmembers():
            name = clean(m.name)
            if name in ("", "."):
                continue
            kind = TYPES.get(m.type, "o")
            entries.append([name, kind, m.size if kind == "f" else 0])
    return {"path": path, "media_type": media_type, "blob_size": len(blob), "blob_digest": sha256(blob),
            "gzip_members": gzip_members(blob) if compressed else 0, "tar_bytes": len(tar),
            "tar_digest": sha256(tar), "entries": entries}


def main(archive):
    with tarfile.open(archive, mode="r:") as outer:
        files = {clean(m.name): outer.extractfile(m).read() for m in outer.getmembers() if m.isfile()}
    out = {"layers": []}
    if "manifest.json" in files and "index.json" not in files:
        out["format"] = "docker-archive"
        manifest = json.loads(files["manifest.json"])[0]
        config = files[manifest["Config"]]
        for p in manifest["Layers"]:
            out["layers"].append(layer(p, files[p], ""))
    else:
        out["format"] = "oci-archive"
        def blob(digest):
            return files["blobs/" + digest.replace(":", "/", 1)]
        index = json.loads(files["index.json"])
        manifest = json.loads(blob(index["manifests"][0]["digest"]))
        config = blob(manifest["config"]["digest"])
        for d in manifest["layers"]:
            out["layers"].append(layer("blobs/" + d["digest"].replace(":", "/", 1), blob(d["digest"]), d["mediaType"]))
    out["config_digest"] = sha256(config)
    out["diff_ids"] = json.loads(config)["rootfs"]["diff_ids"]
    json.dump(out, sys.stdout, indent=1)


if __name__ == "__main__":
    main(sys.argv[1])
