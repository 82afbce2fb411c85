// Reading an engine's own store files (Docker's layerdb, containers-storage's
// JSON lists): small files, whole, never following a symbolic link.
#pragma once
#include <cstddef>
#include <string>

namespace imgslim::oci {

// Throws StoreUnavailable (docker_store.h) when the file cannot be read or is
// larger than `limit`.
std::string read_store_file(const std::string& path, std::size_t limit);

}  // namespace imgslim::oci
