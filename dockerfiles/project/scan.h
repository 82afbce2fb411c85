// The parts of project facts that come from reading the app's own files:
// the start command behind `npm start`, ports and health routes declared in
// sources, native modules, the app's nginx config.
#pragma once
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "dockerfiles/project/facts.h"
#include "support/rooted_dir.h"

namespace imgslim::dockerfiles::facts_scan {

// Every file is read through `ctx`, the build context as a root.
// The command behind `start_script` of the package in `package_dir` ("" = the
// root), its paths made relative to the context.
void resolve_start(ProjectFacts& f, RootedDir& ctx, const nlohmann::json& pkg, const std::string& start_script = "start",
                   const std::string& package_dir = "");
void scan_sources(ProjectFacts& f, RootedDir& ctx);
void find_native_modules(ProjectFacts& f, RootedDir& ctx, const nlohmann::json& pkg);
std::string find_nginx_conf(RootedDir& ctx, const std::string& context_dir);
void read_nginx_conf(ProjectFacts& f, RootedDir& ctx);

}  // namespace imgslim::dockerfiles::facts_scan
