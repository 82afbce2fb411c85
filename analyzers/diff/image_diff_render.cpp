// Text, JSON and Markdown renderings of an ImageDiff.
#include <nlohmann/json.hpp>

#include <cstdio>
#include <sstream>

#include "analyzers/diff/image_diff.h"
#include "support/size.h"

namespace imgslim::analyzers {

namespace {

std::string pct(std::int64_t delta, std::uint64_t base) {
  if (base == 0) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, " (%+.1f %%)", 100.0 * static_cast<double>(delta) / static_cast<double>(base));
  return buf;
}

const char* kind_name(ImageDiff::LayerChange::Kind k) {
  switch (k) {
    case ImageDiff::LayerChange::Same: return "same";
    case ImageDiff::LayerChange::Changed: return "changed";
    case ImageDiff::LayerChange::Added: return "added";
    case ImageDiff::LayerChange::Removed: return "removed";
  }
  return "?";
}

std::string short_step(const std::string& s, std::size_t max = 70) {
  std::string t = s.empty() ? "(no history)" : s;
  for (auto& c : t)
    if (c == '\n' || c == '\t') c = ' ';
  return t.size() > max ? t.substr(0, max - 3) + "..." : t;
}

std::string versions(const ImageDiff::PackageChange& p) {
  if (p.old_version.empty()) return p.new_version + " (new)";
  if (p.new_version.empty()) return p.old_version + " (removed)";
  if (p.old_version != p.new_version) return p.old_version + " -> " + p.new_version;
  return p.new_version;
}

// "+41.0 MB dev-deps: typescript 5.4.5 (+23.0 MB), jest 29.7.0 (+18.0 MB)"
std::vector<std::string> category_lines(const ImageDiff& d, std::size_t per_category) {
  std::vector<std::string> lines;
  for (const auto& c : d.categories) {
    std::string line = format_size_delta(c.delta()) + " " + c.category;
    std::size_t shown = 0;
    for (const auto& p : d.packages) {
      if (p.category != c.category || shown == per_category) continue;
      line += (shown ? ", " : ": ") + p.name + " " + versions(p) + " (" + format_size_delta(p.delta()) + ")";
      ++shown;
    }
    lines.push_back(line);
  }
  return lines;
}

}  // namespace

std::string render_diff_text(const ImageDiff& d, std::size_t max_rows) {
  std::ostringstream o;
  o << d.old_ref << " -> " << d.new_ref << "\n";
  o << "  final size   " << format_size(d.old_final) << " -> " << format_size(d.new_final) << "  "
    << format_size_delta(d.final_delta) << pct(d.final_delta, d.old_final) << "\n";
  o << "  layers       " << format_size_delta(d.total_delta) << "   compressed " << format_size_delta(d.compressed_delta)
    << "   files " << (d.files_delta >= 0 ? "+" : "") << d.files_delta << "\n";
  if (d.has_categories && !d.categories.empty()) {
    o << "\nBy category:\n";
    for (const auto& line : category_lines(d, 3)) o << "  " << line << "\n";
  }
  o << "\nLayers:\n";
  for (const auto& l : d.layers) {
    if (l.kind == ImageDiff::LayerChange::Same) continue;
    char idx[32];
    std::snprintf(idx, sizeof idx, "%s%s", l.new_index ? ("#" + std::to_string(*l.new_index)).c_str() : "",
                  l.kind == ImageDiff::LayerChange::Removed ? ("old #" + std::to_string(*l.old_index)).c_str() : "");
    o << "  " << kind_name(l.kind) << " " << idx << " " << format_size_delta(l.delta()) << "  " << short_step(l.created_by)
      << "\n";
  }
  std::size_t same = 0;
  for (const auto& l : d.layers) same += l.kind == ImageDiff::LayerChange::Same;
  o << "  (" << same << " layer(s) identical)\n";
  if (!d.packages.empty()) {
    o << "\nPackages:\n";
    for (std::size_t i = 0; i < d.packages.size() && i < max_rows; ++i) {
      const auto& p = d.packages[i];
      o << "  " << format_size_delta(p.delta()) << "  " << p.ecosystem << ":" << p.name << " " << versions(p)
        << (p.category.empty() ? "" : " [" + p.category + "]") << "\n";
    }
    if (d.packages.size() > max_rows) o << "  ... " << d.packages.size() - max_rows << " more\n";
  }
  if (!d.files.empty()) {
    o << "\nFiles:\n";
    for (std::size_t i = 0; i < d.files.size() && i < max_rows; ++i) {
      const auto& f = d.files[i];
      o << "  " << format_size_delta(f.delta()) << "  " << (f.added ? "added   " : f.removed ? "removed " : "changed ")
        << "/" << f.path << "\n";
    }
    if (d.files.size() > max_rows) o << "  ... " << d.files.size() - max_rows << " more\n";
  }
  if (d.files_below_threshold) o << "  (" << d.files_below_threshold << " smaller file change(s) not listed)\n";
  return o.str();
}

