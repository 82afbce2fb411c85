// Hygiene rules: apt-hygiene, apt-upgrade, add-instead-of-copy,
// unpinned-base, secret-in-env, maintainer, cd-in-run, pipefail.
#include <algorithm>

#include "dockerfiles/lint/context.h"
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

void apt_rules(const LintInput& in, Reporter& out) {
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

bool is_archive(const std::string& s) {
  for (const char* ext : {".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".tar.zst", ".gz", ".bz2", ".xz", ".zst"})
    if (s.size() >= std::string(ext).size() && s.compare(s.size() - std::string(ext).size(), std::string::npos, ext) == 0)
      return true;
  return false;
}

void add_rules(const LintInput& in, Reporter& out) {
  for (const Stage& s : in.dockerfile.stages)
    for (const Instruction& ins : s.instructions) {
      const CopyInstr* c = ins.as<CopyInstr>();
      if (!c || !c->is_add || !c->heredocs.empty() || !c->checksum.empty() || c->keep_git_dir) continue;
      bool remote_or_archive = std::any_of(c->sources.begin(), c->sources.end(), [](const std::string& src) {
        return src.find("://") != std::string::npos || src.rfind("git@", 0) == 0 || is_archive(src);
      });
      if (!remote_or_archive)
        out.add("add-instead-of-copy", ins, "ADD of local files: COPY does the same without ADD's URL and unpacking magic",
                "COPY " + (c->sources.empty() ? std::string(".") : c->sources.front()) + " " + c->dest);
    }
}

void base_rules(const LintInput& in, Reporter& out) {
  for (const Stage& s : in.dockerfile.stages) {
    if (s.base_stage || s.from.image == "scratch") continue;
    const std::string& image = s.from.image;
    if (image.find('@') != std::string::npos) continue;
    std::size_t slash = image.rfind('/');
    std::size_t colon = image.rfind(':');
    bool has_tag = colon != std::string::npos && (slash == std::string::npos || colon > slash);
    std::string tag = has_tag ? image.substr(colon + 1) : "";
    if (!has_tag || tag == "latest")
      out.add("unpinned-base", s.instructions.front(),
              "FROM " + image + (has_tag ? "" : " (no tag means :latest)") + ": the base changes under you between builds",
              "pin a version tag, e.g. FROM " + image.substr(0, has_tag ? colon : image.size()) + ":<version>, or a digest");
  }
}

bool secret_name(const std::string& key) {
  std::string k = go_upper(key);
  for (const char* safe : {"_FILE", "_PATH", "_DIR"})
    if (k.size() > std::string(safe).size() && k.compare(k.size() - std::string(safe).size(), std::string::npos, safe) == 0)
      return false;
  for (const char* bad : {"PASSWORD", "PASSWD", "SECRET", "TOKEN", "API_KEY", "APIKEY", "PRIVATE_KEY", "ACCESS_KEY",
                          "CREDENTIAL", "AUTH_KEY"})
    if (k.find(bad) != std::string::npos) return true;
  return false;
}

void secret_rules(const LintInput& in, Reporter& out) {
  const auto check_arg = [&](const Instruction& ins) {
    if (const ArgInstr* a = ins.as<ArgInstr>())
      for (const ArgDecl& d : a->args)
        if (secret_name(d.key))
          out.add("secret-in-env", ins, "ARG " + d.key + ": build args are kept in the image history",
                  "RUN --mount=type=secret,id=" + go_lower(d.key) + " ... and `docker build --secret id=" + go_lower(d.key) + ",...`");
  };
  for (const Instruction& ins : in.dockerfile.meta_args) check_arg(ins);
  for (const Stage& s : in.dockerfile.stages)
    for (const Instruction& ins : s.instructions) {
      check_arg(ins);
      if (const EnvInstr* e = ins.as<EnvInstr>())
        for (const KeyValue& kv : e->vars)
          if (secret_name(kv.key))
            out.add("secret-in-env", ins, "ENV " + kv.key + ": the value is stored in the image config for anyone to read",
                    "pass it at run time (`docker run -e`, a secrets file) or use RUN --mount=type=secret at build time");
      if (ins.as<MaintainerInstr>())
        out.add("maintainer", ins, "MAINTAINER is deprecated",
                "LABEL org.opencontainers.image.authors=\"" + ins.as<MaintainerInstr>()->name + "\"");
    }
}

void run_shell_rules(const LintInput& in, Reporter& out) {
  for (const Stage& s : in.dockerfile.stages) {
    bool shell_pipefail = false, posix_shell = true;
    for (const Instruction& ins : s.instructions) {
      if (const ShellInstr* sh = ins.as<ShellInstr>()) {
        std::string joined;
        for (const auto& w : sh->shell) joined += w + " ";
        shell_pipefail = joined.find("pipefail") != std::string::npos;
        posix_shell = !sh->shell.empty() && (sh->shell[0].find("sh") != std::string::npos);
        continue;
      }
      const RunInstr* r = ins.as<RunInstr>();
      if (!r || r->command.json) continue;
      auto cmds = commands_of(r->command);
      for (const SimpleCommand& c : cmds)
        if (!c.words.empty() && c.words[0] == "cd") {
          out.add("cd-in-run", ins, "`cd` inside RUN: the directory is easy to lose track of across steps",
                  "WORKDIR " + (c.words.size() > 1 ? c.words[1] : std::string("/path")));
          break;
        }
      bool piped = std::any_of(cmds.begin(), cmds.end(), [](const SimpleCommand& c) { return c.op_after == "|"; });
      std::string script = r->command.joined();
      for (const Heredoc& h : r->command.heredocs) script += h.content;
      if (piped && posix_shell && !shell_pipefail && script.find("pipefail") == std::string::npos)
        out.add("pipefail", ins, "a pipe in RUN without pipefail: a failing left side does not fail the build",
                "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"] before this RUN (or `set -o pipefail &&` in it)");
    }
  }
}

}  // namespace

void check_hygiene_rules(const LintInput& in, Reporter& out) {
  apt_rules(in, out);
  add_rules(in, out);
  base_rules(in, out);
  secret_rules(in, out);
  run_shell_rules(in, out);
}

}  // namespace imgslim::dockerfiles
