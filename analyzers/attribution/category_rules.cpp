#include "analyzers/attribution/category_rules.h"

#include "support/glob.h"

namespace imgslim::analyzers {
namespace {

bool is_special(char c) { return c == '*' || c == '?' || c == '[' || c == '\\'; }

std::string_view strip_slashes(std::string_view s) {
  while (!s.empty() && s.front() == '/') s.remove_prefix(1);
  while (!s.empty() && s.back() == '/') s.remove_suffix(1);
  return s;
}

}  // namespace

PathRuleSet::PathRuleSet(std::vector<PathRule> rules) : rules_(std::move(rules)) { compile(); }

void PathRuleSet::prepend(std::vector<PathRule> rules) {
  rules.insert(rules.end(), rules_.begin(), rules_.end());
  rules_ = std::move(rules);
  compile();
}

// Literal pieces of each pattern give cheap necessary conditions, so the
// full glob match runs only on plausible paths.
void PathRuleSet::compile() {
  compiled_.clear();
  for (auto& r : rules_) {
    std::string_view p = r.pattern;
    while (p.starts_with("/")) p.remove_prefix(1);
    Compiled c;
    c.basename_only = p.find('/') == std::string_view::npos;
    std::size_t first = 0;
    while (first < p.size() && !is_special(p[first])) ++first;
    std::size_t last = p.size();
    while (last > 0 && !is_special(p[last - 1])) --last;
    if (first == p.size()) {  // no wildcard at all
      c.prefix = c.basename_only ? "" : std::string(p);
      c.suffix = std::string(p);
      c.needle = std::string(p);
    } else {
      if (!c.basename_only) c.prefix = std::string(strip_slashes(p.substr(0, first)));
      c.suffix = std::string(strip_slashes(p.substr(last)));
      std::size_t i = 0;
      while (i < p.size()) {
        while (i < p.size() && is_special(p[i])) {
          if (p[i] == '[') {
            auto close = p.find(']', i + 2);
            i = close == std::string_view::npos ? p.size() : close + 1;
          } else {
            i += p[i] == '\\' ? 2 : 1;
          }
        }
        std::size_t j = i;
        while (j < p.size() && !is_special(p[j])) ++j;
        std::string_view piece = strip_slashes(p.substr(i, j - i));
        if (piece.size() > c.needle.size()) c.needle = std::string(piece);
        i = j;
      }
    }
    compiled_.push_back(std::move(c));
  }
}

const PathRule* PathRuleSet::match(std::string_view path) const {
  for (std::size_t i = 0; i < rules_.size(); ++i) {
    const Compiled& c = compiled_[i];
    if (!c.prefix.empty() && !path.starts_with(c.prefix)) continue;
    if (!c.suffix.empty() && !path.ends_with(c.suffix)) continue;
    if (!c.needle.empty() && path.find(c.needle) == std::string_view::npos) continue;
    if (glob_match_path(rules_[i].pattern, path)) return &rules_[i];
  }
  return nullptr;
}

const PackageRule* AttributionRules::match_package(std::string_view ecosystem, std::string_view name,
                                                   bool node_image) const {
  for (auto& r : packages) {
    if (r.ecosystem != "*" && r.ecosystem != ecosystem) continue;
    if (r.only_in_node_images && !node_image) continue;
    if (glob_match(r.pattern, name)) return &r;
  }
  return nullptr;
}

}  // namespace imgslim::analyzers
