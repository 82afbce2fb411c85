#include <algorithm>
#include <cstdio>
#include <map>
#include <tuple>

#include "analyzers/report/attribution_report.h"
#include "support/size.h"

namespace imgslim::analyzers {
namespace {

std::string pad(std::string s, std::size_t w, bool right = false) {
  // Width in code points, so "…" counts once.
  std::size_t cps = 0;
  for (unsigned char c : s) cps += (c & 0xC0) != 0x80;
  if (cps >= w) return s;
  return right ? std::string(w - cps, ' ') + s : s + std::string(w - cps, ' ');
}

std::string percent(std::uint64_t part, std::uint64_t whole) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f%%", whole ? 100.0 * static_cast<double>(part) / static_cast<double>(whole) : 0.0);
  return buf;
}

}  // namespace

std::string render_attribution_text(const Attribution& a, std::size_t top) {
  std::string out;
  out += "Where the bytes are (" + format_size(a.total_bytes) + " in all layers, " + format_size(a.final_bytes) +
         " in the final image)\n";
  out += "  " + pad("category", 15) + pad("bytes", 10, true) + pad("share", 8, true) + pad("files", 9, true) +
         "  main step\n";
  for (Category c : kAllCategories) {
    const CategoryTotal& t = a[c];
    std::string step;
    if (t.bytes > 0) {
      auto it = std::max_element(t.layer_bytes.begin(), t.layer_bytes.end());
      std::size_t l = static_cast<std::size_t>(it - t.layer_bytes.begin());
      step = "layer " + std::to_string(l);
      if (l < a.layer_steps.size() && !a.layer_steps[l].empty()) step += " " + short_step(a.layer_steps[l], 48);
    }
    out += "  " + pad(std::string(category_id(c)), 15) + pad(format_size(t.bytes), 10, true) +
           pad(percent(t.bytes, a.total_bytes), 8, true) + pad(std::to_string(t.files), 9, true) + "  " + step + "\n";
  }

  // Top packages per category; copies of one version at several paths are
  // one row, each version its own.
  bool header = false;
  for (Category c : kAllCategories) {
    std::map<std::tuple<std::string, std::string, std::string>, std::uint64_t> merged;
    for (const PackageAttribution& p : a.packages)
      if (p.category == c) merged[{p.ecosystem, p.name, p.version}] += p.bytes;
    if (merged.empty()) continue;
    std::vector<std::pair<std::uint64_t, std::string>> rows;
    for (auto& [key, bytes] : merged) {
      const auto& [ecosystem, name, version] = key;
      rows.push_back({bytes, name + (version.empty() ? "" : "@" + version) + " (" + ecosystem + ")"});
    }
    std::sort(rows.begin(), rows.end(), [](auto& x, auto& y) { return x.first != y.first ? x.first > y.first : x.second < y.second; });
    if (!header) {
      out += "\nTop packages\n";
      header = true;
    }
    std::string line = "  " + pad(std::string(category_id(c)), 15);
    for (std::size_t i = 0; i < rows.size() && i < top; ++i)
      line += (i ? ", " : "") + rows[i].second + " " + format_size(rows[i].first);
    if (rows.size() > top) line += ", … (" + std::to_string(rows.size()) + " packages)";
    out += line + "\n";
  }

  if (!a.findings.empty()) {
    out += "\nFindings\n";
    for (const Finding& f : a.findings) out += "  [" + f.rule + "] " + f.message + "\n";
  }
  if (!a.lockfiles.empty()) {
    out += "\nLockfiles: ";
    for (std::size_t i = 0; i < a.lockfiles.size(); ++i) out += (i ? ", " : "") + a.lockfiles[i];
    out += "\n";
  }
  for (const std::string& n : a.notes) out += "note: " + n + "\n";
  return out;
}

}  // namespace imgslim::analyzers
