#include "compose/model/units.h"

#include <cctype>
#include <cmath>
#include <cstdio>

namespace imgslim::compose {
namespace {

std::optional<double> leading_number(std::string_view& s) {
  std::size_t i = 0;
  bool dot = false, digit = false;
  while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || (s[i] == '.' && !dot))) {
    if (s[i] == '.') dot = true;
    else digit = true;
    ++i;
  }
  if (!digit) return std::nullopt;
  double v = std::strtod(std::string(s.substr(0, i)).c_str(), nullptr);
  s.remove_prefix(i);
  return v;
}

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<std::uint64_t> parse_memory(std::string_view text) {
  std::string_view s = trimmed(text);
  auto num = leading_number(s);
  if (!num) return std::nullopt;
  std::string unit;
  for (char c : trimmed(s)) unit += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  double mult;
  if (unit.empty() || unit == "b") mult = 1;
  else if (unit == "k" || unit == "kb" || unit == "ki" || unit == "kib") mult = 1024.0;
  else if (unit == "m" || unit == "mb" || unit == "mi" || unit == "mib") mult = 1024.0 * 1024;
  else if (unit == "g" || unit == "gb" || unit == "gi" || unit == "gib") mult = 1024.0 * 1024 * 1024;
  else if (unit == "t" || unit == "tb" || unit == "ti" || unit == "tib") mult = 1024.0 * 1024 * 1024 * 1024;
  else return std::nullopt;
  double bytes = *num * mult;
  if (!std::isfinite(bytes) || bytes > 1.8e19) return std::nullopt;
  return static_cast<std::uint64_t>(std::llround(bytes));
}

std::optional<double> parse_duration_seconds(std::string_view text) {
  std::string_view s = trimmed(text);
  if (s.empty()) return std::nullopt;
  double total = 0;
  while (!s.empty()) {
    auto num = leading_number(s);
    if (!num) return std::nullopt;
    std::string unit;
    while (!s.empty() && std::isalpha(static_cast<unsigned char>(s.front()))) {
      unit += s.front();
      s.remove_prefix(1);
    }
    double mult;
    if (unit == "h") mult = 3600;
    else if (unit == "m") mult = 60;
    else if (unit == "s") mult = 1;
    else if (unit == "ms") mult = 1e-3;
    else if (unit == "us" || unit == "µs") mult = 1e-6;
    else if (unit == "ns") mult = 1e-9;
    else if (unit.empty()) mult = 1e-9;  // a bare number: nanoseconds (Docker's API unit)
    else return std::nullopt;
    total += *num * mult;
  }
  return total;
}

std::optional<double> parse_cpus(std::string_view text) {
  std::string_view s = trimmed(text);
  auto num = leading_number(s);
  if (!num || !trimmed(s).empty()) return std::nullopt;
  return *num;
}

std::string format_decimal(double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", value);
  std::string s = buf;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

std::string format_mib(std::uint64_t bytes) {
  char buf[48];
  double mib = static_cast<double>(bytes) / kMiB;
  if (bytes >= 10 * kGiB) std::snprintf(buf, sizeof buf, "%.1f GiB", mib / 1024);
  else if (mib >= 100 || std::fabs(mib - std::round(mib)) < 0.05) std::snprintf(buf, sizeof buf, "%.0f MiB", mib);
  else std::snprintf(buf, sizeof buf, "%.1f MiB", mib);
  return buf;
}

}  // namespace imgslim::compose
