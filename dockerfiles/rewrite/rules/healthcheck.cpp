// healthcheck: a node runtime without HEALTHCHECK gets one when the app
// declares a health route (checked with node itself: slim images have no
// curl or wget). A HEALTHCHECK the user wrote is kept as it is.
#include "dockerfiles/rewrite/rules/rules.h"
#include "dockerfiles/rewrite/support.h"

namespace imgslim::dockerfiles {

void rule_healthcheck(RewriteDoc& doc, const RuleContext& ctx) {
  const auto& f = ctx.facts;
  if (f.kind == AppKind::StaticFrontend) {
    ctx.leave("no-healthcheck", "the static frontend's server image has no HTTP client (curl, wget, node) to probe "
                                "itself; check it from outside (a Compose healthcheck on the proxy, or the VPS's monitor)");
    return;
  }
  if (f.kind != AppKind::Backend) return;
  if (f.health_path.empty()) {
    ctx.leave("no-healthcheck",
              f.has_package_json
                  ? "no health route (/health, /healthz, /api/health, ...) found in the app's sources; add one and rewrite "
                    "again, or write the HEALTHCHECK by hand"
                  : "no package.json or sources in the build context, so the app's health route is unknown");
    return;
  }
  const size_t fin = doc.typed.stages.size() - 1;
  const Stage& st = doc.typed.stages[fin];
  if (!is_node_image(root_image(doc.typed, fin))) return;
  std::string port;
  const Instruction* before = nullptr;
  for (const auto& in : st.instructions) {
    if (in.keyword == "HEALTHCHECK") return;
    if (auto* e = in.as<ExposeInstr>(); e && port.empty() && !e->ports.empty()) port = e->ports[0].port;
    if (!before && (in.keyword == "ENTRYPOINT" || in.keyword == "CMD")) before = &in;
  }
  if (port.empty()) {
    auto env = st.env.find("PORT");
    if (env != st.env.end()) port = env->second;
    else if (!f.ports.empty()) port = std::to_string(f.ports[0]);
  }
  if (port.empty()) {
    ctx.leave("no-healthcheck", "the app declares " + f.health_path + " but no port is known (no EXPOSE, PORT or listen())");
    return;
  }
  const std::string url = "http://127.0.0.1:" + port + f.health_path;
  const std::string script = "require('http').get('" + url +
                             "', r => process.exit(r.statusCode < 400 ? 0 : 1)).on('error', () => process.exit(1))";
  const std::string line = "HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD " +
                           json_array({"node", "-e", script});
  size_t at = before ? doc.block_begin(before->node_index) : doc.tree.nodes.size();
  doc.insert(at, {doc.make(line)});
  doc.reparse();
  ctx.change("healthcheck", "HEALTHCHECK on " + url + " (the app's health route), checked with node: no curl needed");
}

}  // namespace imgslim::dockerfiles
