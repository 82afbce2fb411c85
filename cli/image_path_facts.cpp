#include "cli/image_path_facts.h"

#include <algorithm>
#include <map>
#include <set>

#include "support/search_path.h"

namespace imgslim::cli {
namespace {

// "/bin" + "usr/bin" -> "/usr/bin"; "/bin" + "/usr/bin" -> "/usr/bin".
std::string resolve_link(const std::string& link, const std::string& target) {
  std::string joined = target.front() == '/' ? target : link.substr(0, link.rfind('/') + 1) + target;
  return "/" + analyzers::clean_path(joined);
}

}  // namespace

void fill_path_facts(const analyzers::ImageScan& scan, compose::ImageFacts& facts) {
  std::string path = kDefaultImagePath;
  for (const auto& e : scan.config.env)
    if (e.rfind("PATH=", 0) == 0) path = e.substr(5);
  facts.path = split_search_path(path);

  std::map<std::string, std::set<std::string>> names;  // directory -> executable names
  std::map<std::string, std::string> dir_links;        // visible symlink -> its target
  for (std::size_t i = 0; i < scan.records.size(); ++i) {
    const auto& r = scan.records[i];
    if (scan.fates[i] != analyzers::Fate::Visible || r.is_marker()) continue;
    std::string p = "/" + std::string(scan.paths.str(r.path));
    if (r.type == analyzers::FileType::Symlink && r.link_target != analyzers::kNoPath)
      dir_links[p] = resolve_link(p, std::string(scan.links.str(r.link_target)));
    bool exec = (r.type == analyzers::FileType::File && (r.mode & 0111)) || r.type == analyzers::FileType::Symlink ||
                r.type == analyzers::FileType::Hardlink;
    if (!exec) continue;
    auto slash = p.rfind('/');
    names[slash == 0 ? "/" : p.substr(0, slash)].insert(p.substr(slash + 1));
  }
  std::set<std::string> out;
  for (const auto& dir : facts.path) {
    std::string real = dir;
    for (int hops = 0; hops < 8; ++hops) {
      auto it = dir_links.find(real);
      if (it == dir_links.end()) break;
      real = it->second;
    }
    if (auto it = names.find(real); it != names.end())
      for (const auto& n : it->second) out.insert(dir + "/" + n);
  }
  facts.executables.assign(out.begin(), out.end());
}

}  // namespace imgslim::cli
