#include "compose/model/project.h"

#include <filesystem>

#include "compose/model/command_diagnostics.h"
#include "compose/model/consistency.h"
#include "compose/model/dependencies.h"
#include "compose/model/dotenv.h"
#include "compose/model/env_file.h"
#include "compose/model/file_loader.h"
#include "compose/model/merge.h"
#include "compose/model/service_images.h"
#include "support/error.h"
#include "support/rooted_dir.h"

namespace fs = std::filesystem;

namespace imgslim::compose {
namespace {

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

}  // namespace

std::string Project::resolve_path(const std::string& path) const {
  if (fs::path(path).is_absolute()) return path;
  std::string out = (fs::path(dir) / path).lexically_normal().string();
  if (out.size() > 1 && out.back() == '/') out.pop_back();  // "." is the directory itself
  return out;
}

Project load_project(const LoadOptions& options) {
  if (options.files.empty()) throw Error("compose", "no Compose file given");
  Project project;
  project.files = options.files;
  project.dir = absolute_dir_of(options.files.front());
  for (const auto& f : options.files)
    if (!fs::exists(f)) throw Error(f, "no such file");
    else if (fs::is_directory(f)) throw Error(f, "is a directory, not a Compose file");

  project.env = options.env;
  std::string dotenv = (fs::path(project.dir) / ".env").string();
  RootedDir root(project.dir.empty() ? "." : project.dir, "project directory");  // support/rooted_dir.h
  if (auto text = root.read(dotenv))
    for (auto& [k, v] : parse_dotenv(*text, dotenv, options.env)) project.env.emplace(k, v);  // shell wins
  project.notes = root.notes();

  FileLoader loader;
  loader.env = project.env;
  loader.unset = &project.unset_variables;
  Value merged = Value::make_map({options.files.front(), 1, 1});
  for (const auto& f : options.files) merge_document(merged, loader.load(f));
  drop_reset_values(merged);

  Value* services = merged.find("services");
  if (!services || !services->is_map() || services->map.empty())
    throw Error(options.files.front(), "no services defined");
  set_default_values(*services);
  add_implied_dependencies(*services);

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
  check_consistency(*services);
  for (auto& [name, svc] : services->map) apply_env_files(svc, project.dir, project.env);
  project.diagnostics = command_diagnostics(*services);
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