std::string render_diff_json(const ImageDiff& d) {
  nlohmann::ordered_json j;
  j["schema_version"] = 1;
  j["old"] = d.old_ref;
  j["new"] = d.new_ref;
  j["final_bytes"] = {{"old", d.old_final}, {"new", d.new_final}, {"delta", d.final_delta}};
  j["total_bytes_delta"] = d.total_delta;
  j["compressed_bytes_delta"] = d.compressed_delta;
  j["final_files_delta"] = d.files_delta;
  j["layers"] = nlohmann::ordered_json::array();
  for (const auto& l : d.layers) {
    nlohmann::ordered_json e = {{"change", kind_name(l.kind)}, {"created_by", l.created_by},
                                {"old_bytes", l.old_bytes},   {"new_bytes", l.new_bytes},
                                {"delta", l.delta()}};
    e["old_index"] = l.old_index ? nlohmann::ordered_json(*l.old_index) : nlohmann::ordered_json(nullptr);
    e["new_index"] = l.new_index ? nlohmann::ordered_json(*l.new_index) : nlohmann::ordered_json(nullptr);
    j["layers"].push_back(e);
  }
  j["categories"] = nlohmann::ordered_json::object();
  for (const auto& c : d.categories)
    j["categories"][c.category] = {{"old", c.old_bytes}, {"new", c.new_bytes}, {"delta", c.delta()}};
  j["packages"] = nlohmann::ordered_json::array();
  for (const auto& p : d.packages)
    j["packages"].push_back({{"ecosystem", p.ecosystem}, {"name", p.name}, {"category", p.category},
                             {"old_version", p.old_version}, {"new_version", p.new_version},
                             {"old_bytes", p.old_bytes}, {"new_bytes", p.new_bytes}, {"delta", p.delta()}});
  j["files"] = nlohmann::ordered_json::array();
  for (const auto& f : d.files)
    j["files"].push_back({{"path", "/" + f.path}, {"change", f.added ? "added" : f.removed ? "removed" : "changed"},
                          {"old_bytes", f.old_bytes}, {"new_bytes", f.new_bytes}, {"delta", f.delta()}});
  j["files_below_threshold"] = d.files_below_threshold;
  return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

std::string render_diff_markdown(const ImageDiff& d, std::size_t max_rows) {
  std::ostringstream o;
  o << "### imgslim diff: `" << d.old_ref << "` → `" << d.new_ref << "`\n\n";
  o << "**Final size:** " << format_size(d.old_final) << " → " << format_size(d.new_final) << " (**"
    << format_size_delta(d.final_delta) << "**" << pct(d.final_delta, d.old_final) << ")\n\n";
  if (d.has_categories && !d.categories.empty()) {
    for (const auto& line : category_lines(d, 3)) o << "- " << line << "\n";
    o << "\n";
  }
  o << "| Layer | Change | Δ | Step |\n|---|---|---|---|\n";
  for (const auto& l : d.layers) {
    if (l.kind == ImageDiff::LayerChange::Same) continue;
    std::string step = short_step(l.created_by, 90);
    for (std::size_t p = step.find('|'); p != std::string::npos; p = step.find('|', p + 2)) step.replace(p, 1, "\\|");
    o << "| " << (l.new_index ? "#" + std::to_string(*l.new_index) : "old #" + std::to_string(*l.old_index)) << " | "
      << kind_name(l.kind) << " | " << format_size_delta(l.delta()) << " | `" << step << "` |\n";
  }
  if (!d.files.empty()) {
    o << "\n<details><summary>Files (" << d.files.size() << ")</summary>\n\n";
    for (std::size_t i = 0; i < d.files.size() && i < max_rows; ++i)
      o << "- " << format_size_delta(d.files[i].delta()) << " `/" << d.files[i].path << "`\n";
    o << "\n</details>\n";
  }
  return o.str();
}

}  // namespace imgslim::analyzers
