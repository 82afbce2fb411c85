#include "oci/model/limits.h"

#include <cstdlib>
#include <string>

#include "support/error.h"
#include "support/size.h"

namespace imgslim::oci::limits {

namespace {

void override_from(const char* variable, std::uint64_t& value) {
  const char* text = std::getenv(variable);
  if (!text || !*text) return;
  const auto parsed = parse_size(text);
  if (!parsed || *parsed == 0)
    throw Error(std::string(variable) + "=" + text, "not a positive size (e.g. 64GiB, 500MB, 1048576)");
  value = *parsed;
}

Configured read_environment() {
  Configured c;
  override_from("IMGSLIM_MAX_JSON_BYTES", c.json_bytes);
  override_from("IMGSLIM_MAX_LAYER_BYTES", c.layer_bytes);
  override_from("IMGSLIM_MAX_EXPANSION_RATIO", c.expansion_ratio);
  override_from("IMGSLIM_MAX_LAYER_ENTRIES", c.layer_entries);
  override_from("IMGSLIM_MAX_PATH_BYTES", c.path_bytes);
  return c;
}

}  // namespace

const Configured& configured() {
  static const Configured c = read_environment();  // a throw leaves it unset: the next call throws again
  return c;
}

}  // namespace imgslim::oci::limits
