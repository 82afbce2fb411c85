// attribute(): one pass over the captured manifests and databases, one over
// the records (see attribution.h).
#include "support/path_join.h"
#include "analyzers/attribution/attribution.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "analyzers/attribution/finding_rules.h"
#include "analyzers/attribution/packages/lockfile.h"
#include "analyzers/attribution/packages/npm_graph.h"
#include "analyzers/attribution/packages/package_json.h"
#include "analyzers/attribution/packages/os_packages.h"
#include "analyzers/scan/path_table.h"
#include "support/error.h"

namespace imgslim::analyzers {
namespace {

constexpr std::uint32_t kNone = 0xffffffffu;

bool under(std::string_view path, std::string_view dir) {
  return dir.empty() || (path.size() > dir.size() && path.starts_with(dir) && path[dir.size()] == '/');
}

bool is_global_modules(std::string_view dir) {
  return dir.starts_with("usr/local/lib/node_modules/") || dir.starts_with("usr/lib/node_modules/") ||
         dir.starts_with("opt/");
}

bool copy_step(std::string_view created_by) {
  return created_by.starts_with("COPY ") || created_by.starts_with("ADD ") ||
         created_by.find("#(nop) COPY ") != std::string_view::npos ||
         (created_by.find("#(nop) ADD ") != std::string_view::npos && created_by.find(" in / ") == std::string_view::npos);
}

struct LockInfo {
  std::string dir;
  std::string name;
  const std::string* text = nullptr;
};

// Everything read from captured content.
struct Inputs {
  std::vector<OsPackage> os_packages;
  std::map<std::string, std::vector<std::string>> dpkg_lists;    // package -> paths
  std::map<std::string, std::vector<std::string>> status_d_md5;  // package -> paths
  std::map<std::string, PackageManifest> projects;               // dir -> manifest (outside node_modules)
  std::map<std::string, LockInfo> lockfiles;                     // dir -> preferred lockfile
};

int lock_rank(std::string_view name) {
  if (name == "package-lock.json" || name == "npm-shrinkwrap.json") return 0;
  if (name == "pnpm-lock.yaml" || name == "yarn.lock") return 1;
  return 2;  // node_modules/.package-lock.json
}

class Attributor {
 public:
  Attributor(const ImageScan& scan, const AttributionRules& rules, std::size_t base_layers)
      : scan_(scan), rules_(rules) {
    a_.base_layers = std::min(base_layers, scan.layers.size());
  }
  Attribution run();

 private:
  void read_captured();
  void read_os_databases();
  void read_npm_tree();
  std::string_view owning_package(std::string_view dir) const;
  void apply_lockfiles();
  void classify_records();
  Category classify(RecordId rid, std::string_view path, const PathRule*& group, std::uint32_t& pkg);
  void add_group(const PathRule& rule, Category cat, std::uint64_t size, std::size_t layer, bool file);
  bool exists(std::string_view path) const {
    auto id = scan_.paths.find(path);
    return id && scan_.tree.contains(*id);
  }

