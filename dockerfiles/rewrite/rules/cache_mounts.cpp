// cache-mounts: package manager downloads go to BuildKit cache mounts, not
// into layers (npm, yarn, pnpm, apt with sharing=locked and the docker-clean
// hook removed, apk, pip); the cleanup commands they make useless go.
#include <algorithm>

#include "dockerfiles/rewrite/commands.h"
#include "dockerfiles/rewrite/rules/rules.h"
#include "dockerfiles/rewrite/support.h"
#include "dockerfiles/rewrite/text_edits.h"

namespace imgslim::dockerfiles {

namespace {

struct CacheDir {
  std::string target;
  std::string extra;  // ",sharing=locked" / ",uid=1000,gid=1000"
};

std::string home_of(const std::string& user) { return user == "root" || user.empty() ? "/root" : "/home/" + user; }

std::vector<CacheDir> node_caches(const std::string& tool, const ProjectFacts& f, const std::string& user,
                                  const std::map<std::string, std::string>& env) {
  std::string home = home_of(user);
  std::string owner = user == "node" ? ",uid=1000,gid=1000" : "";
  if (tool == "npm") return {{home + "/.npm", owner}};
  if (tool == "pnpm") return {{pnpm_store_dir(env, home), owner}};
  if (tool == "yarn") {
    if (f.package_manager == PackageManager::YarnBerry) return {{home + "/.yarn/berry/cache", owner}};
    return {{user.empty() || user == "root" ? "/usr/local/share/.cache/yarn" : home + "/.cache/yarn", owner}};
  }
  return {};
}

bool has_cache_mount(const RunInstr& run, const std::string& target) {
  return std::any_of(run.mounts.begin(), run.mounts.end(),
                     [&](const Mount& m) { return m.type == "cache" && m.target == target; });
}

}  // namespace

void rule_cache_mounts(RewriteDoc& doc, const RuleContext& ctx) {
  for (size_t s = 0; s < doc.typed.stages.size(); ++s) {
    std::string user;
    for (const auto& in : doc.typed.stages[s].instructions) {
      if (auto* u = in.as<UserInstr>()) user = u->user.substr(0, u->user.find(':'));
      if (is_root_user(user)) user.clear();
      auto* run = in.as<RunInstr>();
      if (!run || run->command.json) continue;
      auto a = analyze_run(run->command.joined());
      std::vector<CacheDir> caches;
      std::vector<std::string> why;
      std::string text = instruction_text(doc.tree.nodes[in.node_index]);
      const char esc = doc.tree.escape;
      if (a.deps_install || a.npm_global) {
        std::string tool = a.node_tool.empty() ? "npm" : a.node_tool;
        if (!user.empty() && user != "node") {
          ctx.leave("cache-mounts", tool + " runs as user " + user + ", whose cache folder is unknown, so no cache mount is added");
        } else {
          auto dirs = node_caches(tool, ctx.facts, user, doc.typed.stages[s].env);
          caches.insert(caches.end(), dirs.begin(), dirs.end());
          why.push_back(tool + " downloads");
          remove_shell_command(text, R"(npm cache clean(?: --force| -f)?)", esc);
          remove_shell_command(text, R"(yarn cache clean)", esc);
          remove_shell_command(text, R"(pnpm store prune)", esc);
        }
      }
      if (a.apt && !a.packages.empty() && text.find("--no-install-recommends") == std::string::npos &&
          text.find("Install-Recommends") == std::string::npos &&
          replace_first(text, R"(\b(apt-get|apt)([ \t]+)install\b)", "$1$2install --no-install-recommends"))
        ctx.change("cache-mounts", "stage " + stage_ref(doc.typed, s) +
                                       ": apt-get install --no-install-recommends: only the packages asked for, not "
                                       "the ones they merely recommend");
      if (a.apt && !a.packages.empty()) {
        caches.push_back({"/var/cache/apt", ",sharing=locked"});
        caches.push_back({"/var/lib/apt", ",sharing=locked"});
        why.push_back("apt packages and lists");
        while (remove_shell_command(text, R"(rm -(?:rf|fr) /var/lib/apt/lists/\*?(?: /var/cache/apt/\*?)?)", esc)) {}
        while (remove_shell_command(text, R"(apt(?:-get)? clean)", esc)) {}
      }
      if (a.apk && !a.packages.empty()) {
        caches.push_back({"/etc/apk/cache", ",sharing=locked"});
        why.push_back("apk packages");
        while (remove_word(text, "--no-cache")) {}
        while (remove_shell_command(text, R"(rm -(?:rf|fr) /var/cache/apk/\*?)", esc)) {}
      }
      if (a.pip) {
        caches.push_back({home_of(user) + "/.cache/pip", ""});
        why.push_back("pip downloads");
        while (remove_word(text, "--no-cache-dir")) {}
      }
      std::vector<CacheDir> missing;
      for (const auto& c : caches)
        if (!has_cache_mount(*run, c.target)) missing.push_back(c);
      if (missing.empty()) {
        if (text != instruction_text(doc.tree.nodes[in.node_index])) doc.replace_text(in.node_index, text);
        continue;
      }
      // Rebuild the text: flags after the keyword, the apt hook removal first in the command.
      Node edited = doc.make(text);
      if (a.apt && !a.packages.empty() && text.find("docker-clean") == std::string::npos) {
        size_t at = arguments_offset(edited);
        text = instruction_text(edited).substr(0, at) + "rm -f /etc/apt/apt.conf.d/docker-clean && " +
               instruction_text(edited).substr(at);
        edited = doc.make(text);
      }
      std::string flags;
      for (const auto& c : missing) flags += (flags.empty() ? "" : " ") + ("--mount=type=cache,target=" + c.target + c.extra);
      doc.replace_text(in.node_index, with_flag(edited, flags));
      std::string list;
      for (auto& w : why) list += (list.empty() ? "" : ", ") + w;
      ctx.change("cache-mounts", "stage " + stage_ref(doc.typed, s) + ": " + list +
                                     " go to a BuildKit cache mount, not into the layer; no cleanup command needed");
    }
  }
  doc.reparse();
}

}  // namespace imgslim::dockerfiles
