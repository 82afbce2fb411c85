#include "compose/checks/postgres_settings.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "support/error.h"
#include "support/rooted_dir.h"

namespace fs = std::filesystem;

namespace imgslim::compose {
namespace {

constexpr int kMaxPostgresIncludeDepth = 10;

// Base unit in bytes of each memory parameter we read (0: not a memory parameter).
std::uint64_t base_unit(const std::string& name) {
  if (name == "shared_buffers" || name == "effective_cache_size" || name == "wal_buffers" || name == "temp_buffers")
    return 8192;
  if (name == "work_mem" || name == "maintenance_work_mem" || name == "autovacuum_work_mem" ||
      name == "logical_decoding_work_mem")
    return 1024;
  if (name == "max_wal_size" || name == "min_wal_size" || name == "wal_keep_size") return 1024 * 1024;
  return 0;
}

const std::map<std::string, std::string>& defaults() {
  static const std::map<std::string, std::string> d = {
      {"shared_buffers", "128MB"},       {"effective_cache_size", "4GB"}, {"work_mem", "4MB"},
      {"maintenance_work_mem", "64MB"},  {"autovacuum_work_mem", "-1"},   {"max_connections", "100"},
      {"autovacuum_max_workers", "3"},   {"max_wal_size", "1GB"},         {"min_wal_size", "80MB"},
      {"wal_buffers", "-1"},             {"temp_buffers", "8MB"},         {"max_worker_processes", "8"},
      {"superuser_reserved_connections", "3"},
  };
  return d;
}

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

struct ConfReader {
  PgSettings& into;
  const std::function<std::string(const std::string&)>& resolve;
  std::set<std::string>* read;
  RootedDir* root;  // with a root, only files inside it are read (support/rooted_dir.h)
  void operator()(const std::string& path, int depth, bool must_exist);
};

void ConfReader::operator()(const std::string& path, int depth, bool must_exist) {
  if (depth > kMaxPostgresIncludeDepth) throw Error(path, "postgresql.conf includes nest too deeply");
  std::optional<std::string> content = root ? root->read(path) : std::nullopt;
  std::ifstream file;
  std::istringstream text(content.value_or(""));
  if (!root) file.open(path, std::ios::binary);
  if (root ? !content : !file) {
    if (must_exist) throw Error(path, "cannot read the file");
    return;
  }
  std::istream& in = root ? static_cast<std::istream&>(text) : file;
  if (read) read->insert(path);
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    std::string where = path + ":" + std::to_string(line_no);
    // Strip a comment outside quotes.
    std::string body;
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
      char c = line[i];
      if (c == '\'' ) {
        if (quoted && i + 1 < line.size() && line[i + 1] == '\'') {
          body += "''";
          ++i;
          continue;
        }
        quoted = !quoted;
      }
      if (c == '#' && !quoted) break;
      body += c;
    }
    if (quoted) throw Error(where, "unterminated quoted string");
    body = trim(body);
    if (body.empty()) continue;
    std::size_t n = 0;
    while (n < body.size() && (std::isalnum(static_cast<unsigned char>(body[n])) || body[n] == '_' || body[n] == '.')) ++n;
    if (n == 0) throw Error(where, "expected a parameter name");
    std::string name = lower(body.substr(0, n));
    std::string rest = trim(body.substr(n));
    if (!rest.empty() && rest[0] == '=') rest = trim(rest.substr(1));
    if (rest.empty()) throw Error(where, "parameter " + name + " has no value");
    std::string value = rest;
    if (value.front() == '\'') {
      if (value.size() < 2 || value.back() != '\'') throw Error(where, "malformed quoted value");
      value = value.substr(1, value.size() - 2);
      std::string unq;
      for (std::size_t i = 0; i < value.size(); ++i) {
        if (value[i] == '\'' && i + 1 < value.size() && value[i + 1] == '\'') ++i;
        unq += value[i];
      }
      value = unq;
    }
    if (name == "include" || name == "include_if_exists" || name == "include_dir") {
      fs::path target = !fs::path(value).is_absolute() ? fs::path(path).parent_path() / value
                        : resolve                       ? fs::path(resolve(value))
                                                        : fs::path(value);
      if (target.empty()) continue;  // a container path no mount provides: in the image, not checkable here
      if (name == "include_dir") {
        std::error_code ec;
        if (root ? !root->is_directory(target.string()) : !fs::is_directory(target, ec)) continue;
        std::vector<std::string> files;
        for (const auto& e : fs::directory_iterator(target, ec))
          if (e.path().extension() == ".conf" && e.path().filename().string()[0] != '.') files.push_back(e.path().string());
        std::sort(files.begin(), files.end());
        for (const auto& f : files)
          if (!root || root->is_file(f)) (*this)(f, depth + 1, true);
      } else {
        (*this)(target.string(), depth + 1, name == "include");
      }
      continue;
    }
    into.set(name, {value, {path, line_no, 1}, path});
  }
}

}  // namespace

void PgSettings::set(const std::string& name, PgSetting s) { settings_[name] = std::move(s); }

const PgSetting* PgSettings::find(const std::string& name) const {
  auto it = settings_.find(name);
  return it == settings_.end() ? nullptr : &it->second;
}

std::optional<std::uint64_t> pg_memory(const std::string& name, const std::string& value) {
  std::string v = trim(value);
  std::size_t i = 0;
  while (i < v.size() && (std::isdigit(static_cast<unsigned char>(v[i])) || v[i] == '.')) ++i;
  if (i == 0) return std::nullopt;
  double num = std::strtod(v.substr(0, i).c_str(), nullptr);
  std::string unit = trim(v.substr(i));
  double mult;
  if (unit.empty()) mult = static_cast<double>(base_unit(name) ? base_unit(name) : 1);
  else if (unit == "B") mult = 1;
  else if (unit == "kB") mult = 1024.0;
  else if (unit == "MB") mult = 1024.0 * 1024;
  else if (unit == "GB") mult = 1024.0 * 1024 * 1024;
  else if (unit == "TB") mult = 1024.0 * 1024 * 1024 * 1024;
  else return std::nullopt;
  return static_cast<std::uint64_t>(num * mult);
}

