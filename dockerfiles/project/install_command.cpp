// The install command each package manager takes, from the project facts.
#include "dockerfiles/project/facts.h"

namespace imgslim::dockerfiles {

std::string install_command(const ProjectFacts& f, bool production) {
  switch (f.package_manager) {
    case PackageManager::Npm:
      if (f.has_lockfile()) return production ? "npm ci --omit=dev" : "npm ci";
      return production ? "npm install --omit=dev" : "npm install";
    case PackageManager::YarnClassic:
      return production ? "yarn install --frozen-lockfile --production" : "yarn install --frozen-lockfile";
    case PackageManager::YarnBerry:
      return production ? "yarn workspaces focus --all --production" : "yarn install --immutable";
    case PackageManager::Pnpm:
      return production ? "pnpm install --prod --frozen-lockfile" : "pnpm install --frozen-lockfile";
  }
  return "npm ci";
}

std::string pnpm_store_dir(const std::map<std::string, std::string>& env, const std::string& home) {
  if (auto it = env.find("PNPM_HOME"); it != env.end() && !it->second.empty()) {
    std::string dir = it->second;
    while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
    return dir + "/store";
  }
  if (auto it = env.find("XDG_DATA_HOME"); it != env.end() && !it->second.empty()) return it->second + "/pnpm/store";
  return home + "/.local/share/pnpm/store";
}

}  // namespace imgslim::dockerfiles
