#include "builder/stack/stack_build_times.h"

#include <chrono>
#include <filesystem>
#include <memory>

#include "builder/build_times.h"
#include "builder/engine.h"
#include "builder/stack/stack_teardown.h"

namespace imgslim::builder::stack {
namespace fs = std::filesystem;
namespace {

// A service name as a tag component (Compose names are [a-zA-Z0-9._-]).
std::string tag_part(const std::string& name) {
  std::string out;
  for (char c : name) out += std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-' ? c : '-';
  return out.empty() || !std::isalnum(static_cast<unsigned char>(out[0])) ? "s" + out : out;
}

}  // namespace

void time_stack_builds(const StackPlan& plan, std::vector<ServiceMeasure>& services,
                       const std::function<void(const std::string&)>& progress) {
  std::unique_ptr<Engine> engine;
  for (std::size_t i = 0; i < plan.services.size() && i < services.size(); ++i) {
    const ServicePlan& sp = plan.services[i];
    if (!sp.builds) continue;
    if (interrupted()) return;  // the run then ends as interrupted
    if (!engine) engine = make_docker_engine();
    if (progress) progress("timing the builds of " + sp.name + ": cold (" + kColdBuildMethod + "), then a rebuild after a source change");
    BuildRequest req;
    req.dockerfile = sp.build.dockerfile;
    req.context = sp.build.context;
    req.tag = "imgslim-measure/" + plan.run_id + ":" + tag_part(sp.name);
    req.build_args = sp.build.args;
    req.target = sp.build.target;
    req.network = sp.build.network;
    req.labels = {{kProjectLabel, plan.project}, {kRunLabel, plan.run_id}};
    req.log_path = (fs::temp_directory_path() / ("imgslim-build-" + plan.run_id + "-" + sp.name + ".log")).string();
    BuildTimer timer(*engine, sp.build.context);
    BuildTimes t = timer.time(req, "imgslim rebuild probe " + req.tag + " " +
                                       std::to_string(std::chrono::system_clock::now().time_since_epoch().count()));
    if (t.ok()) {  // the logs stay only when they explain an error
      std::error_code ec;
      for (const char* what : {".cold.log", ".rebuild.log"})
        fs::remove(req.log_path.substr(0, req.log_path.size() - 4) + what, ec);
    }
    services[i].build_times = std::move(t);
  }
}

}  // namespace imgslim::builder::stack
