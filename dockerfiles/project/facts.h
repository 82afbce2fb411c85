// dockerfiles/project/ — what the build context says about the app (package.json, lockfiles, tsconfig,
// .dockerignore, nginx.conf).
// May include: dockerfiles/instructions/, support/.
//
// What the build context says about the app a Dockerfile builds: read once
// from package.json, the lockfile, tsconfig.json, the frontend tool's config,
// .nvmrc, .dockerignore and nginx.conf, then consulted by the rewrite rules.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dockerfiles/instructions/instructions.h"

namespace imgslim::dockerfiles {

enum class AppKind { NotNode, Backend, StaticFrontend };
enum class PackageManager { Npm, YarnClassic, YarnBerry, Pnpm };

const char* to_string(AppKind kind);
const char* to_string(PackageManager pm);

struct ProjectFacts {
  std::string context_dir;
  AppKind kind = AppKind::NotNode;
  PackageManager package_manager = PackageManager::Npm;
  std::string package_manager_spec;     // "pnpm@8.15.4" from packageManager
  std::string lockfile;                 // "package-lock.json", "" when none
  std::vector<std::string> manifests;   // files dependency install needs, context-relative
  std::vector<std::string> local_packages;  // context folders/files of file: dependencies ("vendor")
  std::vector<std::string> workspaces;  // workspace globs ("packages/*")
  std::string build_script;             // "build" when scripts.build exists
  std::string output_dir;               // "dist", "build", "out": where the build writes
  std::vector<std::string> start_command;  // exec form of the real start: {"node","dist/server.js"}
  std::vector<std::string> start_env;      // NAME=value prefixes of the start script
  std::string start_note;               // why the start command could not be resolved
  std::vector<std::string> native_modules;  // dependencies compiled by node-gyp
  std::vector<int> ports;               // ports the app listens on (source, nginx.conf)
  std::string health_path;              // "/health" when the app declares one
  std::string node_version;             // from .nvmrc or engines.node ("20", "20.11.1")
  std::string frontend_tool;            // "vite", "vue-cli", "cra", "angular", "next", ""
  bool typescript = false;
  std::string nginx_conf;               // context-relative path of the app's nginx config, "" if none
  int nginx_listen_port = 0;            // first `listen` port in that config
  bool has_dockerignore = false;
  std::string dockerignore_text;        // the file as read
  std::vector<std::string> dockerignore_lines;
  std::vector<std::string> workspace_dirs;  // context folders of workspace packages with a package.json
  bool has_package_json = false;
  // Without package.json: the Dockerfile lines that make it a Node.js app
  // ("FROM node:20", "RUN npm install"); decisions that need the file take
  // their safe form.
  std::vector<std::string> node_evidence;
  std::string start_script = "start";     // the script the main process runs through npm/yarn/pnpm
  std::string start_workspace;            // workspace folder that script runs in ("packages/api"), "" = root
  // The started workspace and every workspace package it depends on, with the
  // folder each one's build writes ("packages/api" -> "dist").
  std::vector<std::pair<std::string, std::string>> runtime_workspaces;
  bool next_app = false;                  // a Next.js server app (next build + next start)
  bool next_standalone = false;           // next.config sets output: 'standalone'
  std::string next_config;                // "next.config.js", "" when none
  bool has_public_dir = false;            // public/ exists (Next.js serves it)
  // The dev tool the app starts with instead of node ("ts-node", "npx ts-node",
  // "npm run dev"): its runtime needs the dev dependencies. "" = node or unknown.
  std::string dev_runner;
  // Files of the context treated as absent: a symlink or `..` leading outside
  // it, a FIFO/device/socket, a loop ("PATH: why; treated as absent").
  std::vector<std::string> notes;

  bool is_node() const { return kind != AppKind::NotNode; }
  // Node.js by the Dockerfile's lines only: no package.json in the context.
  bool node_by_dockerfile_only() const { return is_node() && !has_package_json; }
  bool has_lockfile() const { return !lockfile.empty(); }
};

// Reads the facts from a build context directory, every file resolved inside
// it as BuildKit resolves the context (support/rooted_dir.h). Malformed JSON
// in package.json throws imgslim::Error naming the file.
// With the Dockerfile, its lines count as evidence too (FROM node, npm
// commands) and the start command is the script its CMD runs, in the
// workspace it names.
ProjectFacts read_project_facts(const std::string& context_dir, const Dockerfile* dockerfile = nullptr);

// "npm ci --omit=dev", "yarn install --frozen-lockfile --production", ...:
// the install the project's package manager and lockfile call for.
std::string install_command(const ProjectFacts& facts, bool production);

// The folder pnpm keeps its store in for a stage with these ENV values:
// $PNPM_HOME/store when PNPM_HOME is set, else the user's ~/.local/share/pnpm/store.
std::string pnpm_store_dir(const std::map<std::string, std::string>& env, const std::string& home);

// Splits a package.json script into words the way sh would for simple
// commands (quotes, backslashes); nullopt when it uses shell operators
// (&&, |, ;, redirections, $(...)) that an exec-form CMD cannot express.
std::optional<std::vector<std::string>> split_simple_command(const std::string& script);

}  // namespace imgslim::dockerfiles
