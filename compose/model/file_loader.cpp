#include "compose/model/file_loader.h"

#include <filesystem>

#include "compose/model/compose_schema.h"
#include "compose/model/dotenv.h"
#include "compose/model/merge.h"
#include "compose/model/yaml_loader.h"
#include "support/error.h"

namespace fs = std::filesystem;

namespace imgslim::compose {
namespace {

constexpr std::size_t kMaxExtendsDepth = 32;
constexpr std::size_t kMaxComposeIncludeDepth = 32;

std::string absolute(const std::string& path) { return fs::absolute(path).lexically_normal().string(); }

bool is_relative_source(const std::string& s) {
  return s.rfind("./", 0) == 0 || s.rfind("../", 0) == 0 || s == "." || s == "..";
}

std::vector<std::string> strings_of(const Value* v) {
  std::vector<std::string> out;
  if (!v) return out;
  if (v->is_scalar()) out.push_back(v->scalar);
  for (const auto& i : v->seq) out.push_back(i.text());
  return out;
}

// Two resource definitions are the same when they print the same (locations aside).
std::string shape(const Value& v) {
  switch (v.kind) {
    case Value::Kind::Null: return "~";
    case Value::Kind::Scalar: return "'" + v.scalar + "'";
    case Value::Kind::Seq: {
      std::string s = "[";
      for (const auto& i : v.seq) s += shape(i) + ",";
      return s + "]";
    }
    case Value::Kind::Map: {
      std::string s = "{";
      for (const auto& [k, i] : v.map) s += k + ":" + shape(i) + ",";
      return s + "}";
    }
  }
  return "";
}

}  // namespace

std::string absolute_dir_of(const std::string& file) { return fs::path(absolute(file)).parent_path().string(); }

void rebase_paths(Value& service, const std::string& from_dir) {
  auto rebase = [&](const std::string& p) {
    std::string out = (fs::path(from_dir) / p).lexically_normal().string();
    if (out.size() > 1 && out.back() == '/') out.pop_back();  // "./" is the directory itself
    return out;
  };
  if (Value* vols = service.find("volumes"); vols && vols->is_seq()) {
    for (auto& v : vols->seq) {
      if (v.is_scalar()) {
        auto colon = v.scalar.find(':');
        std::string src = v.scalar.substr(0, colon);
        if (colon != std::string::npos && is_relative_source(src)) v.scalar = rebase(src) + v.scalar.substr(colon);
      } else if (Value* src = v.find("source"); src && src->is_scalar()) {
        // Long syntax: any relative source of a bind mount is a path.
        const Value* type = v.find("type");
        const bool bind = type && type->text() == "bind";
        if (is_relative_source(src->scalar) ||
            (bind && !src->scalar.empty() && !fs::path(src->scalar).is_absolute() && src->scalar[0] != '~'))
          src->scalar = rebase(src->scalar);
      }
    }
  }
  if (Value* build = service.find("build"); build && build->is_map())
    if (Value* ctx = build->find("context"); ctx && ctx->is_scalar() && !fs::path(ctx->scalar).is_absolute() &&
                                            ctx->scalar.find("://") == std::string::npos)
      ctx->scalar = rebase(ctx->scalar);
  if (Value* files = service.find("env_file"); files && files->is_seq())
    for (auto& f : files->seq) {
      Value* p = f.is_map() ? f.find("path") : &f;
      if (p && p->is_scalar() && !fs::path(p->scalar).is_absolute()) p->scalar = rebase(p->scalar);
    }
}

Value& FileLoader::raw(const std::string& path) {
  const std::string key = absolute(path);
  if (auto it = raw_.find(key); it != raw_.end()) return it->second;
  Interpolator interp{&env, unset};
  Value doc = load_yaml_file(path, &interp);
  if (doc.is_null()) throw Error(path, "empty compose file");
  if (!doc.is_map()) throw Error(path, "top-level object must be a mapping");
  // compose-go (fixEmptyNotNull) reads `services:` and `name:` with nothing
  // after them as empty mappings before it validates.
  if (Value* services = doc.find("services")) {
    if (services->is_null()) {
      Location kw = services->key_where;
      *services = Value::make_map(services->where);
      services->key_where = kw;
    }
    for (auto& [name, svc] : services->map)
      if (svc.is_null()) {
        Location w = svc.key_where;
        svc = Value::make_map(w);
        svc.key_where = w;
      }
  }
  validate_compose_document(doc);
  if (Value* services = doc.find("services"))
    for (auto& [name, svc] : services->map) normalize_service(svc, env);
  return raw_.emplace(key, std::move(doc)).first->second;
}

Value FileLoader::resolve_extends(const std::string& name, const Value& services, const std::string& file,
                                  std::vector<std::string>& chain) {
  const Value* svc = services.find(name);
  if (!svc) throw Error(file, "service \"" + name + "\" not found");
  const std::string id = absolute(file) + "#" + name;
  for (const auto& c : chain)
    if (c == id) {
      std::string cycle;
      for (const auto& step : chain) cycle += step.substr(step.rfind('#') + 1) + " -> ";
      throw Error(svc->key_where.str(), "`extends` cycle: " + cycle + name);
    }
  if (chain.size() > kMaxExtendsDepth) throw Error(svc->key_where.str(), "`extends` chain is too deep");
  const Value* ext = svc->find("extends");
  if (!ext) return *svc;
  chain.push_back(id);
  std::string base_name, base_file;
  if (ext->is_scalar()) {
    base_name = ext->scalar;
  } else if (ext->is_map()) {
    base_name = ext->find("service") ? ext->find("service")->text() : "";
    base_file = ext->find("file") ? ext->find("file")->text() : "";
  }
  if (base_name.empty()) throw Error(ext->where.str(), "`extends` needs a service name");
  Value base;
  if (base_file.empty()) {
    base = resolve_extends(base_name, services, file, chain);
  } else {
    const std::string path = fs::path(base_file).is_absolute()
                                 ? base_file
                                 : (fs::path(absolute_dir_of(file)) / base_file).string();
    if (!fs::exists(path)) throw Error(ext->where.str(), "`extends` file " + base_file + " does not exist");
    Value& doc = raw(path);
    const Value* other = doc.find("services");
    if (!other || !other->find(base_name))
      throw Error(ext->where.str(), "service \"" + base_name + "\" not found in " + base_file);
    base = resolve_extends(base_name, *other, path, chain);
    if (absolute_dir_of(path) != absolute_dir_of(file)) rebase_paths(base, absolute_dir_of(path));
  }
  chain.pop_back();
  Value local = *svc;
  local.erase("extends");
  Value result = std::move(base);
  result.key_where = svc->key_where;
  result.where = svc->where;
  merge_service(result, local);
  return result;
}

void FileLoader::import_includes(Value& doc, const std::string& file) {
  const Value* found = doc.find("include");
  if (!found) return;
  const Value include_list = *found;  // a copy: importing adds entries to `doc`
  const Value* includes = &include_list;
  const std::string here = absolute_dir_of(file);
  std::vector<std::string> chain = include_chain;
  chain.push_back(absolute(file));
  if (chain.size() > kMaxComposeIncludeDepth) throw Error(includes->where.str(), "`include` nesting is too deep");
  for (const auto& entry : includes->seq) {
    std::vector<std::string> paths, env_files;
    std::string project_dir;
    if (entry.is_scalar()) {
      paths.push_back(entry.scalar);
    } else {
      paths = strings_of(entry.find("path"));
      env_files = strings_of(entry.find("env_file"));
      if (const Value* d = entry.find("project_directory")) project_dir = d->text();
    }
    if (paths.empty()) throw Error(entry.where.str(), "`include` needs a path");
    for (auto& p : paths) {
      if (!fs::path(p).is_absolute()) p = (fs::path(here) / p).lexically_normal().string();
      if (!fs::is_regular_file(p)) throw Error(entry.where.str(), "included file " + p + " does not exist");
    }
    for (const auto& c : chain)
      if (c == absolute(paths.front())) {
        std::string msg = "include cycle detected: " + chain.front();
        for (std::size_t i = 1; i < chain.size(); ++i) msg += " includes " + chain[i];
        throw Error(entry.where.str(), msg + " includes " + absolute(paths.front()));
      }
    // The included project's directory: project_directory (relative to the
    // including file), else the directory of its first file.
    if (project_dir.empty()) project_dir = absolute_dir_of(paths.front());
    else if (!fs::path(project_dir).is_absolute()) project_dir = absolute(here + "/" + project_dir);
    // Its variables: the including project's, then its env files (or the
    // .env of its directory) for what those leave unset.
    if (env_files.empty()) {
      if (fs::is_regular_file(project_dir + "/.env")) env_files.push_back(project_dir + "/.env");
    } else {
      for (auto& f : env_files) {
        if (!fs::path(f).is_absolute()) f = (fs::path(here) / f).lexically_normal().string();
        if (!fs::is_regular_file(f)) throw Error(entry.where.str(), "env file " + f + " not found");
      }
    }
    FileLoader sub;
    sub.env = env;
    sub.unset = unset;
    sub.include_chain = chain;
    for (const auto& f : env_files)
      for (auto& [k, v] : read_dotenv(f, env)) sub.env.emplace(k, v);  // the including project wins
    Value imported = Value::make_map(entry.where);
    for (const auto& p : paths) merge_document(imported, sub.load(p));
    drop_reset_values(imported);
    if (Value* services = imported.find("services")) {
      set_default_values(*services);
      for (auto& [name, svc] : services->map) rebase_paths(svc, project_dir);
    }
    for (const char* kind : {"services", "volumes", "networks", "secrets", "configs"}) {
      const Value* from = imported.find(kind);
      if (!from || !from->is_map()) continue;
      Value* to = doc.find(kind);
      if (!to || to->is_null()) to = &doc.set(kind, Value::make_map(from->where));
      for (const auto& [name, res] : from->map) {
        if (const Value* existing = to->find(name)) {
          if (shape(*existing) == shape(res)) continue;
          throw Error(existing->key_where.str(), std::string(kind) + "." + name +
                                                     " conflicts with imported resource (from " + paths.front() + ")");
        }
        to->set(name, res).key_where = res.key_where;
      }
    }
  }
  doc.erase("include");
}

Value FileLoader::load(const std::string& path) {
  Value doc = raw(path);
  if (Value* services = doc.find("services"); services && services->is_map()) {
    const Value original = *services;
    for (auto& [name, svc] : services->map) {
      if (!svc.find("extends")) continue;
      std::vector<std::string> chain;
      svc = resolve_extends(name, original, path, chain);
    }
  }
  import_includes(doc, path);
  return doc;
}

}  // namespace imgslim::compose
