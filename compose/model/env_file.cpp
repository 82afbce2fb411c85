#include "compose/model/env_file.h"

#include <filesystem>
#include <fstream>
#include <map>

#include "compose/model/dotenv.h"
#include "support/error.h"

namespace fs = std::filesystem;

namespace imgslim::compose {
namespace {

struct EnvFileEntry {
  std::string path;
  bool required = true;
  std::string format;
  Location where;
};

// `format: raw`: KEY=VALUE per line, nothing unquoted or expanded.
Environment read_raw(const std::string& path, std::map<std::string, int>& lines) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path, "cannot read the file");
  Environment out;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    const auto eq = line.find('=');
    if (eq == std::string::npos || eq == first) throw Error(path + ":" + std::to_string(n), "expected KEY=VALUE");
    std::string key = line.substr(first, eq - first);
    while (!key.empty() && (key.back() == ' ' || key.back() == '\t')) key.pop_back();
    out[key] = line.substr(eq + 1);
    lines[key] = n;
  }
  return out;
}

std::vector<EnvFileEntry> entries_of(const Value& list, const std::string& project_dir) {
  std::vector<EnvFileEntry> out;
  for (const auto& item : list.seq) {
    EnvFileEntry e;
    e.where = item.where;
    if (item.is_map()) {
      if (const Value* p = item.find("path")) e.path = p->text();
      if (const Value* r = item.find("required")) e.required = !(r->text() == "false" || r->text() == "False");
      if (const Value* f = item.find("format")) e.format = f->text();
    } else {
      e.path = item.text();
    }
    if (!fs::path(e.path).is_absolute()) e.path = (fs::path(project_dir) / e.path).lexically_normal().string();
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace

void apply_env_files(Value& service, const std::string& project_dir, const Environment& project_env) {
  const Value* list = service.find("env_file");
  if (!list || !list->is_seq() || list->seq.empty()) return;
  Environment from_files;
  std::map<std::string, Location> where;
  for (const auto& e : entries_of(*list, project_dir)) {
    if (!fs::exists(e.path)) {
      if (!e.required) continue;
      throw Error(e.where.str(), "env file " + e.path + " not found");
    }
    if (!fs::is_regular_file(e.path)) throw Error(e.where.str(), "env file " + e.path + " is not a file");
    if (!e.format.empty() && e.format != "raw")
      throw Error(e.where.str(), "unsupported env_file format \"" + e.format + "\"");
    std::map<std::string, int> lines;
    Environment vars;
    if (e.format == "raw") {
      vars = read_raw(e.path, lines);
    } else {
      // Lookups: what earlier files set, then the project's variables.
      Environment scope = project_env;
      for (const auto& [k, v] : from_files) scope[k] = v;
      vars = read_dotenv(e.path, scope, &lines);
    }
    for (auto& [k, v] : vars) {
      from_files[k] = v;
      where[k] = Location{e.path, lines.count(k) ? lines[k] : 0, 1};
    }
  }
  const Location list_at = list->key_where;  // `list` may move when environment is added
  Value* env = service.find("environment");
  if (!env || env->is_null()) {
    env = &service.set("environment", Value::make_map(list_at));
    env->key_where = list_at;
  }
  for (const auto& [k, v] : from_files) {
    if (env->find(k)) continue;  // `environment:` wins over env_file
    Value val = Value::make_scalar(v, where[k]);
    env->set(k, std::move(val)).key_where = where[k];
  }
}

}  // namespace imgslim::compose
