// --runtime minimal for a static frontend served by nginx: the nginx stage
// (its config, the built files, the user's RUN steps) becomes the collecting
// stage, which gathers nginx, the libraries its loader resolves, /etc/nginx,
// nginx's cache and log folders and /usr/share/nginx; the runtime starts FROM
// scratch with them and the stage's EXPOSE, USER, ENV, CMD/ENTRYPOINT,
// HEALTHCHECK and STOPSIGNAL (nginx images stop with SIGQUIT, kept).
#include <algorithm>
#include <cctype>

#include "dockerfiles/rewrite/rules/rules.h"
#include "dockerfiles/rewrite/rules/runtime_collect.h"
#include "dockerfiles/rewrite/support.h"
#include "dockerfiles/syntax/parser.h"

namespace imgslim::dockerfiles {

namespace {

const char* const kPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

bool runtime_only(const std::string& keyword) {
  return keyword == "EXPOSE" || keyword == "CMD" || keyword == "ENTRYPOINT" || keyword == "HEALTHCHECK" ||
         keyword == "STOPSIGNAL";
}

}  // namespace

bool minimal_nginx_runtime(RewriteDoc& doc, const RuleContext& ctx) {
  const Dockerfile& df = doc.typed;
  const size_t fin = df.stages.size() - 1;
  const Stage& st = df.stages[fin];
  const auto fallback = [&](const std::string& why) {
    ctx.note("--runtime minimal: " + why + "; the nginx runtime is kept as it is");
    return false;
  };
  if (is_alpine_image(st.from.image)) return fallback(st.from.image_raw + " is musl-based (the collecting stage reads glibc's ldd)");
  std::string user;
  bool has_cmd = false, has_stop = false;
  std::vector<std::string> moved, env;
  std::vector<size_t> drop;
  size_t last_run = 0;
  for (size_t i = 1; i < st.instructions.size(); ++i)
    if (st.instructions[i].keyword == "RUN") last_run = i;
  bool user_before_run = false;
  for (size_t i = 1; i < st.instructions.size(); ++i) {
    const auto& in = st.instructions[i];
    const std::string text = instruction_text(doc.tree.nodes[in.node_index]);
    if (auto* u = in.as<UserInstr>()) {
      user = u->user.substr(0, u->user.find(':'));
      if (i < last_run) user_before_run = true;
      else drop.push_back(in.node_index);  // takes effect in the runtime only
    }
    if (auto* hc = in.as<HealthcheckInstr>(); hc && !hc->none && !hc->test.json)
      return fallback("its HEALTHCHECK is in shell form, which needs a shell");
    if (auto* c = in.as<CmdInstr>(); c && !c->command.json) return fallback("its CMD is in shell form, which needs a shell");
    if (auto* e = in.as<EntrypointInstr>(); e && !e->command.json)
      return fallback("its ENTRYPOINT is in shell form, which needs a shell");
    if (in.keyword == "ENV") env.push_back(text);
    if (!runtime_only(in.keyword)) continue;
    has_cmd = has_cmd || in.keyword == "CMD" || in.keyword == "ENTRYPOINT";
    has_stop = has_stop || in.keyword == "STOPSIGNAL";
    moved.push_back(text);
    drop.push_back(in.node_index);
  }
  if (!user.empty() && std::isdigit(static_cast<unsigned char>(user[0])))
    return fallback("USER " + user + " is numeric, and the image's passwd lines are taken by name");

  std::string name = "nginx-files";
  for (int n = 2; df.find_stage(name); ++n) name = "nginx-files-" + std::to_string(n);
  const size_t from_node = st.instructions[0].node_index;
  const std::string final_name = st.name;
  std::string flags;
  for (const auto& flag : st.instructions[0].flags) flags += flag + " ";

  // The runtime stage: config-only lines out, collecting step in.
  std::vector<Node> tail;
  if (user_before_run && user != "root") tail.push_back(doc.make("USER root"));
  tail.push_back(doc.make(collect_run({"$(command -v nginx)", false, {},
                                       {"/etc/nginx", "/var/cache/nginx", "/var/log/nginx", "/usr/share/nginx"}, user},
                                      doc.tree.escape)));
  tail.push_back(doc.blank());
  std::vector<Node> runtime;
  runtime.push_back(doc.make("FROM " + flags + "scratch" + (final_name.empty() ? "" : " AS " + final_name)));
  runtime.push_back(doc.make("COPY --from=" + name + " " + std::string(kCollectRoot) + " /"));
  runtime.push_back(doc.make(std::string("ENV PATH=") + kPath));
  for (const auto& e : env) runtime.push_back(doc.make(e));
  if (!user.empty()) runtime.push_back(doc.make("USER " + user));
  for (const auto& m : moved) runtime.push_back(doc.make(m));
  if (!has_cmd) runtime.push_back(doc.make("CMD [\"nginx\", \"-g\", \"daemon off;\"]"));
  if (!has_stop) runtime.push_back(doc.make("STOPSIGNAL SIGQUIT"));

  const size_t last = st.instructions.back().node_index;
  std::vector<Node> nodes(doc.tree.nodes.begin(), doc.tree.nodes.begin() + static_cast<std::ptrdiff_t>(last + 1));
  std::vector<Node> after(doc.tree.nodes.begin() + static_cast<std::ptrdiff_t>(last + 1), doc.tree.nodes.end());
  std::vector<Node> out;
  for (size_t n = 0; n < nodes.size(); ++n) {
    if (std::find(drop.begin(), drop.end(), n) != drop.end()) continue;
    if (n == from_node) {
      out.push_back(doc.make("FROM " + flags + st.from.image_raw + " AS " + name));
      continue;
    }
    out.push_back(nodes[n]);
  }
  if (!out.empty() && !out.back().text.ends_with("\n")) {
    if (out.back().kind == NodeKind::Instruction) out.back() = parse_instruction(out.back().text + doc.newline(), doc.tree.escape);
    else out.back().text += doc.newline();
  }
  out.insert(out.end(), tail.begin(), tail.end());
  out.insert(out.end(), runtime.begin(), runtime.end());
  out.insert(out.end(), after.begin(), after.end());
  doc.tree.nodes = std::move(out);
  doc.reparse();
  ctx.change("no-package-managers",
             "--runtime minimal: the nginx runtime starts FROM scratch with nginx, the shared libraries its loader "
             "resolves, /etc/nginx, its cache and log folders, /usr/share/nginx, /etc/passwd and /etc/group (root" +
                 (user.empty() ? std::string() : ", " + user) + ") and /tmp, collected at build time by the \"" + name +
                 "\" stage" + (has_stop ? "" : "; STOPSIGNAL SIGQUIT as the nginx image's, so docker stop lets it finish requests"));
  ctx.note("--runtime minimal: the nginx image has no shell: `docker exec` into it cannot run sh. To debug, run the "
           "collecting stage: `docker build --target " + name + " -t web-debug . && docker run --rm -it --entrypoint "
           "bash web-debug`");
  return true;
}

}  // namespace imgslim::dockerfiles
