// non-root: the final stage runs as an unprivileged user: `node` on node
// images (files copied with --chown, writable dirs created for it), nginx
// as `nginx` on an unprivileged port, else a system user created the way the
// base's distribution does.
#include <algorithm>

#include "dockerfiles/rewrite/commands.h"
#include "dockerfiles/rewrite/rules/rules.h"
#include "dockerfiles/rewrite/support.h"
#include "dockerfiles/rewrite/text_edits.h"

namespace imgslim::dockerfiles {

namespace {

// Where USER goes: after the last step that needs root (RUN, COPY, ADD,
// WORKDIR), before EXPOSE/HEALTHCHECK/ENTRYPOINT/CMD.
size_t user_position(const Stage& st) {
  size_t after = st.instructions[0].node_index;
  for (const auto& in : st.instructions)
    if (in.keyword == "RUN" || in.keyword == "COPY" || in.keyword == "ADD" || in.keyword == "WORKDIR" ||
        in.keyword == "FROM" || in.keyword == "ARG" || in.keyword == "ENV")
      after = in.node_index;
  return after + 1;
}

void nginx_unprivileged(RewriteDoc& doc, const RuleContext& ctx, size_t fin) {
  const Stage& st = doc.typed.stages[fin];
  // Copies of a server config listening on a privileged port.
  bool app_conf = false;
  for (const auto& in : st.instructions)
    if (auto* c = in.as<CopyInstr>(); c && c->from.empty() && c->dest.starts_with("/etc/nginx/")) app_conf = true;
  std::vector<std::string> lines;
  std::string run = "RUN sed -i -e '/^user /d' -e 's,^pid .*,pid /tmp/nginx.pid;,' /etc/nginx/nginx.conf";
  if (app_conf && (ctx.facts.nginx_listen_port == 80 || ctx.facts.nginx_listen_port == 0))
    run += std::string(" ") + doc.tree.escape + "\n    && sed -i -E 's/listen(\\s+)(\\[::\\]:)?80(\\s|;)/listen\\1\\28080\\3/' "
           "/etc/nginx/conf.d/*.conf";
  run += std::string(" ") + doc.tree.escape + "\n    && chown -R nginx:nginx /var/cache/nginx";
  lines.push_back(run);
  lines.push_back("USER nginx");
  size_t at = user_position(st);
  std::vector<Node> nodes;
  for (auto& l : lines) nodes.push_back(doc.make(l));
  // EXPOSE 80 -> 8080
  for (const auto& in : st.instructions)
    if (auto* e = in.as<ExposeInstr>())
      for (const auto& p : e->ports)
        if (p.port == "80") {
          std::string text = instruction_text(doc.tree.nodes[in.node_index]);
          replace_first(text, R"(\b80\b(?!\d))", "8080");
          doc.replace_text(in.node_index, text);
        }
  doc.insert(at, std::move(nodes));
  doc.reparse();
  ctx.change("non-root", std::string("nginx runs as user nginx: pid file in /tmp, cache dirs owned by nginx") +
                             (app_conf && ctx.facts.nginx_listen_port != 8080 ? ", the server config's port 80 becomes 8080" : "") +
                             " (unprivileged port)");
}

}  // namespace

void rule_non_root(RewriteDoc& doc, const RuleContext& ctx) {
  const size_t fin = doc.typed.stages.size() - 1;
  const Stage& st = doc.typed.stages[fin];
  std::optional<std::string> user;
  for (const auto& in : st.instructions)
    if (auto* u = in.as<UserInstr>()) user = u->user;
  if (user) {
    if (is_root_user(*user)) ctx.leave("non-root", "the Dockerfile asks for USER " + *user + " explicitly, so it is kept");
    return;
  }
  const std::string image = root_image(doc.typed, fin);
  if (is_nginx_image(image)) {
    for (const auto& in : st.instructions)
      if (auto* run = in.as<RunInstr>(); run && run->command.joined().find("nginx.pid") != std::string::npos) return;
    nginx_unprivileged(doc, ctx, fin);
    return;
  }
  if (image == "scratch") {
    doc.insert(user_position(st), {doc.make("USER 65534:65534")});
    doc.reparse();
    ctx.change("non-root", "runs as uid 65534 (nobody): scratch has no user database");
    return;
  }
  std::string name;
  std::vector<std::string> lines;
  if (is_node_image(image)) {
    name = "node";
  } else if (image.find("distroless") != std::string::npos) {
    name = "nonroot";
  } else {
    name = "app";
    if (is_alpine_image(image))
      lines.push_back("RUN addgroup -S app && adduser -S -G app -H -s /sbin/nologin app");
    else
      lines.push_back("RUN groupadd --system app && useradd --system --gid app --no-create-home --shell /usr/sbin/nologin app");
  }
  // COPY --chown for the app's files (node images: the user exists in the base).
  size_t chowned = 0;
  if (name != "nonroot") {
    for (const auto& in : st.instructions) {
      auto* c = in.as<CopyInstr>();
      if (!c || !c->chown.empty() || !c->heredocs.empty()) continue;
      bool system_path = c->dest.starts_with("/usr/") || c->dest.starts_with("/etc/") || c->dest.starts_with("/bin");
      if (system_path) continue;
      if (name == "app") continue;  // created by a RUN in this stage: may come after the copies
      doc.replace_text(in.node_index, with_flag(doc.tree.nodes[in.node_index], "--chown=" + name + ":" + name));
      ++chowned;
    }
  }
  // Writable dirs: VOLUME paths must exist owned by the user.
  std::vector<std::string> volumes;
  for (const auto& in : st.instructions)
    if (auto* v = in.as<VolumeInstr>()) volumes.insert(volumes.end(), v->paths.begin(), v->paths.end());
  if (!volumes.empty()) {
    std::string list;
    for (auto& v : volumes) list += " " + v;
    lines.push_back("RUN mkdir -p" + list + " && chown " + name + ":" + name + list);
  }
  lines.push_back("USER " + name);
  size_t at = user_position(st);
  std::vector<Node> nodes;
  for (auto& l : lines) nodes.push_back(doc.make(l));
  doc.insert(at, std::move(nodes));
  doc.reparse();
  std::string msg = "runs as user " + name + (name == "node" ? " (the node image's unprivileged user)" : "");
  if (chowned) msg += "; the app's files are copied with --chown=" + name + ":" + name;
  if (!volumes.empty()) msg += "; volume folders created writable for it";
  ctx.change("non-root", msg);
}

}  // namespace imgslim::dockerfiles
