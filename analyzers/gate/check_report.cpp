#include "analyzers/gate/check_report.h"

#include <nlohmann/json.hpp>

#include "support/version.h"

#include <algorithm>
#include <sstream>

namespace imgslim::analyzers {





bool CheckReport::failed() const { return count(RuleStatus::Fail) > 0; }

std::size_t CheckReport::count(RuleStatus s) const {
  std::size_t n = 0;
  for (const auto& o : outcomes) n += o.status == s;
  return n;
}

namespace {

const std::optional<SourceLocation>& location_of(const CheckReport& r, std::size_t i) {
  static const std::optional<SourceLocation> none;
  return i < r.locations.size() ? r.locations[i] : none;
}

std::string summary_line(const CheckReport& r) {
  std::ostringstream o;
  o << (r.failed() ? "FAIL" : "PASS") << ": " << r.ref << " — " << r.count(RuleStatus::Pass) << " passed, "
    << r.count(RuleStatus::Fail) << " failed, " << r.count(RuleStatus::Skip) << " skipped";
  return o.str();
}

std::string xml_escape(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        // XML 1.0 forbids most control characters even as references.
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') out += "?";
        else out += static_cast<char>(c);
    }
  }
  return out;
}

// GitHub's workflow-command escaping for data and properties.
std::string gh_escape(const std::string& s, bool property) {
  std::string out;
  for (char c : s) {
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else if (property && c == ':') out += "%3A";
    else if (property && c == ',') out += "%2C";
    else out += c;
  }
  return out;
}

// Text for a Markdown table cell: pipes and newlines escaped, and outside
// `code spans` the characters GitHub would read as emphasis (so a glob like
// **/.env stays literal).
std::string md_escape(const std::string& s) {
  std::string out;
  bool code = false;
  for (char c : s) {
    if (c == '`') code = !code;
    if (c == '|') out += "\\|";
    else if (c == '\n') out += ' ';
    else if (!code && (c == '*' || c == '_' || c == '~')) out += std::string("\\") + c;
    else out += c;
  }
  return out;
}

// A value as a code span (backticks inside are kept by a longer fence).
std::string md_code(const std::string& s) {
  if (s.empty()) return "";
  const std::string fence = s.find('`') == std::string::npos ? "`" : "``";
  std::string body;
  for (char c : s) body += c == '|' ? std::string("\\|") : c == '\n' ? std::string(" ") : std::string(1, c);
  return fence + (fence.size() > 1 ? " " : "") + body + (fence.size() > 1 ? " " : "") + fence;
}

// forbid-paths' limit lists globs ("none of: **/.env, *.pem"): each one quoted.
std::string md_limit(const RuleOutcome& x) {
  const std::string prefix = "none of: ";
  if (x.rule != "forbid-paths" || x.limit.rfind(prefix, 0) != 0) return md_escape(x.limit);
  std::string out = "none of: ";
  std::size_t at = prefix.size();
  while (at <= x.limit.size()) {
    std::size_t comma = x.limit.find(", ", at);
    if (comma == std::string::npos) comma = x.limit.size();
    out += (at > prefix.size() ? ", " : "") + md_code(x.limit.substr(at, comma - at));
    at = comma + 2;
  }
  return out;
}

std::string rule_help(const std::string& rule) {
  if (rule == "max-size") return "Final filesystem bytes must stay within the budget.";
  if (rule == "max-total-size") return "The sum of all layers' content bytes must stay within the budget.";
  if (rule == "max-compressed-size") return "Compressed (pushed) bytes must stay within the budget.";
  if (rule == "max-layer-size") return "No single layer may exceed the budget.";
  if (rule == "max-layers") return "The number of layers must stay within the budget.";
  if (rule == "min-efficiency") return "dive's image efficiency score must not fall below the minimum.";
  if (rule == "max-wasted-bytes") return "dive's wasted bytes must stay within the budget.";
  if (rule == "max-wasted-percent") return "dive's user wasted percent must stay within the budget.";
  if (rule == "max-reclaimable-bytes") return "Bytes shipped in layers but invisible in the final image must stay within the budget.";
  if (rule.rfind("categories.", 0) == 0) return "Bytes attributed to category " + rule.substr(11) + " must stay within the budget.";
  if (rule == "max-package-size") return "No single package may exceed the budget.";
  if (rule == "require-non-root") return "The container must run as an unprivileged user.";
  if (rule == "require-init") return "PID 1 must be an init process (dumb-init, tini) that forwards signals and reaps zombies.";
  if (rule == "require-healthcheck") return "The image must declare a HEALTHCHECK.";
  if (rule == "forbid-paths") return "Forbidden files (secrets, keys) must not ship in the final image.";
  if (rule == "max-growth") return "The image may not grow more than allowed against the baseline.";
  return "imgslim budget rule.";
}

}  // namespace

