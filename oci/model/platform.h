// os/architecture[/variant], as in OCI image indexes and --platform.
#pragma once
#include <string>
#include <string_view>

namespace imgslim::oci {

struct Platform {
  std::string os;
  std::string architecture;
  std::string variant;
  std::string os_version;

  std::string str() const;  // "linux/arm64/v8"
  bool empty() const { return os.empty() && architecture.empty(); }
  // True when `this` (an index entry) satisfies `wanted` (variant optional).
  bool satisfies(const Platform& wanted) const;

  static Platform parse(std::string_view text);  // throws imgslim::Error
  static Platform host();                         // e.g. linux/amd64
};

}  // namespace imgslim::oci
