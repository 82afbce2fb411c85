// cache-mounts: package-manager installs without a BuildKit cache mount (or with a cache left behind).
#include <algorithm>
#include <filesystem>

#include "dockerfiles/lint/rules/rules.h"

namespace imgslim::dockerfiles {

namespace {

bool has_cache_mount(const RunInstr& r) {
  for (const Mount& m : r.mounts)
    if (m.type == "cache") return true;
  return false;
}

bool mentions(const std::vector<SimpleCommand>& cmds, std::string_view needle) {
  for (const auto& c : cmds)
    if (c.text.find(needle) != std::string::npos) return true;
  return false;
}

}  // namespace

void check_cache_mounts(const LintInput& in, Reporter& out) {
  const Stage& final = in.dockerfile.final_stage();
  bool pip_env = final.env.count("PIP_NO_CACHE_DIR") != 0;
  for (const Instruction& ins : final.instructions) {
    const RunInstr* r = ins.as<RunInstr>();
    if (!r || has_cache_mount(*r)) continue;
    auto cmds = commands_of(r->command);
    for (const SimpleCommand& c : cmds) {
      std::string what;
      if (is_npm_install(c)) {
        const std::string& tool = c.words[0];
        bool cleaned = (tool == "npm" && (mentions(cmds, "npm cache clean") || mentions(cmds, ".npm"))) ||
                       (tool == "yarn" && (mentions(cmds, "yarn cache clean") || mentions(cmds, ".cache/yarn"))) ||
                       (tool == "pnpm" && (mentions(cmds, "pnpm store prune") || mentions(cmds, "pnpm-store")));
        if (!cleaned) what = tool;
      } else if (c.words.size() > 1 && (c.words[0] == "pip" || c.words[0] == "pip3") && c.words[1] == "install") {
        if (!has_word(c, "--no-cache-dir") && !pip_env) what = "pip";
      } else if (c.words.size() > 1 && c.words[0] == "apk" && c.words[1] == "add") {
        if (!has_word(c, "--no-cache") && !mentions(cmds, "/var/cache/apk")) what = "apk";
      }
      if (what.empty()) continue;
      std::string target = what == "npm"    ? "/root/.npm"
                           : what == "yarn" ? "/usr/local/share/.cache/yarn"
                           : what == "pnpm" ? pnpm_store_dir(final.env, "/root")
                           : what == "pip"  ? "/root/.cache/pip"
                                            : "/var/cache/apk";
      out.add("cache-mounts", ins, "`" + c.text + "` leaves the " + what + " cache in the layer",
              "RUN --mount=type=cache,target=" + target + " " + c.text);
      break;
    }
  }
}

}  // namespace imgslim::dockerfiles
