// Renders a MeasureReport: an aligned text table, JSON, or a Markdown PR comment.
#include <cstdio>
#include <nlohmann/json.hpp>
#include <vector>

#include "builder/measure.h"
#include "builder/measure_savings.h"
#include "support/error.h"
#include "support/size.h"

namespace imgslim::builder {
namespace {

const VariantResult* baseline(const MeasureReport& r) {
  return !r.variants.empty() && r.variants[0].built ? &r.variants[0] : nullptr;
}

// The categories a rewrite removes, in the table's column order; all
// categories are in the JSON.
std::vector<std::string> category_ids(const MeasureReport& r) {
  static const std::vector<std::string> shown = {"dev-deps", "pm-cache", "build-tooling", "docs", "wasted"};
  std::vector<std::string> ids;
  for (const auto& c : shown)
    for (const auto& v : r.variants)
      if (v.categories.count(c)) {
        ids.push_back(c);
        break;
      }
  return ids;
}

std::string fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string percent(const VariantResult& v, const VariantResult* base) {
  if (!base || !v.built || base->facts.size == 0) return "";
  double p = 100.0 * (static_cast<double>(v.facts.size) - static_cast<double>(base->facts.size)) /
             static_cast<double>(base->facts.size);
  return (p > 0 ? "+" : "") + fixed(p, 1) + " %";
}

std::string smoke_cell(const VariantResult& v) {
  if (!v.built) return "build failed";
  if (!v.smoke.ok) return "FAIL (" + v.smoke.method + ")";
  return "ok (" + v.smoke.method + ", " + v.smoke.user +
         (v.smoke.main_process.empty() ? "" : ", " + v.smoke.main_process) + ")";
}

bool timed(const MeasureReport& r) {
  for (const auto& v : r.variants)
    if (v.times) return true;
  return false;
}

std::string seconds_cell(const std::optional<double>& s) { return s ? fixed(*s, 1) + " s" : "?"; }

std::vector<std::vector<std::string>> rows(const MeasureReport& r, const std::vector<std::string>& cats) {
  const VariantResult* base = baseline(r);
  const bool times = timed(r);
  std::vector<std::vector<std::string>> out;
  std::vector<std::string> head = {"variant", "size", "Δ bytes", "Δ %"};
  for (const auto& c : cats) head.push_back("Δ " + c);
  head.insert(head.end(), {"layers", "build"});
  if (times) head.insert(head.end(), {"cold build", "rebuild"});
  head.insert(head.end(), {"smoke", "startup", "memory"});
  out.push_back(head);
  for (const auto& v : r.variants) {
    std::vector<std::string> row = {v.name};
    if (!v.built) {
      row.resize(head.size(), "");
      row[head.size() - 3] = smoke_cell(v);
      row[head.size() - (times ? 6 : 4)] = fixed(v.build_seconds, 1) + " s";
      out.push_back(row);
      continue;
    }
    auto delta = base ? static_cast<std::int64_t>(v.facts.size) - static_cast<std::int64_t>(base->facts.size) : 0;
    row.push_back(format_size(v.facts.size));
    row.push_back(base ? format_size_delta(delta) : "");
    row.push_back(percent(v, base));
    for (const auto& c : cats) {
      auto get = [&](const VariantResult& x) {
        auto it = x.categories.find(c);
        return it == x.categories.end() ? std::int64_t{0} : static_cast<std::int64_t>(it->second);
      };
      bool known = !v.categories.empty() && base && !base->categories.empty();
      row.push_back(known ? format_size_delta(get(v) - get(*base)) : "?");
    }
    row.push_back(std::to_string(v.facts.layers));
    row.push_back(fixed(v.build_seconds, 1) + " s");
    if (times) {
      row.push_back(v.times ? seconds_cell(v.times->cold_seconds) : "");
      row.push_back(v.times ? seconds_cell(v.times->rebuild_seconds) : "");
    }
    row.push_back(smoke_cell(v));
    row.push_back(v.smoke.ok ? fixed(v.smoke.startup_seconds, 1) + " s" : "");
    row.push_back(v.smoke.memory_bytes ? format_size(*v.smoke.memory_bytes) : "");
    out.push_back(row);
  }
  return out;
}

std::size_t width(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// What the two build-time columns mean, and which file changed.
std::string build_times_note(const MeasureReport& r) {
  std::string file;
  for (const auto& v : r.variants)
    if (v.times && !v.times->changed_file.empty()) file = v.times->changed_file;
  return std::string("cold build: docker build ") + kColdBuildMethod +
         " (every step runs again, on the base images as present); rebuild: after " +
         (file.empty() ? "a source change" : "a comment line was appended to " + file) +
         ", with the cache the cold build left (in a scratch copy of the context)";
}

std::vector<std::string> failures(const MeasureReport& r) {
  std::vector<std::string> out;
  for (const auto& v : r.variants) {
    if (!v.built) out.push_back(v.name + ": " + v.error);
    else if (!v.smoke.ok) out.push_back(v.name + ": smoke check failed: " + v.smoke.reason);
    if (v.built && v.times && !v.times->ok()) out.push_back(v.name + ": build times: " + v.times->error);
  }
  return out;
}

std::string render_text(const MeasureReport& r) {
  auto table = rows(r, category_ids(r));
  std::vector<std::size_t> w(table[0].size(), 0);
  for (const auto& row : table)
    for (std::size_t i = 0; i < row.size(); ++i) w[i] = std::max(w[i], width(row[i]));
  std::string out;
  for (const auto& row : table) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      std::string pad(w[i] - width(row[i]), ' ');
      line += (i == 0 || i + 3 >= row.size()) ? row[i] + pad : pad + row[i];
      if (i + 1 < row.size()) line += "  ";
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  for (const auto& s : rule_savings(r))
    out += "\n" + s.rule + ": " + format_size_delta(-s.bytes) + " (" + std::to_string(-s.bytes) +
           " bytes; all against all-but-" + s.rule + ")\n";
  if (timed(r)) out += "\n" + build_times_note(r) + "\n";
  for (const auto& f : failures(r)) out += "\n" + f + "\n";
  for (const auto& v : r.variants)
    if (!v.categories_error.empty()) out += "\nnote: " + v.name + ": categories unavailable: " + v.categories_error + "\n";
  out += "\nengine: " + r.engine + (r.kept ? "; images kept as imgslim-measure/" + r.run_id + ":<variant>" : "") + "\n";
  return out;
}

std::string render_markdown(const MeasureReport& r) {
  auto table = rows(r, category_ids(r));
  std::string out = "### imgslim: measured image sizes\n\n";
  for (std::size_t i = 0; i < table.size(); ++i) {
    out += "|";
    for (const auto& cell : table[i]) out += " " + (i > 0 && &cell == &table[i][0] ? "`" + cell + "`" : cell) + " |";
    out += "\n";
    if (i == 0) {
      out += "|";
      for (std::size_t c = 0; c < table[0].size(); ++c) out += c == 0 ? "---|" : "---:|";
      out += "\n";
    }
  }
  if (timed(r)) out += "\n" + build_times_note(r) + "\n";
  auto f = failures(r);
  if (!f.empty()) {
    out += "\n<details><summary>Failures</summary>\n\n";
    for (const auto& s : f) out += "```\n" + s + "\n```\n";
    out += "</details>\n";
  }
  out += "\n<sub>Built and started with " + r.engine + ".</sub>\n";
  return out;
}

std::string render_json(const MeasureReport& r) {
  const VariantResult* base = baseline(r);
  nlohmann::json j;
  j["schema_version"] = 1;
  j["engine"] = r.engine;
  j["run_id"] = r.run_id;
  j["baseline"] = r.variants.empty() ? "" : r.variants[0].name;
  j["ok"] = r.exit_code() == 0;
  j["variants"] = nlohmann::json::array();
  for (const auto& v : r.variants) {
    nlohmann::json x;
    x["name"] = v.name;
    x["dockerfile"] = v.dockerfile;
    x["built"] = v.built;
    x["ok"] = v.ok();
    x["build_seconds"] = v.build_seconds;
    x["log"] = v.log_path;
    if (r.kept && v.built) x["image"] = v.image;
    if (!v.built) {
      x["error"] = v.error;
    } else {
      x["size_bytes"] = v.facts.size;
      x["layers"] = v.facts.layers;
      if (base) {
        auto d = static_cast<std::int64_t>(v.facts.size) - static_cast<std::int64_t>(base->facts.size);
        x["delta_bytes"] = d;
        x["delta_percent"] = base->facts.size ? 100.0 * static_cast<double>(d) / static_cast<double>(base->facts.size) : 0.0;
      }
      if (v.times) {
        auto opt = [](const std::optional<double>& d) { return d ? nlohmann::json(*d) : nlohmann::json(nullptr); };
        x["build_times"] = {{"method", kColdBuildMethod},
                            {"cold_seconds", opt(v.times->cold_seconds)},
                            {"rebuild_seconds", opt(v.times->rebuild_seconds)},
                            {"changed_file", v.times->changed_file},
                            {"error", v.times->error}};
      }
      x["categories"] = v.categories;
      if (!v.categories_error.empty()) x["categories_error"] = v.categories_error;
      nlohmann::json s;
      s["ok"] = v.smoke.ok;
      s["method"] = v.smoke.method;
      if (!v.smoke.ok) s["reason"] = v.smoke.reason;
      s["user"] = v.smoke.user;
      if (v.smoke.uid >= 0) s["uid"] = v.smoke.uid;
      if (!v.smoke.main_process.empty()) s["main_process"] = v.smoke.main_process;
      if (v.smoke.ok) s["startup_seconds"] = v.smoke.startup_seconds;
      if (v.smoke.memory_bytes) s["memory_bytes"] = *v.smoke.memory_bytes;
      x["smoke"] = s;
    }
    j["variants"].push_back(x);
  }
  for (const auto& s : rule_savings(r)) j["rule_savings"][s.rule] = s.bytes;
  return j.dump(2) + "\n";
}

}  // namespace

std::string render_measure(const MeasureReport& report, const std::string& format) {
  if (format == "text") return render_text(report);
  if (format == "json") return render_json(report);
  if (format == "markdown") return render_markdown(report);
  throw Error("--format", "unknown format '" + format + "' (text, json, markdown)");
}

}  // namespace imgslim::builder
