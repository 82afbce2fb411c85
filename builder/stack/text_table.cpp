#include "builder/stack/text_table.h"

#include <algorithm>
#include <sstream>

namespace imgslim::builder::stack {
namespace {

// Characters as a terminal shows them: UTF-8 continuation bytes take no column.
std::size_t columns(const std::string& s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

}  // namespace

std::string text_table(const TableRows& rows) {
  std::vector<std::size_t> width;
  for (const auto& r : rows)
    for (std::size_t i = 0; i < r.size(); ++i) {
      if (width.size() <= i) width.push_back(0);
      width[i] = std::max(width[i], columns(r[i]));
    }
  std::ostringstream out;
  for (const auto& r : rows) {
    std::string line;
    for (std::size_t i = 0; i < r.size(); ++i)
      line += r[i] + (i + 1 < r.size() ? std::string(width[i] - columns(r[i]) + 2, ' ') : "");
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << "\n";
  }
  return out.str();
}

std::string markdown_table(const TableRows& rows) {
  std::ostringstream out;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    out << "|";
    for (const auto& c : rows[r]) out << " " << c << " |";
    out << "\n";
    if (r == 0) {
      out << "|";
      for (std::size_t i = 0; i < rows[r].size(); ++i) out << (i == 0 ? "---|" : "---:|");
      out << "\n";
    }
  }
  return out.str();
}

}  // namespace imgslim::builder::stack
