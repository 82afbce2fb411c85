// Fuzz body: manifest, index and config decoding. Whatever the bytes, each
// decoder returns a value or throws imgslim::Error.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "oci/model/documents.h"
#include "support/error.h"

inline int imgslim_fuzz_documents(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::string name = "fuzz.json";
  try {
    (void)imgslim::oci::document_kind(text, name);
  } catch (const imgslim::Error&) {
  }
  try {
    (void)imgslim::oci::parse_manifest(text, name);
  } catch (const imgslim::Error&) {
  }
  try {
    (void)imgslim::oci::parse_index(text, name);
  } catch (const imgslim::Error&) {
  }
  try {
    (void)imgslim::oci::parse_config(text, name);
  } catch (const imgslim::Error&) {
  }
  return 0;
}
