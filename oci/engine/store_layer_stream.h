// A layer's exact tar, rebuilt from the engine's store without the engine:
// the tar-split record gives every header and padding byte, the layer's
// diff folder (overlay2's <cache-id>/diff) every file's content. The bytes
// are hashed as they pass; at the end they must hash to the diff_id, else
// the stream throws StoreMismatch (the caller then reads the export).
//
// Files are opened beneath the diff folder only (openat2 RESOLVE_BENEATH,
// no symbolic link followed), read only, never locked.
#pragma once
#include <memory>
#include <string>

#include "oci/byte_stream.h"
#include "oci/model/digest.h"
#include "support/error.h"

namespace imgslim::oci {

// The store does not give back the layer the engine describes.
struct StoreMismatch : Error {
  using Error::Error;
};

ByteStreamPtr open_store_layer(const std::string& tar_split_path, const std::string& diff_dir, const Digest& diff_id,
                               const std::string& name);

}  // namespace imgslim::oci
