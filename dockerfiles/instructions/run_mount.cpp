#include "dockerfiles/instructions/run_mount.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "dockerfiles/instructions/instruction_flags.h"
#include "dockerfiles/syntax/line_parsers.h"

namespace imgslim::dockerfiles {

namespace {

// encoding/csv-style fields of one record: "a,b" / "\"a,b\",c".
std::vector<std::string> csv_fields(const std::string& s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  for (;;) {
    std::string field;
    if (i < s.size() && s[i] == '"') {
      ++i;
      for (;;) {
        if (i >= s.size()) throw LineError("failed to parse csv mounts: extraneous or missing \" in quoted-field");
        if (s[i] == '"') {
          if (i + 1 < s.size() && s[i + 1] == '"') {
            field.push_back('"');
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field.push_back(s[i++]);
      }
      if (i < s.size() && s[i] != ',') throw LineError("failed to parse csv mounts: extraneous or missing \" in quoted-field");
    } else {
      while (i < s.size() && s[i] != ',') {
        if (s[i] == '"') throw LineError("failed to parse csv mounts: bare \" in non-quoted-field");
        field.push_back(s[i++]);
      }
    }
    out.push_back(field);
    if (i >= s.size()) break;
    ++i;  // comma
  }
  return out;
}

std::optional<unsigned long long> parse_uint(const std::string& s, int base) {
  if (s.empty()) return std::nullopt;
  char* end = nullptr;
  errno = 0;
  unsigned long long v = std::strtoull(s.c_str(), &end, base);
  if (errno != 0 || *end != '\0' || s[0] == '-' || s[0] == '+' || v > 0xFFFFFFFFull) return std::nullopt;
  return v;
}

// docker/go-units RAMInBytes: "64m", "1.5g", "512 KiB".
std::optional<long long> ram_in_bytes(const std::string& s) {
  std::size_t i = 0;
  while (i < s.size() && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.')) ++i;
  if (i == 0) return std::nullopt;
  double n = std::strtod(s.substr(0, i).c_str(), nullptr);
  if (i < s.size() && s[i] == ' ') ++i;
  std::string unit = go_lower(s.substr(i));
  double mult = 1;
  if (!unit.empty() && std::string("kmgtp").find(unit[0]) != std::string::npos) {
    mult = std::pow(1024.0, static_cast<double>(std::string("kmgtp").find(unit[0]) + 1));
    unit.erase(0, 1);
    if (!unit.empty() && unit[0] == 'i') unit.erase(0, 1);
  }
  if (!unit.empty() && unit != "b") return std::nullopt;
  return static_cast<long long>(n * mult);
}

}  // namespace

Mount parse_mount(const std::string& val, const WordExpander& expand) {
  Mount m;
  bool ro_auto = true;
  bool has_mode = false;
  for (const std::string& field : csv_fields(val)) {
    std::size_t eq = field.find('=');
    std::string key = go_lower(field.substr(0, eq));
    if (eq == std::string::npos) {
      if (key == "readonly" || key == "ro") {
        m.read_only = true, ro_auto = false;
      } else if (key == "readwrite" || key == "rw") {
        m.read_only = false, ro_auto = false;
      } else if (key == "required") {
        if (m.type != "secret" && m.type != "ssh")
          throw LineError("unexpected key '" + key + "' for mount type '" + m.type + "'");
        m.required = true;
      } else {
        throw LineError("invalid field '" + field + "' must be a key=value pair");
      }
      m.options.emplace_back(key, "");
      continue;
    }
    std::string value = expand(field.substr(eq + 1));
    m.options.emplace_back(key, value);
    const auto bad = [&] { return LineError("invalid value for " + key + ": " + value); };
    if (key == "type") {
      std::string t = go_lower(value);
      if (t != "bind" && t != "cache" && t != "tmpfs" && t != "secret" && t != "ssh")
        throw LineError("unsupported mount type \"" + value + "\"");
      m.type = t;
    } else if (key == "from") {
      m.from = value;
    } else if (key == "source" || key == "src") {
      m.source = value;
    } else if (key == "target" || key == "dst" || key == "destination") {
      m.target = value;
    } else if (key == "readonly" || key == "ro") {
      auto b = parse_go_bool(value);
      if (!b) throw bad();
      m.read_only = *b, ro_auto = false;
    } else if (key == "readwrite" || key == "rw") {
      auto b = parse_go_bool(value);
      if (!b) throw bad();
      m.read_only = !*b, ro_auto = false;
    } else if (key == "required") {
      if (m.type != "secret" && m.type != "ssh")
        throw LineError("unexpected key '" + key + "' for mount type '" + m.type + "'");
      auto b = parse_go_bool(value);
      if (!b) throw bad();
      m.required = *b;
    } else if (key == "size") {
      if (m.type != "tmpfs") throw LineError("unexpected key '" + key + "' for mount type '" + m.type + "'");
      auto n = ram_in_bytes(value);
      if (!n) throw bad();
      m.size_bytes = *n;
    } else if (key == "id") {
      m.id = value;
    } else if (key == "sharing") {
      std::string v = go_lower(value);
      if (v != "shared" && v != "private" && v != "locked")
        throw LineError("unsupported sharing value \"" + value + "\"");
      m.sharing = v;
    } else if (key == "mode") {
      if (!parse_uint(value, 8)) throw LineError("invalid value " + value + " for mode");
      m.mode = value, has_mode = true;
    } else if (key == "uid") {
      auto v = parse_uint(value, 10);
      if (!v) throw LineError("invalid value " + value + " for uid");
      m.uid = static_cast<long long>(*v);
    } else if (key == "gid") {
      auto v = parse_uint(value, 10);
      if (!v) throw LineError("invalid value " + value + " for gid");
      m.gid = static_cast<long long>(*v);
    } else if (key == "env") {
      m.env = value;
    } else {
      throw LineError("unexpected key '" + key + "' in '" + field + "'");
    }
  }
  bool file_info = m.type == "secret" || m.type == "ssh" || m.type == "cache";
  if (!file_info) {
    if (has_mode) throw LineError("mode not allowed for \"" + m.type + "\" type mounts");
    if (m.uid) throw LineError("uid not allowed for \"" + m.type + "\" type mounts");
    if (m.gid) throw LineError("gid not allowed for \"" + m.type + "\" type mounts");
  }
  if (ro_auto) m.read_only = !(m.type == "cache" || m.type == "tmpfs");
  if (m.type == "secret") {
    if (!m.from.empty()) throw LineError("secret mount should not have a from");
    if (!m.sharing.empty()) throw LineError("secret mount should not define sharing");
    if (m.source.empty() && m.target.empty() && m.id.empty())
      throw LineError("invalid secret mount. one of source, target required");
    if (!m.source.empty() && !m.id.empty()) throw LineError("both source and id can't be set");
  }
  if (!m.sharing.empty() && m.type != "cache")
    throw LineError("invalid cache sharing set for " + m.type + " mount");
  return m;
}

}  // namespace imgslim::dockerfiles
