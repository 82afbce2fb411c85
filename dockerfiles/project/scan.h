// The parts of project facts that come from reading the app's own files:
// the start command behind `npm start`, ports and health routes declared in
// sources, native modules, the app's nginx config.
#pragma once
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "dockerfiles/project/facts.h"

namespace imgslim::dockerfiles::facts_scan {

void resolve_start(ProjectFacts& f, const nlohmann::json& pkg);
void scan_sources(ProjectFacts& f);
void find_native_modules(ProjectFacts& f, const nlohmann::json& pkg);
std::string find_nginx_conf(const std::string& context_dir);
void read_nginx_conf(ProjectFacts& f);

}  // namespace imgslim::dockerfiles::facts_scan
