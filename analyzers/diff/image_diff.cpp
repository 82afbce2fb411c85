#include "analyzers/diff/image_diff.h"

#include <algorithm>
#include <cstdlib>
#include <set>
#include <tuple>

namespace imgslim::analyzers {

namespace {

// "RUN /bin/sh -c npm ci # buildkit" and "/bin/sh -c #(nop)  CMD [..]" ->
// the instruction text without builder decorations.
std::string normalize_step(std::string s) {
  auto strip_prefix = [&](const std::string& p) {
    if (s.rfind(p, 0) == 0) s.erase(0, p.size());
  };
  const std::string suffix = " # buildkit";
  if (s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0)
    s.erase(s.size() - suffix.size());
  strip_prefix("RUN ");
  strip_prefix("|");  // "|2 A=1 B=2 /bin/sh -c ..." (build args)
  if (!s.empty() && std::isdigit(static_cast<unsigned char>(s[0]))) {
    auto sp = s.find(" /bin/sh -c ");
    if (sp != std::string::npos) s.erase(0, sp + 1);
  }
  strip_prefix("/bin/sh -c ");
  strip_prefix("#(nop) ");
  while (!s.empty() && s.front() == ' ') s.erase(0, 1);
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

template <class T>
void sort_by_abs_delta(std::vector<T>& v) {
  std::stable_sort(v.begin(), v.end(), [](const T& a, const T& b) { return std::llabs(a.delta()) > std::llabs(b.delta()); });
}

struct PackageTotals {
  std::set<std::string> versions;
  std::uint64_t bytes = 0;
};

// ecosystem, name, category: a package's copies in one category (a version
// installed as a dev dependency and another as a runtime one are two rows).
using PackageKey = std::tuple<std::string, std::string, std::string>;

std::map<PackageKey, PackageTotals> group_packages(const std::vector<DiffSide::Package>& pk) {
  std::map<PackageKey, PackageTotals> m;
  for (const auto& p : pk) {
    auto& t = m[{p.ecosystem, p.name, p.category}];
    t.bytes += p.bytes;
    if (!p.version.empty()) t.versions.insert(p.version);
  }
  return m;
}

std::string join_versions(const std::set<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

}  // namespace

ImageDiff diff_images(const DiffSide& o, const DiffSide& n, std::uint64_t threshold) {
  ImageDiff d;
  d.old_ref = o.ref;
  d.new_ref = n.ref;
  d.old_final = o.final_bytes;
  d.new_final = n.final_bytes;
  d.final_delta = static_cast<std::int64_t>(n.final_bytes) - static_cast<std::int64_t>(o.final_bytes);
  d.total_delta = static_cast<std::int64_t>(n.total_bytes) - static_cast<std::int64_t>(o.total_bytes);
  d.compressed_delta = static_cast<std::int64_t>(n.compressed_bytes) - static_cast<std::int64_t>(o.compressed_bytes);
  d.files_delta = static_cast<std::int64_t>(n.final_files) - static_cast<std::int64_t>(o.final_files);

  // Layers: identical diff_ids first, then the same instruction, else added/removed.
  std::vector<bool> old_used(o.layers.size(), false);
  std::vector<std::optional<std::size_t>> match(n.layers.size());
  for (std::size_t i = 0; i < n.layers.size(); ++i)
    for (std::size_t j = 0; j < o.layers.size(); ++j)
      if (!old_used[j] && !n.layers[i].diff_id.empty() && o.layers[j].diff_id == n.layers[i].diff_id) {
        match[i] = j;
        old_used[j] = true;
        break;
      }
  for (std::size_t i = 0; i < n.layers.size(); ++i) {
    if (match[i]) continue;
    std::string step = normalize_step(n.layers[i].created_by);
    if (step.empty()) continue;
    for (std::size_t j = 0; j < o.layers.size(); ++j)
      if (!old_used[j] && normalize_step(o.layers[j].created_by) == step) {
        match[i] = j;
        old_used[j] = true;
        break;
      }
  }
  for (std::size_t i = 0; i < n.layers.size(); ++i) {
    ImageDiff::LayerChange c;
    c.new_index = i;
    c.created_by = n.layers[i].created_by;
    c.new_bytes = n.layers[i].bytes;
    if (match[i]) {
      c.old_index = *match[i];
      c.old_bytes = o.layers[*match[i]].bytes;
      c.kind = o.layers[*match[i]].diff_id == n.layers[i].diff_id ? ImageDiff::LayerChange::Same
                                                                    : ImageDiff::LayerChange::Changed;
    } else {
      c.kind = ImageDiff::LayerChange::Added;
    }
    d.layers.push_back(c);
  }
  for (std::size_t j = 0; j < o.layers.size(); ++j) {
    if (old_used[j]) continue;
    ImageDiff::LayerChange c;
    c.kind = ImageDiff::LayerChange::Removed;
    c.old_index = j;
    c.created_by = o.layers[j].created_by;
    c.old_bytes = o.layers[j].bytes;
    d.layers.push_back(c);
  }

  d.has_categories = o.has_categories && n.has_categories;
  if (d.has_categories) {
    std::set<std::string> cats;
    for (const auto& [k, v] : o.categories) cats.insert(k);
    for (const auto& [k, v] : n.categories) cats.insert(k);
    for (const auto& k : cats) {
      ImageDiff::CategoryChange c;
      c.category = k;
      if (auto it = o.categories.find(k); it != o.categories.end()) c.old_bytes = it->second;
      if (auto it = n.categories.find(k); it != n.categories.end()) c.new_bytes = it->second;
      if (c.delta() != 0) d.categories.push_back(c);
    }
    sort_by_abs_delta(d.categories);
  }

  auto op = group_packages(o.packages), np = group_packages(n.packages);
  std::set<PackageKey> keys;
  for (const auto& [k, v] : op) keys.insert(k);
  for (const auto& [k, v] : np) keys.insert(k);
  for (const auto& k : keys) {
    ImageDiff::PackageChange c;
    std::tie(c.ecosystem, c.name, c.category) = k;
    auto oi = op.find(k), ni = np.find(k);
    if (oi != op.end()) {
      c.old_bytes = oi->second.bytes;
      c.old_version = join_versions(oi->second.versions);
    }
    if (ni != np.end()) {
      c.new_bytes = ni->second.bytes;
      c.new_version = join_versions(ni->second.versions);
    }
    if (c.delta() != 0 || c.old_version != c.new_version) d.packages.push_back(c);
  }
  sort_by_abs_delta(d.packages);

  auto add_file = [&](const std::string& path, std::uint64_t ob, std::uint64_t nb, bool added, bool removed) {
    ImageDiff::FileChange f{path, ob, nb, added, removed};
    if (static_cast<std::uint64_t>(std::llabs(f.delta())) >= threshold && f.delta() != 0) d.files.push_back(f);
    else if (f.delta() != 0 || added || removed) ++d.files_below_threshold;
  };
  auto oi = o.files.begin();
  auto ni = n.files.begin();
  while (oi != o.files.end() || ni != n.files.end()) {
    if (ni == n.files.end() || (oi != o.files.end() && oi->first < ni->first)) {
      add_file(oi->first, oi->second, 0, false, true);
      ++oi;
    } else if (oi == o.files.end() || ni->first < oi->first) {
      add_file(ni->first, 0, ni->second, true, false);
      ++ni;
    } else {
      if (oi->second != ni->second) add_file(ni->first, oi->second, ni->second, false, false);
      ++oi;
      ++ni;
    }
  }
  sort_by_abs_delta(d.files);
  return d;
}

}  // namespace imgslim::analyzers
