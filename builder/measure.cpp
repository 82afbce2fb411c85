#include "builder/measure.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "support/error.h"

namespace imgslim::builder {
namespace fs = std::filesystem;
namespace {

std::string tag_component(const std::string& name) {
  std::string out;
  for (char c : name) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-') ? c : '-';
  if (out.empty() || out[0] == '.' || out[0] == '-') out = "v" + out;
  return out.substr(0, 120);
}

std::string run_hash(const std::vector<Variant>& variants, const std::string& context) {
  std::uint64_t h = 1469598103934665603ull;
  auto mix = [&](const std::string& s) { for (unsigned char c : s) h = (h ^ c) * 1099511628211ull; };
  mix(fs::absolute(context).string());
  for (const auto& v : variants) mix(v.name + "\n" + v.dockerfile);
  mix(std::to_string(getpid()) + ":" +
      std::to_string(std::chrono::system_clock::now().time_since_epoch().count()));
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return std::string(buf, 12);
}

}  // namespace

int MeasureReport::exit_code() const {
  for (const auto& v : variants)
    if (!v.ok()) return 1;
  return 0;
}

MeasureReport measure_variants(Engine& engine, const std::vector<Variant>& variants, const MeasureOptions& o) {
  if (variants.empty()) throw Error("measure", "no variants to build");
  if (!fs::is_directory(o.context)) throw Error(o.context, "build context is not a directory");
  for (const auto& v : variants)
    if (!fs::is_regular_file(v.dockerfile)) throw Error(v.dockerfile, "Dockerfile not found");
  auto say = [&](const std::string& s) { if (o.progress) o.progress(s); };

  MeasureReport report;
  report.engine = engine.describe();
  report.run_id = run_hash(variants, o.context);
  report.kept = o.keep;
  fs::path logs = o.log_dir.empty() ? fs::temp_directory_path() / ("imgslim-measure-" + report.run_id) : fs::path(o.log_dir);
  fs::create_directories(logs);
  // One scratch copy of the context for every variant, made before any build.
  std::unique_ptr<BuildTimer> timer = o.build_times ? std::make_unique<BuildTimer>(engine, o.context) : nullptr;

  for (const auto& v : variants) {
    VariantResult r;
    r.name = v.name;
    r.dockerfile = v.dockerfile;
    r.image = "imgslim-measure/" + report.run_id + ":" + tag_component(v.name);
    r.log_path = (logs / (tag_component(v.name) + ".log")).string();
    fs::remove(r.log_path);
    say("building " + v.name + " (" + v.dockerfile + ")");
    BuildRequest b{v.dockerfile, o.context, r.image, o.build_args, o.secrets, o.target, o.platform, o.network,
                   {{"org.imgslim.measure", report.run_id}, {"org.imgslim.variant", v.name}}, r.log_path, false};
    BuildOutcome built = engine.build(b);
    r.build_seconds = built.seconds;
    auto facts = built.ok ? engine.inspect_image(r.image) : std::nullopt;
    if (!built.ok || !facts) {
      r.error = built.ok ? "the engine has no image " + r.image + " after the build"
                         : "build failed (log: " + r.log_path + "):\n" + built.log_tail;
      say("  " + v.name + ": build failed");
      report.variants.push_back(std::move(r));
      continue;
    }
    r.built = true;
    r.facts = *facts;
    if (o.categorize) {
      // Categories depend only on the layers: a variant that changed only
      // the config (USER, HEALTHCHECK, CMD) reuses its twin's.
      auto same = std::find_if(report.variants.begin(), report.variants.end(), [&](const VariantResult& x) {
        return x.built && !x.categories.empty() && !r.facts.diff_ids.empty() && x.facts.diff_ids == r.facts.diff_ids;
      });
      if (same != report.variants.end()) {
        r.categories = same->categories;
      } else {
        say("  analyzing " + v.name);
        try {
          r.categories = o.categorize(r.image);
        } catch (const std::exception& e) {
          r.categories_error = e.what();
          say("  " + v.name + ": categories unavailable: " + r.categories_error);
        }
      }
    }
    say("  smoke check " + v.name);
    r.smoke = smoke_check(engine, r.image, r.facts, o.smoke, "imgslim-smoke-" + report.run_id + "-" + tag_component(v.name));
    if (o.build_times) {
      say("  timing " + v.name + ": cold build (" + kColdBuildMethod + "), then a rebuild after a source change");
      const auto now = std::chrono::system_clock::now().time_since_epoch().count();
      r.times = timer->time(b, "imgslim rebuild probe " + r.image + " " + std::to_string(now));
    }
    if (!o.keep) engine.remove_image(r.image);
    report.variants.push_back(std::move(r));
  }
  return report;
}

}  // namespace imgslim::builder
