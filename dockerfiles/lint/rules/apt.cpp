// apt-hygiene, apt-upgrade: apt-get without --no-install-recommends or list cleanup, and upgrades in a build.
#include <algorithm>

#include "dockerfiles/lint/rules/rules.h"
#include "dockerfiles/syntax/line_parsers.h"

namespace imgslim::dockerfiles {

namespace {

bool is_apt(const SimpleCommand& c, std::initializer_list<const char*> subs) {
  if (c.words.size() < 2 || (c.words[0] != "apt-get" && c.words[0] != "apt")) return false;
  for (std::size_t i = 1; i < c.words.size(); ++i) {
    if (c.words[i].rfind("-", 0) == 0) continue;
    for (const char* s : subs)
      if (c.words[i] == s) return true;
    return false;
  }
  return false;
}

}  // namespace

void check_apt(const LintInput& in, Reporter& out) {
  const Stage* final = &in.dockerfile.final_stage();
  for (const Stage& s : in.dockerfile.stages) {
    for (const Instruction& ins : s.instructions) {
      const RunInstr* r = ins.as<RunInstr>();
      if (!r) continue;
      auto cmds = commands_of(r->command);
      bool uses_apt = false, lists_removed = false, upgrade = false;
      std::string upgrade_text;
      for (const SimpleCommand& c : cmds) {
        if (is_apt(c, {"install"})) {
          uses_apt = true;
          if (!has_word(c, "--no-install-recommends") && c.text.find("Install-Recommends=false") == std::string::npos &&
              c.text.find("Install-Recommends=0") == std::string::npos)
            out.add("apt-hygiene", ins, "`" + c.text + "` installs recommended packages too",
                    "apt-get install -y --no-install-recommends ...");
        }
        if (is_apt(c, {"update"})) uses_apt = true;
        if (!c.words.empty() && c.words[0] == "rm" && c.text.find("/var/lib/apt/lists") != std::string::npos)
          lists_removed = true;
        bool up = is_apt(c, {"upgrade", "dist-upgrade", "full-upgrade"}) ||
                  (c.words.size() > 1 && c.words[0] == "apk" && c.words[1] == "upgrade") ||
                  (c.words.size() > 1 && (c.words[0] == "yum" || c.words[0] == "dnf") &&
                   (c.words[1] == "update" || c.words[1] == "upgrade"));
        if (up && !upgrade) upgrade = true, upgrade_text = c.text;
      }
      bool list_cache = std::any_of(r->mounts.begin(), r->mounts.end(), [](const Mount& m) {
        return m.type == "cache" && m.target.rfind("/var/lib/apt", 0) == 0;
      });
      if (&s == final && uses_apt && !lists_removed && !list_cache)
        out.add("apt-hygiene", ins, "apt package lists (/var/lib/apt/lists, ~40 MB) stay in this layer",
                "end the same RUN with `&& rm -rf /var/lib/apt/lists/*` (or use a cache mount on /var/lib/apt)");
      if (upgrade)
        out.add("apt-upgrade", ins, "`" + upgrade_text + "` upgrades the base image's packages inside a layer",
                "use a newer base image tag instead of upgrading in the Dockerfile");
    }
  }
}

}  // namespace imgslim::dockerfiles
