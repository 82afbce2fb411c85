#include "compose/model/project.h"

#include <filesystem>
#include <map>

#include "compose/model/dotenv.h"
#include "compose/model/merge.h"
#include "compose/model/service_images.h"
#include "compose/model/yaml_loader.h"
#include "support/error.h"
#include "support/rooted_dir.h"

namespace fs = std::filesystem;

namespace imgslim::compose {
namespace {

constexpr int kMaxExtendsDepth = 32;

std::string dir_of(const std::string& file) {
  fs::path p = fs::absolute(file).lexically_normal().parent_path();
  return p.string();
}

std::vector<std::string> split_commas(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i)
    if (i == s.size() || s[i] == ',') {
      std::string part = s.substr(start, i - start);
      while (!part.empty() && part.front() == ' ') part.erase(part.begin());
      while (!part.empty() && part.back() == ' ') part.pop_back();
      if (!part.empty()) out.push_back(part);
      start = i + 1;
    }
  return out;
}

bool is_relative_source(const std::string& s) {
  return s.rfind("./", 0) == 0 || s.rfind("../", 0) == 0 || s == "." || s == "..";
}

// Paths in a service taken from another file are relative to that file;
// make them absolute so the project directory no longer matters.
void rebase_paths(Value& service, const std::string& from_dir) {
  auto rebase = [&](std::string p) { return (fs::path(from_dir) / p).lexically_normal().string(); };
  if (Value* vols = service.find("volumes"); vols && vols->is_seq()) {
    for (auto& v : vols->seq) {
      if (v.is_scalar()) {
        auto colon = v.scalar.find(':');
        std::string src = v.scalar.substr(0, colon);
        if (colon != std::string::npos && is_relative_source(src))
          v.scalar = rebase(src) + v.scalar.substr(colon);
      } else if (Value* src = v.find("source"); src && src->is_scalar() && is_relative_source(src->scalar)) {
        src->scalar = rebase(src->scalar);
      }
    }
  }
  if (Value* build = service.find("build"); build && build->is_map())
    if (Value* ctx = build->find("context"); ctx && ctx->is_scalar() && !fs::path(ctx->scalar).is_absolute() &&
                                            ctx->scalar.find("://") == std::string::npos)
      ctx->scalar = rebase(ctx->scalar);
  if (Value* files = service.find("env_file"); files && files->is_seq())
    for (auto& f : files->seq)
      if (f.is_scalar() && !fs::path(f.scalar).is_absolute()) f.scalar = rebase(f.scalar);
}

struct Loader {
  const Environment& env;
  std::set<std::string>& unset;
  std::map<std::string, Value> file_cache;  // absolute path -> document

  Value& document(const std::string& path) {
    std::string key = fs::absolute(path).lexically_normal().string();
    auto it = file_cache.find(key);
    if (it != file_cache.end()) return it->second;
    Interpolator interp{&env, &unset};
    Value doc = load_yaml_file(path, &interp);
    if (!doc.is_map()) throw Error(path, "a Compose file must be a mapping at the top level");
    if (Value* services = doc.find("services")) {
      if (services->is_null()) *services = Value::make_map(services->where);
      if (!services->is_map()) throw Error(services->where.str(), "`services` must be a mapping");
      for (auto& [name, svc] : services->map) {
        if (svc.is_null()) {
          Location w = svc.key_where;
          svc = Value::make_map(w);
          svc.key_where = w;
        }
        if (!svc.is_map()) throw Error(svc.key_where.str(), "service \"" + name + "\" must be a mapping");
        normalize_service(svc, env);
      }
    }
    return file_cache.emplace(key, std::move(doc)).first->second;
  }

