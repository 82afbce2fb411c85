#include "dockerfiles/project/facts.h"

#include <nlohmann/json.hpp>
#include <algorithm>
#include <filesystem>
#include <regex>

#include "dockerfiles/project/dockerfile_evidence.h"
#include "dockerfiles/project/files.h"
#include "dockerfiles/project/scan.h"
#include "support/error.h"

namespace imgslim::dockerfiles {

using nlohmann::json;
using namespace facts_files;

const char* to_string(AppKind kind) {
  switch (kind) {
    case AppKind::NotNode: return "not-node";
    case AppKind::Backend: return "backend";
    case AppKind::StaticFrontend: return "static-frontend";
  }
  return "?";
}

const char* to_string(PackageManager pm) {
  switch (pm) {
    case PackageManager::Npm: return "npm";
    case PackageManager::YarnClassic: return "yarn";
    case PackageManager::YarnBerry: return "yarn-berry";
    case PackageManager::Pnpm: return "pnpm";
  }
  return "?";
}

namespace {

json read_json(RootedDir& ctx, const std::string& path, bool required_valid) {
  auto text = ctx.read(path);
  if (!text) return json();
  try {
    return json::parse(*text, nullptr, true, /*ignore_comments=*/true);
  } catch (const json::parse_error& e) {
    if (required_valid) throw Error(path, std::string("not valid JSON: ") + e.what());
    return json();
  }
}

bool has_dep(const json& pkg, const std::string& name, bool include_dev = true) {
  for (const char* key : {"dependencies", "devDependencies"}) {
    if (!include_dev && std::string(key) == "devDependencies") continue;
    if (pkg.contains(key) && pkg[key].is_object() && pkg[key].contains(name)) return true;
  }
  return false;
}

std::string script(const json& pkg, const std::string& name) {
  if (pkg.contains("scripts") && pkg["scripts"].is_object() && pkg["scripts"].contains(name) &&
      pkg["scripts"][name].is_string())
    return pkg["scripts"][name].get<std::string>();
  return {};
}

void read_package_manager(ProjectFacts& f, RootedDir& ctx, const json& pkg) {
  const auto& dir = f.context_dir;
  if (ctx.exists(join(dir, "pnpm-lock.yaml"))) {
    f.package_manager = PackageManager::Pnpm;
    f.lockfile = "pnpm-lock.yaml";
  } else if (ctx.exists(join(dir, "yarn.lock"))) {
    auto lock = ctx.read(join(dir, "yarn.lock")).value_or("");
    bool berry = lock.find("__metadata:") != std::string::npos || ctx.exists(join(dir, ".yarnrc.yml"));
    f.package_manager = berry ? PackageManager::YarnBerry : PackageManager::YarnClassic;
    f.lockfile = "yarn.lock";
  } else if (ctx.exists(join(dir, "package-lock.json"))) {
    f.lockfile = "package-lock.json";
  } else if (ctx.exists(join(dir, "npm-shrinkwrap.json"))) {
    f.lockfile = "npm-shrinkwrap.json";
  }
  if (pkg.contains("packageManager") && pkg["packageManager"].is_string()) {
    f.package_manager_spec = pkg["packageManager"].get<std::string>();
    const auto& s = f.package_manager_spec;
    if (s.starts_with("pnpm@")) f.package_manager = PackageManager::Pnpm;
    else if (s.starts_with("yarn@1")) f.package_manager = PackageManager::YarnClassic;
    else if (s.starts_with("yarn@")) f.package_manager = PackageManager::YarnBerry;
    else if (s.starts_with("npm@")) f.package_manager = PackageManager::Npm;
  }
  // Yarn 2+ runs the release its .yarnrc.yml names (yarnPath), with its plugins: the install needs them.
  if (auto rc = ctx.read(join(dir, ".yarnrc.yml")); rc && rc->find("yarnPath:") != std::string::npos)
    for (const char* d : {".yarn/releases/", ".yarn/plugins/"})
      if (ctx.resolve(join(dir, std::string(d).substr(0, std::string(d).size() - 1))).kind == RootedKind::Directory)
        f.local_packages.push_back(d);
  f.manifests.push_back("package.json");
  if (!f.lockfile.empty()) f.manifests.push_back(f.lockfile);
  for (const char* extra : {".npmrc", ".yarnrc", ".yarnrc.yml", "pnpm-workspace.yaml"})
    if (ctx.exists(join(dir, extra))) f.manifests.push_back(extra);
  // Local packages (file:vendor/x.tgz, file:../lib) the install reads: their folder.
  for (const char* key : {"dependencies", "devDependencies", "optionalDependencies"}) {
    if (!pkg.contains(key) || !pkg[key].is_object()) continue;
    for (auto it = pkg[key].begin(); it != pkg[key].end(); ++it) {
      if (!it.value().is_string()) continue;
      std::string spec = it.value().get<std::string>();
      if (!spec.starts_with("file:")) continue;
      std::string path = spec.substr(5);
      while (path.starts_with("./")) path = path.substr(2);
      if (path.starts_with("..") || path.starts_with("/")) continue;  // outside the context
      auto slash = path.find('/');
      std::string top = slash == std::string::npos ? path : path.substr(0, slash + 1);
      if (std::find(f.local_packages.begin(), f.local_packages.end(), top) == f.local_packages.end())
        f.local_packages.push_back(top);
    }
  }
}

void read_workspaces(ProjectFacts& f, RootedDir& ctx, const json& pkg) {
  json ws = pkg.value("workspaces", json());
  if (ws.is_object()) ws = ws.value("packages", json());
  if (ws.is_array())
    for (const auto& w : ws)
      if (w.is_string()) f.workspaces.push_back(w.get<std::string>());
  if (auto text = ctx.read(join(f.context_dir, "pnpm-workspace.yaml"))) {
    static const std::regex item(R"(^\s*-\s*['"]?([^'"\n]+?)['"]?\s*$)");
    std::smatch m;
    std::string::const_iterator b = text->begin();
    size_t start = 0;
    while (start < text->size()) {
      size_t end = text->find('\n', start);
      if (end == std::string::npos) end = text->size();
      std::string line = text->substr(start, end - start);
      if (std::regex_match(line, m, item)) f.workspaces.push_back(m[1]);
      start = end + 1;
    }
    (void)b;
  }
  // Each workspace glob's package folders, resolved inside the context.
  for (const auto& ws : f.workspaces) {
    std::string base = ws;
    bool glob = base.ends_with("/*") || base.ends_with("/**");
    if (glob) base = base.substr(0, base.rfind('/'));
    std::vector<std::string> dirs;
    if (glob) {
      auto folder = ctx.resolve(join(f.context_dir, base));
      if (folder.kind != RootedKind::Directory) continue;
      std::error_code ec;
      std::filesystem::directory_iterator it(folder.host_path, ec), end;
      for (; !ec && it != end; it.increment(ec))
        if (ctx.is_file(join(f.context_dir, base + "/" + it->path().filename().string() + "/package.json")))
          dirs.push_back(base + "/" + it->path().filename().string());
      std::sort(dirs.begin(), dirs.end());
    } else if (ctx.is_file(join(f.context_dir, base + "/package.json"))) {
      dirs.push_back(base);
    }
    for (const auto& d : dirs)
      if (std::find(f.workspace_dirs.begin(), f.workspace_dirs.end(), d) == f.workspace_dirs.end())
        f.workspace_dirs.push_back(d);
  }
}

void read_node_version(ProjectFacts& f, RootedDir& ctx, const json& pkg) {
  if (auto nvmrc = ctx.read(join(f.context_dir, ".nvmrc"))) {
    static const std::regex ver(R"(v?(\d+(?:\.\d+){0,2}))");
    std::smatch m;
    if (std::regex_search(*nvmrc, m, ver)) f.node_version = m[1];
  }
  if (f.node_version.empty() && pkg.contains("engines") && pkg["engines"].is_object() &&
      pkg["engines"].contains("node") && pkg["engines"]["node"].is_string()) {
    static const std::regex major(R"((\d+))");
    std::smatch m;
    auto spec = pkg["engines"]["node"].get<std::string>();
    if (std::regex_search(spec, m, major)) f.node_version = m[1];
  }
}

void read_frontend(ProjectFacts& f, RootedDir& ctx, const json& pkg) {
  const auto& dir = f.context_dir;
  auto config_text = [&](std::initializer_list<const char*> names) -> std::string {
    for (auto n : names)
      if (auto t = ctx.read(join(dir, n))) return *t;
    return {};
  };
  auto quoted_value = [](const std::string& text, const std::string& key) -> std::string {
    std::regex re(key + R"(\s*:\s*['"`]([^'"`]+)['"`])");
    std::smatch m;
    return std::regex_search(text, m, re) ? std::string(m[1]) : std::string();
  };
  const std::string build = script(pkg, "build");
  auto build_runs = [&](const char* tool) {
    auto words = split_simple_command(build).value_or(std::vector<std::string>{});
    return !words.empty() && words[0] == tool;
  };
  auto any_file = [&](std::initializer_list<const char*> names) {
    for (auto n : names)
      if (ctx.exists(join(dir, n))) return true;
    return false;
  };
  if (has_dep(pkg, "vite") || build_runs("vite") ||
      any_file({"vite.config.ts", "vite.config.js", "vite.config.mjs", "vite.config.mts"})) {
    f.frontend_tool = "vite";
    auto cfg = config_text({"vite.config.ts", "vite.config.js", "vite.config.mjs", "vite.config.mts"});
    f.output_dir = quoted_value(cfg, "outDir");
    if (f.output_dir.empty()) f.output_dir = "dist";
  } else if (has_dep(pkg, "@vue/cli-service") || build_runs("vue-cli-service")) {
    f.frontend_tool = "vue-cli";
    f.output_dir = quoted_value(config_text({"vue.config.js", "vue.config.cjs"}), "outputDir");
    if (f.output_dir.empty()) f.output_dir = "dist";
  } else if (has_dep(pkg, "react-scripts") || build_runs("react-scripts")) {
    f.frontend_tool = "cra";
    f.output_dir = "build";
  } else if (has_dep(pkg, "@angular/cli") || build_runs("ng") || ctx.exists(join(dir, "angular.json"))) {
    f.frontend_tool = "angular";
    json ng = read_json(ctx, join(dir, "angular.json"), false);
    if (ng.is_object() && ng.contains("projects") && ng["projects"].is_object()) {
      std::string project = ng.value("defaultProject", std::string());
      if (project.empty() && !ng["projects"].empty()) project = ng["projects"].begin().key();
      auto& p = ng["projects"][project];
      auto path = p.value("/architect/build/options/outputPath"_json_pointer, json());
      std::string out = path.is_string() ? path.get<std::string>() : "dist/" + project;
      auto builder = p.value("/architect/build/builder"_json_pointer, json());
      // The application builder (Angular 17+) writes browser files to <outputPath>/browser.
      if (builder.is_string() && builder.get<std::string>().find(":application") != std::string::npos)
        out += "/browser";
      f.output_dir = out;
    } else {
      f.output_dir = "dist";
    }
  } else if (has_dep(pkg, "next") || build_runs("next")) {
    auto cfg = config_text({"next.config.js", "next.config.mjs", "next.config.ts"});
    static const std::regex exported(R"(output\s*:\s*['"]export['"])");
    bool static_export = std::regex_search(cfg, exported) ||
                         script(pkg, "build").find("next export") != std::string::npos;
    if (static_export) {
      f.frontend_tool = "next";
      auto dist = quoted_value(cfg, "distDir");
      f.output_dir = dist.empty() ? "out" : dist;
    } else {
      static const std::regex standalone(R"(output\s*:\s*['"]standalone['"])");
      f.next_app = true;
      f.next_standalone = std::regex_search(cfg, standalone);
      for (const char* n : {"next.config.js", "next.config.mjs", "next.config.ts", "next.config.cjs"})
        if (ctx.exists(join(dir, n))) {
          f.next_config = n;
          break;
        }
      f.has_public_dir = ctx.resolve(join(dir, "public")).kind == RootedKind::Directory;
    }
  }
}

bool has_server_framework(const json& pkg) {
  for (const char* s : {"express", "fastify", "koa", "@nestjs/core", "@hapi/hapi", "hapi", "restify",
                        "@adonisjs/core", "polka", "h3", "hono"})
    if (has_dep(pkg, s, /*include_dev=*/false)) return true;
  return false;
}

void read_dockerignore(ProjectFacts& f, RootedDir& ctx) {
  auto text = ctx.read(join(f.context_dir, ".dockerignore"));
  if (!text) return;
  f.has_dockerignore = true;
  f.dockerignore_text = *text;
  size_t start = 0;
  while (start < text->size()) {
    size_t end = text->find('\n', start);
    if (end == std::string::npos) end = text->size();
    std::string line = text->substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    f.dockerignore_lines.push_back(line);
    start = end + 1;
  }
}

void read_typescript_output(ProjectFacts& f, RootedDir& ctx) {
  json ts = read_json(ctx, join(f.context_dir, "tsconfig.json"), false);
  if (ts.is_null()) return;
  f.typescript = true;
  if (f.kind == AppKind::Backend && ts.is_object()) {
    auto out = ts.value("/compilerOptions/outDir"_json_pointer, json());
    if (out.is_string()) {
      std::string dir = out.get<std::string>();
      while (dir.starts_with("./")) dir = dir.substr(2);
      while (!dir.empty() && dir.back() == '/') dir.pop_back();
      f.output_dir = dir;
    }
  }
}

// A Next.js health route is a file: pages/api/health.js answers /api/health,
// app/api/healthz/route.ts answers /api/healthz (also under src/).
std::string next_health_route(RootedDir& ctx, const std::string& dir) {
  for (const char* root : {"", "src/"})
    for (const char* name : {"health", "healthz", "healthcheck", "ping", "status"}) {
      for (const char* ext : {".js", ".ts", ".mjs", ".jsx", ".tsx"}) {
        if (ctx.exists(join(dir, std::string(root) + "pages/api/" + name + ext)) ||
            ctx.exists(join(dir, std::string(root) + "pages/api/" + name + "/index" + ext)) ||
            ctx.exists(join(dir, std::string(root) + "app/api/" + name + "/route" + ext)))
          return std::string("/api/") + name;
      }
    }
  return {};
}

std::string package_name(const json& pkg) {
  return pkg.is_object() && pkg.contains("name") && pkg["name"].is_string() ? pkg["name"].get<std::string>() : "";
}

// The folder a workspace package's build writes: tsconfig's outDir, else the
// first folder of its main entry; "" when neither tells (the runtime then
// takes the whole package folder).
std::string workspace_output(RootedDir& ctx, const std::string& context_dir, const std::string& dir, const json& pkg) {
  json ts = read_json(ctx, join(context_dir, dir + "/tsconfig.json"), false);
  auto out = ts.is_object() ? ts.value("/compilerOptions/outDir"_json_pointer, json()) : json();
  std::string d = out.is_string() ? out.get<std::string>() : "";
  if (d.empty() && pkg.is_object() && pkg.contains("main") && pkg["main"].is_string()) {
    std::string main = pkg["main"].get<std::string>();
    while (main.starts_with("./")) main = main.substr(2);
    if (auto slash = main.find('/'); slash != std::string::npos) d = main.substr(0, slash);
  }
  while (d.starts_with("./")) d = d.substr(2);
  while (!d.empty() && d.back() == '/') d.pop_back();
  return d;
}

// The workspace packages by folder and by package name.
struct WorkspacePackages {
  std::map<std::string, std::string> dir_of;  // package name -> folder
  std::map<std::string, json> pkg_of;         // folder -> package.json
};

WorkspacePackages read_workspace_packages(const ProjectFacts& f, RootedDir& ctx) {
  WorkspacePackages w;
  for (const auto& d : f.workspace_dirs) {
    json p = read_json(ctx, join(f.context_dir, d + "/package.json"), false);
    w.pkg_of[d] = p;
    if (auto n = package_name(p); !n.empty()) w.dir_of[n] = d;
  }
  return w;
}

// The started package, then its workspace dependencies, transitively, each
// with the folder its build writes.
void add_runtime_workspaces(ProjectFacts& f, RootedDir& ctx, WorkspacePackages& w, const std::string& start_dir) {
  std::vector<std::string> pending = {start_dir};
  while (!pending.empty()) {
    std::string d = pending.back();
    pending.pop_back();
    bool seen = false;
    for (const auto& [done, out] : f.runtime_workspaces) seen = seen || done == d;
    if (seen) continue;
    std::string out = workspace_output(ctx, f.context_dir, d, w.pkg_of[d]);
    // The started package's entry names its output folder ("packages/api/dist/index.js").
    if (d == start_dir && f.start_command.size() >= 2 && f.start_command[1].starts_with(d + "/")) {
      std::string rest = f.start_command[1].substr(d.size() + 1);
      if (auto slash = rest.find('/'); slash != std::string::npos) out = rest.substr(0, slash);
    }
    f.runtime_workspaces.emplace_back(d, out);
    for (const char* key : {"dependencies", "optionalDependencies", "peerDependencies"}) {
      const json& deps = w.pkg_of[d].value(key, json());
      if (!deps.is_object()) continue;
      for (auto it = deps.begin(); it != deps.end(); ++it)
        if (w.dir_of.count(it.key())) pending.push_back(w.dir_of[it.key()]);
    }
  }
}

// The workspace the main process starts (`yarn workspace @acme/api start`):
// its start command, and the workspace packages it needs at run time.
void read_started_workspace(ProjectFacts& f, RootedDir& ctx, const ScriptCall& call) {
  WorkspacePackages w = read_workspace_packages(f, ctx);
  std::string dir;
  std::string name = call.workspace;
  while (name.starts_with("./")) name = name.substr(2);
  if (w.dir_of.count(name)) dir = w.dir_of[name];
  else if (w.pkg_of.count(name)) dir = name;
  if (dir.empty()) {
    f.start_note = "workspace " + call.workspace + " is not one of the workspaces package.json lists";
    return;
  }
  f.start_workspace = dir;
  f.start_script = call.script;
  f.start_command.clear();
  f.start_env.clear();
  f.start_note.clear();
  facts_scan::resolve_start(f, ctx, w.pkg_of[dir], call.script, dir);
  add_runtime_workspaces(f, ctx, w, dir);
}

// A root start command whose entry lies in a workspace package
// (`node packages/api/dist/index.js`): that package and its workspace dependencies.
void read_entry_workspace(ProjectFacts& f, RootedDir& ctx) {
  if (f.start_command.size() < 2 || f.workspace_dirs.empty()) return;
  std::string entry = f.start_command[1];
  while (entry.starts_with("./")) entry = entry.substr(2);
  for (const auto& d : f.workspace_dirs)
    if (entry.starts_with(d + "/")) {
      WorkspacePackages w = read_workspace_packages(f, ctx);
      add_runtime_workspaces(f, ctx, w, d);
      return;
    }
}

void read_facts(ProjectFacts& f, RootedDir& ctx, const Dockerfile* df) {
  const std::string& context_dir = f.context_dir;
  read_dockerignore(f, ctx);
  f.nginx_conf = facts_scan::find_nginx_conf(ctx, context_dir);
  if (!f.nginx_conf.empty()) facts_scan::read_nginx_conf(f, ctx);
  const std::string pkg_path = join(context_dir, "package.json");
  if (!ctx.exists(pkg_path)) {
    if (!df) return;
    f.node_evidence = node_evidence(*df);
    if (f.node_evidence.empty()) return;
    // Node.js by the Dockerfile alone: the tool its installs use, no lockfile known.
    f.kind = AppKind::Backend;
    const std::string tool = install_tool(*df);
    if (tool == "yarn") f.package_manager = PackageManager::YarnClassic;
    else if (tool == "pnpm") f.package_manager = PackageManager::Pnpm;
    // The manifests a project of that tool has, as wildcards so a file the
    // project does not have matches nothing instead of failing the COPY.
    if (f.package_manager == PackageManager::YarnClassic)
      f.manifests = {"package.json", "yarn.lock*", ".yarnrc*"};
    else if (f.package_manager == PackageManager::Pnpm)
      f.manifests = {"package.json", "pnpm-lock.yaml*", "pnpm-workspace.yaml*", ".npmrc*"};
    else
      f.manifests = {"package.json", "package-lock.json*", "npm-shrinkwrap.json*", ".npmrc*"};
    f.start_note = "no package.json in the build context, so the command its start script runs is unknown";
    f.dev_runner = dev_runner(*df);
    if (auto call = main_script_call(*df)) f.start_script = call->script;
    return;
  }
  f.has_package_json = true;
  json pkg = read_json(ctx, pkg_path, true);
  if (!pkg.is_object()) throw Error(pkg_path, "not a JSON object");
  read_package_manager(f, ctx, pkg);
  read_workspaces(f, ctx, pkg);
  read_node_version(f, ctx, pkg);
  read_frontend(f, ctx, pkg);
  if (!script(pkg, "build").empty()) f.build_script = "build";
  f.typescript = has_dep(pkg, "typescript");
  bool frontend = !f.frontend_tool.empty() && !has_server_framework(pkg);
  f.kind = frontend ? AppKind::StaticFrontend : AppKind::Backend;
  if (!frontend) {
    f.frontend_tool.clear();
    f.output_dir.clear();
  }
  read_typescript_output(f, ctx);
  if (f.kind == AppKind::Backend) {
    std::optional<ScriptCall> call = df ? main_script_call(*df) : std::nullopt;
    if (call && call->workspace.empty()) f.start_script = call->script;
    if (f.next_app && f.next_standalone) f.start_command = {"node", "server.js"};
    else facts_scan::resolve_start(f, ctx, pkg, f.start_script);
    if (call && !call->workspace.empty()) read_started_workspace(f, ctx, *call);
    else read_entry_workspace(f, ctx);
    if (f.next_app) f.output_dir = ".next";
    if (df && f.dev_runner.empty()) f.dev_runner = dev_runner(*df);
    facts_scan::scan_sources(f, ctx);
    if (f.next_app && f.health_path.empty()) f.health_path = next_health_route(ctx, context_dir);
    if (f.output_dir.empty() && f.runtime_workspaces.empty() && !f.build_script.empty() && f.start_command.size() >= 2) {
      // `node dist/server.js` with a build step: the build writes dist/.
      const auto& entry = f.start_command[1];
      auto slash = entry.find('/');
      if (slash != std::string::npos) f.output_dir = entry.substr(0, slash);
    }
  }
  facts_scan::find_native_modules(f, ctx, pkg);
}

}  // namespace

ProjectFacts read_project_facts(const std::string& context_dir, const Dockerfile* dockerfile) {
  ProjectFacts f;
  f.context_dir = context_dir;
  RootedDir ctx(context_dir.empty() ? "." : context_dir, "build context");
  read_facts(f, ctx, dockerfile);
  f.notes = ctx.notes();
  return f;
}

}  // namespace imgslim::dockerfiles
