#include "builder/stack/stack_images.h"

#include <cstdio>
#include <filesystem>
#include <set>

#include "builder/engine.h"
#include "support/error.h"

namespace imgslim::builder::stack {
namespace {

std::string fixed1(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// Layers keyed by the history up to them (the engine's history lists each
// step with the bytes of its layer; images built FROM one base repeat its
// steps exactly): a base stored once however many images use it. Falls back
// to the image's size when the engine gives no history.
void count_stored(const StackApi& api, const ImageInfo& info, std::set<std::string>& chains, ImagesReady& out) {
  out.summed_bytes += info.size;
  auto steps = api.history(info.id);
  if (steps.empty()) {
    out.stored_bytes += info.size;
    return;
  }
  std::string chain;
  for (const auto& step : steps) {
    chain += step.key + "\n";
    if (step.bytes > 0 && chains.insert(chain).second) out.stored_bytes += step.bytes;
  }
}

}  // namespace

ImagesReady prepare_images(const StackApi& api, const StackPlan& plan, bool always_build,
                           const std::function<void(const std::string&)>& progress) {
  std::set<std::string> chains, ids;
  ImagesReady out;
  std::unique_ptr<Engine> builder;  // only when something is built
  for (const auto& sp : plan.services) {
    const std::string who = "service " + sp.name;
    std::optional<ImageInfo> info = api.image(sp.image);
    bool build = sp.builds && (always_build || !info || sp.pull_policy == "build");
    if (build) {
      if (!builder) builder = make_docker_engine();
      if (progress) progress("building " + sp.name + " as " + sp.image);
      BuildRequest req;
      req.dockerfile = sp.build.dockerfile;
      req.context = sp.build.context;
      req.tag = sp.image;
      req.build_args = sp.build.args;
      req.target = sp.build.target;
      req.network = sp.build.network;
      req.labels = {{kProjectLabel, plan.project}};
      req.log_path = (std::filesystem::temp_directory_path() / ("imgslim-build-" + plan.run_id + "-" + sp.name + ".log")).string();
      BuildOutcome b = builder->build(req);
      if (!b.ok) throw Error(who, "its build failed (log " + req.log_path + "):\n" + b.log_tail);
      std::filesystem::remove(req.log_path);
      out.notes.push_back("built " + sp.name + " as " + sp.image + " (" + fixed1(b.seconds) + " s)");
      info = api.image(sp.image);
    } else if (sp.pull_policy == "always" || (!info && sp.pull_policy != "never")) {
      if (progress) progress("pulling " + sp.image + " for " + sp.name);
      std::string why = api.pull(sp.image);
      if (!why.empty() && (!info || sp.pull_policy == "always"))
        throw Error(who, "image " + sp.image + (info ? " cannot be pulled: " : " is not in the engine and cannot be pulled: ") + why);
      if (why.empty()) out.notes.push_back("pulled " + sp.image + " for " + sp.name);
      info = api.image(sp.image);
    }
    if (!info) throw Error(who, "image " + sp.image + " is not in the engine" + (sp.pull_policy == "never" ? " (pull_policy: never)" : ""));
    if (ids.insert(info->id).second) count_stored(api, *info, chains, out);
    out.per_service.push_back(*info);
  }
  return out;
}

}  // namespace imgslim::builder::stack