std::string render_check_text(const CheckReport& r, bool color) {
  auto paint = [&](const char* code, const std::string& s) {
    return color ? std::string("\033[") + code + "m" + s + "\033[0m" : s;
  };
  std::ostringstream o;
  o << "Budget: " << r.budget_file;
  if (r.budget_line) o << ":" << r.budget_line;
  o << " (image: \"" << r.budget_image << "\")\n";
  for (std::size_t i = 0; i < r.outcomes.size(); ++i) {
    const auto& x = r.outcomes[i];
    std::string st = status_name(x.status);
    if (x.status == RuleStatus::Fail) st = paint("1;31", st);
    else if (x.status == RuleStatus::Pass) st = paint("32", st);
    else st = paint("34", st);
    o << "  " << st << "  " << x.rule;
    if (!x.measured.empty()) o << ": " << x.measured;
    if (!x.limit.empty()) o << " (limit " << x.limit << ")";
    o << "\n";
    if (x.status == RuleStatus::Fail || x.status == RuleStatus::Skip) o << "        " << x.message << "\n";
    if (x.status == RuleStatus::Fail) {
      for (const auto& off : x.offenders) o << "        - " << off << "\n";
      if (const auto& loc = location_of(r, i))
        o << "        at " << loc->file << ":" << loc->line << ": " << loc->instruction << "\n";
    }
  }
  std::string s = summary_line(r);
  o << (r.failed() ? paint("1;31", s) : paint("32", s)) << "\n";
  return o.str();
}

std::string render_check_json(const CheckReport& r) {
  nlohmann::ordered_json j;
  j["schema_version"] = 1;
  j["ref"] = r.ref;
  j["result"] = r.failed() ? "fail" : "pass";
  j["budget"] = {{"file", r.budget_file}, {"line", r.budget_line}, {"image", r.budget_image}};
  j["passed"] = r.count(RuleStatus::Pass);
  j["failed"] = r.count(RuleStatus::Fail);
  j["skipped"] = r.count(RuleStatus::Skip);
  j["rules"] = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < r.outcomes.size(); ++i) {
    const auto& x = r.outcomes[i];
    nlohmann::ordered_json e = {{"rule", x.rule},
                                {"status", status_name(x.status)},
                                {"measured", x.measured},
                                {"limit", x.limit},
                                {"message", x.message},
                                {"offenders", x.offenders}};
    e["layer"] = x.layer ? nlohmann::ordered_json(*x.layer) : nlohmann::ordered_json(nullptr);
    if (const auto& loc = location_of(r, i))
      e["location"] = {{"file", loc->file}, {"line", loc->line}, {"column", loc->column}, {"instruction", loc->instruction}};
    j["rules"].push_back(e);
  }
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string render_check_junit(const CheckReport& r) {
  std::ostringstream o;
  o << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  o << "<testsuites name=\"imgslim check\" tests=\"" << r.outcomes.size() << "\" failures=\""
    << r.count(RuleStatus::Fail) << "\" errors=\"0\" skipped=\"" << r.count(RuleStatus::Skip) << "\">\n";
  o << "  <testsuite name=\"" << xml_escape(r.ref) << "\" tests=\"" << r.outcomes.size() << "\" failures=\""
    << r.count(RuleStatus::Fail) << "\" errors=\"0\" skipped=\"" << r.count(RuleStatus::Skip) << "\">\n";
  o << "    <properties>\n";
  o << "      <property name=\"budget-file\" value=\"" << xml_escape(r.budget_file) << "\"/>\n";
  o << "      <property name=\"budget-image\" value=\"" << xml_escape(r.budget_image) << "\"/>\n";
  o << "    </properties>\n";
  for (std::size_t i = 0; i < r.outcomes.size(); ++i) {
    const auto& x = r.outcomes[i];
    o << "    <testcase classname=\"imgslim.check\" name=\"" << xml_escape(x.rule) << "\"";
    if (const auto& loc = location_of(r, i)) o << " file=\"" << xml_escape(loc->file) << "\" line=\"" << loc->line << "\"";
    o << ">\n";
    if (x.status == RuleStatus::Fail) {
      o << "      <failure message=\"" << xml_escape(x.message) << "\" type=\"" << xml_escape(x.rule) << "\">";
      std::string body = "measured " + x.measured + ", limit " + x.limit;
      for (const auto& off : x.offenders) body += "\n- " + off;
      o << xml_escape(body) << "</failure>\n";
    } else if (x.status == RuleStatus::Skip) {
      o << "      <skipped message=\"" << xml_escape(x.message) << "\"/>\n";
    } else {
      o << "      <system-out>" << xml_escape(x.message) << "</system-out>\n";
    }
    o << "    </testcase>\n";
  }
  o << "  </testsuite>\n</testsuites>\n";
  return o.str();
}

