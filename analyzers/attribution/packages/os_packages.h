// Installed operating-system packages and the files each one owns, from
// the package managers' own databases:
//   dpkg: /var/lib/dpkg/status + /var/lib/dpkg/info/<name>[:<arch>].list
//         distroless: /var/lib/dpkg/status.d/<name> (+ <name>.md5sums)
//   apk:  /lib/apk/db/installed (P: name, V: version, F: dir, R: file)
// Paths are stored like image paths: no leading "/".
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace imgslim::analyzers {

struct OsPackage {
  std::string ecosystem;  // "deb" or "apk"
  std::string name;
  std::string version;
  std::string architecture;
  std::uint64_t installed_size = 0;  // as the database records it (bytes)
  std::vector<std::string> files;
};

// Installed packages of a dpkg status file (or one status.d paragraph file).
std::vector<OsPackage> parse_dpkg_status(std::string_view text, const std::string& input);
// The paths of a dpkg .list file (one absolute path per line).
std::vector<std::string> parse_dpkg_list(std::string_view text);
// The paths of a status.d/<name>.md5sums or info/<name>.md5sums file.
std::vector<std::string> parse_dpkg_md5sums(std::string_view text);
// "/var/lib/dpkg/info/libc6:amd64.list" -> "libc6"; empty when not a .list.
std::string dpkg_list_package(std::string_view path);

std::vector<OsPackage> parse_apk_installed(std::string_view text, const std::string& input);

}  // namespace imgslim::analyzers
