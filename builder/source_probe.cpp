#include "builder/source_probe.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <map>
#include <vector>

namespace imgslim::builder {
namespace fs = std::filesystem;
namespace {

constexpr std::array<const char*, 5> kSourceDirs = {"src", "app", "lib", "server", "source"};
constexpr std::array<const char*, 6> kNeverBelow = {"node_modules", "dist", "build", "vendor", ".git", "coverage"};

// Comment syntax by extension; a file of another kind is never changed.
const std::map<std::string, std::string>& comments() {
  static const std::map<std::string, std::string> m = {
      {".ts", "/* %s */"},   {".tsx", "/* %s */"},  {".mts", "/* %s */"},  {".cts", "/* %s */"},
      {".js", "/* %s */"},   {".jsx", "/* %s */"},  {".mjs", "/* %s */"},  {".cjs", "/* %s */"},
      {".css", "/* %s */"},  {".scss", "/* %s */"}, {".less", "/* %s */"}, {".go", "/* %s */"},
      {".vue", "<!-- %s -->"}, {".svelte", "<!-- %s -->"}, {".html", "<!-- %s -->"},
      {".py", "# %s"},       {".rb", "# %s"}};
  return m;
}

bool never_below(const std::string& name) {
  return std::find(kNeverBelow.begin(), kNeverBelow.end(), name) != kNeverBelow.end();
}

std::optional<SourceProbe> probe_for(const fs::path& file, const std::string& rel) {
  auto it = comments().find(file.extension().string());
  if (it == comments().end()) return std::nullopt;
  const std::string name = file.filename().string();
  if (name.find(".config.") != std::string::npos || name.find(".d.ts") != std::string::npos || name[0] == '.')
    return std::nullopt;
  return SourceProbe{rel, it->second};
}

// Files of `dir` by name, then its subfolders by name, depth first.
std::optional<SourceProbe> first_in(const fs::path& root, const std::string& rel_dir, const DockerignoreRules& ignore,
                                    bool recurse) {
  std::error_code ec;
  const fs::path dir = root / rel_dir;
  std::vector<fs::path> files, dirs;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const auto st = e.symlink_status(ec);
    if (fs::is_regular_file(st)) files.push_back(e.path());
    else if (fs::is_directory(st) && !never_below(e.path().filename().string())) dirs.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  std::sort(dirs.begin(), dirs.end());
  auto rel_of = [&](const fs::path& p) { return p.lexically_relative(root).generic_string(); };
  for (const auto& f : files) {
    const std::string rel = rel_of(f);
    if (ignore.excluded(rel)) continue;
    if (auto p = probe_for(f, rel)) return p;
  }
  if (!recurse) return std::nullopt;
  for (const auto& d : dirs)
    if (auto p = first_in(root, rel_of(d), ignore, true)) return p;
  return std::nullopt;
}

}  // namespace

std::optional<SourceProbe> find_source_probe(const std::string& dir, const DockerignoreRules& ignore) {
  const fs::path root(dir);
  std::error_code ec;
  for (const char* d : kSourceDirs)
    if (fs::is_directory(fs::symlink_status(root / d, ec)) && !ignore.excluded(d))
      if (auto p = first_in(root, d, ignore, true)) return p;
  // Workspaces: <folder>/<package>/src.
  std::vector<fs::path> packages;
  for (const auto& top : fs::directory_iterator(root, ec)) {
    if (!fs::is_directory(top.symlink_status(ec)) || never_below(top.path().filename().string())) continue;
    for (const auto& pkg : fs::directory_iterator(top.path(), ec))
      if (fs::is_directory(fs::symlink_status(pkg.path() / "src", ec))) packages.push_back(pkg.path() / "src");
  }
  std::sort(packages.begin(), packages.end());
  for (const auto& src : packages) {
    const std::string rel = src.lexically_relative(root).generic_string();
    if (!ignore.excluded(rel))
      if (auto p = first_in(root, rel, ignore, true)) return p;
  }
  return first_in(root, "", ignore, false);
}

std::string source_probe_places() { return "src/, app/, lib/, server/, source/, a workspace's src/, the context root"; }

std::string probe_content(const std::string& content, const SourceProbe& probe, const std::string& text) {
  std::string line = probe.comment;
  line.replace(line.find("%s"), 2, text);
  std::string out = content;
  if (!out.empty() && out.back() != '\n') out += '\n';
  return out + line + "\n";
}

}  // namespace imgslim::builder
