#include "builder/build_times.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/error.h"

namespace imgslim::builder {
namespace fs = std::filesystem;
namespace {

std::string log_beside(const std::string& log_path, const std::string& what) {
  if (log_path.empty()) return "";
  std::string base = log_path;
  if (base.size() > 4 && base.compare(base.size() - 4, 4, ".log") == 0) base.resize(base.size() - 4);
  return base + "." + what + ".log";
}

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_all(const fs::path& p, const std::string& content) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << content;
  if (!out.flush()) throw Error(p.string(), "cannot write the scratch copy");
}

std::string failed(const char* what, const BuildRequest& r, const BuildOutcome& b) {
  return std::string(what) + " build failed (log " + r.log_path + ")" + (b.log_tail.empty() ? "" : ":\n" + b.log_tail);
}

}  // namespace

BuildTimer::BuildTimer(Engine& engine, const std::string& context)
    : engine_(engine), scratch_(context), probe_(find_source_probe(scratch_.path(), scratch_.ignore())) {}

BuildTimes BuildTimer::time(const BuildRequest& request, const std::string& probe_text) {
  BuildTimes out;
  BuildRequest cold = request;
  cold.context = scratch_.path();
  cold.tag = request.tag + "-cold";
  cold.log_path = log_beside(request.log_path, "cold");
  cold.no_cache = true;
  if (!cold.log_path.empty()) fs::remove(cold.log_path);
  BuildOutcome c = engine_.build(cold);
  if (!c.ok) {
    engine_.remove_image(cold.tag);
    out.error = failed("the --no-cache", cold, c);
    return out;
  }
  out.cold_seconds = c.seconds;
  if (!probe_) {
    out.error = "no source file to change (looked in " + source_probe_places() + ")";
    engine_.remove_image(cold.tag);
    return out;
  }
  out.changed_file = probe_->file;
  const fs::path file = fs::path(scratch_.path()) / probe_->file;
  const std::string original = read_all(file);
  write_all(file, probe_content(original, *probe_, probe_text));
  BuildRequest again = request;
  again.context = scratch_.path();
  again.tag = request.tag + "-rebuild";
  again.log_path = log_beside(request.log_path, "rebuild");
  if (!again.log_path.empty()) fs::remove(again.log_path);
  BuildOutcome r = engine_.build(again);
  engine_.remove_image(again.tag);
  engine_.remove_image(cold.tag);  // after the rebuild: its steps are what the rebuild reuses
  write_all(file, original);
  if (!r.ok) out.error = failed("the rebuild", again, r);
  else out.rebuild_seconds = r.seconds;
  return out;
}

}  // namespace imgslim::builder