  const ImageScan& scan_;
  const AttributionRules& rules_;
  Attribution a_;
  Inputs in_;
  NpmGraph graph_;
  std::unordered_map<std::string, std::uint32_t> owner_;  // OS file -> os package index
  std::vector<std::uint32_t> os_pkg_of_;                  // os_packages index -> packages index
  std::vector<Category> os_pkg_category_;
  std::vector<std::uint32_t> npm_pkg_of_;                 // graph node -> packages index
  std::vector<Category> npm_category_;
  std::vector<std::uint32_t> rec_npm_;                    // record -> graph node (visible records)
  std::map<std::pair<std::string, Category>, std::size_t> group_index_;
  std::vector<std::vector<std::uint64_t>> pkg_layer_bytes_;
  std::string workdir_;
  std::set<std::string> base_projects_;  // project dirs whose package.json the base image brought (/opt/yarn-v*)
  bool node_image_ = false;
};

void Attributor::read_captured() {
  for (const CapturedContent& cc : scan_.captured) {
    if (cc.record >= scan_.records.size() || scan_.fates[cc.record] != Fate::Visible) continue;
    std::string_view path = scan_.paths.str(scan_.records[cc.record].path);
    std::string input = "/" + std::string(path);
    if (cc.truncated) {
      a_.notes.push_back(input + ": larger than the capture limit, not read");
      continue;
    }
    std::string_view base = base_name(path);
    std::string dir(parent_path(path));
    try {
      if (path == "var/lib/dpkg/status") {
        auto pkgs = parse_dpkg_status(cc.bytes, input);
        in_.os_packages.insert(in_.os_packages.end(), pkgs.begin(), pkgs.end());
      } else if (path.starts_with("var/lib/dpkg/info/") && path.ends_with(".list")) {
        in_.dpkg_lists[dpkg_list_package(path)] = parse_dpkg_list(cc.bytes);
      } else if (path.starts_with("var/lib/dpkg/status.d/")) {
        if (base.ends_with(".md5sums")) {
          std::string name(base.substr(0, base.size() - 8));
          in_.status_d_md5[name.substr(0, name.find(':'))] = parse_dpkg_md5sums(cc.bytes);
        } else if (base.find('.') == std::string_view::npos || !base.ends_with("sums")) {
          auto pkgs = parse_dpkg_status(cc.bytes, input);
          in_.os_packages.insert(in_.os_packages.end(), pkgs.begin(), pkgs.end());
        }
      } else if (base == "installed" && (path == "lib/apk/db/installed" || path == "usr/lib/apk/db/installed")) {
        auto pkgs = parse_apk_installed(cc.bytes, input);
        in_.os_packages.insert(in_.os_packages.end(), pkgs.begin(), pkgs.end());
      } else if (base == "package.json") {
        PackageManifest m = parse_package_json(cc.bytes, input);
        std::string_view pkg_dir = npm_package_dir(path);
        if (!pkg_dir.empty()) {
          graph_.set_manifest(pkg_dir, std::move(m));
        } else {
          in_.projects[dir] = std::move(m);
          if (scan_.records[cc.record].layer < a_.base_layers) base_projects_.insert(dir);
        }
      } else {
        std::string lock_dir = dir;
        if (base == ".package-lock.json") lock_dir = std::string(parent_path(dir));
        auto it = in_.lockfiles.find(lock_dir);
        if (it == in_.lockfiles.end() || lock_rank(base) < lock_rank(it->second.name))
          in_.lockfiles[lock_dir] = LockInfo{lock_dir, std::string(base), &cc.bytes};
      }
    } catch (const Error& e) {
      a_.notes.push_back(e.what());
    }
  }
}

void Attributor::read_os_databases() {
  for (auto& p : in_.os_packages) {
    if (p.files.empty() && p.ecosystem == "deb") {
      if (auto it = in_.dpkg_lists.find(p.name); it != in_.dpkg_lists.end()) p.files = it->second;
      else if (auto md = in_.status_d_md5.find(p.name); md != in_.status_d_md5.end()) p.files = md->second;
    }
  }
  os_pkg_of_.assign(in_.os_packages.size(), kNone);
  os_pkg_category_.assign(in_.os_packages.size(), Category::Os);
  for (std::uint32_t i = 0; i < in_.os_packages.size(); ++i) {
    const OsPackage& p = in_.os_packages[i];
    if (const PackageRule* r = rules_.match_package(p.ecosystem, p.name, node_image_)) os_pkg_category_[i] = r->category;
    for (const std::string& f : p.files) {
      owner_.emplace(f, i);
      // usrmerge: dpkg lists /bin/x while the file lives at usr/bin/x.
      for (std::string_view merged : {"bin/", "sbin/", "lib/", "lib32/", "lib64/", "libx32/"})
        if (std::string_view(f).starts_with(merged)) owner_.emplace("usr/" + f, i);
    }
    PackageAttribution pa;
    pa.ecosystem = p.ecosystem;
    pa.name = p.name;
    pa.version = p.version;
    pa.category = os_pkg_category_[i];
    os_pkg_of_[i] = static_cast<std::uint32_t>(a_.packages.size());
    a_.packages.push_back(std::move(pa));
  }
}

void Attributor::read_npm_tree() {
  rec_npm_.assign(scan_.records.size(), kNone);
  std::string_view last_dir;
  std::uint32_t last_node = kNone;
  for (RecordId rid = 0; rid < scan_.records.size(); ++rid) {
    if (scan_.fates[rid] != Fate::Visible) continue;
    const FileRecord& r = scan_.records[rid];
    std::string_view path = scan_.paths.str(r.path);
    if (path.find("node_modules") == std::string_view::npos) continue;
    if (r.type == FileType::Symlink && r.link_target != kNoPath) {
      std::string_view target = scan_.links.str(r.link_target);
      std::string resolved = target.starts_with("/") ? clean_path(target)
                                                      : clean_path(join_path(parent_path(path), target));
      graph_.add_symlink(std::string(path), std::move(resolved));
      continue;  // a link is not the package; resolution follows it
    }
    std::string_view raw = npm_package_dir(path);
    if (raw.empty()) continue;
    if (raw != last_dir) {
      last_dir = raw;
      std::string_view dir = owning_package(raw);
      last_node = dir.empty() ? kNone : static_cast<std::uint32_t>(graph_.add_package(dir));
    }
    rec_npm_[rid] = last_node;
  }
  for (auto& [dir, man] : in_.projects) {
    bool install_root = exists(join_path(dir, "node_modules")) || in_.lockfiles.count(dir);
    graph_.add_project(dir, man, install_root);
  }
  node_image_ = !graph_.packages().empty();
  graph_.walk();
}

// The installed package that owns a node_modules entry `dir` (as
// npm_package_dir gives it): a directory an installer made, i.e. a child of a
// node_modules folder at a project root, a package root or a dot store
// (.pnpm), whose package.json names it and its version. Anything else inside
// a package (test fixtures with their own node_modules, stray files such as
// node_modules/foo.js) belongs to the enclosing package; empty when none.
std::string_view Attributor::owning_package(std::string_view dir) const {
  while (!dir.empty()) {
    const std::size_t nm = dir.rfind("node_modules/");
    const std::string_view holder = nm == 0 ? std::string_view() : dir.substr(0, nm - 1);
    const std::string_view enclosing = holder.empty() ? std::string_view() : npm_package_dir(holder);
    const bool install_location = enclosing.empty() || enclosing == holder;
    const auto node = graph_.find(dir);
    const PackageManifest* manifest =
        node && graph_.packages()[*node].manifest ? &*graph_.packages()[*node].manifest : nullptr;
    if (install_location && manifest && !manifest->name.empty() && !manifest->version.empty()) return dir;
    dir = enclosing;
  }
  return {};
}

void Attributor::apply_lockfiles() {
  // Lockfile verdicts fill in for packages the manifest walk could not place
  // (no readable package.json, or not reached from any project).
  // A lockfile describes the tree under its own folder and nothing else:
  // by install path, and by name@version for trees installed differently
  // (pnpm, yarn), both only for packages below that folder's node_modules.
  std::map<std::string, LockReach> by_dir;
  std::map<std::string, std::map<std::string, LockReach>> by_name_version_in;  // lock dir -> name@version
  for (auto& [dir, info] : in_.lockfiles) {
    std::string input = "/" + join_path(dir, info.name);
    try {
      Lockfile lock = parse_lockfile(info.name, *info.text, input);
      if (auto m = in_.projects.find(dir); m != in_.projects.end()) complete_root_importer(lock, m->second);
      a_.lockfiles.push_back(join_path(dir, info.name) + " (" + std::string(lockfile_kind_name(lock.kind)) + ")");
      std::vector<LockReach> reach = walk_lockfile(lock);
      for (std::size_t i = 0; i < lock.packages.size(); ++i) {
        const LockedPackage& p = lock.packages[i];
        if (!p.path.empty()) by_dir[join_path(dir, p.path)] = reach[i];
        auto& slot = by_name_version_in[dir][p.name + "@" + p.version];
        if (slot != LockReach::Prod) slot = reach[i] == LockReach::Unreached ? slot : reach[i];
      }
    } catch (const Error& e) {
      a_.notes.push_back(e.what());
    }
  }
  const auto& roots = graph_.roots();
  npm_pkg_of_.assign(graph_.packages().size(), kNone);
  npm_category_.assign(graph_.packages().size(), Category::RuntimeDeps);
  for (std::size_t i = 0; i < graph_.packages().size(); ++i) {
    const NpmPackageNode& n = graph_.packages()[i];
    PackageAttribution pa;
    pa.ecosystem = "npm";
    pa.path = n.dir;
    if (n.manifest) {
      pa.name = n.manifest->name;
      pa.version = n.manifest->version;
    }
    if (pa.name.empty()) {
      auto pos = n.dir.rfind("node_modules/");
      pa.name = n.dir.substr(pos + 13);
    }
    Category cat = Category::RuntimeDeps;
    if (n.reach == NpmReach::Prod) {
      pa.via = "dependencies";
    } else if (n.reach == NpmReach::Dev) {
      cat = Category::DevDeps;
      pa.via = "devDependencies";
    } else {
      bool in_project = std::any_of(roots.begin(), roots.end(),
                                    [&](const std::string& r) { return under(n.dir, join_path(r, "node_modules")) || n.dir == join_path(r, "node_modules"); });
      std::optional<LockReach> lr;
      if (auto d = by_dir.find(n.dir); d != by_dir.end()) {
        lr = d->second;
      } else {
        // The nearest lockfile whose node_modules holds this package.
        const std::map<std::string, LockReach>* nearest = nullptr;
        std::size_t depth = 0;
        for (const auto& [lock_dir, versions] : by_name_version_in) {
          const std::string modules = join_path(lock_dir, "node_modules");
          if (!under(n.dir, modules) || (nearest && lock_dir.size() < depth)) continue;
          nearest = &versions;
          depth = lock_dir.size();
        }
        if (nearest)
          if (auto nv = nearest->find(pa.name + "@" + pa.version); nv != nearest->end()) lr = nv->second;
      }
      if (lr && *lr == LockReach::DevOnly) {
        cat = Category::DevDeps;
        pa.via = "lockfile";
      } else if (lr && *lr == LockReach::Prod) {
        pa.via = "lockfile";
      } else if (is_global_modules(n.dir) || !in_project) {
        cat = Category::Os;
        pa.via = "global";
      } else {
        pa.via = "unreached";
      }
    }
    pa.category = cat;
    npm_category_[i] = cat;
    npm_pkg_of_[i] = static_cast<std::uint32_t>(a_.packages.size());
    a_.packages.push_back(std::move(pa));
  }
}

void Attributor::add_group(const PathRule& rule, Category cat, std::uint64_t size, std::size_t layer, bool file) {
  auto key = std::make_pair(rule.group, cat);
  auto it = group_index_.find(key);
  if (it == group_index_.end()) {
    GroupAttribution g;
    g.group = rule.group;
    g.category = cat;
    g.rule = rule.rule;
    g.advice = rule.advice;
    g.layer_bytes.assign(scan_.layers.size(), 0);
    it = group_index_.emplace(key, a_.groups.size()).first;
    a_.groups.push_back(std::move(g));
  }
  GroupAttribution& g = a_.groups[it->second];
  g.bytes += size;
  g.files += file ? 1 : 0;
  if (layer < g.layer_bytes.size()) g.layer_bytes[layer] += size;
}

Category Attributor::classify(RecordId rid, std::string_view path, const PathRule*& group, std::uint32_t& pkg) {
  group = nullptr;
  pkg = kNone;
  if (const PathRule* r = rules_.overrides.match(path)) {
    group = r->group.empty() ? nullptr : r;
    return r->category;
  }
  if (const PathRule* r = rules_.caches.match(path)) {
    group = r;
    return r->category;
  }
  if (std::uint32_t node = rec_npm_[rid]; node != kNone) {
    pkg = npm_pkg_of_[node];
    Category cat = npm_category_[node];
    if (cat == Category::DevDeps) return cat;
    std::string_view rel = path.substr(std::min(path.size(), graph_.packages()[node].dir.size() + 1));
    if (const PathRule* r = rules_.module_docs.match(rel)) {
      group = r;
      return r->category;
    }
    return cat;
  }
  if (path.find("node_modules/") != std::string_view::npos) return Category::RuntimeDeps;  // .package-lock.json, .pnpm metadata
  auto own = owner_.find(std::string(path));
  if (own != owner_.end()) {
    pkg = os_pkg_of_[own->second];
    Category cat = os_pkg_category_[own->second];
    if (cat != Category::Os) return cat;
    if (const PathRule* r = rules_.tooling.match(path)) {
      group = r;
      return r->category;
    }
    if (const PathRule* r = rules_.os_docs.match(path)) {
      group = r->group.empty() ? nullptr : r;
      return r->category;
    }
    return Category::Os;
  }
  if (const PathRule* r = rules_.tooling.match(path)) {
    group = r;
    return r->category;
  }
  if (const PathRule* r = rules_.os_docs.match(path)) {
    group = r->group.empty() ? nullptr : r;
    return r->category;
  }
  const FileRecord& rec = scan_.records[rid];
  // The base image's own files are never the app's, whatever step made them
  // (node's COPY docker-entrypoint.sh, the yarn tree under /opt): the rules
  // above took packages, tooling and docs; the rest is the OS the app runs on.
  if (rec.layer < a_.base_layers) return Category::Os;
  bool app = (!workdir_.empty() && under(path, workdir_));
  if (!app)
    for (auto& [dir, man] : in_.projects)
      if (!dir.empty() && !base_projects_.count(dir) && under(path, dir)) app = true;
  if (!app && rec.layer > 0 && rec.layer < a_.layer_steps.size()) app = copy_step(a_.layer_steps[rec.layer]);
  if (!app) return Category::Os;
  if (rules_.typescript_sources_are_tooling &&
      (path.ends_with(".ts") || path.ends_with(".tsx") || path.ends_with(".mts") || path.ends_with(".cts")) &&
      !path.ends_with(".d.ts")) {
    // TypeScript sources next to compiled output of the same project.
    for (auto& [dir, man] : in_.projects) {
      if (!under(path, dir) && !dir.empty()) continue;
      if (!exists(join_path(dir, "tsconfig.json"))) continue;
      for (const char* out : {"dist", "build", "out", "lib"}) {
        if (exists(join_path(dir, out)) && !under(path, join_path(dir, out))) {
          static const PathRule ts{"*.ts", Category::BuildTooling, "TypeScript sources", "multi-stage",
                                   "compile in a build stage and copy only the compiled output"};
          group = &ts;
          return Category::BuildTooling;
        }
      }
    }
  }
  return Category::App;
}

void Attributor::classify_records() {
  const std::size_t layers = scan_.layers.size();
  for (auto& c : a_.categories) {
    c.layer_bytes.assign(layers, 0);
    c.layer_files.assign(layers, 0);
  }
  a_.wasted.resize(layers);
  for (std::size_t l = 0; l < layers; ++l) a_.wasted[l].layer = l;
  pkg_layer_bytes_.assign(a_.packages.size(), std::vector<std::uint64_t>(layers, 0));
  a_.record_categories.assign(scan_.records.size(), Category::Wasted);
  for (RecordId rid = 0; rid < scan_.records.size(); ++rid) {
    const FileRecord& r = scan_.records[rid];
    if (r.is_marker()) continue;
    const std::uint64_t size = r.size > 0 ? static_cast<std::uint64_t>(r.size) : 0;
    const bool file = r.type != FileType::Directory;
    const std::size_t layer = r.layer < layers ? r.layer : 0;
    Category cat;
    const PathRule* group = nullptr;
    std::uint32_t pkg = kNone;
    Fate fate = scan_.fates[rid];
    if (fate == Fate::Visible) {
      cat = classify(rid, scan_.paths.str(r.path), group, pkg);
    } else {
      cat = Category::Wasted;
      (fate == Fate::Overwritten ? a_.wasted[layer].overwritten_bytes : a_.wasted[layer].deleted_bytes) += size;
    }
    a_.record_categories[rid] = cat;
    CategoryTotal& t = a_.categories[static_cast<std::size_t>(cat)];
    t.bytes += size;
    t.layer_bytes[layer] += size;
    if (file) {
      ++t.files;
      ++t.layer_files[layer];
    }
    if (group) add_group(*group, cat, size, layer, file);
    if (pkg != kNone) {
      a_.packages[pkg].bytes += size;
      a_.packages[pkg].files += file ? 1 : 0;
      pkg_layer_bytes_[pkg][layer] += size;
    }
  }
  // Entries the scan dropped (never part of any tree) count as wasted so
  // each layer's categories add up to its content bytes.
  CategoryTotal& w = a_.categories[static_cast<std::size_t>(Category::Wasted)];
  for (std::size_t l = 0; l < layers; ++l) {
    std::uint64_t sum = 0;
    for (auto& c : a_.categories) sum += c.layer_bytes[l];
    if (scan_.layers[l].content_bytes > sum) {
      std::uint64_t extra = scan_.layers[l].content_bytes - sum;
      w.bytes += extra;
      w.layer_bytes[l] += extra;
      a_.wasted[l].deleted_bytes += extra;
    }
  }
}

Attribution Attributor::run() {
  a_.total_bytes = scan_.total_bytes();
  a_.final_bytes = scan_.tree.bytes();
  for (auto& l : scan_.layers) a_.layer_steps.push_back(l.created_by);
  workdir_ = clean_path(scan_.config.working_dir);
  read_captured();
  read_npm_tree();
  read_os_databases();
  apply_lockfiles();
  classify_records();
  for (std::size_t i = 0; i < a_.packages.size(); ++i) {
    auto& lb = pkg_layer_bytes_[i];
    a_.packages[i].layer = static_cast<std::size_t>(std::max_element(lb.begin(), lb.end()) - lb.begin());
  }
  std::erase_if(a_.packages, [](const PackageAttribution& p) { return p.files == 0; });
  std::stable_sort(a_.packages.begin(), a_.packages.end(),
                   [](auto& x, auto& y) { return x.bytes != y.bytes ? x.bytes > y.bytes : x.path < y.path; });
  std::stable_sort(a_.groups.begin(), a_.groups.end(), [](auto& x, auto& y) { return x.bytes > y.bytes; });
  a_.findings = derive_findings(a_);
  return std::move(a_);
}

}  // namespace

Attribution attribute(const ImageScan& scan, const AttributionRules& rules, std::size_t base_layers) {
  return Attributor(scan, rules, base_layers).run();
}

}  // namespace imgslim::analyzers
