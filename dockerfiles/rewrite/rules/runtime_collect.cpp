#include "dockerfiles/rewrite/rules/runtime_collect.h"

namespace imgslim::dockerfiles {

std::string collect_run(const RuntimeCollect& c, char escape) {
  const std::string r = kCollectRoot;
  const std::string prog = "\"" + c.program + "\"";
  std::vector<std::string> steps = {
      "set -e",
      "mkdir -p " + r + "/tmp " + r + "/etc",
      "chmod 1777 " + r + "/tmp",
      "cp --parents " + prog + " " + r,
  };
  if (c.strip) steps.push_back("if command -v strip >/dev/null; then strip --strip-unneeded " + r + prog + "; fi");
  std::string libs = "ldd " + prog + " > /tmp/libs";
  if (!c.addon_dirs.empty()) {
    libs = "{ ldd " + prog + "; find";
    for (const auto& d : c.addon_dirs) libs += " " + d;
    libs += " -type f -name '*.node' -exec ldd {} +; } > /tmp/libs";
  }
  steps.push_back(libs);
  steps.push_back("if grep 'not found' /tmp/libs; then exit 1; fi");
  // "libc.so.6 => /lib/.../libc.so.6 (0x...)", "/lib64/ld-linux-x86-64.so.2 (0x...)", "/app/x.node:" (a header).
  steps.push_back("while read -r a b c rest; do case \"$a\" in *:) ;; /*) echo \"$a\" ;; esac; "
                  "case \"$c\" in /*) echo \"$c\" ;; esac; done < /tmp/libs > /tmp/found");
  steps.push_back("sort -u /tmp/found > /tmp/closure");
  steps.push_back("while read -r lib; do cp -L --parents \"$lib\" " + r + "; done < /tmp/closure");
  for (const auto& t : c.trees) steps.push_back("cp -a --parents " + t + " " + r);
  steps.push_back("if [ -f /etc/ld.so.cache ]; then cp /etc/ld.so.cache " + r + "/etc/; fi");
  steps.push_back("if [ -f /etc/ssl/certs/ca-certificates.crt ]; then cp -L --parents /etc/ssl/certs/ca-certificates.crt " +
                  r + "; fi");
  const std::string users = c.user.empty() || c.user == "root" ? "root" : "root|" + c.user;
  steps.push_back("grep -E '^(" + users + "):' /etc/passwd > " + r + "/etc/passwd");
  steps.push_back("grep -E '^(" + users + "):' /etc/group > " + r + "/etc/group");
  std::string out = "RUN ";
  for (size_t i = 0; i < steps.size(); ++i) {
    out += steps[i];
    if (i + 1 < steps.size()) {
      out += "; ";
      out += escape;
      out += "\n    ";
    }
  }
  return out;
}

}  // namespace imgslim::dockerfiles
