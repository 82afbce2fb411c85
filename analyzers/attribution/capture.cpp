// Which files attribution reads (captured during the single scan pass), and
// how Dockerfile steps are shown.
#include "analyzers/attribution/attribution.h"
#include "analyzers/attribution/packages/npm_graph.h"
#include "analyzers/scan/path_table.h"

namespace imgslim::analyzers {

bool attribution_wants(std::string_view path) {
  std::string_view base = base_name(path);
  if (base == "package.json") {
    // Project manifests (outside node_modules) and package roots' manifests.
    if (path.find("node_modules/") == std::string_view::npos) return true;
    std::string_view dir = npm_package_dir(path);
    return !dir.empty() && path.size() == dir.size() + 13;
  }
  bool in_modules = path.find("node_modules/") != std::string_view::npos;
  if (base == "package-lock.json" || base == "npm-shrinkwrap.json" || base == "yarn.lock" || base == "pnpm-lock.yaml")
    return !in_modules;
  if (base == ".package-lock.json") return path == "node_modules/.package-lock.json" || path.ends_with("/node_modules/.package-lock.json");
  if (in_modules) return false;
  if (path == "var/lib/dpkg/status" || path == "lib/apk/db/installed" || path == "usr/lib/apk/db/installed") return true;
  if (path.starts_with("var/lib/dpkg/info/")) return path.ends_with(".list");
  if (path.starts_with("var/lib/dpkg/status.d/")) return true;
  return false;
}

CapturePredicate attribution_capture() {
  return [](std::string_view path, std::int64_t) { return attribution_wants(path); };
}

std::string short_step(std::string_view s, std::size_t max_chars) {
  auto trim = [](std::string_view v) {
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\n')) v.remove_suffix(1);
    return v;
  };
  s = trim(s);
  if (s.ends_with("# buildkit")) s = trim(s.substr(0, s.size() - 10));  // BuildKit's history marker
  std::string out;
  // BuildKit: "RUN |2 A=1 B=2 /bin/sh -c cmd" -> "RUN cmd"
  if (s.starts_with("RUN |")) {
    auto sh = s.find("/bin/sh -c ");
    if (sh != std::string_view::npos) out = "RUN " + std::string(trim(s.substr(sh + 11)));
  }
  if (out.empty() && s.starts_with("RUN /bin/sh -c ")) out = "RUN " + std::string(trim(s.substr(15)));
  if (out.empty() && s.starts_with("/bin/sh -c #(nop) ")) out = std::string(trim(s.substr(18)));
  if (out.empty() && s.starts_with("/bin/sh -c ")) out = "RUN " + std::string(trim(s.substr(11)));
  if (out.empty()) out = std::string(s);
  // Collapse whitespace runs (multi-line RUNs).
  std::string flat;
  for (char c : out) {
    if (c == '\n' || c == '\t') c = ' ';
    if (c == ' ' && !flat.empty() && flat.back() == ' ') continue;
    flat += c;
  }
  if (flat.size() > max_chars) flat = flat.substr(0, max_chars - 3) + "...";
  return flat;
}

}  // namespace imgslim::analyzers