std::string render_check_sarif(const CheckReport& r) {
  using J = nlohmann::ordered_json;
  J rules = J::array();
  std::vector<std::string> ids;
  for (const auto& x : r.outcomes) {
    if (std::find(ids.begin(), ids.end(), x.rule) != ids.end()) continue;
    ids.push_back(x.rule);
    rules.push_back({{"id", x.rule},
                     {"name", x.rule},
                     {"shortDescription", {{"text", rule_help(x.rule)}}},
                     {"helpUri", "https://github.com/imgslim/imgslim/blob/main/docs/check.md"},
                     {"defaultConfiguration", {{"level", "error"}}}});
  }
  J results = J::array();
  for (std::size_t i = 0; i < r.outcomes.size(); ++i) {
    const auto& x = r.outcomes[i];
    if (x.status != RuleStatus::Fail) continue;
    std::size_t rule_index = std::find(ids.begin(), ids.end(), x.rule) - ids.begin();
    std::string text = x.message;
    for (const auto& off : x.offenders) text += "\n- " + off;
    J res = {{"ruleId", x.rule}, {"ruleIndex", rule_index}, {"level", "error"}, {"message", {{"text", text}}}};
    J phys;
    if (const auto& loc = location_of(r, i)) {
      phys = {{"artifactLocation", {{"uri", loc->file}}},
              {"region", {{"startLine", loc->line}, {"startColumn", loc->column}}}};
    } else {
      // No Dockerfile line known: point at the budget entry that failed.
      phys = {{"artifactLocation", {{"uri", r.budget_file}}},
              {"region", {{"startLine", std::max(1, r.budget_line)}}}};
    }
    res["locations"] = J::array({{{"physicalLocation", phys}}});
    res["properties"] = {{"measured", x.measured}, {"limit", x.limit}, {"image", r.ref}};
    results.push_back(res);
  }
  J run = {{"tool", {{"driver", {{"name", "imgslim"},
                                 {"informationUri", "https://github.com/imgslim/imgslim"},
                                 {"version", imgslim::version()},
                                 {"rules", rules}}}}},
           {"results", results}};
  J doc = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"}, {"version", "2.1.0"}, {"runs", J::array({run})}};
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string render_check_markdown(const CheckReport& r) {
  std::ostringstream o;
  o << "### imgslim check: " << (r.failed() ? "❌ " : "✅ ") << "`" << md_escape(r.ref) << "`\n\n";
  o << "Budget `" << md_escape(r.budget_image) << "` from `" << md_escape(r.budget_file) << "`: "
    << r.count(RuleStatus::Pass) << " passed, " << r.count(RuleStatus::Fail) << " failed, "
    << r.count(RuleStatus::Skip) << " skipped.\n\n";
  o << "| Rule | Result | Measured | Limit | Details |\n|---|---|---|---|---|\n";
  for (std::size_t i = 0; i < r.outcomes.size(); ++i) {
    const auto& x = r.outcomes[i];
    std::string details = x.status == RuleStatus::Pass ? "" : x.message;
    if (x.status == RuleStatus::Fail) {
      for (const auto& off : x.offenders) details += "<br>• " + off;
      if (const auto& loc = location_of(r, i))
        details += "<br>at `" + loc->file + ":" + std::to_string(loc->line) + "` `" + loc->instruction + "`";
    }
    o << "| `" << md_escape(x.rule) << "` | " << status_name(x.status) << " | " << md_escape(x.measured) << " | "
      << md_limit(x) << " | " << md_escape(details) << " |\n";
  }
  return o.str();
}

std::string render_github_annotations(const CheckReport& r) {
  std::ostringstream o;
  for (std::size_t i = 0; i < r.outcomes.size(); ++i) {
    const auto& x = r.outcomes[i];
    if (x.status != RuleStatus::Fail) continue;
    o << "::error ";
    if (const auto& loc = location_of(r, i))
      o << "file=" << gh_escape(loc->file, true) << ",line=" << loc->line << ",";
    else if (!r.budget_file.empty())
      o << "file=" << gh_escape(r.budget_file, true) << ",line=" << std::max(1, r.budget_line) << ",";
    o << "title=" << gh_escape("imgslim " + x.rule, true) << "::" << gh_escape(r.ref + ": " + x.message, false) << "\n";
  }
  return o.str();
}

}  // namespace imgslim::analyzers
