// What the Dockerfile itself says about the app, for when the build context
// does not (a reviewer runs imgslim on a pull request's Dockerfile alone):
// the lines that make it a Node.js project, the package manager its commands
// use, and the package script (and workspace) its main process starts.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "dockerfiles/instructions/instructions.h"

namespace imgslim::dockerfiles {

// "FROM node:20", "RUN npm install", "CMD npm start": each line that shows a
// Node.js app (FROM node*, npm/yarn/pnpm/npx/corepack commands, node as the
// main process). Empty when nothing does.
std::vector<std::string> node_evidence(const Dockerfile& df);

// "npm" | "yarn" | "pnpm": the tool of the first dependency install, "" if none.
std::string install_tool(const Dockerfile& df);

// A package-manager script call: `npm start`, `npm run start:prod`,
// `yarn workspace @acme/api start`, `pnpm --filter api start`, `npm -w packages/api run start`.
struct ScriptCall {
  std::string tool;       // npm | yarn | pnpm
  std::string script;     // "start"
  std::string workspace;  // package name or folder the script runs in, "" for the root
};
std::optional<ScriptCall> script_call(const std::vector<std::string>& words);

// The development tool the main process runs instead of node ("ts-node",
// "nodemon", "npx ts-node", "npm run dev"): a runtime that needs the dev
// dependencies. "" when it runs node, an app binary or a production script.
std::string dev_runner(const Dockerfile& df);

// The script call the final stage's main process makes, if it is one.
std::optional<ScriptCall> main_script_call(const Dockerfile& df);

}  // namespace imgslim::dockerfiles