  // Resolves `extends` of services[name], which was read from `file`.
  Value resolve(const std::string& name, const Value& services, const std::string& file,
                std::vector<std::string>& chain) {
    const Value* svc = services.find(name);
    if (!svc) throw Error(file, "service \"" + name + "\" not found");
    std::string id = file + "#" + name;
    for (const auto& c : chain)
      if (c == id) throw Error(svc->key_where.str(), "`extends` cycle through service \"" + name + "\"");
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
      base = resolve(base_name, services, file, chain);
    } else {
      std::string path = fs::path(base_file).is_absolute() ? base_file
                                                           : (fs::path(dir_of(ext->where.file)) / base_file).string();
      if (!fs::exists(path)) throw Error(ext->where.str(), "`extends` file " + base_file + " does not exist");
      Value& doc = document(path);
      const Value* other = doc.find("services");
      if (!other || !other->find(base_name))
        throw Error(ext->where.str(), "service \"" + base_name + "\" not found in " + base_file);
      base = resolve(base_name, *other, path, chain);
      if (dir_of(path) != dir_of(file)) rebase_paths(base, dir_of(path));
    }
    chain.pop_back();
    Value local = *svc;
    local.erase("extends");
    Value result = base;
    result.key_where = svc->key_where;
    result.where = svc->where;
    merge_service(result, local);
    return result;
  }
};

}  // namespace

std::string Project::resolve_path(const std::string& path) const {
  if (fs::path(path).is_absolute()) return path;
  return (fs::path(dir) / path).lexically_normal().string();
}

Project load_project(const LoadOptions& options) {
  if (options.files.empty()) throw Error("compose", "no Compose file given");
  Project project;
  project.files = options.files;
  project.dir = dir_of(options.files.front());
  for (const auto& f : options.files)
    if (!fs::exists(f)) throw Error(f, "no such file");
    else if (fs::is_directory(f)) throw Error(f, "is a directory, not a Compose file");

  project.env = options.env;
  std::string dotenv = (fs::path(project.dir) / ".env").string();
  RootedDir root(project.dir.empty() ? "." : project.dir, "project directory");  // support/rooted_dir.h
  if (auto text = root.read(dotenv))
    for (auto& [k, v] : parse_dotenv(*text, dotenv, options.env)) project.env.emplace(k, v);  // shell wins
  project.notes = root.notes();

  Loader loader{project.env, project.unset_variables, {}};
  Value merged = Value::make_map({options.files.front(), 1, 1});
  for (const auto& f : options.files) merge_document(merged, loader.document(f));
  drop_reset_values(merged);

  Value* services = merged.find("services");
  if (!services || !services->is_map() || services->map.empty())
    throw Error(options.files.front(), "no services defined");

  // extends: each service resolved against the merged services map.
  Value resolved = *services;
  for (auto& [name, svc] : resolved.map) {
    if (!svc.find("extends")) continue;
    std::vector<std::string> chain;
    const Value* ext = svc.find("extends");
    svc = loader.resolve(name, *services, ext->where.file, chain);
  }
  *services = std::move(resolved);

  // profiles
  project.active_profiles = options.profiles;
  if (auto it = project.env.find("COMPOSE_PROFILES"); it != project.env.end())
    for (auto& p : split_commas(it->second)) project.active_profiles.push_back(p);
  std::set<std::string> active(project.active_profiles.begin(), project.active_profiles.end());
  for (auto it = services->map.begin(); it != services->map.end();) {
    const Value* profiles = it->second.find("profiles");
    bool enabled = !profiles || !profiles->is_seq() || profiles->seq.empty() || active.count("*");
    if (!enabled)
      for (const auto& p : profiles->seq)
        if (active.count(p.text())) enabled = true;
    if (enabled) {
      ++it;
    } else {
      project.inactive_services.push_back(it->first);
      it = services->map.erase(it);
    }
  }
  if (services->map.empty()) throw Error(options.files.front(), "no service is enabled by the active profiles");
  project.model = std::move(merged);
  // Compose's order: -p, COMPOSE_PROJECT_NAME (shell or .env), top-level
  // `name:`, the project directory's name.
  std::string name = options.project_name;
  if (name.empty())
    if (auto it = project.env.find("COMPOSE_PROJECT_NAME"); it != project.env.end()) name = it->second;
  if (name.empty())
    if (const Value* n = project.model.find("name"); n && n->is_scalar()) name = n->text();
  if (name.empty()) name = fs::path(project.dir).filename().string();
  project.name = normalize_project_name(name);
  return project;
}

}  // namespace imgslim::compose
