// Test helper: what a dumped DOM (chromium --dump-dom) of `imgslim report`
// shows: its visible text (scripts and tags removed), the figures the page
// marks with data-fig / data-value, and the layer explorer's rows.
#pragma once
#include <cmath>
#include <cstdint>
#include <map>
#include <regex>
#include <string>
#include <vector>

namespace imgslim::testing {

// The DOM without <script> and <style> elements (their source is not shown).
inline std::string without_scripts(std::string dom) {
  for (const char* tag : {"script", "style"}) {
    const std::string open = std::string("<") + tag, close = std::string("</") + tag + ">";
    for (std::size_t at = dom.find(open); at != std::string::npos; at = dom.find(open, at)) {
      std::size_t end = dom.find(close, at);
      if (end == std::string::npos) break;
      dom.erase(at, end + close.size() - at);
    }
  }
  return dom;
}

// The text between tags, each piece on its own line.
inline std::string dom_text(const std::string& dom) {
  std::string out;
  bool in_tag = false;
  for (char c : without_scripts(dom)) {
    if (c == '<') { in_tag = true; out += '\n'; }
    else if (c == '>') in_tag = false;
    else if (!in_tag) out += c;
  }
  return out;
}

struct ShownFigure {
  std::string value;  // data-value: the exact number
  std::string text;   // what the page shows
};

// data-fig KEY -> figure; keys repeated (explorer rows) keep the first.
inline std::map<std::string, ShownFigure> shown_figures(const std::string& dom) {
  static const std::regex fig(R"re(data-fig="([^"]*)" data-value="([^"]*)"[^>]*>([^<]*)<)re");
  std::map<std::string, ShownFigure> out;
  for (auto it = std::sregex_iterator(dom.begin(), dom.end(), fig); it != std::sregex_iterator(); ++it)
    out.emplace((*it)[1].str(), ShownFigure{(*it)[2].str(), (*it)[3].str()});
  return out;
}

struct ShownRow {
  std::string path, kind, mark;
  int depth = 0;
  bool hidden = false;
  std::string bytes, bytes_text;  // data-value and text of its bytes cell
};

inline std::vector<ShownRow> explorer_rows(const std::string& dom) {
  static const std::regex attrs(
      R"re(data-path="([^"]*)" data-depth="(\d+)" data-kind="(\w)" data-mark="(\w?)"( hidden="")?)re");
  static const std::regex bytes(R"re(data-fig="row.bytes" data-value="(\d*)"[^>]*>([^<]*)<)re");
  std::vector<ShownRow> out;
  for (std::size_t at = dom.find("<tr class=\"xrow"); at != std::string::npos; at = dom.find("<tr class=\"xrow", at + 1)) {
    const std::string tr = dom.substr(at, dom.find("</tr>", at) - at);
    std::smatch m, b;
    if (!std::regex_search(tr, m, attrs) || !std::regex_search(tr, b, bytes)) continue;
    out.push_back({m[1].str(), m[3].str(), m[4].str(), std::stoi(m[2].str()), m[5].matched, b[1].str(), b[2].str()});
  }
  return out;
}

// True when `text` is how the page shows `n` bytes: "812 B", or 1000-based
// units with 3 significant digits ("1.50 MB", "12.3 kB", "812 MB"), rounded
// to the nearest shown digit.
inline bool shows_size(const std::string& text, std::uint64_t n) {
  static const std::regex form(R"re((\d+)(?:\.(\d+))? (B|kB|MB|GB|TB))re");
  std::smatch m;
  if (!std::regex_match(text, m, form)) return false;
  static const std::map<std::string, double> unit = {{"B", 1}, {"kB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"TB", 1e12}};
  if (m[3] == "B") return !m[2].matched && m[1].str() == std::to_string(n);
  const double u = unit.at(m[3].str());
  const double v = static_cast<double>(n) / u;
  const std::size_t digits = m[2].matched ? m[2].length() : 0;
  const std::size_t want = v < 10 ? 2 : v < 100 ? 1 : 0;
  if (digits != want || v < 1 || v >= 1000) return false;
  const double shown = std::stod(m[1].str() + (digits ? "." + m[2].str() : ""));
  return std::abs(shown - v) <= 0.5 * std::pow(10.0, -static_cast<double>(digits)) + 1e-9;
}

}  // namespace imgslim::testing
