// --runtime minimal (rule no-package-managers): the runtime starts FROM
// scratch with only what `node` loads. A collecting stage on the node image
// copies node (stripped of its symbol tables when the image has strip), the
// closure of shared libraries that the image's own loader resolves for node
// and for every native addon (*.node) in the node_modules the runtime
// receives (`ldd`, so the list follows the base image when it is updated;
// a library it cannot find fails the build), /etc/ld.so.cache when present,
// the CA certificates, /etc/passwd and /etc/group lines of root and the
// runtime user, and /tmp (mode 1777). No shell: a stage that runs a command,
// or a shell-form CMD, ENTRYPOINT or HEALTHCHECK, keeps the default runtime.
#include <algorithm>
#include <cctype>

#include "dockerfiles/instructions/main_process.h"
#include "dockerfiles/rewrite/rules/rules.h"
#include "dockerfiles/rewrite/rules/runtime_collect.h"
#include "dockerfiles/rewrite/support.h"

namespace imgslim::dockerfiles {

namespace {

const char* const kMinimalPath = "/usr/local/bin:/usr/bin";

// "20-slim" -> "20": the Node version part of a node image's tag.
std::string version_of(const std::string& image) {
  std::string tag = split_image(image).tag;
  return tag.substr(0, tag.find('-'));
}

// Why the final stage needs a shell (or runs a command at build time), or "".
std::string needs_shell(const RewriteDoc& doc, const Stage& st) {
  for (const auto& in : st.instructions) {
    if (in.keyword == "RUN") return "the runtime stage runs `" + instruction_text(doc.tree.nodes[in.node_index]) + "`";
    if (auto* hc = in.as<HealthcheckInstr>(); hc && !hc->none && !hc->test.json)
      return "its HEALTHCHECK is in shell form";
    if (auto* c = in.as<CmdInstr>(); c && !c->command.json) return "its CMD is in shell form";
    if (auto* e = in.as<EntrypointInstr>(); e && !e->command.json) return "its ENTRYPOINT is in shell form";
  }
  return {};
}

}  // namespace

bool rule_minimal_runtime(RewriteDoc& doc, const RuleContext& ctx) {
  const Dockerfile& df = doc.typed;
  const size_t fin = df.stages.size() - 1;
  const Stage& st = df.stages[fin];
  if (!st.base_stage && is_nginx_image(st.from.image) && ctx.facts.kind == AppKind::StaticFrontend)
    return minimal_nginx_runtime(doc, ctx);
  if (st.base_stage || !is_node_image(st.from.image)) return false;
  const auto fallback = [&](const std::string& why) {
    ctx.note("--runtime minimal: " + why + "; the runtime keeps a shell (the default runtime)");
    return false;
  };
  if (is_alpine_image(st.from.image)) return fallback(st.from.image_raw + " is musl-based (the collecting stage reads glibc's ldd)");
  const MainProcess main = main_process(st);
  if (main.program != "node" && main.program != "nodejs")
    return fallback("the runtime starts `" + main.text + "`, not node");
  if (auto why = needs_shell(doc, st); !why.empty()) return fallback(why + ", which needs a shell");

  // The image the build stage starts from, when it carries the same Node
  // version (it has strip and the same loader), else the runtime's own.
  std::string image = st.from.image_raw;
  std::string user;
  std::vector<std::string> copies, addon_dirs;
  for (const auto& in : st.instructions) {
    if (auto* u = in.as<UserInstr>()) user = u->user.substr(0, u->user.find(':'));
    auto* c = in.as<CopyInstr>();
    if (!c || !c->from_stage) continue;
    const std::string root = root_image_raw(df, *c->from_stage);
    if (image == st.from.image_raw && is_node_image(root_image(df, *c->from_stage)) &&
        !is_alpine_image(root_image(df, *c->from_stage)) && version_of(root_image(df, *c->from_stage)) == version_of(st.from.image))
      image = root;
    for (const auto& src : c->sources) {
      std::string p = src;
      while (p.size() > 1 && p.back() == '/') p.pop_back();
      if (!(p == "node_modules" || p.ends_with("/node_modules"))) continue;
      if (!p.starts_with("/")) p = "/" + p;
      if (std::find(addon_dirs.begin(), addon_dirs.end(), p) != addon_dirs.end()) continue;
      addon_dirs.push_back(p);
      copies.push_back("COPY --from=" + stage_ref(df, *c->from_stage) + " " + p + " " + p);
    }
  }
  if (!user.empty() && std::isdigit(static_cast<unsigned char>(user[0]))) user.clear();

  std::string name = "runtime-files";
  for (int n = 2; df.find_stage(name); ++n) name = "runtime-files-" + std::to_string(n);
  std::vector<Node> nodes;
  nodes.push_back(doc.make("FROM " + image + " AS " + name));
  for (const auto& c : copies) nodes.push_back(doc.make(c));
  nodes.push_back(doc.make(collect_run({"/usr/local/bin/node", true, addon_dirs, {}, user}, doc.tree.escape)));
  nodes.push_back(doc.blank());
  const size_t from_node = st.instructions[0].node_index;
  std::string flags;
  for (const auto& flag : st.instructions[0].flags) flags += flag + " ";
  doc.replace_text(from_node, "FROM " + flags + "scratch" + (st.name.empty() ? "" : " AS " + st.name));
  doc.insert(from_node + 1, {doc.make("COPY --from=" + name + " " + std::string(kCollectRoot) + " /"),
                             doc.make(std::string("ENV PATH=") + kMinimalPath)});
  doc.insert(doc.block_begin(from_node), std::move(nodes));
  doc.reparse();
  ctx.change("no-package-managers",
             "--runtime minimal: the runtime starts FROM scratch with node (from " + image +
                 ", symbol tables stripped when strip is there), the shared libraries its loader resolves for node" +
                 std::string(addon_dirs.empty() ? "" : " and any native addon (*.node) in node_modules") +
                 ", CA certificates, /etc/passwd and /etc/group (root" + (user.empty() ? "" : ", " + user) +
                 ") and /tmp, collected at build time by the \"" + name + "\" stage");
  ctx.note("--runtime minimal: the image has no shell, package manager nor coreutils: `docker exec` into it cannot run "
           "sh, and a module that spawns a program finds none. To debug, run a stage that has a shell: `docker build "
           "--target " + name + " -t app-debug . && docker run --rm -it --entrypoint bash app-debug` (node, the "
           "libraries and node_modules as collected), or the same with the build stage (the app as built)");
  return true;
}

}  // namespace imgslim::dockerfiles
