#include <charconv>

#include "analyzers/attribution/packages/os_packages.h"
#include "support/error.h"

namespace imgslim::analyzers {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r' || s.back() == '\t')) s.remove_suffix(1);
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  return s;
}

template <typename F>
void for_each_line(std::string_view text, F&& f) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    f(line);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
  }
}

std::string db_path(std::string_view p) {
  p = trim(p);
  while (p.starts_with("./")) p.remove_prefix(2);
  while (p.starts_with("/")) p.remove_prefix(1);
  while (p.size() > 1 && p.ends_with("/")) p.remove_suffix(1);
  return std::string(p);
}

std::uint64_t to_u64(std::string_view s) {
  std::uint64_t v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

}  // namespace

std::vector<OsPackage> parse_dpkg_status(std::string_view text, const std::string& input) {
  std::vector<OsPackage> out;
  OsPackage cur;
  std::string status;
  bool any = false;
  std::size_t line_no = 0;
  auto flush = [&] {
    if (!cur.name.empty()) {
      // Keep packages whose files are on disk: "install ok installed",
      // half-configured/unpacked, and status.d paragraphs (no Status field).
      bool on_disk = status.empty() || status.ends_with(" installed") || status.ends_with(" unpacked") ||
                     status.ends_with(" half-configured") || status.ends_with(" triggers-awaited") ||
                     status.ends_with(" triggers-pending");
      if (on_disk) out.push_back(std::move(cur));
    }
    cur = OsPackage{};
    cur.ecosystem = "deb";
    status.clear();
  };
  cur.ecosystem = "deb";
  for_each_line(text, [&](std::string_view line) {
    ++line_no;
    if (trim(line).empty()) {
      flush();
      return;
    }
    if (line.front() == ' ' || line.front() == '\t') return;  // continuation (Description, Conffiles)
    auto colon = line.find(':');
    if (colon == std::string_view::npos)
      throw Error(input + ":" + std::to_string(line_no), "expected 'Field: value'");
    std::string_view field = line.substr(0, colon), value = trim(line.substr(colon + 1));
    any = true;
    if (field == "Package") cur.name = value;
    else if (field == "Version") cur.version = value;
    else if (field == "Architecture") cur.architecture = value;
    else if (field == "Status") status = value;
    else if (field == "Installed-Size") cur.installed_size = to_u64(value) * 1024;
  });
  flush();
  if (!any && !trim(text).empty()) throw Error(input, "no dpkg status paragraphs");
  return out;
}

std::vector<std::string> parse_dpkg_list(std::string_view text) {
  std::vector<std::string> out;
  for_each_line(text, [&](std::string_view line) {
    std::string p = db_path(line);
    if (!p.empty() && p != ".") out.push_back(std::move(p));
  });
  return out;
}

std::vector<std::string> parse_dpkg_md5sums(std::string_view text) {
  std::vector<std::string> out;
  for_each_line(text, [&](std::string_view line) {
    auto sp = line.find("  ");
    if (sp == std::string_view::npos) sp = line.find(' ');
    if (sp == std::string_view::npos) return;
    std::string p = db_path(line.substr(sp));
    if (!p.empty()) out.push_back(std::move(p));
  });
  return out;
}

std::string dpkg_list_package(std::string_view path) {
  if (!path.ends_with(".list")) return {};
  auto slash = path.rfind('/');
  std::string_view base = path.substr(slash == std::string_view::npos ? 0 : slash + 1);
  base.remove_suffix(5);
  auto colon = base.find(':');
  return std::string(base.substr(0, colon));
}

std::vector<OsPackage> parse_apk_installed(std::string_view text, const std::string& input) {
  std::vector<OsPackage> out;
  OsPackage cur;
  cur.ecosystem = "apk";
  std::string dir;
  std::size_t line_no = 0;
  auto flush = [&] {
    if (!cur.name.empty()) out.push_back(std::move(cur));
    cur = OsPackage{};
    cur.ecosystem = "apk";
    dir.clear();
  };
  for_each_line(text, [&](std::string_view line) {
    ++line_no;
    if (trim(line).empty()) {
      flush();
      return;
    }
    if (line.size() < 2 || line[1] != ':')
      throw Error(input + ":" + std::to_string(line_no), "expected 'X:value'");
    std::string_view value = line.substr(2);
    switch (line[0]) {
      case 'P': cur.name = value; break;
      case 'V': cur.version = value; break;
      case 'A': cur.architecture = value; break;
      case 'I': cur.installed_size = to_u64(value); break;
      case 'F': dir = db_path(value); break;
      case 'R': cur.files.push_back(dir.empty() ? db_path(value) : dir + "/" + db_path(value)); break;
      default: break;
    }
  });
  flush();
  return out;
}

}  // namespace imgslim::analyzers
