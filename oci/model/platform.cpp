#include "oci/model/platform.h"

#include <sys/utsname.h>

#include <vector>

#include "support/error.h"

namespace imgslim::oci {

namespace {

// Architecture names as OCI indexes spell them (Go's GOARCH).
std::string normal_arch(std::string_view arch) {
  if (arch == "x86_64" || arch == "x86-64") return "amd64";
  if (arch == "aarch64") return "arm64";
  if (arch == "i386" || arch == "i686") return "386";
  if (arch == "armhf" || arch == "armel") return "arm";
  return std::string(arch);
}

// arm64 has one variant, v8, that may be left out.
std::string normal_variant(const std::string& arch, const std::string& variant) {
  if (arch == "arm64" && variant == "v8") return "";
  return variant;
}

bool valid_part(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
          c == '.'))
      return false;
  return true;
}

}  // namespace

std::string Platform::str() const {
  std::string s = os + "/" + architecture;
  if (!variant.empty()) s += "/" + variant;
  return s;
}

bool Platform::satisfies(const Platform& wanted) const {
  if (os != wanted.os) return false;
  const std::string arch = normal_arch(architecture);
  if (arch != normal_arch(wanted.architecture)) return false;
  if (wanted.variant.empty()) return true;
  return normal_variant(arch, variant) == normal_variant(arch, wanted.variant);
}

Platform Platform::parse(std::string_view text) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const auto slash = text.find('/', start);
    parts.push_back(text.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  const std::string shown = "--platform \"" + std::string(text) + "\"";
  if (parts.size() < 2 || parts.size() > 3)
    throw Error(shown, "expected OS/ARCH or OS/ARCH/VARIANT, e.g. linux/amd64 or linux/arm/v7");
  for (auto p : parts)
    if (!valid_part(p)) throw Error(shown, "empty or invalid component \"" + std::string(p) + "\"");
  Platform p;
  p.os = std::string(parts[0]);
  p.architecture = normal_arch(parts[1]);
  if (parts.size() == 3) p.variant = std::string(parts[2]);
  return p;
}

Platform Platform::host() {
  Platform p;
  p.os = "linux";
  struct utsname u;
  p.architecture = uname(&u) == 0 ? normal_arch(u.machine) : "amd64";
  if (p.architecture.rfind("armv", 0) == 0) {  // armv7l -> arm/v7
    p.variant = "v" + p.architecture.substr(4, 1);
    p.architecture = "arm";
  }
  return p;
}

}  // namespace imgslim::oci