std::uint64_t PgSettings::bytes(const std::string& name) const {
  const PgSetting* s = find(name);
  std::string value = s ? s->value : (defaults().count(name) ? defaults().at(name) : "0");
  if (name == "wal_buffers" && trim(value) == "-1") {
    std::uint64_t auto_value = bytes("shared_buffers") / 32;
    return std::clamp<std::uint64_t>(auto_value, 64 * 1024, 16 * 1024 * 1024);
  }
  if (name == "autovacuum_work_mem" && trim(value) == "-1") return bytes("maintenance_work_mem");
  auto b = pg_memory(name, value);
  if (!b && s) throw Error(s->where.str(), "invalid value \"" + value + "\" for " + name);
  return b.value_or(0);
}

long long PgSettings::integer(const std::string& name) const {
  const PgSetting* s = find(name);
  std::string value = s ? s->value : (defaults().count(name) ? defaults().at(name) : "0");
  char* end = nullptr;
  long long n = std::strtoll(value.c_str(), &end, 10);
  if (*end != '\0' && s) throw Error(s->where.str(), "invalid integer \"" + value + "\" for " + name);
  return n;
}

void read_postgresql_conf(const std::string& path, PgSettings& into,
                          const std::function<std::string(const std::string&)>& resolve, std::set<std::string>* read,
                          RootedDir* root) {
  ConfReader{into, resolve, read, root}(path, 0, true);
}

void read_postgres_args(const std::vector<std::string>& argv, const Location& where, PgSettings& into) {
  auto take = [&](const std::string& kv) {
    auto eq = kv.find('=');
    if (eq == std::string::npos) return;
    std::string name = lower(kv.substr(0, eq));
    for (auto& c : name)
      if (c == '-') c = '_';
    into.set(name, {kv.substr(eq + 1), where, "command"});
  };
  for (std::size_t i = 0; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a == "-c" && i + 1 < argv.size()) take(argv[++i]);
    else if (a.rfind("-c", 0) == 0 && a.size() > 2 && a[2] != '-') take(a.substr(2));
    else if (a.rfind("--", 0) == 0 && a.find('=') != std::string::npos) take(a.substr(2));
  }
}

std::string pg_format(std::uint64_t bytes) {
  const std::uint64_t kb = bytes / 1024;
  if (kb && kb % (1024 * 1024) == 0) return std::to_string(kb / (1024 * 1024)) + "GB";
  if (kb && kb % 1024 == 0) return std::to_string(kb / 1024) + "MB";
  return std::to_string(kb) + "kB";
}

std::uint64_t wal_size_cap(std::uint64_t disk) {
  constexpr std::uint64_t MiB = 1024 * 1024, GiB = 1024 * MiB;
  const std::uint64_t share = disk / 10;
  const std::uint64_t cap = share >= GiB ? share / GiB * GiB : share / (64 * MiB) * (64 * MiB);
  return std::max<std::uint64_t>(cap, 32 * MiB);
}

std::uint64_t pgtune_max_wal(std::optional<std::uint64_t> cap) {
  const std::uint64_t pgtune = 4ull * 1024 * 1024 * 1024;
  return cap ? std::min(pgtune, *cap) : pgtune;
}

std::vector<std::pair<std::string, std::string>> pgtune_web(std::uint64_t memory, long long connections,
                                                            std::optional<std::uint64_t> wal_cap) {
  // Computed in kB like pgtune; "web" profile, Linux, SSD, PostgreSQL 16, < 4 CPUs.
  const std::uint64_t total_kb = memory / 1024;
  const std::uint64_t shared = total_kb / 4;
  const std::uint64_t cache = total_kb * 3 / 4;
  const std::uint64_t maintenance = std::min<std::uint64_t>(total_kb / 16, 8ull * 1024 * 1024);
  const long long workers = 8;  // max_worker_processes default when parallel settings are not tuned
  const long long conns = connections > 0 ? connections : 200;
  std::uint64_t work = total_kb > shared ? (total_kb - shared) / static_cast<std::uint64_t>((conns + workers) * 3) : 0;
  work = std::max<std::uint64_t>(work, 4 * 1024);
  std::uint64_t wal = shared * 3 / 100;
  wal = std::min<std::uint64_t>(wal, 16 * 1024);
  if (wal > 14 * 1024 && wal < 16 * 1024) wal = 16 * 1024;
  wal = std::max<std::uint64_t>(wal, 32);
  return {
      {"max_connections", std::to_string(conns)},
      {"shared_buffers", pg_format(shared * 1024)},
      {"effective_cache_size", pg_format(cache * 1024)},
      {"maintenance_work_mem", pg_format(maintenance * 1024)},
      {"work_mem", pg_format(work * 1024)},
      {"wal_buffers", pg_format(wal * 1024)},
      {"min_wal_size", pg_format(std::max<std::uint64_t>(pgtune_max_wal(wal_cap) / 4 / (1024 * 1024), 32) * 1024 * 1024)},
      {"max_wal_size", pg_format(pgtune_max_wal(wal_cap))},
      {"checkpoint_completion_target", "0.9"},
      {"random_page_cost", "1.1"},
      {"effective_io_concurrency", "200"},
      {"default_statistics_target", "100"},
  };
}

}  // namespace imgslim::compose
